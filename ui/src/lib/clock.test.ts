import { describe, expect, test } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { localIsoDate, now, pinClock, startClockAt, thisYear, today } from "./clock";

const SRC = join(__dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "bindings" ? [] : sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe("the one clock", () => {
  test("no code outside lib/clock.ts reads the wall clock", () => {
    const readers = sources(SRC)
      .filter((path) => !path.endsWith(join("lib", "clock.ts")) && !path.endsWith("clock.test.ts"))
      .flatMap((path) =>
        readFileSync(path, "utf8")
          .split("\n")
          .map((line, i) => ({ where: `${relative(SRC, path)}:${i + 1}`, line }))
          .filter(({ line }) => /new Date\(\s*\)|Date\.now\(\)/.test(line)),
      )
      .map(({ where, line }) => `${where}: ${line.trim()}`);
    expect(readers, "read the time through lib/clock's now() (tests pin it)").toEqual([]);
  });

  test("today and this year follow the pinned instant, across a year end in London", () => {
    // 23:30 on 31 December 2031 in London is still 2031 there (UTC+0 in winter).
    pinClock(new Date("2031-12-31T23:30:00Z"));
    expect(now().toISOString()).toBe("2031-12-31T23:30:00.000Z");
    expect(today()).toBe(localIsoDate(new Date("2031-12-31T23:30:00Z")));
    expect(thisYear()).toBe(new Date("2031-12-31T23:30:00Z").getFullYear());
  });

  test("the real app's fixed start runs on from there", async () => {
    startClockAt("2027-03-28T01:30:00Z");
    const first = now().getTime();
    expect(Math.abs(first - Date.parse("2027-03-28T01:30:00Z"))).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 20));
    expect(now().getTime()).toBeGreaterThanOrEqual(first + 15);
  });

  test("an unreadable fixed start leaves the clock as it was", () => {
    pinClock(new Date("2026-11-23T09:00:00Z"));
    startClockAt("not a date");
    expect(now().toISOString()).toBe("2026-11-23T09:00:00.000Z");
  });
});
