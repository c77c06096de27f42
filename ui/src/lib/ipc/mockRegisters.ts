// The mock backend's registers (risks, incidents, internal audit findings, supplier reviews),
// as core's `registers` behaves on the few rules the window shows: fields and their checks,
// the proposed and remembered mapping, a preview naming every row's problem, an all-or-nothing
// import, snapshots as at a day, the changes between two, and the extract a review reads.
// The demo organisation's registers: risks R-01..R-12, the incident log (INC-0412, a supplier
// account compromise), the findings of internal audit IA-2026; no supplier review yet.
import type {
  ChangedRow,
  FieldInfo,
  InputRecord,
  RegisterChanges,
  RegisterConcern,
  RegisterExtract,
  RegisterFigure,
  RegisterFile,
  RegisterKind,
  RegisterLevel,
  RegisterPreview,
  RegisterProblem,
  RegisterTable,
  RegistersOverview,
  SnapshotInfo,
} from "./types";

type FieldType = "text" | "level" | "date" | "yesno" | string[];
type Field = { key: string; header: string; required: boolean; type: FieldType; synonyms: string[] };
type Row = Record<string, string>;

const LEVELS: RegisterLevel[] = ["low", "medium", "high", "critical"];
const f = (key: string, header: string, required: boolean, type: FieldType, synonyms: string[] = []): Field => ({ key, header, required, type, synonyms });

export const REGISTER_KINDS: RegisterKind[] = ["risks", "incidents", "audit_findings", "suppliers"];
export const REGISTER_LABELS: Record<RegisterKind, string> = { risks: "risks", incidents: "incidents", audit_findings: "internal audit findings", suppliers: "supplier reviews" };

/** As core's field lists (crates/core/src/registers/mod.rs). */
export const REGISTER_FIELDS: Record<RegisterKind, Field[]> = {
  risks: [
    f("id", "Risk ID", true, "text", ["id", "risk", "ref", "reference", "risk ref"]),
    f("title", "Title", true, "text", ["risk title", "description", "risk description", "name"]),
    f("owner", "Owner", true, "text", ["risk owner"]),
    f("inherent", "Inherent level", true, "level", ["inherent", "inherent risk", "gross risk"]),
    f("residual", "Residual level", true, "level", ["residual", "residual risk", "net risk", "current level"]),
    f("treatment", "Treatment", true, ["mitigate", "accept", "transfer", "avoid"], ["treatment decision", "decision", "response"]),
    f("plan_status", "Plan status", true, ["not_started", "in_progress", "done"], ["treatment status", "treatment plan status", "status"]),
    f("plan_due", "Plan due", false, "date", ["treatment due", "due", "due date", "target date"]),
    f("accepted_by", "Accepted by", false, "text", ["acceptance by", "signed off by", "risk acceptance by"]),
    f("accepted_on", "Accepted on", false, "date", ["acceptance date", "signed off on"]),
    f("acceptance_expires", "Acceptance expires", false, "date", ["acceptance expiry", "expires", "review acceptance by"]),
  ],
  incidents: [
    f("id", "Incident ID", true, "text", ["id", "incident", "ref", "reference", "ticket"]),
    f("title", "Title", true, "text", ["summary", "description", "name"]),
    f("severity", "Severity", true, "level", ["priority", "impact"]),
    f("detected", "Detected", true, "date", ["detected on", "opened", "date detected", "reported"]),
    f("closed", "Closed", false, "date", ["closed on", "resolved", "date closed"]),
    f("personal_data", "Personal data", true, "yesno", ["personal data involved", "pii", "data breach"]),
    f("lessons", "Lessons learned", false, "text", ["lessons", "lessons learnt"]),
  ],
  audit_findings: [
    f("id", "Finding ID", true, "text", ["id", "finding ref", "ref", "reference", "nc"]),
    f("audit", "Audit", true, "text", ["audit name", "audit ref"]),
    f("finding", "Finding", true, "text", ["description", "finding description", "title"]),
    f("grade", "Grade", true, ["major", "minor", "observation"], ["nonconformity grade", "classification", "type", "severity"]),
    f("clause", "Clause or control", true, "text", ["clause", "control", "requirement"]),
    f("status", "Corrective action status", true, ["open", "in_progress", "closed"], ["status", "ca status", "corrective action"]),
    f("due", "Due", false, "date", ["due date", "target date", "ca due"]),
  ],
  suppliers: [
    f("id", "Supplier", true, "text", ["id", "supplier name", "vendor", "name"]),
    f("criticality", "Criticality", true, "level", ["tier", "risk", "importance"]),
    f("last_review", "Last review", false, "date", ["last reviewed", "reviewed on", "review date"]),
    f("result", "Result", false, ["satisfactory", "concerns", "unsatisfactory"], ["review result", "outcome", "rating"]),
    f("issues", "Issues", false, "text", ["findings", "notes", "open issues"]),
  ],
};

const accepts = (t: FieldType): string =>
  Array.isArray(t) ? t.join(", ") : { text: "text", level: "low, medium, high or critical", date: "a date, YYYY-MM-DD", yesno: "yes or no" }[t]!;
const fieldInfo = (kind: RegisterKind): FieldInfo[] => REGISTER_FIELDS[kind].map((x) => ({ key: x.key, header: x.header, required: x.required, accepts: accepts(x.type) }));

/** A cell as stored, null when empty, or what is wrong with it (core's words). */
function cell(field: Field, raw: string): { value: string | null } | { problem: string } {
  const text = raw.trim();
  if (!text) return { value: null };
  const word = text.toLowerCase().replace(/[- ]/g, "_");
  const t = field.type;
  if (t === "text") return { value: text };
  if (t === "level") return (LEVELS as string[]).includes(word) ? { value: word } : { problem: `"${text}" is not a level: use low, medium, high or critical` };
  if (t === "date") return /^\d{4}-\d{2}-\d{2}$/.test(text.slice(0, 10)) && !Number.isNaN(Date.parse(text.slice(0, 10))) ? { value: text.slice(0, 10) } : { problem: `"${text}" is not a date: write it as YYYY-MM-DD, or use a date cell` };
  if (t === "yesno") return ["yes", "y", "true", "1"].includes(word) ? { value: "yes" } : ["no", "n", "false", "0"].includes(word) ? { value: "no" } : { problem: `"${text}" is not yes or no` };
  return t.includes(word) ? { value: word } : { problem: `"${text}" is not a ${field.header.toLowerCase()}: use one of ${t.join(", ").replace(/_/g, " ")}` };
}

type Grid = { headers: string[]; rows: string[][] };

/** A stand-in for a file's SHA-256: 64 hex digits from its path and content. */
function fakeSha(text: string): string {
  let out = "";
  for (let round = 0; out.length < 64; round++) {
    let h = 2166136261 ^ round;
    for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    out += (h >>> 0).toString(16).padStart(8, "0");
  }
  return out.slice(0, 64);
}

export interface RegistersMock {
  handle(cmd: string, args: Record<string, unknown> | undefined): { value: unknown } | null;
  /** The extracts a review reads, as core's `extract::for_review` (on the mock's few rules). */
  extracts(meeting: string, periodFrom: string, inputs: InputRecord[]): RegisterExtract[];
}

/**
 * The registers over `now`; `files` are the spreadsheets the user may pick (path → grid).
 * Any other .csv or .xlsx path reads as a good new issue of the register, or, when its name
 * contains "bad", as one with problems.
 */
export function registersMock(now: () => Date, empty: boolean, fail: (kind: string, message: string) => never, actor: () => string): RegistersMock {
  const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  const day = (offset: number) => {
    const n = now();
    return iso(new Date(n.getFullYear(), n.getMonth(), n.getDate() + offset));
  };
  let appetite: RegisterLevel = "medium";
  const snapshots: SnapshotInfo[] = [];
  const rowsOf: Record<number, Row[]> = {};
  const remembered: Record<string, Record<string, string>> = {};
  let lastId = 0;

  const add = (kind: RegisterKind, takenOn: string, sourceName: string, rows: Row[], sha?: string): SnapshotInfo => {
    const info: SnapshotInfo = { id: ++lastId, kind, takenOn, importedAt: `${takenOn}T10:15:00Z`, importedBy: actor(), sourceName, sourceSha256: sha ?? fakeSha(sourceName + JSON.stringify(rows)), rows: rows.length };
    snapshots.push(info);
    rowsOf[info.id] = rows;
    return info;
  };
  const risk = (id: string, title: string, owner: string, inherent: string, residual: string, treatment: string, planStatus: string, planDue = "", acceptedBy = "", acceptedOn = "", expires = ""): Row =>
    Object.fromEntries(Object.entries({ id, title, owner, inherent, residual, treatment, plan_status: planStatus, plan_due: planDue, accepted_by: acceptedBy, accepted_on: acceptedOn, acceptance_expires: expires }).filter(([, v]) => v));
  const demoRisks = (issue: 1 | 2): Row[] => [
    risk("R-01", "Ransomware encrypts the analytics cluster", "Marcus Bell", "critical", "medium", "mitigate", "in_progress", day(40)),
    risk("R-02", "Customer data exposed through a misconfigured bucket", "Sam Adeyemi", "high", "low", "mitigate", "done"),
    risk("R-03", "Phishing leads to account takeover", "Priya Raman", "high", issue === 1 ? "high" : "medium", "mitigate", issue === 1 ? "not_started" : "in_progress", day(-12)),
    risk("R-04", "Loss of the primary data centre", "Marcus Bell", "high", "medium", "transfer", "done"),
    risk("R-05", "Insider copies client datasets", "Elena Novak", "high", "high", "mitigate", "in_progress", day(-20)),
    risk("R-06", "Unpatched VPN appliance exploited", "Marcus Bell", "critical", "low", "mitigate", "done"),
    risk("R-07", "Key supplier fails a security review", "Sam Adeyemi", "medium", "medium", "accept", "done", "", "Elena Novak", day(-300), day(-5)),
    risk("R-08", "Laptop lost with unencrypted data", "Priya Raman", "medium", "low", "mitigate", "done"),
    risk("R-09", "Legacy reporting server without support", "Marcus Bell", "medium", "medium", "accept", "done", "", "", "", ""),
    risk("R-10", "Backups not restorable in time", "Sam Adeyemi", "high", "medium", "mitigate", "in_progress", day(60)),
    risk("R-11", "Privileged access not reviewed", "Priya Raman", "medium", "low", "mitigate", "done"),
    ...(issue === 2 ? [risk("R-12", "AI assistant leaks client prompts", "Elena Novak", "high", "high", "mitigate", "not_started", day(90))] : []),
  ];
  const incident = (id: string, title: string, severity: string, detected: string, closed: string, personal: string, lessons = ""): Row =>
    Object.fromEntries(Object.entries({ id, title, severity, detected, closed, personal_data: personal, lessons }).filter(([, v]) => v));
  const finding = (id: string, finding: string, grade: string, clause: string, status: string, due = ""): Row =>
    Object.fromEntries(Object.entries({ id, audit: "IA-2026", finding, grade, clause, status, due }).filter(([, v]) => v));
  if (!empty) {
    add("risks", day(-120), "risk-register-2026-07.xlsx", demoRisks(1));
    add("audit_findings", day(-40), "internal-audit-IA-2026.xlsx", [
      finding("IA-2026-01", "Supplier security reviews not performed for two critical suppliers", "major", "A.5.19", "open", day(-10)),
      finding("IA-2026-02", "Internal audit programme not approved before the audits", "minor", "9.2", "in_progress", day(30)),
      finding("IA-2026-03", "Access review evidence kept in personal mailboxes", "observation", "A.5.18", "closed"),
      finding("IA-2026-04", "Vulnerability scan results not tracked to closure", "minor", "A.8.8", "open", day(20)),
    ]);
    add("risks", day(-30), "risk-register-2026-10.xlsx", demoRisks(2));
    add("incidents", day(-25), "incident-log-2026-10.csv", [
      incident("INC-0398", "Phishing email reported by finance", "low", day(-200), day(-199), "no"),
      incident("INC-0405", "Lost laptop (encrypted)", "medium", day(-190), day(-185), "no", "Remote wipe worked"),
      incident("INC-0412", "Supplier account compromise", "high", day(-62), day(-50), "yes", "MFA for supplier accounts"),
      incident("INC-0431", "API key exposed in a public repository", "high", day(-100), day(-97), "no", "Secret scanning on every push"),
      incident("INC-0440", "Misdirected email with a client report", "medium", day(-40), "", "yes"),
    ]);
  }

  const ofKind = (kind: RegisterKind) => snapshots.filter((s) => s.kind === kind).sort((a, b) => b.takenOn.localeCompare(a.takenOn) || b.id - a.id);
  const asAt = (kind: RegisterKind, when?: string) => ofKind(kind).find((s) => !when || s.takenOn <= when) ?? null;
  const snapshot = (id: number) => snapshots.find((s) => s.id === id) ?? fail("not_found", `register snapshot ${id} not found`);
  const table = (kind: RegisterKind, info: SnapshotInfo | null, rows: Row[]): RegisterTable => ({
    kind,
    snapshot: info,
    columns: REGISTER_FIELDS[kind].map((x) => x.header),
    rows: rows.map((r) => REGISTER_FIELDS[kind].map((x) => r[x.key] ?? "")),
  });
  const compare = (kind: RegisterKind, since: SnapshotInfo | null, before: Row[], after: Row[]): RegisterChanges => {
    const old = new Map(before.map((r) => [r.id, r]));
    const now = new Map(after.map((r) => [r.id, r]));
    const changed: ChangedRow[] = [];
    for (const [id, r] of now) {
      const was = old.get(id);
      if (!was) continue;
      const columns = REGISTER_FIELDS[kind].filter((x) => (was[x.key] ?? "") !== (r[x.key] ?? "")).map((x) => x.header);
      if (columns.length) changed.push({ id, columns });
    }
    return { since, new: [...now.keys()].filter((id) => !old.has(id)), changed, gone: [...old.keys()].filter((id) => !now.has(id)) };
  };

  /** The file at `path` as the mock reads it. */
  const read = (kind: RegisterKind, path: string): Grid => {
    const name = path.split(/[\\/]/).pop() ?? path;
    if (!/\.(csv|xlsx)$/i.test(name)) fail("invalid", `${name} is neither CSV nor XLSX: save the register as .csv (UTF-8) or .xlsx`);
    const headers = REGISTER_FIELDS[kind].map((x) => x.header);
    const current = asAt(kind);
    const base = current ? rowsOf[current.id] : [];
    if (name.toLowerCase().includes("bad")) {
      // A good first row, then a level that is no level and an owner missing.
      const good: Row = base[0] ?? Object.fromEntries(REGISTER_FIELDS[kind].map((x) => [x.key, sample(x)]));
      const wrong: Row = { ...good, id: `${good.id}-X` };
      const level = REGISTER_FIELDS[kind].find((x) => x.type === "level");
      if (level) wrong[level.key] = "severe";
      const missing: Row = { ...good, id: `${good.id}-Y` };
      delete missing[REGISTER_FIELDS[kind][1].key];
      return { headers, rows: [good, wrong, missing].map((r) => REGISTER_FIELDS[kind].map((x) => r[x.key] ?? "")) };
    }
    if (kind === "risks") {
      // The risk owner's own layout: the mapping is proposed from its headers.
      const layout = ["Risk ref", "Risk description", "Risk owner", "Inherent risk", "Residual risk", "Treatment decision", "Treatment status", "Target date", "Signed off by", "Signed off on", "Acceptance expiry"];
      const rows = demoRisks(2).filter((r) => r.id !== "R-09").map((r) => (r.id === "R-04" ? { ...r, residual: "low" } : r));
      rows.push(risk("R-13", "Shadow SaaS holding client data", "Priya Raman", "medium", "medium", "mitigate", "not_started", day(45)));
      return { headers: layout, rows: rows.map((r) => REGISTER_FIELDS.risks.map((x) => r[x.key] ?? "")) };
    }
    const rows = base.length ? base.map((r, i) => (i === 0 ? { ...r, [REGISTER_FIELDS[kind][1].key]: `${r[REGISTER_FIELDS[kind][1].key] ?? ""} (updated)` } : r)) : [Object.fromEntries(REGISTER_FIELDS[kind].map((x) => [x.key, sample(x)]))];
    return { headers, rows: rows.map((r) => REGISTER_FIELDS[kind].map((x) => r[x.key] ?? "")) };
  };
  const sample = (x: Field): string => (x.type === "level" ? "high" : x.type === "date" ? day(-60) : x.type === "yesno" ? "no" : Array.isArray(x.type) ? x.type[0] : x.key === "id" ? "NW-001" : "Northwind sample");
  const layoutKey = (kind: RegisterKind, headers: string[]) => `${kind}|${headers.join("\u0001")}`;
  const propose = (kind: RegisterKind, headers: string[]): [Record<string, string>, boolean] => {
    const known = remembered[layoutKey(kind, headers)];
    if (known) return [{ ...known }, true];
    const mapping: Record<string, string> = {};
    for (const x of REGISTER_FIELDS[kind]) {
      const names = [x.header, ...x.synonyms].map((n) => n.toLowerCase());
      const found = headers.find((h) => names.includes(h.toLowerCase()) && !Object.values(mapping).includes(h));
      if (found) mapping[x.key] = found;
    }
    return [mapping, false];
  };
  const validate = (kind: RegisterKind, grid: Grid, mapping: Record<string, string>): { rows: Row[]; problems: RegisterProblem[] } => {
    const problems: RegisterProblem[] = [];
    const columns = REGISTER_FIELDS[kind].map((x) => {
      const header = mapping[x.key];
      if (header === undefined) {
        if (x.required) problems.push({ row: 1, column: x.header, message: `no column gives ${x.header} (${accepts(x.type)}), which every row needs: map a column to it or add one` });
        return -1;
      }
      const i = grid.headers.indexOf(header);
      if (i < 0) problems.push({ row: 1, column: header, message: `the mapping takes ${x.header} from a column "${header}" that the file does not have: choose one of its columns` });
      return i;
    });
    const seen = new Map<string, number>();
    const rows = grid.rows.map((cells, k) => {
      const line = k + 2;
      const row: Row = {};
      REGISTER_FIELDS[kind].forEach((x, n) => {
        const i = columns[n];
        if (i < 0) return;
        const got = cell(x, cells[i] ?? "");
        if ("problem" in got) problems.push({ row: line, column: grid.headers[i], message: got.problem });
        else if (got.value !== null) row[x.key] = got.value;
        else if (x.required) problems.push({ row: line, column: grid.headers[i], message: `${x.header} is empty: every row needs one (${accepts(x.type)})` });
      });
      if (row.id) {
        const first = seen.get(row.id);
        if (first) problems.push({ row: line, column: REGISTER_FIELDS[kind][0].header, message: `the ID ${row.id} is also on row ${first}: every row needs its own ID` });
        else seen.set(row.id, line);
      }
      return row;
    });
    return { rows, problems };
  };
  const preview = (r: RegisterFile): [RegisterPreview, Row[]] => {
    const path = r.path.trim();
    if (!path) fail("invalid", "Choose the file to import: a .csv or .xlsx export of the register.");
    const grid = read(r.kind, path);
    const [proposed, wasRemembered] = propose(r.kind, grid.headers);
    const mapping = r.mapping ? { ...r.mapping } : proposed;
    for (const key of Object.keys(mapping))
      if (!REGISTER_FIELDS[r.kind].some((x) => x.key === key)) fail("invalid", `the mapping names a field "${key}" that ${REGISTER_LABELS[r.kind]} do not have: use ${REGISTER_FIELDS[r.kind].map((x) => x.key).join(", ")}`);
    const { rows, problems } = validate(r.kind, grid, mapping);
    const since = asAt(r.kind);
    const sourceName = path.split(/[\\/]/).pop() ?? path;
    return [
      {
        kind: r.kind,
        sourceName,
        sourceSha256: fakeSha(path + JSON.stringify(grid)),
        headers: grid.headers,
        fields: fieldInfo(r.kind),
        mapping,
        mappingRemembered: wasRemembered && !r.mapping,
        rows: grid.rows.length,
        problems,
        changes: compare(r.kind, since, since ? rowsOf[since.id] : [], rows),
      },
      rows,
    ];
  };

  const extracts = (meeting: string, from: string, inputs: InputRecord[]): RegisterExtract[] => {
    const out: RegisterExtract[] = [];
    const wanted: Record<RegisterKind, string[]> = { risks: ["f"], incidents: ["soc2_incidents", "d2"], audit_findings: ["d3"], suppliers: ["c"] };
    for (const kind of REGISTER_KINDS) {
      const input = wanted[kind].map((code) => inputs.find((i) => i.code === code)).find(Boolean);
      const info = asAt(kind, meeting);
      if (!input || !info) continue;
      const all = rowsOf[info.id];
      const mentioned = (id: string) => input.summary.toLowerCase().includes(id.toLowerCase());
      const answer = (id: string) => (mentioned(id) ? `input ${input.code}` : null);
      const fig = (label: string, value: number): RegisterFigure => ({ label, value });
      let figures: RegisterFigure[] = [];
      let kept: Row[] = [];
      let note = "";
      const concerns: RegisterConcern[] = [];
      if (kind === "risks") {
        const above = (r: Row) => LEVELS.indexOf(r.residual as RegisterLevel) > LEVELS.indexOf(appetite);
        const overdue = (r: Row) => !!r.plan_due && r.plan_due < meeting && r.plan_status !== "done";
        const expired = (r: Row) => r.treatment === "accept" && !!r.acceptance_expires && r.acceptance_expires < meeting;
        const unsigned = (r: Row) => r.treatment === "accept" && !r.accepted_by;
        figures = [fig("Risks in the register", all.length), ...LEVELS.map((l) => fig(`Residual ${l}`, all.filter((r) => r.residual === l).length)), fig(`Above appetite (residual above ${appetite})`, all.filter(above).length), fig("Treatment plans overdue", all.filter(overdue).length), fig("Acceptances expired", all.filter(expired).length), fig("Acceptances without the owner's sign-off", all.filter(unsigned).length)];
        kept = all.filter((r) => above(r) || overdue(r) || expired(r) || unsigned(r));
        for (const r of all.filter(unsigned)) concerns.push({ kind: "acceptance_unsigned", item: r.id, title: r.title, detail: `owner ${r.owner}`, answeredBy: null });
        for (const r of all.filter(expired)) concerns.push({ kind: "acceptance_expired", item: r.id, title: r.title, detail: `expired ${r.acceptance_expires}`, answeredBy: null });
        note = `The risks above appetite, with an overdue treatment plan, or with an acceptance expired or unsigned, as at ${meeting}.`;
      } else if (kind === "incidents") {
        const period = all.filter((r) => r.detected >= from && r.detected <= meeting);
        const open = (r: Row) => r.detected <= meeting && (!r.closed || r.closed > meeting);
        figures = [fig("Incidents detected in the period", period.length), ...LEVELS.map((l) => fig(`Severity ${l}`, period.filter((r) => r.severity === l).length)), fig("Involving personal data", period.filter((r) => r.personal_data === "yes").length), fig("Still open at the meeting", all.filter(open).length)];
        kept = all.filter((r) => period.includes(r) || open(r));
        for (const r of period.filter((r) => r.severity === "high" || r.severity === "critical")) concerns.push({ kind: "major_incident", item: r.id, title: r.title, detail: `${r.severity} severity, detected ${r.detected}`, answeredBy: answer(r.id) });
        note = `The incidents detected in the period ${from} to ${meeting}, and those still open at the meeting.`;
      } else if (kind === "audit_findings") {
        const open = (r: Row) => r.status !== "closed";
        const graded = (g: string) => all.filter((r) => open(r) && r.grade === g).length;
        figures = [fig("Open major nonconformities", graded("major")), fig("Open minor nonconformities", graded("minor")), fig("Open observations", graded("observation")), fig("Corrective actions overdue", all.filter((r) => open(r) && !!r.due && r.due < meeting).length), fig("Findings closed", all.filter((r) => !open(r)).length)];
        kept = all.filter(open);
        for (const r of kept.filter((r) => r.grade !== "observation")) concerns.push({ kind: "open_nonconformity", item: r.id, title: r.finding, detail: `${r.grade} nonconformity, ${r.clause}`, answeredBy: answer(r.id) });
        note = `The findings not closed as at ${meeting}.`;
      } else {
        const important = (r: Row) => r.criticality === "critical" || r.criticality === "high";
        figures = [fig("Suppliers in the register", all.length), fig("Critical or high", all.filter(important).length)];
        kept = all.filter(important);
        note = `The critical and high suppliers, and any whose review is overdue or found problems, as at ${meeting}.`;
      }
      out.push({ kind, inputCode: input.code, snapshot: { ...info }, figures, table: table(kind, info, kept), scopeNote: note, concerns });
    }
    return out;
  };

  const handle = (cmd: string, args: Record<string, unknown> | undefined): { value: unknown } | null => {
    const request = args?.request as Record<string, unknown> | undefined;
    switch (cmd) {
      case "registers_overview":
        return {
          value: {
            appetite,
            registers: REGISTER_KINDS.map((kind) => ({ kind, label: REGISTER_LABELS[kind], newest: asAt(kind), snapshots: ofKind(kind).length, fields: fieldInfo(kind) })),
          } satisfies RegistersOverview,
        };
      case "registers_preview":
        return { value: preview(request as unknown as RegisterFile)[0] };
      case "registers_import": {
        const r = request as unknown as RegisterFile;
        const [p, rows] = preview(r);
        const first = p.problems[0];
        if (first) {
          const more = p.problems.length === 1 ? "" : ` (${p.problems.length} problems in all; \`quorum register preview\` lists them)`;
          fail("invalid", `${p.sourceName} was not imported: row ${first.row}, column "${first.column}": ${first.message}${more}. Nothing was written; fix the file and import it again`);
        }
        const takenOn = r.takenOn || day(0);
        if (takenOn > day(0)) fail("invalid", `${takenOn} is in the future: give the day the register was extracted (today at the latest)`);
        remembered[layoutKey(r.kind, p.headers)] = { ...p.mapping };
        return { value: add(r.kind, takenOn, p.sourceName, rows, p.sourceSha256) };
      }
      case "registers_list": {
        const r = request as { kind: RegisterKind; asAt?: string };
        const info = asAt(r.kind, r.asAt);
        return { value: table(r.kind, info, info ? rowsOf[info.id] : []) };
      }
      case "registers_snapshots":
        return { value: ofKind(args!.kind as RegisterKind) };
      case "registers_changes": {
        const a = snapshot(args!.from as number);
        const b = snapshot(args!.to as number);
        if (a.kind !== b.kind) fail("invalid", `snapshot ${a.id} is of ${REGISTER_LABELS[a.kind]} and ${b.id} of ${REGISTER_LABELS[b.kind]}: compare two snapshots of one register`);
        return { value: compare(a.kind, a, rowsOf[a.id], rowsOf[b.id]) };
      }
      case "registers_template":
        if (!/\.(csv|xlsx)$/i.test(String(args!.path))) fail("invalid", `${String(args!.path)}: name the template .xlsx or .csv`);
        return { value: null };
      case "registers_appetite_set": {
        const level = args!.level as RegisterLevel;
        if (!LEVELS.includes(level)) fail("invalid", `"${level}" is not a level: use low, medium, high or critical`);
        appetite = level;
        return { value: level };
      }
      default:
        return null;
    }
  };
  return { handle, extracts };
}
