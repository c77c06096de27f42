// The year planner: the year's reviews on their dates with their status, the ISMS lead's
// preparation milestones, open actions' target dates and the holidays, as twelve month
// cards; "Plan a year"; the lead's calendar (.ics) and the one-page planner (PDF); per
// review the invitation (.ics and .eml draft) and cancelling the meeting.
import { useMemo, useRef, useState } from "preact/hooks";
import {
  calendarExportIcs,
  calendarExportPlanner,
  calendarPlan,
  calendarYear,
  exportPathSuggest,
  fileOpen,
  reviewCancel,
  reviewInvitation,
  reviewWasInvited,
  type IssuedFiles,
  type PlanCadence,
  type PlanOutcome,
  type PlanRequest,
  type Weekday,
  type YearReview,
  type YearView,
} from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { now } from "../lib/clock";
import { formatNumber, formatWallTime, locale, wallInZone } from "../lib/format";
import { navigate } from "../lib/router";
import { useCommands } from "../lib/commands";
import { showError, showToast } from "../lib/toasts";
import { PageHeader } from "../components/PageHeader";
import { LoadError } from "../components/LoadError";
import { SidePanel } from "../components/SidePanel";
import { Icon } from "../components/Icon";
import { Field, describedBy } from "../components/Field";
import { TimeField } from "../components/TimeField";
import { checkTime, formatTimeInput } from "../lib/times";
import { isValidTimeZone } from "../lib/validation";
import { TimeZoneList } from "../components/TimeZoneList";
import { SaveFile, WrittenFile } from "../components/SaveFile";
import { REVIEW_STATUS_LABEL, ReviewStatusChip } from "../components/StatusChip";
import type { Status } from "../lib/ipc";

type Entry =
  | { kind: "review"; date: string; review: YearReview; time: string }
  | { kind: "milestone"; date: string; label: string; reference: string; note: string | null }
  | { kind: "action"; date: string; reference: string; description: string; owner: string | null; overdue: boolean }
  | { kind: "holiday"; date: string; name: string };

const MONTHS = Array.from({ length: 12 }, (_, m) => m);

function monthName(month: number, style: "long" | "short" = "long"): string {
  return new Intl.DateTimeFormat(locale(), { month: style, timeZone: "UTC" }).format(new Date(Date.UTC(2001, month, 1)));
}

function dayLabel(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Intl.DateTimeFormat(locale(), { weekday: "short", day: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Every dated thing of the view, by month of the year (0–11), in date order. */
export function entriesByMonth(view: YearView): Entry[][] {
  const months: Entry[][] = MONTHS.map(() => []);
  const put = (e: Entry) => {
    if (Number(e.date.slice(0, 4)) === view.year) months[Number(e.date.slice(5, 7)) - 1].push(e);
  };
  for (const r of view.reviews) {
    // The meeting in the organisation's time zone (its own zone is kept on the review).
    const local = wallInZone(r.startsAt, r.timeZone, view.timeZone);
    put({ kind: "review", date: local.slice(0, 10), review: r, time: local });
  }
  view.milestones.forEach((m) => put({ kind: "milestone", date: m.date, label: m.label, reference: m.reviewReference, note: m.note }));
  view.actions.forEach((a) => put({ kind: "action", date: a.due, reference: a.reference, description: a.description, owner: a.owner, overdue: a.overdue }));
  view.holidays.forEach((h) => put({ kind: "holiday", date: h.date, name: h.name }));
  const order = { holiday: 0, review: 1, milestone: 2, action: 3 };
  months.forEach((list) => list.sort((a, b) => a.date.localeCompare(b.date) || order[a.kind] - order[b.kind]));
  return months;
}

export function Calendar({ selectedRef }: { selectedRef: string | null }) {
  const [year, setYear] = useState(() => now().getFullYear());
  const [state, reload] = useAsync(() => calendarYear(year), [year]);
  const [panel, setPanel] = useState<"plan" | "export" | null>(null);
  const view = state.status === "ready" ? state.data : null;
  // The last year shown stays known while another loads (the plan panel stays open).
  const last = useRef<YearView | null>(null);
  if (view) last.current = view;
  const selected = last.current && selectedRef ? last.current.reviews.find((r) => r.reference === selectedRef) : undefined;
  const months = useMemo(() => (view ? entriesByMonth(view) : []), [view]);

  useCommands(
    "calendar",
    [
      { id: "calendar-plan", title: "Plan a year of reviews", group: "Actions", keywords: "calendar schedule cadence", run: () => setPanel("plan") },
      { id: "calendar-export", title: "Export the calendar (.ics) or the year planner (PDF)", group: "Actions", keywords: "ics pdf planner", run: () => setPanel("export") },
      { id: "calendar-next", title: "Show the next year", group: "Actions", run: () => setYear((y) => y + 1) },
      { id: "calendar-previous", title: "Show the previous year", group: "Actions", run: () => setYear((y) => y - 1) },
    ],
    [],
  );

  const counts = view ? `${formatNumber(view.reviews.filter((r) => r.status !== "cancelled").length)} meetings · ${formatNumber(view.actions.length)} action due dates` : undefined;
  const close = () => navigate("calendar");

  return (
    <div class="page page-wide">
      <div class="page-main">
        <PageHeader title="Calendar" subtitle={view ? `The year's management reviews and the preparation they need. Times in ${view.timeZone}.` : "The year's management reviews and the preparation they need."}>
          <div class="year-switch" role="group" aria-label="Year shown">
            <button type="button" class="icon-button" aria-label="Previous year" title="Previous year" onClick={() => setYear(year - 1)}>
              <Icon name="chevronLeft" />
            </button>
            <span class="year-label num" aria-live="polite">
              {year}
            </span>
            <button type="button" class="icon-button" aria-label="Next year" title="Next year" onClick={() => setYear(year + 1)}>
              <Icon name="chevronRight" />
            </button>
          </div>
          <button type="button" class="button" onClick={() => setPanel("export")}>
            Export…
          </button>
          <button type="button" class="button primary" onClick={() => setPanel("plan")}>
            <Icon name="plus" /> Plan a year
          </button>
        </PageHeader>
        {counts && <p class="muted small calendar-summary">{counts}. <Legend /></p>}
        {state.status === "loading" && <div class="loading" aria-busy="true">Loading the calendar…</div>}
        {state.status === "error" && <LoadError what="The calendar" onRetry={reload} />}
        {view && (
          <>
            <div class="year-grid" aria-label={`Management reviews ${year}`}>
              {months.map((entries, m) => (
                <section class="month" key={m} aria-labelledby={`month-${m}`}>
                  <h2 id={`month-${m}`} class="month-name">
                    {monthName(m)}
                  </h2>
                  {entries.length === 0 ? (
                    <p class="muted small month-empty">Nothing planned</p>
                  ) : (
                    <ul class="month-entries">
                      {entries.map((e, i) => (
                        <li key={i} class={`entry entry-${e.kind}${e.kind === "action" && e.overdue ? " overdue" : ""}`}>
                          <EntryLine entry={e} selected={selectedRef} />
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              ))}
            </div>
            <p class="muted small">
              Public holidays come from the store and are kept out of every plan. <a href="#/settings" class="link">Edit the holidays in Settings</a>.
            </p>
          </>
        )}
      </div>
      {panel === "plan" && last.current && <PlanPanel view={last.current} year={year} onClose={() => setPanel(null)} onPlanned={(y) => (y === year ? reload() : setYear(y))} />}
      {panel === "export" && <ExportPanel year={year} onClose={() => setPanel(null)} />}
      {!panel && selected && last.current && <ReviewPanel key={selected.reference} review={selected} orgZone={last.current.timeZone} onClose={close} onChanged={reload} />}
    </div>
  );
}

function Legend() {
  return (
    <span class="legend" id="calendar-legend" aria-hidden="true">
      <span class="dot dot-review" /> meeting <span class="dot dot-milestone" /> preparation milestone <span class="dot dot-action" /> action due <span class="dot dot-overdue" /> action overdue <span class="dot dot-holiday" /> holiday
    </span>
  );
}

function EntryLine({ entry: e, selected }: { entry: Entry; selected: string | null }) {
  const day = <span class="entry-day num">{dayLabel(e.date)}</span>;
  switch (e.kind) {
    case "review":
      return (
        <a
          href={`#/calendar/${encodeURIComponent(e.review.reference)}`}
          class={`entry-review${e.review.status === "cancelled" ? " cancelled" : ""}`}
          aria-current={selected === e.review.reference ? "true" : undefined}
          aria-label={`${e.review.reference} ${e.review.title}, ${formatWallTime(e.time)}, ${REVIEW_STATUS_LABEL[e.review.status as Status] ?? e.review.status}`}
        >
          {day}
          <span class="entry-text">
            <span class="entry-title">
              <span class="mono">{e.review.reference}</span> {formatTimeInput(e.time.slice(11, 16))}
            </span>
            <ReviewStatusChip status={e.review.status as Status} />
          </span>
        </a>
      );
    case "milestone":
      return (
        <span class="entry-line" title={e.note ?? undefined}>
          {day}
          <span class="entry-text">
            {e.label} <span class="mono muted">{e.reference}</span>
          </span>
        </span>
      );
    case "action":
      return (
        <a href={`#/actions/${encodeURIComponent(e.reference)}`} class="entry-line" title={e.description}>
          {day}
          <span class="entry-text">
            <span class="mono">{e.reference}</span> due{e.overdue && <span class="late"> (overdue)</span>}
            {e.owner && <span class="muted"> · {e.owner}</span>}
          </span>
        </a>
      );
    case "holiday":
      return (
        <span class="entry-line muted">
          {day}
          <span class="entry-text">{e.name}</span>
        </span>
      );
  }
}

const WEEKDAYS: [Weekday, string][] = [
  ["mon", "Monday"],
  ["tue", "Tuesday"],
  ["wed", "Wednesday"],
  ["thu", "Thursday"],
  ["fri", "Friday"],
];
const WEEKS: [number, string][] = [
  [1, "First"],
  [2, "Second"],
  [3, "Third"],
  [4, "Fourth"],
  [5, "Last"],
];
const CADENCES: [PlanCadence, string][] = [
  ["annual", "Annual (one review)"],
  ["half_yearly", "Half-yearly (two)"],
  ["quarterly", "Quarterly (four)"],
  ["months", "Chosen months"],
];

function PlanPanel({ view, year, onClose, onPlanned }: { view: YearView; year: number; onClose: () => void; onPlanned: (year: number) => void }) {
  const [form, setForm] = useState({ year: String(year + (view.reviews.some((r) => r.kind === "scheduled") ? 1 : 0)), cadence: "quarterly" as PlanCadence, firstMonth: "3", months: [3, 9] as number[], weekday: "tue" as Weekday, week: "2", time: "10:00", duration: "120", location: "", timeZone: view.timeZone });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<PlanOutcome | null>(null);
  const set = (patch: Partial<typeof form>) => (setForm({ ...form, ...patch }), setErrors({}));
  const submit = async (e: Event) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const y = Number(form.year);
    if (!Number.isInteger(y) || y < 2000 || y > 2999) problems.year = "Enter a year like 2027.";
    const time = checkTime(form.time, "Enter the start time.");
    if (time) problems.time = time;
    const duration = Number(form.duration);
    if (!Number.isInteger(duration) || duration < 15 || duration > 600) problems.duration = "Enter the length in minutes, 15 to 600.";
    if (form.cadence === "months" && form.months.length === 0) problems.months = "Choose at least one month.";
    if (!isValidTimeZone(form.timeZone.trim())) problems.timeZone = "Enter an IANA time zone, like Europe/London.";
    setErrors(problems);
    if (Object.keys(problems).length) return;
    const request: PlanRequest = {
      year: y,
      cadence: form.cadence,
      months: form.cadence === "months" ? form.months : undefined,
      firstMonth: Number(form.firstMonth),
      weekday: form.weekday,
      weekOfMonth: Number(form.week),
      time: form.time,
      durationMinutes: duration,
      location: form.location.trim() || undefined,
      timeZone: form.timeZone.trim(),
    };
    setBusy(true);
    try {
      const result = await calendarPlan(request);
      setOutcome(result);
      onPlanned(result.year);
      const created = result.reviews.filter((r) => r.change === "new").length;
      const moved = result.reviews.filter((r) => r.change === "moved").length;
      showToast({ tone: "success", title: `Planned ${result.year}`, message: `${created} new, ${moved} moved.` });
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <SidePanel title="Plan a year" subtitle="Calendar" onClose={onClose}>
      <form class="panel-form" onSubmit={submit} noValidate>
        <p class="muted small">Quorum puts one review in each slot on your chosen weekday, moved to the next working day if it falls on a weekend or holiday. Reviews not yet held are moved into the new slots, keeping their reference and invitees; nothing held is touched.</p>
        <div class="field-row">
          <Field id="plan-year" label="Year" error={errors.year}>
            <input id="plan-year" type="number" inputMode="numeric" value={form.year} onInput={(e) => set({ year: e.currentTarget.value })} aria-invalid={!!errors.year} aria-describedby={describedBy("plan-year", errors.year, false)} />
          </Field>
          <Field id="plan-cadence" label="Cadence">
            <select id="plan-cadence" value={form.cadence} onChange={(e) => set({ cadence: e.currentTarget.value as PlanCadence })}>
              {CADENCES.map(([v, t]) => (
                <option key={v} value={v}>
                  {t}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {form.cadence === "months" ? (
          <fieldset class="month-picks" aria-describedby={errors.months ? "plan-months-error" : undefined}>
            <legend>Months</legend>
            {MONTHS.map((m) => (
              <label key={m} class="checkbox">
                <input type="checkbox" checked={form.months.includes(m + 1)} onChange={(e) => set({ months: e.currentTarget.checked ? [...form.months, m + 1].sort((a, b) => a - b) : form.months.filter((x) => x !== m + 1) })} />
                {monthName(m, "short")}
              </label>
            ))}
            {errors.months && (
              <p class="field-error" id="plan-months-error">
                {errors.months}
              </p>
            )}
          </fieldset>
        ) : (
          <Field id="plan-first" label={form.cadence === "annual" ? "Month" : "First review in"}>
              <select id="plan-first" value={form.firstMonth} onChange={(e) => set({ firstMonth: e.currentTarget.value })}>
                {MONTHS.map((m) => (
                  <option key={m} value={String(m + 1)}>
                    {monthName(m)}
                  </option>
                ))}
              </select>
            </Field>
        )}
        <div class="field-row">
          <Field id="plan-week" label="Week of the month">
            <select id="plan-week" value={form.week} onChange={(e) => set({ week: e.currentTarget.value })}>
              {WEEKS.map(([v, t]) => (
                <option key={v} value={String(v)}>
                  {t}
                </option>
              ))}
            </select>
          </Field>
          <Field id="plan-weekday" label="Weekday">
            <select id="plan-weekday" value={form.weekday} onChange={(e) => set({ weekday: e.currentTarget.value as Weekday })}>
              {WEEKDAYS.map(([v, t]) => (
                <option key={v} value={v}>
                  {t}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div class="field-row">
          <Field id="plan-time" label="Start time" error={errors.time}>
            <TimeField id="plan-time" value={form.time} onChange={(time) => set({ time })} invalid={!!errors.time} describedBy={describedBy("plan-time", errors.time, false)} />
          </Field>
          <Field id="plan-duration" label="Length (minutes)" error={errors.duration}>
            <input id="plan-duration" type="number" inputMode="numeric" min={15} max={600} step={15} value={form.duration} onInput={(e) => set({ duration: e.currentTarget.value })} aria-invalid={!!errors.duration} aria-describedby={describedBy("plan-duration", errors.duration, false)} />
          </Field>
        </div>
        <Field id="plan-location" label="Room or video link" hint="Leave empty to keep the place a planned review already has.">
          <input id="plan-location" type="text" value={form.location} onInput={(e) => set({ location: e.currentTarget.value })} aria-describedby="plan-location-hint" />
        </Field>
        <Field id="plan-zone" label="Time zone" hint="The organisation's by default." error={errors.timeZone}>
          <input id="plan-zone" type="text" list="plan-zones" autocomplete="off" value={form.timeZone} onInput={(e) => set({ timeZone: e.currentTarget.value })} aria-invalid={!!errors.timeZone} aria-describedby={describedBy("plan-zone", errors.timeZone)} />
          <TimeZoneList id="plan-zones" />
        </Field>
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? "Planning…" : "Plan the year"}
          </button>
        </div>
      </form>
      {outcome && <PlanResult outcome={outcome} />}
    </SidePanel>
  );
}

const CHANGE_LABEL: Record<string, string> = { new: "Created", moved: "Moved", unchanged: "Unchanged" };

function PlanResult({ outcome }: { outcome: PlanOutcome }) {
  return (
    <section class="panel-section" aria-labelledby="plan-result" role="status">
      <h3 id="plan-result">Plan for {outcome.year}</h3>
      {outcome.reviews.length === 0 && <p class="muted">Every month of this cadence already had its meeting: nothing to plan.</p>}
      <ul class="panel-list plan-result">
        {outcome.reviews.map((r) => (
          <li key={r.reference}>
            <a href={`#/calendar/${encodeURIComponent(r.reference)}`} class="mono">
              {r.reference}
            </a>{" "}
            <strong>{CHANGE_LABEL[r.change] ?? r.change}</strong> · {formatWallTime(r.startsAt)}
            {r.movedFrom && <span class="muted"> (was {formatWallTime(r.movedFrom)})</span>}
            {r.notes.map((n) => (
              <p key={n} class="muted small">
                {n}
              </p>
            ))}
          </li>
        ))}
      </ul>
      {outcome.unplanned.length > 0 && (
        <p class="banner banner-info">
          <Icon name="info" />
          <span>{outcome.unplanned.join(", ")} had no slot in this plan and were left as they are: cancel them from the calendar, or keep them.</span>
        </p>
      )}
    </section>
  );
}

function ExportPanel({ year, onClose }: { year: number; onClose: () => void }) {
  return (
    <SidePanel title={`Export ${year}`} subtitle="Calendar" onClose={onClose}>
      <section class="panel-section" aria-labelledby="export-ics">
        <h3 id="export-ics">Your calendar (.ics)</h3>
        <p class="muted small">The meetings, your preparation milestones and open actions' due dates, to import into your own calendar program. Attendees get their invitations per review.</p>
        <SaveFile id="export-ics-path" label="Save the calendar to" fileName={`Management reviews ${year}.ics`} action="Save the calendar" save={(path) => calendarExportIcs(year, path)} />
      </section>
      <section class="panel-section" aria-labelledby="export-pdf">
        <h3 id="export-pdf">Year planner (PDF)</h3>
        <p class="muted small">One page to circulate at the start of the year: a row per month with the meetings and milestones.</p>
        <SaveFile id="export-pdf-path" label="Save the planner to" fileName={`Management review planner ${year}.pdf`} action="Save the planner" busyLabel="Laying out…" save={(path) => calendarExportPlanner(year, path)} />
      </section>
    </SidePanel>
  );
}

const CANCELLABLE = ["planned", "invitations_sent", "pack_circulated"];

function ReviewPanel({ review, orgZone, onClose, onChanged }: { review: YearReview; orgZone: string; onClose: () => void; onChanged: () => void }) {
  const local = wallInZone(review.startsAt, review.timeZone, orgZone);
  return (
    <SidePanel title={review.title} subtitle={review.reference} onClose={onClose}>
      <ReviewStatusChip status={review.status as Status} />
      <dl class="details">
        <dt>When</dt>
        <dd>
          {formatWallTime(local)} ({orgZone}), {formatNumber(review.durationMinutes)} minutes
          {review.timeZone !== orgZone && <span class="muted small"> · {formatWallTime(review.startsAt)} in {review.timeZone}</span>}
        </dd>
        <dt>Where</dt>
        <dd>{review.location ?? <span class="none">No place yet</span>}</dd>
        {review.cancelledReason && (
          <>
            <dt>Cancelled</dt>
            <dd>{review.cancelledReason}</dd>
          </>
        )}
      </dl>
      <p>
        <a href={`#/reviews/${encodeURIComponent(review.reference)}`} class="link">
          Open the review's workspace
        </a>{" "}
        <span class="muted small">(invitees, agenda, inputs)</span>
      </p>
      {review.status !== "cancelled" && <Invitation review={review} onChanged={onChanged} />}
      {(CANCELLABLE.includes(review.status) || review.status === "cancelled") && <CancelMeeting review={review} onChanged={onChanged} />}
    </SidePanel>
  );
}

function Invitation({ review, onChanged }: { review: YearReview; onChanged: () => void }) {
  const [issued, setIssued] = useState<IssuedFiles | null>(null);
  const [paths, setPaths] = useState<{ ics: string; eml: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    const [ics, eml] = await Promise.all([exportPathSuggest(`${review.reference} invitation.ics`), exportPathSuggest(`${review.reference} invitation.eml`)]);
    setPaths({ ics, eml });
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!paths) return;
    setBusy(true);
    try {
      const result = await reviewInvitation(review.reference, paths.ics.trim(), paths.eml.trim());
      setIssued(result);
      onChanged();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel-section" aria-labelledby="invitation-title">
      <h3 id="invitation-title">Invitation</h3>
      <p class="muted small">A calendar invitation (.ics) for the invitees and an email draft (.eml) with it attached, sent from your own mail program. Sending it again after a change updates the attendees' calendars.</p>
      {!paths ? (
        <button type="button" class="button" onClick={() => load().catch(showError)}>
          <Icon name="mail" /> Prepare the invitation…
        </button>
      ) : (
        <form class="panel-form" onSubmit={submit} noValidate>
          <Field id="invite-ics" label="Save the .ics to">
            <input id="invite-ics" type="text" spellcheck={false} value={paths.ics} onInput={(e) => setPaths({ ...paths, ics: e.currentTarget.value })} />
          </Field>
          <Field id="invite-eml" label="Save the email draft (.eml) to">
            <input id="invite-eml" type="text" spellcheck={false} value={paths.eml} onInput={(e) => setPaths({ ...paths, eml: e.currentTarget.value })} />
          </Field>
          <div class="form-actions">
            <button type="submit" class="button primary" disabled={busy}>
              {busy ? "Saving…" : "Save the invitation"}
            </button>
          </div>
        </form>
      )}
      {issued && (
        <div class="issued" role="status">
          <p>
            Invitation {issued.sequence > 0 ? `update ${issued.sequence}` : ""} for {formatNumber(issued.attendees.length)} attendee{issued.attendees.length === 1 ? "" : "s"}; the review is now {REVIEW_STATUS_LABEL[issued.status] ?? issued.status}.
          </p>
          <WrittenFile path={issued.icsPath} />
          <WrittenFile path={issued.emlPath} />
          <button type="button" class="button primary" onClick={() => fileOpen(issued.emlPath).catch(showError)}>
            <Icon name="mail" /> Open in mail program
          </button>
        </div>
      )}
    </section>
  );
}

function CancelMeeting({ review, onChanged }: { review: YearReview; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [invited, setInvited] = useState<boolean | null>(null);
  const [paths, setPaths] = useState({ ics: "", eml: "" });
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<IssuedFiles | null>(null);
  const start = async () => {
    setOpen(true);
    try {
      const was = await reviewWasInvited(review.reference);
      setInvited(was);
      if (was) {
            const [ics, eml] = await Promise.all([exportPathSuggest(`${review.reference} cancellation.ics`), exportPathSuggest(`${review.reference} cancellation.eml`)]);
        setPaths({ ics, eml });
      }
    } catch (err) {
      showError(err);
    }
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError("Say why the meeting is cancelled: it is kept with the review.");
      return;
    }
    setBusy(true);
    try {
      const result = await reviewCancel({ reference: review.reference, reason: reason.trim(), ...(invited ? { icsPath: paths.ics.trim(), emlPath: paths.eml.trim() } : {}) });
      setNotice(result.notice);
      showToast({ tone: "success", title: `${review.reference} cancelled`, message: result.notice ? "Send the cancellation so the meeting leaves the attendees' calendars." : "Nobody had been invited yet." });
      onChanged();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  if (review.status === "cancelled" && !notice) return null;
  if (notice)
    return (
      <section class="panel-section" role="status">
        <h3>Cancellation</h3>
        <WrittenFile path={notice.icsPath} />
        <WrittenFile path={notice.emlPath} />
        <button type="button" class="button primary" onClick={() => fileOpen(notice.emlPath).catch(showError)}>
          <Icon name="mail" /> Open in mail program
        </button>
      </section>
    );
  return (
    <section class="panel-section" aria-labelledby="cancel-title">
      <h3 id="cancel-title">Cancel the meeting</h3>
      {!open ? (
        <button type="button" class="button danger" onClick={start}>
          Cancel this meeting…
        </button>
      ) : (
        <form class="panel-form" onSubmit={submit} noValidate>
          <Field id="cancel-reason" label="Reason" error={error}>
            <input id="cancel-reason" type="text" value={reason} onInput={(e) => (setReason(e.currentTarget.value), setError(undefined))} aria-invalid={!!error} aria-describedby={describedBy("cancel-reason", error, false)} />
          </Field>
          {invited && (
            <>
              <p class="muted small">Invitations went out, so Quorum writes a cancellation (METHOD:CANCEL) for the attendees.</p>
              <Field id="cancel-ics" label="Save the cancellation .ics to">
                <input id="cancel-ics" type="text" spellcheck={false} value={paths.ics} onInput={(e) => setPaths({ ...paths, ics: e.currentTarget.value })} />
              </Field>
              <Field id="cancel-eml" label="Save the email draft (.eml) to">
                <input id="cancel-eml" type="text" spellcheck={false} value={paths.eml} onInput={(e) => setPaths({ ...paths, eml: e.currentTarget.value })} />
              </Field>
            </>
          )}
          <div class="form-actions">
            <button type="submit" class="button danger" disabled={busy || invited === null}>
              {busy ? "Cancelling…" : "Cancel the meeting"}
            </button>
            <button type="button" class="button ghost" onClick={() => setOpen(false)}>
              Keep it
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
