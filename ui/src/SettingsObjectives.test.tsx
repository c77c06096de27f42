// Flow tests of the Settings sections (organisation, document control, working week and
// holidays, key) and of the Objectives screen, over the mock backend.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { App } from "./App";
import { installMock, DEMO_HOLIDAYS_PATH, DEMO_PASSPHRASE, MOCK_NOW } from "./lib/ipc/mock";
import { clearToasts } from "./lib/toasts";
import { setClock } from "./lib/clock";
import { $, $$, byText, choose, click, flush, goTo, heading, mount, type, unmount, waitFor } from "./test/helpers";

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

    await click($(".board-members button")!);
    await waitFor(() => document.getElementById("board-empty"));
    expect(backend.calls.filter((c) => c.cmd === "board_remove").map((c) => c.args)).toEqual([{ personId: Number(chosen.value) }]);
  });
});

describe("settings: organisation", () => {
  test("name, time zone, lead, quorum and cadence are validated, saved and shown in the rail", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/settings");
    await waitFor(() => input("org-name"));
    expect(input("org-name").value).toBe("Northwind Analytics Ltd");
    expect(input("org-zone").value).toBe("Europe/London");
    expect((byText("Save organisation", "button") as HTMLButtonElement).disabled).toBe(true);

    await type(input("org-name"), "  ");
    await click(byText("Save organisation", "button"));
    expect(errorOf("org-name")).toMatch(/Enter the organisation's name/);
    expect(document.activeElement?.id).toBe("org-name");

    await type(input("org-name"), "Northwind Europe GmbH");
    await type(input("org-zone"), "Europe/Londn");
    await click(byText("Save organisation", "button"));
    expect(errorOf("org-zone")).toMatch(/not a time zone/);
    expect(backend.calls.some((c) => c.cmd === "organisation_set")).toBe(false);

    await type(input("org-zone"), "Europe/Berlin");
    await type(input("org-min-top"), "2");
    await type(input("org-min-members"), "1");
    await click(byText("Save organisation", "button"));
    expect(errorOf("org-min-members")).toMatch(/at least as many as top management/);
    await type(input("org-min-members"), "4");
    await choose(document.getElementById("org-lead") as HTMLSelectElement, "3");
    await choose(document.getElementById("org-cadence") as HTMLSelectElement, "3");
    await click(byText("Save organisation", "button"));
    await waitFor(() => backend.calls.find((c) => c.cmd === "organisation_set"));
    expect(backend.calls.find((c) => c.cmd === "organisation_set")!.args).toEqual({
      request: { name: "Northwind Europe GmbH", timeZone: "Europe/Berlin", quorum: { requiresChair: true, minTopManagement: 2, minMembers: 4 }, reviewCadenceMonths: 3, ismsLeadId: 3 },
    });
    await waitFor(() => $(".store-org")?.textContent === "Northwind Europe GmbH");
    expect(backend.state.org.ismsLead?.name).toBe("Marcus Bell");
  });

  test("a refusal from the backend is shown by the field it concerns", async () => {
    await start({ storeState: "open", failures: { organisation_set: { kind: "invalid", message: '"Mars/Olympus" is not an IANA time zone: write it like Europe/London' } } });
    await goTo("#/settings");
    await waitFor(() => input("org-zone"));
    await type(input("org-zone"), "UTC");
    await click(byText("Save organisation", "button"));
    await waitFor(() => errorOf("org-zone"));
    expect(errorOf("org-zone")).toContain("is not an IANA time zone");
  });

  test("document control defaults", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/settings");
    await waitFor(() => input("doc-prefix"));
    expect(input("doc-class").value).toBe("Internal");
    await type(input("doc-prefix"), "ISMS MR");
    await click(byText("Save defaults", "button"));
    expect(errorOf("doc-prefix")).toMatch(/no spaces/);
    await type(input("doc-prefix"), "NW-MR");
    expect(document.getElementById("doc-prefix-hint")?.textContent).toContain("NW-MR-2026-01");
    await type(input("doc-class"), "Confidential");
    await click(byText("Save defaults", "button"));
    await waitFor(() => backend.calls.find((c) => c.cmd === "organisation_set"));
    expect(backend.calls.find((c) => c.cmd === "organisation_set")!.args).toEqual({ request: { classification: "Confidential", documentPrefix: "NW-MR" } });
    expect(backend.state.org.documentPrefix).toBe("NW-MR");
  });
});

describe("settings: working week and holidays", () => {
  test("the week needs a day; holidays import from a file, errors shown by the field", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/settings");
    await waitFor(() => input("week-mon"));
    expect(input("week-sat").checked).toBe(false);
    for (const day of ["mon", "tue", "wed", "thu", "fri"]) await click(input(`week-${day}`));
    await click(byText("Save working week", "button"));
    expect($("#week-error")?.textContent).toMatch(/at least one working day/);
    expect(backend.calls.some((c) => c.cmd === "organisation_set")).toBe(false);
    for (const day of ["tue", "sat", "mon"]) await click(input(`week-${day}`));
    await click(byText("Save working week", "button"));
    await waitFor(() => backend.calls.find((c) => c.cmd === "organisation_set"));
    expect(backend.calls.find((c) => c.cmd === "organisation_set")!.args).toEqual({ request: { workingDays: ["mon", "tue", "sat"] } });

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

  test("restoring explains the route instead of overwriting the open store", async () => {
    await start({ storeState: "open" });
    await goTo("#/settings");
    await waitFor(() => heading("Restore from a backup"));
    expect(byText(/never overwrites a store/, "p")).toBeTruthy();
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
