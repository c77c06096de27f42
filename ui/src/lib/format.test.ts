import { describe, expect, test } from "vitest";
import { daysBetween, duePhrase, formatDate, formatPercent, relativeDays } from "./format";

const now = new Date(2026, 10, 23, 15, 30); // 23 Nov 2026, afternoon

describe("relative dates", () => {
  test.each([
    ["2026-11-23", "due today"],
    ["2026-11-24", "due tomorrow"],
    ["2026-11-26", "due in 3 days"],
    ["2026-11-22", "overdue by 1 day"],
    ["2026-11-11", "overdue by 12 days"],
  ])("%s → %s", (date, phrase) => {
    expect(duePhrase(date, now, "en-GB")).toBe(phrase);
  });

  test("calendar days, not 24-hour periods", () => {
    expect(daysBetween(now, new Date(2026, 10, 24, 9, 0))).toBe(1);
    expect(relativeDays("2026-11-30", now, "en-GB")).toBe("in 7 days");
  });

  test("dates and numbers follow the locale", () => {
    expect(formatDate("2026-12-03", "en-GB")).toBe("3 Dec 2026");
    expect(formatDate("2026-12-03", "en-US")).toBe("Dec 3, 2026");
    expect(formatPercent(0.72, "fr-FR")).toMatch(/^72\s?%$/);
  });
});
