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
  passphrase: string;
}

/** `store_open({ request })`: open an existing store file (not yet in the Rust side). */
export interface OpenStoreRequest {
  path: string;
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
  /** Terse, lower case, from the audit log, e.g. "create person 4". */
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

export interface ReviewSummary {
  reference: string;
  title: string;
  kind: ReviewKind;
  status: ReviewStatus;
  /** Local wall time of the meeting, "YYYY-MM-DDTHH:MM", in `timeZone` (no offset). */
  startsAt: string;
  /** IANA time zone, e.g. "Europe/London". */
  timeZone: string;
  scope: ReviewScope;
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
