// The Registers screen and its import panel, over the mocked backend's demo registers.
import { afterEach, beforeEach, expect, test } from "vitest";
import { App } from "../App";
import { installMock, MOCK_NOW, type MockOptions } from "../lib/ipc/mock";
import { clearToasts } from "../lib/toasts";
import { setClock } from "../lib/clock";
import { $, $$, choose, click, flush, goTo, key, mount, type, unmount, waitFor } from "../test/helpers";

const NOW = new Date(MOCK_NOW);
const GOOD = "/home/priya/registers/risk-register-2026-11.xlsx";
const BAD = "/home/priya/registers/bad-risk-register.csv";

beforeEach(() => {
  sessionStorage.clear();
  clearToasts();
  setClock(() => NOW);
  location.hash = "";
});
afterEach(unmount);

async function openRegisters(options: MockOptions = {}, hash = "#/registers") {
  const backend = installMock({ now: NOW, storeState: "open", ...options });
  mount(<App />);
  await flush();
  await goTo(hash);
  await waitFor(() => $("#reg-import"), "the Import button");
  return backend;
}

const calls = (backend: ReturnType<typeof installMock>, cmd: string) => backend.calls.filter((c) => c.cmd === cmd).map((c) => c.args);
const importButton = () => $<HTMLButtonElement>("#imp-run")!;

async function previewFile(path: string) {
  await click($("#reg-import"));
  await type($("#imp-path") as HTMLInputElement, path);
  await click($("#imp-preview"));
  await waitFor(() => $("#imp-run"), "the preview");
}

test("the risks register: its newest snapshot, its rows, its two snapshots and what changed between them", async () => {
  await openRegisters();
  expect($("#reg-tab-risks")!.getAttribute("aria-selected")).toBe("true");
  expect($("#reg-newest")!.textContent).toMatch(/risk-register-2026-10\.xlsx/);
  expect($("#reg-newest")!.textContent).toMatch(/12 rows/);
  expect($("#reg-newest")!.textContent).toMatch(/2 snapshots/);
  // The whole SHA-256 is in the tooltip, the start of it on screen.
  const sha = $("#reg-newest .sha .mono")!;
  expect(sha.getAttribute("title")).toMatch(/^[0-9a-f]{64}$/);
  expect(sha.textContent).toBe(`${sha.getAttribute("title")!.slice(0, 12)}…`);
  await waitFor(() => $$("table[aria-label^='The register as at'] tbody tr").length === 12, "the 12 risks");

  await waitFor(() => $$("table[aria-label='Snapshots'] tbody tr").length === 2, "two snapshots");
  const [newer, older] = $$<HTMLInputElement>("table[aria-label='Snapshots'] input[type='checkbox']");
  await click(newer);
  await click(older);
  const changes = await waitFor(() => $("#reg-changes"), "the changes");
  expect(changes.textContent).toMatch(/1 new, 1 changed, 0 gone/);
  expect(changes.textContent).toMatch(/R-12/);
  expect(changes.textContent).toMatch(/R-03: Residual level, Plan status/);
});

test("as at a day before the first snapshot, the register says none was taken by then", async () => {
  const backend = await openRegisters();
  await type($("#reg-as-at") as HTMLInputElement, "2026-01-15");
  await waitFor(() => $("#reg-view-none"), "no snapshot by then");
  expect(calls(backend, "registers_list").at(-1)).toEqual({ request: { kind: "risks", asAt: "2026-01-15" } });
});

test("the risk appetite saves as soon as it is chosen", async () => {
  const backend = await openRegisters();
  await choose($("#reg-appetite") as HTMLSelectElement, "high");
  await waitFor(() => $("#reg-appetite-saved")!.textContent === "Saved", "saved");
  expect(calls(backend, "registers_appetite_set")).toEqual([{ level: "high" }]);
  expect($("#reg-appetite-hint")!.textContent).toMatch(/residual level above it count as above appetite/);
});

test("an import: the proposed mapping, a change previews again, a required field unmapped blocks it, then it imports", async () => {
  const backend = await openRegisters();
  await previewFile(GOOD);
  expect(calls(backend, "registers_preview")).toEqual([{ request: { kind: "risks", path: GOOD } }]);
  expect(($("#imp-map-owner") as HTMLSelectElement).value).toBe("Risk owner");
  expect($("#imp-mapping-note")!.textContent).toMatch(/Proposed from the file's headers/);
  expect($("#imp-changes")!.textContent).toMatch(/1 new, 1 changed, 1 gone/);
  expect(importButton().disabled).toBe(false);

  // The owner unmapped: previewed again with that mapping, a problem on row 1, Import disabled.
  await choose($("#imp-map-owner") as HTMLSelectElement, "");
  await waitFor(() => $("#imp-problems"), "the problem");
  const again = calls(backend, "registers_preview").at(-1) as { request: { mapping: Record<string, string> } };
  expect(again.request.mapping).not.toHaveProperty("owner");
  expect(again.request.mapping.id).toBe("Risk ref");
  expect($("#imp-problems")!.textContent).toMatch(/Row 1, column “Owner”: no column gives Owner/);
  expect($("#imp-unmapped")!.textContent).toMatch(/Every row needs Owner/);
  expect(importButton().disabled).toBe(true);

  await choose($("#imp-map-owner") as HTMLSelectElement, "Risk owner");
  await waitFor(() => !$("#imp-problems") && !importButton().disabled, "no problem left");
  await type($("#imp-taken-on") as HTMLInputElement, "2026-11-20");
  await click(importButton());
  await waitFor(() => !$("#imp-run"), "the panel closes");
  expect(calls(backend, "registers_import")).toEqual([{ request: { kind: "risks", path: GOOD, mapping: expect.objectContaining({ owner: "Risk owner" }), takenOn: "2026-11-20" } }]);
  expect($(".toast")!.textContent).toMatch(/risk-register-2026-11\.xlsx: the risks as at 20 Nov 2026, 12 rows/);
  await waitFor(() => $("#reg-newest")?.textContent?.includes("risk-register-2026-11.xlsx"), "the new snapshot");
  expect($("#reg-newest")!.textContent).toMatch(/3 snapshots/);

  // The same layout again: the mapping confirmed at the import is remembered.
  await previewFile(GOOD);
  expect($("#imp-mapping-note")!.textContent).toMatch(/remembered for this layout/);
});

test("a file with problems lists each by row and column, and Import stays disabled", async () => {
  const backend = await openRegisters();
  await previewFile(BAD);
  const problems = $$("#imp-problems li").map((li) => li.textContent);
  expect(problems).toEqual([`Row 3, column “Inherent level”: "severe" is not a level: use low, medium, high or critical`, "Row 4, column “Title”: Title is empty: every row needs one (text)"]);
  expect($("#imp-problems-title")!.textContent).toBe("2 problems");
  expect(importButton().disabled).toBe(true);
  await click(importButton());
  expect(calls(backend, "registers_import")).toEqual([]);
  // Another path: the preview of the bad file no longer stands, and nothing can be imported before a new one.
  await type($("#imp-path") as HTMLInputElement, GOOD);
  expect($("#imp-run")).toBeNull();
  expect($("#imp-problems")).toBeNull();
});

test("an import refused by the backend says why by the Import button, and nothing changes", async () => {
  const message = 'risk-register-2026-11.xlsx was not imported: row 7, column "Risk owner": Owner is empty: every row needs one (text). Nothing was written; fix the file and import it again';
  await openRegisters({ failures: { registers_import: { kind: "invalid", message } } });
  await previewFile(GOOD);
  await click(importButton());
  const refusal = await waitFor(() => $("#imp-refusal"), "the refusal");
  expect(refusal.textContent).toBe(message);
  expect(importButton().getAttribute("aria-describedby")).toBe("imp-refusal");
  expect($("#reg-newest")!.textContent).toMatch(/risk-register-2026-10\.xlsx/);
  expect($("#reg-newest")!.textContent).toMatch(/2 snapshots/);
});

test("an empty register teaches what it feeds and offers the template and Import", async () => {
  const backend = await openRegisters({}, "#/registers/suppliers");
  expect($("#reg-tab-suppliers")!.getAttribute("aria-selected")).toBe("true");
  expect($("h2")!.textContent).toBe("No snapshot of the supplier reviews yet");
  expect($(".empty-state")!.textContent).toMatch(/input c\) of 9\.3\.2/);
  expect($(".empty-state")!.textContent).toMatch(/Supplier, Criticality, Last review, Result, Issues/);
  await click($("#reg-template"));
  const path = await waitFor(() => ($("#reg-template-path") as HTMLInputElement | null)?.value, "the suggested path");
  expect(path).toMatch(/Supplier reviews template\.xlsx$/);
  await click($(".save-file button[type='submit']"));
  await waitFor(() => calls(backend, "registers_template").length === 1, "the template written");
  expect(calls(backend, "registers_template")).toEqual([{ kind: "suppliers", path }]);
});

test("Esc closes the import panel", async () => {
  await openRegisters();
  await click($("#reg-import"));
  const panel = $(".side-panel")!;
  panel.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true }));
  await flush();
  expect($(".side-panel")).toBeNull();
});

test("keyboard: G then E opens Registers; ← → move between the registers' tabs", async () => {
  installMock({ now: NOW, storeState: "open" });
  mount(<App />);
  await flush();
  await goTo("#/dashboard");
  await waitFor(() => $("main h1")?.textContent === "Dashboard", "the dashboard");
  await key(document.body, "g");
  await key(document.body, "e");
  await waitFor(() => $("main h1")?.textContent === "Registers", "the Registers screen");
  await waitFor(() => $("#reg-tab-risks"), "the tabs");
  await key($("#reg-tab-risks")!, "ArrowRight");
  // The tab follows the route: the browser reports the hash change, as a user's would.
  window.dispatchEvent(new HashChangeEvent("hashchange"));
  await waitFor(() => $("#reg-tab-incidents")?.getAttribute("aria-selected") === "true", "the incidents tab");
  expect(location.hash).toBe("#/registers/incidents");
  await waitFor(() => $("#reg-newest")?.textContent?.includes("incident-log-2026-10.csv"), "the incident log");
});
