// A dense, sortable table with a sticky header and keyboard row navigation:
// ↑/↓ (or j/k) move, Home/End jump, Enter opens the row.
import type { ComponentChildren } from "preact";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { Icon } from "./Icon";

export type SortDirection = "asc" | "desc";
export interface SortState {
  column: string;
  direction: SortDirection;
}

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ComponentChildren;
  /** Makes the column sortable. Null (no value) sorts last in both directions. */
  sortValue?: (row: T) => string | number | null;
  numeric?: boolean;
  /** CSS width, e.g. "8rem". */
  width?: string;
}

export function sortRows<T>(rows: T[], columns: Column<T>[], sort: SortState | null): T[] {
  const column = sort && columns.find((c) => c.id === sort.column);
  if (!column?.sortValue || !sort) return rows;
  const value = column.sortValue;
  const factor = sort.direction === "asc" ? 1 : -1;
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const c = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
    return c * factor;
  });
}

interface Props<T> {
  label: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  sort: SortState | null;
  /** The rows come already in `sort`'s order (sorted by core, a page at a time). */
  presorted?: boolean;
  onSortChange: (sort: SortState) => void;
  onOpen?: (row: T) => void;
  /** Scrolled to within a screenful of the last row: the place to load the next page. */
  onNearEnd?: () => void;
  /** Render only the rows in view (and a margin): tens of thousands of rows scroll as lightly as fifty. */
  virtual?: boolean;
  /** The row shown in a detail panel, highlighted. */
  selectedKey?: string | null;
  empty?: ComponentChildren;
  /** Multi-select: a checkbox per row (Space toggles the focused row) and one for all shown. */
  selection?: { selected: ReadonlySet<string>; onChange: (next: Set<string>) => void };
}

/** The height of the rows not rendered, so that the scroll bar stays true. */
function Spacer({ columns, height }: { columns: number; height: number }) {
  return (
    <tr aria-hidden="true" class="spacer">
      <td colSpan={columns} style={{ height: `${height}px` }} />
    </tr>
  );
}

/** Rows rendered above and below the ones in view when virtual. */
const OVERSCAN = 15;

export function DataTable<T>({ label, columns, rows, rowKey, sort, presorted, onSortChange, onOpen, onNearEnd, virtual, selectedKey, empty, selection }: Props<T>) {
  const sorted = useMemo(() => (presorted ? rows : sortRows(rows, columns, sort)), [rows, columns, sort, presorted]);
  const [active, setActive] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  // The window of rows rendered: all of them until a row and the viewport have been measured.
  const [view, setView] = useState({ top: 0, height: 0, row: 0 });
  const pendingFocus = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (!virtual || !wrap.current) return;
    const row = body.current?.querySelector<HTMLElement>(":scope > tr[data-index]")?.offsetHeight ?? 0;
    const height = wrap.current.clientHeight;
    if (row !== view.row || height !== view.height) setView((v) => ({ ...v, row: row || v.row, height }));
  });
  const windowed = !!virtual && view.row > 0 && view.height > 0;
  // A shorter list than the one scrolled through shows its end, never an empty window.
  const top = Math.min(view.top, Math.max(0, sorted.length * view.row - view.height));
  const first = windowed ? Math.max(0, Math.floor(top / view.row) - OVERSCAN) : 0;
  const last = windowed ? Math.min(sorted.length, Math.ceil((top + view.height) / view.row) + OVERSCAN) : sorted.length;
  useEffect(() => {
    // A row reached by the keyboard outside the window gets focus once it is rendered.
    if (pendingFocus.current === null) return;
    const row = body.current?.querySelector<HTMLTableRowElement>(`:scope > tr[data-index="${pendingFocus.current}"]`);
    if (!row) return;
    pendingFocus.current = null;
    row.focus();
    row.scrollIntoView?.({ block: "nearest" });
  });

  useEffect(() => {
    if (active >= sorted.length) setActive(Math.max(0, sorted.length - 1));
  }, [sorted.length, active]);

  // Keep the active row on the selected record when one is opened from elsewhere.
  useEffect(() => {
    if (!selectedKey) return;
    const i = sorted.findIndex((r) => rowKey(r) === selectedKey);
    if (i >= 0) setActive(i);
  }, [selectedKey, sorted, rowKey]);

  const focusRow = (i: number) => {
    const clamped = Math.min(Math.max(i, 0), sorted.length - 1);
    setActive(clamped);
    const row = body.current?.querySelector<HTMLTableRowElement>(`:scope > tr[data-index="${clamped}"]`);
    if (row) {
      row.focus();
      row.scrollIntoView?.({ block: "nearest" });
    } else if (wrap.current && windowed) {
      pendingFocus.current = clamped;
      wrap.current.scrollTop = Math.max(0, clamped * view.row - view.height / 2);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const moves: Record<string, number> = { ArrowDown: active + 1, j: active + 1, ArrowUp: active - 1, k: active - 1, Home: 0, End: sorted.length - 1, PageDown: active + 10, PageUp: active - 10 };
    if (e.key in moves) {
      e.preventDefault();
      focusRow(moves[e.key]);
    } else if (e.key === " " && selection && (e.target as HTMLElement).tagName === "TR") {
      // The focused row itself (focus and the active index agree, but the target is certain).
      e.preventDefault();
      const key = (e.target as HTMLElement).dataset.key;
      if (key) toggle(key);
    } else if (e.key === "Enter" && onOpen && sorted[active]) {
      e.preventDefault();
      onOpen(sorted[active]);
    }
  };

  const toggle = (key: string) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    selection.onChange(next);
  };
  const shownKeys = sorted.map(rowKey);
  const allShown = shownKeys.length > 0 && shownKeys.every((k) => selection?.selected.has(k));

  const toggleSort = (column: Column<T>) => {
    const direction: SortDirection = sort?.column === column.id && sort.direction === "asc" ? "desc" : "asc";
    onSortChange({ column: column.id, direction });
  };

  return (
    <div
      class="table-wrap"
      ref={wrap}
      onScroll={(e) => {
        const el = e.currentTarget;
        if (virtual) setView((v) => ({ ...v, top: el.scrollTop, height: el.clientHeight }));
        if (onNearEnd && el.scrollTop + 2 * el.clientHeight >= el.scrollHeight) onNearEnd();
      }}
    >
      <table class="data-table" aria-label={label} aria-rowcount={sorted.length + 1}>
        <colgroup>
          {selection && <col style={{ width: "2.25rem" }} />}
          {columns.map((c) => (
            <col key={c.id} style={c.width ? { width: c.width } : undefined} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {selection && (
              <th scope="col" class="select-cell">
                <input
                  type="checkbox"
                  aria-label={allShown ? "Unselect all shown rows" : "Select all shown rows"}
                  checked={allShown}
                  onChange={() => selection.onChange(allShown ? new Set([...selection.selected].filter((k) => !shownKeys.includes(k))) : new Set([...selection.selected, ...shownKeys]))}
                />
              </th>
            )}
            {columns.map((c) => {
              const state = sort?.column === c.id ? sort.direction : null;
              return (
                <th
                  key={c.id}
                  scope="col"
                  class={c.numeric ? "num" : undefined}
                  aria-sort={state === "asc" ? "ascending" : state === "desc" ? "descending" : c.sortValue ? "none" : undefined}
                >
                  {c.sortValue ? (
                    <button type="button" class="th-sort" onClick={() => toggleSort(c)} title={`Sort by ${c.header.toLowerCase()}`}>
                      {c.header}
                      <Icon name={state === "asc" ? "arrowUp" : state === "desc" ? "arrowDown" : "sort"} size={12} class={state ? "" : "muted-icon"} />
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody ref={body} onKeyDown={onKeyDown}>
          {first > 0 && <Spacer columns={(selection ? 1 : 0) + columns.length} height={first * view.row} />}
          {sorted.slice(first, last).map((row, j) => {
            const i = first + j;
            const key = rowKey(row);
            return (
              <tr
                key={key}
                data-key={key}
                data-index={i}
                aria-rowindex={i + 2}
                tabIndex={i === active ? 0 : -1}
                aria-current={selectedKey === key ? "true" : undefined}
                aria-selected={selection ? selection.selected.has(key) : undefined}
                class={selectedKey === key ? "selected" : undefined}
                onFocus={() => setActive(i)}
                onClick={() => {
                  setActive(i);
                  onOpen?.(row);
                }}
              >
                {selection && (
                  <td class="select-cell" onClick={(e) => e.stopPropagation()}>
                    <input type="checkbox" tabIndex={-1} aria-label={`Select ${key}`} checked={selection.selected.has(key)} onChange={() => toggle(key)} />
                  </td>
                )}
                {columns.map((c) => (
                  <td key={c.id} class={c.numeric ? "num" : undefined}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
          {last < sorted.length && <Spacer columns={(selection ? 1 : 0) + columns.length} height={(sorted.length - last) * view.row} />}
        </tbody>
      </table>
      {sorted.length === 0 && <div class="table-empty">{empty}</div>}
    </div>
  );
}
