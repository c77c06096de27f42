import { afterEach, describe, expect, test } from "vitest";
import { checkDate, dateFormatMessage, dateInWords, dateLocale, datePattern, formatDateInput, isIsoDate, monthGrid, parseDateInput, setOrganisationZone, shiftDate, weekdayNames, zoneLocale } from "./dates";

afterEach(() => setOrganisationZone(null));

describe("the organisation's way of writing dates, from its time zone", () => {
  test.each([
    ["Europe/London", "en-GB", "DD/MM/YYYY"],
    ["Europe/Dublin", "en-IE", "DD/MM/YYYY"],
    ["Europe/Paris", "en-150", "DD/MM/YYYY"],
    ["Europe/Zurich", "en-CH", "DD.MM.YYYY"],
    ["America/New_York", "en-US", "MM/DD/YYYY"],
    ["America/Indiana/Indianapolis", "en-US", "MM/DD/YYYY"],
    ["America/Toronto", "en-CA", "YYYY-MM-DD"],
    ["America/Sao_Paulo", "en-001", "DD/MM/YYYY"],
    ["Australia/Sydney", "en-AU", "DD/MM/YYYY"],
    ["Asia/Tokyo", "en-JP", "YYYY/MM/DD"],
  ])("%s → %s, %s", (zone, loc, pattern) => {
    expect(zoneLocale(zone)).toBe(loc);
    expect(datePattern(loc)).toBe(pattern);
  });

  test("a zone without a country (UTC) leaves the computer's locale", () => {
    expect(zoneLocale("UTC")).toBeUndefined();
    expect(zoneLocale("Etc/GMT+2")).toBeUndefined();
  });

  test("date fields follow the zone once the store says it", () => {
    setOrganisationZone("Europe/London");
    expect(dateLocale()).toBe("en-GB");
    setOrganisationZone("America/Chicago");
    expect(dateLocale()).toBe("en-US");
  });
});

describe("formatting and reading typed dates", () => {
  test("en-GB writes and reads day first", () => {
    expect(formatDateInput("2027-03-09", "en-GB")).toBe("09/03/2027");
    expect(parseDateInput("09/03/2027", "en-GB")).toBe("2027-03-09");
    expect(parseDateInput("9/3/27", "en-GB")).toBe("2027-03-09");
    expect(parseDateInput("9.3.2027", "en-GB")).toBe("2027-03-09");
    expect(parseDateInput("25/12/2026", "en-GB")).toBe("2026-12-25");
    // The 25th month does not exist: read day first, it is not quietly swapped.
    expect(parseDateInput("12/25/2026", "en-GB")).toBeNull();
  });

  test("en-US writes and reads month first", () => {
    expect(formatDateInput("2027-03-09", "en-US")).toBe("03/09/2027");
    expect(parseDateInput("03/09/2027", "en-US")).toBe("2027-03-09");
    expect(parseDateInput("12/25/2026", "en-US")).toBe("2026-12-25");
    expect(parseDateInput("25/12/2026", "en-US")).toBeNull();
  });

  test("ISO and month names read the same in any locale", () => {
    for (const loc of ["en-GB", "en-US", "en-CA"]) {
      expect(parseDateInput("2027-03-09", loc)).toBe("2027-03-09");
      expect(parseDateInput("2027/3/9", loc)).toBe("2027-03-09");
      expect(parseDateInput("9 Mar 2027", loc)).toBe("2027-03-09");
      expect(parseDateInput("March 9, 2027", loc)).toBe("2027-03-09");
      expect(parseDateInput("  ", loc)).toBe("");
    }
  });

  test.each(["31/02/2027", "2027-02-30", "09/03", "09/03/202", "tomorrow", "9 Foo 2027", "1/2/3/4", "009/03/2027"])("%s is not a date", (text) => {
    expect(parseDateInput(text, "en-GB")).toBeNull();
  });

  test("leap days", () => {
    expect(parseDateInput("29/02/2028", "en-GB")).toBe("2028-02-29");
    expect(parseDateInput("29/02/2027", "en-GB")).toBeNull();
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2027-02-29")).toBe(false);
    expect(isIsoDate("2027-3-9")).toBe(false);
  });

  test("the date in words confirms the order", () => {
    expect(dateInWords("2027-03-09", "en-GB")).toMatch(/^Tue,? 9 March 2027$/);
    expect(dateInWords("2027-03-09", "en-US")).toMatch(/^Tue,? March 9, 2027$/);
  });
});

describe("what a form says about a date", () => {
  test("the message names the expected form with an example", () => {
    // The example is the 25th of December of the pinned clock's year (src/test/setup.ts).
    expect(dateFormatMessage("en-GB")).toMatch(/^Write the date as DD\/MM\/YYYY, e\.g\. 25\/12\/\d{4}\.$/);
    expect(dateFormatMessage("en-US")).toMatch(/^Write the date as MM\/DD\/YYYY, e\.g\. 12\/25\/\d{4}\.$/);
  });

  test("empty, missing, not a date, fine", () => {
    expect(checkDate("", "Choose the target date.", "en-GB")).toBe("Choose the target date.");
    expect(checkDate("", undefined, "en-GB")).toBeUndefined();
    expect(checkDate("31/02/2027", "Choose the target date.", "en-GB")).toMatch(/^Write the date as DD\/MM\/YYYY/);
    expect(checkDate("2027-03-09", "Choose the target date.", "en-GB")).toBeUndefined();
  });

  test("arrow keys move by days and months, keeping the day where the month allows", () => {
    expect(shiftDate("2026-12-31", 1)).toBe("2027-01-01");
    expect(shiftDate("2027-03-01", -1)).toBe("2027-02-28");
    expect(shiftDate("2027-01-31", 0, 1)).toBe("2027-02-28");
    expect(shiftDate("2027-03-31", 0, -1)).toBe("2027-02-28");
    expect(shiftDate("2027-05-15", 0, -12)).toBe("2026-05-15");
  });

  test("a month's weeks start on Monday in the UK, on Sunday in the US", () => {
    const uk = monthGrid("2027-02-14", "en-GB");
    expect(uk).toHaveLength(4); // 1 February 2027 is a Monday, the 28th a Sunday
    expect([uk[0][0], uk[3][6]]).toEqual(["2027-02-01", "2027-02-28"]);
    const us = monthGrid("2027-02-14", "en-US");
    expect([us[0][0], us.at(-1)![6]]).toEqual(["2027-01-31", "2027-03-06"]);
    expect(weekdayNames("en-GB")[0]).toBe("Mon");
    expect(weekdayNames("en-US")[0]).toBe("Sun");
  });
});
