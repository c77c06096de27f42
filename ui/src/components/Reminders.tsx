// The dashboard's reminders: what to act on soon (core's reminders::due, as of the app's
// clock), each a link to the place to act, and this computer's choices for the OS
// notifications the app sends at start and once a day (which kinds, quiet hours). A click on
// a notification opens the same places (App listens for it).
import { useState } from "preact/hooks";
import { reminderSettings, reminderSettingsSet, reminders, type Reminder, type ReminderKind, type ReminderPlace, type ReminderSettings } from "../lib/ipc";
import { TimeField } from "./TimeField";
import { checkTime } from "../lib/times";
import { useAsync } from "../lib/useAsync";
import { formatDate } from "../lib/format";
import { showError, showToast } from "../lib/toasts";
import { Icon } from "./Icon";

const KINDS: [ReminderKind, string][] = [
  ["action_overdue", "Overdue actions"],
  ["action_due", "Actions due within 7 days"],
  ["milestone", "The next review's milestones"],
  ["minutes_awaiting_approval", "Minutes awaiting approval"],
  ["identity_expiring", "The signing identity ending"],
];

/** Where a reminder is acted on; null is this card (#/dashboard/reminders). */
export function placeHash(place: ReminderPlace | null): string {
  switch (place?.to) {
    case "action":
      return `#/actions/${encodeURIComponent(place.reference)}`;
    case "review":
      return `#/reviews/${encodeURIComponent(place.reference)}`;
    case "identity":
      return "#/settings/signing";
    default:
      return "#/dashboard/reminders";
  }
}

export function RemindersCard() {
  const [state, reload] = useAsync(reminders);
  const [editing, setEditing] = useState(false);
  return (
    <section class="card reminders" aria-labelledby="reminders-title">
      <div class="card-head">
        <h2 id="reminders-title">Reminders</h2>
        <button type="button" class="button ghost small" aria-expanded={editing} onClick={() => setEditing((e) => !e)}>
          Notifications…
        </button>
      </div>
      {editing && <ReminderChoices onSaved={() => (setEditing(false), reload())} />}
      {state.status === "loading" && <p class="muted" aria-busy="true">Loading…</p>}
      {state.status === "error" && <p class="muted">The reminders could not be read.</p>}
      {state.status === "ready" &&
        (state.data.length === 0 ? (
          <p class="muted">Nothing due in the next 7 days.</p>
        ) : (
          <ul class="reminder-list">
            {state.data.map((r) => (
              <ReminderItem key={`${r.kind}-${r.title}`} reminder={r} />
            ))}
          </ul>
        ))}
    </section>
  );
}

function ReminderItem({ reminder }: { reminder: Reminder }) {
  const late = reminder.kind === "action_overdue" || reminder.title.includes("it was due") || reminder.title.includes("expired");
  return (
    <li class={`reminder ${late ? "late" : ""}`}>
      <Icon name={late ? "overdue" : "calendar"} size={14} />
      <a href={placeHash(reminder.place)} class="link">
        {reminder.title}
      </a>
      <span class="muted small">
        {reminder.detail} · {formatDate(reminder.dueOn)}
      </span>
    </li>
  );
}

/** Which kinds, notifications on or off, quiet hours (local time). */
function ReminderChoices({ onSaved }: { onSaved: () => void }) {
  const [state] = useAsync(reminderSettings);
  if (state.status !== "ready") return null;
  return <ChoicesForm initial={state.data} onSaved={onSaved} />;
}

function ChoicesForm({ initial, onSaved }: { initial: ReminderSettings; onSaved: () => void }) {
  const [form, setForm] = useState(initial);
  // The quiet hours as typed ("HH:MM", "" or text that is not a time); stored as "HH:MM:SS".
  const [quiet, setQuiet] = useState({ from: initial.quietFrom?.slice(0, 5) ?? "", until: initial.quietUntil?.slice(0, 5) ?? "" });
  const [quietError, setQuietError] = useState<string | undefined>();
  const toggle = (kind: ReminderKind, on: boolean) => setForm({ ...form, kinds: on ? [...form.kinds, kind] : form.kinds.filter((k) => k !== kind) });
  const save = async (e: Event) => {
    e.preventDefault();
    const problem = checkTime(quiet.from) ?? checkTime(quiet.until);
    setQuietError(problem);
    if (problem) return document.getElementById(checkTime(quiet.from) ? "quiet-from" : "quiet-until")?.focus();
    const toTime = (v: string) => (v ? `${v}:00` : null);
    try {
      await reminderSettingsSet({ ...form, quietFrom: toTime(quiet.from), quietUntil: toTime(quiet.until) });
      showToast({ tone: "success", title: "Reminder choices saved", message: form.notify ? "Notifications come at start and once a day, outside quiet hours." : "Reminders stay on the dashboard; no notifications." });
      onSaved();
    } catch (error) {
      showError(error);
    }
  };
  return (
    <form class="reminder-choices" onSubmit={save} aria-label="Reminder choices">
      <label class="check">
        <input type="checkbox" checked={form.notify} onChange={(e) => setForm({ ...form, notify: e.currentTarget.checked })} /> Show reminders as system notifications (at start and once a day)
      </label>
      <fieldset>
        <legend>Remind me of</legend>
        {KINDS.map(([kind, label]) => (
          <label class="check" key={kind}>
            <input type="checkbox" name={kind} checked={form.kinds.includes(kind)} onChange={(e) => toggle(kind, e.currentTarget.checked)} /> {label}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Quiet hours (no notifications)</legend>
        <div class="field-row quiet-hours">
          <div class="field">
            <label for="quiet-from">From</label>
            <TimeField id="quiet-from" value={quiet.from} onChange={(from) => (setQuiet({ ...quiet, from }), setQuietError(undefined))} invalid={!!quietError && !!checkTime(quiet.from)} describedBy={quietError ? "quiet-error" : undefined} empty="No quiet hours" />
          </div>
          <div class="field">
            <label for="quiet-until">Until</label>
            <TimeField id="quiet-until" value={quiet.until} onChange={(until) => (setQuiet({ ...quiet, until }), setQuietError(undefined))} invalid={!!quietError && !!checkTime(quiet.until)} describedBy={quietError ? "quiet-error" : undefined} empty="No quiet hours" />
          </div>
        </div>
        {quietError && (
          <p class="field-error" id="quiet-error">
            {quietError}
          </p>
        )}
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="button primary">
          Save choices
        </button>
      </div>
    </form>
  );
}
