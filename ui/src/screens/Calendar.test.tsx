// The Calendar screen and the register's bulk changes, detail panel and exports, over the
// mock backend (mockIPC), in happy-dom.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { App } from "../App";
import { actionPage, demoActions, installMock, MOCK_NOW } from "../lib/ipc/mock";
import type { ActionQuery } from "../lib/ipc";
import { PAGE_SIZE } from "./Actions";
import { clearToasts } from "../lib/toasts";
import { setClock } from "../lib/clock";
import { wallInZone } from "../lib/format";
import { $, $$, byLabel, byText, choose, click, flush, goTo, heading, key, mount, type, unmount, waitFor } from "../test/helpers";

const NOW = new Date(MOCK_NOW);

beforeEach(() => {
  sessionStorage.clear();
  clearToasts();
  setClock(() => NOW);
  location.hash = "";
});
afterEach(unmount);

async function start(options: Parameters<typeof installMock>[0] = {}) {
  const backend = installMock({ now: NOW, storeState: "open", ...options });
  mount(<App />);
  await flush();
  return backend;
}

const rows = () => $$("table[aria-label='Action register'] tbody tr");
const month = (name: string) => $$("section.month").find((s) => s.querySelector("h2")?.textContent === name)!;

describe("calendar", () => {
  test("the year's reviews, milestones, action due dates and holidays by month", async () => {
    const backend = await start();
    await goTo("#/calendar");
    await waitFor(() => $$("section.month").length === 12, "twelve months");
    expect(backend.calls.find((c) => c.cmd === "calendar_year")?.args).toEqual({ request: { year: 2026 } });
    // The Q4 review (in 10 days) with its status, and its milestones before it.
    const december = month("December");
    expect(december.textContent).toContain("MR-2026-03");
    expect(december.textContent).toContain("Invitations sent");
    expect(month("November").textContent).toMatch(/Send invitations/);
    expect(month("December").textContent).toContain("Christmas Day");
    expect($$(".entry-action").length).toBeGreaterThan(0);
    expect(byText("Edit the holidays in Settings", "a")?.getAttribute("href")).toBe("#/settings");
    // The cancelled ad hoc review is shown, struck through.
    expect($(".entry-review.cancelled")?.textContent).toContain("MR-2026-AH2");

    await click(byLabel("Next year"));
    await waitFor(() => backend.calls.some((c) => c.cmd === "calendar_year" && (c.args as { request: { year: number } }).request.year === 2027));
    await waitFor(() => month("June")?.textContent?.includes("MR-2027-01"), "next year's review");
  });

  test("plan a year: validation, then what was created is listed and shown", async () => {
    const backend = await start();
    await goTo("#/calendar");
    await waitFor(() => $$("section.month").length === 12);
    await click(byText(/Plan a year/, "button"));
    await waitFor(() => heading("Plan a year"));
    await type(byLabel("Year"), "2027");
    await choose(byLabel<HTMLSelectElement>("Cadence"), "months");
    // Chosen months: none ticked is refused before the backend is asked.
    for (const box of $$<HTMLInputElement>(".month-picks input:checked")) await click(box);
    await click(byText("Plan the year", "button"));
    expect(byText("Choose at least one month.", "p")).toBeTruthy();
    expect(backend.calls.some((c) => c.cmd === "calendar_plan")).toBe(false);
    await click($$<HTMLInputElement>(".month-picks input")[2]);
    await click($$<HTMLInputElement>(".month-picks input")[8]);
    await choose(byLabel<HTMLSelectElement>("Weekday"), "thu");
    await type(byLabel("Room or video link"), "Board room");
    await click(byText("Plan the year", "button"));
    await waitFor(() => byText("Plan for 2027", "h3"), "plan result");
    const request = (backend.calls.find((c) => c.cmd === "calendar_plan")!.args as { request: Record<string, unknown> }).request;
    expect(request).toMatchObject({ year: 2027, cadence: "months", months: [3, 9], weekday: "thu", weekOfMonth: 2, time: "10:00", durationMinutes: 120, location: "Board room", timeZone: "Europe/London" });
    const result = $(".plan-result")!.textContent!;
    // The planned June review moves into the first free slot (March), keeping its reference;
    // September gets a new one.
    expect(result).toMatch(/MR-2027-01 Moved · .*Mar.*\(was .*Jun/);
    expect(result).toMatch(/MR-2027-02 Created · .*Sep/);
    // The planner switched to 2027 and shows them.
    await waitFor(() => month("March")?.textContent?.includes("MR-2027-01"), "March meeting");
    expect(month("September").textContent).toContain("MR-2027-02");
    expect(month("June").textContent).not.toContain("MR-2027-01 ");
  });

  test("a plan the backend refuses shows its message", async () => {
    await start({ failures: { calendar_plan: { kind: "invalid", message: "02:30 does not exist in Europe/London (the clocks go forward then): choose another time" } } });
    await goTo("#/calendar");
    await waitFor(() => $$("section.month").length === 12);
    await click(byText(/Plan a year/, "button"));
    await click(byText("Plan the year", "button"));
    await waitFor(() => byText(/the clocks go forward then/), "error toast");
  });

  test("invitation: .ics and .eml saved, opened in the mail program; an existing path is refused", async () => {
    const backend = await start();
    // Invitees exist for the review (added in the workspace).
    await goTo("#/reviews/MR-2026-03");
    await waitFor(() => heading("Q4 2026 management review"));
    await goTo("#/calendar/MR-2026-03");
    await waitFor(() => byText(/Prepare the invitation/, "button"));
    await click(byText(/Prepare the invitation/, "button"));
    await waitFor(() => byLabel("Save the .ics to").value !== "");
    expect(byLabel("Save the .ics to").value).toBe("/home/lead/Documents/Quorum/MR-2026-03 invitation.ics");
    // No invitees yet in this session: core's refusal is shown.
    await click(byText("Save the invitation", "button"));
    await waitFor(() => byText(/has no invitees yet/), "refusal");
    backend.state.attendees["MR-2026-03"] = [{ person: { id: 2, name: "Elena Novak", email: "elena.novak@northwind.example" }, jobTitle: null, role: "chair", required: true, topManagement: true, attendance: "unknown", delegateName: null }];
    await click(byText("Save the invitation", "button"));
    await waitFor(() => byText(/Open in mail program/, "button"), "written");
    expect(backend.state.written).toEqual(["/home/lead/Documents/Quorum/MR-2026-03 invitation.ics", "/home/lead/Documents/Quorum/MR-2026-03 invitation.eml"]);
    expect($(".issued")!.textContent).toContain("1 attendee");
    await click(byText(/Open in mail program/, "button"));
    expect(backend.state.opened).toEqual(["/home/lead/Documents/Quorum/MR-2026-03 invitation.eml"]);
    await click(byText("Save the invitation", "button"));
    await waitFor(() => byText(/already exists; Quorum never overwrites/), "no overwrite");
  });

  test("cancelling an invited meeting writes the cancellation; the reason is required", async () => {
    const backend = await start();
    await goTo("#/calendar/MR-2026-03");
    await waitFor(() => byText("Cancel this meeting…", "button"));
    await click(byText("Cancel this meeting…", "button"));
    await waitFor(() => byLabel("Save the cancellation .ics to").value !== "");
    await click(byText("Cancel the meeting", "button"));
    expect(byText(/Say why the meeting is cancelled/, "p")).toBeTruthy();
    await type(byLabel("Reason"), "Board offsite instead");
    await click(byText("Cancel the meeting", "button"));
    await waitFor(() => byText(/Open in mail program/, "button"), "cancellation written");
    const call = backend.calls.find((c) => c.cmd === "review_cancel")!.args as { request: Record<string, string> };
    expect(call.request).toMatchObject({ reference: "MR-2026-03", reason: "Board offsite instead", icsPath: "/home/lead/Documents/Quorum/MR-2026-03 cancellation.ics" });
    await waitFor(() => $$(".entry-review.cancelled").some((e) => e.textContent?.includes("MR-2026-03")), "struck through");
  });

  test("exports: the lead's calendar and the planner, each path shown with Open", async () => {
    const backend = await start();
    await goTo("#/calendar");
    await waitFor(() => $$("section.month").length === 12);
    await click(byText("Export…", "button"));
    await waitFor(() => byLabel("Save the calendar to").value !== "");
    await click(byText("Save the calendar", "button"));
    await waitFor(() => $(".written-file"), "written");
    expect(backend.state.written).toEqual(["/home/lead/Documents/Quorum/Management reviews 2026.ics"]);
    await click(byText("Open", "button"));
    expect(backend.state.opened).toEqual(["/home/lead/Documents/Quorum/Management reviews 2026.ics"]);
    await click(byText("Save the planner", "button"));
    await waitFor(() => backend.state.written.length === 2, "planner");
    expect(backend.state.written[1]).toBe("/home/lead/Documents/Quorum/Management review planner 2026.pdf");
  });

  test("meetings in another zone are shown on the organisation's clock", () => {
    // New York is UTC−5 until 14 March 2027, London UTC+0; from 28 March both are in summer time.
    expect(wallInZone("2027-03-09T09:30", "America/New_York", "Europe/London")).toBe("2027-03-09T14:30");
    expect(wallInZone("2027-03-20T09:30", "America/New_York", "Europe/London")).toBe("2027-03-20T13:30");
    expect(wallInZone("2027-07-01T10:00", "Europe/London", "Europe/London")).toBe("2027-07-01T10:00");
  });
});

describe("action register of ten busy years", () => {
  test("pages from core: never the whole register, search answers as you type, more rows as you scroll", async () => {
    const backend = installMock({ now: NOW, storeState: "open", manyActions: 20_000 });
    mount(<App />);
    await flush();
    await goTo("#/actions");
    await waitFor(() => rows().length > 0);
    // The register opens on the open and in-progress actions; this test pages through all of them.
    await choose(byLabel<HTMLSelectElement>("Status"), "all");
    await waitFor(() => byText("20,000 of 20,000 actions", "span"), "every action");
    expect(rows()).toHaveLength(PAGE_SIZE);
    expect(backend.calls.some((c) => c.cmd === "actions_list")).toBe(false);

    await click(byText(/^Show more \(19,900 not loaded yet\)$/, "button"));
    await waitFor(() => rows().length === 2 * PAGE_SIZE, "second page");
    const pages = backend.calls.filter((c) => c.cmd === "actions_page").map((c) => (c.args as { request: ActionQuery }).request);
    expect(pages.at(-1)).toMatchObject({ offset: PAGE_SIZE, limit: PAGE_SIZE, sort: "target_date" });

    // Each keystroke asks core; the table shows the answer to the last one.
    for (const text of ["(12", "(123", "(1234"]) await type(byLabel("Search actions"), text);
    await waitFor(() => rows().length === 11, "search answered");
    expect(rows().every((r) => r.textContent?.includes("(1234"))).toBe(true);
    expect(byText("11 of 20,000 actions", "span")).toBeTruthy();
    const searches = backend.calls.filter((c) => c.cmd === "actions_page").map((c) => (c.args as { request: ActionQuery }).request.filter?.search);
    expect(searches.slice(-3)).toEqual(["(12", "(123", "(1234"]);
  });
});

describe("action register: bulk, detail, export", () => {
  test("review and source filters, search by source words", async () => {
    await start();
    await goTo("#/actions");
    await waitFor(() => rows().length > 0);
    await choose(byLabel<HTMLSelectElement>("Status"), "all");
    await choose(byLabel<HTMLSelectElement>("Source"), "incident");
    await flush();
    expect(rows().map((r) => r.dataset.key).sort()).toEqual(["ACT-2026-008", "ACT-2026-017", "ACT-2026-020"]);
    await choose(byLabel<HTMLSelectElement>("Review"), "MR-2026-AH1");
    await flush();
    expect(rows().map((r) => r.dataset.key)).toEqual(["ACT-2026-008"]);
    await click(byText("Clear filters", "button"));
    await flush();
    await type(byLabel("Search actions"), "nonconformity");
    await flush();
    expect(rows().map((r) => r.dataset.key).sort()).toEqual(["ACT-2026-004", "ACT-2026-015"]);
  });

  test("bulk status change reports each change and each refusal with core's reason", async () => {
    const backend = await start();
    await goTo("#/actions");
    await waitFor(() => rows().length > 0);
    await choose(byLabel<HTMLSelectElement>("Status"), "all");
    await click(byLabel("Select ACT-2026-004"));
    // Space on a focused row selects it too.
    const row = rows().find((r) => r.dataset.key === "ACT-2026-006")!;
    row.focus();
    await key(row, " ");
    expect(byText("2 selected", "strong")).toBeTruthy();
    await choose(byLabel<HTMLSelectElement>("New status"), "completed");
    await click(byText("Apply", "button"));
    await waitFor(() => $(".bulk-results"), "results");
    const text = $(".bulk-results")!.textContent!;
    expect(text).toContain("1 changed, 1 refused.");
    expect(text).toContain("ACT-2026-004: now completed");
    expect(text).toMatch(/ACT-2026-006: refused \(ACT-2026-006 is already completed/);
    const call = backend.calls.find((c) => c.cmd === "actions_bulk_status")!.args as { request: { references: string[]; to: string } };
    expect(call.request.references.sort()).toEqual(["ACT-2026-004", "ACT-2026-006"]);
    expect(call.request.to).toBe("completed");
    await waitFor(() => rows().find((r) => r.dataset.key === "ACT-2026-004")?.textContent?.includes("Completed"), "reloaded");

    // Closing needs a verifier who is not the owner: Marcus Bell owns ACT-2026-006.
    await choose(byLabel<HTMLSelectElement>("New status"), "closed");
    await waitFor(() => $$("#bulk-verifier option").length > 1);
    await choose(byLabel<HTMLSelectElement>("Verifier"), "3");
    await type(byLabel("Evidence reviewed"), "Access review export of 20 Nov");
    await click(byText("Apply", "button"));
    await waitFor(() => $(".bulk-results")?.textContent?.includes("cannot verify it"), "owner refused");
    expect($(".bulk-results")!.textContent).toContain("ACT-2026-004: now closed");
  });

  test("the detail panel: history, verification by a non-owner, escalation, revised date", async () => {
    const backend = await start();
    await goTo("#/actions/ACT-2026-006");
    await waitFor(() => heading("Verification") ?? byText("Verification", "h3"), "verification form");
    expect(byText("History", "h3")).toBeTruthy();
    await choose(byLabel<HTMLSelectElement>("Verifier"), "3");
    await type(byLabel("Evidence reviewed"), "CRM access log");
    await click(byText("Accept and close", "button"));
    await waitFor(() => byText(/cannot verify it/), "owner refused");
    await choose(byLabel<HTMLSelectElement>("Verifier"), "1");
    await click(byText("Accept and close", "button"));
    await waitFor(() => $$(".history li").some((li) => li.textContent?.includes("Verification accepted by Priya Raman")), "history");

    // ACT-2026-004 is overdue and at level 1: the next level is the department head.
    await goTo("#/actions/ACT-2026-004");
    await waitFor(() => byText("Escalation", "h3"));
    await waitFor(() => byText(/Next level:/), "next level");
    expect(byText(/Next level:/)!.textContent).toContain("Department head (Marcus Bell)");
    await click(byText("Escalate", "button"));
    await waitFor(() => $$(".history li").some((li) => li.textContent?.includes("Escalated to level 2 (Department head): Marcus Bell")), "escalated");
    expect(backend.calls.some((c) => c.cmd === "action_escalate")).toBe(true);

    await type(byLabel("New target date"), "2026-12-31");
    await type(byLabel("Reason"), "Waiting for the policy board");
    await click(byText("Revise", "button"));
    await waitFor(() => $$(".history li").some((li) => /Target date moved from .* to .*Waiting for the policy board/.test(li.textContent ?? "")), "revised");
    expect($(".side-panel")!.textContent).toMatch(/originally/);
  });

  test("export writes the shown rows in the table's order, refuses an existing file", async () => {
    const backend = await start();
    await goTo("#/actions");
    await waitFor(() => rows().length > 0);
    await choose(byLabel<HTMLSelectElement>("Priority"), "low");
    await flush();
    const shown = rows().map((r) => r.dataset.key);
    await click(byText("Export…", "button"));
    await waitFor(() => byLabel("Save the CSV to").value !== "");
    await click(byText("Save as CSV", "button"));
    await waitFor(() => $(".written-file"), "written");
    // Every row the filters match, in the table's order: the query goes to core, not the loaded rows.
    const call = backend.calls.find((c) => c.cmd === "actions_export")!.args as { request: { references?: string[]; query: ActionQuery; format: string } };
    expect(call.request.format).toBe("csv");
    expect(call.request.references).toBeUndefined();
    expect(call.request.query).toMatchObject({ filter: { priority: "low" }, sort: "target_date", descending: false });
    expect(actionPage(demoActions(NOW), call.request.query, (name) => ({ id: name.length }), () => 0).rows.map((a) => a.id)).toEqual(shown);
    await type(byLabel("Save the workbook to"), "/tmp/exists.xlsx");
    await click(byText("Save as XLSX", "button"));
    await waitFor(() => byText(/already exists; Quorum never overwrites/), "refused");
  });
});
