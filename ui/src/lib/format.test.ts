import { describe, expect, test } from "vitest";
import { daysBetween, duePhrase, formatDate, formatMeetingTime, formatPercent, formatWallTime, relativeDays, usableLocale, wallDate } from "./format";

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

describe("meeting times: the wall time as written in the review's own zone", () => {
  test("named zone, never shifted by the browser's zone", () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ["UTC", "Europe/London", "Pacific/Auckland", "America/Los_Angeles"]) {
        process.env.TZ = tz;
        expect(formatMeetingTime("2027-03-09T10:00", "Europe/London", "en-GB")).toMatch(/^Tue,? 9 Mar 2027,? 10:00 \(Europe\/London\)$/);
        // 01:30 on 28 March 2027 does not exist in London (clocks go forward): shown as written.
        expect(formatWallTime("2027-03-28T01:30", "en-GB")).toMatch(/28 Mar 2027,? 01:30$/);
        expect(formatMeetingTime("2026-11-01T09:30", "America/New_York", "en-US")).toMatch(/Nov 1, 2026,? 09:30 AM \(America\/New_York\)$/);
      }
    } finally {
      process.env.TZ = saved;
    }
  });

  test("the countdown's date is the wall time's date; anything unreadable is shown as is", () => {
    expect(wallDate("2026-12-03T23:30")).toBe("2026-12-03");
    expect(daysBetween(now, new Date(2026, 11, 3))).toBe(10);
    expect(formatWallTime("next Tuesday", "en-GB")).toBe("next Tuesday");
  });
});

describe("usableLocale", () => {
  test("keeps a real language tag", () => {
    expect(usableLocale("en-GB")).toBe("en-GB");
  });
  test("drops the C locale that WebKit reports when LANG is unset", () => {
    expect(usableLocale("C")).toBeUndefined();
    expect(usableLocale("")).toBeUndefined();
    expect(usableLocale(undefined)).toBeUndefined();
  });
});
