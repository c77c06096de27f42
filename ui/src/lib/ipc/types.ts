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

export interface NextReview {
  reference: string;
  title: string;
  /** ISO 8601 date-time with offset. */
  startsAt: string;
  milestones: Milestone[];
}

export interface RegisterFigures {
  open: number;
  overdue: number;
  escalated: number;
  /** Share of actions completed by their target date, 0..1. */
  onTimeShare: number;
}

export interface Readiness {
  nonconformities: number;
  observations: number;
}

export interface ActivityEntry {
  /** ISO 8601 date-time. */
  at: string;
  person: string;
  summary: string;
}

export interface Dashboard {
  nextReview: NextReview | null;
  register: RegisterFigures;
  readiness: Readiness | null;
  recentActivity: ActivityEntry[];
}

export type ReviewKind = "scheduled" | "ad_hoc";
export type ReviewStatus = "planned" | "in_preparation" | "held" | "approved" | "cancelled";

export interface ReviewSummary {
  reference: string;
  title: string;
  kind: ReviewKind;
  status: ReviewStatus;
  /** ISO 8601 date-time with offset. */
  startsAt: string;
  scope: string;
}

export type ActionStatus = "open" | "in_progress" | "completed" | "closed";
export type Priority = "high" | "medium" | "low";
export type ActionSource =
  | "audit_finding"
  | "kpi_gap"
  | "incident"
  | "risk"
  | "resource_need"
  | "nonconformity"
  | "improvement";

export interface ActionSummary {
  /** e.g. "ACT-2026-004". */
  id: string;
  description: string;
  owner: string;
  /** ISO 8601 date (YYYY-MM-DD). */
  targetDate: string;
  priority: Priority;
  status: ActionStatus;
  overdue: boolean;
  /** 1 line manager, 2 department head, 3 CISO, 4 executive leadership; null if not escalated. */
  escalationLevel: number | null;
  reviewReference: string;
  source: ActionSource;
}
