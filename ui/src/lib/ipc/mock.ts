// An in-browser backend for tests and for looking at screens (`vite build --mode mock`).
// Built on Tauri's mockIPC, so the UI goes through the very same `invoke` path.
// Never imported by the real build: main.tsx loads it only when MODE === "mock".
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type {
  Action,
  ActionRow,
  AppInfo,
  CommandError,
  CreateStore,
  Dashboard,
  DocumentControl,
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
} from "./types";

export const DEMO_PASSPHRASE = "correct horse battery staple";
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
  /** The clock; defaults to the real one. */
  now?: Date;
  /** Milliseconds each command takes, to see loading states. */
  latency?: number;
  /** Text files the backend can read (holidays imports), by path. */
  files?: Record<string, string>;
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
    org: Organisation;
    holidays: HolidayEntry[];
    /** The passphrase that unlocks a passphrase store. */
    passphrase: string;
    objectives: Objective[];
    /** Objective results per review reference. */
    results: Record<string, ObjectiveResult[]>;
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
  ["soc2_incidents", "SOC 2 (procedure)", "Security incidents and breaches"],
];

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
    // The backend has no readiness check yet and always sends null.
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
      { objective: structuredClone(patching!), met: "not_met", note: "Median 21 days: two legacy servers", nextTarget: null },
      { objective: structuredClone(training!), met: "not_yet_due", note: null, nextTarget: null },
    ],
    [`MR-${y}-02`]: [{ objective: structuredClone(patching!), met: "partly_met", note: "Median 16 days", nextTarget: "≤ 10 days" }],
  };
  state.holidays = [
    { date: `${y}-12-25`, name: "Christmas Day" },
    { date: `${y}-12-26`, name: "Boxing Day" },
  ];
}

/** Installs the mock backend and returns a handle on its state and the calls made. */
export function installMock(options: MockOptions = {}): MockBackend {
  clearMocks();
  const now = () => options.now ?? new Date();
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
    },
  };
  const files: Record<string, string> = options.files ?? {
    [DEMO_HOLIDAYS_PATH]: `${new Date().getFullYear() + 1}-01-01,New Year's Day\n${new Date().getFullYear() + 1}-04-02,Good Friday\n${new Date().getFullYear() + 1}-12-25,Christmas Day\n`,
  };
  if (storeState === "open" && !(options.empty ?? false)) {
    s_init(backend.state, now());
  }
  const s = backend.state;
  const info = (): AppInfo => ({
    version: "0.1.0-mock",
    storePath: "/home/priya/.local/share/quorum/quorum.db",
    storeState: s.storeState,
    keyMode: s.storeState === "missing" ? null : s.keyMode,
    organisation: s.storeState === "open" ? s.organisation : null,
    lastError: null,
  });
  /** The organisation's settings as core's `organisation::get` returns them. */
  const organisation = (): Organisation => ({ ...structuredClone(s.org), name: s.organisation ?? s.org.name, retentionYears: s.retentionYears });
  const fail = (kind: string, message: string): never => {
    throw { kind, message } satisfies CommandError;
  };
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
        : s.people.slice(0, 4).map((p, i) => ({ person: { id: p.id, name: p.name, email: p.email }, jobTitle: p.jobTitle, role: i === 1 ? "chair" : p.topManagement ? "top_management" : "isms_lead", required: true, topManagement: p.topManagement, attendance: "present", delegateName: null })));
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
      kpis: [],
      evidence: [],
    })));
    const org = organisation();
    const document: DocumentControl = {
      documentNumber: `${org.documentPrefix}-${review.reference.slice(3)}`,
      title: `Minutes: ${review.title}`,
      classification: org.classification,
      status: review.status === "approved" ? "approved" : "draft",
      version: "1.0",
      releaseDate: null,
      revisions: [],
      author: org.ismsLead,
      reviewer: null,
      owner: org.ismsLead,
      distribution: [],
      approvers: [],
    };
    return structuredClone({
      review,
      organisation: org,
      document,
      chair,
      minuteTaker: null,
      attendees,
      quorum: quorumOf(attendees),
      agenda: [],
      inputs,
      previousReview: null,
      carriedActions: [],
      decisions: [],
      areasNone: [],
      actionsRaised: [],
      objectives: s.results[reference] ?? [],
      transitions: [],
    });
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
        return info();
      }
      case "store_open_demo":
        if (s.storeState !== "missing") fail("already_exists", "A store already exists; demo data goes into a new store only.");
        Object.assign(s, { storeState: "open", keyMode: "keychain", organisation: "Northwind Analytics Ltd", empty: false, reviews: null });
        s_init(s, now());
        return info();
      case "store_open":
        return fail("not_found", `There is no file at ${(request as { path: string }).path}. Check the path: a Quorum store is the .db file Quorum created.`);
      case "store_restore": {
        const r = request as RestoreStore;
        if (!r.backup.endsWith(".db")) fail("not_found", `There is no file at ${r.backup}. Choose the backup file (a .db file made by Quorum's backup).`);
        Object.assign(s, { storeState: "open", keyMode: r.passphrase ? "passphrase" : "keychain", organisation: "Northwind Analytics Ltd", empty: false, reviews: null });
        return info();
      }
      case "store_unlock": {
        const r = request as Unlock;
        if (s.storeState === "missing") fail("missing", "There is no store to unlock yet.");
        if (!(s.keyMode === "keychain" && r.passphrase === "") && r.passphrase !== s.passphrase) fail("wrong_key", "That passphrase does not open this store. Check it (and Caps Lock) and try again.");
        Object.assign(s, { storeState: "open", organisation: s.organisation ?? "Northwind Analytics Ltd" });
        return info();
      }
      case "store_lock":
        if (s.storeState === "open") s.storeState = "locked";
        return info();
      case "dashboard":
        needOpen();
        return demoDashboard(now(), s.empty, options.nothingClosed);
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
        return structuredClone(review);
      }
      case "review_get":
        needOpen();
        return record((request as { reference: string }).reference);
      case "review_check": {
        needOpen();
        const r = record((request as { reference: string }).reference);
        const findings: Finding[] = [];
        if (!r.quorum.met)
          findings.push({ id: "quorum", severity: "nonconformity", source: "9.3 (procedure 4.2)", message: `The meeting has no recorded quorum: ${r.quorum.shortfalls.join("; ")}.`, fix: "Record who attended; invite the chair and top management.", section: "attendance", item: null });
        findings.push({ id: "input-unaddressed/d2", severity: "nonconformity", source: "9.3.2 d) 2)", message: "Input d) 2) (monitoring and measurement results) is not addressed.", fix: "Write its summary, or mark it nothing to report with the reason.", section: "inputs", item: "d2" });
        if (r.review.invitationsSentOn === null)
          findings.push({ id: "invitations-late", severity: "observation", source: "Procedure 3.1", message: "The invitations have not been sent.", fix: "Send them at least 14 days before the meeting and mark them sent.", section: "details", item: null });
        return findings;
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
        else list.push({ person: { id: person.id, name: person.name, email: person.email }, jobTitle: person.jobTitle, role: r.role, required: r.required, topManagement: person.topManagement, attendance: "unknown", delegateName: null });
        return record(r.reference);
      }
      case "people_list":
        needOpen();
        return structuredClone(s.people.filter((p) => p.active || (request as { includeInactive?: boolean } | undefined)?.includeInactive));
      case "person_add":
      case "person_update": {
        needOpen();
        const { id, change } = cmd === "person_add" ? { id: 0, change: request as PersonChange } : (request as { id: number; change: PersonChange });
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
        return record(r.reference);
      }
      case "review_attend": {
        needOpen();
        const r = request as Attend;
        const attendee = (s.attendees[r.reference] ?? []).find((a) => a.person.id === r.personId) ?? fail("not_found", `invitee ${r.personId} of review ${r.reference} not found: invite them first`);
        if (r.attendance === "delegate" && !r.delegate?.trim()) fail("invalid", "represented by a delegate: name the delegate");
        Object.assign(attendee, { attendance: r.attendance, delegateName: r.attendance === "delegate" ? r.delegate!.trim() : null });
        return record(r.reference);
      }
      case "review_transition": {
        needOpen();
        const r = request as TransitionRequest;
        const review = findReview(r.reference);
        if (review.status === "approved" || review.status === "cancelled") fail("conflict", `review ${r.reference} is ${review.status}: it does not move again`);
        if (r.to === "cancelled" && !r.note?.trim()) fail("invalid", "cancelling a review needs the reason");
        const day = r.on ?? isoDate(now());
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
        const years = (request as { years: number }).years;
        if (years < s.retentionYears) fail("invalid", `the retention period can only grow: it is ${s.retentionYears} years, so ${years} is refused (records already promised to auditors stay kept)`);
        s.retentionYears = years;
        return { retentionYears: s.retentionYears };
      }
      case "store_verify":
        needOpen();
        return { ok: true, auditEvents: 1284, auditBroken: null, faults: [] };
      case "store_backup": {
        needOpen();
        const path = (request as { path: string }).path;
        if (!path.trim()) fail("invalid", "Choose where to save the backup.");
        for (const done of [100, 250, 372]) await emit("backup-progress", { done, total: 372 });
        return path;
      }
      case "actions_list":
        needOpen();
        return [...(s.empty ? [] : demoActions(now())), ...structuredClone(s.added)];
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
        s.added.push({ id: reference, description: r.description.trim(), owner: owner.name, targetDate: r.targetOn ?? null, priority: r.priority ?? null, status: "open", overdue: false, escalationLevel: null, reviewReference: review?.reference ?? null, source: r.source! });
        const created = now().toISOString().replace(/\.\d{3}Z$/, "Z");
        return {
          id: 100 + s.added.length,
          reference,
          description: r.description.trim(),
          source: r.source!,
          reviewId: review?.id ?? null,
          reviewReference: review?.reference ?? null,
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
        const path = (request as { path: string }).path.trim();
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
        const all = (request as { includeInactive?: boolean } | undefined)?.includeInactive ?? false;
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
        const { id, change } = cmd === "objective_add" ? { id: 0, change: request as ObjectiveChange } : (request as { id: number; change: ObjectiveChange });
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
        const result: ObjectiveResult = { objective: structuredClone(objective), met: r.met, note: clean(r.note), nextTarget: clean(r.nextTarget) };
        const list = (s.results[r.reference] ??= []);
        const at = list.findIndex((x) => x.objective.id === r.objectiveId);
        if (at >= 0) list[at] = result;
        else list.push(result);
        list.sort((a, b) => a.objective.id - b.objective.id);
        return structuredClone(result);
      }
      case "objective_results":
        needOpen();
        findReview((request as { reference: string }).reference);
        return structuredClone(s.results[(request as { reference: string }).reference] ?? []);
      case "export_path_suggest":
        return `/home/lead/Documents/Quorum/${(request as { fileName: string }).fileName.replace(/[/\\]/g, "-")}`;
      case "file_open": {
        const path = (request as { path: string }).path;
        if (!/\.(pdf|ics|eml|csv|xlsx|json)$/i.test(path)) fail("invalid", `Quorum opens only the files it writes (PDF, .ics, .eml, CSV, XLSX, JSON), not ${path}.`);
        s.opened.push(path);
        return null;
      }
      default:
        return fail("unknown_command", `The backend has no command named ${cmd}.`);
    }
  }, { shouldMockEvents: true });
  active = backend;
  return backend;
}

export function activeMock(): MockBackend | null {
  return active;
}
