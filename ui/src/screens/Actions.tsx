// The action register: dense, sortable, filterable; filters persist for the session.
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  BackendError,
  actionEscalate,
  actionGet,
  actionNote,
  actionReviseDate,
  actionsBulkStatus,
  actionsChoices,
  actionsExport,
  actionsPage,
  actionVerify,
  escalationPath,
  peopleList,
  type ActionDetail,
  type Source,
  type ActionStatus,
  type ActionRow,
  type ActionFilter,
  type ActionQuery,
  type ActionSort,
  type RegisterChoices,
  type BulkOutcome,
  type Priority,
} from "../lib/ipc";
import { showError, showToast } from "../lib/toasts";
import { Field, describedBy } from "../components/Field";
import { SaveFile } from "../components/SaveFile";
import { useAsync } from "../lib/useAsync";
import { now, today } from "../lib/clock";
import { daysBetween, duePhrase, formatDate, formatNumber, locale, parseDate } from "../lib/format";
import { loadSession, saveSession } from "../lib/storage";
import { navigate } from "../lib/router";
import { useCommands } from "../lib/commands";
import { DataTable, type Column, type SortState } from "../components/DataTable";
import { ActionChips, escalationStep, isActive, isEscalated } from "../components/StatusChip";
import { PageHeader } from "../components/PageHeader";
import { EmptyState } from "../components/EmptyState";
import { LoadError } from "../components/LoadError";
import { SidePanel } from "../components/SidePanel";
import { Icon } from "../components/Icon";

export interface ActionView {
  query: string;
  /** "active": open or in progress (overdue ones included), the register's default. */
  status: ActionStatus | "all" | "active";
  /** "all", NO_OWNER, or an owner's name. */
  owner: string;
  priority: Priority | "none" | "all";
  due: "all" | "overdue" | "escalated" | "on_track";
  /** "all", NO_REVIEW, or a review reference. */
  review: string;
  source: Source | "all";
  sort: SortState | null;
}

export const VIEW_KEY = "quorum.actions.view";
export const DEFAULT_VIEW: ActionView = { query: "", status: "active", owner: "all", priority: "all", due: "all", review: "all", source: "all", sort: { column: "targetDate", direction: "asc" } };

/** Opens the register on the filtered view a figure counts (every other filter cleared). */
export function openRegister(patch: Partial<ActionView>): void {
  saveSession(VIEW_KEY, { ...DEFAULT_VIEW, ...patch });
  navigate("actions");
}

/** The review filter's value for actions raised outside a review. */
export const NO_REVIEW = "∅none";

/** The owner filter's value for actions nobody owns yet. */
export const NO_OWNER = "∅none";

export const PRIORITY_LABEL: Record<Priority, string> = { high: "High", medium: "Medium", low: "Low" };
const PRIORITY_RANK: Record<Priority, number> = { high: 0, medium: 1, low: 2 };
const NONE = { owner: "No owner", targetDate: "No target date", priority: "No priority", review: "Not from a review" } as const;

/** A missing value, said in words and muted. */
function None({ what }: { what: keyof typeof NONE }) {
  return <span class="none">{NONE[what]}</span>;
}
const STATUS_RANK: Record<ActionStatus, number> = { open: 0, in_progress: 1, completed: 2, closed: 3 };
export const SOURCE_LABEL: Record<Source, string> = {
  audit_finding: "Audit finding",
  kpi_gap: "KPI gap",
  incident: "Incident",
  risk: "Risk",
  resource_need: "Resource need",
  nonconformity: "Nonconformity",
  improvement: "Improvement opportunity",
};

/** The table's columns as core's sort keys. */
const SORT_KEY: Record<string, ActionSort> = { id: "reference", description: "description", owner: "owner", targetDate: "target_date", priority: "priority", status: "status" };

/** Rows fetched per request: a screenful or two. More come as the table scrolls. */
export const PAGE_SIZE = 100;

/** The view as core's query: every filter, the search and the sort happen in core. */
export function queryOf(view: ActionView, choices: RegisterChoices | null): ActionQuery {
  const owner = view.owner === "all" || view.owner === NO_OWNER ? undefined : (choices?.owners.find((o) => o.name === view.owner)?.id ?? -1);
  const review = view.review === "all" || view.review === NO_REVIEW ? undefined : (choices?.reviews.find((r) => r.reference === view.review)?.id ?? -1);
  const filter: ActionFilter = {
    statuses: view.status === "all" ? undefined : view.status === "active" ? ["open", "in_progress"] : [view.status],
    ownerId: owner,
    noOwner: view.owner === NO_OWNER || undefined,
    priority: view.priority === "all" || view.priority === "none" ? undefined : view.priority,
    noPriority: view.priority === "none" || undefined,
    overdue: view.due === "overdue" ? true : view.due === "on_track" ? false : undefined,
    escalated: view.due === "escalated" ? true : undefined,
    reviewId: review,
    noReview: view.review === NO_REVIEW || undefined,
    source: view.source === "all" ? undefined : view.source,
    search: view.query.trim() || undefined,
  };
  return { filter, sort: SORT_KEY[view.sort?.column ?? "id"] ?? "reference", descending: view.sort?.direction === "desc" };
}

function PriorityLabel({ priority }: { priority: Priority | null }) {
  if (!priority) return <None what="priority" />;
  return <span class={`priority priority-${priority}`}>{PRIORITY_LABEL[priority]}</span>;
}

function DueCell({ action }: { action: ActionRow }) {
  const today = now();
  if (!action.targetDate) return <None what="targetDate" />;
  const finished = !isActive(action);
  const n = daysBetween(today, parseDate(action.targetDate));
  return (
    <span class="due">
      <span class="num">{formatDate(action.targetDate)}</span>
      {!finished && <span class={`due-rel${n < 0 ? " late" : n <= 7 ? " soon" : ""}`}>{duePhrase(action.targetDate, today)}</span>}
    </span>
  );
}

const COLUMNS: Column<ActionRow>[] = [
  { id: "id", header: "ID", width: "8rem", cell: (a) => <span class="mono">{a.id}</span>, sortValue: (a) => a.id },
  { id: "description", header: "Action", cell: (a) => <span class="truncate" title={a.description}>{a.description}</span>, sortValue: (a) => a.description },
  { id: "owner", header: "Owner", width: "9rem", cell: (a) => (a.owner ? <span class="truncate" title={a.owner}>{a.owner}</span> : <None what="owner" />), sortValue: (a) => a.owner },
  { id: "targetDate", header: "Target date", width: "8.5rem", cell: (a) => <DueCell action={a} />, sortValue: (a) => a.targetDate },
  { id: "priority", header: "Priority", width: "6rem", cell: (a) => <PriorityLabel priority={a.priority} />, sortValue: (a) => (a.priority ? PRIORITY_RANK[a.priority] : null) },
  { id: "status", header: "Status", width: "11rem", cell: (a) => <ActionChips action={a} compact />, sortValue: (a) => (isEscalated(a) ? -2 : a.overdue ? -1 : STATUS_RANK[a.status]) },
];

/** The register as pages from core: the rows loaded so far, the total that match, and a way to load more. */
function useRegisterPages(query: ActionQuery | null) {
  const [loaded, setLoaded] = useState<{ key: string; rows: ActionRow[]; total: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  const key = JSON.stringify(query);
  const asked = useRef("");
  const fetchRows = (offset: number, limit: number, append: boolean) => {
    if (!query) return;
    // Scrolling asks for the next page many times; one request per page is enough.
    if (append && asked.current === `${key}@${offset}`) return;
    asked.current = `${key}@${offset}`;
    const ticket = ++latest.current;
    actionsPage({ ...query, offset, limit }).then(
      (page) => {
        // Only the answer to the latest request counts: typing fast never shows an older search.
        if (ticket !== latest.current) return;
        setFailed(false);
        setLoaded((last) => ({ key, total: page.total, rows: append && last ? [...last.rows.slice(0, offset), ...page.rows] : page.rows }));
      },
      (error) => {
        if (ticket !== latest.current) return;
        showError(error);
        setFailed(true);
      },
    );
  };
  // A new query starts from the top; a reload keeps as many rows as were shown.
  const shown = loaded?.key === key ? loaded.rows.length : 0;
  useEffect(() => fetchRows(0, Math.max(PAGE_SIZE, shown), false), [key, tick]);
  const more = () => loaded && loaded.rows.length < loaded.total && fetchRows(loaded.rows.length, PAGE_SIZE, true);
  return { loaded, failed, more, reload: useCallback(() => setTick((n) => n + 1), []) };
}

export function Actions({ selectedId }: { selectedId: string | null }) {
  const [choicesState, reloadChoices] = useAsync(actionsChoices);
  const [view, setViewState] = useState<ActionView>(() => ({ ...DEFAULT_VIEW, ...loadSession(VIEW_KEY, DEFAULT_VIEW) }));
  const [picked, setPicked] = useState<Set<string>>(() => new Set());
  const [exporting, setExporting] = useState(false);
  const setView = (patch: Partial<ActionView>) => {
    setViewState((v) => {
      const next = { ...v, ...patch };
      saveSession(VIEW_KEY, next);
      return next;
    });
  };
  // The last choices read stay shown while a change reloads them.
  const lastChoices = useRef<RegisterChoices | null>(null);
  if (choicesState.status === "ready") lastChoices.current = choicesState.data;
  const choices = lastChoices.current;
  const query = useMemo(() => (choices ? queryOf(view, choices) : null), [view, choices]);
  const { loaded, failed, more, reload: reloadRows } = useRegisterPages(query);
  const reload = () => {
    reloadChoices();
    reloadRows();
  };
  const ready = choices !== null && loaded !== null;
  const rows = loaded?.rows ?? [];
  const total = loaded?.total ?? 0;
  const owners = choices?.owners.map((o) => o.name) ?? [];
  const reviewRefs = choices?.reviews.map((r) => r.reference) ?? [];
  const selectedRow = useSelectedRow(selectedId, rows);
  const filtered = view.query || view.status !== "all" || view.owner !== "all" || view.priority !== "all" || view.due !== "all" || view.review !== "all" || view.source !== "all";
  const clear = () => setView({ query: "", status: "all", owner: "all", priority: "all", due: "all", review: "all", source: "all" });
  // Only rows still shown stay selected.
  const shownPicked = rows.filter((a) => picked.has(a.id)).map((a) => a.id);

  useCommands(
    "actions",
    [
      { id: "actions-search", title: "Search actions", group: "Actions", shortcut: "/", run: () => document.querySelector<HTMLInputElement>("[data-search]")?.focus() },
      { id: "actions-overdue", title: "Show overdue actions only", group: "Actions", keywords: "filter late", run: () => setView({ due: "overdue" }) },
      { id: "actions-escalated", title: "Show escalated actions only", group: "Actions", keywords: "filter escalation", run: () => setView({ due: "escalated" }) },
      { id: "actions-high", title: "Show high-priority actions only", group: "Actions", keywords: "filter priority", run: () => setView({ priority: "high" }) },
      { id: "actions-clear", title: "Clear action filters", group: "Actions", keywords: "reset filter", run: clear },
      { id: "actions-refresh", title: "Refresh the action register", group: "Actions", run: reload },
      { id: "actions-export", title: "Export the shown actions (CSV or XLSX)", group: "Actions", keywords: "excel spreadsheet auditor", run: () => setExporting(true) },
      ...rows.map((a) => ({ id: `open-${a.id}`, title: `${a.id} ${a.description}`, group: "Records" as const, keywords: a.owner ?? "", run: () => navigate("actions", a.id) })),
    ],
    [rows, reload],
  );

  const open = (a: ActionRow) => navigate("actions", a.id);

  const hasActions = ready && choices.total > 0;
  const counts = hasActions ? `${formatNumber(total)} of ${formatNumber(choices.total)} actions` : undefined;

  return (
    <div class="page page-wide">
      <div class="page-main">
        <PageHeader title="Actions" subtitle="Every action from every management review, with its owner and target date.">
          <span class="muted num small" aria-live="polite">
            {counts}
          </span>
        </PageHeader>
        {hasActions && (
        <div class="toolbar" role="search" aria-label="Filter actions">
          <div class="search-box">
            <Icon name="search" />
            <input type="search" data-search aria-label="Search actions" title="Search actions (/)" placeholder="Search actions…" value={view.query} onInput={(e) => setView({ query: e.currentTarget.value })} onKeyDown={(e) => e.key === "Escape" && e.currentTarget.blur()} />
            <kbd aria-hidden="true">/</kbd>
          </div>
          <Select label="Status" value={view.status} onChange={(status) => setView({ status: status as ActionView["status"] })} options={[["active", "Open or in progress"], ["all", "Any status"], ["open", "Open"], ["in_progress", "In progress"], ["completed", "Completed"], ["closed", "Closed"]]} />
          <Select label="Owner" value={view.owner} onChange={(owner) => setView({ owner })} options={[["all", "Any owner"], ...owners.map((o) => [o, o] as [string, string]), ...(choices.unowned || view.owner === NO_OWNER ? [[NO_OWNER, NONE.owner] as [string, string]] : [])]} />
          <Select label="Priority" value={view.priority} onChange={(priority) => setView({ priority: priority as ActionView["priority"] })} options={[["all", "Any priority"], ["high", "High"], ["medium", "Medium"], ["low", "Low"], ...(choices.unprioritised || view.priority === "none" ? [["none", NONE.priority] as [string, string]] : [])]} />
          <Select label="Due" value={view.due} onChange={(due) => setView({ due: due as ActionView["due"] })} options={[["all", "Overdue or not"], ["overdue", "Overdue only"], ["escalated", "Escalated only"], ["on_track", "Not overdue"]]} />
          <Select label="Review" value={view.review} onChange={(review) => setView({ review })} options={[["all", "Any review"], ...reviewRefs.map((r) => [r, r] as [string, string]), ...(choices.outsideReview || view.review === NO_REVIEW ? [[NO_REVIEW, NONE.review] as [string, string]] : [])]} />
          <Select label="Source" value={view.source} onChange={(source) => setView({ source: source as ActionView["source"] })} options={[["all", "Any source"], ...(Object.entries(SOURCE_LABEL) as [string, string][])]} />
          {filtered && (
            <button type="button" class="button ghost small" onClick={clear}>
              Clear filters
            </button>
          )}
          <button type="button" class="button small" onClick={() => setExporting(true)} disabled={total === 0} title="Export the shown actions as CSV or XLSX">
            Export…
          </button>
        </div>
        )}
        {hasActions && shownPicked.length > 0 && <BulkBar references={shownPicked} onDone={reload} onClear={() => setPicked(new Set())} />}
        {!ready && !failed && choicesState.status !== "error" && <div class="loading" aria-busy="true">Loading the register…</div>}
        {(failed || choicesState.status === "error") && <LoadError what="The action register" onRetry={reload} />}
        {ready && choices.total === 0 && (
          <EmptyState
            icon="actions"
            title="No actions yet"
            actions={
              <button type="button" class="button" onClick={() => navigate("reviews")}>
                Go to reviews
              </button>
            }
          >
            <p>An action is something top management decided must be done: a corrective action after an audit finding, a fix for a KPI gap, a resource to hire. Each has one owner, a target date and a priority, and stays here until a verifier confirms it is closed. Actions are added from a review's Decisions step.</p>
          </EmptyState>
        )}
        {hasActions && (
          <>
            <DataTable
              // Another filter or search starts again at the top (a new order keeps the header's focus).
              key={JSON.stringify(query?.filter)}
              label="Action register"
              columns={COLUMNS}
              rows={rows}
              rowKey={(a) => a.id}
              sort={view.sort}
              presorted
              onSortChange={(sort) => setView({ sort })}
              onOpen={open}
              onNearEnd={more}
              virtual
              selectedKey={selectedRow?.id ?? null}
              selection={{ selected: picked, onChange: setPicked }}
              empty={
                <p>
                  No action matches these filters.{" "}
                  <button type="button" class="button ghost small" onClick={clear}>
                    Clear filters
                  </button>
                </p>
              }
            />
            <div class="table-more">
              {rows.length < total && (
                <button type="button" class="button ghost small" onClick={more}>
                  Show more ({formatNumber(total - rows.length)} not loaded yet)
                </button>
              )}
            </div>
          </>
        )}
      </div>
      {exporting && query && <ExportPanel query={query} count={total} filtered={!!filtered} onClose={() => setExporting(false)} />}
      {!exporting && selectedRow && <ActionDetailPanel key={selectedRow.id} row={selectedRow} onClose={() => navigate("actions")} onChanged={reload} />}
    </div>
  );
}

/** The row of the action opened by its address: from the loaded rows, else asked of core. */
function useSelectedRow(selectedId: string | null, rows: ActionRow[]): ActionRow | undefined {
  const shown = selectedId ? rows.find((a) => a.id === selectedId) : undefined;
  const [fetched, setFetched] = useState<ActionRow | undefined>(undefined);
  useEffect(() => {
    if (!selectedId || shown) return;
    let live = true;
    actionsPage({ filter: { search: selectedId }, limit: PAGE_SIZE }).then(
      (page) => live && setFetched(page.rows.find((a) => a.id === selectedId)),
      (error) => live && showError(error),
    );
    return () => {
      live = false;
    };
  }, [selectedId, !!shown]);
  return shown ?? (fetched?.id === selectedId ? fetched : undefined);
}

function Select({ label, value, options, onChange }: { label: string; value: string; options: [string, string][]; onChange: (value: string) => void }) {
  const id = `filter-${label.toLowerCase()}`;
  return (
    <div class={`select${value !== "all" ? " active" : ""}`}>
      <label for={id} class="visually-hidden">
        {label}
      </label>
      <select id={id} value={value} title={`Filter by ${label.toLowerCase()}`} onChange={(e) => onChange(e.currentTarget.value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}


const STATUS_LABEL: Record<ActionStatus, string> = { open: "Open", in_progress: "In progress", completed: "Completed", closed: "Closed" };

/** Status changes for the selected actions: each goes through core's status machine on its own. */
function BulkBar({ references, onDone, onClear }: { references: string[]; onDone: () => void; onClear: () => void }) {
  const [to, setTo] = useState<ActionStatus>("in_progress");
  const [note, setNote] = useState("");
  const [verifier, setVerifier] = useState("");
  const [evidence, setEvidence] = useState("");
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<BulkOutcome[] | null>(null);
  const [people] = useAsync(() => peopleList(), []);
  const apply = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const outcome = await actionsBulkStatus({ references, to, note: note.trim() || undefined, verifierId: to === "closed" && verifier ? Number(verifier) : undefined, evidence: to === "closed" ? evidence.trim() : undefined });
      setResults(outcome);
      const changed = outcome.filter((o) => o.changed).length;
      showToast({ tone: changed === outcome.length ? "success" : "info", title: `${changed} of ${outcome.length} changed`, message: changed === outcome.length ? `Now ${STATUS_LABEL[to].toLowerCase()}.` : "Some changes were refused: see why below the toolbar." });
      onDone();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <form class="bulk-bar" onSubmit={apply} aria-label="Change the status of the selected actions">
        <strong class="num">{formatNumber(references.length)} selected</strong>
        <Field id="bulk-to" label="New status">
          <select id="bulk-to" value={to} onChange={(e) => setTo(e.currentTarget.value as ActionStatus)}>
            <option value="open">Open</option>
            <option value="in_progress">In progress</option>
            <option value="completed">Completed (owner's claim)</option>
            <option value="closed">Closed (verified)</option>
          </select>
        </Field>
        {to === "closed" && (
          <>
            <Field id="bulk-verifier" label="Verifier">
              <select id="bulk-verifier" value={verifier} onChange={(e) => setVerifier(e.currentTarget.value)}>
                <option value="">Choose who verified…</option>
                {people.status === "ready" &&
                  people.data.map((p) => (
                    <option key={p.id} value={String(p.id)}>
                      {p.name}
                    </option>
                  ))}
              </select>
            </Field>
            <Field id="bulk-evidence" label="Evidence reviewed">
              <input id="bulk-evidence" type="text" value={evidence} onInput={(e) => setEvidence(e.currentTarget.value)} />
            </Field>
          </>
        )}
        {to !== "closed" && (
          <Field id="bulk-note" label="Note (optional)">
            <input id="bulk-note" type="text" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </Field>
        )}
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? "Changing…" : "Apply"}
        </button>
        <button type="button" class="button ghost" onClick={() => (onClear(), setResults(null))}>
          Clear selection
        </button>
      </form>
      {results && <BulkResults results={results} />}
    </>
  );
}

function BulkResults({ results }: { results: BulkOutcome[] }) {
  const refused = results.filter((r) => !r.changed);
  return (
    <div class={`banner ${refused.length ? "banner-error" : "banner-info"} bulk-results`} role="status">
      <Icon name={refused.length ? "alert" : "check"} />
      <div>
        <p>
          <strong>
            {formatNumber(results.length - refused.length)} changed, {formatNumber(refused.length)} refused.
          </strong>
        </p>
        <ul>
          {results.map((r) => (
            <li key={r.reference} class={r.changed ? undefined : "refused"}>
              <span class="mono">{r.reference}</span>: {r.changed ? `now ${STATUS_LABEL[r.status!]?.toLowerCase() ?? r.status}` : `refused (${r.error?.message ?? "no reason given"})`}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function ExportPanel({ query, count, filtered, onClose }: { query: ActionQuery; count: number; filtered: boolean; onClose: () => void }) {
  const day = today();
  const what = `${formatNumber(count)} ${count === 1 ? "action" : "actions"}${filtered ? " (as filtered)" : ""}`;
  return (
    <SidePanel title="Export the register" subtitle="Actions" onClose={onClose}>
      <p class="muted small">Writes the {what} shown, in the table's order, with every column an auditor needs (original and revised target dates, escalation, verification times). Formula-like text is written as text.</p>
      <section class="panel-section" aria-labelledby="export-csv-title">
        <h3 id="export-csv-title">CSV</h3>
        <SaveFile id="export-csv" label="Save the CSV to" fileName={`Action register ${day}.csv`} action="Save as CSV" save={(path) => actionsExport({ path, format: "csv", query })} />
      </section>
      <section class="panel-section" aria-labelledby="export-xlsx-title">
        <h3 id="export-xlsx-title">Excel (XLSX)</h3>
        <SaveFile id="export-xlsx" label="Save the workbook to" fileName={`Action register ${day}.xlsx`} action="Save as XLSX" save={(path) => actionsExport({ path, format: "xlsx", query })} />
      </section>
    </SidePanel>
  );
}

type HistoryLine = { at: string; text: string };

/** Status changes, notes, revised dates, verifications and escalations as one timeline. */
export function historyLines(d: ActionDetail): HistoryLine[] {
  const lines: HistoryLine[] = [
    ...d.statusHistory.map((h) => ({ at: h.at, text: `${h.from ? `${STATUS_LABEL[h.from]} → ` : "Raised as "}${STATUS_LABEL[h.to]} by ${h.by}${h.note ? `: ${h.note}` : ""}` })),
    ...d.notes.map((n) => ({ at: n.at, text: `Note by ${n.by}: ${n.text}` })),
    ...d.dateRevisions.map((r) => ({ at: r.at, text: `Target date moved from ${formatDate(r.previousOn)} to ${formatDate(r.newOn)} by ${r.by}: ${r.reason}` })),
    ...d.verifications.map((v) => ({ at: v.at, text: `Verification ${v.outcome} by ${v.verifier.name}; evidence: ${v.evidence}${v.reason ? `; reason: ${v.reason}` : ""}` })),
    ...d.escalations.map((e) => ({ at: e.at, text: `Escalated to level ${e.level}${e.levelName ? ` (${e.levelName})` : ""}${e.person ? `: ${e.person.name}` : ""}${e.note ? `, ${e.note}` : ""}` })),
  ];
  return lines.sort((a, b) => a.at.localeCompare(b.at));
}

function ActionDetailPanel({ row, onClose, onChanged }: { row: ActionRow; onClose: () => void; onChanged: () => void }) {
  const [state, reload] = useAsync(() => actionGet(row.id), [row.id]);
  const today = now();
  const d = state.status === "ready" ? state.data : null;
  const changed = () => {
    reload();
    onChanged();
  };
  return (
    <SidePanel title={row.description} subtitle={row.id} onClose={onClose}>
      <ActionChips action={row} short={false} />
      {state.status === "loading" && <div class="loading" aria-busy="true">Loading the action…</div>}
      {state.status === "error" && <LoadError what="This action" onRetry={reload} />}
      <dl class="details">
        <dt>Owner</dt>
        <dd>{row.owner ?? <None what="owner" />}</dd>
        <dt>Target date</dt>
        <dd>
          {row.targetDate ? (
            <>
              <span class="num">{formatDate(row.targetDate)}</span>
              {isActive(row) && <span class="muted"> · {duePhrase(row.targetDate, today)}</span>}
              {d?.originalTargetOn && d.originalTargetOn !== d.targetOn && <span class="muted small"> (originally {formatDate(d.originalTargetOn)})</span>}
            </>
          ) : (
            <None what="targetDate" />
          )}
        </dd>
        <dt>Priority</dt>
        <dd>
          <PriorityLabel priority={row.priority} />
        </dd>
        <dt>Reason</dt>
        <dd>{SOURCE_LABEL[row.source] ?? row.source}</dd>
        <dt>From review</dt>
        <dd>
          {row.reviewReference ? (
            <a href={`#/reviews/${row.reviewReference}`} class="mono">
              {row.reviewReference}
            </a>
          ) : (
            <None what="review" />
          )}
        </dd>
        {row.escalationLevel !== null && (
          <>
            <dt>{isEscalated(row) ? "Escalated to" : "Was escalated to"}</dt>
            <dd>
              {/* The person it went to, then the level of the organisation's path. */}
              {d ? (() => {
                const last = [...d.escalations].reverse().find((e) => e.level === row.escalationLevel);
                const level = d.escalationLevelName ?? last?.levelName ?? escalationStep(row.escalationLevel);
                return last?.person ? `${last.person.name} (${level})` : level.charAt(0).toUpperCase() + level.slice(1);
              })() : "…"}
            </dd>
          </>
        )}
      </dl>
      {row.status === "completed" && (
        <div class="banner banner-info">
          <Icon name="info" />
          <p>The owner marked this action completed. It is closed only once a verifier other than the owner has reviewed the evidence.</p>
        </div>
      )}
      {d && (
        <>
          {d.status !== "closed" && <StatusActions detail={d} onChanged={changed} />}
          {d.status === "completed" && <VerifyForm detail={d} onChanged={changed} />}
          {d.status !== "closed" && <EscalateForm detail={d} onChanged={changed} />}
          {d.status !== "closed" && d.targetOn && <ReviseDateForm detail={d} onChanged={changed} />}
          <section class="panel-section" aria-labelledby="history-title">
            <h3 id="history-title">History</h3>
            <ol class="history">
              {historyLines(d).map((line, i) => (
                <li key={i}>
                  <time dateTime={line.at}>{new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(line.at))}</time>
                  {line.text}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </SidePanel>
  );
}

/** Runs one change from the panel; core's refusal is shown, never swallowed. */
function useChange(onChanged: () => void): [boolean, (work: () => Promise<unknown>, done: string) => Promise<boolean>] {
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      showToast({ tone: "success", title: done, message: "Recorded in the register and the audit trail." });
      onChanged();
      return true;
    } catch (err) {
      showError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return [busy, run];
}

function StatusActions({ detail, onChanged }: { detail: ActionDetail; onChanged: () => void }) {
  const [busy, run] = useChange(onChanged);
  const [note, setNote] = useState("");
  const move = async (to: ActionStatus) => {
    const [outcome] = await actionsBulkStatus({ references: [detail.reference], to, note: note.trim() || undefined });
    if (!outcome.changed) throw BackendError.from("actions_bulk_status", outcome.error ?? "The change was refused.");
  };
  return (
    <section class="panel-section" aria-labelledby="progress-title">
      <h3 id="progress-title">Progress</h3>
      <Field id="action-note" label="Progress note">
        <textarea id="action-note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </Field>
      <div class="form-actions">
        <button type="button" class="button" disabled={busy || !note.trim()} onClick={() => run(() => actionNote(detail.reference, note.trim()), "Note added").then((ok) => ok && setNote(""))}>
          Add note
        </button>
        {detail.status === "open" && (
          <button type="button" class="button" disabled={busy} onClick={() => run(() => move("in_progress"), "Marked in progress")}>
            Mark in progress
          </button>
        )}
        {(detail.status === "open" || detail.status === "in_progress") && (
          <button type="button" class="button" disabled={busy} onClick={() => run(() => move("completed"), "Marked completed")}>
            Mark completed
          </button>
        )}
      </div>
    </section>
  );
}

function VerifyForm({ detail, onChanged }: { detail: ActionDetail; onChanged: () => void }) {
  const [people] = useAsync(() => peopleList(), []);
  const [verifier, setVerifier] = useState("");
  const [evidence, setEvidence] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, run] = useChange(onChanged);
  const submit = (outcome: "accepted" | "rejected") => {
    if (!verifier) return setError("Choose the verifier.");
    if (!evidence.trim()) return setError("Say which evidence was reviewed.");
    if (outcome === "rejected" && !reason.trim()) return setError("Say why it is rejected: the owner must know what is missing.");
    void run(() => actionVerify({ reference: detail.reference, verifierId: Number(verifier), outcome, evidence: evidence.trim(), reason: reason.trim() || undefined }), outcome === "accepted" ? "Verified and closed" : "Sent back to the owner");
  };
  return (
    <section class="panel-section" aria-labelledby="verify-title">
      <h3 id="verify-title">Verification</h3>
      <p class="muted small">Someone other than the owner reviews the evidence: accepting closes the action, rejecting sends it back to work.</p>
      <form class="panel-form" onSubmit={(e) => (e.preventDefault(), submit("accepted"))} noValidate>
        <Field id="verify-by" label="Verifier" error={error}>
          <select id="verify-by" value={verifier} onChange={(e) => (setVerifier(e.currentTarget.value), setError(undefined))} aria-describedby={describedBy("verify-by", error, false)}>
            <option value="">Choose who verified…</option>
            {people.status === "ready" &&
              people.data.map((p) => (
                <option key={p.id} value={String(p.id)}>
                  {p.name}
                  {detail.owner?.id === p.id ? " (owner)" : ""}
                </option>
              ))}
          </select>
        </Field>
        <Field id="verify-evidence" label="Evidence reviewed">
          <input id="verify-evidence" type="text" value={evidence} onInput={(e) => (setEvidence(e.currentTarget.value), setError(undefined))} />
        </Field>
        <Field id="verify-reason" label="Reason, if rejected">
          <input id="verify-reason" type="text" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </Field>
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy}>
            Accept and close
          </button>
          <button type="button" class="button" disabled={busy} onClick={() => submit("rejected")}>
            Reject
          </button>
        </div>
      </form>
    </section>
  );
}

function EscalateForm({ detail, onChanged }: { detail: ActionDetail; onChanged: () => void }) {
  const [path] = useAsync(escalationPath, []);
  const [note, setNote] = useState("");
  const [busy, run] = useChange(onChanged);
  const due = detail.overdue || detail.stalled;
  const next = path.status === "ready" ? path.data.find((l) => l.level === detail.escalationLevel + 1) : undefined;
  const to = next ? `${next.name}${next.person ? ` (${next.person.name})` : " (the owner's line manager)"}` : null;
  return (
    <section class="panel-section" aria-labelledby="escalate-title">
      <h3 id="escalate-title">Escalation</h3>
      {path.status === "ready" && path.data.length === 0 && <p class="muted small">The organisation has no escalation path yet: set its levels first.</p>}
      {path.status === "ready" && path.data.length > 0 && !next && <p class="muted small">Already at the last level of the escalation path: decide on it at the next management review.</p>}
      {next && (
        <form class="panel-form" onSubmit={(e) => (e.preventDefault(), void run(() => actionEscalate(detail.reference, note.trim() || undefined, !due), `Escalated to ${next.name}`))} noValidate>
          <p class="small">
            Next level: <strong>{to}</strong>. {due ? (detail.overdue ? "The action is overdue." : "The action has stalled.") : "It is neither overdue nor stalled: say why it goes up now."}
          </p>
          <Field id="escalate-note" label={due ? "Note (optional)" : "Why escalate now"}>
            <input id="escalate-note" type="text" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </Field>
          <div class="form-actions">
            <button type="submit" class="button" disabled={busy}>
              Escalate
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function ReviseDateForm({ detail, onChanged }: { detail: ActionDetail; onChanged: () => void }) {
  const [date, setDate] = useState("");
  const [reason, setReason] = useState("");
  const [busy, run] = useChange(onChanged);
  return (
    <section class="panel-section" aria-labelledby="revise-title">
      <h3 id="revise-title">Revise the target date</h3>
      <form class="panel-form" onSubmit={(e) => (e.preventDefault(), void run(() => actionReviseDate(detail.reference, date, reason.trim()), "Target date revised").then((ok) => ok && (setDate(""), setReason(""))))} noValidate>
        <div class="field-row">
          <Field id="revise-date" label="New target date">
            <input id="revise-date" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
          </Field>
          <Field id="revise-reason" label="Reason">
            <input id="revise-reason" type="text" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </Field>
        </div>
        <p class="muted small">The original date ({detail.originalTargetOn ? formatDate(detail.originalTargetOn) : "none"}) is kept with every revision.</p>
        <div class="form-actions">
          <button type="submit" class="button" disabled={busy || !date}>
            Revise
          </button>
        </div>
      </form>
    </section>
  );
}
