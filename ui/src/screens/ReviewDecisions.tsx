// The Decisions tab: the eight output areas of a review (9.3.3 and the procedure), each
// with its decisions (linked to the inputs they answer, and the actions they raised) or
// an explicit "no decision needed" with the reason. Undecided areas are named at the top:
// the readiness check reports each one.
import { useEffect, useState } from "preact/hooks";
import { reviewGet, reviewDecisionAdd, reviewDecisionNone, reviewDecisionRemove, type Source, type Area, type Decision, type ReviewRecord } from "../lib/ipc";
import { showError } from "../lib/toasts";
import { removeWithUndo, reviewPart } from "../lib/undo";
import { formatDate } from "../lib/format";
import { Field, describedBy } from "../components/Field";
import { Icon } from "../components/Icon";
import { lockedReason } from "./ReviewAgenda";
import { RaiseActionForm } from "./RaiseActionForm";
import { ConclusionCard } from "./ReviewConclusion";
import { DateField } from "../components/DateField";
import { checkDate } from "../lib/dates";

export const AREA_LABEL: Record<Area, string> = {
  continual_improvement: "Continual improvement opportunities",
  isms_change: "Changes to the ISMS",
  resources: "Resource allocation",
  risk_treatment: "Risk treatment adjustments",
  objectives_kpis: "Objectives and KPIs",
  corrective_preventive: "Corrective and preventive actions",
  policy_document: "Policy and document updates",
  approved_exception: "Approved exceptions",
};
const AREAS = Object.keys(AREA_LABEL) as Area[];
const AREA_SOURCE = (area: Area) => (area === "continual_improvement" || area === "isms_change" ? "ISO/IEC 27001:2022 9.3.3" : "Procedure: outputs of the review");
/** What an action raised from a decision in the area is usually about. */
const AREA_ACTION_SOURCE: Record<Area, Source> = {
  continual_improvement: "improvement",
  isms_change: "improvement",
  resources: "resource_need",
  risk_treatment: "risk",
  objectives_kpis: "kpi_gap",
  corrective_preventive: "nonconformity",
  policy_document: "improvement",
  approved_exception: "risk",
};

type Run = (work: () => Promise<ReviewRecord>) => Promise<boolean>;

export function ReviewDecisions({ record, onChanged, focusArea }: { record: ReviewRecord; onChanged: (next: ReviewRecord) => void; focusArea?: string | null }) {
  const locked = lockedReason(record);
  const [busy, setBusy] = useState(false);
  const undecided = AREAS.filter((a) => !record.decisions.some((d) => d.area === a) && !record.areasNone.some((n) => n.area === a));
  const run: Run = async (work) => {
    setBusy(true);
    try {
      onChanged(await work());
      return true;
    } catch (error) {
      showError(error);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="decisions">
      {locked && (
        <p class="banner banner-info" role="note">
          <Icon name="lock" /> {locked}
        </p>
      )}
      <p class="muted" id="decisions-summary">
        {undecided.length === 0 ? (
          <>
            <Icon name="check" /> Every output area has a decision or an explicit “no decision needed”.
          </>
        ) : (
          <>
            <strong class="num">{undecided.length}</strong> of <span class="num">8</span> output areas still need a decision or “no decision needed” with the reason:{" "}
            {undecided.map((a, i) => (
              <span key={a}>
                {i > 0 && ", "}
                <a href={`#area-${a}`} onClick={(e) => (e.preventDefault(), document.getElementById(`area-${a}-title`)?.focus())}>
                  {AREA_LABEL[a]}
                </a>
              </span>
            ))}
            .
          </>
        )}
      </p>
      <ConclusionCard record={record} readOnly={!!locked} run={run} autoFocus={focusArea === "conclusion"} />
      {AREAS.map((area) => (
        <AreaCard key={area} area={area} record={record} readOnly={!!locked} busy={busy} run={run} autoFocus={focusArea === area} />
      ))}
    </div>
  );
}

function AreaCard({ area, record, readOnly, busy, run, autoFocus }: { area: Area; record: ReviewRecord; readOnly: boolean; busy: boolean; run: Run; autoFocus: boolean }) {
  const reference = record.review.reference;
  const decisions = record.decisions.filter((d) => d.area === area);
  const none = record.areasNone.find((n) => n.area === area);
  const [mode, setModeState] = useState<null | "decide" | "none">(null);
  const id = `area-${area}`;
  // Closing a form puts focus back on the button that opened it, never on the page.
  const setMode = (next: null | "decide" | "none") => {
    const was = mode;
    setModeState(next);
    if (next === null && was) setTimeout(() => (document.getElementById(`${id}-${was}`) ?? document.getElementById(`${id}-decide`))?.focus());
  };
  const state = decisions.length ? "decided" : none ? "none" : "undecided";
  // A readiness finding about this area brings the user here.
  useEffect(() => {
    if (autoFocus) document.getElementById(`${id}-title`)?.focus();
  }, [autoFocus]);
  return (
    <section class={`card area-card area-${state}`} id={id} aria-labelledby={`${id}-title`}>
      <header class="area-head">
        <div>
          <p class="input-clause">{AREA_SOURCE(area)}</p>
          <h3 id={`${id}-title`} tabIndex={-1}>
            {AREA_LABEL[area]}
          </h3>
        </div>
        <span class={`chip ${state === "undecided" ? "chip-overdue" : state === "none" ? "chip-open" : "chip-closed"}`}>
          <Icon name={state === "undecided" ? "alert" : "check"} size={12} />
          <span>{state === "undecided" ? "Undecided" : state === "none" ? "No decision needed" : `${decisions.length} decided`}</span>
        </span>
      </header>
      {none && (
        <p class="area-none">
          <strong>No decision needed:</strong> {none.reason}
        </p>
      )}
      {decisions.length > 0 && (
        <ul class="decision-list">
          {decisions.map((d) => (
            <DecisionRow key={d.id} decision={d} record={record} readOnly={readOnly} busy={busy} run={run} />
          ))}
        </ul>
      )}
      {!readOnly && mode === null && (
        <div class="form-actions area-actions">
          <button type="button" id={`${id}-decide`} class="button small" onClick={() => setMode("decide")}>
            <Icon name="plus" /> Add a decision
          </button>
          {decisions.length === 0 && (
            <button type="button" id={`${id}-none`} class="button small ghost" onClick={() => setMode("none")}>
              {none ? "Change the reason…" : "No decision needed…"}
            </button>
          )}
        </div>
      )}
      {!readOnly && mode === "decide" && <DecisionForm area={area} record={record} busy={busy} onDone={() => setMode(null)} run={run} />}
      {!readOnly && mode === "none" && (
        <NoneForm
          area={area}
          initial={none?.reason ?? ""}
          busy={busy}
          onDone={() => setMode(null)}
          onSave={(reason) => run(() => reviewDecisionNone(reference, area, reason))}
        />
      )}
    </section>
  );
}

function DecisionRow({ decision, record, readOnly, busy, run }: { decision: Decision; record: ReviewRecord; readOnly: boolean; busy: boolean; run: Run }) {
  const [raising, setRaising] = useState(false);
  const reference = record.review.reference;
  const title = (code: string) => record.inputs.find((i) => i.code === code)?.clause ?? code;
  return (
    <li class="decision">
      <p class="decision-text">{decision.text}</p>
      {decision.rationale && <p class="muted small">Why: {decision.rationale}</p>}
      {decision.justification && (
        <p class="muted small">
          Justification: {decision.justification}
          {decision.exceptionReviewOn && <> · reviewed again on {formatDate(decision.exceptionReviewOn)}</>}
        </p>
      )}
      <p class="muted small">
        {decision.inputs.length ? <>Answers {decision.inputs.map(title).join(", ")}</> : "Linked to no input"}
        {decision.actions.length > 0 && <> · raised {decision.actions.join(", ")}</>}
      </p>
      {!readOnly && (
        <div class="form-actions">
          <button type="button" class="button small" onClick={() => setRaising(!raising)} aria-expanded={raising}>
            Raise an action…
          </button>
          {decision.actions.length === 0 && (
            <button
              type="button"
              id={`decision-${decision.id}-remove`}
              class="button small ghost"
              disabled={busy}
              aria-label={`Remove the decision “${decision.text}”`}
              onClick={() =>
                removeWithUndo({
                  key: reviewPart.decision(reference, decision.id),
                  title: "Decision removed",
                  message: decision.text,
                  remove: () => run(() => reviewDecisionRemove(reference, decision.id)).then(() => {}),
                  refocus: `decision-${decision.id}-remove`,
                  focusAfter: `area-${decision.area}-title`,
                })
              }
            >
              Remove
            </button>
          )}
        </div>
      )}
      {raising && !readOnly && (
        <RaiseActionForm
          idPrefix={`raise-${decision.id}`}
          class="area-form"
          label={`Raise an action from “${decision.text}”`}
          reviewId={record.review.id}
          decisionId={decision.id}
          initial={{ description: decision.text, source: AREA_ACTION_SOURCE[decision.area] }}
          onCancel={() => setRaising(false)}
          // The decision now lists the action: reload the record.
          onRaised={async () => (await run(() => reviewGet(record.review.reference)), setRaising(false))}
        />
      )}
    </li>
  );
}

function DecisionForm({ area, record, busy, onDone, run }: { area: Area; record: ReviewRecord; busy: boolean; onDone: () => void; run: Run }) {
  const [text, setText] = useState("");
  const [rationale, setRationale] = useState("");
  const [inputs, setInputs] = useState<string[]>([]);
  const [justification, setJustification] = useState("");
  const [reviewOn, setReviewOn] = useState("");
  const [errors, setErrors] = useState<{ text?: string; justification?: string; reviewOn?: string }>({});
  const id = `dec-${area}`;
  useEffect(() => document.getElementById(`${id}-text`)?.focus(), []);
  const exception = area === "approved_exception";
  return (
    <form
      class="area-form"
      aria-label={`New decision: ${AREA_LABEL[area]}`}
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const found = {
          text: text.trim() ? undefined : "Say what was decided.",
          justification: !exception || justification.trim() ? undefined : "An exception needs its justification.",
          reviewOn: exception ? checkDate(reviewOn, "Choose when the exception is reviewed again.") : undefined,
        };
        setErrors(found);
        const first = (Object.keys(found) as (keyof typeof found)[]).find((k) => found[k]);
        if (first) return document.getElementById(`${id}-${first}`)?.focus();
        const ok = await run(() =>
          reviewDecisionAdd(record.review.reference, { area, text: text.trim(), rationale: rationale.trim() || undefined, inputs, justification: exception ? justification.trim() : undefined, exceptionReviewOn: exception ? reviewOn : undefined }),
        );
        if (ok) onDone();
      }}
    >
      <Field id={`${id}-text`} label="Decision" error={errors.text}>
        <input id={`${id}-text`} type="text" value={text} onInput={(e) => (setText(e.currentTarget.value), setErrors({ ...errors, text: undefined }))} aria-invalid={!!errors.text} aria-describedby={describedBy(`${id}-text`, errors.text, false)} />
      </Field>
      <Field id={`${id}-rationale`} label="Rationale (optional)">
        <input id={`${id}-rationale`} type="text" value={rationale} onInput={(e) => setRationale(e.currentTarget.value)} />
      </Field>
      {exception && (
        <div class="field-row">
          <Field id={`${id}-justification`} label="Justification" error={errors.justification}>
            <input id={`${id}-justification`} type="text" value={justification} onInput={(e) => setJustification(e.currentTarget.value)} aria-invalid={!!errors.justification} aria-describedby={describedBy(`${id}-justification`, errors.justification, false)} />
          </Field>
          <Field id={`${id}-reviewOn`} label="Reviewed again on" error={errors.reviewOn}>
            <DateField id={`${id}-reviewOn`} value={reviewOn} onChange={setReviewOn} invalid={!!errors.reviewOn} describedBy={describedBy(`${id}-reviewOn`, errors.reviewOn, false)} />
          </Field>
        </div>
      )}
      <fieldset class="input-links">
        <legend>Inputs it answers</legend>
        {record.inputs.map((input) => (
          <label key={input.code} class="checkbox" title={input.title}>
            <input
              type="checkbox"
              checked={inputs.includes(input.code)}
              onChange={(e) => setInputs(e.currentTarget.checked ? [...inputs, input.code] : inputs.filter((c) => c !== input.code))}
            />
            {input.clause.replace("9.3.2 ", "")}
          </label>
        ))}
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="button primary small" disabled={busy}>
          Record decision
        </button>
        <button type="button" class="button small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function NoneForm({ area, initial, busy, onDone, onSave }: { area: Area; initial: string; busy: boolean; onDone: () => void; onSave: (reason: string) => Promise<boolean> }) {
  const [reason, setReason] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  const id = `none-${area}`;
  useEffect(() => document.getElementById(id)?.focus(), []);
  return (
    <form
      class="area-form"
      aria-label={`No decision needed: ${AREA_LABEL[area]}`}
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (!reason.trim()) {
          setError("Say why no decision is needed: an auditor accepts “none” only with its reason.");
          return document.getElementById(id)?.focus();
        }
        if (await onSave(reason.trim())) onDone();
      }}
    >
      <Field id={id} label="Why no decision is needed" error={error}>
        <input id={id} type="text" value={reason} placeholder="e.g. No exception was requested this period" onInput={(e) => (setReason(e.currentTarget.value), setError(undefined))} aria-invalid={!!error} aria-describedby={describedBy(id, error, false)} />
      </Field>
      <div class="form-actions">
        <button type="submit" class="button primary small" disabled={busy}>
          Record “no decision needed”
        </button>
        <button type="button" class="button small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

