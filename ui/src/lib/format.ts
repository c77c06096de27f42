// Dates and numbers as the user's locale writes them, plus the relative phrases the
// register uses. "now" is always passed in, so tests are deterministic.
const DAY = 86_400_000;

export function locale(): string | undefined {
  const tag = typeof navigator !== "undefined" ? navigator.language : undefined;
  return usableLocale(tag);
}

/**
 * The tag if Intl accepts it. A desktop session with no locale set (LANG=C, common on
 * servers and in CI) makes WebKit report "C", which Intl rejects with a RangeError; the
 * runtime's default is used then.
 */
export function usableLocale(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0 ? tag : undefined;
  } catch {
    return undefined;
  }
}

/** Parses "YYYY-MM-DD" as a local calendar date (not UTC midnight). */
export function parseDate(value: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(value);
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Whole calendar days from `now` to `date` (negative when in the past). */
export function daysBetween(now: Date, date: Date): number {
  return Math.round((startOfDay(date) - startOfDay(now)) / DAY);
}

export function formatDate(value: string | Date, loc = locale()): string {
  const d = typeof value === "string" ? parseDate(value) : value;
  return new Intl.DateTimeFormat(loc, { day: "numeric", month: "short", year: "numeric" }).format(d);
}

export function formatDateTime(value: string | Date, loc = locale()): string {
  const d = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(loc, { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit" }).format(d);
}

export function formatNumber(n: number, loc = locale()): string {
  return new Intl.NumberFormat(loc).format(n);
}

export function formatPercent(share: number, loc = locale()): string {
  return new Intl.NumberFormat(loc, { style: "percent", maximumFractionDigits: 0 }).format(share);
}

function days(n: number, loc?: string): string {
  return `${formatNumber(n, loc)} ${n === 1 ? "day" : "days"}`;
}

/** "due today", "due tomorrow", "due in 3 days", "overdue by 12 days". */
export function duePhrase(targetDate: string, now: Date, loc = locale()): string {
  const n = daysBetween(now, parseDate(targetDate));
  if (n === 0) return "due today";
  if (n === 1) return "due tomorrow";
  if (n > 1) return `due in ${days(n, loc)}`;
  return `overdue by ${days(-n, loc)}`;
}

/** "today", "in 3 days", "2 days ago" (locale-aware). */
export function relativeDays(date: string | Date, now: Date, loc = locale()): string {
  const d = typeof date === "string" ? parseDate(date) : date;
  const n = daysBetween(now, d);
  return new Intl.RelativeTimeFormat(loc, { numeric: "auto" }).format(n, "day");
}

/** "5 minutes ago", "yesterday", … for activity feeds. */
export function relativeTime(value: string, now: Date, loc = locale()): string {
  const diff = new Date(value).getTime() - now.getTime();
  const rtf = new Intl.RelativeTimeFormat(loc, { numeric: "auto" });
  const abs = Math.abs(diff);
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), "minute");
  if (abs < DAY) return rtf.format(Math.round(diff / 3_600_000), "hour");
  return rtf.format(daysBetween(now, new Date(value)), "day");
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;

/** The calendar date ("YYYY-MM-DD") of a wall time "YYYY-MM-DDTHH:MM", for countdowns. */
export function wallDate(startsAt: string): string {
  return startsAt.slice(0, 10);
}

/**
 * A meeting's time as written in its own zone, e.g. "Tue 9 Mar 2027, 10:00": the wall
 * time is formatted as is (through UTC, so the browser's zone never shifts it).
 */
export function formatWallTime(startsAt: string, loc = locale()): string {
  const m = WALL.exec(startsAt);
  if (!m) return startsAt;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return new Intl.DateTimeFormat(loc, { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }).format(date);
}

/** "Tue 9 Mar 2027, 10:00 (Europe/London)". */
export function formatMeetingTime(startsAt: string, timeZone: string, loc = locale()): string {
  return `${formatWallTime(startsAt, loc)} (${timeZone})`;
}

/** Minutes `zone` is ahead of UTC at the instant `utcMs`. */
function zoneOffsetMinutes(utcMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"));
  return Math.round((asUtc - utcMs) / 60_000);
}

/**
 * A meeting's wall time "YYYY-MM-DDTHH:MM" in `from` as the wall time in `to` (the
 * organisation's zone), so every meeting is shown on one clock. Unchanged when the zones
 * are the same or unknown.
 */
export function wallInZone(startsAt: string, from: string, to: string): string {
  const m = WALL.exec(startsAt);
  if (!m || from === to) return startsAt.slice(0, 16);
  try {
    const [y, mo, d, h, mi] = m.slice(1).map(Number);
    const guess = Date.UTC(y, mo - 1, d, h, mi);
    let instant = guess - zoneOffsetMinutes(guess, from) * 60_000;
    instant = guess - zoneOffsetMinutes(instant, from) * 60_000;
    const local = new Date(instant + zoneOffsetMinutes(instant, to) * 60_000);
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  } catch {
    return startsAt.slice(0, 16);
  }
}

/** The instant (ms since the epoch) a meeting starts: its wall time in its own zone. */
export function meetingInstant(startsAt: string, timeZone: string): number {
  return Date.parse(`${wallInZone(startsAt, timeZone, "UTC")}:00Z`);
}
