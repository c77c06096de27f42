// The action register: dense, sortable, filterable; filters persist for the session.
import { useMemo, useState } from "preact/hooks";
import { actionsList, type Source, type ActionStatus, type ActionRow, type Priority } from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { now } from "../lib/clock";
import { daysBetween, duePhrase, formatDate, formatNumber, parseDate } from "../lib/format";
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
  status: ActionStatus | "all";
  /** "all", NO_OWNER, or an owner's name. */
  owner: string;
  priority: Priority | "none" | "all";
  due: "all" | "overdue" | "escalated" | "on_track";
  sort: SortState | null;
}

export const VIEW_KEY = "quorum.actions.view";
export const DEFAULT_VIEW: ActionView = { query: "", status: "all", owner: "all", priority: "all", due: "all", sort: { column: "targetDate", direction: "asc" } };

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

export function filterActions(actions: ActionRow[], view: ActionView): ActionRow[] {
  const words = view.query.toLowerCase().split(/\s+/).filter(Boolean);
  return actions.filter((a) => {
    if (view.status !== "all" && a.status !== view.status) return false;
    if (view.owner !== "all" && (a.owner ?? NO_OWNER) !== view.owner) return false;
    if (view.priority !== "all" && (a.priority ?? "none") !== view.priority) return false;
    if (view.due === "overdue" && !a.overdue) return false;
    if (view.due === "escalated" && !isEscalated(a)) return false;
    if (view.due === "on_track" && a.overdue) return false;
    // What the row shows, missing values as their words ("No owner"), never "null".
    const hay = [a.id, a.description, a.owner ?? NONE.owner, a.reviewReference, a.targetDate ? "" : NONE.targetDate, a.priority ? "" : NONE.priority]
      .filter(Boolean)
      .join(" ")
      .toLowerCase();
    return words.every((w) => hay.includes(w));
  });
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
  { id: "status", header: "Status", width: "13.5rem", cell: (a) => <ActionChips action={a} compact />, sortValue: (a) => (isEscalated(a) ? -2 : a.overdue ? -1 : STATUS_RANK[a.status]) },
];

export function Actions({ selectedId }: { selectedId: string | null }) {
  const [state, reload] = useAsync(actionsList);
  const [view, setViewState] = useState<ActionView>(() => loadSession(VIEW_KEY, DEFAULT_VIEW));
  const setView = (patch: Partial<ActionView>) => {
    setViewState((v) => {
      const next = { ...v, ...patch };
      saveSession(VIEW_KEY, next);
      return next;
    });
  };
  const actions = state.status === "ready" ? state.data : [];
  const owners = useMemo(() => [...new Set(actions.flatMap((a) => (a.owner ? [a.owner] : [])))].sort(), [actions]);
  const unowned = actions.some((a) => a.owner === null);
  const unprioritised = actions.some((a) => a.priority === null);
  const rows = useMemo(() => filterActions(actions, view), [actions, view]);
  const selected = selectedId ? actions.find((a) => a.id === selectedId) : undefined;
  const filtered = view.query || view.status !== "all" || view.owner !== "all" || view.priority !== "all" || view.due !== "all";
  const clear = () => setView({ query: "", status: "all", owner: "all", priority: "all", due: "all" });

  useCommands(
    "actions",
    [
      { id: "actions-search", title: "Search actions", group: "Actions", shortcut: "/", run: () => document.querySelector<HTMLInputElement>("[data-search]")?.focus() },
      { id: "actions-overdue", title: "Show overdue actions only", group: "Actions", keywords: "filter late", run: () => setView({ due: "overdue" }) },
      { id: "actions-escalated", title: "Show escalated actions only", group: "Actions", keywords: "filter escalation", run: () => setView({ due: "escalated" }) },
      { id: "actions-high", title: "Show high-priority actions only", group: "Actions", keywords: "filter priority", run: () => setView({ priority: "high" }) },
      { id: "actions-clear", title: "Clear action filters", group: "Actions", keywords: "reset filter", run: clear },
      { id: "actions-refresh", title: "Refresh the action register", group: "Actions", run: reload },
      ...actions.map((a) => ({ id: `open-${a.id}`, title: `${a.id} ${a.description}`, group: "Records" as const, keywords: a.owner ?? "", run: () => navigate("actions", a.id) })),
    ],
    [actions, reload],
  );

  const open = (a: ActionRow) => navigate("actions", a.id);

  const hasActions = state.status === "ready" && actions.length > 0;
  const counts = hasActions ? `${formatNumber(rows.length)} of ${formatNumber(actions.length)} actions` : undefined;

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
          <Select label="Status" value={view.status} onChange={(status) => setView({ status: status as ActionView["status"] })} options={[["all", "Any status"], ["open", "Open"], ["in_progress", "In progress"], ["completed", "Completed"], ["closed", "Closed"]]} />
          <Select label="Owner" value={view.owner} onChange={(owner) => setView({ owner })} options={[["all", "Any owner"], ...owners.map((o) => [o, o] as [string, string]), ...(unowned || view.owner === NO_OWNER ? [[NO_OWNER, NONE.owner] as [string, string]] : [])]} />
          <Select label="Priority" value={view.priority} onChange={(priority) => setView({ priority: priority as ActionView["priority"] })} options={[["all", "Any priority"], ["high", "High"], ["medium", "Medium"], ["low", "Low"], ...(unprioritised || view.priority === "none" ? [["none", NONE.priority] as [string, string]] : [])]} />
          <Select label="Due" value={view.due} onChange={(due) => setView({ due: due as ActionView["due"] })} options={[["all", "Overdue or not"], ["overdue", "Overdue only"], ["escalated", "Escalated only"], ["on_track", "Not overdue"]]} />
          {filtered && (
            <button type="button" class="button ghost small" onClick={clear}>
              Clear filters
            </button>
          )}
        </div>
        )}
        {state.status === "loading" && <div class="loading" aria-busy="true">Loading the register…</div>}
        {state.status === "error" && <LoadError what="The action register" onRetry={reload} />}
        {state.status === "ready" && actions.length === 0 && (
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
        {state.status === "ready" && actions.length > 0 && (
          <DataTable
            label="Action register"
            columns={COLUMNS}
            rows={rows}
            rowKey={(a) => a.id}
            sort={view.sort}
            onSortChange={(sort) => setView({ sort })}
            onOpen={open}
            selectedKey={selected?.id ?? null}
            empty={
              <p>
                No action matches these filters.{" "}
                <button type="button" class="button ghost small" onClick={clear}>
                  Clear filters
                </button>
              </p>
            }
          />
        )}
      </div>
      {selected && <ActionDetail action={selected} onClose={() => navigate("actions")} />}
    </div>
  );
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

function ActionDetail({ action, onClose }: { action: ActionRow; onClose: () => void }) {
  const today = now();
  return (
    <SidePanel title={action.description} subtitle={action.id} onClose={onClose}>
      <ActionChips action={action} short={false} />
      <dl class="details">
        <dt>Owner</dt>
        <dd>{action.owner ?? <None what="owner" />}</dd>
        <dt>Target date</dt>
        <dd>
          {action.targetDate ? (
            <>
              <span class="num">{formatDate(action.targetDate)}</span>
              {isActive(action) && <span class="muted"> · {duePhrase(action.targetDate, today)}</span>}
            </>
          ) : (
            <None what="targetDate" />
          )}
        </dd>
        <dt>Priority</dt>
        <dd>
          <PriorityLabel priority={action.priority} />
        </dd>
        <dt>Reason</dt>
        <dd>{SOURCE_LABEL[action.source] ?? action.source}</dd>
        <dt>From review</dt>
        <dd>
          {action.reviewReference ? (
            <a href={`#/reviews/${action.reviewReference}`} class="mono">
              {action.reviewReference}
            </a>
          ) : (
            <None what="review" />
          )}
        </dd>
        {action.escalationLevel !== null && (
          <>
            <dt>{isEscalated(action) ? "Escalated to" : "Was escalated to"}</dt>
            <dd>{escalationStep(action.escalationLevel).replace(/^s/, "S")}</dd>
          </>
        )}
      </dl>
      {action.status === "completed" && (
        <div class="banner banner-info">
          <Icon name="info" />
          <p>The owner marked this action completed. It is closed only once a verifier has reviewed the evidence.</p>
        </div>
      )}
      <p class="muted small">Progress notes, evidence, revised due dates and verification will be recorded here.</p>
    </SidePanel>
  );
}
