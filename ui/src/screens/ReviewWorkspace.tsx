// One review, following the meeting: Details and attendance (the meeting, its lifecycle,
// invitees, attendance and the quorum outcome), the agenda with the minutes of each item,
// the inputs, the decisions by output area, the actions decided at it, the readiness check
// with a link from each finding to where it is fixed, and approval and export.
import { useCallback, useState } from "preact/hooks";
import {
  actionsPage,
  reviewAttend,
  reviewCheck,
  reviewGet,
  reviewInvite,
  reviewMove,
  reviewTransition,
  type Attendance,
  type Attendee,
  type AttendeeRole,
  type Finding,
  type FindingSection,
  type QuorumRule,
  type ReviewRecord,
  type Status,
  type Review,
} from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { formatDate, formatMeetingTime, meetingInstant } from "../lib/format";
import { now } from "../lib/clock";
import { navigate } from "../lib/router";
import { loadSession, saveSession } from "../lib/storage";
import { showError, showToast } from "../lib/toasts";
import { useCommands } from "../lib/commands";
import { useRemoving, withoutRemoved } from "../lib/undo";
import { ActionChips, REVIEW_STATUS_LABEL, ReviewStatusChip } from "../components/StatusChip";
import { LoadError } from "../components/LoadError";
import { Field, describedBy } from "../components/Field";
import { Icon } from "../components/Icon";
import { ROLE_LABEL, SCOPE_LABEL, TRIGGER_LABEL } from "../lib/labels";
import { ReviewInputs } from "./ReviewInputs";
import { ReviewAgenda, lockedReason } from "./ReviewAgenda";
import { AREA_LABEL, ReviewDecisions } from "./ReviewDecisions";
import { ReviewApproval } from "./ReviewApproval";
import { RaiseActionForm } from "./RaiseActionForm";
import { ApprovedDocument } from "./ApprovedDocument";
import { MeetingMode } from "./MeetingMode";
import { DateField } from "../components/DateField";
import { TimeField } from "../components/TimeField";
import { checkTime } from "../lib/times";
import { checkDate } from "../lib/dates";

/** The lifecycle in order; "approved" is reached only by approving the minutes. */
const STEPS: { status: Status; action: string; date?: keyof Review }[] = [
  { status: "planned", action: "Plan" },
  { status: "invitations_sent", action: "Mark the invitations sent", date: "invitationsSentOn" },
  { status: "pack_circulated", action: "Mark the pack circulated", date: "packCirculatedOn" },
  { status: "held", action: "Mark the meeting held", date: "heldOn" },
  { status: "minutes_drafted", action: "Mark the minutes drafted" },
  { status: "approved", action: "Approve the minutes" },
];

const AREA_COUNT = Object.keys(AREA_LABEL).length;

export type Tab = "document" | "meeting" | "details" | "agenda" | "inputs" | "decisions" | "actions" | "readiness" | "approval";

/** The tab where each readiness section is fixed. */
const SECTION_TAB: Partial<Record<FindingSection, Tab>> = {
  details: "details",
  attendance: "details",
  agenda: "agenda",
  inputs: "inputs",
  decisions: "decisions",
  actions: "actions",
  approval: "approval",
};
const TAB_LABEL: Record<Tab, string> = {
  document: "Approved minutes",
  meeting: "Meeting",
  details: "Details and attendance",
  agenda: "Agenda and minutes",
  inputs: "Inputs",
  decisions: "Decisions",
  actions: "Actions",
  readiness: "Readiness",
  approval: "Approval and export",
};
const SECTION_LABEL: Record<FindingSection, string> = {
  details: "Details",
  attendance: "Attendance",
  agenda: "Agenda",
  inputs: "Inputs",
  decisions: "Decisions",
  actions: "Actions",
  approval: "Approval",
};

const ATTENDANCE_LABEL: Record<Attendance, string> = {
  unknown: "Not recorded yet",
  present: "Present",
  apologies: "Apologies",
  delegate: "Sent a delegate",
  absent: "Absent",
};

export function ReviewWorkspace({ reference }: { reference: string }) {
  const [state, reload] = useAsync(() => reviewGet(reference), [reference]);
  // After a change the record is replaced in place (no loading flash), so the open tab,
  // focus and half-filled fields stay as they are.
  const [fresh, setFresh] = useState<ReviewRecord | null>(null);
  const refresh = useCallback(
    (next?: ReviewRecord) => (next ? Promise.resolve(next) : reviewGet(reference)).then(setFresh, showError),
    [reference],
  );
  // The last tab is remembered per review for the session.
  const [chosenTab, setTabState] = useState<Tab>(() => loadSession(tabKey(reference), { tab: "details" as Tab }).tab);
  const setTab = (next: Tab) => {
    saveSession(tabKey(reference), { tab: next });
    setTabState(next);
  };
  // The item a readiness finding points at (an output area), for the tab it opens.
  const [focusItem, setFocusItem] = useState<string | null>(null);
  const [findings] = useAsync(() => reviewCheck(reference), [reference, fresh]);
  // Parts removed and waiting for their Undo to expire are gone from every tab and count.
  const removing = useRemoving();
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
  const record = withoutRemoved(fresh ?? state.data, removing);
  const { review } = record;
  const progress = stepProgress(record, findings.status === "ready" ? findings.data : null);
  // An approved version reads as the document it is; its forms come back with a new revision.
  const approved = review.status === "approved";
  const tabIds: Tab[] = approved ? ["document", "actions", "readiness", "approval"] : review.status === "cancelled" ? ["details", "agenda", "inputs", "decisions", "actions", "readiness", "approval"] : ["details", "agenda", "inputs", "decisions", "actions", "meeting", "readiness", "approval"];
  const tabs: { id: Tab; label: string }[] = tabIds.map((id) => ({ id, label: TAB_LABEL[id] }));
  const tab = tabIds.includes(chosenTab) ? chosenTab : tabIds[0];
  const locked = lockedReason(record);
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
      {/* Said once per screen: the Agenda and Decisions tabs say it above their (read-only) content. */}
      {review.status === "approved" && tab !== "agenda" && tab !== "decisions" && (
        <p class="banner banner-info workspace-locked" role="note">
          <Icon name="lock" /> {locked}
        </p>
      )}
      <div role="tablist" aria-label="Review steps" class="tabs step-strip">
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
            {progress[t.id] && (
              <span class={`step-count${progress[t.id]!.done ? " done" : ""}`} id={`step-${t.id}`} title={STEP_TITLE[t.id]}>
                {progress[t.id]!.text}
              </span>
            )}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`} class="tabpanel">
        {tab === "document" && <ApprovedDocument record={record} />}
        {tab === "meeting" && <MeetingMode record={record} onChanged={refresh} />}
        {tab === "details" && <Details record={record} onChanged={refresh} />}
        {tab === "agenda" && <ReviewAgenda record={record} onChanged={refresh} />}
        {tab === "inputs" && <ReviewInputs record={record} onChanged={refresh} readOnly={!!locked} />}
        {tab === "decisions" && <ReviewDecisions record={record} onChanged={refresh} focusArea={focusItem} />}
        {tab === "actions" && <ReviewActions review={review} />}
        {tab === "readiness" && (
          <Readiness
            reference={review.reference}
            onGo={(wanted, finding) => {
              const t = tabIds.includes(wanted) ? wanted : tabIds[0];
              setFocusItem(finding.item);
              setTab(t);
              if (t !== "decisions" || !finding.item) focusField(findingTarget(record, finding) ?? `tab-${t}`);
            }}
          />
        )}
        {tab === "approval" && <ReviewApproval record={record} onChanged={refresh} />}
      </section>
    </div>
  );
}

type OnChanged = (next?: ReviewRecord) => void;

const tabKey = (reference: string) => `quorum.review.tab.${reference}`;

/** Opens a review on one of its tabs (the dashboard's readiness figures open the check). */
export function openReviewTab(reference: string, tab: Tab): void {
  saveSession(tabKey(reference), { tab });
  navigate("reviews", reference);
}

type Progress = Partial<Record<Tab, { text: string; done: boolean }>>;
const STEP_TITLE: Partial<Record<Tab, string>> = {
  agenda: "Agenda items with minutes, of all items",
  inputs: "Inputs addressed, of all inputs",
  decisions: "Output areas with a decision or an explicit none, of eight",
  readiness: "Open readiness findings",
  approval: "The version of the minutes (green once approved)",
};

/** The step strip's counts, read from the record (and the readiness check once it answered). */
export function stepProgress(record: ReviewRecord, findings: Finding[] | null): Progress {
  const inputs = record.inputs.filter((i) => i.nothingToReport || i.summary.trim()).length;
  const minutes = record.agenda.filter((a) => a.discussion.trim()).length;
  const areas = new Set([...record.decisions.map((d) => d.area), ...record.areasNone.map((n) => n.area)]).size;
  const count = (n: number, of: number) => ({ text: `${n}/${of}`, done: of > 0 && n === of });
  const progress: Progress = { inputs: count(inputs, record.inputs.length), agenda: count(minutes, record.agenda.length), decisions: count(areas, AREA_COUNT) };
  if (findings) progress.readiness = findings.length ? { text: String(findings.length), done: false } : { text: "✓", done: true };
  progress.approval = { text: `v${record.document.version}`, done: record.review.status === "approved" };
  return progress;
}

/** The id of the field a finding is fixed in, when the window has one. */
function findingTarget(record: ReviewRecord, finding: Finding): string | null {
  switch (finding.section) {
    case "inputs":
      return finding.item ? `input-${finding.item}-summary` : null;
    case "agenda": {
      const item = record.agenda.find((a) => String(a.position) === finding.item);
      return item ? `agenda-${item.id}-notes` : null;
    }
    case "attendance": {
      const delegated = record.attendees.find((a) => a.topManagement && a.attendance === "delegate");
      if (finding.id === "top-management-delegation-unrecorded" && delegated) return `att-delegation-${delegated.person.id}`;
      return record.attendees.length ? `att-${record.attendees[0].person.id}` : "inv-person";
    }
    case "details":
      return "lc-next";
    case "actions":
      return "ra-description";
    case "approval":
      return finding.item === "distribution" ? "distribution" : "approve-title";
    default:
      return null;
  }
}

/** Scrolls to and focuses an element once its tab has rendered it. */
function focusField(id: string, tries = 20): void {
  const el = document.getElementById(id);
  if (!el) {
    if (tries > 0) setTimeout(() => focusField(id, tries - 1), 25);
    return;
  }
  if (!el.hasAttribute("tabindex") && !/^(INPUT|TEXTAREA|SELECT|BUTTON|A)$/.test(el.tagName)) el.tabIndex = -1;
  el.scrollIntoView?.({ block: "center" });
  el.focus();
}

/** "an audit finding": the trigger's label in the middle of a sentence. */
function triggerPhrase(trigger: Review["trigger"]): string {
  const label = trigger ? TRIGGER_LABEL[trigger].replace(/ \(describe it\)$/, "") : "a trigger";
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/** The organisation's quorum rule in words, from the same settings the check applies. */
export function quorumRule(rule: QuorumRule): string {
  const members = (n: number, what: string) => `at least ${n} ${what}${n === 1 ? "" : "s"}`;
  const parts = [
    ...(rule.requiresChair ? ["the chair present"] : []),
    ...(rule.minTopManagement > 0 ? [`${members(rule.minTopManagement, "member")} of top management in person`] : []),
    `${members(rule.minMembers, "member")} present or represented by a delegate`,
  ];
  return `The quorum rule (Settings): ${parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : parts[0]}.`;
}

/** The meeting has taken place (held or later), so attendance and the quorum are recorded. */
export function isHeld(status: Status): boolean {
  return status === "held" || status === "minutes_drafted" || status === "approved";
}

function Details({ record, onChanged }: { record: ReviewRecord; onChanged: OnChanged }) {
  const { review, quorum } = record;
  const held = isHeld(review.status);
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
          <dd>{review.kind === "ad_hoc" ? `Ad hoc, after ${triggerPhrase(review.trigger)}` : "Scheduled, at the planned interval"}</dd>
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
        {!held ? (
          <p class="quorum-outcome pending" id="quorum-outcome">
            <Icon name="info" />
            <strong>Not recorded yet</strong>
            <span class="muted small">Attendance and the quorum are recorded at the meeting.</span>
          </p>
        ) : (
        <>
        <p class={`quorum-outcome ${quorum.met ? "met" : "not-met"}`} id="quorum-outcome">
          <Icon name={quorum.met ? "check" : "alert"} />
          <strong>{quorum.met ? "Quorum met" : "No quorum"}</strong>
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
        </>
        )}
        <p class="muted small" id="quorum-rule">{quorumRule(record.organisation.quorum)}</p>
      </section>
      <AttendanceCard record={record} onChanged={onChanged} />
    </div>
  );
}

function AttendanceCard({ record, onChanged }: { record: ReviewRecord; onChanged: OnChanged }) {
  const reference = record.review.reference;
  const [person, setPerson] = useState("");
  const [role, setRole] = useState<AttendeeRole>("top_management");
  const [personError, setPersonError] = useState<string | undefined>();
  const [delegates, setDelegates] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<ReviewRecord>) => {
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

  const invite = async (e: Event) => {
    e.preventDefault();
    if (!person.trim()) {
      setPersonError("Enter the person's name or email, as in People.");
      document.getElementById("inv-person")?.focus();
      return;
    }
    if (await run(() => reviewInvite({ reference, person: person.trim(), role, required: true }))) setPerson("");
  };

  const attend = (personId: number, attendance: Attendance) => {
    if (attendance === "delegate" && !delegates[personId]?.trim()) {
      // The delegate's name comes first; the field appears for it.
      setDelegates({ ...delegates, [personId]: "" });
      setTimeout(() => document.getElementById(`att-delegate-${personId}`)?.focus());
      return;
    }
    void run(() => reviewAttend({ reference, personId, attendance, delegate: attendance === "delegate" ? delegates[personId].trim() : undefined }));
  };

  return (
    <section class="card attendance" aria-labelledby="attendance-title">
      <h2 id="attendance-title">Invitees and attendance</h2>
      {record.attendees.length === 0 ? (
        <p class="muted small">Nobody is invited yet. Invite the chair, top management and the ISMS lead: the quorum needs them.</p>
      ) : (
        <table class="attendance-table">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Role</th>
              <th scope="col">Attendance</th>
            </tr>
          </thead>
          <tbody>
            {record.attendees.map((a) => (
              <tr key={a.person.id}>
                <td>
                  <span class="two-line">
                    <span>{a.person.name}</span>
                    <span class="muted small">{[a.jobTitle, a.topManagement ? "top management" : null].filter(Boolean).join(" · ")}</span>
                  </span>
                </td>
                <td>{ROLE_LABEL[a.role] ?? a.role}</td>
                <td>
                  <select id={`att-${a.person.id}`} aria-label={`Attendance of ${a.person.name}`} value={delegates[a.person.id] !== undefined && a.attendance !== "delegate" ? "delegate" : a.attendance} disabled={busy} onChange={(e) => attend(a.person.id, e.currentTarget.value as Attendance)}>
                    {Object.entries(ATTENDANCE_LABEL).map(([value, label]) => (
                      <option key={value} value={value}>
                        {label}
                      </option>
                    ))}
                  </select>
                  {a.attendance === "delegate" && <span class="muted small"> {a.delegateName}</span>}
                  {a.attendance === "delegate" && a.topManagement && (
                    <DelegationField key={`${a.person.id}:${a.delegation ?? ""}`} attendee={a} busy={busy} onSave={(delegation) => run(() => reviewAttend({ reference, personId: a.person.id, attendance: "delegate", delegate: a.delegateName ?? "", delegation }))} />
                  )}
                  {delegates[a.person.id] !== undefined && a.attendance !== "delegate" && (
                    <form
                      class="inline-form"
                      onSubmit={(e) => {
                        e.preventDefault();
                        if (delegates[a.person.id].trim()) attend(a.person.id, "delegate");
                      }}
                    >
                      <input id={`att-delegate-${a.person.id}`} type="text" aria-label={`Delegate for ${a.person.name}`} placeholder="Delegate's name" value={delegates[a.person.id]} onInput={(e) => setDelegates({ ...delegates, [a.person.id]: e.currentTarget.value })} />
                      <button type="submit" class="button small">
                        Save
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form class="invite-form" onSubmit={invite} noValidate aria-label="Invite someone">
        <Field id="inv-person" label="Invite (name or email)" error={personError}>
          <input id="inv-person" type="text" value={person} onInput={(e) => (setPerson(e.currentTarget.value), setPersonError(undefined))} aria-invalid={!!personError} aria-describedby={describedBy("inv-person", personError, false)} />
        </Field>
        <Field id="inv-role" label="As">
          <select id="inv-role" value={role} onChange={(e) => setRole(e.currentTarget.value as AttendeeRole)}>
            {Object.entries(ROLE_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="button" disabled={busy}>
          Invite
        </button>
      </form>
    </section>
  );
}

/** What a member of top management delegated to the delegate who attended for them (clause 5.3). */
function DelegationField({ attendee, busy, onSave }: { attendee: Attendee; busy: boolean; onSave: (delegation: string) => Promise<boolean> }) {
  const id = `att-delegation-${attendee.person.id}`;
  const [text, setText] = useState(attendee.delegation ?? "");
  const changed = text.trim() !== (attendee.delegation ?? "");
  return (
    <form
      class="delegation-form"
      aria-label={`Delegation of ${attendee.person.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (changed) void onSave(text.trim());
      }}
    >
      <label for={id}>What was delegated</label>
      <input id={id} type="text" value={text} placeholder="e.g. Authority to approve the decisions and resources" aria-describedby={attendee.delegation ? undefined : `${id}-hint`} onInput={(e) => setText(e.currentTarget.value)} />
      <button type="submit" class="button small" disabled={busy || !changed}>
        Save
      </button>
      {!attendee.delegation && (
        <span class="muted small" id={`${id}-hint`}>
          Not recorded: top management represented only by a delegate needs the delegation recorded.
        </span>
      )}
    </form>
  );
}

const SEVERITY_LABEL: Record<Finding["severity"], string> = { nonconformity: "Nonconformity", observation: "Observation", preparation: "To prepare" };

function Readiness({ reference, onGo }: { reference: string; onGo: (tab: Tab, finding: Finding) => void }) {
  const [state, reload] = useAsync(() => reviewCheck(reference), [reference]);
  if (state.status === "loading") return <p class="muted small">Checking…</p>;
  if (state.status === "error") return <LoadError what="The readiness check" onRetry={reload} />;
  const findings = state.data;
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  return (
    <section class="card readiness" aria-labelledby="readiness-title">
      <div class="card-head">
        <h2 id="readiness-title">Readiness</h2>
        <button type="button" class="button small" onClick={reload}>
          Check again
        </button>
      </div>
      <p class="readiness-summary">
        {findings.length === 0 ? (
          <>
            <Icon name="check" /> Nothing an auditor would likely raise.
          </>
        ) : count("preparation") === findings.length ? (
          <>
            <strong class="num">{count("preparation")}</strong> {count("preparation") === 1 ? "task is" : "tasks are"} still to prepare before the meeting, each by its milestone; an auditor judges the records from the meeting on.
          </>
        ) : (
          <>
            <strong class="num">{count("nonconformity")}</strong> {count("nonconformity") === 1 ? "nonconformity" : "nonconformities"} and <strong class="num">{count("observation")}</strong>{" "}
            {count("observation") === 1 ? "observation" : "observations"} an auditor would likely raise, as the records stand today.
            {count("preparation") > 0 && (
              <>
                {" "}
                <strong class="num">{count("preparation")}</strong> {count("preparation") === 1 ? "task is" : "tasks are"} still to prepare before the meeting, each by its milestone.
              </>
            )}
          </>
        )}
      </p>
      <ul class="findings">
        {findings.map((f) => {
          const tab = SECTION_TAB[f.section];
          return (
            <li key={f.id} class={`finding finding-${f.severity}`}>
              <span class={`chip ${f.severity === "nonconformity" ? "chip-overdue" : f.severity === "preparation" ? "chip-open" : "chip-in_progress"}`}>
                <Icon name={f.severity === "nonconformity" ? "alert" : "info"} size={12} />
                <span>{SEVERITY_LABEL[f.severity]}</span>
              </span>
              <div>
                <p>{f.message}</p>
                <p class="muted small">
                  {f.fix} <span class="mono">({f.source})</span>
                </p>
              </div>
              {tab ? (
                <button type="button" class="button small" onClick={() => onGo(tab, f)}>
                  Fix in {SECTION_LABEL[f.section]}
                </button>
              ) : (
                <span class="muted small">{SECTION_LABEL[f.section]}: coming to the window</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Lifecycle({ review, onChanged }: { review: Review; onChanged: OnChanged }) {
  const [on, setOn] = useState("");
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [cancelling, setCancelling] = useState(false);
  const [busy, setBusy] = useState(false);
  const current = STEPS.findIndex((s) => s.status === review.status);
  // The next manual step; approval happens through the minutes, never from here.
  const next = current >= 0 && current < STEPS.length - 2 ? STEPS[current + 1] : null;
  const closed = review.status === "approved" || review.status === "cancelled";
  // As core: the meeting is held from its start, never before; moving it is the way.
  const started = now().getTime() >= meetingInstant(review.startsAt, review.timeZone);
  const gated = !!next && (next.status === "held" || next.status === "minutes_drafted") && !started;
  const notHeld = current >= 0 && current < STEPS.findIndex((s) => s.status === "held");

  const [onError, setOnError] = useState<string | undefined>();
  const move = async (to: Status, note?: string) => {
    const problem = checkDate(on);
    setOnError(problem);
    if (problem) return document.getElementById("lc-on")?.focus();
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

  useCommands("review-lifecycle", next && !closed && !gated ? [{ id: "review-next-step", title: `${next.action} (${review.reference})`, group: "Actions", run: () => move(next.status) }] : [], [next?.status, review.reference]);

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
              <Field id="lc-on" label="On (optional)" hint="The day it happened; today if empty." error={onError}>
                <DateField id="lc-on" value={on} empty="Today" onChange={(v) => (setOn(v), setOnError(undefined))} invalid={!!onError} describedBy={describedBy("lc-on", onError)} />
              </Field>
              <button type="button" id="lc-next" class="button primary" disabled={busy || gated} aria-describedby={gated ? "lc-gate" : undefined} onClick={() => move(next.status)}>
                {next.action}
              </button>
            </div>
          )}
          {gated && (
            <p class="muted small" id="lc-gate">
              The meeting starts {formatMeetingTime(review.startsAt, review.timeZone)}: it can be marked held from then. If it took place earlier, move it to when it happened.
            </p>
          )}
          {notHeld && <MoveMeeting review={review} onChanged={onChanged} />}
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

/** Moves the meeting (wall time in its own zone): to a new date, or to when it really took place. */
function MoveMeeting({ review, onChanged }: { review: Review; onChanged: OnChanged }) {
  const [open, setOpen] = useState(false);
  const [day, setDay] = useState(review.startsAt.slice(0, 10));
  const [time, setTime] = useState(review.startsAt.slice(11, 16));
  const [errors, setErrors] = useState<{ day?: string; time?: string }>({});
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button type="button" id="move-open" class="button ghost" onClick={() => (setOpen(true), setTimeout(() => document.getElementById("move-at")?.focus()))}>
        Move the meeting…
      </button>
    );
  return (
    <form
      class="inline-form move-form"
      aria-label="Move the meeting"
      onSubmit={async (e) => {
        e.preventDefault();
        const found = { day: checkDate(day, "Enter the meeting's day."), time: checkTime(time, "Enter the start time.") };
        setErrors(found);
        if (found.day || found.time) return document.getElementById(found.day ? "move-at" : "move-time")?.focus();
        const at = `${day}T${time}`;
        setBusy(true);
        try {
          onChanged(await reviewMove(review.reference, `${at}:00`));
          showToast({ tone: "success", title: "Meeting moved", message: `${review.reference} now starts ${formatMeetingTime(at, review.timeZone)}.` });
          setOpen(false);
        } catch (error) {
          showError(error);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Field id="move-at" label="On" error={errors.day}>
        <DateField id="move-at" value={day} onChange={(v) => (setDay(v), setErrors({}))} invalid={!!errors.day} describedBy={describedBy("move-at", errors.day, false)} />
      </Field>
      <Field id="move-time" label={`At (${review.timeZone})`} error={errors.time}>
        <TimeField id="move-time" value={time} onChange={(v) => (setTime(v), setErrors({}))} invalid={!!errors.time} describedBy={describedBy("move-time", errors.time, false)} />
      </Field>
      <button type="submit" id="move-save" class="button" disabled={busy}>
        Move
      </button>
      <button type="button" class="button ghost" onClick={() => setOpen(false)}>
        Keep the date
      </button>
    </form>
  );
}

function ReviewActions({ review }: { review: Review }) {
  // Only this review's actions, selected by core.
  const [actions, reload] = useAsync(() => actionsPage({ filter: { reviewId: review.id } }), [review.id]);
  const own = actions.status === "ready" ? actions.data.rows : [];
  return (
    <div class="workspace-grid">
      <section class="card" aria-labelledby="raised-title">
        <h2 id="raised-title">Actions decided at this review</h2>
        {actions.status === "loading" && <p class="muted small">Loading…</p>}
        {actions.status === "error" && <LoadError what="The actions" onRetry={reload} />}
        {actions.status === "ready" && own.length === 0 && <p class="muted">No action has been decided at this review yet.</p>}
        {own.length > 0 && (
          <ul class="panel-list">
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
        )}
      </section>
      {review.status !== "approved" && review.status !== "cancelled" && (
        <RaiseActionForm idPrefix="ra" formId="raise-action-form" class="card panel-form" heading="Raise an action" reviewId={review.id} initial={{ description: "", source: "improvement" }} onRaised={reload} />
      )}
    </div>
  );
}


