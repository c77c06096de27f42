// Flow tests: the whole App over the mock backend (mockIPC), in happy-dom.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { App } from "./App";
import { installMock, DEMO_PASSPHRASE, MOCK_NOW } from "./lib/ipc/mock";
import { clearToasts } from "./lib/toasts";
import { setClock } from "./lib/clock";
import { NO_OWNER, VIEW_KEY } from "./screens/Actions";
import { formatMeetingTime, formatWallTime } from "./lib/format";
import { $, $$, byLabel, byText, choose, click, flush, goTo, heading, key, mount, type, unmount, waitFor } from "./test/helpers";

const NOW = new Date(MOCK_NOW);

beforeEach(async () => {
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

const rows = () => $$("table[aria-label='Action register'] tbody tr");

describe("choosing the screen from app_info", () => {
  test("missing store → first run; locked → unlock; open → dashboard", async () => {
    await start({ storeState: "missing" });
    expect(heading("Set up Quorum")).toBeTruthy();
    unmount();
    await start({ storeState: "locked" });
    expect(heading(/^Unlock/)).toBeTruthy();
    unmount();
    await start({ storeState: "open" });
    await waitFor(() => heading("Q4 2026 management review"), "next review");
    expect($(".countdown-value")!.textContent).toBe("10");
  });
});

describe("first run", () => {
  test("validation messages, focus on the first invalid field, then create", async () => {
    const backend = await start({ storeState: "missing" });
    await click(byText("Create store", "button"));
    expect(byText(/Enter your organisation's name/, "p")).toBeTruthy();
    expect(document.activeElement?.id).toBe("fr-organisation");
    expect(byLabel("Organisation").getAttribute("aria-invalid")).toBe("true");
    expect(byLabel("Organisation").getAttribute("aria-describedby")).toBe("fr-organisation-error");
    expect(backend.calls.some((c) => c.cmd === "store_create")).toBe(false);

    await type(byLabel("Organisation"), "Contoso Health");
    await type(byLabel("ISMS lead's name"), "Ada Moss");
    await type(byLabel("ISMS lead's email"), "ada@contoso");
    await click($("input[value='passphrase']"));
    await type(byLabel("Passphrase"), "tiny");
    await click(byText("Create store", "button"));
    expect(byText(/looks incomplete/, "p")).toBeTruthy();
    expect(byText(/at least 10 characters/, "p")).toBeTruthy();
    expect(byText(/Too weak/, "p")).toBeTruthy();

    await type(byLabel("ISMS lead's email"), "ada@contoso.example");
    await type(byLabel("Passphrase"), "maple river lantern cobalt");
    await type(byLabel("Confirm passphrase"), "maple river lantern cobalt");
    await click(byText("Create store", "button"));
    await waitFor(() => heading("Plan this year's management reviews"), "first-time dashboard");
    const create = backend.calls.find((c) => c.cmd === "store_create");
    expect(create?.args).toEqual({
      request: {
        organisation: "Contoso Health",
        leadName: "Ada Moss",
        leadEmail: "ada@contoso.example",
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        keyMode: "passphrase",
        passphrase: "maple river lantern cobalt",
      },
    });
    expect(byText("Contoso Health", ".store-org")).toBeTruthy();
  });

  test("try with demo data", async () => {
    await start({ storeState: "missing" });
    await click(byText("Open the demo", "button"));
    await waitFor(() => heading("Dashboard"));
    expect(byText("Northwind Analytics Ltd", ".store-org")).toBeTruthy();
  });
});

describe("unlock", () => {
  test("a keychain store locked on demand unlocks with one button, no passphrase", async () => {
    const backend = await start({ storeState: "locked", keyMode: "keychain" });
    expect($("#unlock-passphrase")).toBeNull();
    expect(byText(/Its key is in this computer's keychain/, "p")).toBeTruthy();
    await click(byText("Unlock", "button"));
    await waitFor(() => heading("Dashboard"));
    expect(backend.calls.find((c) => c.cmd === "store_unlock")!.args).toEqual({ request: { passphrase: "" } });
  });

  test("a wrong passphrase is shown inline; the right one opens the store", async () => {
    await start({ storeState: "locked" });
    await type(byLabel("Passphrase"), "nope nope nope");
    await click(byText("Unlock", "button"));
    await waitFor(() => byText(/That passphrase does not open this store/, "p"));
    expect(byLabel("Passphrase").getAttribute("aria-invalid")).toBe("true");
    expect($$("[role='alert']").length).toBe(0); // inline, not a toast
    await type(byLabel("Passphrase"), DEMO_PASSPHRASE);
    await click(byText("Unlock", "button"));
    await waitFor(() => heading("Dashboard"));
  });
});

describe("a damaged store", () => {
  const DAMAGE =
    "/home/priya/.local/share/quorum/quorum.db is damaged (database disk image is malformed): the file is at fault, not the key. Fix: restore its newest automatic backup, or copy every readable row into a new store with `quorum salvage`";

  test("unlocking names the damage and offers salvage, which reports what was lost and opens the new store", async () => {
    let chosen: string | null = null;
    const backend = await start({ storeState: "locked", damaged: DAMAGE, dialogs: { save: () => chosen } });
    expect($("#salvage-start")).toBeNull();
    await type(byLabel("Passphrase"), DEMO_PASSPHRASE);
    await click(byText("Unlock", "button"));
    await waitFor(() => $("#salvage-start"));
    expect($(".banner-error")!.textContent).toContain("the file is at fault, not the key");
    // The Save dialog cancelled: nothing is salvaged.
    await click($("#salvage-start")!);
    expect(backend.calls.some((c) => c.cmd === "store_salvage")).toBe(false);
    expect(backend.calls.find((c) => c.cmd === "file_choose_save")!.args).toEqual({ request: { suggestedPath: "/home/priya/.local/share/quorum/quorum salvaged.db" } });
    chosen = "/home/priya/quorum salvaged.db";
    await click($("#salvage-start")!);
    expect(await waitFor(() => $("#salvage-report")?.textContent)).toContain("audit_events                1781 rows copied; LOST rows 563-572");
    expect(backend.calls.find((c) => c.cmd === "store_salvage")!.args).toEqual({ request: { out: "/home/priya/quorum salvaged.db", passphrase: DEMO_PASSPHRASE } });
    await click(byText("Open the salvaged store", "button"));
    await waitFor(() => heading("Dashboard"));
  });

  test("salvage needs the passphrase first: the new store keeps the same key", async () => {
    const backend = await start({ storeState: "locked", damaged: DAMAGE });
    await type(byLabel("Passphrase"), DEMO_PASSPHRASE);
    await click(byText("Unlock", "button"));
    await waitFor(() => $("#salvage-start"));
    await type(byLabel("Passphrase"), "");
    await click($("#salvage-start")!);
    expect(byText(/the salvaged store keeps the same key/, "p")).toBeTruthy();
    expect(backend.calls.some((c) => c.cmd === "file_choose_save")).toBe(false);
  });
});

describe("backend errors", () => {
  test("a failing command is shown as a readable message, not swallowed", async () => {
    await start({ storeState: "open", failures: { dashboard: { kind: "io", message: "The store file could not be read: disk full." } } });
    const alert = await waitFor(() => $$("[role='alert']").find((el) => el.textContent?.includes("disk full")));
    expect(alert.textContent).toContain("Something went wrong");
    expect(alert.textContent).toContain("dashboard · io");
    expect(byText(/The dashboard could not be loaded/, "p")).toBeTruthy();
    await click(alert.querySelector("button[aria-label='Dismiss message']"));
    expect($$(".toast").length).toBe(0);
  });
});

describe("keyboard", () => {
  test("G then a letter navigates and focuses the new screen's heading", async () => {
    await start({ storeState: "open" });
    await key(document.body, "g");
    await key(document.body, "a");
    await waitFor(() => heading("Actions"));
    expect(location.hash).toBe("#/actions");
    expect(document.activeElement?.tagName).toBe("H1");
    expect($("a[aria-current='page']")!.textContent).toBe("Actions");
    await key(document.body, "g");
    await key(document.body, "r");
    await waitFor(() => heading("Reviews"));
  });

  test("Ctrl+K opens the palette, typing filters, Enter runs, Esc closes", async () => {
    await start({ storeState: "open" });
    await key(window, "k", { ctrlKey: true });
    const palette = await waitFor(() => $("[role='dialog'][aria-label='Command palette']"));
    const input = palette.querySelector("input")!;
    expect(document.activeElement).toBe(input);
    const titles = $$("[role='option']").map((o) => o.textContent);
    for (const target of ["Dashboard", "Reviews", "Actions", "Calendar", "People", "Settings"]) expect(titles.some((t) => t?.includes(`Go to ${target}`))).toBe(true);
    await type(input, "go to calendar");
    expect($$("[role='option']")).toHaveLength(1);
    await key(input, "Enter");
    await waitFor(() => heading("Calendar"));
    expect($("[aria-label='Command palette']")).toBeNull();
    await key(window, "k", { metaKey: true });
    await waitFor(() => $("[aria-label='Command palette']"));
    await key($("[aria-label='Command palette'] input")!, "Escape");
    expect($("[aria-label='Command palette']")).toBeNull();
  });

  test("screens register their commands and records in the palette", async () => {
    await start({ storeState: "open" });
    await goTo("#/actions");
    await waitFor(() => rows().length > 0);
    await key(window, "k", { ctrlKey: true });
    await type($("[aria-label='Command palette'] input")!, "ACT-2026-004");
    const option = await waitFor(() => $$("[role='option']").find((o) => o.textContent?.includes("Retest backup restore")));
    await click(option);
    expect(location.hash).toBe("#/actions/ACT-2026-004");
    await waitFor(() => $("[role='dialog'][aria-label^='Retest backup']"));
  });

  test("the palette finds any record from any screen", async () => {
    await start({ storeState: "open" });
    await waitFor(() => heading("Dashboard"));
    await key(window, "k", { ctrlKey: true });
    const input = await waitFor(() => $<HTMLInputElement>("[aria-label='Command palette'] input"));
    await type(input, "MR-2026-AH1");
    await waitFor(() => $$("[role='option']").length === 1);
    await key(input, "Enter");
    expect(location.hash).toBe("#/reviews/MR-2026-AH1");
  });

  test("/ focuses the search box", async () => {
    await start({ storeState: "open" });
    await goTo("#/actions");
    await waitFor(() => rows().length > 0);
    await key(document.body, "/");
    expect(document.activeElement).toBe(byLabel("Search actions"));
  });
});

describe("action register", () => {
  test("filters, sorting and their persistence across navigation", async () => {
    await start({ storeState: "open" });
    await goTo("#/actions");
    await waitFor(() => rows().length > 0);
    // The register opens on the open and overdue actions (open or in progress).
    expect(byLabel<HTMLSelectElement>("Status").value).toBe("active");
    expect(rows().every((r) => /Open|In progress/.test(r.textContent ?? ""))).toBe(true);
    const active = rows().length;
    await choose(byLabel<HTMLSelectElement>("Status"), "all");
    await flush();
    const all = rows().length;
    expect(all).toBeGreaterThanOrEqual(12);
    expect(active).toBeLessThan(all);

    await choose(byLabel<HTMLSelectElement>("Status"), "in_progress");
    await flush();
    expect(rows().every((r) => r.textContent?.includes("In progress"))).toBe(true);
    await choose(byLabel<HTMLSelectElement>("Owner"), "Tom Okafor");
    await flush();
    expect(rows().map((r) => r.dataset.key)).toEqual(["ACT-2026-002"]);
    await choose(byLabel<HTMLSelectElement>("Owner"), "all");
    await flush();
    await choose(byLabel<HTMLSelectElement>("Status"), "all");
    await flush();
    await choose(byLabel<HTMLSelectElement>("Priority"), "high");
    await flush();
    await choose(byLabel<HTMLSelectElement>("Due"), "overdue");
    await flush();
    const filtered = rows().map((r) => r.dataset.key);
    expect(filtered.length).toBeGreaterThan(0);
    expect(rows().every((r) => /overdue by/.test(r.textContent ?? ""))).toBe(true);
    expect(byText(new RegExp(`^${filtered.length} of ${all} actions$`), "span")).toBeTruthy();

    // Sort by ID descending.
    const idHeader = $$("th").find((th) => th.textContent?.startsWith("ID"))!;
    await click(idHeader.querySelector("button"));
    await flush();
    await click(idHeader.querySelector("button"));
    await flush();
    const sorted = rows().map((r) => r.dataset.key);
    expect(sorted).toEqual([...filtered].sort().reverse());

    // Away and back: same filters, same order.
    await goTo("#/dashboard");
    await waitFor(() => heading("Dashboard"));
    await goTo("#/actions");
    await waitFor(() => rows().length > 0);
    expect(byLabel<HTMLSelectElement>("Due").value).toBe("overdue");
    expect(byLabel<HTMLSelectElement>("Priority").value).toBe("high");
    expect(rows().map((r) => r.dataset.key)).toEqual(sorted);
    expect(JSON.parse(sessionStorage.getItem(VIEW_KEY)!).sort).toEqual({ column: "id", direction: "desc" });

    await click(byText("Clear filters", "button"));
    await flush();
    expect(rows()).toHaveLength(all);
    await choose(byLabel<HTMLSelectElement>("Due"), "escalated");
    await flush();
    expect(rows().map((r) => r.dataset.key).sort()).toEqual(["ACT-2026-002", "ACT-2026-004", "ACT-2026-012"]);
  });

  test("Enter on a row opens the detail panel; Esc closes it", async () => {
    await start({ storeState: "open" });
    await goTo("#/actions");
    await waitFor(() => rows().length > 0);
    rows()[0].focus();
    await key(rows()[0], "ArrowDown");
    const id = rows()[1].dataset.key!;
    await key(document.activeElement!, "Enter");
    expect(location.hash).toBe(`#/actions/${id}`);
    const panel = await waitFor(() => $("[role='dialog']"));
    expect(panel.textContent).toContain(id);
    expect(panel.textContent).toMatch(/Owner/);
    await key(panel, "Escape");
    await waitFor(() => !$("[role='dialog']"));
    expect(location.hash).toBe("#/actions");
    // Esc also closes it when focus went back to the table.
    await click(rows()[2]);
    await waitFor(() => $("[role='dialog']"));
    await key(rows()[2], "Escape");
    await waitFor(() => !$("[role='dialog']"), "panel closed from the table");
  });

  test("with the panel open, J and K (or Next and Previous) step through the register, the row kept in view", async () => {
    await start({ storeState: "open" });
    await goTo("#/actions");
    await waitFor(() => rows().length > 2);
    const scrolled: string[] = [];
    vi.spyOn(HTMLElement.prototype, "scrollIntoView").mockImplementation(function (this: HTMLElement) {
      scrolled.push(this.dataset.key ?? "");
    });
    const [first, second, third] = rows().map((r) => r.dataset.key!);
    await click(rows()[0]);
    const steps = () => $("nav[aria-label='Other actions in the register']")!;
    await waitFor(() => $("[role='dialog']") && steps());
    expect(steps().textContent).toMatch(new RegExp(`1 of ${rows().length}`));
    expect((byText("← Previous", "button") as HTMLButtonElement).disabled).toBe(true);
    await key($("[role='dialog'] h2")!, "j");
    await waitFor(() => location.hash === `#/actions/${second}`);
    await waitFor(() => $("[role='dialog']")?.textContent?.includes(second));
    expect($(`tr[data-key='${second}']`)!.getAttribute("aria-current")).toBe("true");
    expect(scrolled.at(-1)).toBe(second);
    await click(byText("Next →", "button"));
    await waitFor(() => location.hash === `#/actions/${third}`);
    await key($("[role='dialog'] h2")!, "k");
    await key($("[role='dialog'] h2")!, "k");
    await waitFor(() => location.hash === `#/actions/${first}`);
    // Typing a note is not stepping.
    const note = await waitFor(() => $<HTMLTextAreaElement>("[role='dialog'] textarea"));
    await key(note, "j");
    expect(location.hash).toBe(`#/actions/${first}`);
  });

  test("missing owner, target date and priority: said in words, sorted last, filtered and searched", async () => {
    await start({ storeState: "open" });
    await goTo("#/actions");
    await waitFor(() => rows().length > 0);
    const row = (id: string) => rows().find((r) => r.dataset.key === id)!;
    const cells = (id: string) => [...row(id).querySelectorAll("td:not(.select-cell)")].map((td) => td.textContent);
    expect(cells("ACT-2026-017").slice(2, 5)).toEqual(["No owner", "No target date", "No priority"]);
    expect(row("ACT-2026-017").querySelectorAll(".none")).toHaveLength(3);
    expect(document.body.textContent).not.toMatch(/null|undefined|NaN/);

    // Target date (the default sort, ascending), then descending: undated rows last both ways.
    const keys = () => rows().map((r) => r.dataset.key!);
    expect(keys().slice(-2).sort()).toEqual(["ACT-2026-017", "ACT-2026-018"]);
    const header = (name: string) => $$("th").find((th) => th.textContent?.startsWith(name))!.querySelector("button");
    await click(header("Target date"));
    await flush();
    expect(keys().slice(-2).sort()).toEqual(["ACT-2026-017", "ACT-2026-018"]);
    for (const direction of ["asc", "desc"]) {
      await click(header("Owner"));
      await flush();
      expect(JSON.parse(sessionStorage.getItem(VIEW_KEY)!).sort).toEqual({ column: "owner", direction });
      expect(keys().slice(-2).sort()).toEqual(["ACT-2026-017", "ACT-2026-019"]);
    }
    for (const direction of ["asc", "desc"]) {
      await click(header("Priority"));
      await flush();
      expect(JSON.parse(sessionStorage.getItem(VIEW_KEY)!).sort).toEqual({ column: "priority", direction });
      expect(keys().at(-1)).toBe("ACT-2026-017");
    }

    await choose(byLabel<HTMLSelectElement>("Owner"), NO_OWNER);
    await flush();
    expect(keys().sort()).toEqual(["ACT-2026-017", "ACT-2026-019"]);
    await choose(byLabel<HTMLSelectElement>("Owner"), "all");
    await flush();
    await choose(byLabel<HTMLSelectElement>("Priority"), "none");
    await flush();
    expect(keys()).toEqual(["ACT-2026-017"]);
    await choose(byLabel<HTMLSelectElement>("Priority"), "all");
    await flush();
    await type(byLabel("Search actions"), "no owner");
    await flush();
    expect(keys().sort()).toEqual(["ACT-2026-017", "ACT-2026-019"]);
    await type(byLabel("Search actions"), "null");
    await flush();
    expect(rows()).toHaveLength(0);
    await type(byLabel("Search actions"), "");
    await flush();

    await click(row("ACT-2026-017"));
    await waitFor(() => $("[role='dialog']"));
    for (const words of ["No owner", "No target date", "No priority", "Not from a review"]) expect(byText(words, ".details .none")).toBeTruthy();
  });

  test("an action escalated and then closed no longer counts as escalated", async () => {
    await start({ storeState: "open" });
    await goTo("#/actions/ACT-2026-020");
    const panel = await waitFor(() => $("[role='dialog']"));
    expect(panel.querySelector(".chip-escalated")).toBeNull();
    expect(panel.textContent).toContain("Was escalated to");
    // The person it went to, with the level of the organisation's path; never "Step 1".
    await waitFor(() => /Was escalated to\S.* \(Line manager\)/.test(panel.textContent ?? ""));
    expect(panel.textContent).not.toMatch(/Step \d/);
  });

  test("an empty register explains what an action is", async () => {
    await start({ storeState: "open", empty: true });
    await goTo("#/actions");
    await waitFor(() => heading("No actions yet"));
    expect(byText(/An action is something top management decided/, "p")).toBeTruthy();
  });
});

describe("reviews", () => {
  test("the list opens a review's panel with the actions decided there", async () => {
    await start({ storeState: "open" });
    await goTo("#/reviews");
    const table = await waitFor(() => $("table[aria-label='Management reviews']"));
    expect(table.querySelectorAll("tbody tr").length).toBe(6);
    // Wall time as written, with its zone; newest first by default.
    const q4 = $("tr[data-key='MR-2026-03']")!;
    expect(q4.textContent).toContain(`${formatWallTime("2026-12-03T10:00")}Europe/London`);
    expect(q4.textContent).toMatch(/10:00/);
    expect(q4.textContent).toContain("Invitations sent");
    expect(q4.querySelector(".chip-review-invitations_sent svg")).toBeTruthy();
    const ah2 = $("tr[data-key='MR-2026-AH2']")!;
    expect(ah2.textContent).toContain(`${formatWallTime("2026-10-24T09:30")}America/New_York`);
    expect(ah2.textContent).toContain("Cancelled");
    expect(ah2.textContent).toContain("SOC 2");
    const labels = $$(".chip-review").map((c) => c.textContent);
    expect(labels).toEqual(["Planned", "Invitations sent", "Cancelled", "Minutes drafted", "Approved", "Approved"]);
    await click($("tr[data-key='MR-2026-AH1']"));
    expect(location.hash).toBe("#/reviews/MR-2026-AH1");
    await waitFor(() => heading("Ad hoc review after the API key exposure"));
    // Approved: it opens as the document, not as forms.
    const doc = await waitFor(() => $("#approved-document"));
    expect(doc.textContent).toMatch(/(14:00|2:00 PM) \(Europe\/London\)/);
    expect(doc.textContent).toContain("Quorummet");
    expect(doc.querySelectorAll("input, select, textarea")).toHaveLength(0);
    await click($("[role='tab']#tab-actions"));
    await waitFor(() => $(".panel-list a"));
    expect($$(".panel-list a").map((a) => a.textContent)).toEqual(["ACT-2026-008"]);
  });

  test("a new review: validated, created, and opened in its workspace", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/reviews");
    await click(await waitFor(() => $("#new-review")));
    const form = await waitFor(() => $("#new-review-form"));
    await click(form.querySelector("button[type='submit']"));
    expect(byLabel("Title").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(byLabel("Title"));
    expect(byText(/Enter the meeting's date/, "p")).toBeTruthy();
    expect(backend.calls.some((c) => c.cmd === "review_create")).toBe(false);
    await type(byLabel("Title"), "Q1 2027 management review");
    await type(byLabel("Date"), "2027-03-09");
    await click(form.querySelector("button[type='submit']"));
    await waitFor(() => heading("Q1 2027 management review"));
    expect(location.hash).toBe("#/reviews/MR-2027-02");
    const call = backend.calls.find((c) => c.cmd === "review_create")!;
    expect(call.args).toMatchObject({ request: { title: "Q1 2027 management review", trigger: null, scope: "both", startsAt: "2027-03-09T10:00:00", durationMinutes: 90, location: null } });
    expect($(".workspace-ref")!.textContent).toBe("MR-2027-02");
    // Before the meeting the quorum is not recorded, and the rule comes from the settings.
    expect($("#quorum-outcome")!.textContent).toContain("Not recorded yet");
    expect($("#quorum-rule")!.textContent).toBe("The quorum rule (Settings): the chair present, at least 1 member of top management in person and at least 3 members present or represented by a delegate.");
  });

  test("the lifecycle moves forward; cancelling asks for the reason", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/reviews/MR-2027-01");
    await waitFor(() => heading("Q2 2027 management review"));
    await click(byText("Mark the invitations sent", "button"));
    await waitFor(() => byText("Mark the pack circulated", "button"));
    expect(backend.calls.find((c) => c.cmd === "review_transition")!.args).toEqual({ request: { reference: "MR-2027-01", to: "invitations_sent", on: undefined, note: undefined } });
    expect($("header .chip-review")!.textContent).toBe("Invitations sent");
    await click(byText("Cancel this review…", "button"));
    await click(byText("Cancel the review", "button"));
    expect(byText(/Say why the review is cancelled/, "p")).toBeTruthy();
    await type(byLabel("Why is it cancelled?"), "Merged into the Q1 review");
    await click(byText("Cancel the review", "button"));
    await waitFor(() => byText(/Cancelled: Merged into the Q1 review/, "p"));
    expect(byText("Mark the pack circulated", "button")).toBeUndefined();
  });
});

describe("review workspace", () => {
  test("invite by name, record attendance (a delegate needs a name), the quorum follows", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/reviews/MR-2027-01");
    await waitFor(() => heading("Invitees and attendance"));
    expect(byText(/Nobody is invited yet/, "p")).toBeTruthy();
    await click(byText("Invite", "button"));
    expect(byText(/Enter the person's name or email/, "p")).toBeTruthy();
    await type(byLabel("Invite (name or email)"), "Elena");
    await choose(byLabel("As") as unknown as HTMLSelectElement, "chair");
    await click(byText("Invite", "button"));
    await waitFor(() => byLabel("Attendance of Elena Novak"));
    expect(backend.calls.find((c) => c.cmd === "review_invite")!.args).toEqual({ request: { reference: "MR-2027-01", person: "Elena", role: "chair", required: true } });
    await choose(byLabel("Attendance of Elena Novak") as unknown as HTMLSelectElement, "present");
    await waitFor(() => backend.calls.find((c) => c.cmd === "review_attend"));
    for (const [name, role] of [["Marcus", "top_management"], ["Sam", "department_head"]]) {
      await type(byLabel("Invite (name or email)"), name);
      await choose(byLabel("As") as unknown as HTMLSelectElement, role);
      await click(byText("Invite", "button"));
      await waitFor(() => $$(".attendance-table tbody tr").length === (name === "Marcus" ? 2 : 3));
    }
    await choose(byLabel("Attendance of Marcus Bell") as unknown as HTMLSelectElement, "present");
    await waitFor(() => backend.calls.filter((c) => c.cmd === "review_attend").length === 2);
    // A delegate: the name is asked first, then saved with it.
    await choose(byLabel("Attendance of Sam Adeyemi") as unknown as HTMLSelectElement, "delegate");
    expect(backend.calls.filter((c) => c.cmd === "review_attend").length).toBe(2);
    await type(byLabel("Delegate for Sam Adeyemi"), "Jo Park");
    await click(byText("Save", "button"));
    await waitFor(() => backend.calls.filter((c) => c.cmd === "review_attend").length === 3);
    expect(backend.calls.filter((c) => c.cmd === "review_attend").at(-1)!.args).toEqual({ request: { reference: "MR-2027-01", personId: 4, attendance: "delegate", delegate: "Jo Park" } });
    // The meeting is still ahead: no red "no quorum", the outcome is not recorded yet.
    expect($("#quorum-outcome")!.textContent).toContain("Not recorded yet");
    expect($(".quorum-outcome.not-met")).toBeNull();
  });

  test("inputs autosave: on blur at once, with the saved state in words; nothing to report needs a reason", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/reviews/MR-2027-01");
    await waitFor(() => heading("Q2 2027 management review"));
    await click($("#tab-inputs"));
    const summary = await waitFor(() => document.getElementById("input-d2-summary") as HTMLTextAreaElement | null);
    expect($(".inputs > p")!.textContent).toContain("0 of 10 inputs addressed");
    await type(summary as unknown as HTMLInputElement, "Phishing click rate down to 3% (target 5%).");
    expect(backend.calls.some((c) => c.cmd === "review_input_set")).toBe(false); // debounced
    summary.dispatchEvent(new FocusEvent("blur"));
    await waitFor(() => document.getElementById("input-d2-saved")!.textContent === "Saved");
    expect(backend.calls.find((c) => c.cmd === "review_input_set")!.args).toEqual({ request: { reference: "MR-2027-01", code: "d2", change: { summary: "Phishing click rate down to 3% (target 5%)." } } });
    expect($(".inputs > p")!.textContent).toContain("1 of 10 inputs addressed");
    const nothing = $$<HTMLInputElement>(".input-card").find((c) => c.textContent?.includes("Audit results"))!.querySelector<HTMLInputElement>("input[type='checkbox']")!;
    await click(nothing);
    const reason = await waitFor(() => document.getElementById("input-d3-reason") as HTMLInputElement | null);
    await type(reason, "No audit took place this quarter");
    reason.dispatchEvent(new FocusEvent("blur"));
    await waitFor(() => backend.calls.filter((c) => c.cmd === "review_input_set").length === 2);
    expect(backend.calls.filter((c) => c.cmd === "review_input_set")[1].args).toEqual({ request: { reference: "MR-2027-01", code: "d3", change: { nothingToReport: "No audit took place this quarter" } } });
    await waitFor(() => $(".inputs > p")!.textContent!.includes("2 of 10"));
  });

  test("raise an action at the review: what, who and by when are required", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/reviews/MR-2027-01");
    await waitFor(() => heading("Q2 2027 management review"));
    await click($("#tab-actions"));
    const form = await waitFor(() => $("#raise-action-form"));
    await waitFor(() => (byLabel("Owner") as unknown as HTMLSelectElement).options.length > 1);
    await click(form.querySelector("button[type='submit']"));
    expect(document.activeElement).toBe(byLabel("What must be done"));
    expect(byText("Choose who owns it.", "p")).toBeTruthy();
    expect(backend.calls.some((c) => c.cmd === "action_add")).toBe(false);
    await type(byLabel("What must be done"), "Retest the backup restore quarterly");
    await choose(byLabel("Owner") as unknown as HTMLSelectElement, "4");
    await type(byLabel("Target date"), "2027-06-30");
    await choose(byLabel("Priority") as unknown as HTMLSelectElement, "high");
    await click(form.querySelector("button[type='submit']"));
    await waitFor(() => byText(/Retest the backup restore quarterly/, ".panel-list span"));
    expect(backend.calls.find((c) => c.cmd === "action_add")!.args).toEqual({
      request: { description: "Retest the backup restore quarterly", source: "improvement", reviewId: 6, ownerId: 4, targetOn: "2027-06-30", priority: "high" },
    });
    expect((byLabel("What must be done") as HTMLInputElement).value).toBe("");
  });

  test("readiness findings link to the tab where they are fixed", async () => {
    await start({ storeState: "open" });
    await goTo("#/reviews/MR-2027-01");
    await waitFor(() => heading("Q2 2027 management review"));
    await click($("#tab-readiness"));
    await waitFor(() => $(".findings li"));
    expect($(".readiness-summary")!.textContent).toContain("10 nonconformities and 1 observation an auditor");
    // The step strip counts from the record; the readiness step from the check.
    expect($("#step-inputs")!.textContent).toBe("0/10");
    expect($("#step-readiness")!.textContent).toBe("11");
    await click(byText("Fix in Details", "button"));
    expect($("#tab-details")!.getAttribute("aria-selected")).toBe("true");
    await waitFor(() => document.activeElement === $("#lc-next"), "the finding's field focused");
    // An input's finding reaches its own field.
    await click($("#tab-readiness"));
    await waitFor(() => $(".findings li"));
    const d2 = $$(".findings li").find((li) => li.textContent?.includes("Input d2"))!;
    await click(d2.querySelector("button"));
    await waitFor(() => document.activeElement?.id === "input-d2-summary", "input d2's summary focused");
    // The tab is remembered for this review.
    await goTo("#/reviews");
    await goTo("#/reviews/MR-2027-01");
    await waitFor(() => $("#tab-inputs")?.getAttribute("aria-selected") === "true", "the last tab again");
  });
});

describe("dashboard", () => {
  test("the next review in its own zone, with its status; readiness from its check", async () => {
    await start({ storeState: "open" });
    await waitFor(() => heading("Q4 2026 management review"));
    expect($(".next-meta")!.textContent).toBe(`${formatMeetingTime("2026-12-03T10:00", "Europe/London")}Invitations sent`);
    // The readiness card counts the next review's check, and its figures open it.
    expect($("#figure-nonconformities")!.getAttribute("href")).toBe("#/reviews/MR-2026-03");
    expect(byText("75%", "dd")).toBeTruthy();
    expect($$(".milestones li").map((li) => li.className)).toEqual(["done", "done", "todo", "todo"]);
    expect(byText("Completed action ACT-2026-011", ".activity-summary")).toBeTruthy();
  });

  test("nothing closed yet: the on-time share is a dash with a hint, not 0%", async () => {
    await start({
      storeState: "open",
      responses: {
        dashboard: {
          nextReview: { reference: "MR-2027-01", title: "First review", startsAt: "2026-12-01T23:30", timeZone: "Asia/Tokyo", status: "planned", milestones: [] },
          register: { open: 3, overdue: 0, escalated: 0, onTimeShare: null },
          readiness: { nonconformities: 1, observations: 0, preparation: 3 },
          recentActivity: [],
        },
      },
    });
    await waitFor(() => heading("First review"));
    const onTime = byText("Closed on time", "dt")!.nextElementSibling!;
    expect(onTime.textContent).toBe("—");
    expect(onTime.getAttribute("aria-label")).toBe("Not measured yet");
    expect(byText(/shown once the first action is closed/, "p")).toBeTruthy();
    expect(document.body.textContent).not.toContain("0%");
    // 23:30 in Tokyo on 1 Dec is 8 days from 23 Nov, whatever the browser's zone.
    expect($(".countdown-value")!.textContent).toBe("8");
    expect($(".next-meta")!.textContent).toBe(`${formatMeetingTime("2026-12-01T23:30", "Asia/Tokyo")}Planned`);
    expect($(".next-meta")!.textContent).toMatch(/Dec.*(23:30|11:30 PM)/);
    expect(byText("Nonconformities", "dt")!.nextElementSibling!.textContent).toBe("1");
    // Every figure opens the view it counts: Overdue opens the register on the overdue actions.
    await click($("#figure-overdue"));
    await waitFor(() => location.hash === "#/actions");
    await waitFor(() => (byLabel("Due") as HTMLSelectElement | undefined)?.value === "overdue", "the overdue filter");
  });
});

describe("settings", () => {
  test("retention only grows; verification and backup report back", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/settings");
    const retention = await waitFor(() => document.getElementById("set-retention") as HTMLInputElement | null);
    expect(retention.value).toBe("3");
    await type(retention, "2");
    await click(byText("Extend the period", "button"));
    expect(byText(/it can only grow/, ".field-error")).toBeTruthy();
    expect(backend.calls.some((c) => c.cmd === "retention_set")).toBe(false);
    await type(retention, "7");
    await click(byText("Extend the period", "button"));
    await waitFor(() => backend.calls.find((c) => c.cmd === "retention_set"));
    expect(backend.calls.find((c) => c.cmd === "retention_set")!.args).toEqual({ request: { years: 7 } });
    await waitFor(() => (document.getElementById("set-retention") as HTMLInputElement).value === "7");

    await click(byText("Verify the store", "button"));
    const status = await waitFor(() => $(".banner[role='status']"));
    expect(status.textContent).toContain("Intact.");
    expect(status.textContent).toContain("1,284 events");

    const path = document.getElementById("set-backup") as HTMLInputElement;
    expect(path.value).toMatch(/quorum-backup-\d{4}-\d{2}-\d{2}\.db$/);
    await click(byText("Back up now", "button"));
    await waitFor(() => byText("Backup saved", "*"));
    expect(backend.calls.find((c) => c.cmd === "store_backup")!.args).toEqual({ request: { path: path.value } });
  });

  test("idle time locks the store", async () => {
    const { vi } = await import("vitest");
    localStorage.setItem("quorum.idleLockMinutes", "5");
    const backend = await start({ storeState: "open" });
    await waitFor(() => heading("Dashboard"));
    // Fake timers from here on; any activity re-arms the idle timer on them.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      window.dispatchEvent(new Event("pointerdown"));
      vi.advanceTimersByTime(4 * 60_000);
      expect(backend.calls.some((c) => c.cmd === "store_lock")).toBe(false);
      window.dispatchEvent(new KeyboardEvent("keydown", { key: "Shift" }));
      vi.advanceTimersByTime(4 * 60_000);
      expect(backend.calls.some((c) => c.cmd === "store_lock")).toBe(false);
      // Removals waiting on their Undo are sent first, then the store locks.
      await vi.advanceTimersByTimeAsync(60_000 + 10);
      expect(backend.calls.some((c) => c.cmd === "store_lock")).toBe(true);
    } finally {
      vi.useRealTimers();
      localStorage.clear();
    }
  });
});

describe("people", () => {
  test("add a person (validated), edit their line manager, inactive ones on demand", async () => {
    const backend = await start({ storeState: "open" });
    await goTo("#/people");
    await waitFor(() => $("table[aria-label='People'] tbody tr"));
    expect($$("table[aria-label='People'] tbody tr").length).toBe(4);
    await click($("#add-person"));
    const form = await waitFor(() => $("#person-form"));
    await type(byLabel("Email (optional)"), "not an email");
    await click(form.querySelector("button[type='submit']"));
    expect(document.activeElement).toBe(byLabel("Name"));
    expect(byText(/Enter an email like/, "p")).toBeTruthy();
    expect(backend.calls.some((c) => c.cmd === "person_add")).toBe(false);
    await type(byLabel("Name"), "Ada Osei");
    await type(byLabel("Email (optional)"), "ada.osei@northwind.example");
    await type(byLabel("Job title"), "Head of People");
    await choose(byLabel("Line manager") as unknown as HTMLSelectElement, "2");
    await click(byText(/Top management \(counts/, "label")!.querySelector("input"));
    await click(form.querySelector("button[type='submit']"));
    await waitFor(() => $$("table[aria-label='People'] tbody tr").length === 5);
    expect(backend.calls.find((c) => c.cmd === "person_add")!.args).toEqual({
      request: { name: "Ada Osei", email: "ada.osei@northwind.example", jobTitle: "Head of People", department: "", lineManagerId: 2, topManagement: true, active: true },
    });
    // Edit: the row opens the panel with the person's values.
    await click($("tr[data-key='4']"));
    await waitFor(() => (byLabel("Name") as HTMLInputElement).value === "Sam Adeyemi");
    await choose(byLabel("Line manager") as unknown as HTMLSelectElement, "3");
    await click(byText("Save", "button"));
    await waitFor(() => backend.calls.find((c) => c.cmd === "person_update"));
    expect(backend.calls.find((c) => c.cmd === "person_update")!.args).toMatchObject({ request: { id: 4, change: { lineManagerId: 3 } } });
    await waitFor(() => $("tr[data-key='4']")?.textContent?.includes("Marcus Bell"));
    await click(byText(/Show inactive/, "label")!.querySelector("input"));
    await waitFor(() => $$("table[aria-label='People'] tbody tr").length === 6);
  });
});
