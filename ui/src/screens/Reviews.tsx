import { useEffect, useState } from "preact/hooks";
import { reviewsList, type Review } from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { formatMeetingTime, formatWallTime } from "../lib/format";
import { showToast } from "../lib/toasts";
import { SCOPE_LABEL } from "../lib/labels";
import { loadSession, saveSession } from "../lib/storage";
import { navigate } from "../lib/router";
import { useCommands } from "../lib/commands";
import { DataTable, type Column, type SortState } from "../components/DataTable";
import { REVIEW_STATUS_LABEL, ReviewStatusChip } from "../components/StatusChip";
import { PageHeader } from "../components/PageHeader";
import { EmptyState } from "../components/EmptyState";
import { LoadError } from "../components/LoadError";
import { NewReview } from "./NewReview";
import { ReviewWorkspace } from "./ReviewWorkspace";

const STATUS_RANK = Object.fromEntries(Object.keys(REVIEW_STATUS_LABEL).map((k, i) => [k, i])) as Record<string, number>;

const COLUMNS: Column<Review>[] = [
  { id: "reference", header: "Reference", width: "8.5rem", cell: (r) => <span class="mono">{r.reference}</span>, sortValue: (r) => r.reference },
  {
    id: "title",
    header: "Review and scope",
    cell: (r) => (
      <span class="two-line">
        <span class="truncate" title={r.title}>{r.title}</span>
        <span class="truncate muted small" title={SCOPE_LABEL[r.scope] ?? r.scope}>{SCOPE_LABEL[r.scope] ?? r.scope}</span>
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
        <span class="truncate muted small" title={r.timeZone}>{r.timeZone}</span>
      </span>
    ),
    sortValue: (r) => r.startsAt,
  },
  { id: "status", header: "Status", width: "10.5rem", cell: (r) => <ReviewStatusChip status={r.status} />, sortValue: (r) => STATUS_RANK[r.status] ?? null },
];

/** The reviews list, or one review's workspace when the route names it (#/reviews/MR-2027-01). */
export function Reviews({ selectedRef }: { selectedRef: string | null }) {
  return selectedRef ? <ReviewWorkspace key={selectedRef} reference={selectedRef} /> : <ReviewList />;
}

function ReviewList() {
  const [state, reload] = useAsync(reviewsList);
  const [creating, setCreating] = useState(false);
  const reviews = state.status === "ready" ? state.data : [];
  // N opens the form, as the palette and the button's tooltip say.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key !== "n" || e.ctrlKey || e.metaKey || e.altKey || target?.closest("input, textarea, select, [role='dialog']")) return;
      e.preventDefault();
      setCreating(true);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  useCommands(
    "reviews",
    [
      { id: "reviews-new", title: "New review", group: "Actions", shortcut: "N", run: () => setCreating(true) },
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
      <PageHeader title="Reviews" subtitle="Scheduled reviews at planned intervals (clause 9.3.1) and ad hoc reviews after a trigger.">
        <button type="button" id="new-review" class="button primary" onClick={() => setCreating(true)} title="New review (N)" aria-keyshortcuts="N">
          New review
        </button>
      </PageHeader>
      {state.status === "loading" && <div class="loading" aria-busy="true">Loading…</div>}
      {state.status === "error" && <LoadError what="The reviews" onRetry={reload} />}
      {state.status === "ready" && state.data.length === 0 && (
        <EmptyState icon="reviews" title="No reviews yet" actions={<button type="button" class="button primary" onClick={() => navigate("calendar")}>Plan the year</button>}>
          <p>A management review is the meeting where top management looks at the ISMS's results and decides what to change. Create one with “New review”, or plan the year's reviews in the calendar; each one then appears here with its preparation steps.</p>
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
          selectedKey={null}
        />
      )}
      {creating && (
        <NewReview
          onClose={() => setCreating(false)}
          onCreated={(review) => {
            showToast({ tone: "success", title: "Review created", message: `${review.reference} ${review.title}` });
            navigate("reviews", review.reference);
          }}
        />
      )}
    </div>
  );
}
