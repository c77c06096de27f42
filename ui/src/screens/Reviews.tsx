import { useState } from "preact/hooks";
import { reviewsList, type ReviewSummary } from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { formatDateTime } from "../lib/format";
import { loadSession, saveSession } from "../lib/storage";
import { navigate } from "../lib/router";
import { useCommands } from "../lib/commands";
import { DataTable, type Column, type SortState } from "../components/DataTable";
import { ReviewStatusLabel } from "../components/StatusChip";
import { PageHeader } from "../components/PageHeader";
import { EmptyState } from "../components/EmptyState";
import { Icon } from "../components/Icon";

const COLUMNS: Column<ReviewSummary>[] = [
  { id: "reference", header: "Reference", width: "8.5rem", cell: (r) => <span class="mono">{r.reference}</span>, sortValue: (r) => r.reference },
  {
    id: "title",
    header: "Review and scope",
    cell: (r) => (
      <span class="two-line">
        <span class="truncate">{r.title}</span>
        <span class="truncate muted small" title={r.scope}>
          {r.scope}
        </span>
      </span>
    ),
    sortValue: (r) => r.title,
  },
  { id: "kind", header: "Kind", width: "6.5rem", cell: (r) => (r.kind === "ad_hoc" ? "Ad hoc" : "Scheduled"), sortValue: (r) => r.kind },
  { id: "startsAt", header: "Meeting", width: "13rem", cell: (r) => <span class="num">{formatDateTime(r.startsAt)}</span>, sortValue: (r) => r.startsAt },
  { id: "status", header: "Status", width: "12rem", cell: (r) => <ReviewStatusLabel status={r.status} />, sortValue: (r) => r.status },
];

export function Reviews() {
  const [state, reload] = useAsync(reviewsList);
  const reviews = state.status === "ready" ? state.data : [];
  useCommands(
    "reviews",
    [
      { id: "reviews-refresh", title: "Refresh the reviews", group: "Actions", run: reload },
      ...reviews.map((r) => ({
        id: `review-${r.reference}`,
        title: `${r.reference} ${r.title}`,
        group: "Records" as const,
        keywords: "review",
        run: () => document.querySelector<HTMLElement>(`tr[data-key="${r.reference}"]`)?.focus(),
      })),
    ],
    [reviews, reload],
  );
  const [sort, setSort] = useState<SortState | null>(() => loadSession<{ sort: SortState | null }>("quorum.reviews.view", { sort: { column: "startsAt", direction: "desc" } }).sort);
  return (
    <div class="page page-wide">
      <PageHeader title="Reviews" subtitle="Scheduled reviews at planned intervals (clause 9.3.1) and ad hoc reviews after a trigger." />
      {state.status === "loading" && <div class="loading" aria-busy="true">Loading…</div>}
      {state.status === "error" && (
        <div class="banner banner-error" role="alert">
          <Icon name="alert" />
          <p>The reviews could not be loaded.</p>
          <button type="button" class="button small" onClick={reload}>
            Try again
          </button>
        </div>
      )}
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
        />
      )}
    </div>
  );
}
