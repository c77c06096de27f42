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
export type { ChooseSave } from "./bindings/ChooseSave";
export type { ChooseOpen } from "./bindings/ChooseOpen";
export type { FilePurpose } from "./bindings/FilePurpose";
export type { ReminderSettings } from "./bindings/ReminderSettings";
export type { Reminder } from "./bindings/Reminder";
export type { ReminderKind } from "./bindings/ReminderKind";
export type { Place as ReminderPlace } from "./bindings/Place";
export type { TransitionRequest } from "./bindings/TransitionRequest";
export type { MoveReview } from "./bindings/MoveReview";
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
export type { ActionRowPage } from "./bindings/ActionRowPage";
export type { ActionQuery } from "./bindings/ActionQuery";
export type { ActionFilter } from "./bindings/ActionFilter";
export type { ActionSort } from "./bindings/ActionSort";
export type { RegisterChoices } from "./bindings/RegisterChoices";
export type { SimilarAction } from "./bindings/SimilarAction";
export type { BoardMember } from "./bindings/BoardMember";
export type { BoardSet } from "./bindings/BoardSet";
export type { ReviewChoice } from "./bindings/ReviewChoice";
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
export type { AgendaItemChange } from "./bindings/AgendaItemChange";
export type { DocumentChange } from "./bindings/DocumentChange";
export type { ExportStage } from "./bindings/ExportStage";
export type { ExportSummary } from "./bindings/ExportSummary";
export type { IdentityInfo } from "./bindings/IdentityInfo";
export type { SigningSettings } from "./bindings/SigningSettings";
export type { TimestampDone } from "./bindings/TimestampDone";
export type { SalvageDone } from "./bindings/SalvageDone";
export type { SalvageStore } from "./bindings/SalvageStore";
export type { TimestampFile } from "./bindings/TimestampFile";
export type { Issued } from "./bindings/Issued";
export type { NewDecision } from "./bindings/NewDecision";
export type { NewKpi } from "./bindings/NewKpi";

// ---- Action register: detail, bulk status, verification, escalation, export ----
export type { ActionDetail } from "./bindings/ActionDetail";
export type { StatusChange } from "./bindings/StatusChange";
export type { DateRevision } from "./bindings/DateRevision";
export type { Escalation } from "./bindings/Escalation";
export type { EscalationLevel } from "./bindings/EscalationLevel";
export type { Note as ActionNote } from "./bindings/Note";
export type { Verification as ActionVerification } from "./bindings/Verification";
// The shell's requests and responses (src-tauri/src/commands/register.rs).
export type { ActionRef } from "./bindings/ActionRef";
export type { AddNote } from "./bindings/AddNote";
export type { BulkOutcome } from "./bindings/BulkOutcome";
export type { BulkStatus } from "./bindings/BulkStatus";
export type { EscalateAction } from "./bindings/EscalateAction";
export type { ExportActions } from "./bindings/ExportActions";
export type { PathLevel } from "./bindings/PathLevel";
export type { ReviseDate } from "./bindings/ReviseDate";
export type { VerifyAction } from "./bindings/VerifyAction";

// ---- Calendar ----
export type { YearView } from "./bindings/YearView";
export type { YearReview } from "./bindings/YearReview";
export type { YearMilestone } from "./bindings/YearMilestone";
export type { YearActionDue } from "./bindings/YearActionDue";
export type { YearHoliday } from "./bindings/YearHoliday";
export type { PlanOutcome } from "./bindings/PlanOutcome";
export type { PlannedReview } from "./bindings/PlannedReview";
// The shell's requests and responses (src-tauri/src/commands/calendar.rs).
export type { CalendarYear } from "./bindings/CalendarYear";
export type { CancelReview } from "./bindings/CancelReview";
export type { CancelledReview } from "./bindings/CancelledReview";
export type { InvitationFiles } from "./bindings/InvitationFiles";
export type { IssuedFiles } from "./bindings/IssuedFiles";
export type { PlanRequest } from "./bindings/PlanRequest";
export type { YearExport } from "./bindings/YearExport";

import type { PlanRequest } from "./bindings/PlanRequest";
export type PlanCadence = PlanRequest["cadence"];
export type Weekday = PlanRequest["weekday"];

// ---- Review workspace: agenda and minutes, decisions, document control, approval, exports,
// signing identity (src-tauri/src/commands/review.rs) and an input's KPIs and evidence
// (src-tauri/src/commands/inputs.rs).
export type { AgendaAdd } from "./bindings/AgendaAdd";
export type { AgendaEdit } from "./bindings/AgendaEdit";
export type { AgendaItemRef } from "./bindings/AgendaItemRef";
export type { AgendaMove } from "./bindings/AgendaMove";
export type { AgendaNotes } from "./bindings/AgendaNotes";
export type { Approve } from "./bindings/Approve";
export type { Approved } from "./bindings/Approved";
export type { DecisionAdd } from "./bindings/DecisionAdd";
export type { DecisionNone } from "./bindings/DecisionNone";
export type { Conclude } from "./bindings/Conclude";
export type { Conclusion } from "./bindings/Conclusion";
export type { Judgement } from "./bindings/Judgement";
export type { Period } from "./bindings/Period";
export type { SetConclusion } from "./bindings/SetConclusion";
export type { SetPeriod } from "./bindings/SetPeriod";
export type { Verdict } from "./bindings/Verdict";
export type { DecisionRef } from "./bindings/DecisionRef";
export type { DocumentSet } from "./bindings/DocumentSet";
export type { ExportPdf } from "./bindings/ExportPdf";
export type { ExportProgress } from "./bindings/ExportProgress";
export type { IdentityCreate } from "./bindings/IdentityCreate";
export type { IdentityImport } from "./bindings/IdentityImport";
export type { RemoveKpi } from "./bindings/RemoveKpi";
export type { Revise } from "./bindings/Revise";
export type { SaveEvidence } from "./bindings/SaveEvidence";
export type { DroppedEvidence } from "./bindings/DroppedEvidence";
export type { ExportAll } from "./bindings/ExportAll";
export type { SetKpi } from "./bindings/SetKpi";
// Distribution of the approved minutes (src-tauri/src/commands/mod.rs).
export type { Distribute } from "./bindings/Distribute";
export type { Distribution } from "./bindings/Distribution";
export type { Method as DistributionMethod } from "./bindings/Method";
export type { MinutesEmail } from "./bindings/MinutesEmail";

// ---- Registers: the organisation's risk, incident, internal audit and supplier registers,
// imported as dated snapshots (src-tauri/src/commands/registers.rs, crates/core/src/registers).
export type { RegistersOverview } from "./bindings/RegistersOverview";
export type { RegisterSummary } from "./bindings/RegisterSummary";
export type { RegisterKind } from "./bindings/RegisterKind";
export type { RegisterLevel } from "./bindings/RegisterLevel";
export type { SnapshotInfo } from "./bindings/SnapshotInfo";
export type { FieldInfo } from "./bindings/FieldInfo";
export type { Preview as RegisterPreview } from "./bindings/Preview";
export type { Problem as RegisterProblem } from "./bindings/Problem";
export type { Changes as RegisterChanges } from "./bindings/Changes";
export type { ChangedRow } from "./bindings/ChangedRow";
export type { RegisterTable } from "./bindings/RegisterTable";
export type { RegisterFile } from "./bindings/RegisterFile";
export type { RegisterAsAt } from "./bindings/RegisterAsAt";
export type { RegisterExtract } from "./bindings/RegisterExtract";
export type { Figure as RegisterFigure } from "./bindings/Figure";
export type { Concern as RegisterConcern } from "./bindings/Concern";
export type { ConcernKind } from "./bindings/ConcernKind";
// Automatic backups (issue 18: src-tauri/src/commands/backups.rs, core's store::autobackup).
export type { AutoBackup } from "./bindings/AutoBackup";
export type { BackupPolicy } from "./bindings/BackupPolicy";
export type { BackupReason } from "./bindings/BackupReason";
export type { Backups } from "./bindings/Backups";
export type { RestoreBackup } from "./bindings/RestoreBackup";
