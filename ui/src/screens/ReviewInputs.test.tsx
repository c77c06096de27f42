// An input card's KPIs and evidence, over the mocked backend.
import { afterEach, beforeEach, expect, test } from "vitest";
import { act } from "preact/test-utils";
import { App } from "../App";
import { installMock, MOCK_NOW } from "../lib/ipc/mock";
import { clearToasts } from "../lib/toasts";
import { setClock } from "../lib/clock";
import { DROPPED_PATHS } from "./InputEvidence";
import { $, $$, byLabel, byText, choose, click, flush, goTo, key, mount, type, unmount, waitFor } from "../test/helpers";

const NOW = new Date(MOCK_NOW);
const DRAFTED = "MR-2026-02"; // held, minutes drafted: still editable
const APPROVED = "MR-2026-01";
const NEXT = "MR-2026-03"; // invitations sent, inputs still being prepared

beforeEach(() => {
  sessionStorage.clear();
  clearToasts();
  setClock(() => NOW);
  location.hash = "";
});
afterEach(unmount);

async function openInputs(reference: string) {
  const backend = installMock({ now: NOW, storeState: "open" });
  mount(<App />);
  await flush();
  await goTo(`#/reviews/${reference}`);
  await waitFor(() => $("#tab-inputs"));
  await click($("#tab-inputs"));
  await waitFor(() => $("#input-d2-summary"));
  return backend;
}

const calls = (backend: ReturnType<typeof installMock>, cmd: string) => backend.calls.filter((c) => c.cmd === cmd).map((c) => c.args);
const d2Card = () => $("#input-d2-title")!.closest("section")!;

test("a KPI is added with its target and direction, shown against the target, and removed", async () => {
  const backend = await openInputs(DRAFTED);
  await click($("#kpi-d2-add"));
  await type($("#kpi-d2-name") as HTMLInputElement, "Phishing click rate");
  await type($("#kpi-d2-value") as HTMLInputElement, "not a number");
  await click(d2Card().querySelector(".kpi-form button[type='submit']"));
  expect(d2Card().querySelector(".kpi-form [role='alert']")!.textContent).toMatch(/value as a number/);
  expect(calls(backend, "review_kpi_set")).toEqual([]);

  await type($("#kpi-d2-value") as HTMLInputElement, "3,5");
  await type($("#kpi-d2-target") as HTMLInputElement, "5");
  await type($("#kpi-d2-unit") as HTMLInputElement, "%");
  await choose($("#kpi-d2-better") as HTMLSelectElement, "lower");
  await click(d2Card().querySelector(".kpi-form button[type='submit']"));
  await waitFor(() => d2Card().querySelector(".kpi-table"));
  expect(calls(backend, "review_kpi_set")).toEqual([{ request: { reference: DRAFTED, code: "d2", kpi: { name: "Phishing click rate", value: 3.5, target: 5, unit: "%", better: "lower" } } }]);
  const row = d2Card().querySelector(".kpi-table tbody tr")!;
  expect(row.textContent).toMatch(/Phishing click rate/);
  expect(row.textContent).toMatch(/on target/);
  expect(row.textContent).toMatch(/≤ 5%/);
  expect(row.textContent).toMatch(/First measured/);

  // Removed with Undo: gone at once, back with Undo, and nothing reached the backend.
  const remove = () => click(d2Card().querySelector("button[aria-label='Remove the KPI Phishing click rate']"));
  await remove();
  await waitFor(() => !d2Card().querySelector(".kpi-table"));
  expect($(".toast")!.textContent).toContain("KPI removed");
  // Ctrl+Z (outside a text field) is the message's Undo.
  await key(document.body, "z", { ctrlKey: true, bubbles: true });
  await waitFor(() => d2Card().querySelector(".kpi-table"));
  expect(document.activeElement).toBe(d2Card().querySelector("button[aria-label='Remove the KPI Phishing click rate']"));
  expect(calls(backend, "review_kpi_remove")).toEqual([]);
  // Removed again, the message dismissed: the backend removes it once.
  await remove();
  await waitFor(() => !d2Card().querySelector(".kpi-table"));
  await click(byLabel("Dismiss message"));
  await waitFor(() => calls(backend, "review_kpi_remove").length === 1);
  await flush();
  expect(d2Card().querySelector(".kpi-table")).toBeNull();
  expect(calls(backend, "review_kpi_remove")).toEqual([{ request: { reference: DRAFTED, code: "d2", name: "Phishing click rate" } }]);
});

test("a KPI carries the day it was measured, shown beside its name", async () => {
  const backend = await openInputs(DRAFTED);
  await click($("#kpi-d2-add"));
  await type($("#kpi-d2-name") as HTMLInputElement, "Phishing click rate");
  await type($("#kpi-d2-value") as HTMLInputElement, "3");
  const measured = $("#kpi-d2-measured") as HTMLInputElement;
  await type(measured, "2027-02-26");
  measured.dispatchEvent(new FocusEvent("blur"));
  measured.dispatchEvent(new Event("change", { bubbles: true }));
  await click(d2Card().querySelector(".kpi-form button[type='submit']"));
  await waitFor(() => d2Card().querySelector(".kpi-table"));
  expect(calls(backend, "review_kpi_set")[0]).toMatchObject({ request: { kpi: { name: "Phishing click rate", measuredOn: "2027-02-26" } } });
  expect(d2Card().querySelector(".kpi-table tbody tr th")!.textContent).toMatch(/measured 26 Feb 2027/);
});

function drop(target: Element, files: File[]) {
  const event = new Event("drop", { bubbles: true, cancelable: true });
  Object.defineProperty(event, "dataTransfer", { value: { files } });
  target.dispatchEvent(event);
}

test("files dropped on a card become evidence; a copy is saved to a new path and opened; oversize files are refused first", async () => {
  const backend = await openInputs(DRAFTED);
  const csv = new File(["Quarter,Clicks\nQ4,3%\n"], "Zoë phishing Q4.csv", { type: "text/csv" });
  const huge = new File(["x"], "all logs.zip");
  Object.defineProperty(huge, "size", { value: 150 * 1024 * 1024 });
  drop(d2Card().querySelector(".evidence")!, [csv, huge]);
  await waitFor(() => d2Card().querySelector(".evidence-list"));
  expect(d2Card().querySelector(".evidence-list")!.textContent).toMatch(/Zoë phishing Q4\.csv/);
  expect(d2Card().querySelector(".evidence-list")!.textContent).toMatch(/21 B/);
  await waitFor(() => d2Card().querySelector(".evidence-uploads .failed"));
  expect(d2Card().querySelector(".evidence-uploads .failed")!.textContent).toMatch(/all logs\.zip was not added: 150 MB; evidence files are limited to 100 MB/);
  const uploads = calls(backend, "evidence_add");
  expect(uploads).toHaveLength(1);
  expect((uploads[0] as unknown as Uint8Array).length).toBe(21);

  await click(d2Card().querySelector("button[aria-label='Save a copy of Zoë phishing Q4.csv']"));
  await waitFor(() => d2Card().querySelector(".evidence-saved"));
  expect(calls(backend, "evidence_save")).toEqual([{ request: { id: 1, path: "/home/lead/Documents/Quorum/Zoë phishing Q4.csv" } }]);
  await click([...d2Card().querySelectorAll(".evidence-saved button")].find((b) => b.textContent === "Open"));
  await waitFor(() => backend.state.opened.length === 1);
  expect(backend.state.opened).toEqual(["/home/lead/Documents/Quorum/Zoë phishing Q4.csv"]);
});

test("files dropped on the real window (Tauri's event, by path) are stored on the card under the pointer", async () => {
  const backend = await openInputs(DRAFTED);
  const target = d2Card().querySelector<HTMLElement>("[data-drop-target='d2']")!;
  target.dispatchEvent(new CustomEvent(DROPPED_PATHS, { detail: ["/home/lead/Exports/Patching Q4.xlsx"] }));
  await waitFor(() => d2Card().textContent?.includes("Patching Q4.xlsx"));
  expect(calls(backend, "evidence_add_path")).toEqual([{ request: { reference: DRAFTED, code: "d2", path: "/home/lead/Exports/Patching Q4.xlsx" } }]);
});

test("an approved review shows its inputs as the document, with no KPI or evidence changes", async () => {
  installMock({ now: NOW, storeState: "open" });
  mount(<App />);
  await flush();
  await goTo(`#/reviews/${APPROVED}`);
  const doc = await waitFor(() => $("#approved-document"));
  expect($("#tab-inputs")).toBeNull();
  expect(doc.textContent).toContain("9.3.2 d) 2) Monitoring and measurement results");
  expect($$("[id^='kpi-'][id$='-add']")).toEqual([]);
  expect($$(".evidence input[type='file']")).toEqual([]);
});

test("an input that calls for no change says why, saved with the card", async () => {
  const backend = await openInputs(DRAFTED);
  const field = $("#input-b-no-change") as HTMLInputElement;
  expect(field.value).toBe("");
  await type(field, "The context changes need nothing new");
  field.dispatchEvent(new Event("blur"));
  await waitFor(() => calls(backend, "review_input_set").length > 0);
  expect(calls(backend, "review_input_set").at(-1)).toEqual({ request: { reference: DRAFTED, code: "b", change: { noChange: "The context changes need nothing new" } } });
});

test("the register extracts show under the inputs they feed, read-only, and a concern reads as answered once the input names it", async () => {
  await openInputs("MR-2026-03");
  const card = (code: string) => $(`#input-${code}-title`)!.closest("section")!;
  // Risks under f), the internal audit findings under d) 3), the incidents under SOC 2's incidents.
  expect(card("f").querySelector("#extract-f-risks h4")!.textContent).toBe("From the risks snapshot taken on 24 Oct 2026");
  expect(card("d3").querySelector("#extract-d3-audit_findings")).not.toBeNull();
  expect(card("soc2_incidents").querySelector("#extract-soc2_incidents-incidents")).not.toBeNull();
  expect($$(".register-extract").length).toBe(3);
  for (const code of ["a", "b", "d1", "d2", "d4", "e", "g"]) expect(card(code).querySelector(".register-extract")).toBeNull();

  const risks = card("f").querySelector("#extract-f-risks")!;
  expect(risks.textContent).toMatch(/risk-register-2026-10\.xlsx, SHA-256 [0-9a-f]{12}…/);
  const figures = Object.fromEntries([...risks.querySelectorAll(".extract-figures div")].map((d) => [d.querySelector("dt")!.textContent, d.querySelector("dd")!.textContent]));
  expect(figures["Risks in the register"]).toBe("12");
  expect(figures["Above appetite (residual above medium)"]).toBe("2");
  expect(risks.querySelectorAll("input, select, textarea").length).toBe(0);
  expect(risks.querySelector("details")!.textContent).toMatch(/The risks above appetite/);

  const incident = card("soc2_incidents").querySelector(".concern-list li")!;
  expect(incident.textContent).toMatch(/INC-0412 Supplier account compromise \(high severity, detected 2026-09-22\)/);
  expect(incident.className).toBe("concern-open");
  expect(incident.querySelector(".concern-answer")!.textContent).toBe("not answered");

  const audit = () => card("d3").querySelector(".concern-list li")!;
  expect(audit().textContent).toMatch(/IA-2026-01/);
  expect(audit().querySelector(".concern-answer")!.textContent).toBe("not answered");
  await type($("#input-d3-summary") as HTMLInputElement, "IA-2026-01: the corrective plan was presented and accepted.");
  // Leaving the field saves at once; the record saved comes back with the extract read again.
  $("#input-d3-summary")!.dispatchEvent(new FocusEvent("blur"));
  await waitFor(() => audit().querySelector(".concern-answer")!.textContent === "answered by input d3", "the concern answered");
  expect(audit().className).toBe("concern-answered");
});

test("clearing “nothing to report” offers Undo: Undo keeps the mark and its reason; the clear reaches the backend when the message goes", async () => {
  const backend = await openInputs(NEXT);
  // An input with nothing presented yet: the mark alone makes it addressed.
  const code = $$<HTMLTextAreaElement>("textarea[id$='-summary']").find((t) => !t.value && !t.readOnly)!.id.replace(/^input-|-summary$/g, "");
  const box = () => $<HTMLInputElement>(`#input-${code}-nothing`)!;
  const reason = () => $<HTMLInputElement>(`#input-${code}-reason`);
  type Change = { request: { change: { nothingToReport?: string } } };
  const marks = (text: string) => calls(backend, "review_input_set").filter((c) => (c as Change).request.change.nothingToReport === text);
  const step = () => Number($("#step-inputs")!.textContent!.split("/")[0]);
  const before = step();
  await click(box());
  await type(await waitFor(() => reason()), "No audit took place this period");
  await act(() => void reason()!.dispatchEvent(new FocusEvent("blur")));
  await waitFor(() => marks("No audit took place this period").length === 1);
  await waitFor(() => step() === before + 1, "the step strip counts the mark");

  await click(box());
  expect(box().checked).toBe(false);
  expect(reason()).toBeNull();
  expect($(".toast")!.textContent).toContain("“Nothing to report” cleared");
  // The step strip counts it as cleared at once (one record for every count).
  expect(step()).toBe(before);
  await click(byText("Undo", "button"));
  expect(box().checked).toBe(true);
  expect(reason()!.value).toBe("No audit took place this period");
  expect(step()).toBe(before + 1);
  expect(marks("")).toEqual([]);

  await click(box());
  await click(byLabel("Dismiss message"));
  await waitFor(() => marks("").length === 1);
  expect(marks("")).toEqual([{ request: { reference: NEXT, code, change: { nothingToReport: "" } } }]);
  await flush();
  expect(box().checked).toBe(false);
  expect(step()).toBe(before);
});
