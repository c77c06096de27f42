// An in-browser backend for tests and for looking at screens (`vite build --mode mock`).
// Built on Tauri's mockIPC, so the UI goes through the very same `invoke` path.
// Never imported by the real build: main.tsx loads it only when MODE === "mock".
import { now as clockNow } from "../clock";
import { meetingInstant } from "../format";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { registersMock, type RegistersMock } from "./mockRegisters";
import type {
  ChooseOpen,
  ChooseSave,
  FilePurpose,
  Reminder,
  ReminderKind,
  ReminderPlace,
  ReminderSettings,
  ActionDetail,
  ActionRef,
  AddNote,
  AgendaAdd,
  AgendaEdit,
  AgendaItemRef,
  AgendaMove,
  AgendaNotes,
  Approve,
  Approved,
  MoveReview,
  DroppedEvidence,
  CalendarYear,
  DecisionAdd,
  DecisionNone,
  DecisionRef,
  DocumentSet,
  EscalateAction,
  ExportProgress,
  IdentityCreate,
  IdentityImport,
  InvitationFiles,
  Revise,
  ReviseDate,
  YearExport,
  Backup,
  ObjectivesFilter,
  HolidaysImport,
  ExportStage,
  OpenFile,
  OpenStore,
  PathLevel,
  PeopleFilter,
  RemoveKpi,
  Retention,
  ReviewRef,
  ReviewResults,
  SaveEvidence,
  SetKpi,
  SuggestPath,
  UpdateObjective,
  UpdatePerson,
  Action,
  ActionRow,
  ActionQuery,
  ActionRowPage,
  RegisterChoices,
  ActionStatus,
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
  Weekday,
  YearView,
  AgendaItem,
  AreaNone,
  Decision,
  DocumentControl,
  ExportPdf,
  IdentityInfo,
  SigningSettings,
  TimestampDone,
  TimestampFile,
  SalvageDone,
  SalvageStore,
  AppInfo,
  CommandError,
  CreateStore,
  Dashboard,
  KeyMode,
  Organisation,
  OrganisationChange,
  ChangeKey,
  HolidayEntry,
  Objective,
  ObjectiveChange,
  ObjectiveOverview,
  ObjectiveResult,
  RecordResult,
  NewAction,
  NewReview,
  RestoreStore,
  Attendee,
  Attend,
  Finding,
  InputRecord,
  Person,
  PersonChange,
  Invite,
  SetInput,
  ReviewRecord,
  Status,
  Review,
  StoreState,
  TransitionRequest,
  Unlock,
  BoardMember,
  BoardSet,
  Conclude,
  Conclusion,
  Period,
  SetPeriod,
  Distribute,
  Distribution,
  DistributionMethod,
  MinutesEmail,
} from "./types";
import type { AutoBackup, BackupPolicy, RestoreBackup } from "./types";

export const DEMO_PASSPHRASE = "correct horse battery staple";
/**
 * The instant the mock build and the component tests live at, unless a test or the page's
 * `?now=` says otherwise: the demo data is built around it, so no test depends on the day it runs.
 */
export const MOCK_NOW = "2026-11-23T09:00:00Z";
const REMINDER_KINDS: ReminderKind[] = ["action_due", "action_overdue", "milestone", "minutes_awaiting_approval", "identity_expiring"];

/** As core: "today", "tomorrow", "in 3 days (2026-12-07)". */
function whenDue(day: string, today: string): string {
  const n = Math.round((Date.parse(day) - Date.parse(today)) / DAY);
  return n === 0 ? "today" : n === 1 ? "tomorrow" : `in ${n} days (${day})`;
}
const DAY = 86_400_000;

export interface MockOptions {
  storeState?: StoreState;
  keyMode?: KeyMode | null;
  /** An open store with nothing in it yet (first-time dashboard, empty register). */
  empty?: boolean;
  /** The dashboard of a register where nothing has been closed yet (no on-time share). */
  nothingClosed?: boolean;
  /** Commands that answer this instead of the demo data (when the store is open), for edge cases. */
  responses?: Record<string, unknown>;
  /** Commands that fail with this error, for error-path tests. */
  failures?: Record<string, CommandError>;
  /** The clock; defaults to the UI's one clock (lib/clock: pinned in the mock build and in tests). */
  now?: Date;
  /** Milliseconds each command takes, to see loading states. */
  latency?: number;
  /** Text files the backend can read (holidays imports), by path. */
  files?: Record<string, string>;
  /**
   * The user at the system's dialogs: what they choose in the Save dialog (opened on the
   * suggested path) and the Open dialog, or null to cancel. By default they accept the
   * suggestion and open the demo's files.
   */
  dialogs?: { save?: (suggestedPath: string) => string | null; open?: (purpose: FilePurpose) => string | null };
  /** A register of this many actions instead of the demo's (the scale of ten busy years). */
  manyActions?: number;
  /** An open store starts with a self-signed identity that expires at this instant (ISO). */
  identityExpiresAt?: string;
  /** What the open store's opening found (a damaged journal), as app_info reports it. */
  openNotice?: string;
  /** The locked store's file is damaged: unlocking it fails with this (core's `corrupt`). */
  damaged?: string;
}

/** A holidays file the mock backend can read, as a user would keep one. */
export const DEMO_HOLIDAYS_PATH = "/home/priya/holidays-uk.txt";

export interface MockBackend {
  calls: { cmd: string; args: unknown }[];
  state: {
    storeState: StoreState;
    keyMode: KeyMode | null;
    organisation: string | null;
    empty: boolean;
    reviews: Review[] | null;
    retentionYears: number;
    /** Invitees per review reference. */
    attendees: Record<string, Attendee[]>;
    /** Inputs per review reference. */
    inputs: Record<string, InputRecord[]>;
    people: Person[];
    /** Actions raised in this session, added to the demo register. */
    added: ActionRow[];
    /** Files the window asked the system to open, in order. */
    opened: string[];
    /** Files shown in the file manager. */
    shown: string[];
    evidenceCount: number;
    /** The demo register as changed by the commands (created on first use). */
    actions: ActionRow[] | null;
    /** History recorded in this session per action reference. */
    history: Record<string, Pick<ActionDetail, "statusHistory" | "notes" | "dateRevisions" | "verifications" | "escalations"> & { originalTargetOn: string | null }>;
    /** Agenda, decisions, "none" areas and document control per review reference. */
    agenda: Record<string, AgendaItem[]>;
    decisions: Record<string, Decision[]>;
    nones: Record<string, AreaNone[]>;
    /** Conclusions on the ISMS and periods set by the user, per review reference. */
    conclusions: Record<string, Conclusion>;
    /** The review board (as core's review_board). */
    board: BoardMember[];
    periods: Record<string, { from: string; to: string; reason: string }>;
    documents: Record<string, DocumentControl>;
    /** Who received each approved version, per review reference (as core's minutes_distributions). */
    distributions: Record<string, Distribution[]>;
    /** The store's signing identity; null until one is made or imported. */
    identity: IdentityInfo | null;
    /** Location, contact and time-stamping authority of signatures (as core's signing_settings). */
    signing: SigningSettings;
    /** Files written by exports, copies and invitations (the mock's disk; never overwritten). */
    written: string[];
    /** Existing files the user chose in the Save dialog (which asked): the next write replaces one. */
    confirmed: string[];
    /** This computer's reminder choices. */
    reminderSettings: ReminderSettings;
    org: Organisation;
    holidays: HolidayEntry[];
    /** The passphrase that unlocks a passphrase store. */
    passphrase: string;
    objectives: Objective[];
    /** Objective results per review reference. */
    results: Record<string, ObjectiveResult[]>;
    // ---- Automatic backups (issue 18) ----
    /** The store's automatic backups, newest first (as core's autobackup::list). */
    autoBackups: AutoBackup[];
    backupPolicy: BackupPolicy;
  };
}

export function demoObjectives(now: Date): Objective[] {
  const y = now.getFullYear();
  const owner = (id: number, name: string, email: string) => ({ id, name, email });
  return [
    { id: 1, title: "Patch critical vulnerabilities promptly", owner: owner(3, "Marcus Bell", "marcus.bell@northwind.example"), measure: "Median days to patch a critical CVE", target: "≤ 14 days", periodStart: `${y}-01-01`, periodEnd: `${y}-12-31`, active: true },
    { id: 2, title: "Everyone completes security awareness training", owner: owner(1, "Priya Raman", "priya.raman@northwind.example"), measure: "Share of staff trained this year", target: "≥ 95 %", periodStart: `${y}-01-01`, periodEnd: `${y}-12-31`, active: true },
    { id: 3, title: "Restore tests of every critical system", owner: owner(4, "Sam Adeyemi", "sam.adeyemi@northwind.example"), measure: "Critical systems restored in a test this year", target: "12 of 12", periodStart: `${y}-01-01`, periodEnd: `${y}-12-31`, active: true },
  ];
}

function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function dayOffset(now: Date, days: number): Date {
  const d = new Date(now.getTime() + days * DAY);
  return d;
}

/** An RFC 3339 UTC instant, `days` from now at a local hour. */
function at(now: Date, days: number, hour: number, minute = 0): string {
  const d = dayOffset(now, days);
  d.setHours(hour, minute, 0, 0);
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A meeting's wall time ("YYYY-MM-DDTHH:MM", no offset), `days` from now. */
function wall(now: Date, days: number, hour: number, minute = 0): string {
  return `${isoDate(dayOffset(now, days))}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/** `days` working days (Monday to Friday) before `date`, as the backend counts them. */
function workingDaysBefore(date: Date, days: number): Date {
  let d = new Date(date);
  let left = days;
  while (left > 0) {
    d = new Date(d.getFullYear(), d.getMonth(), d.getDate() - 1);
    if (d.getDay() !== 0 && d.getDay() !== 6) left -= 1;
  }
  return d;
}

// Core's rule for "the same action" (register/similar.rs), so the browser tests see the
// warning the real app gives.
const SIMILAR_THRESHOLD = 0.6;
const SMALL_WORDS = new Set(["the", "and", "for", "with", "from", "into", "all", "every", "each", "our", "its", "their", "then", "than", "that", "this", "are", "was", "were", "has", "have"]);
function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => [...w].length >= 3 && !SMALL_WORDS.has(w))
      .map((w) => (w.length > 4 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w)),
  );
}
function similarity(a: string, b: string): number {
  const [x, y] = [words(a), words(b)];
  if (!x.size || !y.size) return 0;
  const common = [...x].filter((w) => y.has(w)).length;
  return common / (x.size + y.size - common);
}

export function demoActions(now: Date): ActionRow[] {
  const y = now.getFullYear();
  const a = (
    n: number,
    description: string,
    owner: string | null,
    due: number | null,
    priority: ActionRow["priority"],
    status: ActionRow["status"],
    source: ActionRow["source"],
    reviewReference: string | null,
    escalationLevel: number | null = null,
  ): ActionRow => {
    const overdue = due !== null && due < 0 && (status === "open" || status === "in_progress");
    return {
      id: `ACT-${y}-${String(n).padStart(3, "0")}`,
      description,
      owner,
      targetDate: due === null ? null : isoDate(dayOffset(now, due)),
      priority,
      status,
      overdue,
      escalationLevel,
      reviewReference,
      source,
    };
  };
  const prev = `MR-${y}-01`;
  const q2 = `MR-${y}-02`;
  return [
    a(1, "Roll out phishing-resistant MFA to all finance and HR accounts", "Priya Raman", -41, "high", "closed", "risk", prev),
    a(2, "Replace the end-of-life firewall at the Leeds office", "Tom Okafor", -12, "high", "in_progress", "risk", prev, 2),
    a(3, "Document the supplier security review procedure (ISO 27001 A.5.19)", "Hannah Lindqvist", 3, "medium", "in_progress", "audit_finding", prev),
    a(4, "Retest backup restore for the customer analytics database", "Tom Okafor", -5, "high", "open", "nonconformity", q2, 1),
    a(5, "Add security awareness completion rate to the quarterly KPI pack", "Priya Raman", 18, "low", "open", "kpi_gap", q2),
    a(6, "Close the access review finding for leavers in the sales CRM", "Marcus Bell", -2, "medium", "completed", "audit_finding", q2),
    a(7, "Hire a second security engineer (approved budget line 4.2)", "Elena Novak", 45, "medium", "in_progress", "resource_need", q2),
    a(8, "Post-incident: rotate API keys exposed in the build logs", "Marcus Bell", -20, "high", "closed", "incident", `MR-${y}-AH1`),
    a(9, "Update the information security policy for remote working", "Hannah Lindqvist", -9, "medium", "open", "improvement", q2),
    a(10, "Encrypt laptops still on the legacy imaging process (14 devices)", "Sam Adeyemi", 7, "high", "open", "risk", q2),
    a(11, "Define KPIs for vulnerability remediation time", "Priya Raman", 30, "low", "completed", "kpi_gap", q2),
    a(12, "Review the risk treatment plan after the cloud migration", "Elena Novak", -30, "high", "in_progress", "risk", prev, 3),
    a(13, "Complete DPIA for the new HR platform", "Hannah Lindqvist", 1, "medium", "in_progress", "resource_need", q2),
    a(14, "Verify logging coverage for the payments service", "Sam Adeyemi", 60, "low", "open", "improvement", q2),
    a(15, "Fix the nonconformity on clear desk checks in the London office", "Marcus Bell", -60, "low", "closed", "nonconformity", prev),
    a(16, "Agree an exception for the legacy reporting server (review in 6 months)", "Elena Novak", 0, "medium", "open", "risk", q2),
    // Raised outside a review and not triaged yet: no owner, target date or priority.
    a(17, "Investigate the repeated MFA push fatigue alerts from the SOC", null, null, null, "open", "incident", null),
    a(18, "Choose a tool for the SOC 2 evidence collection", "Sam Adeyemi", null, "medium", "open", "improvement", q2),
    a(19, "Review third-party access to the data warehouse", null, 25, "high", "open", "audit_finding", q2),
    // Escalated while overdue, then closed: the level stays, the action is no longer escalated.
    a(20, "Renew the expired TLS certificate on the status page", "Tom Okafor", -35, "high", "closed", "incident", prev, 1),
  ];
}

type ReviewBasics = Pick<Review, "reference" | "title" | "kind" | "status" | "startsAt" | "timeZone" | "scope">;

/** A review as the backend returns it, from the fields that matter in the mock. */
export function fullReview(basics: ReviewBasics, id: number): Review {
  const day = basics.startsAt.slice(0, 10);
  const reached = (step: Status) => {
    const order: Status[] = ["planned", "invitations_sent", "pack_circulated", "held", "minutes_drafted", "approved"];
    return basics.status !== "cancelled" && order.indexOf(basics.status) >= order.indexOf(step);
  };
  return {
    id,
    ...basics,
    trigger: basics.kind === "ad_hoc" ? "major_incident" : null,
    triggerText: null,
    durationMinutes: 90,
    location: "Board room, 2nd floor",
    invitationsSentOn: reached("invitations_sent") ? day : null,
    packCirculatedOn: reached("pack_circulated") ? day : null,
    heldOn: reached("held") ? day : null,
    cancelledReason: basics.status === "cancelled" ? "Scope change postponed to next year" : null,
    nextReviewOn: null,
    icalUid: `mock-${id}@quorum`,
    soc2Criteria: basics.scope === "iso27001" ? [] : ["CC2.2", "CC4.2", "CC5.3"],
  };
}

export function demoReviews(now: Date): Review[] {
  const y = now.getFullYear();
  const zone = "Europe/London";
  return ([
    { reference: `MR-${y}-01`, title: `Q1 ${y} management review`, kind: "scheduled", status: "approved", startsAt: wall(now, -170, 10), timeZone: zone, scope: "iso27001" },
    { reference: `MR-${y}-AH1`, title: "Ad hoc review after the API key exposure", kind: "ad_hoc", status: "approved", startsAt: wall(now, -95, 14), timeZone: zone, scope: "both" },
    { reference: `MR-${y}-02`, title: `Q3 ${y} management review`, kind: "scheduled", status: "minutes_drafted", startsAt: wall(now, -80, 10), timeZone: zone, scope: "both" },
    { reference: `MR-${y}-AH2`, title: "SOC 2 scope change for the US subsidiary", kind: "ad_hoc", status: "cancelled", startsAt: wall(now, -30, 9, 30), timeZone: "America/New_York", scope: "soc2" },
    { reference: `MR-${y}-03`, title: `Q4 ${y} management review`, kind: "scheduled", status: "invitations_sent", startsAt: wall(now, 10, 10), timeZone: zone, scope: "both" },
    { reference: `MR-${y + 1}-01`, title: `Q2 ${y + 1} management review`, kind: "scheduled", status: "planned", startsAt: wall(now, 190, 10), timeZone: zone, scope: "iso27001" },
  ] satisfies ReviewBasics[]).map((r, i) => fullReview(r, i + 1));
}

/** The 9.3.2 inputs and a SOC 2 one, as core's catalogue lists them (code, clause, title). */
const DEMO_INPUTS: [string, string, string][] = [
  ["a", "9.3.2 a)", "Status of actions from previous management reviews"],
  ["b", "9.3.2 b)", "Changes in external and internal issues relevant to the ISMS"],
  ["c", "9.3.2 c)", "Changes in needs and expectations of interested parties"],
  ["d1", "9.3.2 d) 1)", "Nonconformities and corrective actions"],
  ["d2", "9.3.2 d) 2)", "Monitoring and measurement results"],
  ["d3", "9.3.2 d) 3)", "Audit results"],
  ["d4", "9.3.2 d) 4)", "Fulfilment of information security objectives"],
  ["e", "9.3.2 e)", "Feedback from interested parties"],
  ["f", "9.3.2 f)", "Results of risk assessment and status of the risk treatment plan"],
  ["g", "9.3.2 g)", "Opportunities for continual improvement"],
  ["soc2_incidents", "SOC 2 incidents (procedure)", "Security incidents and breaches"],
];

/** The standard agenda of a new review, as core's catalogue has it. */
const STANDARD_AGENDA: [string, number, string[]][] = [
  ["Opening: attendance, apologies and quorum", 5, []],
  ["Actions from previous reviews", 10, ["a"]],
  ["Changes in context, interested parties and the system", 10, ["b", "c"]],
  ["Security performance: incidents, nonconformities, monitoring, audits", 20, ["d1", "d2", "d3", "soc2_incidents"]],
  ["Risk assessment and the risk treatment plan", 15, ["f"]],
  ["Feedback from interested parties", 5, ["e"]],
  ["Information security objectives: results and next period", 10, ["d4"]],
  ["Resources and continual improvement", 10, ["g"]],
  ["Decisions, actions, owners and the next review", 5, []],
];

export const AREAS = ["continual_improvement", "isms_change", "resources", "risk_treatment", "objectives_kpis", "corrective_preventive", "policy_document", "approved_exception"] as const;

/** A mock signing identity, as core's `identity::show` describes a self-signed one. */
export function demoIdentity(now: Date, organisation: string): IdentityInfo {
  const notAfter = new Date(now.getTime() + 3 * 365 * DAY);
  return {
    subject: `CN=${organisation},O=${organisation}`,
    keyType: "ECDSA P-256",
    fingerprintSha256: "3F:9A:0C:57:E1:22:B4:6D:90:1E:AF:73:5C:08:D2:4B:61:C9:3E:7A:10:F5:88:2D:4C:B0:E6:19:73:AA:05:DE",
    notBefore: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    notAfter: notAfter.toISOString().replace(/\.\d{3}Z$/, "Z"),
    source: "self_signed",
    chainCertificates: 0,
    createdAt: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

/** How long before expiry the window warns (core's `identity::EXPIRY_WARNING_DAYS`). */
export const EXPIRY_WARNING_DAYS = 90;

/** Core's `identity::expiry_warning`: whole days left (rounded towards zero), dates in UTC. */
export function expiryWarning(notAfter: string, now: Date): string | null {
  const end = new Date(notAfter);
  const day = end.toISOString().slice(0, 10);
  const days = Math.trunc((end.getTime() - now.getTime()) / DAY);
  const renew = "make a new one with `quorum identity new --replace` (or import the renewed certificate): files signed before stay verifiable with `quorum verify --org`, and the fingerprint card lists the old fingerprint";
  if (now > end) return `the signing certificate expired on ${day}: ${renew}`;
  if (days <= EXPIRY_WARNING_DAYS) return `the signing certificate expires in ${days} days, on ${day}: ${renew}`;
  return null;
}

export function demoPeople(): Person[] {
  const p = (id: number, name: string, jobTitle: string, department: string, topManagement: boolean, manager: number | null, active = true): Person => ({
    id,
    name,
    email: `${name.toLowerCase().replace(" ", ".")}@northwind.example`,
    jobTitle,
    department,
    lineManager: manager === null ? null : { id: manager, name: ["", "Priya Raman", "Elena Novak", "Marcus Bell"][manager], email: null },
    topManagement,
    active,
  });
  return [
    p(1, "Priya Raman", "ISMS lead", "Security", false, 3),
    p(2, "Elena Novak", "Chief Operating Officer", "Executive", true, null),
    p(3, "Marcus Bell", "CISO", "Security", true, 2),
    p(4, "Sam Adeyemi", "Head of IT", "IT", false, 2),
    p(5, "Tom Okafor", "Network engineer", "IT", false, 3, false),
  ];
}

/** The quorum rule with the demo organisation's defaults: the chair, 1 top manager, 3 members. */
function quorumOf(attendees: Attendee[]) {
  const chairPresent = attendees.some((a) => a.role === "chair" && a.attendance === "present");
  const top = attendees.filter((a) => (a.role === "top_management" || a.topManagement) && a.attendance === "present").length;
  const members = attendees.filter((a) => a.attendance === "present" || a.attendance === "delegate").length;
  const shortfalls = [
    ...(chairPresent ? [] : ["the chair was not present"]),
    ...(top >= 1 ? [] : [`${top} top management member(s) present in person, 1 required`]),
    ...(members >= 3 ? [] : [`${members} member(s) present, 3 required`]),
  ];
  return { chairPresent, topManagementPresent: top, membersPresent: members, met: shortfalls.length === 0, shortfalls };
}

export function demoDashboard(now: Date, empty: boolean, nothingClosed = false): Dashboard {
  if (empty) {
    return { nextReview: null, register: { open: 0, overdue: 0, escalated: 0, onTimeShare: null }, readiness: null, recentActivity: [] };
  }
  const actions = demoActions(now);
  const closed = actions.filter((x) => x.status === "closed");
  const active = (x: ActionRow) => x.status === "open" || x.status === "in_progress";
  const y = now.getFullYear();
  const meeting = dayOffset(now, 10);
  return {
    nextReview: {
      reference: `MR-${y}-03`,
      title: `Q4 ${y} management review`,
      startsAt: wall(now, 10, 10),
      timeZone: "Europe/London",
      status: "invitations_sent",
      milestones: [
        { kind: "collect_inputs", date: isoDate(dayOffset(now, 10 - 21)), done: true },
        { kind: "send_invitations", date: isoDate(dayOffset(now, 10 - 14)), done: true },
        { kind: "circulate_pack", date: isoDate(workingDaysBefore(meeting, 5)), done: false },
        { kind: "meeting", date: isoDate(meeting), done: false },
      ],
    },
    register: {
      open: actions.filter(active).length,
      overdue: actions.filter((x) => x.overdue).length,
      escalated: actions.filter((x) => x.escalationLevel !== null && active(x)).length,
      onTimeShare: closed.length && !nothingClosed ? 0.75 : null,
    },
    // Counted from the mock's readiness check by the "dashboard" command.
    readiness: null,
    // As the backend words it (src-tauri/src/activity.rs), bookkeeping left out.
    recentActivity: [
      { at: new Date(now.getTime() - 42 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"), person: "Priya Raman", summary: `Completed action ACT-${y}-011` },
      { at: at(now, -1, 16, 40), person: "Elena Novak", summary: `Escalated action ACT-${y}-012` },
      { at: at(now, -2, 11, 5), person: "Hannah Lindqvist", summary: `Raised action ACT-${y}-019` },
      { at: at(now, -4, 8, 30), person: "Priya Raman", summary: `Marked review MR-${y}-03 invitations sent` },
      { at: at(now, -6, 15, 0), person: "Marcus Bell", summary: "Added Sam Adeyemi to the people" },
      { at: at(now, -9, 17, 45), person: "Priya Raman", summary: "Rotated the store's key" },
    ],
  };
}
let active: MockBackend | null = null;
/** The headers of the latest evidence upload (see the invoke wrapper in mockBackend). */
let lastUploadHeaders: Record<string, string> = {};

const WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(zone) && zone !== "UTC") return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The demo store's objectives, results and holidays (a store with demo data). */
function s_init(state: MockBackend["state"], now: Date): void {
  const y = now.getFullYear();
  state.objectives = demoObjectives(now);
  const [patching, training] = state.objectives;
  state.results = {
    [`MR-${y}-01`]: [
      { objective: structuredClone(patching!), met: "not_met", measured: "Median 21 days", note: "Two legacy servers", nextTarget: null },
      { objective: structuredClone(training!), met: "not_yet_due", measured: null, note: null, nextTarget: null },
    ],
    [`MR-${y}-02`]: [{ objective: structuredClone(patching!), met: "partly_met", measured: "Median 16 days", note: null, nextTarget: "≤ 10 days" }],
  };
  state.holidays = [
    { date: `${y}-12-25`, name: "Christmas Day" },
    { date: `${y}-12-26`, name: "Boxing Day" },
  ];
}

/** Installs the mock backend and returns a handle on its state and the calls made. */
export function installMock(options: MockOptions = {}): MockBackend {
  clearMocks();
  backupPassphrases.clear();
  const now = () => options.now ?? clockNow();
  let lastId = 900_000;
  /** Ids for rows the mock creates: distinct from the demo's, and the same on every run. */
  const nextId = () => ++lastId;
  const storeState = options.storeState ?? "missing";
  const backend: MockBackend = {
    calls: [],
    state: {
      storeState,
      keyMode: options.keyMode !== undefined ? options.keyMode : storeState === "missing" ? null : "passphrase",
      organisation: storeState === "open" ? "Northwind Analytics Ltd" : null,
      empty: options.empty ?? false,
      // Created on first use from the demo data (or empty), then changed by the commands.
      reviews: null,
      retentionYears: 3,
      attendees: {},
      inputs: {},
      people: demoPeople(),
      added: [],
      opened: [],
      shown: [],
      evidenceCount: 0,
      actions: null,
      history: {},
      agenda: {},
      decisions: {},
      nones: {},
      conclusions: {},
      board: [],
      periods: {},
      documents: {},
      distributions: {},
      identity: null,
      signing: { location: "", contact: "", tsaUrl: "" },
      written: [],
      confirmed: [],
      reminderSettings: { notify: true, kinds: [...REMINDER_KINDS], quietFrom: null, quietUntil: null },
      org: {
        name: "Northwind Analytics Ltd",
        timeZone: "Europe/London",
        retentionYears: 3,
        classification: "Internal",
        documentPrefix: "ISMS-MR",
        quorum: { requiresChair: true, minTopManagement: 1, minMembers: 3 },
        workingDays: ["mon", "tue", "wed", "thu", "fri"],
        reviewCadenceMonths: 6,
        ismsLead: { id: 1, name: "Priya Raman", email: "priya.raman@northwind.example" },
      },
      holidays: [],
      passphrase: DEMO_PASSPHRASE,
      objectives: [],
      results: {},
      autoBackups: storeState === "missing" || options.empty ? [] : demoAutoBackups(now()),
      backupPolicy: { enabled: true, keepDaily: 7, keepWeekly: 4 },
    },
  };
  const files: Record<string, string> = options.files ?? {
    [DEMO_HOLIDAYS_PATH]: `${now().getFullYear() + 1}-01-01,New Year's Day\n${now().getFullYear() + 1}-04-02,Good Friday\n${now().getFullYear() + 1}-12-25,Christmas Day\n`,
  };
  if (storeState === "open" && !(options.empty ?? false)) {
    s_init(backend.state, now());
  }
  if (storeState === "open" && options.identityExpiresAt) {
    const made = new Date(new Date(options.identityExpiresAt).getTime() - 3 * 365 * DAY);
    backend.state.identity = { ...demoIdentity(made, backend.state.org.name), notAfter: options.identityExpiresAt };
  }
  const s = backend.state;
  let damaged = options.damaged;
  const info = (): AppInfo => ({
    version: "0.1.0-mock",
    storePath: "/home/priya/.local/share/quorum/quorum.db",
    storeState: s.storeState,
    keyMode: s.storeState === "missing" ? null : s.keyMode,
    organisation: s.storeState === "open" ? s.organisation : null,
    lastError: null,
    fixedNow: null,
    openNotice: s.storeState === "open" ? (options.openNotice ?? null) : null,
  });
  /** The organisation's settings as core's `organisation::get` returns them. */
  const organisation = (): Organisation => ({ ...structuredClone(s.org), name: s.organisation ?? s.org.name, retentionYears: s.retentionYears });
  const fail = (kind: string, message: string): never => {
    throw { kind, message } satisfies CommandError;
  };
  /** The registers of the store open now (made again with a new store or the demo). */
  let registersState: RegistersMock | null = null;
  const registers = () => (registersState ??= registersMock(now, s.empty, fail, () => s.org.ismsLead?.name ?? "Priya Raman"));
  const needOpen = () => {
    if (s.storeState !== "open") fail("locked", "The store is locked: unlock it first.");
  };
  const reviews = (): Review[] => (s.reviews ??= s.empty ? [] : demoReviews(now()));
  const findReview = (reference: string): Review =>
    reviews().find((r) => r.reference === reference) ?? fail("not_found", `review ${reference} not found`);
  const record = (reference: string): ReviewRecord => {
    const review = findReview(reference);
    // A review already held in the demo data had a full meeting.
    const attendees = (s.attendees[reference] ??=
      review.heldOn === null
        ? []
        : s.people.slice(0, 4).map((p, i) => ({ person: { id: p.id, name: p.name, email: p.email }, jobTitle: p.jobTitle, role: i === 1 ? "chair" : p.topManagement ? "top_management" : "isms_lead", required: true, topManagement: p.topManagement, attendance: "present", delegateName: null, delegation: null })));
    const chair = attendees.find((a) => a.role === "chair")?.person ?? null;
    const inputs = (s.inputs[reference] ??= DEMO_INPUTS.filter(([code]) => review.scope === "both" || (review.scope === "soc2") === code.startsWith("soc2")).map(([code, clause, title], n) => ({
      id: n + 1,
      code,
      clause,
      title,
      soc2Criteria: [],
      summary: review.heldOn === null ? "" : `Presented and discussed: ${title.toLowerCase()}.`,
      presenter: null,
      state: review.heldOn === null ? "not_started" : "discussed",
      nothingToReport: false,
      nothingReason: null,
      noChangeReason: null,
      resourceNeed: null,
      kpis: [],
      evidence: [],
    })));
    const agenda = (s.agenda[reference] ??= STANDARD_AGENDA.map(([title, minutes, codes], i) => ({
      id: review.id * 100 + i,
      position: i + 1,
      title,
      minutesAllocated: minutes,
      presenter: null,
      inputs: codes.filter((c) => inputs.some((x) => x.code === c)),
      discussion: review.heldOn === null ? "" : `Discussed: ${title.toLowerCase()}.`,
    })));
    const decided = (s.decisions[reference] ??= []);
    const nones = (s.nones[reference] ??= review.status === "approved" ? AREAS.map((area) => ({ area, reason: "Nothing needed this period" })) : []);
    const org = organisation();
    const document = (s.documents[reference] ??= {
      documentNumber: `${org.documentPrefix}-${review.reference.slice(3)}`,
      title: `Minutes of the ${review.title}`,
      classification: org.classification,
      status: review.status === "approved" ? "approved" : "draft",
      version: "1.0",
      releaseDate: review.status === "approved" ? review.heldOn : null,
      revisions:
        review.status === "approved"
          ? [{ id: review.id, version: "1.0", particulars: "First issue", status: "approved", createdAt: `${review.heldOn}T16:00:00Z`, releasedOn: review.heldOn, snapshotSha256: "9c1e…", approvals: chair ? [{ person: chair, role: "chair", approvedAt: `${review.heldOn}T16:00:00Z`, openFindings: 0, anywayReason: null }] : [] }]
          : [],
      author: org.ismsLead,
      reviewer: null,
      owner: org.ismsLead,
      distribution: [],
      approvers: [],
    });
    // The demo sent every approved version to the attendees the day after its approval.
    const approvedVersion = [...document.revisions].reverse().find((v) => v.status === "approved");
    const sent = (s.distributions[reference] ??=
      review.status === "approved" && approvedVersion?.releasedOn
        ? attendees
            .filter((a) => a.attendance === "present" || a.attendance === "delegate")
            .map((a) => ({ version: approvedVersion.version, person: a.person, sentOn: shiftDay(approvedVersion.releasedOn!, 1), method: "email", recordedAt: `${shiftDay(approvedVersion.releasedOn!, 1)}T09:00:00Z`, recordedBy: org.ismsLead?.name ?? "ISMS lead" }))
        : []);
    for (const d of decided) d.actions = s.added.filter((a) => (a as ActionRow & { decisionId?: number }).decisionId === d.id).map((a) => a.id);
    return structuredClone({
      review,
      organisation: org,
      document,
      chair,
      minuteTaker: null,
      attendees,
      quorum: quorumOf(attendees),
      agenda,
      inputs,
      previousReview: null,
      carriedActions: [],
      decisions: decided,
      areasNone: [...nones].sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area)),
      actionsRaised: [],
      objectives: s.results[reference] ?? [],
      transitions: [],
      conclusion:
        s.conclusions[reference] ??
        (review.status === "approved"
          ? {
              suitable: { verdict: "yes", rationale: "Scope and policy still fit the business." },
              adequate: { verdict: "yes", rationale: "Resources met the period's needs." },
              effective: { verdict: "yes_with_changes", rationale: "Effective once the overdue actions are closed." },
              recordedAt: `${review.heldOn}T12:00:00Z`,
              recordedBy: org.ismsLead?.name ?? "ISMS lead",
            }
          : null),
      period: periodOf(review),
      distributions: sent.filter((d) => d.version === approvedVersion?.version).sort((a, b) => a.person.name.localeCompare(b.person.name)),
      registers: registers().extracts(review.heldOn ?? review.startsAt.slice(0, 10), periodOf(review).from, inputs),
    });
  };
  const shiftDay = (iso: string, days: number) => {
    const [y, m, d] = iso.split("-").map(Number);
    return isoDate(new Date(y, m - 1, d + days));
  };
  /** As core's `WorkCalendar::add_working_days`: the organisation's working week, less its holidays. */
  const addWorkingDays = (iso: string, days: number) => {
    const week = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    let day = iso;
    for (let left = days; left > 0; ) {
      day = shiftDay(day, 1);
      const [y, m, d] = day.split("-").map(Number);
      const working = s.org.workingDays.includes(week[new Date(y, m - 1, d).getDay()] as Weekday) && !s.holidays.some((h) => h.date === day);
      if (working) left--;
    }
    return day;
  };
  /** As core's `review::period::of`: from the day after the previous review of the same scope to the meeting. */
  const periodOf = (review: Review): Period => {
    const day = (r: Review) => r.heldOn ?? r.startsAt.slice(0, 10);
    const shares = (r: Review) => r.scope === "both" || review.scope === "both" || r.scope === review.scope;
    const previous = reviews()
      .filter((r) => r.id !== review.id && r.status !== "cancelled" && r.startsAt < review.startsAt && shares(r))
      .sort((a, b) => b.startsAt.localeCompare(a.startsAt))[0];
    const previousTo = previous ? (s.periods[previous.reference]?.to ?? day(previous)) : null;
    const shift = (iso: string, days: number, months = 0) => {
      const [y, m, d] = iso.split("-").map(Number);
      return isoDate(new Date(y, m - 1 - months, d + days));
    };
    const own = s.periods[review.reference];
    return {
      from: own?.from ?? (previousTo ? shift(previousTo, 1) : shift(day(review), 1, organisation().reviewCadenceMonths)),
      to: own?.to ?? day(review),
      reason: own?.reason ?? null,
      follows: previous?.reference ?? null,
      previousTo,
    };
  };
  /** As core's `review::editable`: approved and cancelled reviews refuse every change. */
  const editable = (reference: string): Review => {
    const review = findReview(reference);
    if (review.status === "approved") fail("conflict", `the minutes of ${reference} are approved and locked: make a new revision first (\`quorum review revise ${reference} --particulars TEXT\`)`);
    if (review.status === "cancelled") fail("conflict", `review ${reference} was cancelled; its record no longer changes`);
    record(reference);
    return review;
  };
  /** The readiness check, as core words it, on the few rules the mock models. */
  const checkOf = (reference: string): Finding[] => {
    const r = record(reference);
    const held = ["held", "minutes_drafted", "approved"].includes(r.review.status);
    const findings: Finding[] = [];
    const topPresent = r.attendees.some((a) => a.topManagement && a.attendance === "present");
    const topDelegates = r.attendees.filter((a) => a.topManagement && a.attendance === "delegate");
    if (held && !topPresent && topDelegates.length && !topDelegates.some((a) => a.delegation))
      findings.push({
        id: "top-management-delegation-unrecorded",
        severity: "nonconformity",
        source: "ISO/IEC 27001:2022 9.3.1 and 5.3",
        message: `Top management took part only through a delegate (${topDelegates.map((a) => `${a.delegateName ?? "a delegate"} for ${a.person.name}`).join("; ")}) and no delegation is recorded`,
        fix: `Record what ${topDelegates[0].person.name} delegated, and to whom (the delegation's scope and authority), or hold the review again with top management`,
        section: "attendance",
        item: null,
      });
    if (r.review.status === "approved" && r.document.releaseDate) findings.push(...distributionFindings(r));
    if (held && !r.quorum.met)
      findings.push({ id: "quorum", severity: "nonconformity", source: "9.3 (procedure 4.2)", message: `The meeting has no recorded quorum: ${r.quorum.shortfalls.join("; ")}.`, fix: "Record who attended; invite the chair and top management.", section: "attendance", item: null });
    for (const input of r.inputs.filter((i) => !i.summary.trim() && !i.nothingToReport))
      findings.push({ id: `input-unaddressed/${input.code}`, severity: "nonconformity", source: `9.3.2 ${input.code}`, message: `Input ${input.code} (${input.title}) is not addressed.`, fix: "Write its summary, or mark it nothing to report with the reason.", section: "inputs", item: input.code });
    if (held)
      for (const item of r.agenda.filter((a) => !a.discussion.trim()))
        findings.push({ id: `minutes-missing/${item.position}`, severity: "nonconformity", source: "9.3.3 (documented information)", message: `Agenda item ${item.position} (${item.title}) has no minutes.`, fix: "Write what was discussed and concluded.", section: "agenda", item: String(item.position) });
    if (["held", "minutes_drafted"].includes(r.review.status) && !r.conclusion)
      findings.push({ id: "conclusion-missing", severity: "nonconformity", source: "ISO/IEC 27001:2022 9.3.1", message: "The minutes record no conclusion on whether the ISMS is still suitable, adequate and effective", fix: "Record top management's three verdicts, each with its rationale", section: "decisions", item: "conclusion" });
    if (r.review.invitationsSentOn === null)
      findings.push({ id: "invitations-late", severity: "observation", source: "Procedure 3.1", message: "The invitations have not been sent.", fix: "Send them at least 14 days before the meeting and mark them sent.", section: "details", item: null });
    return findings;
  };
  /** As core's `distribution_findings`: every attendee has the approved version within 10 working days. */
  const distributionFindings = (r: ReviewRecord): Finding[] => {
    const approvedOn = r.document.releaseDate!.slice(0, 10);
    const due = addWorkingDays(approvedOn, 10);
    const attended = r.attendees.filter((a) => a.attendance === "present" || a.attendance === "delegate");
    const got = (id: number) => r.distributions.find((d) => d.person.id === id);
    const missing = attended.filter((a) => !got(a.person.id));
    const late = attended.filter((a) => (got(a.person.id)?.sentOn ?? "") > due);
    const names = (list: Attendee[]) => list.map((a) => a.person.name).join(", ");
    const source = "ISO/IEC 27001:2022 7.5.3 and the procedure: distribution of the minutes";
    const version = r.document.version;
    return [
      ...(missing.length
        ? [{ id: "minutes-not-distributed", severity: isoDate(now()) > due ? "nonconformity" : "observation", source, message: `The approved minutes (version ${version}, approved ${approvedOn}) are not recorded as sent to ${names(missing)}; they are due by ${due}`, fix: "Send the signed minutes to the attendees (Send the minutes writes the email) and record the distribution: who, when and how", section: "approval", item: "distribution" } satisfies Finding]
        : []),
      ...(late.length
        ? [{ id: "minutes-distributed-late", severity: "observation", source, message: `The approved minutes (version ${version}) reached ${names(late)} after ${due}, more than 10 working days after the approval`, fix: "Send the minutes within the procedure's working days of the approval next time", section: "approval", item: "distribution" } satisfies Finding]
        : []),
    ];
  };
  const agendaItem = (reference: string, position: number): AgendaItem =>
    s.agenda[reference].find((i) => i.position === position) ?? fail("not_found", `agenda item ${position} of ${reference} not found: \`quorum review show ${reference}\` lists the agenda`);
  const renumber = (items: AgendaItem[]) => items.forEach((item, i) => (item.position = i + 1));
  /** Who must approve: the chair, then the named approvers (as core's `required_approvers`). */
  const required = (reference: string) => {
    const r = record(reference);
    return r.chair ? [{ person: r.chair, role: "chair" }, ...r.document.approvers.filter((p) => p.id !== r.chair!.id).map((person) => ({ person, role: "approver" }))] : [];
  };

  const mockInput = (reference: string, code: string): InputRecord =>
    record(reference).inputs.some((i) => i.code === code) ? s.inputs[reference].find((i) => i.code === code)! : fail("not_found", `input ${code} in ${reference} not found`);
  const actionRows = (): ActionRow[] => (s.actions ??= s.empty ? [] : options.manyActions ? manyActions(options.manyActions, now()) : demoActions(now()));
  const allActions = (): ActionRow[] => [...actionRows(), ...s.added];
  /** A review's id from its reference; references of no mock review get ids of their own. */
  const reviewIdOf = (reference: string): number => reviews().find((r) => r.reference === reference)?.id ?? 100_000 + [...reference].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 100_000, 0);
  const findAction = (reference: string): ActionRow => allActions().find((a) => a.id === reference) ?? fail("not_found", `there is no action ${reference}`);
  const personNamed = (name: string) => s.people.find((p) => p.name === name) ?? { id: 100 + name.length, name, email: null };
  const history = (a: ActionRow) =>
    (s.history[a.id] ??= {
      statusHistory: [{ from: null, to: "open", at: at(now(), -90, 9), by: "Priya Raman", note: null }],
      notes: [],
      dateRevisions: [],
      verifications: [],
      // The demo's escalated actions went up the path, each step to its person (the owner's line manager first).
      escalations: Array.from({ length: a.escalationLevel ?? 0 }, (_, i) => ({
        level: i + 1,
        levelName: PATH[i]?.name ?? null,
        person: PATH[i]?.person ?? s.people.find((p) => p.name === a.owner)?.lineManager ?? null,
        at: at(now(), -20 + i * 5, 9),
        note: null,
      })),
      originalTargetOn: a.targetDate,
    });
  // Replaced by escalation_path_set.
  let PATH: EscalationLevel[] = [
    { level: 1, name: "Line manager", person: null },
    { level: 2, name: "Department head", person: { id: 3, name: "Marcus Bell", email: "marcus.bell@northwind.example" } },
    { level: 3, name: "CISO", person: { id: 3, name: "Marcus Bell", email: "marcus.bell@northwind.example" } },
    { level: 4, name: "Executive leadership", person: { id: 2, name: "Elena Novak", email: "elena.novak@northwind.example" } },
  ];
  const detail = (a: ActionRow): ActionDetail => {
    const h = history(a);
    const owner = a.owner ? personNamed(a.owner) : null;
    const overdue = a.overdue;
    return structuredClone({
      id: Number(a.id.slice(-3)),
      reference: a.id,
      description: a.description,
      source: a.source,
      reviewId: null,
      reviewReference: a.reviewReference,
      decisionId: null,
      inputId: null,
      owner: owner && { id: owner.id, name: owner.name, email: owner.email },
      originalTargetOn: h.originalTargetOn,
      targetOn: a.targetDate,
      priority: a.priority,
      resources: null,
      blockers: null,
      tags: [],
      status: a.status,
      escalationLevel: a.escalationLevel ?? 0,
      createdAt: at(now(), -90, 9),
      completedAt: a.status === "completed" || a.status === "closed" ? at(now(), -1, 9) : null,
      closedAt: a.status === "closed" ? at(now(), -1, 10) : null,
      overdue,
      daysOverdue: overdue && a.targetDate ? Math.round((now().getTime() - new Date(a.targetDate).getTime()) / DAY) : 0,
      stalled: false,
      lastActivityAt: at(now(), -3, 9),
      escalationLevelName: a.escalationLevel ? (PATH[a.escalationLevel - 1]?.name ?? null) : null,
      statusHistory: h.statusHistory,
      notes: h.notes,
      dateRevisions: h.dateRevisions,
      verifications: h.verifications,
      escalations: h.escalations,
    });
  };
  const setStatus = (a: ActionRow, to: ActionStatus, note: string | null) => {
    history(a).statusHistory.push({ from: a.status, to, at: now().toISOString().replace(/\.\d{3}Z$/, "Z"), by: "Priya Raman", note });
    a.status = to;
    a.overdue = a.targetDate !== null && a.targetDate < isoDate(now()) && (to === "open" || to === "in_progress");
  };
  /** As core's register: update / complete / verify, with core's refusals. */
  const changeStatus = (a: ActionRow, r: BulkStatus) => {
    if (a.status === "closed") fail("conflict", `${a.id} is closed and cannot change`);
    const note = r.note?.trim() || null;
    if (r.to === "open" || r.to === "in_progress") {
      if (a.status === "completed") fail("conflict", `${a.id} awaits verification; a verifier rejects it to send it back to work`);
      if (a.status === r.to && !note) fail("invalid", `nothing to change on ${a.id}: give a field, a status or a note`);
      if (a.status !== r.to) setStatus(a, r.to, note);
      if (note) history(a).notes.push({ at: now().toISOString(), by: "Priya Raman", text: note });
    } else if (r.to === "completed") {
      if (a.status === "completed") fail("conflict", `${a.id} is already completed and awaits verification by someone other than its owner`);
      setStatus(a, "completed", note);
    } else {
      if (r.verifierId === undefined) fail("invalid", "closing an action is a verification: choose the verifier (not the owner) who reviewed the evidence");
      verify(a, { reference: a.id, verifierId: r.verifierId!, outcome: "accepted", evidence: r.evidence ?? "" });
    }
  };
  const verify = (a: ActionRow, r: VerifyAction) => {
    if (!r.evidence.trim()) fail("invalid", "a verification needs the evidence reviewed: the policy, control or record that shows the objective is met");
    if (r.outcome === "rejected" && !r.reason?.trim()) fail("invalid", "a rejected verification needs a reason: the owner must know what is missing");
    if (a.status !== "completed") fail("conflict", `${a.id} is ${a.status.replace("_", " ")}, not completed: only an action its owner has completed can be verified`);
    const verifier = s.people.find((p) => p.id === r.verifierId) ?? fail("not_found", `person ${r.verifierId} (the verifier) not found`);
    if (a.owner === verifier.name) fail("conflict", `${verifier.name} owns ${a.id} and cannot verify it: choose a verifier who is not the owner (the ISMS lead or a designated verifier)`);
    const ref = { id: verifier.id, name: verifier.name, email: verifier.email };
    history(a).verifications.push({ verifier: ref, at: now().toISOString(), outcome: r.outcome, evidence: r.evidence.trim(), reason: r.reason?.trim() || null });
    if (r.outcome === "accepted") setStatus(a, "closed", `verified by ${verifier.name}: ${r.evidence.trim()}`);
    else setStatus(a, "in_progress", `verification rejected by ${verifier.name}: ${r.reason!.trim()}`);
  };
  const write = (raw: string): string => {
    const path = raw.trim();
    if (!path) fail("invalid", "Choose where to save the file.");
    const exists = s.written.includes(path) || path.includes("exists");
    const confirmed = s.confirmed.indexOf(path);
    if (exists && confirmed < 0) fail("already_exists", `${path} already exists; Quorum never overwrites a file it was not told to replace. Choose another name, or choose the file in the Save dialog and confirm.`);
    if (confirmed >= 0) s.confirmed.splice(confirmed, 1);
    if (!s.written.includes(path)) s.written.push(path);
    return path;
  };
  /** As core's reminders::due, over the demo data. */
  const dueReminders = (): Reminder[] => {
    const today = isoDate(now());
    const horizon = isoDate(dayOffset(now(), 7));
    const out: Reminder[] = [];
    for (const a of allActions()) {
      if (!a.targetDate || !(a.status === "open" || a.status === "in_progress")) continue;
      const place = { to: "action" as const, reference: a.id };
      const detail = `${a.description} (${a.owner ?? "no owner"})`;
      if (a.overdue) {
        const days = Math.max(1, Math.round((Date.parse(today) - Date.parse(a.targetDate)) / DAY));
        out.push({ kind: "action_overdue", title: `${a.id} is ${days} day${days === 1 ? "" : "s"} overdue`, detail, dueOn: a.targetDate, place });
      } else if (a.targetDate <= horizon) {
        out.push({ kind: "action_due", title: `${a.id} is due ${whenDue(a.targetDate, today)}`, detail, dueOn: a.targetDate, place });
      }
    }
    const next = s.empty ? null : demoDashboard(now(), false).nextReview;
    const names = { collect_inputs: "Collect the inputs", send_invitations: "Send the invitations", circulate_pack: "Circulate the pack" } as const;
    for (const m of next?.milestones ?? []) {
      if (m.done || m.kind === "meeting" || m.date > horizon) continue;
      const what = names[m.kind];
      const title = m.date < today ? `${what} for ${next!.reference}: it was due ${m.date}` : `${what} for ${next!.reference} ${whenDue(m.date, today)}`;
      out.push({ kind: "milestone", title, detail: next!.title, dueOn: m.date, place: { to: "review", reference: next!.reference } });
    }
    for (const r of reviews().filter((x) => x.status === "minutes_drafted")) {
      out.push({ kind: "minutes_awaiting_approval", title: `The minutes of ${r.reference} await approval`, detail: r.title, dueOn: r.startsAt.slice(0, 10), place: { to: "review", reference: r.reference } });
    }
    const ends = s.identity?.notAfter.slice(0, 10);
    if (ends && ends <= isoDate(dayOffset(now(), 30))) {
      out.push({ kind: "identity_expiring", title: ends < today ? `The signing identity expired on ${ends}` : `The signing identity expires ${whenDue(ends, today)}`, detail: s.identity!.subject, dueOn: ends, place: { to: "identity" } });
    }
    return out.filter((r) => s.reminderSettings.kinds.includes(r.kind)).sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.kind.localeCompare(b.kind));
  };
  const invited = (reference: string) => {
    const r = findReview(reference);
    return r.invitationsSentOn !== null || s.written.some((p) => p.includes(reference) && p.endsWith(".ics") && !p.includes("cancel"));
  };
  const yearView = (year: number): YearView => {
    const prefix = `${year}-`;
    const list = reviews().filter((r) => r.startsAt.startsWith(prefix)).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    const milestones = list
      .filter((r) => r.status !== "cancelled")
      .flatMap((r) => {
        const day = new Date(Number(r.startsAt.slice(0, 4)), Number(r.startsAt.slice(5, 7)) - 1, Number(r.startsAt.slice(8, 10)));
        const before = (n: number) => new Date(day.getFullYear(), day.getMonth(), day.getDate() - n);
        return [
          { reviewReference: r.reference, kind: "collect-inputs", label: "Collect review inputs", date: isoDate(before(21)), note: null },
          { reviewReference: r.reference, kind: "send-invitations", label: "Send invitations", date: isoDate(before(14)), note: null },
          { reviewReference: r.reference, kind: "circulate-pack", label: "Circulate the review pack", date: isoDate(workingDaysBefore(day, 5)), note: null },
        ];
      })
      .sort((a, b) => a.date.localeCompare(b.date));
    const actions = allActions()
      .filter((a) => a.status !== "closed" && a.targetDate?.startsWith(prefix))
      .map((a) => ({ reference: a.id, description: a.description, owner: a.owner, due: a.targetDate!, status: a.status, overdue: a.overdue }))
      .sort((a, b) => a.due.localeCompare(b.due));
    const holidays = [
      { date: `${year}-01-01`, name: "New Year's Day" },
      { date: `${year}-05-04`, name: "Early May bank holiday" },
      { date: `${year}-12-25`, name: "Christmas Day" },
    ];
    return structuredClone({
      year,
      timeZone: "Europe/London",
      reviews: list.map((r) => ({ reference: r.reference, title: r.title, kind: r.kind, status: r.status, startsAt: r.startsAt, timeZone: r.timeZone, durationMinutes: r.durationMinutes, location: r.location, cancelledReason: r.cancelledReason })),
      milestones,
      actions,
      holidays,
    });
  };
  const plan = (r: PlanRequest): PlanOutcome => {
    if (r.year < 2000 || r.year > 2999) fail("invalid", `${r.year} is not a year to plan: give one like 2027`);
    if (!/^\d{2}:\d{2}$/.test(r.time)) fail("invalid", `"${r.time}" is not a time: write it as HH:MM, like 10:00`);
    const first = r.firstMonth ?? 1;
    const every = (n: number, step: number) => Array.from({ length: n }, (_, i) => ((first - 1 + i * step) % 12) + 1);
    const months = r.cadence === "annual" ? every(1, 12) : r.cadence === "half_yearly" ? every(2, 6) : r.cadence === "quarterly" ? every(4, 3) : [...(r.months ?? [])];
    if (months.length === 0) fail("invalid", "no month chosen: choose months like months:3,9");
    const days: Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    const outcome: PlanOutcome = { year: r.year, reviews: [], unplanned: [], holidaysImported: 0 };
    // As core: a month that already had its meeting keeps it; not-yet-held reviews of the
    // year move into the slot of their own month, else the free slots in date order; the
    // rest are reported as unplanned; empty slots get a new review.
    const prefix = `${r.year}-`;
    const scheduled = reviews().filter((x) => x.kind === "scheduled" && x.status !== "cancelled" && x.startsAt.startsWith(prefix));
    const movable = (x: { status: string }) => ["planned", "invitations_sent", "pack_circulated"].includes(x.status);
    const held = new Set(scheduled.filter((x) => !movable(x)).map((x) => Number(x.startsAt.slice(5, 7))));
    const open = [...new Set(months)].filter((m) => !held.has(m)).sort((a, b) => a - b);
    const free = scheduled.filter(movable).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    const taken = open.map((m) => {
      const i = free.findIndex((x) => Number(x.startsAt.slice(5, 7)) === m);
      return i >= 0 ? free.splice(i, 1)[0] : null;
    });
    for (let i = 0; i < taken.length; i++) if (!taken[i] && free.length) taken[i] = free.shift()!;
    outcome.unplanned = free.map((x) => x.reference);
    open.forEach((month, i) => {
      // The nth preferred weekday of the month (5 = the last).
      const candidates: Date[] = [];
      for (let d = new Date(r.year, month - 1, 1); d.getMonth() === month - 1; d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1)) if (days[d.getDay()] === r.weekday) candidates.push(d);
      const day = r.weekOfMonth === 5 ? candidates[candidates.length - 1] : candidates[r.weekOfMonth - 1];
      const startsAt = `${isoDate(day)}T${r.time}`;
      const existing = taken[i];
      if (existing) {
        const moved = existing.startsAt !== startsAt;
        outcome.reviews.push({ reference: existing.reference, startsAt, change: moved ? "moved" : "unchanged", movedFrom: moved ? existing.startsAt : null, icalSequence: moved ? 1 : 0, notes: [] });
        existing.startsAt = startsAt;
        return;
      }
      const count = reviews().filter((x) => x.reference.startsWith(`MR-${r.year}-`) && !x.reference.includes("AH")).length;
      const reference = `MR-${r.year}-${String(count + 1).padStart(2, "0")}`;
      const monthName = new Intl.DateTimeFormat("en-GB", { month: "long" }).format(day);
      const review = fullReview({ reference, title: `${monthName} ${r.year} management review`, kind: "scheduled", status: "planned", startsAt, timeZone: r.timeZone || "Europe/London", scope: "both" }, reviews().length + 1);
      Object.assign(review, { durationMinutes: r.durationMinutes, location: r.location?.trim() || null });
      reviews().push(review);
      outcome.reviews.push({ reference, startsAt, change: "new", movedFrom: null, icalSequence: 0, notes: [] });
    });
    outcome.reviews.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    return outcome;
  };

  mockIPC(async (cmd, args) => {
    backend.calls.push({ cmd, args });
    if (options.latency) await new Promise((r) => setTimeout(r, options.latency));
    const failure = options.failures?.[cmd];
    if (failure) throw failure;
    if (options.responses && cmd in options.responses && s.storeState === "open") return structuredClone(options.responses[cmd]);
    const request = (args as { request?: unknown } | undefined)?.request;
    switch (cmd) {
      case "app_info":
        return info();
      case "store_create": {
        const r = request as CreateStore;
        if (s.storeState !== "missing") fail("already_exists", "A store already exists at this location.");
        if (r.keyMode === "passphrase" && (r.passphrase ?? "").length < 10)
          fail("invalid", "The passphrase needs at least 10 characters; several words work well.");
        Object.assign(s, { storeState: "open", keyMode: r.keyMode, organisation: r.organisation, empty: true, reviews: null });
        registersState = null;
        return info();
      }
      case "store_open_demo":
        if (s.storeState !== "missing") fail("already_exists", "A store already exists; demo data goes into a new store only.");
        Object.assign(s, { storeState: "open", keyMode: "keychain", organisation: "Northwind Analytics Ltd", empty: false, reviews: null });
        registersState = null;
        s_init(s, now());
        return info();
      case "store_open":
        return fail("not_found", `There is no file at ${(request as OpenStore).path}. Check the path: a Quorum store is the .db file Quorum created.`);
      case "store_restore": {
        const r = request as RestoreStore;
        if (!r.backup.endsWith(".db")) fail("not_found", `There is no file at ${r.backup}. Choose the backup file (a .db file made by Quorum's backup).`);
        Object.assign(s, { storeState: "open", keyMode: r.passphrase ? "passphrase" : "keychain", organisation: "Northwind Analytics Ltd", empty: false, reviews: null });
        registersState = null;
        return info();
      }
      case "store_unlock": {
        const r = request as Unlock;
        if (s.storeState === "missing") fail("missing", "There is no store to unlock yet.");
        if (!(s.keyMode === "keychain" && r.passphrase === "") && r.passphrase !== s.passphrase) fail("wrong_key", "That passphrase does not open this store. Check it (and Caps Lock) and try again.");
        if (damaged) fail("corrupt", damaged);
        Object.assign(s, { storeState: "open", organisation: s.organisation ?? "Northwind Analytics Ltd" });
        return info();
      }
      case "store_salvage": {
        const r = request as SalvageStore;
        if (!damaged) fail("invalid", "internal: the mock's store is not damaged");
        if (!r.out.trim()) fail("invalid", "Choose where the salvaged store goes.");
        if (s.written.includes(r.out.trim())) fail("already_exists", `${r.out.trim()} already exists: salvage writes a new store`);
        if (!(s.keyMode === "keychain" && r.passphrase === "") && r.passphrase !== s.passphrase) fail("wrong_key", "That passphrase does not open this store. Check it (and Caps Lock) and try again.");
        damaged = undefined;
        s.written.push(r.out.trim());
        Object.assign(s, { storeState: "open", organisation: s.organisation ?? "Northwind Analytics Ltd" });
        const lines = ["actions                       38 rows copied", "audit_events                1781 rows copied; LOST rows 563-572 (database disk image is malformed)", "Audit chain: BROKEN at event 573: it does not point at the event before it (an event was removed, inserted or reordered)", "Some records were lost: check them against a backup or the signed exports."];
        return { lines, lostAnything: true, info: info() } satisfies SalvageDone;
      }
      case "store_lock":
        if (s.storeState === "open") s.storeState = "locked";
        return info();
      case "dashboard":
        needOpen();
      {
        const board = demoDashboard(now(), s.empty, options.nothingClosed);
        // As core: the next review's readiness check, counted.
        if (board.nextReview) {
          const findings = checkOf(board.nextReview.reference);
          board.readiness = { nonconformities: findings.filter((f) => f.severity === "nonconformity").length, observations: findings.filter((f) => f.severity === "observation").length, preparation: findings.filter((f) => f.severity === "preparation").length };
        }
        return board;
      }
      case "reviews_list":
        needOpen();
        return structuredClone(reviews()).reverse();
      case "review_create": {
        needOpen();
        const r = request as NewReview;
        if (!r.title.trim()) fail("invalid", "the review needs a title");
        const year = r.startsAt.slice(0, 4);
        const count = reviews().filter((x) => x.reference.startsWith(`MR-${year}-`) && !x.reference.includes("AH")).length;
        const review = fullReview(
          { reference: `MR-${year}-${String(count + 1).padStart(2, "0")}`, title: r.title.trim(), kind: r.trigger ? "ad_hoc" : "scheduled", status: "planned", startsAt: r.startsAt.slice(0, 16), timeZone: r.timeZone, scope: r.scope },
          reviews().length + 1,
        );
        Object.assign(review, { trigger: r.trigger, triggerText: r.triggerText, durationMinutes: r.durationMinutes, location: r.location });
        reviews().push(review);
        // As core: a new review invites the board.
        s.attendees[review.reference] = s.board.map((m) => {
          const p = s.people.find((x) => x.id === m.person.id)!;
          return { person: m.person, jobTitle: p?.jobTitle ?? null, role: m.role as Attendee["role"], required: m.required, topManagement: p?.topManagement ?? false, attendance: "unknown", delegateName: null, delegation: null };
        });
        return structuredClone(review);
      }
      case "review_get":
        needOpen();
        return record((request as ReviewRef).reference);
      case "review_check":
        needOpen();
        return checkOf((request as ReviewRef).reference);
      case "review_move": {
        needOpen();
        const r = request as MoveReview;
        const review = editable(r.reference);
        if (review.status === "held" || review.status === "minutes_drafted") fail("conflict", `review ${r.reference} was already held on ${review.heldOn}; its meeting stays where it was`);
        review.startsAt = r.startsAt.slice(0, 16);
        return record(r.reference);
      }
      case "review_invite": {
        needOpen();
        const r = request as Invite;
        findReview(r.reference);
        const wanted = r.person.trim().toLowerCase();
        const person = s.people.find((p) => p.active && (p.name.toLowerCase().includes(wanted) || p.email?.includes(wanted))) ?? fail("not_found", `nobody called "${r.person}": add them in People first`);
        const list = (s.attendees[r.reference] ??= []);
        const existing = list.find((a) => a.person.id === person.id);
        if (existing) Object.assign(existing, { role: r.role, required: r.required });
        else list.push({ person: { id: person.id, name: person.name, email: person.email }, jobTitle: person.jobTitle, role: r.role, required: r.required, topManagement: person.topManagement, attendance: "unknown", delegateName: null, delegation: null });
        return record(r.reference);
      }
      case "people_list":
        needOpen();
        return structuredClone(s.people.filter((p) => p.active || (request as PeopleFilter | undefined)?.includeInactive));
      case "person_add":
      case "person_update": {
        needOpen();
        const { id, change } = cmd === "person_add" ? { id: 0, change: request as PersonChange } : (request as UpdatePerson);
        if (cmd === "person_add" && !change.name?.trim()) fail("invalid", "a person needs a name");
        const person = cmd === "person_add" ? { id: Math.max(...s.people.map((p) => p.id)) + 1, name: "", email: null, jobTitle: null, department: null, lineManager: null, topManagement: false, active: true } : (s.people.find((p) => p.id === id) ?? fail("not_found", `person ${id} not found`));
        const text = (v: string | undefined, old: string | null) => (v === undefined ? old : v.trim() || null);
        Object.assign(person, {
          name: change.name?.trim() || person.name,
          email: text(change.email, person.email),
          jobTitle: text(change.jobTitle, person.jobTitle),
          department: text(change.department, person.department),
          topManagement: change.topManagement ?? person.topManagement,
          active: change.active ?? person.active,
        });
        if (change.lineManagerId !== undefined) {
          const manager = s.people.find((p) => p.id === change.lineManagerId) ?? fail("not_found", `person ${change.lineManagerId} (the line manager) not found`);
          person.lineManager = { id: manager.id, name: manager.name, email: manager.email };
        }
        if (cmd === "person_add") s.people.push(person);
        return structuredClone(person);
      }
      case "review_input_set": {
        needOpen();
        const r = request as SetInput;
        const input = record(r.reference).inputs.find((i) => i.code === r.code) ? s.inputs[r.reference].find((i) => i.code === r.code)! : fail("not_found", `input ${r.code} in ${r.reference} not found`);
        if (r.change.summary !== undefined) input.summary = r.change.summary.trim();
        if (r.change.state !== undefined) input.state = r.change.state;
        if (r.change.nothingToReport !== undefined) Object.assign(input, { nothingToReport: r.change.nothingToReport.trim() !== "", nothingReason: r.change.nothingToReport.trim() || null });
        if (r.change.noChange !== undefined) input.noChangeReason = r.change.noChange.trim() || null;
        if (r.change.resourceNeed !== undefined) input.resourceNeed = r.change.resourceNeed.trim() || null;
        return record(r.reference);
      }
      case "review_kpi_set": {
        needOpen();
        const r = request as SetKpi;
        const input = mockInput(r.reference, r.code);
        if (!r.kpi.name.trim()) fail("invalid", "a KPI needs a name");
        if (!Number.isFinite(r.kpi.value)) fail("invalid", `the KPI ${r.kpi.name} needs a number as its value`);
        const meetsTarget = r.kpi.target === null ? null : r.kpi.better === "higher" ? r.kpi.value >= r.kpi.target : r.kpi.value <= r.kpi.target;
        input.kpis = [...input.kpis.filter((k) => k.name !== r.kpi.name.trim()), { ...r.kpi, name: r.kpi.name.trim(), measuredOn: r.kpi.measuredOn ?? null, previous: null, trend: "new", meetsTarget, history: [{ review: r.reference, value: r.kpi.value }] }];
        return record(r.reference);
      }
      case "review_kpi_remove": {
        needOpen();
        const r = request as RemoveKpi;
        const input = mockInput(r.reference, r.code);
        if (!input.kpis.some((k) => k.name === r.name)) fail("not_found", `KPI ${r.name} of ${r.code} not found`);
        input.kpis = input.kpis.filter((k) => k.name !== r.name);
        return record(r.reference);
      }
      case "evidence_add": {
        needOpen();
        const headers = lastUploadHeaders;
        const bytes = args as unknown as Uint8Array;
        if (!(bytes instanceof Uint8Array) || !headers["x-review"] || !headers["x-input"] || !headers["x-file-name"]) fail("invalid", "The upload lacks its bytes or headers.");
        const reference = decodeURIComponent(headers["x-review"]);
        const input = mockInput(reference, decodeURIComponent(headers["x-input"]));
        const fileName = decodeURIComponent(headers["x-file-name"]);
        s.evidenceCount += 1;
        input.evidence = [...input.evidence, { id: s.evidenceCount, fileName, mediaType: fileName.endsWith(".pdf") ? "application/pdf" : "application/octet-stream", size: bytes.length, sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", reviewReference: reference, inputCode: input.code, actionReference: null, addedAt: now().toISOString(), addedBy: "Priya Raman" }];
        return record(reference);
      }
      case "evidence_add_path": {
        needOpen();
        const r = request as DroppedEvidence;
        const input = mockInput(r.reference, r.code);
        const fileName = r.path.split(/[\\/]/).pop() ?? r.path;
        s.evidenceCount += 1;
        input.evidence = [...input.evidence, { id: s.evidenceCount, fileName, mediaType: "application/octet-stream", size: 1024, sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", reviewReference: r.reference, inputCode: input.code, actionReference: null, addedAt: now().toISOString(), addedBy: "Priya Raman" }];
        return record(r.reference);
      }
      case "evidence_save": {
        needOpen();
        const r = request as SaveEvidence;
        if (!r.path.trim()) fail("invalid", "Choose where to save the copy.");
        return write(r.path);
      }
      case "review_attend": {
        needOpen();
        const r = request as Attend;
        editable(r.reference);
        const attendee = (s.attendees[r.reference] ?? []).find((a) => a.person.id === r.personId) ?? fail("not_found", `invitee ${r.personId} of review ${r.reference} not found: invite them first`);
        if (r.attendance === "delegate" && !r.delegate?.trim()) fail("invalid", "represented by a delegate: name the delegate");
        Object.assign(attendee, { attendance: r.attendance, delegateName: r.attendance === "delegate" ? r.delegate!.trim() : null, delegation: r.attendance === "delegate" ? (r.delegation?.trim() || attendee.delegation) : null });
        return record(r.reference);
      }
      case "review_distribute": {
        needOpen();
        const r = request as Distribute;
        const rec = record(r.reference);
        const version = [...rec.document.revisions].reverse().find((v) => v.status === "approved");
        if (!version?.releasedOn) fail("conflict", `the minutes of ${r.reference} are not approved yet: only an approved version is distributed`);
        const approvedOn = version!.releasedOn!.slice(0, 10);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(r.sentOn)) fail("invalid", `${r.sentOn} is not a date: write it as YYYY-MM-DD`);
        if (r.sentOn < approvedOn) fail("invalid", `${r.sentOn} is before version ${version!.version} was approved (${approvedOn}): give the day the minutes were sent`);
        if (r.sentOn > isoDate(now())) fail("invalid", `${r.sentOn} is in the future: record a distribution once it has happened`);
        const methods: DistributionMethod[] = ["email", "shared_folder", "printed", "in_person"];
        if (!methods.includes(r.method)) fail("invalid", `unknown method ${r.method}: use email, shared_folder, printed or in_person`);
        const recipients = r.people.length ? r.people : rec.attendees.filter((a) => a.attendance === "present" || a.attendance === "delegate").map((a) => a.person.id);
        if (!recipients.length) fail("invalid", `${r.reference} has no attendance recorded: name who received the minutes (--to PERSON)`);
        const list = s.distributions[r.reference];
        for (const id of recipients) {
          const p = s.people.find((x) => x.id === id) ?? fail("not_found", `person ${id} not found`);
          const entry: Distribution = { version: version!.version, person: { id: p.id, name: p.name, email: p.email }, sentOn: r.sentOn, method: r.method, recordedAt: now().toISOString().replace(/\.\d{3}Z$/, "Z"), recordedBy: s.org.ismsLead?.name ?? "ISMS lead" };
          const i = list.findIndex((d) => d.version === entry.version && d.person.id === id);
          if (i >= 0) list[i] = entry;
          else list.push(entry);
        }
        return record(r.reference);
      }
      case "review_minutes_email": {
        needOpen();
        const r = request as MinutesEmail;
        const rec = record(r.reference);
        const version = [...rec.document.revisions].reverse().find((v) => v.status === "approved");
        if (!version) fail("conflict", `the minutes of ${r.reference} are not approved yet: send an approved, signed version`);
        if (!s.written.includes(r.pdfPath.trim())) fail("not_found", `There is no file at ${r.pdfPath.trim()}: give the signed minutes the export wrote.`);
        const lead = s.org.ismsLead ?? fail("invalid", "the organisation has no ISMS lead to send from: set one in Settings (or `quorum org set --lead PERSON`)");
        if (!lead.email) fail("invalid", `the ISMS lead, ${lead.name}, has no email address to send from: add it in People`);
        const out = r.out.trim();
        if (s.written.includes(out)) fail("already_exists", `${out} already exists; Quorum never overwrites a file. Choose another name.`);
        s.written.push(out);
        return out;
      }
      case "review_transition": {
        needOpen();
        const r = request as TransitionRequest;
        const review = findReview(r.reference);
        if (review.status === "approved" || review.status === "cancelled") fail("conflict", `review ${r.reference} is ${review.status}: it does not move again`);
        if (r.to === "cancelled" && !r.note?.trim()) fail("invalid", "cancelling a review needs the reason");
        const day = r.on ?? isoDate(now());
        // As core: held (or later) only from the meeting's start.
        if (["held", "minutes_drafted"].includes(r.to) && (now().getTime() < meetingInstant(review.startsAt, review.timeZone) || day < review.startsAt.slice(0, 10)))
          fail("conflict", `review ${r.reference} is ${review.status.replace(/_/g, " ")}: its meeting starts on ${review.startsAt.slice(0, 10)} at ${review.startsAt.slice(11, 16)} (${review.timeZone}), so it cannot be held before then; if the meeting took place earlier, move it to the day it happened first`);
        review.status = r.to;
        if (r.to === "invitations_sent") review.invitationsSentOn = day;
        if (r.to === "pack_circulated") review.packCirculatedOn = day;
        if (r.to === "held") review.heldOn = day;
        if (r.to === "cancelled") review.cancelledReason = r.note!.trim();
        return structuredClone(review);
      }
      case "settings_get":
        needOpen();
        return { retentionYears: s.retentionYears };
      case "retention_set": {
        needOpen();
        const years = (request as Retention).years;
        if (years < s.retentionYears) fail("invalid", `the retention period can only grow: it is ${s.retentionYears} years, so ${years} is refused (records already promised to auditors stay kept)`);
        s.retentionYears = years;
        return { retentionYears: s.retentionYears };
      }
      case "store_verify":
        needOpen();
        return { ok: true, auditEvents: 1284, auditBroken: null, faults: [] };
      case "store_export_json": {
        needOpen();
        const path = (request as { path: string }).path.trim();
        if (!path) fail("invalid", "Choose where to save the export.");
        return write(path);
      }
      case "store_backup": {
        needOpen();
        const path = (request as Backup).path;
        if (!path.trim()) fail("invalid", "Choose where to save the backup.");
        for (const done of [100, 250, 372]) await emit("backup-progress", { done, total: 372 });
        return path;
      }
      case "actions_list":
        needOpen();
        return structuredClone(allActions());
      case "actions_page":
        needOpen();
        return structuredClone(actionPage(allActions(), request as ActionQuery, personNamed, reviewIdOf));
      case "actions_choices":
        needOpen();
        return actionChoices(allActions(), personNamed, reviewIdOf);
      case "actions_like": {
        needOpen();
        const { description } = args as { description: string };
        return allActions()
          .filter((a) => a.status !== "closed")
          .map((a) => ({ reference: a.id, description: a.description, status: a.status, owner: a.owner, targetOn: a.targetDate, similarity: similarity(description, a.description) }))
          .filter((a) => a.similarity >= SIMILAR_THRESHOLD)
          .sort((a, b) => b.similarity - a.similarity || a.reference.localeCompare(b.reference));
      }
      case "action_add": {
        needOpen();
        const r = request as NewAction;
        if (!r.description.trim()) fail("invalid", "the action has no description: say what must be done");
        if (r.ownerId === undefined || r.targetOn === undefined || r.source === undefined || r.priority === undefined)
          fail("invalid", "an action needs an owner, a target date, a source and a priority");
        const owner = s.people.find((p) => p.id === r.ownerId) ?? fail("not_found", `person ${r.ownerId} (the owner) not found`);
        const review = reviews().find((x) => x.id === r.reviewId) ?? null;
        // As core numbers them: by the year the action is raised.
        const reference = `ACT-${now().getFullYear()}-${String(101 + s.added.length)}`;
        // As core: an action raised from a decision belongs to the decision's review.
        const decided = r.decisionId ? Object.entries(s.decisions).find(([, list]) => list.some((d) => d.id === r.decisionId)) : undefined;
        if (r.decisionId && !decided) fail("not_found", `decision ${r.decisionId} not found`);
        const from = review ?? (decided ? findReview(decided[0]) : null);
        s.added.push({ id: reference, description: r.description.trim(), owner: owner.name, targetDate: r.targetOn, priority: r.priority, status: "open", overdue: false, escalationLevel: null, reviewReference: from?.reference ?? null, source: r.source, ...(r.decisionId ? { decisionId: r.decisionId } : {}) } as ActionRow);
        const created = now().toISOString().replace(/\.\d{3}Z$/, "Z");
        return {
          id: 100 + s.added.length,
          reference,
          description: r.description.trim(),
          source: r.source!,
          reviewId: from?.id ?? null,
          reviewReference: from?.reference ?? null,
          decisionId: r.decisionId ?? null,
          inputId: r.inputId ?? null,
          owner: { id: owner.id, name: owner.name, email: owner.email },
          originalTargetOn: r.targetOn ?? null,
          targetOn: r.targetOn ?? null,
          priority: r.priority ?? null,
          resources: r.resources ?? null,
          blockers: r.blockers ?? null,
          tags: r.tags ?? [],
          status: "open",
          escalationLevel: 0,
          createdAt: created,
          completedAt: null,
          closedAt: null,
          overdue: false,
          daysOverdue: 0,
          stalled: false,
          lastActivityAt: created,
          escalationLevelName: null,
        } satisfies Action;
      }
      case "action_get":
        needOpen();
        return detail(findAction((request as ActionRef).reference));
      case "board_list":
        needOpen();
        return structuredClone(s.board);
      case "board_set": {
        needOpen();
        const r = request as BoardSet;
        const roles: Attendee["role"][] = ["chair", "top_management", "isms_lead", "minute_taker", "department_head", "internal_audit", "risk_owner", "dpo", "it_security_operations", "guest"];
        if (!roles.includes(r.role as Attendee["role"])) fail("invalid", `unknown role "${r.role}": use one of ${roles.join(", ")}`);
        const person = s.people.find((p) => p.id === r.personId) ?? fail("not_found", `person ${r.personId} not found`);
        const chair = s.board.find((m) => m.role === "chair" && m.person.id !== r.personId);
        if (r.role === "chair" && chair) fail("conflict", `${chair.person.name} already chairs the review board: give them another role first`);
        s.board = [...s.board.filter((m) => m.person.id !== r.personId), { person: { id: person.id, name: person.name, email: person.email }, role: r.role, required: r.required }];
        return structuredClone(s.board);
      }
      case "board_remove": {
        needOpen();
        const { personId } = args as { personId: number };
        if (!s.board.some((m) => m.person.id === personId)) fail("not_found", `person ${personId} on the review board not found`);
        s.board = s.board.filter((m) => m.person.id !== personId);
        return structuredClone(s.board);
      }
      case "board_apply": {
        needOpen();
        const changed: string[] = [];
        for (const review of reviews().filter((x) => x.status === "planned")) {
          const list = (s.attendees[review.reference] ??= []);
          const missing = s.board.filter((m) => !list.some((a) => a.person.id === m.person.id));
          if (!missing.length) continue;
          for (const m of missing) list.push({ person: m.person, jobTitle: null, role: m.role as Attendee["role"], required: m.required, topManagement: false, attendance: "unknown", delegateName: null, delegation: null });
          changed.push(review.reference);
        }
        return changed;
      }
      case "escalation_path":
        needOpen();
        return structuredClone(PATH);
      case "escalation_path_set": {
        needOpen();
        const levels = request as PathLevel[];
        if (levels.length === 0) fail("invalid", "an escalation path needs at least one level");
        const inUse = Math.max(0, ...allActions().filter((a) => a.status !== "closed").map((a) => a.escalationLevel ?? 0));
        if (levels.length < inUse) fail("conflict", `open actions are escalated up to level ${inUse}: the path needs at least ${inUse} levels`);
        PATH = levels.map((l, i) => {
          if (!l.name.trim()) fail("invalid", `escalation level ${i + 1} has no name`);
          const person = l.personId === null ? null : (s.people.find((p) => p.id === l.personId) ?? fail("not_found", `person ${l.personId} (the escalation contact) not found`));
          return { level: i + 1, name: l.name.trim(), person: person && { id: person.id, name: person.name, email: person.email } };
        });
        return structuredClone(PATH);
      }
      case "actions_bulk_status": {
        needOpen();
        const r = request as BulkStatus;
        if (r.references.length === 0) fail("invalid", "Select at least one action first.");
        return r.references.map((reference): BulkOutcome => {
          try {
            const a = findAction(reference);
            changeStatus(a, r);
            return { reference, changed: true, status: a.status, error: null };
          } catch (error) {
            const a = allActions().find((x) => x.id === reference);
            return { reference, changed: false, status: a?.status ?? null, error: error as CommandError };
          }
        });
      }
      case "action_verify": {
        needOpen();
        const r = request as VerifyAction;
        const a = findAction(r.reference);
        verify(a, r);
        return detail(a);
      }
      case "action_escalate": {
        needOpen();
        const r = request as EscalateAction;
        const a = findAction(r.reference);
        if (a.status === "closed") fail("conflict", `${a.id} is closed and cannot be escalated`);
        if (!a.overdue && !r.force) fail("conflict", `${a.id} is neither overdue (due ${a.targetDate ?? "no date"}) nor stalled: escalate it anyway with a note saying why`);
        if (!a.overdue && !r.note?.trim()) fail("invalid", "a forced escalation needs a note saying why the action goes up before it is overdue or stalled");
        const next = (a.escalationLevel ?? 0) + 1;
        const level = PATH.find((l) => l.level === next) ?? fail("conflict", `${a.id} is already at the last escalation level (4 Executive leadership): decide on it at the next management review`);
        const owner = a.owner ? s.people.find((p) => p.name === a.owner) : undefined;
        const person = level.person ?? owner?.lineManager ?? fail("invalid", `level 1 (Line manager) goes to the owner's line manager, and ${a.owner ?? "nobody"} has none: record the line manager first`);
        history(a).escalations.push({ level: next, levelName: level.name, person, at: now().toISOString(), note: r.note?.trim() || null });
        a.escalationLevel = next;
        return detail(a);
      }
      case "action_revise_date": {
        needOpen();
        const r = request as ReviseDate;
        const a = findAction(r.reference);
        if (!r.reason.trim()) fail("invalid", "a revised target date needs a reason, kept with the original date");
        if (a.status === "closed") fail("conflict", `${a.id} is closed and cannot have its target date revised`);
        if (!a.targetDate) fail("invalid", `${a.id} has no target date yet`);
        if (a.targetDate === r.date) fail("invalid", `${a.id} is already due on ${r.date}: give a different date`);
        if (r.date < isoDate(now())) fail("invalid", `the new target date ${r.date} is already past: choose a date from today on`);
        history(a).dateRevisions.push({ previousOn: a.targetDate!, newOn: r.date, reason: r.reason.trim(), at: now().toISOString(), by: "Priya Raman" });
        a.targetDate = r.date;
        a.overdue = false;
        return detail(a);
      }
      case "action_note": {
        needOpen();
        const r = request as AddNote;
        const a = findAction(r.reference);
        if (a.status === "closed") fail("conflict", `${a.id} is closed and cannot change`);
        if (!r.note.trim()) fail("invalid", `nothing to change on ${a.id}: give a field, a status or a note`);
        history(a).notes.push({ at: now().toISOString(), by: "Priya Raman", text: r.note.trim() });
        return detail(a);
      }
      case "actions_export": {
        needOpen();
        const r = request as ExportActions;
        if (r.format !== "csv" && r.format !== "xlsx") fail("invalid", `"${r.format}" is not an export format: choose csv or xlsx`);
        if (r.query) actionPage(allActions(), { ...r.query, offset: 0, limit: undefined }, personNamed, reviewIdOf);
        else (r.references ?? []).forEach(findAction);
        return write(r.path);
      }
      case "calendar_year":
        needOpen();
        return yearView((request as CalendarYear).year);
      case "calendar_plan":
        needOpen();
        return plan(request as PlanRequest);
      case "calendar_export_ics":
      case "calendar_export_planner":
        needOpen();
        return write((request as YearExport).path);
      case "review_was_invited":
        needOpen();
        return invited((request as ReviewRef).reference);
      case "review_invitation": {
        needOpen();
        const r = request as InvitationFiles;
        const review = findReview(r.reference);
        if (review.status === "cancelled") fail("conflict", `${r.reference} is cancelled: there is nothing to invite to`);
        const people = s.attendees[r.reference] ?? [];
        if (people.length === 0) fail("invalid", `${r.reference} has no invitees yet: invite the chair and top management in the review's Details first`);
        for (const p of [r.icsPath, r.emlPath]) if (s.written.includes(p.trim()) || p.includes("exists")) fail("already_exists", `${p.trim()} already exists; Quorum never overwrites a file. Choose another name.`);
        write(r.icsPath);
        write(r.emlPath);
        if (review.status === "planned") Object.assign(review, { status: "invitations_sent", invitationsSentOn: isoDate(now()) });
        const attendees = people.flatMap((a) => (a.person.email ? [a.person.email] : []));
        return { reference: r.reference, uid: review.icalUid, sequence: 0, method: "REQUEST", status: review.status, attendees, mailto: `mailto:${attendees.join(",")}`, icsPath: r.icsPath.trim(), emlPath: r.emlPath.trim() } satisfies IssuedFiles;
      }
      case "review_cancel": {
        needOpen();
        const r = request as CancelReview;
        const review = findReview(r.reference);
        if (!r.reason.trim()) fail("invalid", "cancelling a review needs the reason");
        if (["held", "minutes_drafted", "approved", "cancelled"].includes(review.status)) fail("conflict", `review ${r.reference} is ${review.status.replace("_", " ")}: it cannot be cancelled`);
        const wasInvited = invited(r.reference);
        if (wasInvited && (!r.icsPath || !r.emlPath)) fail("invalid", `Invitations to ${r.reference} went out, so the attendees need the cancellation: choose where to save it.`);
        let notice: IssuedFiles | null = null;
        if (wasInvited) {
          write(r.icsPath!);
          write(r.emlPath!);
          const attendees = (s.attendees[r.reference] ?? []).flatMap((a) => (a.person.email ? [a.person.email] : []));
          notice = { reference: r.reference, uid: review.icalUid, sequence: 1, method: "CANCEL", status: "cancelled", attendees, mailto: `mailto:${attendees.join(",")}`, icsPath: r.icsPath!.trim(), emlPath: r.emlPath!.trim() };
        }
        Object.assign(review, { status: "cancelled", cancelledReason: r.reason.trim() });
        return { review: structuredClone(review), notice } satisfies CancelledReview;
      }
      case "export_path_suggest": {
        // As files.rs: a name that exists nowhere yet ("name (2).pdf" after one was written).
        const name = (request as SuggestPath).fileName.replace(/[/\\]/g, "-").trim();
        const folder = "/home/lead/Documents/Quorum/";
        const dot = name.lastIndexOf(".");
        const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
        let candidate = folder + name;
        for (let n = 2; s.written.includes(candidate); n++) candidate = `${folder}${stem} (${n})${ext}`;
        return candidate;
      }
      case "organisation_get":
        needOpen();
        return organisation();
      case "organisation_set": {
        needOpen();
        const r = request as OrganisationChange;
        for (const [field, value] of [["name", r.name], ["classification", r.classification], ["document prefix", r.documentPrefix]] as const)
          if (value !== undefined && !value.trim()) fail("invalid", `the organisation's ${field} cannot be empty`);
        if (r.timeZone !== undefined && !isTimeZone(r.timeZone)) fail("invalid", `${JSON.stringify(r.timeZone)} is not an IANA time zone: write it like Europe/London`);
        if (r.reviewCadenceMonths !== undefined && !(r.reviewCadenceMonths >= 1 && r.reviewCadenceMonths <= 12))
          fail("invalid", "the review cadence is 1 to 12 months (ISO 27001 expects at least one review a year)");
        let days: string[] | undefined;
        if (r.workingDays !== undefined) {
          const bad = r.workingDays.find((d) => !WEEK.includes(d.trim().toLowerCase()));
          if (bad !== undefined) fail("invalid", `'${bad}' is not a day of the week: write mon, tue, wed, thu, fri, sat or sun`);
          days = WEEK.filter((d) => r.workingDays!.some((w) => w.trim().toLowerCase() === d));
          if (days.length === 0) fail("invalid", "the week needs at least one working day");
        }
        const lead = r.ismsLeadId === undefined ? undefined : (s.people.find((p) => p.id === r.ismsLeadId) ?? fail("not_found", `person ${r.ismsLeadId} not found`));
        if (r.name !== undefined) s.organisation = r.name.trim();
        Object.assign(s.org, {
          ...(r.timeZone !== undefined && { timeZone: r.timeZone }),
          ...(r.classification !== undefined && { classification: r.classification.trim() }),
          ...(r.documentPrefix !== undefined && { documentPrefix: r.documentPrefix.trim() }),
          ...(r.quorum !== undefined && { quorum: { ...r.quorum } }),
          ...(days !== undefined && { workingDays: days }),
          ...(r.reviewCadenceMonths !== undefined && { reviewCadenceMonths: r.reviewCadenceMonths }),
          ...(lead && { ismsLead: { id: lead.id, name: lead.name, email: lead.email } }),
        });
        return organisation();
      }
      case "holidays_list":
        needOpen();
        return structuredClone(s.holidays);
      case "holidays_import": {
        needOpen();
        const path = (request as HolidaysImport).path.trim();
        if (!path) fail("invalid", "Give the path of the holidays file.");
        const text = files[path] ?? fail("not_found", `There is no file at ${path}. Check the path.`);
        const read: HolidayEntry[] = [];
        text.split(/\r?\n/).forEach((line, i) => {
          if (!line.trim() || line.trim().startsWith("#")) return;
          const m = /^(\d{4}-\d{2}-\d{2})\s*,\s*(.+)$/.exec(line.trim());
          if (!m || Number.isNaN(Date.parse(m[1]!))) fail("invalid", `${path}: holidays file, line ${i + 1}: expected YYYY-MM-DD,Name. Fix that line and try again`);
          read.push({ date: m![1]!, name: m![2]!.trim() });
        });
        if (read.length === 0) fail("invalid", `${path} lists no holidays: write one YYYY-MM-DD,Name per line, or give an .ics calendar of all-day events.`);
        let changed = 0;
        for (const h of read) {
          const known = s.holidays.find((k) => k.date === h.date);
          if (!known) (s.holidays.push(h), (changed += 1));
          else if (known.name !== h.name) (known.name = h.name, (changed += 1));
        }
        s.holidays.sort((a, b) => a.date.localeCompare(b.date));
        return { changed, read: read.length, holidays: structuredClone(s.holidays) };
      }
      case "store_change_key": {
        needOpen();
        const r = request as ChangeKey;
        if (r.mode === "passphrase") {
          if ([...(r.newPassphrase ?? "")].length < 10) fail("invalid", "the passphrase is shorter than 10 characters: choose a longer one (several words work well)");
          s.passphrase = r.newPassphrase!;
        } else if (r.mode !== "keychain") fail("invalid", `unknown key mode ${JSON.stringify(r.mode)}: choose keychain or passphrase`);
        s.keyMode = r.mode;
        return info();
      }
      case "objectives_list": {
        needOpen();
        const all = (request as ObjectivesFilter | undefined)?.includeInactive ?? false;
        const ordered = reviews().filter((r) => r.status !== "cancelled").sort((a, b) => a.startsAt.localeCompare(b.startsAt));
        return s.objectives.filter((o) => o.active || all).map((objective) => {
          let latest: ObjectiveOverview["latest"] = null;
          for (const r of ordered) {
            const found = s.results[r.reference]?.find((x) => x.objective.id === objective.id);
            if (found) latest = { reviewReference: r.reference, reviewOn: r.startsAt.slice(0, 10), met: found.met, note: found.note, nextTarget: found.nextTarget };
          }
          return structuredClone({ objective, latest });
        });
      }
      case "objective_add":
      case "objective_update": {
        needOpen();
        const { id, change } = cmd === "objective_add" ? { id: 0, change: request as ObjectiveChange } : (request as UpdateObjective);
        const current = id ? (s.objectives.find((o) => o.id === id) ?? fail("not_found", `objective ${id} not found`)) : null;
        if (!current && (change.title === undefined || change.measure === undefined || change.target === undefined || !change.periodStart || !change.periodEnd))
          fail("invalid", "an objective needs a title, a measure, a target and its period (start and end)");
        const next = {
          title: change.title ?? current!.title,
          measure: change.measure ?? current!.measure,
          target: change.target ?? current!.target,
          periodStart: change.periodStart ?? current!.periodStart,
          periodEnd: change.periodEnd ?? current!.periodEnd,
        };
        for (const field of ["title", "measure", "target"] as const) if (!next[field].trim()) fail("invalid", `an objective needs its ${field}`);
        if (next.periodEnd < next.periodStart) fail("invalid", `the objective's period ends (${next.periodEnd}) before it starts (${next.periodStart})`);
        const ownerPerson = change.ownerId === undefined ? undefined : (s.people.find((p) => p.id === change.ownerId) ?? fail("not_found", `person ${change.ownerId} not found`));
        const owner = ownerPerson ? { id: ownerPerson.id, name: ownerPerson.name, email: ownerPerson.email } : (current?.owner ?? null);
        const objective: Objective = { id: current?.id ?? s.objectives.length + 1, ...next, title: next.title.trim(), measure: next.measure.trim(), target: next.target.trim(), owner, active: change.active ?? current?.active ?? true };
        if (current) Object.assign(current, objective);
        else s.objectives.push(objective);
        return structuredClone(objective);
      }
      case "objective_result_set": {
        needOpen();
        const r = request as RecordResult;
        const review = findReview(r.reference);
        if (review.status === "approved") fail("conflict", `the minutes of ${r.reference} are approved and cannot change: open a revision first`);
        if (review.status === "cancelled") fail("conflict", `${r.reference} was cancelled: its content cannot change`);
        if (!(["met", "partly_met", "not_met", "not_yet_due"] as string[]).includes(r.met)) fail("invalid", `'${r.met}' is not a objective result: use one of met, partly_met, not_met, not_yet_due`);
        const objective = s.objectives.find((o) => o.id === r.objectiveId) ?? fail("not_found", `objective ${r.objectiveId} not found`);
        const clean = (t?: string) => (t?.trim() ? t.trim() : null);
        const result: ObjectiveResult = { objective: structuredClone(objective), met: r.met, measured: clean(r.measured), note: clean(r.note), nextTarget: clean(r.nextTarget) };
        const list = (s.results[r.reference] ??= []);
        const at = list.findIndex((x) => x.objective.id === r.objectiveId);
        if (at >= 0) list[at] = result;
        else list.push(result);
        list.sort((a, b) => a.objective.id - b.objective.id);
        return structuredClone(result);
      }
      case "objective_results":
        needOpen();
        findReview((request as ReviewResults).reference);
        return structuredClone(s.results[(request as ReviewResults).reference] ?? []);
      case "file_choose_save": {
        const suggested = (request as ChooseSave).suggestedPath;
        const chosen = options.dialogs?.save ? options.dialogs.save(suggested) : suggested;
        if (chosen && (s.written.includes(chosen) || chosen.includes("exists"))) s.confirmed.push(chosen);
        return chosen;
      }
      case "file_choose_open": {
        const purpose = (request as ChooseOpen).purpose;
        if (options.dialogs?.open) return options.dialogs.open(purpose);
        return { store: "/home/lead/Documents/quorum.db", backup: "/home/lead/Backups/quorum-backup.db", holidays: DEMO_HOLIDAYS_PATH, evidence: null, register: "/home/lead/Documents/risk-register.xlsx", signedPdf: null }[purpose];
      }
      case "reminders":
        needOpen();
        return dueReminders();
      case "reminder_settings":
        return structuredClone(s.reminderSettings);
      case "reminder_settings_set": {
        const r = request as ReminderSettings;
        if ((r.quietFrom === null) !== (r.quietUntil === null)) fail("invalid", "Quiet hours need both a start and an end, e.g. 22:00 to 07:30.");
        s.reminderSettings = structuredClone(r);
        return structuredClone(r);
      }
      case "file_show_in_folder": {
        const path = (request as OpenFile).path;
        if (!/\.(pdf|ics|eml|csv|xlsx|json)$/i.test(path)) fail("invalid", `Quorum opens only the files it writes (PDF, .ics, .eml, CSV, XLSX, JSON), not ${path}.`);
        s.shown.push(path);
        return null;
      }
      case "file_open": {
        const path = (request as OpenFile).path;
        if (!/\.(pdf|ics|eml|csv|xlsx|json)$/i.test(path)) fail("invalid", `Quorum opens only the files it writes (PDF, .ics, .eml, CSV, XLSX, JSON), not ${path}.`);
        s.opened.push(path);
        return null;
      }
      case "review_agenda_add": {
        needOpen();
        const r = request as AgendaAdd;
        editable(r.reference);
        if (!r.item.title?.trim()) fail("invalid", "an agenda item needs a title");
        const items = s.agenda[r.reference];
        items.push({ id: nextId(), position: items.length + 1, title: r.item.title!.trim(), minutesAllocated: r.item.minutesAllocated ?? 10, presenter: null, inputs: r.item.inputs ?? [], discussion: "" });
        return record(r.reference);
      }
      case "review_agenda_edit": {
        needOpen();
        const r = request as AgendaEdit;
        editable(r.reference);
        if (r.change.title !== undefined && !r.change.title.trim()) fail("invalid", "an agenda item needs a title");
        const item = agendaItem(r.reference, r.position);
        if (r.change.title !== undefined) item.title = r.change.title.trim();
        if (r.change.minutesAllocated !== undefined) item.minutesAllocated = r.change.minutesAllocated;
        if (r.change.inputs !== undefined) item.inputs = r.change.inputs;
        return record(r.reference);
      }
      case "review_agenda_move": {
        needOpen();
        const r = request as AgendaMove;
        editable(r.reference);
        const items = s.agenda[r.reference];
        if (r.to < 1 || r.to > items.length) fail("invalid", `there is no place ${r.to} on an agenda of ${items.length} items: choose 1 to ${items.length}`);
        const item = agendaItem(r.reference, r.from);
        items.splice(items.indexOf(item), 1);
        items.splice(r.to - 1, 0, item);
        renumber(items);
        return record(r.reference);
      }
      case "review_agenda_remove": {
        needOpen();
        const r = request as AgendaItemRef;
        editable(r.reference);
        const items = s.agenda[r.reference];
        items.splice(items.indexOf(agendaItem(r.reference, r.position)), 1);
        renumber(items);
        return record(r.reference);
      }
      case "review_agenda_notes": {
        needOpen();
        const r = request as AgendaNotes;
        editable(r.reference);
        agendaItem(r.reference, r.position).discussion = r.notes.trim();
        return record(r.reference);
      }
      case "review_decision_add": {
        needOpen();
        const r = request as DecisionAdd;
        editable(r.reference);
        const d = r.decision;
        const area = d.area ?? fail("invalid", `a decision needs its area: one of ${AREAS.join(", ")}`);
        if (!d.text.trim()) fail("invalid", "a decision needs its text: what was decided");
        if (area === "approved_exception" && (!d.justification?.trim() || !d.exceptionReviewOn))
          fail("invalid", "an approved exception needs its justification and the date it is reviewed again: pass --justification and --review-on");
        const list = s.decisions[r.reference];
        list.push({ id: 1000 + Object.values(s.decisions).flat().length, area, text: d.text.trim(), rationale: d.rationale?.trim() || null, justification: d.justification?.trim() || null, exceptionReviewOn: d.exceptionReviewOn ?? null, inputs: [...d.inputs].sort(), actions: [] });
        s.nones[r.reference] = s.nones[r.reference].filter((n) => n.area !== area);
        return record(r.reference);
      }
      case "review_conclude": {
        needOpen();
        const r = request as Conclude;
        const review = editable(r.reference);
        if (!["held", "minutes_drafted"].includes(review.status))
          fail("conflict", `review ${r.reference} has not been held yet: top management reaches its conclusion at the meeting (\`quorum review transition ${r.reference} held\` first)`);
        for (const q of ["suitable", "adequate", "effective"] as const)
          if (!r.conclusion[q].rationale.trim()) fail("invalid", `the verdict on whether the ISMS is ${q} needs its rationale: say what top management based it on (--${q}-why)`);
        const trim = (j: Conclusion["suitable"]) => ({ verdict: j.verdict, rationale: j.rationale.trim() });
        s.conclusions[r.reference] = { suitable: trim(r.conclusion.suitable), adequate: trim(r.conclusion.adequate), effective: trim(r.conclusion.effective), recordedAt: now().toISOString(), recordedBy: organisation().ismsLead?.name ?? "ISMS lead" };
        return record(r.reference);
      }
      case "review_period_set": {
        needOpen();
        const r = request as SetPeriod;
        editable(r.reference);
        if (!r.from && !r.to) delete s.periods[r.reference];
        else {
          const from = r.from ?? fail("invalid", "a period needs both its first and its last day");
          const to = r.to ?? fail("invalid", "a period needs both its first and its last day");
          if (to < from) fail("invalid", `the period ends (${to}) before it starts (${from}): give the first day, then the last`);
          const reason = r.reason?.trim() || fail("invalid", "a period other than the default needs its reason (--reason): an auditor asks why reviews do not follow on");
          s.periods[r.reference] = { from, to, reason };
        }
        return record(r.reference);
      }
      case "review_decision_none": {
        needOpen();
        const r = request as DecisionNone;
        editable(r.reference);
        const area = AREAS.find((a) => a === r.area) ?? fail("invalid", `'${r.area}' is not a decision area: use one of ${AREAS.join(", ")}`);
        if (!r.reason.trim()) fail("invalid", '"no decision" needs its reason: pass --reason');
        if (s.decisions[r.reference].some((d) => d.area === area)) fail("conflict", `${r.reference} already has a decision on this area; remove it first to record "none"`);
        s.nones[r.reference] = [...s.nones[r.reference].filter((n) => n.area !== area), { area, reason: r.reason.trim() }];
        return record(r.reference);
      }
      case "review_decision_remove": {
        needOpen();
        const r = request as DecisionRef;
        editable(r.reference);
        const decision = record(r.reference).decisions.find((d) => d.id === r.id) ?? fail("not_found", `decision ${r.id} of ${r.reference} not found`);
        if (decision.actions.length) fail("conflict", `decision ${r.id} raised ${decision.actions.join(", ")}; it stays as their source`);
        s.decisions[r.reference] = s.decisions[r.reference].filter((d) => d.id !== r.id);
        return record(r.reference);
      }
      case "review_document_set": {
        needOpen();
        const r = request as DocumentSet;
        editable(r.reference);
        const doc = s.documents[r.reference];
        if (r.change.classification !== undefined && !r.change.classification.trim()) fail("invalid", "the classification cannot be empty (for example: Confidential)");
        if (r.change.classification !== undefined) doc.classification = r.change.classification.trim();
        if (r.change.distribution !== undefined) doc.distribution = r.change.distribution.map((n) => n.trim()).filter(Boolean);
        if (r.change.approvers !== undefined)
          doc.approvers = r.change.approvers.map((id) => s.people.find((p) => p.id === id) ?? fail("not_found", `person ${id} not found`)).map((p) => ({ id: p.id, name: p.name, email: p.email }));
        return record(r.reference);
      }
      case "review_approve": {
        needOpen();
        const r = request as Approve;
        const review = editable(r.reference);
        const order: Status[] = ["planned", "invitations_sent", "pack_circulated", "held", "minutes_drafted"];
        if (order.indexOf(review.status) < order.indexOf("held")) fail("conflict", `review ${r.reference} has not been held yet; minutes are approved after the meeting (\`quorum review transition ${r.reference} held\`)`);
        if (!record(r.reference).conclusion)
          fail("conflict", `the minutes of ${r.reference} have no conclusion on the ISMS (9.3.1): record whether it is still suitable, adequate and effective, with the rationale, before approval (\`quorum review conclude ${r.reference}\`)`);
        const needed = required(r.reference);
        if (!needed.length) fail("conflict", `review ${r.reference} has no chair: invite one with \`quorum review invite ${r.reference} PERSON --role chair\``);
        const who = needed.find((n) => n.person.id === r.personId) ?? fail("conflict", `only the chair and the named approvers approve these minutes (${needed.map((n) => n.person.name).join(", ")}); add an approver with \`quorum review set ${r.reference} --approver NAME\``);
        const doc = s.documents[r.reference];
        let draft = doc.revisions.find((v) => v.status === "draft");
        if (!draft) {
          draft = { id: nextId(), version: "1.0", particulars: "First issue", status: "draft", createdAt: now().toISOString(), releasedOn: null, snapshotSha256: null, approvals: [] };
          doc.revisions.push(draft);
        }
        if (draft.approvals.some((a) => a.person.id === r.personId)) fail("conflict", `this person has already approved version ${draft.version} of ${r.reference}`);
        const open = checkOf(r.reference).filter((f) => f.section !== "approval");
        if (open.length && !r.anyway?.trim())
          fail("conflict", `the readiness check has ${open.length} open finding(s) (${open.slice(0, 3).map((f) => f.message).join("; ")}): fix them, or approve anyway with the reason, which the revision history records`);
        draft.approvals.push({ person: who.person, role: who.role, approvedAt: now().toISOString().replace(/\.\d{3}Z$/, "Z"), openFindings: open.length, anywayReason: open.length ? r.anyway!.trim() : null });
        const waiting = needed.filter((n) => !draft!.approvals.some((a) => a.person.id === n.person.id));
        if (!waiting.length) {
          Object.assign(draft, { status: "approved", releasedOn: isoDate(now()), snapshotSha256: "5be0d1c7a3f4e2b9" });
          Object.assign(doc, { status: "approved", version: draft.version, releaseDate: isoDate(now()) });
          review.status = "approved";
        }
        return { approval: { version: draft.version, approvedBy: draft.approvals.map((a) => a.person.name), waitingFor: waiting.map((n) => n.person.name), locked: !waiting.length }, record: record(r.reference) } satisfies Approved;
      }
      case "review_revise": {
        needOpen();
        const r = request as Revise;
        const review = findReview(r.reference);
        if (review.status !== "approved") fail("conflict", `review ${r.reference} is not approved: edit the draft minutes directly and approve them`);
        if (!r.particulars.trim()) fail("invalid", "a new revision needs its particulars: what changes and why (--particulars)");
        const doc = record(r.reference).document && s.documents[r.reference];
        const newest = doc.revisions[doc.revisions.length - 1]?.version ?? "1.0";
        const [major, minor] = newest.split(".");
        const version = `${major}.${Number(minor) + 1}`;
        doc.revisions.push({ id: nextId(), version, particulars: r.particulars.trim(), status: "draft", createdAt: now().toISOString(), releasedOn: null, snapshotSha256: null, approvals: [] });
        Object.assign(doc, { status: "draft", version });
        review.status = "minutes_drafted";
        return record(r.reference);
      }
      case "identity_get":
        needOpen();
        return s.identity;
      case "identity_create": {
        needOpen();
        const create = request as IdentityCreate | undefined;
        if (s.identity && !create?.replace) fail("conflict", `the store already has a signing identity (${s.identity.subject}, SHA-256 ${s.identity.fingerprintSha256}); pass --replace to replace it (PDFs signed with the old one stay valid)`);
        const name = create?.commonName?.trim();
        const previous = s.identity;
        s.identity = demoIdentity(now(), name || s.organisation || "Northwind Analytics Ltd");
        // A renewal is a new key pair: another fingerprint.
        if (previous) s.identity.fingerprintSha256 = previous.fingerprintSha256.split(":").reverse().join(":");
        return s.identity;
      }
      case "identity_import": {
        needOpen();
        const r = request as IdentityImport;
        if (!/\.(p12|pfx)$/i.test(r.path)) fail("not_found", `There is no file at ${r.path}. Choose the .p12 or .pfx file your certificate authority issued.`);
        if (r.password !== "p12-password") fail("invalid", "the PKCS#12 file could not be read: check the password");
        if (s.identity) fail("conflict", `the store already has a signing identity (${s.identity.subject}); pass --replace to replace it`);
        s.identity = { ...demoIdentity(now(), "Northwind Analytics Ltd"), source: "pkcs12", chainCertificates: 1, subject: "CN=Northwind Analytics Ltd,O=Northwind Analytics Ltd,C=GB" };
        return s.identity;
      }
      case "identity_settings_get":
        needOpen();
        return { ...s.signing };
      case "identity_settings_set": {
        needOpen();
        const r = request as SigningSettings;
        const next = { location: r.location.trim(), contact: r.contact.trim(), tsaUrl: r.tsaUrl.trim() };
        // As core: RFC 3161 tokens are signed, so authorities serve plain http.
        if (next.tsaUrl && !next.tsaUrl.startsWith("http://"))
          fail("invalid", `${JSON.stringify(next.tsaUrl)} is not a time-stamping authority's URL: give its http:// address (RFC 3161 tokens are signed, so authorities serve plain http), or nothing for no timestamps`);
        s.signing = next;
        return { ...next };
      }
      case "identity_warning":
        needOpen();
        return s.identity && expiryWarning(s.identity.notAfter, now());
      case "pdf_timestamp": {
        needOpen();
        const r = request as TimestampFile;
        if (!s.signing.tsaUrl) fail("invalid", "No time-stamping authority is set: give its URL under Signing, In every signature, then add the timestamp.");
        if (!s.written.includes(r.path.trim())) fail("io", `file error on ${r.path.trim()}: No such file or directory (os error 2)`);
        return { path: r.path.trim(), tsaUrl: s.signing.tsaUrl, revocation: null } satisfies TimestampDone;
      }
      case "export_minutes":
      case "export_pack": {
        needOpen();
        const r = request as ExportPdf;
        findReview(r.reference);
        if (!r.path.trim()) fail("invalid", "Choose where to save the PDF.");
        if (s.written.includes(r.path.trim())) fail("already_exists", `${r.path.trim()} already exists; Quorum never overwrites a file. Choose another name.`);
        if (r.sign && !s.identity) fail("not_found", "a signing identity not found: make one with `quorum identity new`, or import the organisation's certificate with `quorum identity import FILE.p12`");
        const what = cmd === "export_minutes" ? "minutes" : "pack";
        const stages: [ExportStage, string, number][] = [["reading", "reading the store", 0.1], ["rendering", "laying out the pages", 0.3], ...(r.sign ? [["signing", "signing", 0.8] as [ExportStage, string, number]] : []), ["writing", "writing the file", 0.9], ["done", "done", 1]];
        for (const [stage, label, fraction] of stages) await emit("export-progress", { what, stage, label, fraction } satisfies ExportProgress);
        s.written.push(r.path.trim());
        return { path: r.path.trim(), pages: what === "minutes" ? 9 : 23, bytes: 184_320, sha256: "d2a84f4b8b650937ec8f73cd8be2c74add5a911ba64df27458ed8229da804a26", signedWith: r.sign ? s.identity!.fingerprintSha256 : null, timestamp: null, revocation: null, attachments: what === "pack" ? 4 : 0 };
      }
      // ---- Automatic backups (issue 18), as src-tauri/src/commands/backups.rs ----
      case "backups_list":
        needOpen();
        return { folder: `${info().storePath}-backups`, policy: { ...s.backupPolicy }, backups: structuredClone(s.autoBackups) };
      case "backups_daily": {
        needOpen();
        const day = now().toISOString().slice(0, 10);
        if (!s.backupPolicy.enabled || s.autoBackups.some((b) => b.takenAt.startsWith(day))) return null;
        const taken = autoBackup(info().storePath, now(), "daily");
        s.autoBackups.unshift(taken);
        return structuredClone(taken);
      }
      case "backups_policy_set": {
        needOpen();
        const p = (args as { policy: BackupPolicy }).policy;
        if (p.keepDaily === 0 || p.keepDaily > 365 || p.keepWeekly > 520)
          fail("invalid", `keep ${p.keepDaily} daily and ${p.keepWeekly} weekly backups is out of range: keep 1 to 365 daily and 0 to 520 weekly`);
        s.backupPolicy = { ...p };
        return { ...p };
      }
      case "backups_restore": {
        needOpen();
        const r = request as RestoreBackup;
        const chosen = s.autoBackups.find((b) => b.path === r.path) ?? fail("invalid", `${r.path} is not one of this store's automatic backups: choose one from the list`);
        // As the app: the store as it is is backed up first (two backups in one second get their own second)…
        let at = Math.floor(now().getTime() / 1000) * 1000;
        while (s.autoBackups.some((b) => Date.parse(b.takenAt) === at)) at += 1000;
        s.autoBackups.unshift(autoBackup(info().storePath, new Date(at), "before_restore"));
        // …then a backup taken before the passphrase changed opens only with the passphrase it had then.
        const then = backupPassphrases.get(chosen.path);
        if (then !== undefined) {
          if (!r.passphrase) fail("no_key", "This backup was taken before the passphrase changed: give the passphrase the store had then.");
          if (r.passphrase !== then) fail("wrong_key", "That passphrase does not open this backup: give the one the store had when it was taken.");
          s.passphrase = then;
        }
        Object.assign(s, { storeState: "open", reviews: null, actions: null });
        return info();
      }
      // ---- end of automatic backups ----
      default: {
        if (cmd.startsWith("registers_")) {
          needOpen();
          const handled = registers().handle(cmd, args as Record<string, unknown> | undefined);
          // A template is a new file: never over an existing one (unless the Save dialog confirmed it).
          if (cmd === "registers_template") write(String((args as { path: string }).path));
          if (handled) return handled.value;
        }
        return fail("unknown_command", `The backend has no command named ${cmd}.`);
      }
    }
  }, { shouldMockEvents: true });
  // Tauri's mock hands the callback no headers; an evidence upload keeps its metadata there.
  const internals = (globalThis as unknown as { __TAURI_INTERNALS__: { invoke: (cmd: string, args?: unknown, options?: { headers?: Record<string, string> }) => Promise<unknown> } }).__TAURI_INTERNALS__;
  const mockedInvoke = internals.invoke;
  internals.invoke = (cmd, args, invokeOptions) => {
    if (cmd === "evidence_add") lastUploadHeaders = invokeOptions?.headers ?? {};
    return mockedInvoke(cmd, args, invokeOptions);
  };
  active = backend;
  return backend;
}

/** What a click on a reminder notification does to the window (src-tauri/src/reminders.rs). */
export function notificationClicked(place: ReminderPlace | null): Promise<void> {
  return emit("reminder-open", place);
}

/** What a second launch of Quorum with a file does to the running window (src-tauri/src/handoff.rs). */
export function secondLaunchWith(path: string): Promise<void> {
  return emit("file-handoff", path);
}

// ---- Automatic backups (issue 18) ----
/** Backups the mock says were taken under an older passphrase: path → that passphrase. */
const backupPassphrases = new Map<string, string>();

/** Marks a backup as taken before a passphrase change (its restore then needs `passphrase`). */
export function backupNeedsPassphrase(path: string, passphrase: string): void {
  backupPassphrases.set(path, passphrase);
}

/** One automatic backup as core names it: `<store>-backups/20261122T085900Z-daily.qbackup`. */
function autoBackup(storePath: string, at: Date, reason: AutoBackup["reason"], bytes = 2_457_600): AutoBackup {
  const takenAt = `${at.toISOString().slice(0, 19)}Z`;
  const stamp = takenAt.replace(/[-:]/g, "");
  return { path: `${storePath}-backups/${stamp}-${reason.replace(/_/g, "-")}.qbackup`, takenAt, reason, bytes };
}

/** The demo store's automatic backups: one daily on each of the six days before `now`, one before a migration; none today. */
export function demoAutoBackups(now: Date, storePath = "/home/priya/.local/share/quorum/quorum.db"): AutoBackup[] {
  const at = (days: number, hour: number, minute: number) => {
    const d = new Date(now.getTime() - days * DAY);
    d.setUTCHours(hour, minute, 0, 0);
    return d;
  };
  const list = [1, 2, 3, 4, 5, 6].map((d) => autoBackup(storePath, at(d, 8, 50 + d), "daily", 2_400_000 + d * 1_024));
  list.splice(3, 0, autoBackup(storePath, at(3, 8, 52), "before_migration", 2_390_000));
  return list.sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}
// ---- end of automatic backups ----

export function activeMock(): MockBackend | null {
  return active;
}

/** As core's `overview::register_choices`. */
export function actionChoices(rows: ActionRow[], person: (name: string) => { id: number; name: string; email: string | null }, reviewIdOf: (reference: string) => number): RegisterChoices {
  const owners = [...new Set(rows.flatMap((a) => (a.owner ? [a.owner] : [])))].map(person).sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  return {
    total: rows.length,
    owners,
    unowned: rows.some((a) => a.owner === null),
    unprioritised: rows.some((a) => a.priority === null),
    reviews: [...new Set(rows.flatMap((a) => (a.reviewReference ? [a.reviewReference] : [])))].sort().map((reference) => ({ id: reviewIdOf(reference), reference })),
    outsideReview: rows.some((a) => a.reviewReference === null),
  };
}

const activeRow = (a: ActionRow) => a.status === "open" || a.status === "in_progress";
const escalatedRow = (a: ActionRow) => a.status !== "closed" && a.escalationLevel !== null;
const PRIORITY_KEY = { high: 0, medium: 1, low: 2 } as const;
const STATUS_KEY = { open: 0, in_progress: 1, completed: 2, closed: 3 } as const;

/** As core's `register::page`: filter, search words, sort (missing values last), offset and limit. */
export function actionPage(rows: ActionRow[], query: ActionQuery, person: (name: string) => { id: number }, reviewIdOf: (reference: string) => number): ActionRowPage {
  const f = query.filter ?? {};
  const words = (f.search ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const matching = rows.filter((a) => {
    if (f.statuses?.length && !f.statuses.includes(a.status)) return false;
    if (f.ownerId !== undefined && (a.owner === null || person(a.owner).id !== f.ownerId)) return false;
    if (f.noOwner && a.owner !== null) return false;
    if (f.priority !== undefined && a.priority !== f.priority) return false;
    if (f.noPriority && a.priority !== null) return false;
    if (f.overdue !== undefined && a.overdue !== f.overdue) return false;
    if (f.escalated !== undefined && escalatedRow(a) !== f.escalated) return false;
    if (f.reviewId !== undefined && (a.reviewReference === null || reviewIdOf(a.reviewReference) !== f.reviewId)) return false;
    if (f.noReview && a.reviewReference !== null) return false;
    if (f.source !== undefined && a.source !== f.source) return false;
    const hay = [a.id, a.description, a.owner ?? "no owner", a.reviewReference ?? "", a.source.replace(/_/g, " "), a.targetDate ? "" : "no target date", a.priority ? "" : "no priority"].join(" ").toLowerCase();
    return words.every((w) => hay.includes(w));
  });
  const key = (a: ActionRow): string | number | null => {
    switch (query.sort ?? "reference") {
      case "reference":
        return a.id;
      case "description":
        return a.description.toLowerCase();
      case "owner":
        return a.owner?.toLowerCase() ?? null;
      case "target_date":
        return a.targetDate;
      case "priority":
        return a.priority ? PRIORITY_KEY[a.priority] : null;
      case "status":
        return escalatedRow(a) && activeRow(a) ? -2 : a.overdue ? -1 : STATUS_KEY[a.status];
    }
  };
  const factor = query.descending ? -1 : 1;
  const sorted = [...matching].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === y ? factor * (a.id < b.id ? -1 : 1) : x === null ? 1 : -1;
    const c = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return c * factor;
  });
  const offset = query.offset ?? 0;
  return { total: matching.length, offset, rows: sorted.slice(offset, query.limit === undefined ? undefined : offset + query.limit) };
}

/** A large register: `count` actions spread over ten years, most of them closed. */
export function manyActions(count: number, now: Date): ActionRow[] {
  const owners = ["Priya Raman", "Tom Okafor", "Marcus Bell", "Hannah Lindqvist", "Sam Adeyemi", "Elena Novak"];
  const sources = ["risk", "incident", "audit_finding", "kpi_gap", "nonconformity", "resource_need", "improvement"] as const;
  return Array.from({ length: count }, (_, i) => {
    const year = now.getFullYear() - 9 + Math.floor((i * 10) / count);
    const closed = i < count * 0.95;
    const due = isoDate(dayOffset(now, Math.floor(((i - count) * 3650) / count) + 60));
    return {
      id: `ACT-${year}-${String(i + 1).padStart(5, "0")}`,
      description: `${["Patch", "Review", "Restore-test", "Replace"][i % 4]} ${["the VPN", "the CRM", "the mail gateway", "the build servers"][(i >> 2) % 4]} (${i + 1})`,
      owner: owners[i % owners.length],
      targetDate: due,
      priority: (["high", "medium", "low"] as const)[i % 3],
      status: closed ? "closed" : "in_progress",
      overdue: !closed && due < isoDate(now),
      escalationLevel: null,
      reviewReference: `MR-${year}-0${1 + (i % 4)}`,
      source: sources[i % sources.length],
    };
  });
}
