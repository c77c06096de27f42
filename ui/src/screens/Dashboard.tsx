// "What do I have to do next?" at a glance.
import { dashboard, type Dashboard as DashboardData, type Milestone, type MilestoneKind, type RegisterFigures } from "../lib/ipc";
import { useEffect } from "preact/hooks";
import { useAsync } from "../lib/useAsync";
import { askDailyBackup } from "../lib/dailyBackup";
import { now } from "../lib/clock";
import { daysBetween, formatDate, formatDateTime, formatMeetingTime, formatNumber, formatPercent, parseDate, relativeDays, relativeTime, wallDate } from "../lib/format";
import { focusSection, navigate } from "../lib/router";
import { useCommands } from "../lib/commands";
import { PageHeader } from "../components/PageHeader";
import { EmptyState } from "../components/EmptyState";
import { LoadError } from "../components/LoadError";
import { Icon } from "../components/Icon";
import { IdentityWarning } from "../components/IdentityWarning";
import { ReviewStatusChip } from "../components/StatusChip";
import { RemindersCard } from "../components/Reminders";
import { openRegister, type ActionView } from "./Actions";
import { openReviewTab } from "./ReviewWorkspace";

const MILESTONE: Record<MilestoneKind, string> = {
  collect_inputs: "Collect inputs",
  send_invitations: "Send invitations",
  circulate_pack: "Circulate pack",
  meeting: "Meeting",
};

/** `section`: the route's rest (#/dashboard/reminders opens at the reminders card). */
export function Dashboard({ section = null }: { section?: string | null }) {
  const [state, reload] = useAsync(dashboard);
  useCommands("dashboard", [{ id: "dashboard-refresh", title: "Refresh the dashboard", group: "Actions", run: reload }], [reload]);
  // The day's automatic backup once the dashboard is painted with its data (lib/dailyBackup).
  useEffect(() => {
    if (state.status === "ready") askDailyBackup();
  }, [state.status]);
  useEffect(() => {
    if (state.status !== "ready" || !section) return;
    // After the window has moved the focus to the new screen's title.
    const timer = setTimeout(() => focusSection(`${section}-title`), 0);
    return () => clearTimeout(timer);
  }, [section, state.status]);
  const today = now();
  return (
    <div class="page">
      <PageHeader title="Dashboard" subtitle={formatDate(today, undefined)} />
      <IdentityWarning id="dashboard-identity-warning" link />
      {state.status === "loading" && <div class="loading" aria-busy="true">Loading…</div>}
      {state.status === "error" && <LoadError what="The dashboard" onRetry={reload} />}
      {state.status === "ready" && <DashboardBody data={state.data} />}
    </div>
  );
}

function isFirstTime(d: DashboardData): boolean {
  return !d.nextReview && d.register.open === 0 && d.register.overdue === 0 && d.recentActivity.length === 0;
}

function DashboardBody({ data }: { data: DashboardData }) {
  const today = now();
  if (isFirstTime(data)) {
    return (
      <EmptyState
        icon="calendar"
        title="Plan this year's management reviews"
        actions={
          <button type="button" class="button primary" onClick={() => navigate("calendar")}>
            Plan the year
          </button>
        }
      >
        <p>ISO 27001 clause 9.3 asks top management to review the ISMS at planned intervals. Start by putting this year's reviews in the calendar: Quorum then adds the preparation milestones (inputs, invitations two weeks ahead, the pack five working days ahead) and shows here what is due next.</p>
      </EmptyState>
    );
  }
  const review = data.nextReview;
  return (
    <div class="dashboard-grid">
      <section class="card next-review" aria-labelledby="next-title">
        {review ? (
          <>
            <div class="next-head">
              <div>
                <p class="eyebrow">Next review · {review.reference}</p>
                <h2 id="next-title">{review.title}</h2>
                <p class="next-meta">
                  <span class="muted num">{formatMeetingTime(review.startsAt, review.timeZone)}</span>
                  <ReviewStatusChip status={review.status} />
                </p>
              </div>
              <Countdown days={daysBetween(today, parseDate(wallDate(review.startsAt)))} />
            </div>
            <NextStep milestones={review.milestones} />
            <ol class="milestones" aria-label="Preparation milestones">
              {review.milestones.map((m) => {
                const late = !m.done && daysBetween(today, parseDate(m.date)) < 0;
                return (
                  <li key={m.kind} class={m.done ? "done" : late ? "late" : "todo"}>
                    <span class="milestone-dot">
                      <Icon name={m.done ? "check" : late ? "overdue" : "circle"} size={12} />
                    </span>
                    <span class="milestone-date num">{formatDate(m.date)}</span>
                    <span class="milestone-label">{MILESTONE[m.kind]}</span>
                    <span class="milestone-rel">{m.done ? "Done" : late ? `Late, was ${relativeDays(m.date, today)}` : relativeDays(m.date, today)}</span>
                  </li>
                );
              })}
            </ol>
          </>
        ) : (
          <div class="next-none">
            <h2 id="next-title">No review planned</h2>
            <p class="muted">Plan the next management review so its milestones show up here.</p>
            <button type="button" class="button" onClick={() => navigate("calendar")}>
              Plan a review
            </button>
          </div>
        )}
      </section>

      <RemindersCard />

      <section class="card" aria-labelledby="register-title">
        <div class="card-head">
          <h2 id="register-title">Action register</h2>
          <a href="#/actions" class="link">
            View all
          </a>
        </div>
        <RegisterChart figures={data.register} />
        <dl class="figure-row">
          <div>
            <dt>Closed on time</dt>
            {data.register.onTimeShare === null ? (
              <dd class="num muted" aria-label="Not measured yet" title="Not measured yet">
                —
              </dd>
            ) : (
              <dd class="num">
                <a href="#/actions" id="figure-on-time" class="figure-link" title="Open the closed actions" onClick={(e) => (e.preventDefault(), openRegister({ status: "closed" }))}>
                  {formatPercent(data.register.onTimeShare)}
                </a>
              </dd>
            )}
          </div>
        </dl>
        <p class="muted small">
          {data.register.onTimeShare === null
            ? "Of the closed actions, the share closed by their target date: shown once the first action is closed. Open and overdue actions are not counted here."
            : "Of the closed actions only, the share closed by their target date; open and overdue actions are counted above."}
        </p>
      </section>

      <section class="card" aria-labelledby="readiness-title">
        <div class="card-head">
          <h2 id="readiness-title">Audit readiness</h2>
        </div>
        {data.readiness && review ? (
          <>
            <dl class="figures">
              <div class={data.readiness.nonconformities ? "figure-bad" : undefined}>
                <dt>Nonconformities</dt>
                <dd class="num">
                  <a href={`#/reviews/${review.reference}`} id="figure-nonconformities" class="figure-link" title={`Open the readiness check of ${review.reference}`} onClick={(e) => (e.preventDefault(), openReviewTab(review.reference, "readiness"))}>
                    {formatNumber(data.readiness.nonconformities)}
                  </a>
                </dd>
              </div>
              <div>
                <dt>Observations</dt>
                <dd class="num">
                  <a href={`#/reviews/${review.reference}`} class="figure-link" title={`Open the readiness check of ${review.reference}`} onClick={(e) => (e.preventDefault(), openReviewTab(review.reference, "readiness"))}>
                    {formatNumber(data.readiness.observations)}
                  </a>
                </dd>
              </div>
              <div>
                <dt>To prepare</dt>
                <dd class="num">
                  <a href={`#/reviews/${review.reference}`} class="figure-link" title={`Open the readiness check of ${review.reference}`} onClick={(e) => (e.preventDefault(), openReviewTab(review.reference, "readiness"))}>
                    {formatNumber(data.readiness.preparation)}
                  </a>
                </dd>
              </div>
            </dl>
            <p class="muted small">Found by the readiness check on {review.reference}'s records as they stand today: what an auditor would likely raise, and what is still to prepare before the meeting.</p>
          </>
        ) : (
          <div class="readiness-none">
            <p class="readiness-state">
              <Icon name="info" />
              <span>No review to check</span>
            </p>
            <p class="muted small">Once a review is planned, the readiness check reads its records as an auditor would (every 9.3.2 input, attendance, decisions and minutes) and counts what they would likely raise.</p>
          </div>
        )}
      </section>

      <section class="card activity" aria-labelledby="activity-title">
        <div class="card-head">
          <h2 id="activity-title">Recent activity</h2>
        </div>
        {data.recentActivity.length ? (
          <ul class="activity-list">
            {data.recentActivity.map((a, i) => (
              <li key={i}>
                <span class="avatar" aria-hidden="true">
                  {initials(a.person)}
                </span>
                <span class="activity-text">
                  <span class="activity-summary">{a.summary}</span>
                  <span class="muted small">{a.person}</span>
                </span>
                <time dateTime={a.at} title={formatDateTime(a.at)} class="muted">
                  {relativeTime(a.at, today)}
                </time>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted small">Nothing yet. Changes to reviews and actions appear here.</p>
        )}
      </section>
    </div>
  );
}

const WHY: Record<MilestoneKind, string> = {
  collect_inputs: "every 9.3.2 input, a to g, plus the SOC 2 inputs",
  send_invitations: "two weeks before the meeting",
  circulate_pack: "five working days before the meeting",
  meeting: "with top management present",
};

function NextStep({ milestones }: { milestones: Milestone[] }) {
  const next = milestones.find((m) => !m.done);
  if (!next) return null;
  const today = now();
  const late = daysBetween(today, parseDate(next.date)) < 0;
  return (
    <p class={`next-step${late ? " late" : ""}`}>
      <Icon name={late ? "overdue" : "info"} />
      <span>
        Next: <strong>{MILESTONE[next.kind].toLowerCase()}</strong> by {formatDate(next.date)} ({late ? `late, was ${relativeDays(next.date, today)}` : relativeDays(next.date, today)}), {WHY[next.kind]}.
      </span>
    </p>
  );
}

/** "create person 4" → "Create person 4". */
function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((p) => p[0])
    .slice(0, 2)
    .join("")
    .toUpperCase();
}

function Countdown({ days }: { days: number }) {
  const text = days === 0 ? "Today" : days === 1 ? "Tomorrow" : days > 0 ? formatNumber(days) : "Past";
  return (
    <div class="countdown" role="group" aria-label={days > 1 ? `In ${days} days` : text}>
      <span class="countdown-value num">{text}</span>
      {days > 1 && <span class="countdown-unit">days to go</span>}
    </div>
  );
}

export function RegisterChart({ figures }: { figures: RegisterFigures }) {
  const bars: { key: string; label: string; value: number; view: Partial<ActionView> }[] = [
    { key: "open", label: "Open", value: figures.open, view: { status: "active" } },
    { key: "overdue", label: "Overdue", value: figures.overdue, view: { status: "active", due: "overdue" } },
    { key: "escalated", label: "Escalated", value: figures.escalated, view: { status: "active", due: "escalated" } },
  ];
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = 200;
  return (
    <div class="register-chart">
      <ul class="chart-labels">
        {bars.map((b) => (
          <li key={b.key}>
            <a href="#/actions" id={`figure-${b.key}`} class="figure-link" title={`Open the ${b.label.toLowerCase()} actions (${b.value})`} onClick={(e) => (e.preventDefault(), openRegister(b.view))}>
              {b.label}
            </a>
          </li>
        ))}
      </ul>
      <svg viewBox={`0 0 ${width} 72`} role="img" aria-label={`Actions: ${bars.map((b) => `${b.label.toLowerCase()} ${b.value}`).join(", ")}`} preserveAspectRatio="none">
        {bars.map((b, i) => (
          <g key={b.key}>
            <rect class="bar-track" x="0" y={i * 24 + 6} width={width} height="12" rx="2" />
            <rect class={`bar bar-${b.key}`} x="0" y={i * 24 + 6} width={Math.max(b.value ? 3 : 0, (b.value / max) * width)} height="12" rx="2" />
          </g>
        ))}
      </svg>
      <ul class="chart-values num" aria-hidden="true">
        {bars.map((b) => (
          <li key={b.key}>{formatNumber(b.value)}</li>
        ))}
      </ul>
    </div>
  );
}
