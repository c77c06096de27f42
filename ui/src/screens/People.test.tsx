// The escalation path on the People screen, over the mocked backend.
import { afterEach, beforeEach, expect, test } from "vitest";
import { App } from "../App";
import { installMock, MOCK_NOW } from "../lib/ipc/mock";
import { clearToasts } from "../lib/toasts";
import { setClock } from "../lib/clock";
import { $, $$, byText, choose, click, flush, goTo, mount, type, unmount, waitFor } from "../test/helpers";

const NOW = new Date(MOCK_NOW);

beforeEach(() => {
  sessionStorage.clear();
  clearToasts();
  setClock(() => NOW);
  location.hash = "";
});
afterEach(unmount);

async function openPeople() {
  const backend = installMock({ now: NOW, storeState: "open" });
  mount(<App />);
  await flush();
  await goTo("#/people");
  await waitFor(() => $("#escalation-0-name"));
  return backend;
}

const levels = () => $$<HTMLInputElement>(".escalation-levels input").map((i) => i.value);
const sets = (backend: ReturnType<typeof installMock>) => backend.calls.filter((c) => c.cmd === "escalation_path_set").map((c) => (c.args as { request: unknown }).request);

test("the path is edited, reordered and saved; a level needs a name", async () => {
  const backend = await openPeople();
  expect(levels()).toEqual(["Line manager", "Department head", "CISO", "Executive leadership"]);
  await click($("#escalation-add"));
  await click($("#escalation-save"));
  expect($(".escalation-path [role='alert']")!.textContent).toMatch(/Name level 5/);
  expect(sets(backend)).toEqual([]);

  await type($("#escalation-4-name") as HTMLInputElement, "Board");
  await choose($("#escalation-4-person") as HTMLSelectElement, "2");
  await click($("button[aria-label='Move level 3 down']"));
  expect(levels()).toEqual(["Line manager", "Department head", "Executive leadership", "CISO", "Board"]);
  await click($("#escalation-save"));
  await waitFor(() => sets(backend).length === 1);
  expect(sets(backend)[0]).toEqual([
    { name: "Line manager", personId: null },
    { name: "Department head", personId: 3 },
    { name: "Executive leadership", personId: 2 },
    { name: "CISO", personId: 3 },
    { name: "Board", personId: 2 },
  ]);
});

test("a path shorter than the level open actions reached is refused with the backend's reason, and the draft is kept", async () => {
  const backend = await openPeople();
  await click($("button[aria-label='Remove level 4']"));
  await click($("button[aria-label='Remove level 3']"));
  await click($("#escalation-save"));
  await waitFor(() => $(".escalation-path [role='alert']"));
  expect($(".escalation-path [role='alert']")!.textContent).toMatch(/escalated up to level 3: the path needs at least 3 levels/);
  expect(levels()).toEqual(["Line manager", "Department head"]);
  expect(sets(backend)).toHaveLength(1);
});

test("a level removed leaves the draft with Undo; Undo puts it back at its place with its person", async () => {
  const backend = await openPeople();
  const person = () => ($("#escalation-1-person") as HTMLSelectElement).value;
  const before = person();
  // From the keyboard: the focus is on the button pressed.
  const button = $("button[aria-label='Remove level 2']")!;
  button.focus();
  await click(button);
  expect(levels()).toEqual(["Line manager", "CISO", "Executive leadership"]);
  expect($(".toast")!.textContent).toContain("Level 2 removed");
  // The keyboard goes on at "Add a level", not at the next level's Remove.
  await waitFor(() => document.activeElement?.id === "escalation-add", "focus on Add a level");
  await click(byText("Undo", "button"));
  expect(levels()).toEqual(["Line manager", "Department head", "CISO", "Executive leadership"]);
  expect(person()).toBe(before);
  await waitFor(() => document.activeElement?.id === "escalation-1-name", "focus back on the level");
  expect(sets(backend)).toEqual([]);
});
