// The organisation's registers (risks, incidents, internal audit findings, supplier reviews),
// imported from the spreadsheets their owners keep as dated, immutable snapshots that every
// review cites: one tab per register with its newest snapshot, the register as it stood on a
// day, its snapshots and what changed between two, Import… and Template…; and the risk
// appetite that decides which risks count as above it.
import { useEffect, useRef, useState } from "preact/hooks";
import {
  registersAppetiteSet,
  registersChanges,
  registersList,
  registersOverview,
  registersSnapshots,
  registersTemplate,
  type RegisterChanges,
  type RegisterKind,
  type RegisterLevel,
  type RegisterSummary,
  type RegistersOverview,
  type SnapshotInfo,
} from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { navigate } from "../lib/router";
import { useCommands } from "../lib/commands";
import { formatDate, formatDateTime } from "../lib/format";
import { savedText, useAutosave } from "../lib/autosave";
import { isIsoDate } from "../lib/dates";
import { showError } from "../lib/toasts";
import type { SortState } from "../components/DataTable";
import { DateField } from "../components/DateField";
import { EmptyState } from "../components/EmptyState";
import { LoadError } from "../components/LoadError";
import { PageHeader } from "../components/PageHeader";
import { SaveFile } from "../components/SaveFile";
import { SidePanel } from "../components/SidePanel";
import { RegisterImport } from "./RegisterImport";
import { ChangeList, RegisterRows, Sha, title } from "./RegisterParts";

const KINDS: RegisterKind[] = ["risks", "incidents", "audit_findings", "suppliers"];
const LEVELS: RegisterLevel[] = ["low", "medium", "high", "critical"];

/** What each register is for at a review: the input it feeds, and what it needs. */
const PURPOSE: Record<RegisterKind, string> = {
  risks:
    "The risk register feeds input f) of 9.3.2 (results of risk assessment and status of the risk treatment plan): each review reads the risks above appetite, the treatment plans overdue and the acceptances expired or unsigned, as they stood at its meeting.",
  incidents:
    "The incident log feeds the review's incidents (SOC 2's incidents and breaches, or 9.3.2 d) 2) monitoring and measurement): each review counts the incidents of its period by severity and names the high and critical ones, which its minutes must answer.",
  audit_findings:
    "The internal audit findings feed input d) 3) of 9.3.2 (audit results): each review lists the nonconformities still open at its meeting and shows which the review answered.",
  suppliers:
    "The supplier reviews feed input c) of 9.3.2 (needs and expectations of interested parties): each review reads the critical and high suppliers, and those whose review is overdue or found problems.",
};

export function Registers({ kind: routeKind = null }: { kind?: string | null }) {
  const [state, reload] = useAsync(registersOverview);
  const kind: RegisterKind = KINDS.includes(routeKind as RegisterKind) ? (routeKind as RegisterKind) : "risks";
  const [panel, setPanel] = useState<"import" | "template" | null>(null);
  const [version, setVersion] = useState(0);
  // The last overview read stays on screen while it is read again (after an import).
  const last = useRef<RegistersOverview | null>(null);
  if (state.status === "ready") last.current = state.data;
  const overview = last.current;
  const registers = overview?.registers ?? [];
  const current = registers.find((r) => r.kind === kind);
  const choose = (next: RegisterKind) => navigate("registers", next);
  useCommands(
    "registers",
    [
      ...registers.map((r) => ({ id: `register-${r.kind}`, title: `Show the ${r.label} register`, group: "Records" as const, keywords: "register snapshot", run: () => choose(r.kind) })),
      { id: "register-import", title: `Import the ${current?.label ?? "register"} from a spreadsheet`, group: "Actions", keywords: "register csv xlsx snapshot", run: () => setPanel("import") },
      { id: "register-template", title: `Save the ${current?.label ?? "register"} template`, group: "Actions", keywords: "register csv xlsx", run: () => setPanel("template") },
    ],
    [registers, current],
  );
  const imported = () => {
    setPanel(null);
    setVersion((n) => n + 1);
    reload();
  };
  return (
    <div class="page page-wide registers">
      <PageHeader title="Registers" subtitle="The organisation's registers, imported from the spreadsheets their owners keep, as dated snapshots each review cites." />
      {state.status === "loading" && !overview && (
        <div class="loading" aria-busy="true">
          Loading…
        </div>
      )}
      {state.status === "error" && <LoadError what="The registers" onRetry={reload} />}
      {overview && (
        <>
          <Appetite level={overview.appetite} />
          <div role="tablist" aria-label="Registers" class="tabs">
            {registers.map((r) => (
              <button
                key={r.kind}
                type="button"
                role="tab"
                id={`reg-tab-${r.kind}`}
                aria-selected={r.kind === kind}
                aria-controls="reg-panel"
                tabIndex={r.kind === kind ? 0 : -1}
                onClick={() => choose(r.kind)}
                onKeyDown={(e) => {
                  if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
                  const i = KINDS.indexOf(kind);
                  const next = KINDS[(i + (e.key === "ArrowRight" ? 1 : KINDS.length - 1)) % KINDS.length];
                  choose(next);
                  setTimeout(() => document.getElementById(`reg-tab-${next}`)?.focus());
                }}
              >
                {title(r.label)}{" "}
                <span class="step-count num">
                  {r.snapshots}
                  <span class="visually-hidden"> snapshot{r.snapshots === 1 ? "" : "s"}</span>
                </span>
              </button>
            ))}
          </div>
          {current && (
            <div role="tabpanel" id="reg-panel" aria-labelledby={`reg-tab-${kind}`}>
              <Register key={kind} version={version} summary={current} onImport={() => setPanel("import")} onTemplate={() => setPanel("template")} />
            </div>
          )}
        </>
      )}
      {panel === "import" && current && (
        <SidePanel title={`Import the ${current.label}`} subtitle="Registers" onClose={() => setPanel(null)}>
          <RegisterImport summary={current} onImported={imported} />
        </SidePanel>
      )}
      {panel === "template" && current && (
        <SidePanel title={`The ${current.label} template`} subtitle="Registers" onClose={() => setPanel(null)}>
          <Template summary={current} />
        </SidePanel>
      )}
    </div>
  );
}

/** The residual level of risk accepted: saved on change. */
function Appetite({ level }: { level: RegisterLevel }) {
  const [value, setValue] = useState(level);
  const { saved, save } = useAutosave();
  return (
    <div class="toolbar appetite">
      <label for="reg-appetite">Risk appetite</label>
      <select
        id="reg-appetite"
        value={value}
        aria-describedby="reg-appetite-hint reg-appetite-saved"
        onChange={(e) => {
          const next = e.currentTarget.value as RegisterLevel;
          setValue(next);
          void save(() => registersAppetiteSet(next));
        }}
      >
        {LEVELS.map((l) => (
          <option key={l} value={l}>
            {title(l)}
          </option>
        ))}
      </select>
      <span id="reg-appetite-hint" class="muted small">
        Risks with a residual level above it count as above appetite: each review lists them.
      </span>
      <span id="reg-appetite-saved" class={`saved-state ${saved.status}`} role="status">
        {savedText(saved)}
      </span>
    </div>
  );
}

function Register({ summary, version, onImport, onTemplate }: { summary: RegisterSummary; version: number; onImport: () => void; onTemplate: () => void }) {
  const newest = summary.newest;
  const buttons = (
    <>
      <button type="button" id="reg-import" class="button primary" onClick={onImport}>
        Import…
      </button>
      <button type="button" id="reg-template" class="button" onClick={onTemplate}>
        Template…
      </button>
    </>
  );
  if (!newest)
    return (
      <EmptyState icon="registers" title={`No snapshot of the ${summary.label} yet`} actions={buttons}>
        <p>{PURPOSE[summary.kind]}</p>
        <p>
          Export the register from the spreadsheet its owner keeps (CSV or XLSX) and import it: Quorum keeps each import as a dated snapshot that never changes. Start from the template if the
          register has no spreadsheet yet; its columns are {summary.fields.map((f) => f.header).join(", ")}.
        </p>
      </EmptyState>
    );
  return (
    <div class="stack">
      <section class="card register-head" aria-labelledby="reg-newest-title">
        <div>
          <h2 id="reg-newest-title">Newest snapshot: taken on {formatDate(newest.takenOn)}</h2>
          <p class="muted small" id="reg-newest">
            <span class="mono">{newest.sourceName}</span> · <Sha sha={newest.sourceSha256} /> · <span class="num">{newest.rows}</span> rows ·{" "}
            <span class="num">{summary.snapshots}</span> snapshot{summary.snapshots === 1 ? "" : "s"} · imported by {newest.importedBy} on {formatDateTime(newest.importedAt)}
          </p>
        </div>
        <div class="page-actions">{buttons}</div>
      </section>
      <CurrentView kind={summary.kind} version={version} />
      <Snapshots kind={summary.kind} version={version} />
    </div>
  );
}

/** The register as it stood on a day: its newest snapshot by then. */
function CurrentView({ kind, version }: { kind: RegisterKind; version: number }) {
  const [asAt, setAsAt] = useState("");
  const day = isIsoDate(asAt) ? asAt : undefined;
  const [state, reload] = useAsync(() => registersList(kind, day), [kind, day, version]);
  const [sort, setSort] = useState<SortState | null>(null);
  const table = state.status === "ready" ? state.data : null;
  return (
    <section class="card" aria-labelledby="reg-view-title">
      <div class="card-head">
        <h2 id="reg-view-title">The register</h2>
        <div class="field inline-field">
          <label for="reg-as-at">As at</label>
          <DateField id="reg-as-at" value={asAt} onChange={setAsAt} empty="The newest snapshot" />
        </div>
      </div>
      {state.status === "error" && <LoadError what="The register" onRetry={reload} />}
      {table && !table.snapshot && (
        <p class="muted" id="reg-view-none">
          No snapshot had been taken by {day ? formatDate(day) : "then"}: choose a later day.
        </p>
      )}
      {table?.snapshot && (
        <>
          <p class="muted small" id="reg-view-source">
            From the snapshot taken on {formatDate(table.snapshot.takenOn)} (<span class="mono">{table.snapshot.sourceName}</span>), <span class="num">{table.rows.length}</span> rows.
          </p>
          <RegisterRows table={table} sort={sort} onSort={setSort} label={`The register as at ${day ? formatDate(day) : "its newest snapshot"}`} />
        </>
      )}
    </section>
  );
}

/** Every snapshot, newest first; two ticked show what changed from the older to the newer. */
function Snapshots({ kind, version }: { kind: RegisterKind; version: number }) {
  const [state, reload] = useAsync(() => registersSnapshots(kind), [kind, version]);
  const [picked, setPicked] = useState<number[]>([]);
  const [changes, setChanges] = useState<RegisterChanges | null>(null);
  const list = state.status === "ready" ? state.data : [];
  const pair = picked.length === 2 ? [...picked].map((id) => list.find((s) => s.id === id)!).sort((a, b) => a.takenOn.localeCompare(b.takenOn) || a.id - b.id) : null;
  useEffect(() => {
    setChanges(null);
    if (!pair) return;
    let live = true;
    registersChanges(pair[0].id, pair[1].id).then((c) => live && setChanges(c), showError);
    return () => {
      live = false;
    };
  }, [picked.join(",")]);
  const toggle = (id: number, on: boolean) => setPicked(on ? [...picked.filter((p) => p !== id), id].slice(-2) : picked.filter((p) => p !== id));
  return (
    <section class="card" aria-labelledby="reg-snapshots-title">
      <h2 id="reg-snapshots-title">Snapshots</h2>
      <p class="muted small">Tick two to see what changed between them.</p>
      {state.status === "error" && <LoadError what="The snapshots" onRetry={reload} />}
      <table class="kpi-table snapshots-table" aria-label="Snapshots">
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">Compare</span>
            </th>
            <th scope="col">Taken on</th>
            <th scope="col">Source file</th>
            <th scope="col">SHA-256</th>
            <th scope="col" class="num">
              Rows
            </th>
            <th scope="col">Imported</th>
          </tr>
        </thead>
        <tbody>
          {list.map((s: SnapshotInfo) => (
            <tr key={s.id}>
              <td>
                <input type="checkbox" id={`reg-pick-${s.id}`} checked={picked.includes(s.id)} onChange={(e) => toggle(s.id, e.currentTarget.checked)} aria-label={`Compare the snapshot taken on ${formatDate(s.takenOn)}`} />
              </td>
              <td class="num">{formatDate(s.takenOn)}</td>
              <td>
                <span class="mono truncate" title={s.sourceName}>
                  {s.sourceName}
                </span>
              </td>
              <td>
                <span class="mono" title={s.sourceSha256}>
                  {s.sourceSha256.slice(0, 12)}…
                </span>
              </td>
              <td class="num">{s.rows}</td>
              <td class="muted small">
                {formatDateTime(s.importedAt)} by {s.importedBy}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pair && changes && (
        <div id="reg-changes">
          <h3>
            From {formatDate(pair[0].takenOn)} to {formatDate(pair[1].takenOn)}
          </h3>
          <ChangeList changes={changes} />
        </div>
      )}
    </section>
  );
}

/** Saves the register's empty template, as XLSX (with a sheet saying what each column takes) or CSV. */
function Template({ summary }: { summary: RegisterSummary }) {
  const [format, setFormat] = useState<"xlsx" | "csv">("xlsx");
  return (
    <div class="stack">
      <p class="muted small">
        The columns Quorum reads: {summary.fields.map((f) => `${f.header}${f.required ? "" : " (optional)"}`).join(", ")}. A register kept with other column names imports too: Quorum proposes
        which column gives which field, and remembers it.
      </p>
      <fieldset class="fieldset">
        <legend>Format</legend>
        <label class="radio">
          <input type="radio" name="reg-template-format" value="xlsx" checked={format === "xlsx"} onChange={() => setFormat("xlsx")} /> Excel workbook (.xlsx), with a sheet saying what each column takes
        </label>
        <label class="radio">
          <input type="radio" name="reg-template-format" value="csv" checked={format === "csv"} onChange={() => setFormat("csv")} /> CSV, the header row only
        </label>
      </fieldset>
      <SaveFile
        id="reg-template-path"
        label="Save the template to"
        fileName={`${title(summary.label)} template.${format}`}
        action="Save the template"
        save={(path) => registersTemplate(summary.kind, path).then(() => path)}
      />
    </div>
  );
}
