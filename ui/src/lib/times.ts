// Times of day typed by the user: shown in the organisation's clock (24-hour "14:30" for a UK
// organisation, "2:30 PM" for a US one, as its dates follow lib/dates), read in either form,
// kept as "HH:MM" (24-hour) for the backend. Pure functions take the locale; `TimeField` uses them.
import { dateLocale } from "./dates";

const pad = (n: number) => String(n).padStart(2, "0");

/** Whether the locale writes times on a 24-hour clock. */
export function uses24Hour(loc = dateLocale()): boolean {
  const cycle = new Intl.DateTimeFormat(loc, { hour: "numeric" }).resolvedOptions().hourCycle;
  return cycle === "h23" || cycle === "h24";
}

/** True for a time written "HH:MM" on a 24-hour clock. */
export function isTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/** "14:30" as the locale writes it: "14:30" (en-GB), "2:30 PM" (en-US). */
export function formatTimeInput(hhmm: string, loc = dateLocale()): string {
  if (!isTime(hhmm)) return hhmm;
  const [h, m] = hhmm.split(":").map(Number);
  if (uses24Hour(loc)) return hhmm;
  const period = new Intl.DateTimeFormat(loc, { hour: "numeric", hourCycle: "h12", timeZone: "UTC" })
    .formatToParts(new Date(Date.UTC(2027, 0, 1, h)))
    .find((p) => p.type === "dayPeriod")?.value ?? (h < 12 ? "AM" : "PM");
  return `${h % 12 || 12}:${pad(m)} ${period}`;
}

/** How the locale writes a time, for the empty field: "HH:MM" or "h:mm AM/PM". */
export function timePattern(loc = dateLocale()): string {
  return uses24Hour(loc) ? "HH:MM" : "h:mm AM/PM";
}

/**
 * Reads a typed time: "" for an empty field, "HH:MM" (24-hour), or null when it is not a time.
 * Accepts "9:30", "09.30", "9h30", "0930", "930", "9", and "9:30 pm", "930p" on either clock.
 */
export function parseTimeInput(text: string): string | null {
  let t = text.toLowerCase().replace(/[\s\u00a0\u202f]/g, "");
  if (!t) return "";
  const period = /^(.*?)([ap])\.?(m\.?)?$/.exec(t);
  if (period) t = period[1];
  const shape = /^(\d{1,2})(?:[:.h](\d{2}))?$/.exec(t) ?? /^(\d{1,2})(\d{2})$/.exec(t);
  if (!shape) return null;
  let h = Number(shape[1]);
  const m = Number(shape[2] ?? "0");
  if (m > 59) return null;
  if (period) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (period[2] === "p" ? 12 : 0);
  } else if (h > 23) return null;
  return `${pad(h)}:${pad(m)}`;
}

/** What to write instead: "Write the time as HH:MM (24-hour), e.g. 14:30." */
export function timeFormatMessage(loc = dateLocale()): string {
  return uses24Hour(loc) ? "Write the time as HH:MM (24-hour), e.g. 14:30." : `Write the time as h:mm AM or PM, e.g. ${formatTimeInput("14:30", loc)}.`;
}

/** A time field's problem, or undefined: `missing` when empty, the expected form when not a time. */
export function checkTime(value: string, missing?: string, loc = dateLocale()): string | undefined {
  if (!value.trim()) return missing;
  return isTime(value) ? undefined : timeFormatMessage(loc);
}

/**
 * The keys of a time field, round the clock: a step under an hour lands on its next multiple
 * (9:32 up by 5 is 9:35, down is 9:30); an hour keeps the minutes (9:32 up by 60 is 10:32).
 */
export function shiftTime(from: string, by: number): string {
  const [h, m] = from.split(":").map(Number);
  const now = h * 60 + m;
  const step = Math.abs(by);
  const next = step >= 60 ? now + by : by > 0 ? Math.floor(now / step) * step + step : Math.ceil(now / step) * step - step;
  const wrapped = ((next % 1440) + 1440) % 1440;
  return `${pad(Math.floor(wrapped / 60))}:${pad(wrapped % 60)}`;
}
