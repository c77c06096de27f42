import { useState } from "preact/hooks";
import { actionsList, reviewsList, type ReviewScope, type ReviewSummary } from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { formatMeetingTime, formatWallTime } from "../lib/format";
import { loadSession, saveSession } from "../lib/storage";
import { navigate } from "../lib/router";
import { useCommands } from "../lib/commands";
import { DataTable, type Column, type SortState } from "../components/DataTable";
import { ActionChips, REVIEW_STATUS_LABEL, ReviewStatusChip } from "../components/StatusChip";
import { SidePanel } from "../components/SidePanel";
import { PageHeader } from "../components/PageHeader";
import { EmptyState } from "../components/EmptyState";
import { LoadError } from "../components/LoadError";

export const SCOPE_LABEL: Record<ReviewScope, string> = { iso27001: "ISO 27001", soc2: "SOC 2", both: "ISO 27001 and SOC 2" };
const STATUS_RANK = Object.fromEntries(Object.keys(REVIEW_STATUS_LABEL).map((k, i) => [k, i])) as Record<string, number>;

const COLUMNS: Column<ReviewSummary>[] = [
  { id: "reference", header: "Reference", width: "8.5rem", cell: (r) => <span class="mono">{r.reference}</span>, sortValue: (r) => r.reference },
  {
    id: "title",
    header: "Review and scope",
    cell: (r) => (
      <span class="two-line">
        <span class="truncate">{r.title}</span>
        <span class="truncate muted small">{SCOPE_LABEL[r.scope] ?? r.scope}</span>
      </span>
    ),
    sortValue: (r) => r.title,
  },
  { id: "kind", header: "Kind", width: "6.5rem", cell: (r) => (r.kind === "ad_hoc" ? "Ad hoc" : "Scheduled"), sortValue: (r) => r.kind },
  {
    id: "startsAt",
    header: "Meeting (local time)",
    width: "14rem",
    cell: (r) => (
      <span class="two-line" title={formatMeetingTime(r.startsAt, r.timeZone)}>
        <span class="num">{formatWallTime(r.startsAt)}</span>
        <span class="truncate muted small">{r.timeZone}</span>
      </span>
    ),
    sortValue: (r) => r.startsAt,
  },
  { id: "status", header: "Status", width: "10.5rem", cell: (r) => <ReviewStatusChip status={r.status} />, sortValue: (r) => STATUS_RANK[r.status] ?? null },
];

const KIND_LABEL = { scheduled: "Scheduled (planned interval)", ad_hoc: "Ad hoc (after a trigger)" } as const;

export function Reviews({ selectedRef }: { selectedRef: string | null }) {
  const [state, reload] = useAsync(reviewsList);
  const reviews = state.status === "ready" ? state.data : [];
  const selected = selectedRef ? reviews.find((r) => r.reference === selectedRef) : undefined;
  useCommands(
    "reviews",
    [
      { id: "reviews-refresh", title: "Refresh the reviews", group: "Actions", run: reload },
      ...reviews.map((r) => ({
        id: `review-${r.reference}`,
        title: `${r.reference} ${r.title}`,
        group: "Records" as const,
        keywords: "review",
        run: () => navigate("reviews", r.reference),
      })),
    ],
    [reviews, reload],
  );
  const [sort, setSort] = useState<SortState | null>(() => loadSession<{ sort: SortState | null }>("quorum.reviews.view", { sort: { column: "startsAt", direction: "desc" } }).sort);
  return (
    <div class="page page-wide">
      <PageHeader title="Reviews" subtitle="Scheduled reviews at planned intervals (clause 9.3.1) and ad hoc reviews after a trigger." />
      {state.status === "loading" && <div class="loading" aria-busy="true">Loading…</div>}
      {state.status === "error" && <LoadError what="The reviews" onRetry={reload} />}
      {state.status === "ready" && state.data.length === 0 && (
        <EmptyState icon="reviews" title="No reviews yet" actions={<button type="button" class="button primary" onClick={() => navigate("calendar")}>Plan the year</button>}>
          <p>A management review is the meeting where top management looks at the ISMS's results and decides what to change. Plan this year's reviews in the calendar; each one then appears here with its preparation steps.</p>
        </EmptyState>
      )}
      {state.status === "ready" && state.data.length > 0 && (
        <DataTable
          label="Management reviews"
          columns={COLUMNS}
          rows={state.data}
          rowKey={(r) => r.reference}
          sort={sort}
          onSortChange={(s) => {
            setSort(s);
            saveSession("quorum.reviews.view", { sort: s });
          }}
          onOpen={(r) => navigate("reviews", r.reference)}
          selectedKey={selected?.reference ?? null}
        />
      )}
      {selected && <ReviewDetail review={selected} onClose={() => navigate("reviews")} />}
    </div>
  );
}

function ReviewDetail({ review, onClose }: { review: ReviewSummary; onClose: () => void }) {
  const [actions] = useAsync(actionsList);
  const own = actions.status === "ready" ? actions.data.filter((a) => a.reviewReference === review.reference) : [];
  return (
    <SidePanel title={review.title} subtitle={review.reference} onClose={onClose}>
      <ReviewStatusChip status={review.status} />
      <dl class="details">
        <dt>Meeting</dt>
        <dd class="num">{formatMeetingTime(review.startsAt, review.timeZone)}</dd>
        <dt>Kind</dt>
        <dd>{KIND_LABEL[review.kind]}</dd>
        <dt>Scope</dt>
        <dd>{SCOPE_LABEL[review.scope] ?? review.scope}</dd>
      </dl>
      <section aria-labelledby="review-actions-title" class="panel-section">
        <h3 id="review-actions-title">Actions decided at this review</h3>
        {actions.status === "loading" && <p class="muted small">Loading…</p>}
        {actions.status === "ready" && own.length === 0 && <p class="muted small">No action recorded for this review.</p>}
        {own.length > 0 && (
          <ul class="panel-list">
            {own.map((a) => (
              <li key={a.id}>
                <a href={`#/actions/${a.id}`} class="mono">
                  {a.id}
                </a>
                <span class="truncate" title={a.description}>
                  {a.description}
                </span>
                <ActionChips action={a} compact />
              </li>
            ))}
          </ul>
        )}
      </section>
      <p class="muted small">The review workspace (attendance, agenda, the 9.3.2 inputs, minutes, decisions, readiness, approval and export) will open from here.</p>
    </SidePanel>
  );
}
