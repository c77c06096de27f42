// The distribution of approved minutes and top management's delegation, over the mock
// backend: the card lists the attendees served and not, records a distribution (core's
// refusals shown in place), writes the email with the signed PDF and opens it; the delegation
// field clears the readiness finding that sends the user to it.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { App } from "../App";
import { installMock, MOCK_NOW } from "../lib/ipc/mock";
import { reviewApprove, reviewAttend, reviewCheck, reviewConclude, reviewDistribute } from "../lib/ipc";
import { clearToasts } from "../lib/toasts";
import { setClock } from "../lib/clock";
import { formatDate } from "../lib/format";
import { $, $$, byText, choose, click, flush, goTo, key, mount, type, unmount, waitFor } from "../test/helpers";

const NOW = new Date(MOCK_NOW); // Monday 23 November 2026
const DRAFTED = "MR-2026-02"; // held, minutes drafted; Priya Raman (ISMS lead), Elena Novak (chair), Marcus Bell, Sam Adeyemi present
const APPROVED = "MR-2026-01"; // approved in the demo and sent to every attendee the next day

beforeEach(() => {
  sessionStorage.clear();
  clearToasts();
  setClock(() => NOW);
  location.hash = "";
});
afterEach(unmount);

type Backend = ReturnType<typeof installMock>;

/** The mock with `prepare` run against it first, the window open on a review's tab. */
async function open(reference: string, tab: string, prepare: (backend: Backend) => Promise<unknown> = async () => {}) {
  const backend = installMock({ now: NOW, storeState: "open" });
  await prepare(backend);
  mount(<App />);
  await flush();
  await goTo(`#/reviews/${reference}`);
  await click(await waitFor(() => $(`#tab-${tab}`)));
  return backend;
}

/** Approves the drafted review today, as its chair. */
const approveDrafted = async () => {
  await reviewConclude(DRAFTED, { suitable: { verdict: "yes", rationale: "Fits" }, adequate: { verdict: "yes", rationale: "Enough" }, effective: { verdict: "yes", rationale: "Works" } });
  await reviewApprove(DRAFTED, 2);
};

const calls = (backend: Backend, cmd: string) => backend.calls.filter((c) => c.cmd === cmd).map((c) => c.args);
const received = (id: number) => $(`#dist-row-${id}`)!.textContent ?? "";
const checked = () => $$<HTMLInputElement>(".distribution-people input").filter((i) => i.checked).map((i) => i.id);

describe("distribution of the approved minutes", () => {
  test("the card lists who is not served with the due date; a distribution is recorded for the ones chosen, then the rest; the finding goes", async () => {
    const backend = await open(DRAFTED, "approval", approveDrafted);
    await waitFor(() => $("#distribution-due"));
    expect($("#distribution-title")!.textContent).toBe("Distribution of version 1.0");
    // Approved on Monday 23 November: ten working days later is Monday 7 December.
    expect($("#distribution-due")!.textContent).toContain(`Due by ${formatDate("2026-12-07")}`);
    expect($("#distribution-findings")!.textContent).toContain("are not recorded as sent to Priya Raman, Elena Novak, Marcus Bell, Sam Adeyemi;");
    for (const id of [1, 2, 3, 4]) expect(received(id)).toContain("Not yet");
    // Everyone not yet served is chosen; the date is today; email is the default.
    expect(checked()).toEqual(["dist-person-1", "dist-person-2", "dist-person-3", "dist-person-4"]);
    expect(($("#dist-on") as HTMLInputElement).value).not.toBe("");

    await click($("#dist-person-4"));
    await choose($("#dist-method") as HTMLSelectElement, "shared_folder");
    await click($("#dist-record"));
    await waitFor(() => received(1).includes("Received"));
    expect(calls(backend, "review_distribute")).toEqual([{ request: { reference: DRAFTED, people: [1, 2, 3], sentOn: "2026-11-23", method: "shared_folder" } }]);
    expect(received(2)).toContain(`${formatDate("2026-11-23")} · Shared folder`);
    expect(received(4)).toContain("Not yet");
    await waitFor(() => /sent to Sam Adeyemi;/.test($("#distribution-findings")?.textContent ?? ""));
    // The form now offers the one left.
    expect(checked()).toEqual(["dist-person-4"]);

    await click($("#dist-record"));
    await waitFor(() => $("#distribution-done"));
    expect($("#distribution-done")!.textContent).toContain("Every attendee has version 1.0");
    expect($("#distribution-findings")).toBeNull();
    expect((await reviewCheck(DRAFTED)).map((f) => f.id)).not.toContain("minutes-not-distributed");
  });

  test("refusals: nobody chosen is said before any call; a day in the future is refused with core's words, in place", async () => {
    const backend = await open(DRAFTED, "approval", approveDrafted);
    await waitFor(() => $("#dist-record"));
    for (const id of [1, 2, 3, 4]) await click($(`#dist-person-${id}`));
    await click($("#dist-record"));
    expect($("#dist-people-error")!.textContent).toBe("Choose who received the minutes.");
    expect(calls(backend, "review_distribute")).toEqual([]);

    await click($("#dist-person-3"));
    await key($("#dist-on")!, "ArrowUp"); // tomorrow
    await click($("#dist-record"));
    await waitFor(() => $("#dist-failure"));
    expect($("#dist-failure")!.textContent).toContain("2026-11-24 is in the future: record a distribution once it has happened");
    expect(received(3)).toContain("Not yet");
  });

  test("the mock refuses as core does: before the approval, a day before it, an unknown method", async () => {
    installMock({ now: NOW, storeState: "open" });
    await expect(reviewDistribute({ reference: DRAFTED, people: [], sentOn: "2026-11-23", method: "email" })).rejects.toMatchObject({ kind: "conflict", message: expect.stringContaining("not approved yet") });
    await expect(reviewDistribute({ reference: APPROVED, people: [], sentOn: "2026-01-01", method: "email" })).rejects.toMatchObject({ kind: "invalid", message: expect.stringContaining("before version 1.0 was approved") });
    await expect(reviewDistribute({ reference: APPROVED, people: [], sentOn: "2026-11-20", method: "pigeon" as "email" })).rejects.toMatchObject({ kind: "invalid", message: expect.stringContaining("unknown method pigeon") });
    // The demo's approved reviews were distributed: they check clean.
    expect(await reviewCheck(APPROVED)).toEqual([]);
  });

  test("a copy recorded for someone who did not attend is listed apart", async () => {
    await open(APPROVED, "approval", () => reviewDistribute({ reference: APPROVED, people: [5], sentOn: "2026-11-20", method: "printed" }));
    await waitFor(() => $("#distribution-others"));
    expect($("#distribution-others")!.textContent).toBe(`Also sent to Tom Okafor (${formatDate("2026-11-20")} · Printed copy).`);
    expect($("#distribution-done")).toBeTruthy();
  });

  test("a readiness finding on the distribution opens the card", async () => {
    await open(DRAFTED, "readiness", approveDrafted);
    await click(await waitFor(() => byText("Fix in Approval", "button")));
    await waitFor(() => document.activeElement?.id === "distribution");
    expect($("#tab-approval")!.getAttribute("aria-selected")).toBe("true");
  });
});

describe("send the minutes", () => {
  test("after a signed export the email is written beside the PDF and opened; writing it again is refused in place", async () => {
    const backend = await open(APPROVED, "approval");
    await waitFor(() => $("#distribution-done"));
    await click(await waitFor(() => $("#identity-create")));
    await waitFor(() => $("#identity-fingerprint"));
    await click($("#export-run"));
    await waitFor(() => $("#export-result"));
    const pdf = `/home/lead/Documents/Quorum/${APPROVED} minutes v1.0.pdf`;

    await click($("#send-minutes"));
    expect(($("#send-pdf") as HTMLInputElement).value).toBe(pdf);
    expect(($("#send-eml") as HTMLInputElement).value).toBe(`/home/lead/Documents/Quorum/${APPROVED} minutes v1.0.eml`);
    await click($("#send-write"));
    await waitFor(() => $("#send-result"));
    expect(calls(backend, "review_minutes_email")).toEqual([{ request: { reference: APPROVED, pdfPath: pdf, out: `/home/lead/Documents/Quorum/${APPROVED} minutes v1.0.eml` } }]);
    expect($("#send-result")!.textContent).toContain("record the distribution below");
    await click($("#send-open"));
    await waitFor(() => backend.state.opened.length === 1);
    expect(backend.state.opened).toEqual([`/home/lead/Documents/Quorum/${APPROVED} minutes v1.0.eml`]);

    await click($("#send-write"));
    await waitFor(() => $("#send-failure"));
    expect($("#send-failure")!.textContent).toContain("already exists; Quorum never overwrites a file");
  });

  test("without a signed export the PDF's path is asked for; a lead without an email address is told to add it in People", async () => {
    const backend = await open(APPROVED, "approval");
    await click(await waitFor(() => $("#send-minutes")));
    await click($("#send-write"));
    expect($("#send-pdf-error")!.textContent).toContain("Give the path of the signed minutes PDF");
    expect(calls(backend, "review_minutes_email")).toEqual([]);

    backend.state.written.push("/home/lead/signed.pdf");
    backend.state.org.ismsLead = { id: 1, name: "Priya Raman", email: null };
    await type($("#send-pdf") as HTMLInputElement, "/home/lead/signed.pdf");
    expect(($("#send-eml") as HTMLInputElement).value).toBe("/home/lead/signed.eml");
    await click($("#send-write"));
    await waitFor(() => $("#send-failure"));
    expect($("#send-failure")!.textContent).toContain("the ISMS lead, Priya Raman, has no email address to send from: add it in People");
    expect($("#send-result")).toBeNull();
  });
});

describe("top management's delegation", () => {
  /** Marcus Bell sent Dana Ortiz; Elena Novak, the other member of top management, sent apologies. */
  const delegated = async () => {
    await reviewAttend({ reference: DRAFTED, personId: 3, attendance: "delegate", delegate: "Dana Ortiz" });
    await reviewAttend({ reference: DRAFTED, personId: 2, attendance: "apologies" });
  };

  test("the finding opens the delegation field; what was delegated is saved with the attendance and printed in the minutes", async () => {
    const backend = await open(DRAFTED, "readiness", delegated);
    expect((await reviewCheck(DRAFTED)).map((f) => f.id)).toContain("top-management-delegation-unrecorded");
    const fix = await waitFor(() => $$(".finding").find((li) => li.textContent?.includes("no delegation is recorded"))?.querySelector("button"));
    await click(fix);
    await waitFor(() => document.activeElement?.id === "att-delegation-3");
    expect($("#att-delegation-3-hint")!.textContent).toContain("Not recorded");
    // Only top management's delegates get the field.
    expect($$("input[id^='att-delegation-']").length).toBe(1);

    await type($("#att-delegation-3") as HTMLInputElement, "Authority to approve the decisions on resources");
    await click(byText("Save", ".delegation-form button"));
    await waitFor(() => $("#att-delegation-3-hint") === null);
    expect(calls(backend, "review_attend").at(-1)).toEqual({ request: { reference: DRAFTED, personId: 3, attendance: "delegate", delegate: "Dana Ortiz", delegation: "Authority to approve the decisions on resources" } });
    expect(($("#att-delegation-3") as HTMLInputElement).value).toBe("Authority to approve the decisions on resources");
    expect((await reviewCheck(DRAFTED)).map((f) => f.id)).not.toContain("top-management-delegation-unrecorded");

    await click($("#tab-approval"));
    await click(await waitFor(() => $("#export-preview-toggle")));
    expect($("#approved-document")!.textContent).toContain("Delegate: Dana Ortiz (delegated: Authority to approve the decisions on resources)");
  });
});
