// The review board in Settings: the people every new review invites (planned by hand or
// by the year plan), with their role; a change reaches the reviews still planned when the
// user asks, never the ones already invited.
import { useState } from "preact/hooks";
import { boardApply, boardList, boardRemove, boardSet, peopleList, type AttendeeRole, type BoardMember } from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { describeError, showToast } from "../lib/toasts";
import { removeWithUndo, useRemoving } from "../lib/undo";
import { Field } from "../components/Field";
import { LoadError } from "../components/LoadError";
import { ROLE_LABEL } from "../lib/labels";

export function ReviewBoard() {
  const [state, reload] = useAsync(boardList);
  const [people] = useAsync(() => peopleList(false));
  const [form, setForm] = useState({ personId: "", role: "top_management" as AttendeeRole, required: true });
  const [error, setError] = useState<string | undefined>();
  const [changed, setChanged] = useState(false);
  // The board as the last change returned it (no reload under the list).
  const [latest, setLatest] = useState<BoardMember[] | null>(null);
  const removing = useRemoving();

  const run = async (work: () => Promise<BoardMember[]>) => {
    try {
      setLatest(await work());
      setError(undefined);
      setChanged(true);
      return true;
    } catch (err) {
      setError(describeError(err).message);
      return false;
    }
  };
  const add = async (e: Event) => {
    e.preventDefault();
    if (!form.personId) {
      setError("Choose who joins the board.");
      return document.getElementById("board-person")?.focus();
    }
    if (await run(() => boardSet({ personId: Number(form.personId), role: form.role, required: form.required }))) setForm({ ...form, personId: "" });
  };
  const apply = async () => {
    try {
      const reviews = await boardApply();
      setChanged(false);
      showToast({ tone: "success", title: "Board invited", message: reviews.length ? `Added to ${reviews.join(", ")}` : "Every planned review already invites the whole board." });
    } catch (err) {
      setError(describeError(err).message);
    }
  };
  const key = (m: BoardMember) => `board/${m.person.id}`;
  // The one delete pattern: gone at once, Undo offered, removed when the offer ends.
  const remove = (m: BoardMember) =>
    removeWithUndo({
      key: key(m),
      title: "Removed from the board",
      message: `${m.person.name} (${ROLE_LABEL[m.role as AttendeeRole] ?? m.role})`,
      remove: () => run(() => boardRemove(m.person.id)).then(() => {}),
      refocus: `board-remove-${m.person.id}`,
      focusAfter: "board-person",
    });
  const board = latest ?? (state.status === "ready" ? state.data : []);
  const members = board.filter((m) => !removing(key(m)));
  return (
    <section class="card review-board" aria-labelledby="board-title">
      <h2 id="board-title">Review board</h2>
      <p class="muted">Who every new review invites, and in what role: the chair, top management, the ISMS lead, the minute taker. Reviews already invited keep their list.</p>
      {state.status === "error" && <LoadError what="The review board" onRetry={reload} />}
      {state.status === "ready" && members.length === 0 && <p id="board-empty">No one yet: each review is invited person by person until the board is set.</p>}
      {members.length > 0 && (
        <ul class="board-members" aria-label="Members of the review board">
          {members.map((m) => (
            <li key={m.person.id}>
              <span>
                <strong>{m.person.name}</strong> <span class="muted">{ROLE_LABEL[m.role as AttendeeRole] ?? m.role}{m.required ? "" : " (optional)"}</span>
              </span>
              <button type="button" class="button small" id={`board-remove-${m.person.id}`} onClick={() => remove(m)} aria-label={`Remove ${m.person.name} from the board`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="field-row" onSubmit={add} noValidate aria-label="Add to the review board">
        <Field id="board-person" label="Person" error={error}>
          <select id="board-person" value={form.personId} onChange={(e) => setForm({ ...form, personId: e.currentTarget.value })}>
            {/* Each option says whether it is chosen: the one just added leaves the list. */}
            <option value="" selected={!form.personId}>
              Choose…
            </option>
            {people.status === "ready" &&
              people.data
                .filter((p) => !board.some((m) => m.person.id === p.id))
                .map((p) => (
                  <option key={p.id} value={String(p.id)} selected={form.personId === String(p.id)}>
                    {p.name}
                  </option>
                ))}
          </select>
        </Field>
        <Field id="board-role" label="Role">
          <select id="board-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.currentTarget.value as AttendeeRole })}>
            {Object.entries(ROLE_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <label class="checkbox">
          <input type="checkbox" checked={!form.required} onChange={(e) => setForm({ ...form, required: !e.currentTarget.checked })} /> Optional
        </label>
        <div class="form-actions">
          <button type="submit" class="button small">
            Add to the board
          </button>
          {changed && (
            <button type="button" class="button small primary" onClick={apply}>
              Invite the board to planned reviews
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
