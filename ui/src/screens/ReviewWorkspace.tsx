// One review, following the meeting. This version has the first step, Details: the
// meeting, its lifecycle (forward only, Cancelled with a reason) and the quorum outcome;
// and the actions decided at it. The other steps arrive as the backend grows them.
import { useState } from "preact/hooks";
import { actionsList, reviewGet, reviewTransition, type QuorumStatus, type ReviewStatus, type ReviewSummary } from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { formatDate, formatMeetingTime } from "../lib/format";
import { navigate } from "../lib/router";
import { showError, showToast } from "../lib/toasts";
import { useCommands } from "../lib/commands";
import { ActionChips, REVIEW_STATUS_LABEL, ReviewStatusChip } from "../components/StatusChip";
import { LoadError } from "../components/LoadError";
import { Field, describedBy } from "../components/Field";
import { Icon } from "../components/Icon";
import { SCOPE_LABEL } from "./Reviews";
import { TRIGGER_LABEL } from "./NewReview";

/** The lifecycle in order; "approved" is reached only by approving the minutes. */
const STEPS: { status: ReviewStatus; action: string; date?: keyof ReviewSummary }[] = [
  { status: "planned", action: "Plan" },
  { status: "invitations_sent", action: "Mark the invitations sent", date: "invitationsSentOn" },
  { status: "pack_circulated", action: "Mark the pack circulated", date: "packCirculatedOn" },
  { status: "held", action: "Mark the meeting held", date: "heldOn" },
  { status: "minutes_drafted", action: "Mark the minutes drafted" },
  { status: "approved", action: "Approve the minutes" },
];

type Tab = "details" | "actions";

export function ReviewWorkspace({ reference }: { reference: string }) {
  const [state, reload] = useAsync(() => reviewGet(reference), [reference]);
  const [tab, setTab] = useState<Tab>("details");
  if (state.status === "loading") return <div class="loading" aria-busy="true">Loading…</div>;
  if (state.status === "error")
    return (
      <div class="page">
        <p>
          <a href="#/reviews">← Reviews</a>
        </p>
        <LoadError what={`Review ${reference}`} onRetry={reload} />
      </div>
    );
  const { review, quorum } = state.data;
  const tabs: { id: Tab; label: string }[] = [
    { id: "details", label: "Details and attendance" },
    { id: "actions", label: "Actions" },
  ];
  return (
    <div class="page page-wide workspace">
      <header class="page-header">
        <div>
          <p class="eyebrow">
            <a href="#/reviews">Reviews</a> / <span class="workspace-ref mono">{review.reference}</span>
          </p>
          <h1 tabIndex={-1}>{review.title}</h1>
          <p class="muted">{formatMeetingTime(review.startsAt, review.timeZone)}</p>
        </div>
        <ReviewStatusChip status={review.status} />
      </header>
      <div role="tablist" aria-label="Review steps" class="tabs">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`tabpanel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => {
              // Arrow keys move between tabs, as in every tab strip.
              if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
              const i = tabs.findIndex((x) => x.id === tab);
              const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
              setTab(next.id);
              document.getElementById(`tab-${next.id}`)?.focus();
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`} class="tabpanel">
        {tab === "details" ? <Details review={review} quorum={quorum} onChanged={reload} /> : <ReviewActions reference={review.reference} />}
      </section>
    </div>
  );
}

function Details({ review, quorum, onChanged }: { review: ReviewSummary; quorum: QuorumStatus; onChanged: () => void }) {
  return (
    <div class="workspace-grid">
      <section class="card" aria-labelledby="meeting-title">
        <h2 id="meeting-title">The meeting</h2>
        <dl class="details">
          <dt>When</dt>
          <dd class="num">{formatMeetingTime(review.startsAt, review.timeZone)}</dd>
          <dt>Length</dt>
          <dd class="num">{review.durationMinutes} minutes</dd>
          <dt>Where</dt>
          <dd>{review.location ?? <span class="muted">Not set</span>}</dd>
          <dt>Kind</dt>
          <dd>{review.kind === "ad_hoc" ? `Ad hoc, after ${(review.trigger ? TRIGGER_LABEL[review.trigger] : "a trigger").replace(/^A[n]? /, "a ").replace(/ \(describe it\)$/, "")}` : "Scheduled, at the planned interval"}</dd>
          {review.triggerText && (
            <>
              <dt>Why</dt>
              <dd>{review.triggerText}</dd>
            </>
          )}
          <dt>Scope</dt>
          <dd>{SCOPE_LABEL[review.scope] ?? review.scope}</dd>
          {review.soc2Criteria.length > 0 && (
            <>
              <dt>SOC 2 criteria</dt>
              <dd>{review.soc2Criteria.join(", ")}</dd>
            </>
          )}
        </dl>
      </section>
      <Lifecycle review={review} onChanged={onChanged} />
      <section class="card" aria-labelledby="quorum-title">
        <h2 id="quorum-title">Quorum</h2>
        <p class={`quorum-outcome ${quorum.met ? "met" : "not-met"}`}>
          <Icon name={quorum.met ? "check" : "alert"} />
          <strong>{quorum.met ? "Quorum met" : "No quorum yet"}</strong>
        </p>
        <dl class="details">
          <dt>Chair present</dt>
          <dd>{quorum.chairPresent ? "Yes" : "No"}</dd>
          <dt>Top management</dt>
          <dd class="num">{quorum.topManagementPresent} present in person</dd>
          <dt>Members</dt>
          <dd class="num">{quorum.membersPresent} present or delegated</dd>
        </dl>
        {quorum.shortfalls.length > 0 && (
          <ul class="shortfalls">
            {quorum.shortfalls.map((s) => (
              <li key={s}>{s.charAt(0).toUpperCase() + s.slice(1)}.</li>
            ))}
          </ul>
        )}
        <p class="muted small">Attendance is recorded per invitee; the quorum rule (chair, top management, members) is set in Settings.</p>
      </section>
    </div>
  );
}

function Lifecycle({ review, onChanged }: { review: ReviewSummary; onChanged: () => void }) {
  const [on, setOn] = useState("");
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [cancelling, setCancelling] = useState(false);
  const [busy, setBusy] = useState(false);
  const current = STEPS.findIndex((s) => s.status === review.status);
  // The next manual step; approval happens through the minutes, never from here.
  const next = current >= 0 && current < STEPS.length - 2 ? STEPS[current + 1] : null;
  const closed = review.status === "approved" || review.status === "cancelled";

  const move = async (to: ReviewStatus, note?: string) => {
    setBusy(true);
    try {
      await reviewTransition({ reference: review.reference, to, on: on || undefined, note });
      showToast({ tone: "success", title: REVIEW_STATUS_LABEL[to], message: `${review.reference} is now ${REVIEW_STATUS_LABEL[to].toLowerCase()}.` });
      setOn("");
      setCancelling(false);
      onChanged();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  useCommands("review-lifecycle", next && !closed ? [{ id: "review-next-step", title: `${next.action} (${review.reference})`, group: "Actions", run: () => move(next.status) }] : [], [next?.status, review.reference]);

  return (
    <section class="card" aria-labelledby="lifecycle-title">
      <h2 id="lifecycle-title">Lifecycle</h2>
      <ol class="lifecycle">
        {STEPS.map((step, i) => {
          const done = review.status !== "cancelled" && i <= current;
          const date = step.date ? (review[step.date] as string | null) : null;
          return (
            <li key={step.status} class={done ? "done" : ""} aria-current={step.status === review.status ? "step" : undefined}>
              <span class="milestone-dot" aria-hidden="true">
                {done && <Icon name="check" size={12} />}
              </span>
              <span>{REVIEW_STATUS_LABEL[step.status]}</span>
              {date && <span class="muted small num">{formatDate(date)}</span>}
              <span class="visually-hidden">{done ? "(done)" : "(not yet)"}</span>
            </li>
          );
        })}
      </ol>
      {review.status === "cancelled" && (
        <p class="banner banner-info">
          <Icon name="info" /> Cancelled: {review.cancelledReason}
        </p>
      )}
      {!closed && (
        <div class="lifecycle-actions">
          {next && (
            <div class="lifecycle-next">
              <Field id="lc-on" label="On (optional)" hint="The day it happened; today if empty.">
                <input id="lc-on" type="date" value={on} onInput={(e) => setOn(e.currentTarget.value)} aria-describedby="lc-on-hint" />
              </Field>
              <button type="button" id="lc-next" class="button primary" disabled={busy} onClick={() => move(next.status)}>
                {next.action}
              </button>
            </div>
          )}
          {review.status === "minutes_drafted" && <p class="muted small">The review becomes Approved when its minutes are approved.</p>}
          {cancelling ? (
            <form
              class="cancel-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (!reason.trim()) {
                  setReasonError("Say why the review is cancelled: the audit trail keeps it.");
                  document.getElementById("lc-reason")?.focus();
                  return;
                }
                void move("cancelled", reason.trim());
              }}
              noValidate
            >
              <Field id="lc-reason" label="Why is it cancelled?" error={reasonError}>
                <input id="lc-reason" type="text" value={reason} onInput={(e) => (setReason(e.currentTarget.value), setReasonError(undefined))} aria-invalid={!!reasonError} aria-describedby={describedBy("lc-reason", reasonError, false)} />
              </Field>
              <div class="form-actions">
                <button type="submit" class="button danger" disabled={busy}>
                  Cancel the review
                </button>
                <button type="button" class="button" onClick={() => setCancelling(false)}>
                  Keep it
                </button>
              </div>
            </form>
          ) : (
            <button type="button" class="button ghost" onClick={() => setCancelling(true)}>
              Cancel this review…
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function ReviewActions({ reference }: { reference: string }) {
  const [actions, reload] = useAsync(actionsList);
  if (actions.status === "loading") return <p class="muted small">Loading…</p>;
  if (actions.status === "error") return <LoadError what="The actions" onRetry={reload} />;
  const own = actions.data.filter((a) => a.reviewReference === reference);
  if (own.length === 0) return <p class="muted">No action has been decided at this review yet.</p>;
  return (
    <ul class="panel-list card">
      {own.map((a) => (
        <li key={a.id}>
          <a href={`#/actions/${a.id}`} class="mono" onClick={(e) => (e.preventDefault(), navigate("actions", a.id))}>
            {a.id}
          </a>
          <span class="truncate" title={a.description}>
            {a.description}
          </span>
          <ActionChips action={a} compact />
        </li>
      ))}
    </ul>
  );
}
