// The only door to the backend: nothing else in ui/ imports @tauri-apps/*.
// Every function is typed and async; every failure is a BackendError.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import type {
  ChangeKey,
  HolidayEntry,
  HolidaysImported,
  Objective,
  ObjectiveChange,
  ObjectiveOverview,
  ObjectiveResult,
  Organisation,
  OrganisationChange,
  RecordResult,
  ActionRow,
  ActionRowPage,
  ActionQuery,
  RegisterChoices,
  SimilarAction,
  BoardMember,
  BoardSet,
  ActionDetail,
  ActionRef,
  AddNote,
  AgendaAdd,
  AgendaEdit,
  AgendaItemChange,
  AgendaItemRef,
  AgendaMove,
  AgendaNotes,
  Approve,
  Approved,
  Backup,
  CalendarYear,
  DecisionAdd,
  DecisionNone,
  Conclude,
  SetConclusion,
  SetPeriod,
  DecisionRef,
  DocumentChange,
  DocumentSet,
  EscalateAction,
  ExportPdf,
  ExportProgress,
  ExportSummary,
  HolidaysImport,
  IdentityCreate,
  IdentityImport,
  IdentityInfo,
  SigningSettings,
  TimestampDone,
  TimestampFile,
  SalvageDone,
  SalvageStore,
  InvitationFiles,
  NewDecision,
  ObjectivesFilter,
  OpenFile,
  PathLevel,
  PeopleFilter,
  RemoveKpi,
  Retention,
  ReviewRef,
  ReviewResults,
  Revise,
  ReviseDate,
  SaveEvidence,
  DroppedEvidence,
  ExportAll,
  SetKpi,
  SuggestPath,
  ChooseSave,
  ChooseOpen,
  FilePurpose,
  Reminder,
  ReminderPlace,
  ReminderSettings,
  UpdateObjective,
  UpdatePerson,
  YearExport,
  AppInfo,
  BulkOutcome,
  BulkStatus,
  CancelReview,
  CancelledReview,
  EscalationLevel,
  ExportActions,
  IssuedFiles,
  PlanOutcome,
  PlanRequest,
  VerifyAction,
  YearView,
  Attend,
  Action,
  BackupProgress,
  CommandError,
  CreateStore,
  Dashboard,
  Finding,
  Invite,
  NewAction,
  NewReview,
  OpenStore,
  Person,
  PersonChange,
  RestoreStore,
  SetInput,
  StoreSettings,
  StoreVerification,
  ReviewRecord,
  Review,
  TransitionRequest,
  MoveReview,
  Unlock,
  Distribute,
  MinutesEmail,
  RegistersOverview,
  RegisterKind,
  RegisterLevel,
  RegisterPreview,
  RegisterChanges,
  RegisterTable,
  RegisterFile,
  RegisterAsAt,
  SnapshotInfo,
} from "./types";
import type { NewKpi } from "./types";
import type { AutoBackup, BackupPolicy, Backups, RestoreBackup } from "./types";

export type * from "./types";

/** A failed command: `kind` is stable and meant for code, `message` is for people. */
export class BackendError extends Error {
  readonly kind: string;
  readonly command: string;

  constructor(command: string, kind: string, message: string) {
    super(message);
    this.name = "BackendError";
    this.kind = kind;
    this.command = command;
  }

  static from(command: string, raw: unknown): BackendError {
    if (raw instanceof BackendError) return raw;
    if (isPayload(raw)) return new BackendError(command, raw.kind, raw.message);
    if (typeof raw === "string") return new BackendError(command, "unknown", raw);
    if (raw instanceof Error) return new BackendError(command, "unknown", raw.message);
    return new BackendError(command, "unknown", `The backend failed without saying why (${command}).`);
  }
}

function isPayload(value: unknown): value is CommandError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as CommandError).kind === "string" &&
    typeof (value as CommandError).message === "string"
  );
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw BackendError.from(command, raw);
  }
}

export const appInfo = () => call<AppInfo>("app_info");
export const storeCreate = (request: CreateStore) => call<AppInfo>("store_create", { request });
export const storeOpen = (request: OpenStore) => call<AppInfo>("store_open", { request });
export const storeRestore = (request: RestoreStore) => call<AppInfo>("store_restore", { request });
export const storeOpenDemo = () => call<AppInfo>("store_open_demo");
/** Every readable row of the damaged store into a new one at `out`, which the window then opens. */
export const storeSalvage = (request: SalvageStore) => call<SalvageDone>("store_salvage", { request });
export const storeUnlock = (request: Unlock) => call<AppInfo>("store_unlock", { request });
export const storeLock = () => call<AppInfo>("store_lock");
export const dashboard = () => call<Dashboard>("dashboard");
export const reviewsList = () => call<Review[]>("reviews_list");
export const reviewCreate = (request: NewReview) => call<Review>("review_create", { request });
export const reviewGet = (reference: string) => call<ReviewRecord>("review_get", { request: { reference } satisfies ReviewRef });
export const reviewCheck = (reference: string) => call<Finding[]>("review_check", { request: { reference } satisfies ReviewRef });
export const reviewInvite = (request: Invite) => call<ReviewRecord>("review_invite", { request });
export const reviewAttend = (request: Attend) => call<ReviewRecord>("review_attend", { request });
export const reviewInputSet = (request: SetInput) => call<ReviewRecord>("review_input_set", { request });
export const reviewTransition = (request: TransitionRequest) => call<Review>("review_transition", { request });
/** Moves a review's meeting (wall time in its time zone), e.g. to the day it really took place. */
export const reviewMove = (reference: string, startsAt: string) => call<ReviewRecord>("review_move", { request: { reference, startsAt } satisfies MoveReview });
export const peopleList = (includeInactive = false) => call<Person[]>("people_list", { request: { includeInactive } satisfies PeopleFilter });
export const personAdd = (request: PersonChange) => call<Person>("person_add", { request });
export const personUpdate = (id: number, change: PersonChange) => call<Person>("person_update", { request: { id, change } satisfies UpdatePerson });
export const actionAdd = (request: NewAction) => call<Action>("action_add", { request });
export const actionsList = () => call<ActionRow[]>("actions_list");
/** One page of the register, filtered, searched and sorted by core, with the number of matching rows. */
export const actionsPage = (request: ActionQuery) => call<ActionRowPage>("actions_page", { request });
/** What the register's filters offer: owners and reviews with actions, and whether any lack one. */
export const actionsChoices = () => call<RegisterChoices>("actions_choices");
/** Open actions whose description matches `description`, most similar first (core's rule). */
export const actionsLike = (description: string) => call<SimilarAction[]>("actions_like", { description });
export const actionGet = (reference: string) => call<ActionDetail>("action_get", { request: { reference } satisfies ActionRef });
/** The review board: who every new review invites, with the role. */
export const boardList = () => call<BoardMember[]>("board_list");
export const boardSet = (request: BoardSet) => call<BoardMember[]>("board_set", { request });
export const boardRemove = (personId: number) => call<BoardMember[]>("board_remove", { personId });
/** Invites the board to every review still planned; the references changed. */
export const boardApply = () => call<string[]>("board_apply");
export const escalationPath = () => call<EscalationLevel[]>("escalation_path");
/** Replaces the escalation path, lowest level first; a level without a person means the owner's line manager. */
export const escalationPathSet = (levels: PathLevel[]) => call<EscalationLevel[]>("escalation_path_set", { request: levels });
/** Changes each action on its own through core's status machine; reports which changed and which were refused. */
export const actionsBulkStatus = (request: BulkStatus) => call<BulkOutcome[]>("actions_bulk_status", { request });
export const actionVerify = (request: VerifyAction) => call<ActionDetail>("action_verify", { request });
export const actionEscalate = (reference: string, note?: string, force = false) => call<ActionDetail>("action_escalate", { request: { reference, note, force } satisfies EscalateAction });
export const actionReviseDate = (reference: string, date: string, reason: string) => call<ActionDetail>("action_revise_date", { request: { reference, date, reason } satisfies ReviseDate });
export const actionNote = (reference: string, note: string) => call<ActionDetail>("action_note", { request: { reference, note } satisfies AddNote });
/** Writes the listed actions as CSV or XLSX to a new file; returns the path written. */
export const actionsExport = (request: ExportActions) => call<string>("actions_export", { request });
export const calendarYear = (year: number) => call<YearView>("calendar_year", { request: { year } satisfies CalendarYear });
export const calendarPlan = (request: PlanRequest) => call<PlanOutcome>("calendar_plan", { request });
/** The ISMS lead's calendar of the year (.ics), to a new file; returns the path. */
export const calendarExportIcs = (year: number, path: string) => call<string>("calendar_export_ics", { request: { year, path } satisfies YearExport });
/** The one-page year planner (PDF), to a new file; returns the path. */
export const calendarExportPlanner = (year: number, path: string) => call<string>("calendar_export_planner", { request: { year, path } satisfies YearExport });
/** Issues the review's invitation and writes the .ics and the .eml draft. */
export const reviewInvitation = (reference: string, icsPath: string, emlPath: string) => call<IssuedFiles>("review_invitation", { request: { reference, icsPath, emlPath } satisfies InvitationFiles });
export const reviewWasInvited = (reference: string) => call<boolean>("review_was_invited", { request: { reference } satisfies ReviewRef });
export const reviewCancel = (request: CancelReview) => call<CancelledReview>("review_cancel", { request });
export const settingsGet = () => call<StoreSettings>("settings_get");
export const retentionSet = (years: number) => call<StoreSettings>("retention_set", { request: { years } satisfies Retention });
/** A path in the exports folder for `fileName` that names no existing file (Quorum never overwrites). */
export const exportPathSuggest = (fileName: string) => call<string>("export_path_suggest", { request: { fileName } satisfies SuggestPath });
/**
 * The system's Save dialog, opened on a suggested path (folder and name). Resolves with the
 * chosen path, or null when the user cancelled (then nothing must be written). The system
 * asks before an existing file is chosen; the next export to that path then replaces it.
 */
export const chooseSavePath = (suggestedPath: string) => call<string | null>("file_choose_save", { request: { suggestedPath } satisfies ChooseSave });
/** The system's Open dialog for a store, a backup, a holidays file or evidence; null when cancelled. */
export const chooseOpenPath = (purpose: FilePurpose) => call<string | null>("file_choose_open", { request: { purpose } satisfies ChooseOpen });
/** What to act on soon (actions due or overdue, milestones, minutes awaiting approval, the signing identity), of the kinds chosen. */
export const reminders = () => call<Reminder[]>("reminders");
/** This computer's choices for reminders: notifications on or off, which kinds, quiet hours. */
export const reminderSettings = () => call<ReminderSettings>("reminder_settings");
export const reminderSettingsSet = (request: ReminderSettings) => call<ReminderSettings>("reminder_settings_set", { request });
/**
 * Files a second launch of Quorum was asked to open (the running window is brought forward
 * instead). Returns the function that stops listening.
 */
export async function onFileHandoff(open: (path: string) => void): Promise<() => void> {
  return listen<string>("file-handoff", (event) => open(event.payload));
}
/**
 * Clicks on a reminder notification (src-tauri/src/reminders.rs): the place to act, or null
 * for the dashboard's reminders card. Returns the function that stops listening.
 */
export async function onReminderOpen(open: (place: ReminderPlace | null) => void): Promise<() => void> {
  return listen<ReminderPlace | null>("reminder-open", (event) => open(event.payload));
}
/** Opens a file Quorum wrote in the system's program for it (PDF reader, mail program for .eml). */
export const fileOpen = (path: string) => call<void>("file_open", { request: { path } satisfies OpenFile });
/** Shows a file Quorum wrote in the system's file manager, selected. */
export const fileShowInFolder = (path: string) => call<void>("file_show_in_folder", { request: { path } satisfies OpenFile });
/** Adds a KPI to an input, or replaces the one with the same name. */
export const reviewKpiSet = (reference: string, code: string, kpi: NewKpi) => call<ReviewRecord>("review_kpi_set", { request: { reference, code, kpi } satisfies SetKpi });
export const reviewKpiRemove = (reference: string, code: string, name: string) => call<ReviewRecord>("review_kpi_remove", { request: { reference, code, name } satisfies RemoveKpi });

/**
 * Stores a file as evidence for an input. The file travels as raw bytes (no JSON array, no
 * base64); what it is for travels in percent-encoded headers.
 */
export async function evidenceAdd(reference: string, code: string, file: { name: string; bytes: Uint8Array }): Promise<ReviewRecord> {
  const headers = { "x-review": encodeURIComponent(reference), "x-input": encodeURIComponent(code), "x-file-name": encodeURIComponent(file.name) };
  try {
    return await invoke<ReviewRecord>("evidence_add", file.bytes, { headers });
  } catch (raw) {
    throw BackendError.from("evidence_add", raw);
  }
}

/** Stores a file dropped on the real window, by its path (Tauri's drop event carries paths, not bytes). */
export const evidenceAddPath = (reference: string, code: string, path: string) => call<ReviewRecord>("evidence_add_path", { request: { reference, code, path } satisfies DroppedEvidence });

/**
 * Files dropped on the real window. With Tauri's own drag-and-drop handler on, the page's HTML
 * drop events may never arrive (WebKitGTK, WebView2), so the window listens to Tauri's event:
 * the files' paths and where they were dropped, in CSS pixels. A no-op outside Tauri.
 */
export async function onFilesDropped(handler: (paths: string[], at: { x: number; y: number }) => void): Promise<() => void> {
  try {
    return await getCurrentWebview().onDragDropEvent((event) => {
      if (event.payload.type !== "drop") return;
      const scale = window.devicePixelRatio || 1;
      handler(event.payload.paths, { x: event.payload.position.x / scale, y: event.payload.position.y / scale });
    });
  } catch {
    return () => {};
  }
}

/** Writes a copy of an evidence file to `path` (checked against its SHA-256 first). Returns the path written. */
export const evidenceSave = (id: number, path: string) => call<string>("evidence_save", { request: { id, path } satisfies SaveEvidence });
/** Writes everything in the store to one new JSON file (readable without Quorum). Returns the path written. */
export const storeExportJson = (path: string) => call<string>("store_export_json", { request: { path } satisfies ExportAll });
export const storeVerify = () => call<StoreVerification>("store_verify");
export const organisationGet = () => call<Organisation>("organisation_get");
/** Saves the fields given; absent fields stay as they are. */
export const organisationSet = (request: OrganisationChange) => call<Organisation>("organisation_set", { request });
export const holidaysList = () => call<HolidayEntry[]>("holidays_list");
/** Reads a holidays file (YYYY-MM-DD,Name lines or an .ics calendar) and stores its days. */
export const holidaysImport = (path: string) => call<HolidaysImported>("holidays_import", { request: { path } satisfies HolidaysImport });
/** Re-keys the open store (a new passphrase, or a new key in the keychain); slow on a large store. */
export const storeChangeKey = (request: ChangeKey) => call<AppInfo>("store_change_key", { request });
export const objectivesList = (includeInactive = false) => call<ObjectiveOverview[]>("objectives_list", { request: { includeInactive } satisfies ObjectivesFilter });
export const objectiveAdd = (request: ObjectiveChange) => call<Objective>("objective_add", { request });
export const objectiveUpdate = (id: number, change: ObjectiveChange) => call<Objective>("objective_update", { request: { id, change } satisfies UpdateObjective });
export const objectiveResultSet = (request: RecordResult) => call<ObjectiveResult>("objective_result_set", { request });
export const objectiveResults = (reference: string) => call<ObjectiveResult[]>("objective_results", { request: { reference } satisfies ReviewResults });

/** Writes an encrypted backup to `path`; `onProgress` hears the pages copied so far. Returns the path written. */
export async function storeBackup(path: string, onProgress: (progress: BackupProgress) => void): Promise<string> {
  const stop = await listen<BackupProgress>("backup-progress", (event) => onProgress(event.payload));
  try {
    return await call<string>("store_backup", { request: { path } satisfies Backup });
  } finally {
    stop();
  }
}

export const reviewAgendaAdd = (reference: string, item: AgendaItemChange) => call<ReviewRecord>("review_agenda_add", { request: { reference, item } satisfies AgendaAdd });
export const reviewAgendaEdit = (reference: string, position: number, change: AgendaItemChange) => call<ReviewRecord>("review_agenda_edit", { request: { reference, position, change } satisfies AgendaEdit });
export const reviewAgendaMove = (reference: string, from: number, to: number) => call<ReviewRecord>("review_agenda_move", { request: { reference, from, to } satisfies AgendaMove });
export const reviewAgendaRemove = (reference: string, position: number) => call<ReviewRecord>("review_agenda_remove", { request: { reference, position } satisfies AgendaItemRef });
/** Saves the minutes (discussion notes) of one agenda item. */
export const reviewAgendaNotes = (reference: string, position: number, notes: string) => call<ReviewRecord>("review_agenda_notes", { request: { reference, position, notes } satisfies AgendaNotes });
export const reviewDecisionAdd = (reference: string, decision: NewDecision) => call<ReviewRecord>("review_decision_add", { request: { reference, decision } satisfies DecisionAdd });
/** Records that an output area needs no decision, and why. */
/** Records top management's conclusion on the ISMS (9.3.1): three verdicts, each with its rationale. */
export const reviewConclude = (reference: string, conclusion: SetConclusion) => call<ReviewRecord>("review_conclude", { request: { reference, conclusion } satisfies Conclude });
/** Sets the period the review covers, with the reason; without dates, back to the default. */
export const reviewPeriodSet = (request: SetPeriod) => call<ReviewRecord>("review_period_set", { request });
export const reviewDecisionNone = (reference: string, area: DecisionNone["area"], reason: string) => call<ReviewRecord>("review_decision_none", { request: { reference, area, reason } satisfies DecisionNone });
export const reviewDecisionRemove = (reference: string, id: number) => call<ReviewRecord>("review_decision_remove", { request: { reference, id } satisfies DecisionRef });
export const reviewDocumentSet = (reference: string, change: DocumentChange) => call<ReviewRecord>("review_document_set", { request: { reference, change } satisfies DocumentSet });
/** Records the approval of the chair or a named approver; the last one locks the minutes. */
export const reviewApprove = (reference: string, personId: number, anyway?: string) => call<Approved>("review_approve", { request: { reference, personId, anyway } satisfies Approve });
/** Opens the next revision of approved minutes (1.0 → 1.1) with what it changes. */
export const reviewRevise = (reference: string, particulars: string) => call<ReviewRecord>("review_revise", { request: { reference, particulars } satisfies Revise });
/** Records that the newest approved version reached people (the attendees when `people` is empty), when and how. */
export const reviewDistribute = (request: Distribute) => call<ReviewRecord>("review_distribute", { request });
/** Writes the unsent email (.eml) that carries the signed minutes at `pdfPath` to the attendees; returns its path. */
export const reviewMinutesEmail = (reference: string, pdfPath: string, out: string) => call<string>("review_minutes_email", { request: { reference, pdfPath, out } satisfies MinutesEmail });
export const identityGet = () => call<IdentityInfo | null>("identity_get");
export const identityCreate = (commonName?: string) => call<IdentityInfo>("identity_create", { request: { commonName: commonName || undefined, replace: false } satisfies IdentityCreate });
/** Replaces the seal with a new self-signed one; core keeps the old certificate, so files signed before stay verifiable. */
export const identityRenew = () => call<IdentityInfo>("identity_create", { request: { replace: true } satisfies IdentityCreate });
export const identityImport = (path: string, password: string, replace = false) => call<IdentityInfo>("identity_import", { request: { path, password, replace } satisfies IdentityImport });
/** Where and how signatures are made: the location and contact they carry, and the time-stamping authority (empty: none). */
export const identitySettingsGet = () => call<SigningSettings>("identity_settings_get");
/** Saves the signing settings; core trims them and refuses a TSA URL that is not http:// or https://. */
export const identitySettingsSet = (request: SigningSettings) => call<SigningSettings>("identity_settings_set", { request });
/** Core's sentence when the signing certificate expires within 90 days or has expired; null otherwise or without an identity. */
export const identityWarning = () => call<string | null>("identity_warning");
/** A document timestamp (and its signatures' revocation data) appended to a signed PDF. */
export const pdfTimestamp = (path: string) => call<TimestampDone>("pdf_timestamp", { request: { path } satisfies TimestampFile });

/** Writes a review's minutes (or its audit pack) as PDF; `onProgress` hears each stage. */
export async function exportPdf(what: "minutes" | "pack", request: ExportPdf, onProgress: (progress: ExportProgress) => void): Promise<ExportSummary> {
  const stop = await listen<ExportProgress>("export-progress", (event) => onProgress(event.payload));
  try {
    return await call<ExportSummary>(what === "minutes" ? "export_minutes" : "export_pack", { request });
  } finally {
    stop();
  }
}

/** The four registers (risks, incidents, internal audit findings, supplier reviews): each one's newest snapshot, and the risk appetite. */
export const registersOverview = () => call<RegistersOverview>("registers_overview");
/** What importing the file would do (the mapping, every row's problems, the changes since the newest snapshot); nothing is written. */
export const registersPreview = (request: RegisterFile) => call<RegisterPreview>("registers_preview", { request });
/** Imports the file as a new snapshot; refused whole (an "invalid" error naming the row and column) when any row is wrong. */
export const registersImport = (request: RegisterFile) => call<SnapshotInfo>("registers_import", { request });
/** A register as it stood on a day (its newest snapshot without one). */
export const registersList = (kind: RegisterKind, asAt?: string) => call<RegisterTable>("registers_list", { request: { kind, asAt } satisfies RegisterAsAt });
/** Every snapshot of a register, newest first. */
export const registersSnapshots = (kind: RegisterKind) => call<SnapshotInfo[]>("registers_snapshots", { kind });
/** What changed from snapshot `from` to snapshot `to` (by row ID). */
export const registersChanges = (from: number, to: number) => call<RegisterChanges>("registers_changes", { from, to });
/** Writes a register's empty template to a new file (.xlsx or .csv by the name). */
export const registersTemplate = (kind: RegisterKind, path: string) => call<void>("registers_template", { kind, path });
export const registersAppetiteSet = (level: RegisterLevel) => call<RegisterLevel>("registers_appetite_set", { level });
// ---- Automatic backups (issue 18) ----
/** The store's automatic backups (newest first), the folder beside the store that holds them, and the policy. */
export const backupsList = () => call<Backups>("backups_list");
/** The day's backup, if today (UTC) has none and the policy is on; null otherwise. Asked once per store open. */
export const backupsDaily = () => call<AutoBackup | null>("backups_daily");
/** Saves the policy (core refuses keeping 0 or more than 365 daily, more than 520 weekly) and rotates at once. */
export const backupsPolicySet = (policy: BackupPolicy) => call<BackupPolicy>("backups_policy_set", { policy });
/**
 * Replaces the open store with one of its automatic backups, after backing up the store as it is.
 * Fails "wrong_key"/"no_key" when the backup needs the passphrase it was taken with: ask, and retry with it.
 */
export const backupsRestore = (request: RestoreBackup) => call<AppInfo>("backups_restore", { request });
// ---- end of automatic backups ----
