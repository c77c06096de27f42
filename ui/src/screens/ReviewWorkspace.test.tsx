// The review cycle in the workspace over the mock backend: agenda and minutes, decisions,
// approval and revisions, signed export, and the readiness links to each tab.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { App } from "../App";
import { installMock, MOCK_NOW } from "../lib/ipc/mock";
import { exportPdf, identityCreate, reviewConclude } from "../lib/ipc";
import { clearToasts } from "../lib/toasts";
import { setClock } from "../lib/clock";
import { $, $$, byLabel, byText, choose, click, flush, goTo, key, mount, type, unmount, waitFor } from "../test/helpers";

const NOW = new Date(MOCK_NOW);
const DRAFTED = "MR-2026-02"; // held, minutes drafted, Elena Novak in the chair
const APPROVED = "MR-2026-01";

beforeEach(() => {
  sessionStorage.clear();
  clearToasts();
  setClock(() => NOW);
  location.hash = "";
});
afterEach(unmount);

async function open(reference: string, tab: string, options: Parameters<typeof installMock>[0] = {}) {
  const backend = installMock({ now: NOW, storeState: "open", ...options });
  mount(<App />);
  await flush();
  await goTo(`#/reviews/${reference}`);
  await waitFor(() => $(`#tab-${tab}`));
  await click($(`#tab-${tab}`));
  return backend;
}

const calls = (backend: ReturnType<typeof installMock>, cmd: string) => backend.calls.filter((c) => c.cmd === cmd).map((c) => c.args);
const items = () => $$(".agenda-item");
const titles = () => items().map((li) => li.querySelector("h3")!.textContent!.replace(/^Item \d+: /, ""));

describe("agenda and minutes", () => {
  test("minutes autosave with the saved state in words; a failed save says why", async () => {
    const backend = await open(DRAFTED, "agenda");
    const notes = await waitFor(() => items()[0]?.querySelector("textarea"));
    await type(notes as unknown as HTMLInputElement, "Quorum confirmed; the chair opened the meeting.");
    expect(calls(backend, "review_agenda_notes")).toEqual([]); // debounced
    notes.dispatchEvent(new FocusEvent("blur"));
    await waitFor(() => items()[0].querySelector(".saved-state")!.textContent === "Saved");
    expect(calls(backend, "review_agenda_notes")).toEqual([{ request: { reference: DRAFTED, position: 1, notes: "Quorum confirmed; the chair opened the meeting." } }]);
    expect(backend.state.agenda[DRAFTED][0].discussion).toBe("Quorum confirmed; the chair opened the meeting.");

    unmount();
    await open(DRAFTED, "agenda", { failures: { review_agenda_notes: { kind: "conflict", message: "the minutes of MR-2026-02 are approved and locked" } } });
    const again = await waitFor(() => items()[0]?.querySelector("textarea"));
    await type(again as unknown as HTMLInputElement, "Late edit");
    again.dispatchEvent(new FocusEvent("blur"));
    await waitFor(() => items()[0].querySelector(".saved-state")!.textContent!.startsWith("Not saved: the minutes of MR-2026-02 are approved and locked"));
  });

  test("items move with the buttons and Alt+arrows, are edited, added (a title is required) and removed", async () => {
    const backend = await open(DRAFTED, "agenda");
    await waitFor(() => items().length === 9);
    const [first, second] = titles();
    await click($(`#${items()[0].querySelector("[id$='-down']")!.id}`));
    await waitFor(() => titles()[0] === second);
    expect(calls(backend, "review_agenda_move")).toEqual([{ request: { reference: DRAFTED, from: 1, to: 2 } }]);
    // Alt+↑ inside the item moves it back.
    await key(items()[1].querySelector("textarea")!, "ArrowUp", { altKey: true, bubbles: true });
    await waitFor(() => titles()[0] === first);
    expect(calls(backend, "review_agenda_move")[1]).toEqual({ request: { reference: DRAFTED, from: 2, to: 1 } });

    await click(byText("Add item", "button"));
    expect(byText(/Give the item a title/, "p")).toBeTruthy();
    expect(calls(backend, "review_agenda_add")).toEqual([]);
    await type(byLabel("Title"), "Any other business");
    await click(byText("Add item", "button"));
    await waitFor(() => titles().at(-1) === "Any other business");

    await click(byLabel(`Edit “Any other business”`));
    await type(byLabel("Minutes allocated"), "15");
    await click(byText("Save item", "button"));
    await waitFor(() => calls(backend, "review_agenda_edit").length === 1);
    expect(calls(backend, "review_agenda_edit")[0]).toEqual({ request: { reference: DRAFTED, position: 10, change: { title: "Any other business", minutesAllocated: 15 } } });

    // Removed at once with Undo; Undo brings it back and nothing reached the backend.
    await click(byLabel(`Remove “Any other business”`));
    await waitFor(() => items().length === 9);
    expect(titles()).not.toContain("Any other business");
    expect($(".toast")!.textContent).toContain("Agenda item removed");
    // The keyboard goes on at the item before it, not at the top of the page.
    await waitFor(() => document.activeElement === items()[8].querySelector("[id$='-edit']"), "focus on the item before");
    await click(byText("Undo", "button"));
    await waitFor(() => titles().at(-1) === "Any other business");
    expect(calls(backend, "review_agenda_remove")).toEqual([]);
    // Removed again, the message dismissed: now the backend removes it, at its place.
    await click(byLabel(`Remove “Any other business”`));
    await waitFor(() => items().length === 9);
    await click(byLabel("Dismiss message"));
    await waitFor(() => calls(backend, "review_agenda_remove").length === 1);
    expect(calls(backend, "review_agenda_remove")).toEqual([{ request: { reference: DRAFTED, position: 10 } }]);
    await flush();
    expect(items()).toHaveLength(9);
    expect(titles()).not.toContain("Any other business");
  });

  test("an item removed, then the store locked: the removal reaches the backend first, at the place the item has then", async () => {
    const backend = await open(DRAFTED, "agenda");
    await waitFor(() => items().length === 9);
    const third = titles()[2];
    await click(byLabel(`Remove “${third}”`));
    await waitFor(() => items().length === 8);
    // Shown renumbered: the item after it reads as item 3.
    expect(items()[2].querySelector(".agenda-pos")!.textContent).toBe("3");
    // The item shown after it moves up past item 2 (stored 4 → 2): the removed one is now 4th.
    const fourth = titles()[2];
    await click($(`#${items()[2].querySelector("[id$='-up']")!.id}`));
    await waitFor(() => titles()[1] === fourth);
    expect(calls(backend, "review_agenda_move")).toEqual([{ request: { reference: DRAFTED, from: 4, to: 2 } }]);
    await key(document.body, "l", { ctrlKey: true, shiftKey: true, bubbles: true });
    await waitFor(() => backend.calls.some((c) => c.cmd === "store_lock"), "locked");
    const order = backend.calls.map((c) => c.cmd).filter((c) => c === "review_agenda_remove" || c === "store_lock");
    expect(order).toEqual(["review_agenda_remove", "store_lock"]);
    expect(calls(backend, "review_agenda_remove")).toEqual([{ request: { reference: DRAFTED, position: 4 } }]);
  });

  test("approved minutes read as the document, paged, and say how to change them", async () => {
    await open(APPROVED, "document");
    const doc = await waitFor(() => $("#approved-document"));
    expect($(".workspace-locked")!.textContent).toContain("approved and locked");
    expect($$(".doc-page").map((p) => p.querySelector("h2")!.textContent)).toEqual(["Minutes of the Q1 2026 management review", "The meeting", "Inputs (clause 9.3.2)", "Discussion", "Decisions (clause 9.3.3)"]);
    expect(doc.textContent).toContain("Item 1: Opening: attendance, apologies and quorum");
    expect(doc.querySelectorAll("input, select, textarea, button")).toHaveLength(0);
    expect($("#tab-agenda")).toBeNull();
    expect(byText("Add item", "button")).toBeUndefined();
  });
});

describe("meeting mode", () => {
  test("walks the agenda: each item's inputs above its minutes, input text offered to the minutes, a decision captured inline", async () => {
    const backend = await open(DRAFTED, "meeting");
    await waitFor(() => $("#meeting-mode"));
    expect($("#meeting-item-title")!.textContent).toBe("Item 1: Opening: attendance, apologies and quorum");
    expect($(".meeting-inputs")).toBeNull();
    await click($("#meeting-next"));
    await waitFor(() => $("#meeting-item-title")!.textContent === "Item 2: Actions from previous reviews");
    expect($$(".meeting-input .input-clause").map((p) => p.textContent)).toEqual(["9.3.2 a) Status of actions from previous management reviews"]);
    expect($("#meeting-elapsed")!.textContent).toBe("0:00");
    expect($(".meeting-timer")!.textContent).toContain("of 10 min");
    // What was presented goes into the minutes with one button, saved at once.
    await click($("#meeting-offer-a"));
    const notes = $<HTMLTextAreaElement>("#meeting-notes")!;
    expect(notes.value).toBe("Discussed: actions from previous reviews.\nStatus of actions from previous management reviews: Presented and discussed: status of actions from previous management reviews.");
    await waitFor(() => calls(backend, "review_agenda_notes").length === 1);
    expect(calls(backend, "review_agenda_notes")[0]).toEqual({ request: { reference: DRAFTED, position: 2, notes: notes.value } });
    expect($("#meeting-offer-a")).toBeNull();
    // A decision at this item answers its inputs.
    await type(byLabel("Decision"), "Close the three stale actions from Q1");
    await click($("#mt-decide"));
    await waitFor(() => calls(backend, "review_decision_add").length === 1);
    expect(calls(backend, "review_decision_add")[0]).toEqual({ request: { reference: DRAFTED, decision: { area: "continual_improvement", text: "Close the three stale actions from Q1", inputs: ["a"] } } });
    await waitFor(() => $(".meeting-decisions")?.textContent?.includes("Close the three stale actions from Q1"), "the decision listed at its item");
    // The item is remembered when coming back.
    expect($(".meeting-step.current")!.textContent).toBe("2");
  });
});

describe("decisions", () => {
  test("undecided areas are counted; a decision needs its text, a none its reason; an action can be raised from a decision", async () => {
    const backend = await open(DRAFTED, "decisions");
    await waitFor(() => $("#decisions-summary"));
    expect($("#decisions-summary")!.textContent).toContain("8 of 8 output areas still need");

    await click($("#area-resources-decide"));
    await click(byText("Record decision", "button"));
    expect(byText("Say what was decided.", "p")).toBeTruthy();
    await type(byLabel("Decision"), "Hire a second security engineer");
    await click($$<HTMLInputElement>("#area-resources .input-links input")[4]); // d) 2)
    await click(byText("Record decision", "button"));
    await waitFor(() => byText("Hire a second security engineer", ".decision-text"));
    expect(calls(backend, "review_decision_add")[0]).toEqual({ request: { reference: DRAFTED, decision: { area: "resources", text: "Hire a second security engineer", rationale: undefined, inputs: ["d2"], justification: undefined, exceptionReviewOn: undefined } } });
    expect($("#decisions-summary")!.textContent).toContain("7 of 8");

    await click($("#area-isms_change-none"));
    await click(byText("Record “no decision needed”", "button"));
    expect(byText(/Say why no decision is needed/, "p")).toBeTruthy();
    await type(byLabel("Why no decision is needed"), "The scope did not change");
    await click(byText("Record “no decision needed”", "button"));
    await waitFor(() => $("#area-isms_change .area-none"));
    expect(calls(backend, "review_decision_none")).toEqual([{ request: { reference: DRAFTED, area: "isms_change", reason: "The scope did not change" } }]);
    expect($("#decisions-summary")!.textContent).toContain("6 of 8");

    // An exception needs its justification and review date (as core says).
    await click($("#area-approved_exception-decide"));
    await type(byLabel("Decision"), "Keep the legacy reporting server");
    await click(byText("Record decision", "button"));
    expect(byText("An exception needs its justification.", "p")).toBeTruthy();
    await click(byText("Cancel", "#area-approved_exception button"));

    await click(byText("Raise an action…", "#area-resources button"));
    await waitFor(() => (byLabel("Owner") as unknown as HTMLSelectElement).options.length > 1);
    await choose(byLabel("Owner") as unknown as HTMLSelectElement, "3");
    await type(byLabel("Target date"), "2027-03-31");
    await click(byText("Raise action", "button"));
    await waitFor(() => byText(/raised ACT-2026-101/, "#area-resources p"));
    const raised = calls(backend, "action_add")[0] as { request: Record<string, unknown> };
    expect(raised.request).toMatchObject({ description: "Hire a second security engineer", decisionId: expect.any(Number), source: "resource_need", ownerId: 3, targetOn: "2027-03-31" });
    // A decision that raised an action stays as its source: no Remove button.
    expect($$("#area-resources .decision button").map((b) => b.textContent)).not.toContain("Remove");
  });
});

describe("the conclusion on the ISMS (9.3.1)", () => {
  test("each verdict needs its rationale; the period is shown and can be set with its reason", async () => {
    const backend = await open(DRAFTED, "decisions");
    const card = await waitFor(() => $("#conclusion"));
    expect(card.textContent).toContain("Not recorded");
    expect($("#period-text")!.textContent).toMatch(/Period under review: \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/);

    await click(byText("Record the conclusion", "button"));
    expect(byText("Say why the ISMS is judged suitable or not.", "p")).toBeTruthy();
    expect(document.activeElement?.id).toBe("conclusion-suitable-why");
    expect(calls(backend, "review_conclude")).toEqual([]);
    await type(byLabel("Why (suitable)"), "The scope still fits the business");
    await click($("input[name='conclusion-adequate'][value='yes_with_changes']"));
    await type(byLabel("Why (adequate)"), "Once the second engineer is hired");
    await type(byLabel("Why (effective)"), "Objectives met");
    await click(byText("Record the conclusion", "button"));
    await waitFor(() => $("#conclusion-adequate"));
    expect(calls(backend, "review_conclude")).toEqual([
      {
        request: {
          reference: DRAFTED,
          conclusion: {
            suitable: { verdict: "yes", rationale: "The scope still fits the business" },
            adequate: { verdict: "yes_with_changes", rationale: "Once the second engineer is hired" },
            effective: { verdict: "yes", rationale: "Objectives met" },
          },
        },
      },
    ]);
    expect($("#conclusion-adequate")!.textContent).toContain("Yes, with the changes decided");
    expect($("#conclusion")!.textContent).toContain("Recorded");

    await click(byText("Change the period…", "button"));
    // A day that does not exist names the form to write; a last day before the first is refused.
    await type(byLabel("Last day"), "31/02/2026");
    await click(byText("Set the period", "button"));
    expect($("#period-to-error")!.textContent).toMatch(/^Write the date as DD\/MM\/YYYY/);
    await type(byLabel("Last day"), "2025-12-31");
    await type(byLabel("First day"), "2026-01-01");
    await click(byText("Set the period", "button"));
    expect($("#period-to-error")!.textContent).toBe("The period ends before it starts.");
    await type(byLabel("Last day"), "30/06/2026");
    await click(byText("Set the period", "button"));
    expect(byText("Say why this review does not cover the default period.", "p")).toBeTruthy();
    await type(byLabel("Why this period"), "Aligned with the financial quarter");
    await click(byText("Set the period", "button"));
    await waitFor(() => /set: Aligned with the financial quarter/.test($("#period-text")!.textContent ?? ""));
    expect((calls(backend, "review_period_set")[0] as { request: Record<string, unknown> }).request).toMatchObject({ reference: DRAFTED, from: "2026-01-01", to: "2026-06-30", reason: "Aligned with the financial quarter" });
  });

  test("approval without the conclusion is refused with core's words", async () => {
    await open(DRAFTED, "approval");
    // The missing conclusion is itself an open finding: approving over it asks for the reason
    // first, then core refuses all the same, with its words.
    await click(await waitFor(() => byText("Approve anyway as Elena Novak", "button")));
    await waitFor(() => byText(/^Say why the minutes are approved with \d+ open finding/, "p"));
    await type(byLabel("Why approve with open findings"), "The board approved the decisions");
    await click(byText("Approve anyway as Elena Novak", "button"));
    await waitFor(() => /no conclusion on the ISMS/.test(document.body.textContent ?? ""));
    expect($("#approval-locked")).toBeNull();
  });
});

describe("raising an action", () => {
  test("an action like an open one is offered first; raising it anyway takes a second press", async () => {
    const backend = await open(DRAFTED, "actions");
    const description = byLabel("What must be done");
    await waitFor(() => (byLabel("Owner") as unknown as HTMLSelectElement).options.length > 1);
    await type(description, "Retest the backup restores for the customer analytics database");
    await choose(byLabel("Owner") as unknown as HTMLSelectElement, "3");
    await type(byLabel("Target date"), "2027-03-31");
    await click(byText("Raise action", "button"));
    const warning = await waitFor(() => $("#ra-similar"));
    expect(warning.textContent).toContain("An open action says much the same");
    expect(warning.textContent).toContain("ACT-2026-004");
    expect(warning.textContent).toContain("Tom Okafor");
    expect(document.activeElement).toBe(warning);
    expect(calls(backend, "action_add")).toEqual([]);
    expect(calls(backend, "actions_like")).toEqual([{ description: "Retest the backup restores for the customer analytics database" }]);

    // Rewording it into a different task takes the warning away.
    await type(description, "Buy a second backup appliance");
    expect($("#ra-similar")).toBeNull();
    expect(byText("Raise action", "button")).toBeTruthy();
    await type(description, "Retest the backup restores for the customer analytics database");
    await click(byText("Raise anyway", "button"));
    await waitFor(() => calls(backend, "action_add").length === 1);
    expect((calls(backend, "action_add")[0] as { request: Record<string, unknown> }).request).toMatchObject({ description: "Retest the backup restores for the customer analytics database", ownerId: 3 });
  });
});

describe("approval, revisions and export", () => {
  test("the export previews the minutes, as the PDF lays them out, before saving", async () => {
    await open(DRAFTED, "approval");
    await click(await waitFor(() => $("#export-preview-toggle")));
    const preview = await waitFor(() => $("#export-preview"));
    expect(preview.textContent).toContain("draft, not approved");
    expect($$("#export-preview .doc-page h2").map((h) => h.textContent)).toContain("Discussion");
    await click($("#export-preview-toggle"));
    expect($("#export-preview")).toBeNull();
  });

  test("distribution and approvers are picked from People (distribution also takes a group)", async () => {
    const backend = await open(DRAFTED, "approval");
    await waitFor(() => $("#doc-approvers"));
    await type(byLabel("Add to distribution"), "Board of directors");
    await click($("#doc-distribution-add"));
    await type(byLabel("Add to approvers besides the chair"), "Nobody Known");
    await click($("#doc-approvers-add"));
    expect($("#doc-approvers-error")!.textContent).toContain("is not in People");
    await type(byLabel("Add to approvers besides the chair"), "marcus bell");
    await click($("#doc-approvers-add"));
    expect($$("[aria-label='Approvers besides the chair: chosen'] li").map((li) => li.textContent)).toEqual(["Marcus Bell"]);
    await click($("#doc-save"));
    await waitFor(() => calls(backend, "review_document_set").length === 1);
    expect(calls(backend, "review_document_set")[0]).toMatchObject({ request: { reference: DRAFTED, change: { distribution: ["Board of directors"], approvers: [3] } } });
  });

  test("the chair approves: the review locks everywhere; a revision needs its reason and opens 1.1", async () => {
    const backend = await open(DRAFTED, "approval");
    await reviewConclude(DRAFTED, { suitable: { verdict: "yes", rationale: "Fits" }, adequate: { verdict: "yes", rationale: "Enough" }, effective: { verdict: "yes", rationale: "Works" } });
    // Concluded behind the window's back: the approval card reads the check again when it opens.
    await click($("#tab-details"));
    await click(await waitFor(() => $("#tab-approval")));
    await waitFor(() => byText("Record approval by Elena Novak", "button"));
    expect($(".workspace-locked")).toBeNull();
    await click(byText("Record approval by Elena Novak", "button"));
    await waitFor(() => $("#approval-locked"));
    expect(calls(backend, "review_approve")).toEqual([{ request: { reference: DRAFTED, personId: 2 } }]);
    expect($(".workspace-locked")!.textContent).toContain("Version 1.0 of the minutes is approved and locked");
    expect($(".revisions-table tbody")!.textContent).toContain("Elena Novak");

    await click(byText("Revise: open the next version", "button"));
    expect(byText("Say what the new revision changes and why.", "p")).toBeTruthy();
    await type(byLabel("What the next revision changes, and why"), "Corrected the attendance");
    await click(byText("Revise: open the next version", "button"));
    await waitFor(() => byText("Approval of version 1.1", "h2"));
    expect($(".workspace-locked")).toBeNull();
    expect($$(".revisions-table tbody tr").length).toBe(2);
  });

  test("before the meeting and without a chair, approval says what comes first", async () => {
    await open("MR-2026-03", "approval");
    await waitFor(() => $("#approve-title"));
    expect(byText(/mark the meeting held in Details and attendance first/, "p")).toBeTruthy();
    expect(byText(/Invite a chair in Details and attendance/, "p")).toBeTruthy();
    expect(byText(/Record approval by/, "button")).toBeUndefined();
  });

  test("exportPdf hears every stage of the backend's progress events, in order", async () => {
    const backend = installMock({ now: NOW, storeState: "open" });
    await identityCreate();
    const stages: string[] = [];
    const summary = await exportPdf("pack", { reference: APPROVED, path: "/tmp/pack.pdf", pageSize: "a4", sign: true }, (p) => stages.push(`${p.stage} ${p.fraction}`));
    expect(stages).toEqual(["reading 0.1", "rendering 0.3", "signing 0.8", "writing 0.9", "done 1"]);
    expect(summary.signedWith).toBe(backend.state.identity!.fingerprintSha256);
    await expect(exportPdf("pack", { reference: APPROVED, path: "/tmp/pack.pdf", pageSize: "a4", sign: false }, () => {})).rejects.toMatchObject({ kind: "already_exists" });
  });

  test("export: no identity, create one, export signed, then open the file", async () => {
    const backend = await open(APPROVED, "approval");
    await waitFor(() => $("#identity-create"));
    await waitFor(() => ($("#export-path") as HTMLInputElement).value !== "");
    expect(($("#export-path") as HTMLInputElement).value).toBe(`/home/lead/Documents/Quorum/${APPROVED} minutes v1.0.pdf`);
    expect(($("#export-run") as HTMLButtonElement).disabled).toBe(true);
    expect(byText(/This store has no signing identity yet/, "p")).toBeTruthy();
    await click($("#identity-create"));
    await waitFor(() => $("#identity-fingerprint"));
    await choose(byLabel("Paper") as unknown as HTMLSelectElement, "letter");
    await click($("#export-run"));
    await waitFor(() => $("#export-result"));
    expect(calls(backend, "export_minutes")).toEqual([{ request: { reference: APPROVED, path: `/home/lead/Documents/Quorum/${APPROVED} minutes v1.0.pdf`, pageSize: "letter", sign: true, location: undefined } }]);
    expect($("#export-fingerprint")!.textContent).toBe(backend.state.identity!.fingerprintSha256);
    // The next suggestion names a file that does not exist yet.
    await waitFor(() => ($("#export-path") as HTMLInputElement).value.endsWith(`${APPROVED} minutes v1.0 (2).pdf`));
    await click($("#export-open"));
    await waitFor(() => backend.state.opened.length === 1);
    expect(backend.state.opened).toEqual([`/home/lead/Documents/Quorum/${APPROVED} minutes v1.0.pdf`]);
  });

  test("a PKCS#12 identity is imported with its password; a wrong one is reported, nothing changes", async () => {
    const backend = await open(APPROVED, "approval");
    await waitFor(() => $("#identity-create"));
    await click(byText("Import a PKCS#12 file…", "button"));
    await click(byText("Import", "button"));
    expect(byText("Enter the path of the .p12 or .pfx file.", "p")).toBeTruthy();
    await type(byLabel("PKCS#12 file (.p12 or .pfx)"), "/home/lead/northwind.p12");
    await type(byLabel("Its password"), "wrong");
    await click(byText("Import", "button"));
    await waitFor(() => byText(/check the password/));
    expect(backend.state.identity).toBeNull();
    await type(byLabel("Its password"), "p12-password");
    await click(byText("Import", "button"));
    await waitFor(() => $("#identity-fingerprint"));
    expect(calls(backend, "identity_import").at(-1)).toEqual({ request: { path: "/home/lead/northwind.p12", password: "p12-password", replace: false } });
    expect(byText(/Imported PKCS#12 file/, "dd")).toBeTruthy();
    expect(($("#export-run") as HTMLButtonElement).disabled).toBe(false);
  });

  test("an export the backend refuses shows its message", async () => {
    await open(APPROVED, "approval", { failures: { export_pack: { kind: "already_exists", message: "/x/pack.pdf already exists; Quorum never overwrites a file. Choose another name." } } });
    await waitFor(() => $("#identity-create"));
    await click($("#export-sign"));
    await click($$<HTMLInputElement>("input[name='export-kind']")[1]);
    await waitFor(() => ($("#export-path") as HTMLInputElement).value.endsWith("audit pack.pdf"));
    await click($("#export-run"));
    await waitFor(() => byText(/Quorum never overwrites a file/, ".export-panel .banner-error"));
  });
});

describe("readiness links", () => {
  test("an undecided area opens Decisions on that area; minutes not approved open Approval", async () => {
    const findings = [
      { id: "area-undecided/resources", severity: "nonconformity", source: "Procedure", message: "Resource allocation has no decision", fix: "Record it", section: "decisions", item: "resources" },
      { id: "minutes-not-approved", severity: "observation", source: "Procedure 7", message: "The minutes are not approved", fix: "Approve them", section: "approval", item: null },
    ];
    await open(DRAFTED, "readiness", { responses: { review_check: findings } });
    await waitFor(() => byText("Fix in Decisions", "button"));
    await click(byText("Fix in Decisions", "button"));
    await waitFor(() => document.activeElement?.id === "area-resources-title");
    expect($("#tab-decisions")!.getAttribute("aria-selected")).toBe("true");
    await click($("#tab-readiness"));
    await waitFor(() => byText("Fix in Approval", "button"));
    await click(byText("Fix in Approval", "button"));
    await waitFor(() => $("#tab-approval")!.getAttribute("aria-selected") === "true");
  });
});
