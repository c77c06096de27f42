// An input card's KPIs and evidence, over the mocked backend.
import { afterEach, beforeEach, expect, test } from "vitest";
import { App } from "../App";
import { installMock, MOCK_NOW } from "../lib/ipc/mock";
import { clearToasts } from "../lib/toasts";
import { setClock } from "../lib/clock";
import { DROPPED_PATHS } from "./InputEvidence";
import { $, $$, choose, click, flush, goTo, mount, type, unmount, waitFor } from "../test/helpers";

const NOW = new Date(MOCK_NOW);
const DRAFTED = "MR-2026-02"; // held, minutes drafted: still editable
const APPROVED = "MR-2026-01";

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

  await click(d2Card().querySelector("button[aria-label='Remove the KPI Phishing click rate']"));
  await waitFor(() => !d2Card().querySelector(".kpi-table"));
  expect(calls(backend, "review_kpi_remove")).toEqual([{ request: { reference: DRAFTED, code: "d2", name: "Phishing click rate" } }]);
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
