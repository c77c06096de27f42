// The organisation's escalation path: the levels an overdue action climbs, lowest first.
// A level names a person, or leaves it to the owner's line manager.
import { useEffect, useState } from "preact/hooks";
import { escalationPath, escalationPathSet, type EscalationLevel, type Person } from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { describeError, showToast } from "../lib/toasts";
import { removeWithUndo } from "../lib/undo";
import { LoadError } from "../components/LoadError";

/** A level being edited; `key` names it while it is a draft (for the list and for Undo). */
type Draft = { key: number; name: string; personId: string };

let keys = 0;
const newLevel = (name = "", personId = ""): Draft => ({ key: ++keys, name, personId });
const toDraft = (levels: EscalationLevel[]): Draft[] => levels.map((l) => newLevel(l.name, l.person ? String(l.person.id) : ""));

export function EscalationPath({ people }: { people: Person[] }) {
  const [state, reload] = useAsync(escalationPath);
  const [draft, setDraft] = useState<Draft[] | null>(null);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (state.status === "ready") setDraft(toDraft(state.data));
  }, [state]);

  const change = (i: number, patch: Partial<Draft>) => setDraft((d) => d!.map((level, n) => (n === i ? { ...level, ...patch } : level)));
  const move = (i: number, by: -1 | 1) =>
    setDraft((d) => {
      const next = [...d!];
      [next[i], next[i + by]] = [next[i + by], next[i]];
      return next;
    });
  // The one delete pattern: the level leaves the path at once with Undo offered; like every
  // change to the path, it is stored by "Save the path".
  const remove = (i: number) => {
    const removed = draft![i];
    setDraft(draft!.filter((_, n) => n !== i));
    removeWithUndo({
      key: `escalation/${removed.key}`,
      title: `Level ${i + 1} removed`,
      message: `${removed.name.trim() || "Unnamed level"} (not saved until “Save the path”)`,
      remove: async () => {},
      onUndo: () => setDraft((d) => [...d!.slice(0, i), removed, ...d!.slice(i)]),
      refocus: `escalation-${i}-name`,
      focusAfter: "escalation-add",
    });
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const blank = draft!.findIndex((l) => !l.name.trim());
    if (blank >= 0) return setError(`Name level ${blank + 1}, e.g. “Department head”, or remove it.`);
    try {
      const saved = await escalationPathSet(draft!.map((l) => ({ name: l.name.trim(), personId: l.personId ? Number(l.personId) : null })));
      setDraft(toDraft(saved));
      setError(undefined);
      showToast({ tone: "success", title: "Escalation path saved", message: `${saved.length} level${saved.length === 1 ? "" : "s"}` });
    } catch (err) {
      setError(describeError(err).message);
    }
  };

  return (
    <section class="card escalation-path" aria-labelledby="escalation-title">
      <h2 id="escalation-title">Escalation path</h2>
      <p class="muted">Where an overdue action goes next, lowest level first. A level without a person goes to the action owner's line manager.</p>
      {state.status === "error" && <LoadError what="The escalation path" onRetry={reload} />}
      {draft && (
        <form onSubmit={save} noValidate>
          <ol class="escalation-levels">
            {draft.map((level, i) => (
              <li key={level.key}>
                <span class="level-number num" aria-hidden="true">
                  {i + 1}
                </span>
                <label>
                  <span class="visually-hidden">Name of level {i + 1}</span>
                  <input id={`escalation-${i}-name`} type="text" value={level.name} onInput={(e) => change(i, { name: e.currentTarget.value })} />
                </label>
                <label>
                  <span class="visually-hidden">Who at level {i + 1}</span>
                  <select id={`escalation-${i}-person`} value={level.personId} onChange={(e) => change(i, { personId: e.currentTarget.value })}>
                    <option value="">The owner's line manager</option>
                    {people
                      .filter((p) => p.active)
                      .map((p) => (
                        <option key={p.id} value={String(p.id)}>
                          {p.name}
                        </option>
                      ))}
                  </select>
                </label>
                <button type="button" class="button ghost small" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move level ${i + 1} up`}>
                  Up
                </button>
                <button type="button" class="button ghost small" disabled={i === draft.length - 1} onClick={() => move(i, 1)} aria-label={`Move level ${i + 1} down`}>
                  Down
                </button>
                <button type="button" class="button ghost small" onClick={() => remove(i)} aria-label={`Remove level ${i + 1}`}>
                  Remove
                </button>
              </li>
            ))}
          </ol>
          {error && (
            <p class="field-error" role="alert">
              {error}
            </p>
          )}
          <div class="form-actions">
            <button type="button" class="button" id="escalation-add" onClick={() => setDraft([...draft, newLevel()])}>
              Add a level
            </button>
            <button type="submit" class="button primary" id="escalation-save">
              Save the path
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
