// The one place the UI reads the clock, so tests (and the real app under QUORUM_NOW) can pin
// "now". Nothing else in ui/src calls `new Date()` or `Date.now()` for "today".
let source: () => Date = () => new Date();

export const now = (): Date => source();

export function setClock(fn: () => Date): void {
  source = fn;
}

/** Pins the clock at one instant (the mock build, component tests). */
export function pinClock(instant: Date): void {
  const fixed = instant.getTime();
  setClock(() => new Date(fixed));
}

/**
 * The real app started with QUORUM_NOW (its own end-to-end runs): the window's "now" starts at
 * the backend's fixed instant and runs on from there, so screens agree with what core computes.
 */
export function startClockAt(instant: string): void {
  const start = new Date(instant).getTime();
  if (Number.isNaN(start)) return;
  const offset = start - Date.now();
  setClock(() => new Date(Date.now() + offset));
}

/** A date as the calendar on the wall shows it here: YYYY-MM-DD in the local time zone. */
export function localIsoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** Today, local: YYYY-MM-DD. */
export const today = (): string => localIsoDate(now());

/** This year, local. */
export const thisYear = (): number => now().getFullYear();
