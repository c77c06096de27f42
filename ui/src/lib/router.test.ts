import { describe, expect, test } from "vitest";
import { parseHash } from "./router";
import { matchCommands, type Command } from "./commands";

describe("hash routes", () => {
  test.each([
    ["", { name: "dashboard", param: null }],
    ["#/actions", { name: "actions", param: null }],
    ["#/actions/ACT-2026-004", { name: "actions", param: "ACT-2026-004" }],
    ["#/reviews/MR%202026", { name: "reviews", param: "MR 2026" }],
    ["#/nowhere", { name: "dashboard", param: null }],
  ])("%s", (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
  });
});

describe("palette matching", () => {
  const c = (title: string, keywords?: string): Command => ({ id: title, title, group: "Actions", keywords, run: () => {} });
  const commands = [c("Go to Actions"), c("Show overdue actions only", "filter late"), c("ACT-2026-004 Retest backup restore", "Tom Okafor")];
  test("every word must match, in any order, case-insensitively", () => {
    expect(matchCommands(commands, "").length).toBe(3);
    expect(matchCommands(commands, "only OVERDUE").map((x) => x.id)).toEqual(["Show overdue actions only"]);
    expect(matchCommands(commands, "late filter").length).toBe(1);
    expect(matchCommands(commands, "okafor").map((x) => x.id)).toEqual(["ACT-2026-004 Retest backup restore"]);
    expect(matchCommands(commands, "nothing here")).toEqual([]);
  });
});
