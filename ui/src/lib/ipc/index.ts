// The only door to the backend: nothing else in ui/ imports @tauri-apps/*.
// Every function is typed and async; every failure is a BackendError.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
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
  Action,
  AppInfo,
  Attend,
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
  Verification,
  ReviewRecord,
  Review,
  TransitionRequest,
  Unlock,
} from "./types";

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
export const storeUnlock = (request: Unlock) => call<AppInfo>("store_unlock", { request });
export const storeLock = () => call<AppInfo>("store_lock");
export const dashboard = () => call<Dashboard>("dashboard");
export const reviewsList = () => call<Review[]>("reviews_list");
export const reviewCreate = (request: NewReview) => call<Review>("review_create", { request });
export const reviewGet = (reference: string) => call<ReviewRecord>("review_get", { request: { reference } });
export const reviewCheck = (reference: string) => call<Finding[]>("review_check", { request: { reference } });
export const reviewInvite = (request: Invite) => call<ReviewRecord>("review_invite", { request });
export const reviewAttend = (request: Attend) => call<ReviewRecord>("review_attend", { request });
export const reviewInputSet = (request: SetInput) => call<ReviewRecord>("review_input_set", { request });
export const reviewTransition = (request: TransitionRequest) => call<Review>("review_transition", { request });
export const peopleList = (includeInactive = false) => call<Person[]>("people_list", { request: { includeInactive } });
export const personAdd = (request: PersonChange) => call<Person>("person_add", { request });
export const personUpdate = (id: number, change: PersonChange) => call<Person>("person_update", { request: { id, change } });
export const actionAdd = (request: NewAction) => call<Action>("action_add", { request });
export const actionsList = () => call<ActionRow[]>("actions_list");
export const settingsGet = () => call<StoreSettings>("settings_get");
export const retentionSet = (years: number) => call<StoreSettings>("retention_set", { request: { years } });
/** A path in the exports folder for `fileName` that names no existing file (Quorum never overwrites). */
export const exportPathSuggest = (fileName: string) => call<string>("export_path_suggest", { request: { fileName } });
/** Opens a file Quorum wrote in the system's program for it (PDF reader, mail program for .eml). */
export const fileOpen = (path: string) => call<void>("file_open", { request: { path } });
export const storeVerify = () => call<Verification>("store_verify");
export const organisationGet = () => call<Organisation>("organisation_get");
/** Saves the fields given; absent fields stay as they are. */
export const organisationSet = (request: OrganisationChange) => call<Organisation>("organisation_set", { request });
export const holidaysList = () => call<HolidayEntry[]>("holidays_list");
/** Reads a holidays file (YYYY-MM-DD,Name lines or an .ics calendar) and stores its days. */
export const holidaysImport = (path: string) => call<HolidaysImported>("holidays_import", { request: { path } });
/** Re-keys the open store (a new passphrase, or a new key in the keychain); slow on a large store. */
export const storeChangeKey = (request: ChangeKey) => call<AppInfo>("store_change_key", { request });
export const objectivesList = (includeInactive = false) => call<ObjectiveOverview[]>("objectives_list", { request: { includeInactive } });
export const objectiveAdd = (request: ObjectiveChange) => call<Objective>("objective_add", { request });
export const objectiveUpdate = (id: number, change: ObjectiveChange) => call<Objective>("objective_update", { request: { id, change } });
export const objectiveResultSet = (request: RecordResult) => call<ObjectiveResult>("objective_result_set", { request });
export const objectiveResults = (reference: string) => call<ObjectiveResult[]>("objective_results", { request: { reference } });

/** Writes an encrypted backup to `path`; `onProgress` hears the pages copied so far. Returns the path written. */
export async function storeBackup(path: string, onProgress: (progress: BackupProgress) => void): Promise<string> {
  const stop = await listen<BackupProgress>("backup-progress", (event) => onProgress(event.payload));
  try {
    return await call<string>("store_backup", { request: { path } });
  } finally {
    stop();
  }
}
