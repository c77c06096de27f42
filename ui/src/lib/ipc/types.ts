// The IPC contract with the Rust side, generated: every type that crosses IPC comes from
// ./bindings, written by ts-rs from the Rust types (`cargo test -p quorum-core` for core's,
// `cargo test -p quorum-app` for the shell's own requests and responses). Nothing here is
// a hand-written copy; the aliases below only name parts of generated types.

// The shell's requests and responses (src-tauri).
export type { AppInfo } from "./bindings/AppInfo";
export type { Attend } from "./bindings/Attend";
export type { Backup } from "./bindings/Backup";
export type { BackupProgress } from "./bindings/BackupProgress";
export type { CommandError } from "./bindings/CommandError";
export type { CreateStore } from "./bindings/CreateStore";
export type { Invite } from "./bindings/Invite";
export type { OpenFile } from "./bindings/OpenFile";
export type { OpenStore } from "./bindings/OpenStore";
export type { PeopleFilter } from "./bindings/PeopleFilter";
export type { RestoreStore } from "./bindings/RestoreStore";
export type { Retention } from "./bindings/Retention";
export type { ReviewRef } from "./bindings/ReviewRef";
export type { SetInput } from "./bindings/SetInput";
export type { StoreSettings } from "./bindings/StoreSettings";
export type { SuggestPath } from "./bindings/SuggestPath";
export type { TransitionRequest } from "./bindings/TransitionRequest";
export type { Unlock } from "./bindings/Unlock";
export type { UpdatePerson } from "./bindings/UpdatePerson";
export type { StoreVerification } from "./bindings/StoreVerification";
export type { ChangeKey } from "./bindings/ChangeKey";
export type { HolidayEntry } from "./bindings/HolidayEntry";
export type { HolidaysImport } from "./bindings/HolidaysImport";
export type { HolidaysImported } from "./bindings/HolidaysImported";
export type { LatestResult } from "./bindings/LatestResult";
export type { ObjectiveOverview } from "./bindings/ObjectiveOverview";
export type { ObjectivesFilter } from "./bindings/ObjectivesFilter";
export type { RecordResult } from "./bindings/RecordResult";
export type { ReviewResults } from "./bindings/ReviewResults";
export type { UpdateObjective } from "./bindings/UpdateObjective";

// Core's types (crates/core).
export type { Action } from "./bindings/Action";
export type { ActionRow } from "./bindings/ActionRow";
export type { ActionStatus } from "./bindings/ActionStatus";
export type { Activity } from "./bindings/Activity";
export type { AgendaItem } from "./bindings/AgendaItem";
export type { Approval } from "./bindings/Approval";
export type { ApprovalState } from "./bindings/ApprovalState";
export type { Area } from "./bindings/Area";
export type { AreaNone } from "./bindings/AreaNone";
export type { Attendee } from "./bindings/Attendee";
export type { Better } from "./bindings/Better";
export type { CarriedAction } from "./bindings/CarriedAction";
export type { Dashboard } from "./bindings/Dashboard";
export type { Decision } from "./bindings/Decision";
export type { DocumentControl } from "./bindings/DocumentControl";
export type { EvidenceInfo } from "./bindings/EvidenceInfo";
export type { Finding } from "./bindings/Finding";
export type { InputChange } from "./bindings/InputChange";
export type { InputRecord } from "./bindings/InputRecord";
export type { InputState } from "./bindings/InputState";
export type { Kpi } from "./bindings/Kpi";
export type { Met } from "./bindings/Met";
export type { Milestone } from "./bindings/Milestone";
export type { NewAction } from "./bindings/NewAction";
export type { NewReview } from "./bindings/NewReview";
export type { NextReview } from "./bindings/NextReview";
export type { Objective } from "./bindings/Objective";
export type { ObjectiveChange } from "./bindings/ObjectiveChange";
export type { ObjectiveResult } from "./bindings/ObjectiveResult";
export type { Organisation } from "./bindings/Organisation";
export type { OrganisationChange } from "./bindings/OrganisationChange";
export type { Outcome } from "./bindings/Outcome";
export type { Person } from "./bindings/Person";
export type { PersonChange } from "./bindings/PersonChange";
export type { PersonRef } from "./bindings/PersonRef";
export type { Priority } from "./bindings/Priority";
export type { QuorumRule } from "./bindings/QuorumRule";
export type { QuorumStatus } from "./bindings/QuorumStatus";
export type { Readiness } from "./bindings/Readiness";
export type { RegisterFigures } from "./bindings/RegisterFigures";
export type { Review } from "./bindings/Review";
export type { ReviewLink } from "./bindings/ReviewLink";
export type { ReviewRecord } from "./bindings/ReviewRecord";
export type { Revision } from "./bindings/Revision";
export type { Scope } from "./bindings/Scope";
export type { Severity } from "./bindings/Severity";
export type { Source } from "./bindings/Source";
export type { Status } from "./bindings/Status";
export type { Transition } from "./bindings/Transition";
export type { Trend } from "./bindings/Trend";
export type { Trigger } from "./bindings/Trigger";

import type { AppInfo } from "./bindings/AppInfo";
import type { Attendee } from "./bindings/Attendee";
import type { Finding } from "./bindings/Finding";
import type { Milestone } from "./bindings/Milestone";
import type { Review } from "./bindings/Review";

// Vocabularies that Rust keeps as checked text: named from the generated fields.
export type StoreState = AppInfo["storeState"];
export type KeyMode = NonNullable<AppInfo["keyMode"]>;
export type ReviewKind = Review["kind"];
export type AttendeeRole = Attendee["role"];
export type Attendance = Attendee["attendance"];
export type MilestoneKind = Milestone["kind"];
/** Where in the review workspace a finding is fixed. */
export type FindingSection = Finding["section"];

// Core types the review workspace, the register and the calendar use.
export type { ExportStage } from "./bindings/ExportStage";
export type { ExportSummary } from "./bindings/ExportSummary";
export type { IdentityInfo } from "./bindings/IdentityInfo";
export type { NewKpi } from "./bindings/NewKpi";
import type { ActionStatus } from "./bindings/ActionStatus";
import type { ApprovalState } from "./bindings/ApprovalState";
import type { Area } from "./bindings/Area";
import type { CommandError } from "./bindings/CommandError";
import type { ExportStage } from "./bindings/ExportStage";
import type { ReviewRecord } from "./bindings/ReviewRecord";
import type { Status } from "./bindings/Status";

// ---- Action register: detail, bulk status, verification, escalation, export ----
// Core's types come from ./bindings (generated by ts-rs); the shell's own shapes are here.
export type { ActionDetail } from "./bindings/ActionDetail";
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
  error: CommandError | null;
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
  status: Status;
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
  review: Review;
  notice: IssuedFiles | null;
}

/** `review_agenda_add` / `review_agenda_edit`: core's `agenda::ItemChange`; absent fields stay. */
export interface AgendaItemChange {
  title?: string;
  minutesAllocated?: number;
  presenterId?: number;
  /** Replaces the input codes the item covers. */
  inputs?: string[];
}

/** `review_decision_add({ request: { reference, decision } })`: core's `decisions::NewDecision`. */
export interface NewDecision {
  area: Area;
  text: string;
  rationale?: string;
  /** Input codes the decision answers. */
  inputs: string[];
  /** Approved exceptions only: why, and the day it is reviewed again (YYYY-MM-DD). */
  justification?: string;
  exceptionReviewOn?: string;
}

/** `review_document_set({ request: { reference, change } })`: core's `approval::DocumentChange`. */
export interface DocumentChange {
  classification?: string;
  authorId?: number;
  reviewerId?: number;
  ownerId?: number;
  distribution?: string[];
  /** Who approves besides the chair (replaces the list). */
  approvers?: number[];
}

/** What `review_approve` answers. */
export interface Approved {
  approval: ApprovalState;
  record: ReviewRecord;
}

/** `export_minutes` / `export_pack({ request })` */
export interface ExportRequest {
  reference: string;
  path: string;
  pageSize: "a4" | "letter";
  sign: boolean;
  location?: string;
}

/** The `export-progress` event during an export. */
export interface ExportProgress {
  what: "minutes" | "pack";
  stage: ExportStage;
  /** The stage in words ("laying out the pages"). */
  label: string;
  /** 0 to 1. */
  fraction: number;
}
