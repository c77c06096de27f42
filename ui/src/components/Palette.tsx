// Ctrl/Cmd+K: every navigation target, every action a screen registered, every record.
import { Fragment } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { byGroup, matchCommands, useAllCommands, type Command } from "../lib/commands";
import { actionsPage, reviewsList, type Review } from "../lib/ipc";
import { navigate } from "../lib/router";
import { showError } from "../lib/toasts";
import { Icon } from "./Icon";

/** Every review, and the actions core finds for what is typed, as palette entries. */
function useRecords(query: string): Command[] {
  const [reviews, setReviews] = useState<Review[]>([]);
  const [actions, setActions] = useState<Command[]>([]);
  useEffect(() => {
    let live = true;
    reviewsList().then(
      (list) => live && setReviews(list),
      (error) => live && showError(error),
    );
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    // Ten years of actions are not loaded: core searches them, a screenful at a time.
    let live = true;
    actionsPage({ filter: { search: query.trim() || undefined }, sort: "reference", descending: true, limit: 50 }).then(
      (page) => live && setActions(page.rows.map((a): Command => ({ id: `open-${a.id}`, title: `${a.id} ${a.description}`, group: "Records", keywords: `${a.owner ?? ""} action`, run: () => navigate("actions", a.id) }))),
      (error) => live && showError(error),
    );
    return () => {
      live = false;
    };
  }, [query]);
  return useMemo(() => [...actions, ...reviews.map((r): Command => ({ id: `review-${r.reference}`, title: `${r.reference} ${r.title}`, group: "Records", keywords: "review", run: () => navigate("reviews", r.reference) }))], [actions, reviews]);
}

export function Palette({ onClose }: { onClose: () => void }) {
  const registered = useAllCommands();
  const [query, setQuery] = useState("");
  const records = useRecords(query);
  const commands = useMemo(() => {
    const ids = new Set(registered.map((c) => c.id));
    return byGroup([...registered, ...records.filter((r) => !ids.has(r.id))]);
  }, [registered, records]);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const results = useMemo(() => matchCommands(commands, query), [commands, query]);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    input.current?.focus();
    return () => previous?.focus?.();
  }, []);
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView?.({ block: "nearest" });
  }, [active]);

  const run = (c: Command | undefined) => {
    if (!c) return;
    onClose();
    c.run();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, results.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      run(results[active]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    } else if (e.key === "Tab") {
      e.preventDefault(); // focus stays in the palette while it is open
    }
  };

  let lastGroup = "";
  return (
    <div class="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div class="palette" role="dialog" aria-modal="true" aria-label="Command palette" onKeyDown={onKeyDown}>
        <div class="palette-search">
          <Icon name="search" />
          <input
            ref={input}
            type="text"
            role="combobox"
            aria-expanded="true"
            aria-controls="palette-list"
            aria-activedescendant={results[active] ? `palette-${results[active].id}` : undefined}
            aria-label="Type a command or search"
            placeholder="Type a command or search…"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
          <kbd>Esc</kbd>
        </div>
        <ul id="palette-list" ref={list} role="listbox" aria-label="Commands">
          {results.length === 0 && <li class="palette-empty">No command matches “{query}”.</li>}
          {results.map((c, i) => {
            const header = c.group !== lastGroup ? c.group : null;
            lastGroup = c.group;
            return (
              <Fragment key={c.id}>
                {header && (
                  <li class="palette-group" role="presentation">
                    {header}
                  </li>
                )}
                <li
                  id={`palette-${c.id}`}
                  data-index={i}
                  role="option"
                  aria-selected={i === active}
                  class={i === active ? "active" : undefined}
                  onMouseMove={() => setActive(i)}
                  onClick={() => run(c)}
                >
                  <span>{c.title}</span>
                  {c.shortcut && <kbd>{c.shortcut}</kbd>}
                </li>
              </Fragment>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
