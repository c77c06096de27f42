// The IPC contract with the Rust side. Field names are camelCase and enums are string
// unions, as ts-rs will generate them from the Rust structs later; until then this file
// is written by hand and must follow src-tauri's serde shapes exactly.

/** Every command failure, as the backend serialises it. The UI branches on `kind`. */
export interface CommandErrorPayload {
  kind: string;
  message: string;
}

export type StoreState = "missing" | "locked" | "open";
export type KeyMode = "keychain" | "passphrase";

export interface AppInfo {
  version: string;
  storePath: string;
  storeState: StoreState;
  /** The open store's key mode; when locked, that of the store last open (null if unknown). */
  keyMode: KeyMode | null;
  organisation: string | null;
  /** Why the store could not be opened, when it is locked. */
  lastError?: CommandErrorPayload | null;
}

/** `store_create({ request })` */
export interface CreateStoreRequest {
  /** Where to create the store; the backend's default location when absent. */
  path?: string;
  organisation: string;
  leadName: string;
  leadEmail: string;
  /** IANA time zone, e.g. "Europe/London". */
  timeZone: string;
  keyMode: KeyMode;
  /** Required when keyMode is "passphrase" (at least 10 characters). */
  passphrase?: string;
}

/** `store_unlock({ request })` */
export interface UnlockRequest {
  /** Empty for a keychain store: the backend fetches the key from the keychain again. */
  passphrase: string;
}

/** `store_open({ request })`: switch to an existing store file. A passphrase store comes back "locked". */
export interface OpenStoreRequest {
  path: string;
}

/** `store_restore({ request })`: restore a backup as the store (first run, no store yet). */
export interface RestoreStoreRequest {
  backup: string;
  /** Needed when the backup is of a passphrase store. */
  passphrase?: string;
}

export type MilestoneKind =
  | "collect_inputs"
  | "send_invitations"
  | "circulate_pack"
  | "meeting";

export interface Milestone {
  kind: MilestoneKind;
  /** ISO 8601 date (YYYY-MM-DD). */
  date: string;
  done: boolean;
}

/** Review statuses, in the order a review moves through them (cancelled can happen at any point). */
export type ReviewStatus =
  | "planned"
  | "invitations_sent"
  | "pack_circulated"
  | "held"
  | "minutes_drafted"
  | "approved"
  | "cancelled";

export interface NextReview {
  reference: string;
  title: string;
  /** Local wall time of the meeting, "YYYY-MM-DDTHH:MM", in `timeZone` (no offset). */
  startsAt: string;
  /** IANA time zone the wall time is written in, e.g. "Europe/London". */
  timeZone: string;
  status: ReviewStatus;
  milestones: Milestone[];
}

export interface RegisterFigures {
  open: number;
  overdue: number;
  escalated: number;
  /** Share of closed actions closed by their original target date, 0..1; null before anything closed. */
  onTimeShare: number | null;
}

/** The next review's readiness findings; the backend sends null until the check exists. */
export interface Readiness {
  nonconformities: number;
  observations: number;
}

export interface Activity {
  /** RFC 3339 date-time in UTC. */
  at: string;
  person: string;
  /** A sentence from the audit trail, e.g. "Created review MR-2027-01" (bookkeeping left out). */
  summary: string;
}

export interface Dashboard {
  nextReview: NextReview | null;
  register: RegisterFigures;
  readiness: Readiness | null;
  recentActivity: Activity[];
}

export type ReviewKind = "scheduled" | "ad_hoc";
export type ReviewScope = "iso27001" | "soc2" | "both";

/** A review as `reviews_list`, `review_create` and `review_get` return it (core's `review::Review`). */
export interface ReviewSummary {
  id: number;
  reference: string;
  title: string;
  kind: ReviewKind;
  status: ReviewStatus;
  /** Local wall time of the meeting, "YYYY-MM-DDTHH:MM", in `timeZone` (no offset). */
  startsAt: string;
  /** IANA time zone, e.g. "Europe/London". */
  timeZone: string;
  scope: ReviewScope;
  /** The trigger of an ad hoc review; null for a scheduled one. */
  trigger: ReviewTrigger | null;
  triggerText: string | null;
  durationMinutes: number;
  location: string | null;
  /** Days (YYYY-MM-DD) the lifecycle steps happened. */
  invitationsSentOn: string | null;
  packCirculatedOn: string | null;
  heldOn: string | null;
  cancelledReason: string | null;
  /** The day the next review is due, when set (YYYY-MM-DD). */
  nextReviewOn: string | null;
  icalUid: string;
  /** The SOC 2 criteria this review evidences, e.g. "CC2.2". */
  soc2Criteria: string[];
}

export type ReviewTrigger = "major_incident" | "audit_finding" | "regulatory_change" | "organisational_change" | "other";

/** `review_create({ request })`: core's `review::NewReview`. */
export interface NewReviewRequest {
  title: string;
  /** null for a scheduled review. */
  trigger: ReviewTrigger | null;
  triggerText: string | null;
  scope: ReviewScope;
  /** Local wall time "YYYY-MM-DDTHH:MM:SS" in `timeZone`. */
  startsAt: string;
  timeZone: string;
  durationMinutes: number;
  location: string | null;
}

/** Whether the meeting had its quorum (core's `review::QuorumStatus`). */
export interface QuorumStatus {
  chairPresent: boolean;
  topManagementPresent: number;
  membersPresent: number;
  met: boolean;
  /** What is missing, in words. */
  shortfalls: string[];
}

export interface PersonRef {
  id: number;
  name: string;
  email: string | null;
}

export type AttendeeRole =
  | "chair"
  | "top_management"
  | "isms_lead"
  | "minute_taker"
  | "department_head"
  | "internal_audit"
  | "risk_owner"
  | "dpo"
  | "it_security_operations"
  | "guest";
export type Attendance = "unknown" | "present" | "apologies" | "delegate" | "absent";

export interface Attendee {
  person: PersonRef;
  jobTitle: string | null;
  role: AttendeeRole;
  required: boolean;
  topManagement: boolean;
  attendance: Attendance;
  delegateName: string | null;
}

export interface LifecycleStep {
  from: ReviewStatus | null;
  to: ReviewStatus;
  /** RFC 3339. */
  at: string;
  by: string;
  note: string | null;
}

/**
 * `review_get({ request: { reference } })`: core's `review::record::ReviewRecord`. Only the
 * fields the window reads so far are typed here; the record also carries the organisation,
 * document control, agenda, inputs, decisions, actions raised and objectives.
 */
export interface ReviewDetail {
  review: ReviewSummary;
  quorum: QuorumStatus;
  chair: PersonRef | null;
  minuteTaker: PersonRef | null;
  attendees: Attendee[];
  /** The inputs the review's scope requires, in clause order. */
  inputs: InputRecord[];
  transitions: LifecycleStep[];
}

import type { EvidenceInfo } from "./bindings/EvidenceInfo";
export type { EvidenceInfo };

export type InputState = "not_started" | "prepared" | "discussed";

export interface Kpi {
  name: string;
  value: number;
  target: number | null;
  unit: string;
  better: "higher" | "lower";
  previous: number | null;
  trend: "improving" | "worsening" | "unchanged" | "new";
  meetsTarget: boolean | null;
}

/** One required input (9.3.2 a to g, and the SOC 2 inputs). */
export interface InputRecord {
  id: number;
  /** e.g. "d2". */
  code: string;
  /** e.g. "9.3.2 d) 2)" or "SOC 2 (procedure)". */
  clause: string;
  title: string;
  soc2Criteria: string[];
  summary: string;
  presenter: PersonRef | null;
  state: InputState;
  nothingToReport: boolean;
  nothingReason: string | null;
  kpis: Kpi[];
  evidence: EvidenceInfo[];
}

/** `review_input_set({ request })`: absent fields stay as they are. */
export interface SetInputRequest {
  reference: string;
  code: string;
  change: {
    summary?: string;
    state?: InputState;
    /** A reason marks "nothing to report"; "" clears the mark. */
    nothingToReport?: string;
  };
}

/** `review_invite({ request })`: the person by name, email or id. */
export interface InviteRequest {
  reference: string;
  person: string;
  role: AttendeeRole;
  required: boolean;
}

/** `review_attend({ request })` */
export interface AttendRequest {
  reference: string;
  personId: number;
  attendance: Attendance;
  /** Required when attendance is "delegate". */
  delegate?: string;
}

/** Where in the review workspace a finding is fixed. */
export type FindingSection = "details" | "attendance" | "agenda" | "inputs" | "decisions" | "actions" | "approval";

/** `review_check({ request: { reference } })`: one readiness finding. */
export interface Finding {
  /** Stable: the rule, then what it is about ("input-unaddressed/d2"). */
  id: string;
  severity: "nonconformity" | "observation";
  /** The clause or procedure section the rule comes from. */
  source: string;
  message: string;
  /** What to do about it. */
  fix: string;
  section: FindingSection;
  /** Which item of that section (an input code, an agenda position, an action reference). */
  item: string | null;
}

/** `review_transition({ request })` */
export interface TransitionRequest {
  reference: string;
  to: ReviewStatus;
  /** The day it happened (YYYY-MM-DD); today when absent. */
  on?: string;
  /** Required to cancel: the reason. */
  note?: string;
}

export type ActionStatus = "open" | "in_progress" | "completed" | "closed";
export type Priority = "high" | "medium" | "low";
export type ActionSource =
  | "audit_finding"
  | "kpi_gap"
  | "incident"
  | "risk"
  | "nonconformity"
  | "resource_need"
  | "improvement";

/** One row of the action register. */
export interface ActionRow {
  /** e.g. "ACT-2026-004". */
  id: string;
  description: string;
  /** The owner's name; null when nobody owns it yet. */
  owner: string | null;
  /** ISO 8601 date (YYYY-MM-DD); null when none was set. */
  targetDate: string | null;
  priority: Priority | null;
  status: ActionStatus;
  overdue: boolean;
  /**
   * The step of the organisation's escalation path reached (1 = first step); null if never
   * escalated. It stays set after the action is completed or closed.
   */
  escalationLevel: number | null;
  /** The review that decided it; null for an action raised outside a review. */
  reviewReference: string | null;
  source: ActionSource;
}

/** `settings_get`, `retention_set({ request: { years } })` */
export interface StoreSettings {
  /** Years the records are kept; it can only grow (at least 3). */
  retentionYears: number;
}

/** `store_verify`: the store's integrity checks. */
export interface Verification {
  ok: boolean;
  auditEvents: number;
  /** The first audit event whose link does not hold, and why; null when the chain holds. */
  auditBroken: string | null;
  /** Every other fault found (SQLite, SQLCipher page HMACs, foreign keys). */
  faults: string[];
}

/** The `backup-progress` event during `store_backup({ request: { path } })`. */
export interface BackupProgress {
  done: number;
  total: number;
}

/** `people_list({ request: { includeInactive } })`: core's `people::Person`. */
export interface Person {
  id: number;
  name: string;
  email: string | null;
  jobTitle: string | null;
  department: string | null;
  /** The first step of the escalation path for the actions this person owns. */
  lineManager: PersonRef | null;
  topManagement: boolean;
  active: boolean;
}

/** `person_add({ request })`, `person_update({ request: { id, change } })`: absent fields stay; "" clears a text. */
export interface PersonChange {
  name?: string;
  email?: string;
  jobTitle?: string;
  department?: string;
  lineManagerId?: number;
  topManagement?: boolean;
  active?: boolean;
}

/** `action_add({ request })`: core's `register::NewAction`; owner, target date and source are required. */
export interface NewActionRequest {
  description: string;
  source: ActionSource;
  /** The review that raised it (its numeric id). */
  reviewId: number | null;
  ownerId: number;
  /** YYYY-MM-DD. */
  targetOn: string;
  priority: Priority;
}

/** What `action_add` returns (core's `register::Action`); the fields the window reads. */
export interface AddedAction {
  /** e.g. "ACT-2027-001". */
  reference: string;
  description: string;
}

// ---- Action register: detail, bulk status, verification, escalation, export ----
// Core's types come from ./bindings (generated by ts-rs); the shell's own shapes are here.
export type { ActionDetail } from "./bindings/ActionDetail";
export type { Action } from "./bindings/Action";
export type { StatusChange } from "./bindings/StatusChange";
export type { DateRevision } from "./bindings/DateRevision";
export type { Escalation } from "./bindings/Escalation";
export type { EscalationLevel } from "./bindings/EscalationLevel";
export type { Note as ActionNote } from "./bindings/Note";
export type { Verification as ActionVerification } from "./bindings/Verification";
export type { YearView } from "./bindings/YearView";
export type { YearReview } from "./bindings/YearReview";
export type { YearMilestone } from "./bindings/YearMilestone";
export type { YearActionDue } from "./bindings/YearActionDue";
export type { YearHoliday } from "./bindings/YearHoliday";
export type { PlanOutcome } from "./bindings/PlanOutcome";
export type { PlannedReview } from "./bindings/PlannedReview";

/** `actions_bulk_status({ request })`: each action goes through core's status machine on its own. */
export interface BulkStatusRequest {
  references: string[];
  to: ActionStatus;
  note?: string;
  /** Closing is a verification: the verifier (never the owner) … */
  verifierId?: number;
  /** … and the evidence reviewed. */
  evidence?: string;
}

/** What happened to one action of a bulk change. */
export interface BulkOutcome {
  reference: string;
  changed: boolean;
  /** The status after the attempt; null when the action was not found. */
  status: ActionStatus | null;
  /** Core's reason when the change was refused. */
  error: CommandErrorPayload | null;
}

/** `action_verify({ request })` */
export interface VerifyActionRequest {
  reference: string;
  verifierId: number;
  outcome: "accepted" | "rejected";
  evidence: string;
  reason?: string;
}

/** `actions_export({ request })`: writes these actions, in this order, to a new file. */
export interface ExportActionsRequest {
  path: string;
  format: "csv" | "xlsx";
  references: string[];
}

// ---- Calendar ----
export type PlanCadence = "annual" | "half_yearly" | "quarterly" | "months";
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** `calendar_plan({ request })`: core's `schedule::PlanRequest` in the window's words. */
export interface PlanRequest {
  year: number;
  cadence: PlanCadence;
  /** The chosen months (1–12) when cadence is "months". */
  months?: number[];
  /** Month of the first review for the other cadences (1–12). */
  firstMonth?: number;
  weekday: Weekday;
  /** 1–4, or 5 for the last such weekday of the month. */
  weekOfMonth: number;
  /** HH:MM, local to the time zone. */
  time: string;
  durationMinutes: number;
  location?: string;
  /** IANA zone; the organisation's when absent. */
  timeZone?: string;
}

/** `review_invitation` / the notice of `review_cancel`: what was issued and where its files are. */
export interface IssuedFiles {
  reference: string;
  uid: string;
  sequence: number;
  method: "REQUEST" | "CANCEL";
  /** The review's status after issuing. */
  status: ReviewStatus;
  /** Email addresses of the attendees. */
  attendees: string[];
  mailto: string;
  icsPath: string;
  emlPath: string;
}

/** `review_cancel({ request })` */
export interface CancelReviewRequest {
  reference: string;
  reason: string;
  /** Required when invitations went out: the attendees need the cancellation. */
  icsPath?: string;
  emlPath?: string;
}

export interface CancelledReview {
  review: ReviewSummary;
  notice: IssuedFiles | null;
}
