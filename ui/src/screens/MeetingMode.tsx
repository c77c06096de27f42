// Meeting mode: one screen walks the agenda during the meeting. Each item shows the inputs it
// covers (what was presented, KPIs with their trend, evidence) above its minutes, a timer
// against the minutes allotted to it, and inline capture of a decision or an action. What was
// presented can be added to the minutes with one button instead of being typed again.
import { useEffect, useRef, useState } from "preact/hooks";
import { reviewAgendaNotes, reviewDecisionAdd, type AgendaItem, type Area, type ReviewRecord } from "../lib/ipc";
import { savedText, useAutosave } from "../lib/autosave";
import { loadSession, saveSession } from "../lib/storage";
import { formatNumber } from "../lib/format";
import { showError, showToast } from "../lib/toasts";
import { Field } from "../components/Field";
import { AREA_LABEL } from "./ReviewDecisions";
import { RaiseActionForm } from "./RaiseActionForm";

type OnChanged = (next: ReviewRecord) => void;

/** "7:05": minutes and seconds. */
export function clockText(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function MeetingMode({ record, onChanged }: { record: ReviewRecord; onChanged: OnChanged }) {
  const reference = record.review.reference;
  const key = `quorum.meeting.${reference}`;
  const [at, setAt] = useState(() => Math.min(loadSession(key, { at: 0 }).at, record.agenda.length - 1));
  const go = (i: number) => {
    saveSession(key, { at: i });
    setAt(i);
  };
  const item = record.agenda[at];
  if (!item) return <p class="muted">This review has no agenda items yet: add them under Agenda and minutes.</p>;
  return (
    <div class="meeting" id="meeting-mode">
      <nav class="meeting-steps" aria-label="Agenda items">
        {record.agenda.map((a, i) => (
          <button key={a.id} type="button" class={`meeting-step${i === at ? " current" : ""}${a.discussion.trim() ? " done" : ""}`} aria-current={i === at ? "step" : undefined} title={a.title} onClick={() => go(i)}>
            {i + 1}
          </button>
        ))}
      </nav>
      <MeetingItem key={item.id} record={record} item={item} number={at + 1} onChanged={onChanged} />
      <div class="form-actions meeting-nav">
        <button type="button" class="button" id="meeting-prev" disabled={at === 0} onClick={() => go(at - 1)}>
          ← Previous item
        </button>
        <button type="button" class="button primary" id="meeting-next" disabled={at === record.agenda.length - 1} onClick={() => go(at + 1)}>
          Next item →
        </button>
      </div>
    </div>
  );
}

/** A stopwatch against the item's allotted minutes; it measures elapsed time, not the date. */
function Timer({ allotted }: { allotted: number }) {
  const [spent, setSpent] = useState(0);
  const [since, setSince] = useState<number | null>(null);
  const [, tick] = useState(0);
  useEffect(() => {
    if (since === null) return;
    const t = setInterval(() => tick((n) => n + 1), 500);
    return () => clearInterval(t);
  }, [since]);
  const elapsed = spent + (since === null ? 0 : performance.now() - since);
  const over = elapsed > allotted * 60_000;
  return (
    <div class={`meeting-timer${over ? " over" : ""}`} role="timer" aria-label="Time on this item">
      <span class="num" id="meeting-elapsed">
        {clockText(elapsed)}
      </span>
      <span class="muted"> of {formatNumber(allotted)} min</span>
      {since === null ? (
        <button type="button" class="button small" id="meeting-start" onClick={() => setSince(performance.now())}>
          {spent ? "Resume" : "Start"}
        </button>
      ) : (
        <button type="button" class="button small" id="meeting-pause" onClick={() => (setSpent(elapsed), setSince(null))}>
          Pause
        </button>
      )}
      {over && <span class="late"> over time</span>}
    </div>
  );
}

function MeetingItem({ record, item, number, onChanged }: { record: ReviewRecord; item: AgendaItem; number: number; onChanged: OnChanged }) {
  const reference = record.review.reference;
  const inputs = record.inputs.filter((i) => item.inputs.includes(i.code));
  const [notes, setNotes] = useState(item.discussion);
  const { saved, later, save, flush } = useAutosave();
  const position = useRef(item.position);
  position.current = item.position;
  const write = (text: string) => () => reviewAgendaNotes(reference, position.current, text).then(onChanged);
  const offer = (text: string) => {
    const next = notes.trim() ? `${notes.trimEnd()}\n${text}` : text;
    setNotes(next);
    void save(write(next));
  };
  return (
    <section class="card meeting-item" aria-labelledby="meeting-item-title">
      <header class="card-head">
        <h2 id="meeting-item-title">
          Item {number}: {item.title}
        </h2>
        <Timer allotted={item.minutesAllocated} />
      </header>
      {inputs.length > 0 && (
        <ul class="meeting-inputs" aria-label="Inputs of this item">
          {inputs.map((i) => (
            <li key={i.code} class="meeting-input">
              <p class="input-clause">
                {i.clause} {i.title}
              </p>
              <p class="doc-text">{i.nothingToReport ? `Nothing to report: ${i.nothingReason ?? ""}` : i.summary || <span class="muted">Nothing presented yet.</span>}</p>
              {i.kpis.length > 0 && (
                <p class="muted small">
                  {i.kpis.map((k) => `${k.name}: ${formatNumber(k.value)}${k.unit === "%" ? "%" : ""} (${k.trend === "improving" ? "better" : k.trend === "worsening" ? "worse" : k.trend === "new" ? "first measured" : "unchanged"})`).join(" · ")}
                </p>
              )}
              {i.evidence.length > 0 && <p class="muted small">Evidence: {i.evidence.map((e) => e.fileName).join(", ")}</p>}
              {!i.nothingToReport && i.summary.trim() && !notes.includes(i.summary.trim()) && (
                <button type="button" class="button small ghost" id={`meeting-offer-${i.code}`} onClick={() => offer(`${i.title}: ${i.summary.trim()}`)}>
                  Add to the minutes
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div class="field">
        <label for="meeting-notes">Minutes: what was discussed and concluded</label>
        <textarea
          id="meeting-notes"
          rows={6}
          value={notes}
          onInput={(e) => {
            const text = e.currentTarget.value;
            setNotes(text);
            later(write(text));
          }}
          onBlur={flush}
          aria-describedby="meeting-notes-saved"
        />
      </div>
      <p id="meeting-notes-saved" class={`saved-state ${saved.status}`} role="status">
        {savedText(saved)}
      </p>
      <div class="meeting-capture">
        <DecisionCapture record={record} item={item} onChanged={onChanged} />
        <RaiseActionForm idPrefix="mt-action" class="panel-form" heading="Raise an action" reviewId={record.review.id} initial={{ description: "", source: "improvement" }} onRaised={() => undefined} />
      </div>
    </section>
  );
}

function DecisionCapture({ record, item, onChanged }: { record: ReviewRecord; item: AgendaItem; onChanged: OnChanged }) {
  const [area, setArea] = useState<Area>("continual_improvement");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const decided = record.decisions.filter((d) => d.inputs.some((c) => item.inputs.includes(c)));
  return (
    <form
      class="panel-form"
      aria-label="Record a decision at this item"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (!text.trim()) return setError("Say what was decided.");
        setBusy(true);
        try {
          onChanged(await reviewDecisionAdd(record.review.reference, { area, text: text.trim(), inputs: item.inputs }));
          setText("");
          showToast({ tone: "success", title: "Decision recorded", message: AREA_LABEL[area] });
        } catch (err) {
          showError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h3>Decisions</h3>
      {decided.length > 0 && (
        <ul class="meeting-decisions">
          {decided.map((d) => (
            <li key={d.id}>
              {d.text} <span class="muted small">({AREA_LABEL[d.area]})</span>
            </li>
          ))}
        </ul>
      )}
      <Field id="mt-area" label="Output area">
        <select id="mt-area" value={area} onChange={(e) => setArea(e.currentTarget.value as Area)}>
          {Object.entries(AREA_LABEL).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field id="mt-decision" label="Decision" error={error}>
        <input id="mt-decision" type="text" value={text} onInput={(e) => (setText(e.currentTarget.value), setError(undefined))} aria-invalid={!!error} />
      </Field>
      <div class="form-actions">
        <button type="submit" class="button" id="mt-decide" disabled={busy}>
          Record decision
        </button>
      </div>
    </form>
  );
}
