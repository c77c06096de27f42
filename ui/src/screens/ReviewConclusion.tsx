// Top management's conclusion on the ISMS (ISO/IEC 27001:2022 9.3.1), at the head of the
// Decisions tab: is it still suitable, adequate and effective for the period the review
// covers, each verdict with its rationale. Core refuses to approve minutes without it.
import { useEffect, useState } from "preact/hooks";
import { reviewConclude, reviewPeriodSet, type Judgement, type ReviewRecord, type SetConclusion, type Verdict } from "../lib/ipc";
import { Field, describedBy } from "../components/Field";

type Run = (work: () => Promise<ReviewRecord>) => Promise<boolean>;
type Question = keyof SetConclusion;

export const VERDICT_LABEL: Record<Verdict, string> = { yes: "Yes", yes_with_changes: "Yes, with the changes decided", no: "No" };
const QUESTIONS: [Question, string, string][] = [
  ["suitable", "Suitable", "Does the ISMS still fit the organisation, its context and its interested parties?"],
  ["adequate", "Adequate", "Is it sufficient for the requirements and the risks, with the resources it has?"],
  ["effective", "Effective", "Does it achieve its intended results: objectives, controls, incidents?"],
];
const HELD: ReviewRecord["review"]["status"][] = ["held", "minutes_drafted", "approved"];

export function ConclusionCard({ record, readOnly, run, autoFocus }: { record: ReviewRecord; readOnly: boolean; run: Run; autoFocus: boolean }) {
  const reference = record.review.reference;
  const saved = record.conclusion;
  const blank: Judgement = { verdict: "yes", rationale: "" };
  const initial = (): SetConclusion => ({ suitable: saved?.suitable ?? blank, adequate: saved?.adequate ?? blank, effective: saved?.effective ?? blank });
  const [form, setForm] = useState<SetConclusion>(initial);
  const [errors, setErrors] = useState<Partial<Record<Question, string>>>({});
  const [editing, setEditing] = useState(!saved);
  useEffect(() => {
    if (autoFocus) document.getElementById("conclusion-title")?.focus();
  }, [autoFocus]);
  const held = HELD.includes(record.review.status);
  const set = (q: Question, change: Partial<Judgement>) => setForm({ ...form, [q]: { ...form[q], ...change } });

  const submit = async (e: Event) => {
    e.preventDefault();
    const found: Partial<Record<Question, string>> = {};
    for (const [q, label] of QUESTIONS) if (!form[q].rationale.trim()) found[q] = `Say why the ISMS is judged ${label.toLowerCase()} or not.`;
    setErrors(found);
    const first = QUESTIONS.find(([q]) => found[q]);
    if (first) return document.getElementById(`conclusion-${first[0]}-why`)?.focus();
    if (await run(() => reviewConclude(reference, form))) setEditing(false);
  };

  return (
    <section class="card area-card conclusion-card" id="conclusion" aria-labelledby="conclusion-title">
      <header class="area-head">
        <div>
          <p class="input-clause">ISO/IEC 27001:2022 9.3.1</p>
          <h3 id="conclusion-title" tabIndex={-1}>
            Conclusion on the ISMS
          </h3>
        </div>
        <span class={`chip ${saved ? "chip-closed" : "chip-overdue"}`}>{saved ? "Recorded" : "Not recorded"}</span>
      </header>
      <PeriodLine record={record} readOnly={readOnly} run={run} />
      {!held ? (
        <p class="muted">Top management reaches its conclusion at the meeting: record it here once the review is held. The minutes cannot be approved without it.</p>
      ) : saved && !editing ? (
        <>
          <dl class="conclusion">
            {QUESTIONS.map(([q, label]) => (
              <div key={q} id={`conclusion-${q}`}>
                <dt>
                  {label}: <strong>{VERDICT_LABEL[saved[q].verdict]}</strong>
                </dt>
                <dd>{saved[q].rationale}</dd>
              </div>
            ))}
          </dl>
          {!readOnly && (
            <div class="form-actions">
              <button type="button" class="button small" onClick={() => (setForm(initial()), setEditing(true))}>
                Change the conclusion
              </button>
            </div>
          )}
        </>
      ) : readOnly ? (
        <p class="muted">No conclusion was recorded.</p>
      ) : (
        <form onSubmit={submit} noValidate aria-label="Conclusion on the ISMS">
          {QUESTIONS.map(([q, label, question]) => (
            <fieldset key={q} class="verdict">
              <legend>
                <strong>{label}</strong> <span class="muted">{question}</span>
              </legend>
              <div class="choice-row" role="radiogroup" aria-label={`${label}: verdict`}>
                {(Object.keys(VERDICT_LABEL) as Verdict[]).map((verdict) => (
                  <label key={verdict} class={`choice${form[q].verdict === verdict ? " checked" : ""}`}>
                    <input type="radio" name={`conclusion-${q}`} value={verdict} checked={form[q].verdict === verdict} onChange={() => set(q, { verdict })} /> {VERDICT_LABEL[verdict]}
                  </label>
                ))}
              </div>
              <Field id={`conclusion-${q}-why`} label={`Why (${label.toLowerCase()})`} error={errors[q]}>
                <textarea
                  id={`conclusion-${q}-why`}
                  rows={2}
                  value={form[q].rationale}
                  onInput={(e) => set(q, { rationale: e.currentTarget.value })}
                  aria-invalid={!!errors[q]}
                  aria-describedby={describedBy(`conclusion-${q}-why`, errors[q], false)}
                />
              </Field>
            </fieldset>
          ))}
          <div class="form-actions">
            <button type="submit" class="button primary small">
              Record the conclusion
            </button>
            {saved && (
              <button type="button" class="button small" onClick={() => setEditing(false)}>
                Cancel
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

/** The period the review covers, and a form to set another one with the reason. */
function PeriodLine({ record, readOnly, run }: { record: ReviewRecord; readOnly: boolean; run: Run }) {
  const period = record.period;
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ from: period?.from ?? "", to: period?.to ?? "", reason: period?.reason ?? "" });
  const [error, setError] = useState<string | null>(null);
  if (!period) return null;
  const save = async (e: Event) => {
    e.preventDefault();
    if (!form.reason.trim()) {
      setError("Say why this review does not cover the default period.");
      return document.getElementById("period-reason")?.focus();
    }
    setError(null);
    if (await run(() => reviewPeriodSet({ reference: record.review.reference, from: form.from, to: form.to, reason: form.reason }))) setOpen(false);
  };
  const reset = async () => {
    if (await run(() => reviewPeriodSet({ reference: record.review.reference }))) setOpen(false);
  };
  return (
    <div class="period">
      <p id="period-text">
        <strong>Period under review:</strong> {period.from} to {period.to}{" "}
        <span class="muted">
          ({period.reason ? `set: ${period.reason}` : period.follows ? `since the previous review of this scope, ${period.follows}` : "the first review: one planned interval before the meeting"})
        </span>{" "}
        {!readOnly && !open && (
          <button type="button" class="button small" id="period-change" onClick={() => setOpen(true)}>
            Change the period…
          </button>
        )}
      </p>
      {open && (
        <form class="period-form" onSubmit={save} noValidate aria-label="Period under review">
          <div class="field-row">
            <Field id="period-from" label="First day">
              <input id="period-from" type="date" value={form.from} onInput={(e) => setForm({ ...form, from: e.currentTarget.value })} />
            </Field>
            <Field id="period-to" label="Last day">
              <input id="period-to" type="date" value={form.to} onInput={(e) => setForm({ ...form, to: e.currentTarget.value })} />
            </Field>
          </div>
          <Field id="period-reason" label="Why this period" error={error ?? undefined}>
            <input id="period-reason" type="text" value={form.reason} onInput={(e) => setForm({ ...form, reason: e.currentTarget.value })} aria-invalid={!!error} aria-describedby={describedBy("period-reason", error ?? undefined, false)} />
          </Field>
          <div class="form-actions">
            <button type="submit" class="button primary small">
              Set the period
            </button>
            {period.reason && (
              <button type="button" class="button small" onClick={reset}>
                Use the default period
              </button>
            )}
            <button type="button" class="button small" onClick={() => (setOpen(false), setTimeout(() => document.getElementById("period-change")?.focus()))}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
