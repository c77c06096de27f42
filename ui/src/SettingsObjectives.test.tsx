// Flow tests of the Settings sections (organisation, document control, working week and
// holidays, key) and of the Objectives screen, over the mock backend.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { act } from "preact/test-utils";
import { App } from "./App";
import { installMock, DEMO_HOLIDAYS_PATH, DEMO_PASSPHRASE, MOCK_NOW } from "./lib/ipc/mock";
import { clearToasts } from "./lib/toasts";
import { setClock } from "./lib/clock";
import { $, $$, byLabel, byText, choose, click, flush, goTo, heading, mount, type, unmount, waitFor } from "./test/helpers";

const NOW = new Date(MOCK_NOW);

beforeEach(() => {
  sessionStorage.clear();
  clearToasts();
  setClock(() => NOW);
  location.hash = "";
});
afterEach(unmount);

async function start(options: Parameters<typeof installMock>[0]) {
  const backend = installMock({ now: NOW, ...options });
  mount(<App />);
  await flush();
  return backend;
}

const input = (id: string) => document.getElementById(id) as HTMLInputElement;
/** The field is left after a change: the browser's change event, on which settings save. */
const leave = (el: HTMLInputElement) => act(() => void el.dispatchEvent(new Event("change", { bubbles: true }))).then(() => flush());
const errorOf = (id: string) => document.getElementById(`${id}-error`)?.textContent ?? null;

describe("settings: review board", () => {
  test("the board is listed, added to and removed from; a change can be brought to the planned reviews", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/settings");
    await waitFor(() => document.getElementById("board-empty"));
    await click(byText("Add to the board", "button"));
    expect(errorOf("board-person")).toMatch(/Choose who joins the board/);
    const person = input("board-person") as unknown as HTMLSelectElement;
    await waitFor(() => person.options.length > 1);
    const chosen = person.options[1];
    await choose(person, chosen.value);
    await choose(input("board-role") as unknown as HTMLSelectElement, "chair");
    await click(byText("Add to the board", "button"));
    await waitFor(() => $$(".board-members li").length === 1);
    expect($(".board-members")!.textContent).toContain(`${chosen.textContent} Chair`);
    expect(backend.calls.filter((c) => c.cmd === "board_set").map((c) => c.args)).toEqual([{ request: { personId: Number(chosen.value), role: "chair", required: true } }]);

    await click(byText("Invite the board to planned reviews", "button"));
    await waitFor(() => backend.calls.some((c) => c.cmd === "board_apply"));
    await waitFor(() => $$(".toast").some((t) => /Board invited/.test(t.textContent ?? "")));

    // Removed with Undo: gone at once; Undo brings the member back and nothing was removed.
    await click($(".board-members button")!);
    await waitFor(() => document.getElementById("board-empty"));
    await click(byText("Undo", "button"));
    await waitFor(() => $$(".board-members li").length === 1);
    expect(backend.calls.filter((c) => c.cmd === "board_remove")).toEqual([]);
    // Removed again and the message dismissed: now the backend removes them, once.
    await click($(".board-members button")!);
    await waitFor(() => document.getElementById("board-empty"));
    await click(byLabel("Dismiss message"));
    await waitFor(() => backend.calls.some((c) => c.cmd === "board_remove"));
    await flush();
    expect(document.getElementById("board-empty")).toBeTruthy();
    expect(backend.calls.filter((c) => c.cmd === "board_remove").map((c) => c.args)).toEqual([{ personId: Number(chosen.value) }]);
  });
});

describe("settings: organisation", () => {
  test("each field saves itself when changed or left: validated first, a quiet Saved, the rail follows", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/settings");
    await waitFor(() => input("org-name"));
    expect(input("org-name").value).toBe("Northwind Analytics Ltd");
    expect(input("org-zone").value).toBe("Europe/London");
    // No Save buttons in the organisation's sections.
    expect(byText(/^Save$/, "button")).toBeUndefined();
    const sets = () => backend.calls.filter((c) => c.cmd === "organisation_set").map((c) => c.args);
    const status = () => $("#org-saved")!.textContent;

    // Typing saves nothing; leaving an empty name is refused by the field.
    await type(input("org-name"), "  ");
    expect(sets()).toEqual([]);
    await leave(input("org-name"));
    expect(errorOf("org-name")).toMatch(/Enter the organisation's name/);
    expect(sets()).toEqual([]);
    await type(input("org-name"), "Northwind Europe GmbH");
    expect(errorOf("org-name")).toBeNull();
    await leave(input("org-name"));
    await waitFor(() => status() === "Saved");
    expect(sets()).toEqual([{ request: { name: "Northwind Europe GmbH" } }]);
    await waitFor(() => $(".store-org")?.textContent === "Northwind Europe GmbH");
    // Leaving a field unchanged writes nothing.
    await leave(input("org-name"));
    expect(sets()).toHaveLength(1);

    await type(input("org-zone"), "Europe/Londn");
    await leave(input("org-zone"));
    expect(errorOf("org-zone")).toMatch(/not a time zone/);
    expect(sets()).toHaveLength(1);
    await type(input("org-zone"), "Europe/Berlin");
    await leave(input("org-zone"));
    await waitFor(() => sets().length === 2);
    expect(sets()[1]).toEqual({ request: { timeZone: "Europe/Berlin" } });

    await type(input("org-min-top"), "2");
    await type(input("org-min-members"), "1");
    await leave(input("org-min-members"));
    expect(errorOf("org-min-members")).toMatch(/at least as many as top management/);
    await type(input("org-min-members"), "4");
    await leave(input("org-min-members"));
    await waitFor(() => sets().length === 3);
    expect(sets()[2]).toEqual({ request: { quorum: { requiresChair: true, minTopManagement: 2, minMembers: 4 } } });

    await choose(document.getElementById("org-lead") as HTMLSelectElement, "3");
    await waitFor(() => sets().length === 4);
    await choose(document.getElementById("org-cadence") as HTMLSelectElement, "3");
    await waitFor(() => sets().length === 5);
    expect(sets().slice(3)).toEqual([{ request: { ismsLeadId: 3 } }, { request: { reviewCadenceMonths: 3 } }]);
    await waitFor(() => backend.state.org.ismsLead?.name === "Marcus Bell");
    expect(backend.state.org).toMatchObject({ timeZone: "Europe/Berlin", reviewCadenceMonths: 3, quorum: { minTopManagement: 2, minMembers: 4 } });
    expect(status()).toBe("Saved");
  });

  test("a refusal from the backend is shown by the field that was changed, and the section says Not saved", async () => {
    const backend = await start({ storeState: "open", failures: { organisation_set: { kind: "invalid", message: '"Mars/Olympus" is not an IANA time zone: write it like Europe/London' } } });
    await goTo("#/settings");
    await waitFor(() => input("org-zone"));
    await type(input("org-zone"), "UTC");
    await leave(input("org-zone"));
    await waitFor(() => errorOf("org-zone"));
    expect(errorOf("org-zone")).toContain("is not an IANA time zone");
    expect(input("org-zone").value).toBe("UTC");
    expect(input("org-zone").getAttribute("aria-invalid")).toBe("true");
    expect($("#org-saved")!.textContent).toBe("Not saved");
    expect(backend.calls.filter((c) => c.cmd === "organisation_set")).toHaveLength(1);
  });

  test("dates are shown and typed the organisation's way (from its zone), not the computer's", async () => {
    await start({ storeState: "open" });
    await goTo("#/settings");
    const holidays = () => $$("ul[aria-label='Public holidays'] li").map((li) => li.textContent);
    await waitFor(() => holidays().length === 2);
    expect(navigator.language).toBe("en-US"); // the computer's locale
    expect(holidays()[0]).toContain("25 Dec 2026"); // Europe/London's
    await type(input("org-zone"), "America/New_York");
    await leave(input("org-zone"));
    await waitFor(() => holidays()[0]?.includes("Dec 25, 2026"));
    await goTo("#/objectives");
    await click(await waitFor(() => byText("Add objective", "button")));
    expect(input("obj-start").value).toBe("01/01/2026");
    expect(input("obj-start").placeholder).toBe("MM/DD/YYYY");
  });

  test("document control defaults save field by field", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/settings");
    await waitFor(() => input("doc-prefix"));
    expect(input("doc-class").value).toBe("Internal");
    await type(input("doc-prefix"), "ISMS MR");
    await leave(input("doc-prefix"));
    expect(errorOf("doc-prefix")).toMatch(/no spaces/);
    expect(backend.calls.some((c) => c.cmd === "organisation_set")).toBe(false);
    await type(input("doc-prefix"), "NW-MR");
    expect(document.getElementById("doc-prefix-hint")?.textContent).toContain("NW-MR-2026-01");
    await leave(input("doc-prefix"));
    await type(input("doc-class"), "Confidential");
    await leave(input("doc-class"));
    await waitFor(() => backend.calls.filter((c) => c.cmd === "organisation_set").length === 2);
    expect(backend.calls.filter((c) => c.cmd === "organisation_set").map((c) => c.args)).toEqual([{ request: { documentPrefix: "NW-MR" } }, { request: { classification: "Confidential" } }]);
    expect(backend.state.org.documentPrefix).toBe("NW-MR");
    await waitFor(() => $("#doc-saved")!.textContent === "Saved");
  });
});

describe("settings: working week and holidays", () => {
  test("the week needs a day; holidays import from a file, errors shown by the field", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/settings");
    await waitFor(() => input("week-mon"));
    expect(input("week-sat").checked).toBe(false);
    // Each tick saves; unticking the last day is refused by the week, not saved.
    for (const day of ["mon", "tue", "wed", "thu", "fri"]) await click(input(`week-${day}`));
    expect($("#week-error")?.textContent).toMatch(/at least one working day/);
    const weeks = () => backend.calls.filter((c) => c.cmd === "organisation_set").map((c) => c.args);
    await waitFor(() => weeks().length === 4);
    expect(weeks().at(-1)).toEqual({ request: { workingDays: ["fri"] } });
    for (const day of ["tue", "sat", "mon"]) await click(input(`week-${day}`));
    await waitFor(() => weeks().length === 7);
    expect(weeks().at(-1)).toEqual({ request: { workingDays: ["mon", "tue", "sat"] } });
    expect(backend.state.org.workingDays).toEqual(["mon", "tue", "sat"]);
    expect($("#week-saved")!.textContent).toBe("Saved");

    await waitFor(() => $$("ul[aria-label='Public holidays'] li").length === 2);
    await type(input("hol-path"), "/nowhere/holidays.txt");
    await click(byText("Import holidays", "button"));
    await waitFor(() => errorOf("hol-path"));
    expect(errorOf("hol-path")).toContain("There is no file at /nowhere/holidays.txt");
    await type(input("hol-path"), DEMO_HOLIDAYS_PATH);
    await click(byText("Import holidays", "button"));
    await waitFor(() => $$("ul[aria-label='Public holidays'] li").length === 5);
    expect(byText("Holidays imported", "*")).toBeTruthy();
    expect($$("ul[aria-label='Public holidays'] li")[0]!.textContent).toContain("Christmas Day");
  });

  test("a wrong line in the file names the line and stores nothing", async () => {
    const backend = await start({ storeState: "open", files: { "/tmp/h.txt": "2027-01-01,New Year's Day\n27-05-03,Early May\n" } });
    await goTo("#/settings");
    await waitFor(() => input("hol-path"));
    await type(input("hol-path"), "/tmp/h.txt");
    await click(byText("Import holidays", "button"));
    await waitFor(() => errorOf("hol-path"));
    expect(errorOf("hol-path")).toContain("line 2");
    expect(backend.state.holidays).toHaveLength(2);
  });
});

describe("settings: key and passphrase", () => {
  test("change the passphrase: confirmed, explained, and only the new one unlocks", async () => {
    const backend = await start({ storeState: "open", keyMode: "passphrase" });
    await goTo("#/settings");
    await waitFor(() => input("key-new"));
    expect($("#key-consequences")?.textContent).toContain("Backups made before keep the old key");
    await type(input("key-new"), "short");
    await click(byText("Change the passphrase", "button"));
    expect(errorOf("key-new")).toMatch(/at least 10 characters/);
    await type(input("key-new"), "a much longer passphrase");
    await type(input("key-again"), "a much longer passphrasE");
    await click(byText("Change the passphrase", "button"));
    expect(errorOf("key-again")).toMatch(/differ/);
    expect(backend.calls.some((c) => c.cmd === "store_change_key")).toBe(false);
    await type(input("key-again"), "a much longer passphrase");
    await click(byText("Change the passphrase", "button"));
    await waitFor(() => byText("Key changed", "*"));
    expect(backend.calls.find((c) => c.cmd === "store_change_key")!.args).toEqual({ request: { mode: "passphrase", newPassphrase: "a much longer passphrase" } });
    expect(input("key-new").value).toBe("");

    await click($("button[aria-label='Lock the store']"));
    await waitFor(() => heading(/locked/i) ?? $("input[type='password']"));
    const field = $<HTMLInputElement>("input[type='password']")!;
    await type(field, DEMO_PASSPHRASE);
    await click(byText("Unlock", "button"));
    await waitFor(() => $(".field-error, [role='alert']"));
    expect(backend.state.storeState).toBe("locked");
    await type(field, "a much longer passphrase");
    await click(byText("Unlock", "button"));
    await waitFor(() => backend.state.storeState === "open");
  });

  test("move a passphrase store's key into the keychain", async () => {
    const backend = await start({ storeState: "open", keyMode: "passphrase" });
    await goTo("#/settings");
    await waitFor(() => input("key-choice-keychain"));
    await click(input("key-choice-keychain"));
    expect(document.getElementById("key-new")).toBeNull();
    await click(byText("Keep the key in this computer's keychain", "button"));
    await waitFor(() => backend.calls.find((c) => c.cmd === "store_change_key"));
    expect(backend.calls.find((c) => c.cmd === "store_change_key")!.args).toEqual({ request: { mode: "keychain" } });
    await waitFor(() => byText(/random key kept in this computer's keychain/, "p"));
  });

  test("restoring a backup saved by hand explains the route; automatic ones restore in place", async () => {
    await start({ storeState: "open" });
    await goTo("#/settings");
    await waitFor(() => heading("Restore from a backup"));
    expect(byText(/^An automatic backup is restored above, in two clicks\. A backup you saved yourself is not restored over the store that is open/, "p")).toBeTruthy();
  });
});

describe("objectives", () => {
  const tableRows = () => $$("table[aria-label='Objectives'] tbody tr");

  test("the list shows owner, measure, target, period and the latest result", async () => {
    await start({ storeState: "open" });
    await goTo("#/objectives");
    await waitFor(() => tableRows().length === 3);
    const patching = tableRows().find((r) => r.textContent?.includes("Patch critical vulnerabilities"))!;
    expect(patching.textContent).toContain("Marcus Bell");
    expect(patching.textContent).toContain("≤ 14 days");
    expect(patching.textContent).toContain("Partly met");
    expect(patching.textContent).toContain("MR-2026-02");
    expect(patching.textContent).toContain("next: ≤ 10 days");
    expect(tableRows().find((r) => r.textContent?.includes("Restore tests"))!.textContent).toContain("Not reviewed yet");
  });

  test("an empty store teaches what an objective is", async () => {
    await start({ storeState: "open", empty: true });
    await goTo("#/objectives");
    await waitFor(() => heading("No objectives yet"));
    expect(byText(/clause 6.2/, "*")).toBeTruthy();
  });

  test("add an objective (validated), then record a review's result with the next target", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/objectives");
    await waitFor(() => tableRows().length === 3);
    await click(document.getElementById("add-objective"));
    await waitFor(() => input("obj-title"));
    await click(byText("Add objective", "button[type='submit']"));
    expect(errorOf("obj-title")).toMatch(/Enter the objective/);
    expect(document.activeElement?.id).toBe("obj-title");
    await type(input("obj-title"), "Phishing click rate down");
    await type(input("obj-measure"), "Share of staff clicking the quarterly test");
    await type(input("obj-target"), "< 5 %");
    await type(input("obj-end"), "2025-12-31");
    await click(byText("Add objective", "button[type='submit']"));
    expect(errorOf("obj-end")).toMatch(/ends before it starts/);
    await type(input("obj-end"), "2026-12-31");
    await choose(document.getElementById("obj-owner") as HTMLSelectElement, "2");
    await click(byText("Add objective", "button[type='submit']"));
    await waitFor(() => tableRows().length === 4);
    expect(backend.calls.find((c) => c.cmd === "objective_add")!.args).toEqual({
      request: { title: "Phishing click rate down", measure: "Share of staff clicking the quarterly test", target: "< 5 %", periodStart: "2026-01-01", periodEnd: "2026-12-31", ownerId: 2 },
    });

    // The new objective opens with the result form: approved and cancelled reviews are not offered.
    await waitFor(() => document.getElementById("res-review"));
    const reviewChoices = [...(document.getElementById("res-review") as HTMLSelectElement).options].map((o) => o.value);
    expect(reviewChoices).not.toContain("MR-2026-01");
    expect(reviewChoices).not.toContain("MR-2026-AH2");
    await click(byText("Record result", "button"));
    expect($("#res-met-error")?.textContent).toMatch(/Choose what the review found/);
    await choose(document.getElementById("res-review") as HTMLSelectElement, "MR-2026-03");
    await click(input("res-met-not_met"));
    await type(input("res-measured"), "11 % clicked");
    await type(input("res-note"), "First test of the year");
    await type(input("res-next"), "< 8 %");
    await click(byText("Record result", "button"));
    await waitFor(() => backend.calls.find((c) => c.cmd === "objective_result_set"));
    expect(backend.calls.find((c) => c.cmd === "objective_result_set")!.args).toEqual({
      request: { reference: "MR-2026-03", objectiveId: 4, met: "not_met", measured: "11 % clicked", note: "First test of the year", nextTarget: "< 8 %" },
    });
    await waitFor(() => tableRows().find((r) => r.textContent?.includes("Phishing"))?.textContent?.includes("Not met"));
    expect(tableRows().find((r) => r.textContent?.includes("Phishing"))!.textContent).toContain("next: < 8 %");
  });

  test("a backend refusal of a result is shown in the form", async () => {
    await start({ storeState: "open", failures: { objective_result_set: { kind: "conflict", message: "the minutes of MR-2026-03 are approved and cannot change: open a revision first" } } });
    await goTo("#/objectives");
    await waitFor(() => tableRows().length === 3);
    await click(tableRows()[0]);
    await waitFor(() => document.getElementById("res-met-met"));
    await click(input("res-met-met"));
    await click(byText("Record result", "button"));
    await waitFor(() => $("[role='alert']"));
    expect($("[role='alert']")!.textContent).toContain("open a revision first");
  });
});

describe("settings: your data and signing", () => {
  test("everything exports to a suggested JSON path; a second export to it is refused with the reason", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/settings");
    await waitFor(() => input("export-json-path")?.value);
    const path = input("export-json-path").value;
    expect(path).toMatch(/^\/home\/lead\/Documents\/Quorum\/Quorum export \d{4}-\d{2}-\d{2}\.json$/);
    const form = input("export-json-path").closest("form")!;
    await click(form.querySelector("button[type='submit']"));
    await waitFor(() => backend.state.written.includes(path));
    await waitFor(() => form.parentElement!.textContent!.includes(path) && form.parentElement!.querySelector(`button[aria-label$='${path}']`));
    await type(input("export-json-path"), path);
    await click(form.querySelector("button[type='submit']"));
    await waitFor(() => $$(".toast").some((t) => /already exists; Quorum never overwrites a file/.test(t.textContent ?? "")));
    expect(backend.calls.filter((c) => c.cmd === "store_export_json")).toHaveLength(2);
  });

  test("the signing identity panel is in Settings: none yet, then one created", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/settings");
    await waitFor(() => $("#identity-create"));
    await click($("#identity-create"));
    await waitFor(() => $("#identity-fingerprint"));
    expect($("#identity-fingerprint")!.textContent).toBe(backend.state.identity!.fingerprintSha256);
  });
});
