// Dates typed by the user: shown and read in the organisation's way of writing them (derived
// from its time zone: Europe/London writes 09/03/2027, America/New_York 03/09/2027), kept as
// ISO "YYYY-MM-DD" for the backend. Pure functions take the locale; `DateField` uses them.
import { useEffect, useState } from "preact/hooks";
import { thisYear } from "./clock";
import { locale, parseDate, setOrganisationLocale } from "./format";

/**
 * The English locale whose dates are written as in the zone's country. Only what changes the
 * order or the separators is listed; other zones fall back by area, unknown ones (UTC, Etc/…)
 * to the computer's locale.
 */
const ZONE_LOCALE: Record<string, string> = {
  "Europe/London": "en-GB",
  "Europe/Belfast": "en-GB",
  "Europe/Guernsey": "en-GB",
  "Europe/Jersey": "en-GB",
  "Europe/Isle_of_Man": "en-GB",
  "Europe/Dublin": "en-IE",
  "Europe/Zurich": "en-CH",
  "Europe/Stockholm": "en-SE",
  "Pacific/Auckland": "en-NZ",
  "Pacific/Chatham": "en-NZ",
  "Pacific/Honolulu": "en-US",
  "Asia/Kolkata": "en-IN",
  "Asia/Calcutta": "en-IN",
  "Asia/Singapore": "en-SG",
  "Asia/Hong_Kong": "en-HK",
  "Asia/Tokyo": "en-JP",
  "Africa/Johannesburg": "en-ZA",
};

/** America/… zones of the United States and Canada; the rest of the Americas writes day first. */
const US_ZONE = /^America\/(New_York|Chicago|Denver|Los_Angeles|Phoenix|Anchorage|Juneau|Sitka|Yakutat|Nome|Metlakatla|Adak|Boise|Detroit|Menominee|Indiana\/.+|Kentucky\/.+|North_Dakota\/.+)$/;
const CANADA_ZONE = /^America\/(Toronto|Montreal|Vancouver|Edmonton|Winnipeg|Regina|Halifax|St_Johns|Moncton|Glace_Bay|Goose_Bay|Whitehorse|Dawson|Dawson_Creek|Fort_Nelson|Creston|Iqaluit|Rankin_Inlet|Resolute|Cambridge_Bay|Inuvik|Swift_Current|Atikokan|Blanc-Sablon|Nipigon|Thunder_Bay|Rainy_River|Yellowknife|Pangnirtung)$/;

export function zoneLocale(zone: string): string | undefined {
  if (ZONE_LOCALE[zone]) return ZONE_LOCALE[zone];
  if (US_ZONE.test(zone)) return "en-US";
  if (CANADA_ZONE.test(zone)) return "en-CA";
  if (zone.startsWith("Australia/")) return "en-AU";
  if (zone.startsWith("Europe/")) return "en-150";
  if (/^(America|Africa|Asia|Atlantic|Indian|Pacific)\//.test(zone)) return "en-001";
  return undefined;
}

let organisationZone: string | null = null;
const listeners = new Set<() => void>();

/**
 * The organisation's time zone, set when the store opens and when Settings saves it: every
 * date shown (lib/format) and typed (DateField) then follows its country's way.
 */
export function setOrganisationZone(zone: string | null): void {
  if (zone === organisationZone) return;
  organisationZone = zone;
  setOrganisationLocale(zone ? zoneLocale(zone) : undefined);
  listeners.forEach((l) => l());
}

/** The locale dates are shown, read and written in: the organisation's, else the computer's. */
export function dateLocale(): string | undefined {
  return locale();
}

/** `dateLocale()`, redrawing the component when the organisation's zone changes. */
export function useDateLocale(): string | undefined {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return dateLocale();
}

type Part = "day" | "month" | "year";

function numeric(loc: string | undefined): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(loc, { day: "2-digit", month: "2-digit", year: "numeric", numberingSystem: "latn" });
}

/** The parts of a numeric date in the locale's order, with the text between them. */
function layout(loc: string | undefined): { order: Part[]; parts: Intl.DateTimeFormatPart[] } {
  const parts = numeric(loc)
    .formatToParts(new Date(2027, 11, 25))
    .map((p) => ({ ...p, value: p.value.replace(/[\u200e\u200f]/g, "") }));
  const order = parts.map((p) => p.type).filter((t): t is Part => t === "day" || t === "month" || t === "year");
  return { order, parts };
}

/** How the locale writes a date, e.g. "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD". */
export function datePattern(loc = dateLocale()): string {
  const names: Record<string, string> = { day: "DD", month: "MM", year: "YYYY" };
  return layout(loc)
    .parts.map((p) => names[p.type] ?? p.value)
    .join("");
}

/** An ISO date as the locale writes it in digits: "2027-03-09" → "09/03/2027" (en-GB). */
export function formatDateInput(iso: string, loc = dateLocale()): string {
  if (!isIsoDate(iso)) return iso;
  return numeric(loc)
    .formatToParts(parseDate(iso))
    .map((p) => p.value.replace(/[\u200e\u200f]/g, ""))
    .join("");
}

/** The date in words, to confirm what was typed: "Tue, 9 March 2027". */
export function dateInWords(iso: string, loc = dateLocale()): string {
  return new Intl.DateTimeFormat(loc, { weekday: "short", day: "numeric", month: "long", year: "numeric" }).format(parseDate(iso));
}

const pad = (n: number) => String(n).padStart(2, "0");

function iso(y: number, m: number, d: number): string | null {
  if (!(y >= 1000 && y <= 9999) || m < 1 || m > 12 || d < 1) return null;
  if (d > new Date(y, m, 0).getDate()) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** True for a real calendar date written "YYYY-MM-DD". */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return !!m && iso(Number(m[1]), Number(m[2]), Number(m[3])) === value;
}

function year(token: string): number {
  if (/^\d{4}$/.test(token)) return Number(token);
  if (/^\d{2}$/.test(token)) return 2000 + Number(token);
  return NaN;
}

/** The month a word names ("mar", "March", "märz"), in the locale or in English. */
function monthOf(word: string, loc: string | undefined): number | null {
  const w = word.toLowerCase().replace(/\.$/, "");
  if (w.length < 3) return null;
  for (const l of [loc, "en"]) {
    for (const style of ["long", "short"] as const) {
      const f = new Intl.DateTimeFormat(l, { month: style });
      for (let m = 0; m < 12; m++) {
        const name = f.format(new Date(2027, m, 1)).toLowerCase().replace(/\.$/, "");
        if (name.startsWith(w) || (style === "short" && w.startsWith(name))) return m + 1;
      }
    }
  }
  return null;
}

/**
 * Reads a typed date: "" for an empty field, the ISO date, or null when it is not a date.
 * Accepts the locale's digits ("09/03/2027", "9.3.27"), ISO ("2027-03-09", whatever the
 * locale) and a month by name ("9 Mar 2027", "March 9, 2027").
 */
export function parseDateInput(text: string, loc = dateLocale()): string | null {
  const t = text.trim();
  if (!t) return "";
  const isoShape = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (isoShape) return iso(Number(isoShape[1]), Number(isoShape[2]), Number(isoShape[3]));
  const tokens = t.split(/[\s/.,\-]+/).filter(Boolean);
  if (tokens.length !== 3) return null;
  const named = tokens.findIndex((x) => /^\p{L}+\.?$/u.test(x));
  if (named >= 0) {
    const month = monthOf(tokens[named], loc);
    const rest = tokens.filter((_, i) => i !== named);
    if (month === null || !rest.every((x) => /^\d{1,4}$/.test(x))) return null;
    const yearAt = rest.findIndex((x) => x.length === 4);
    const y = yearAt >= 0 ? rest[yearAt] : rest[1];
    const d = yearAt >= 0 ? rest[1 - yearAt] : rest[0];
    return d.length > 2 ? null : iso(year(y), month, Number(d));
  }
  if (!tokens.every((x) => /^\d{1,4}$/.test(x))) return null;
  // Four digits first is a year, whatever the locale (2027/03/09).
  const order: Part[] = tokens[0].length === 4 ? ["year", "month", "day"] : layout(loc).order;
  const value = (part: Part) => tokens[order.indexOf(part)];
  if (value("day").length > 2 || value("month").length > 2) return null;
  return iso(year(value("year")), Number(value("month")), Number(value("day")));
}

/** What to write instead, naming the form: "Write the date as DD/MM/YYYY, e.g. 25/12/2026." */
export function dateFormatMessage(loc = dateLocale()): string {
  return `Write the date as ${datePattern(loc)}, e.g. ${formatDateInput(`${thisYear()}-12-25`, loc)}.`;
}

/**
 * A date field's problem, or undefined: `missing` when empty (undefined when the date is
 * optional), the expected form when the text is not a date.
 */
export function checkDate(value: string, missing?: string, loc = dateLocale()): string | undefined {
  if (!value.trim()) return missing;
  return isIsoDate(value) ? undefined : dateFormatMessage(loc);
}

/** The ISO date `days` after `from` (a month when `months`): the arrow keys of a date field. */
export function shiftDate(from: string, days: number, months = 0): string {
  const d = parseDate(from);
  if (months) {
    const day = d.getDate();
    d.setDate(1);
    d.setMonth(d.getMonth() + months);
    d.setDate(Math.min(day, new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate()));
  }
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Sunday starts the week where calendars are printed that way; elsewhere Monday. */
function weekStartsSunday(loc: string | undefined): boolean {
  return /-(US|CA|JP|IN|ZA|HK|PH)$/.test(loc ?? "");
}

/** The weekday initials over a month's columns, in the locale's order: "Mon", "Tue", … */
export function weekdayNames(loc: string | undefined): string[] {
  const f = new Intl.DateTimeFormat(loc, { weekday: "short" });
  const first = weekStartsSunday(loc) ? 0 : 1;
  // 3 January 2027 is a Sunday.
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(2027, 0, 3 + first + i)));
}

/** "March 2027": the month `iso` falls in. */
export function monthTitle(iso: string, loc: string | undefined): string {
  return new Intl.DateTimeFormat(loc, { month: "long", year: "numeric" }).format(parseDate(iso));
}

/** The weeks (seven ISO dates each) that show the month `iso` falls in. */
export function monthGrid(iso: string, loc: string | undefined): string[][] {
  const first = `${iso.slice(0, 8)}01`;
  const offset = (parseDate(first).getDay() - (weekStartsSunday(loc) ? 0 : 1) + 7) % 7;
  let day = shiftDate(first, -offset);
  const weeks: string[][] = [];
  do {
    weeks.push(Array.from({ length: 7 }, (_, i) => shiftDate(day, i)));
    day = shiftDate(day, 7);
  } while (day.slice(0, 7) === iso.slice(0, 7));
  return weeks;
}
