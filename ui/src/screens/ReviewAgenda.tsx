// The Agenda and minutes tab: the items in order (add, edit, move up and down with the
// buttons or Alt+↑/↓, remove), and under each item its discussion notes, which are the
// minutes. Notes autosave as the user types, with the saved state in words.
import { useRef, useState } from "preact/hooks";
import { reviewAgendaAdd, reviewAgendaEdit, reviewAgendaMove, reviewAgendaNotes, reviewAgendaRemove, reviewGet, type AgendaItem, type ReviewRecord } from "../lib/ipc";
import { showError } from "../lib/toasts";
import { removeWithUndo, reviewPart } from "../lib/undo";
import { savedText, useAutosave } from "../lib/autosave";
import { Field, describedBy } from "../components/Field";
import { Icon } from "../components/Icon";

type OnChanged = (next: ReviewRecord) => void;

/** Why a locked review's content cannot change, in the window's words. */
export function lockedReason(record: ReviewRecord): string | null {
  if (record.review.status === "approved")
    return `Version ${record.document.version} of the minutes is approved and locked. To change anything, open a new revision in Approval and export.`;
  if (record.review.status === "cancelled") return "This review was cancelled: its record no longer changes.";
  return null;
}

export function ReviewAgenda({ record, onChanged }: { record: ReviewRecord; onChanged: OnChanged }) {
  const reference = record.review.reference;
  const locked = lockedReason(record);
  const [busy, setBusy] = useState(false);
  const total = record.agenda.reduce((sum, item) => sum + item.minutesAllocated, 0);
  const minuted = record.agenda.filter((item) => item.discussion.trim()).length;

  const run = async (work: () => Promise<ReviewRecord>, focus?: string) => {
    setBusy(true);
    try {
      onChanged(await work());
      if (focus) setTimeout(() => document.getElementById(focus)?.focus());
      return true;
    } catch (error) {
      showError(error);
      return false;
    } finally {
      setBusy(false);
    }
  };
  // Moves to the place of the neighbour shown above or below. `position` is the stored place: an
  // item removed and waiting for its Undo to expire still holds one, though it is not shown.
  const move = (item: AgendaItem, by: -1 | 1) => {
    const neighbour = record.agenda[record.agenda.indexOf(item) + by];
    if (!neighbour) return;
    void run(() => reviewAgendaMove(reference, item.position, neighbour.position), `agenda-${item.id}-${by < 0 ? "up" : "down"}`);
  };
  // The one delete pattern: gone at once, Undo offered, deleted when the offer ends (at the
  // place the item has then).
  const remove = (item: AgendaItem) => {
    // The keyboard goes on at the item shown after it (or before it, or the new item's title).
    const i = record.agenda.indexOf(item);
    const next = record.agenda[i + 1] ?? record.agenda[i - 1];
    removeWithUndo({
      key: reviewPart.agenda(reference, item.id),
      title: "Agenda item removed",
      message: item.title,
      remove: () =>
        reviewGet(reference)
          .then((now) => {
            const at = now.agenda.find((a) => a.id === item.id);
            return at ? reviewAgendaRemove(reference, at.position) : now;
          })
          .then(onChanged),
      refocus: `agenda-${item.id}-remove`,
      // Its Edit button, not its Remove: a second Enter must not remove a second item.
      focusAfter: next ? `agenda-${next.id}-edit` : "agenda-new-title",
    });
  };

  return (
    <div class="agenda">
      {locked && (
        <p class="banner banner-info" role="note">
          <Icon name="lock" /> {locked}
        </p>
      )}
      <p class="muted">
        <strong class="num">{record.agenda.length}</strong> items, <span class="num">{total}</span> minutes planned; minutes written for <strong class="num">{minuted}</strong> of{" "}
        <span class="num">{record.agenda.length}</span>. What is written under each item is the discussion in the minutes.
      </p>
      <ol class="agenda-list">
        {record.agenda.map((item, i) => (
          <AgendaCard key={item.id} reference={reference} item={item} number={i + 1} count={record.agenda.length} readOnly={!!locked} busy={busy} onChanged={onChanged} run={run} move={move} remove={remove} />
        ))}
      </ol>
      {!locked && <AddItem reference={reference} busy={busy} run={run} />}
    </div>
  );
}

type Run = (work: () => Promise<ReviewRecord>, focus?: string) => Promise<boolean>;

function AgendaCard({ reference, item, number, count, readOnly, busy, onChanged, run, move, remove }: { reference: string; item: AgendaItem; number: number; count: number; readOnly: boolean; busy: boolean; onChanged: OnChanged; run: Run; move: (item: AgendaItem, by: -1 | 1) => void; remove: (item: AgendaItem) => void }) {
  const [notes, setNotes] = useState(item.discussion);
  const [editing, setEditing] = useState(false);
  const { saved, later, flush } = useAutosave();
  // The item may move while a save waits: the save names the place it has then.
  const position = useRef(item.position);
  position.current = item.position;
  const id = `agenda-${item.id}`;
  const saveNotes = (text: string) => () => reviewAgendaNotes(reference, position.current, text).then(onChanged);

  return (
    <li
      class="card agenda-item"
      aria-labelledby={`${id}-title`}
      onKeyDown={(e) => {
        // Alt+↑ / Alt+↓ anywhere in the item moves it.
        if (readOnly || !e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
        e.preventDefault();
        move(item, e.key === "ArrowUp" ? -1 : 1);
      }}
    >
      <header class="agenda-head">
        <span class="agenda-pos num" aria-hidden="true">
          {number}
        </span>
        <div class="agenda-title">
          <h3 id={`${id}-title`}>
            <span class="visually-hidden">Item {number}: </span>
            {item.title}
          </h3>
          <p class="muted small">
            <span class="num">{item.minutesAllocated}</span> min{item.presenter && <> · {item.presenter.name}</>}
            {item.inputs.length > 0 && <> · inputs {item.inputs.join(", ")}</>}
          </p>
        </div>
        {!readOnly && (
          <div class="agenda-tools" role="group" aria-label={`Arrange “${item.title}”`}>
            <button type="button" id={`${id}-up`} class="button small ghost" aria-label={`Move “${item.title}” up`} title="Move up (Alt+↑)" disabled={busy || number === 1} onClick={() => move(item, -1)}>
              <Icon name="arrowUp" />
            </button>
            <button type="button" id={`${id}-down`} class="button small ghost" aria-label={`Move “${item.title}” down`} title="Move down (Alt+↓)" disabled={busy || number === count} onClick={() => move(item, 1)}>
              <Icon name="arrowDown" />
            </button>
            <button type="button" id={`${id}-edit`} class="button small ghost" aria-label={`Edit “${item.title}”`} title="Edit" onClick={() => setEditing(!editing)} aria-expanded={editing}>
              <Icon name="edit" />
            </button>
            <button type="button" id={`${id}-remove`} class="button small ghost" aria-label={`Remove “${item.title}”`} title="Remove" disabled={busy} onClick={() => remove(item)}>
              <Icon name="close" />
            </button>
          </div>
        )}
      </header>
      {editing && !readOnly && <EditItem item={item} reference={reference} busy={busy} run={run} onDone={() => setEditing(false)} />}
      <div class="field">
        <label for={`${id}-notes`}>Minutes: what was discussed and concluded</label>
        <textarea
          id={`${id}-notes`}
          rows={3}
          value={notes}
          readOnly={readOnly}
          placeholder={readOnly ? "" : "Who presented what, the discussion, and what was concluded"}
          onInput={(e) => {
            const text = e.currentTarget.value;
            setNotes(text);
            later(saveNotes(text));
          }}
          onBlur={flush}
          aria-describedby={`${id}-saved`}
        />
      </div>
      <p id={`${id}-saved`} class={`saved-state ${saved.status}`} role="status">
        {savedText(saved)}
      </p>
    </li>
  );
}

function EditItem({ item, reference, busy, run, onDone }: { item: AgendaItem; reference: string; busy: boolean; run: Run; onDone: () => void }) {
  const [title, setTitle] = useState(item.title);
  const [minutes, setMinutes] = useState(String(item.minutesAllocated));
  const [error, setError] = useState<string | undefined>();
  const id = `agenda-${item.id}-form`;
  return (
    <form
      class="agenda-edit"
      aria-label={`Edit item ${item.position}`}
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (!title.trim()) {
          setError("An agenda item needs a title.");
          document.getElementById(`${id}-title`)?.focus();
          return;
        }
        if (await run(() => reviewAgendaEdit(reference, item.position, { title: title.trim(), minutesAllocated: Math.max(0, Number(minutes) || 0) }), `agenda-${item.id}-edit`)) onDone();
      }}
    >
      <Field id={`${id}-title`} label="Title" error={error}>
        <input id={`${id}-title`} type="text" value={title} onInput={(e) => (setTitle(e.currentTarget.value), setError(undefined))} aria-invalid={!!error} aria-describedby={describedBy(`${id}-title`, error, false)} />
      </Field>
      <Field id={`${id}-minutes`} label="Minutes allocated">
        <input id={`${id}-minutes`} type="number" min={0} max={480} value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} />
      </Field>
      <div class="form-actions">
        <button type="submit" class="button primary small" disabled={busy}>
          Save item
        </button>
        <button type="button" class="button small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function AddItem({ reference, busy, run }: { reference: string; busy: boolean; run: Run }) {
  const [title, setTitle] = useState("");
  const [minutes, setMinutes] = useState("10");
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      class="card agenda-add"
      aria-labelledby="agenda-add-title"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (!title.trim()) {
          setError("Give the item a title, e.g. “Any other business”.");
          document.getElementById("agenda-new-title")?.focus();
          return;
        }
        if (await run(() => reviewAgendaAdd(reference, { title: title.trim(), minutesAllocated: Math.max(0, Number(minutes) || 0) }))) {
          setTitle("");
          document.getElementById("agenda-new-title")?.focus();
        }
      }}
    >
      <h2 id="agenda-add-title">Add an item</h2>
      <div class="field-row agenda-add-row">
        <Field id="agenda-new-title" label="Title" error={error}>
          <input id="agenda-new-title" type="text" value={title} onInput={(e) => (setTitle(e.currentTarget.value), setError(undefined))} aria-invalid={!!error} aria-describedby={describedBy("agenda-new-title", error, false)} />
        </Field>
        <Field id="agenda-new-minutes" label="Minutes">
          <input id="agenda-new-minutes" type="number" min={0} max={480} value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="button" disabled={busy}>
          <Icon name="plus" /> Add item
        </button>
      </div>
    </form>
  );
}
