// The system's Save and Open dialogs as the window uses them, with the user at the dialogs
// scripted in the mock backend (the IPC door's file_choose_save / file_choose_open), the
// dashboard's reminders and their choices, and a file handed over by a second launch.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { App } from "../App";
import { installMock, MOCK_NOW, secondLaunchWith } from "../lib/ipc/mock";
import { clearToasts } from "../lib/toasts";
import { setClock } from "../lib/clock";
import { $, $$, byLabel, byText, click, flush, goTo, mount, type, unmount, waitFor } from "../test/helpers";

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

/** The register's CSV export form, opened. */
async function csvForm() {
  await goTo("#/actions");
  await waitFor(() => $$("table[aria-label='Action register'] tbody tr").length > 0);
  await click(byText("Export…", "button"));
  await waitFor(() => byLabel("Save the CSV to").value !== "");
  const form = byLabel("Save the CSV to").closest("form")!;
  return { form, saveAs: () => [...form.querySelectorAll("button")].find((b) => b.textContent?.trim() === "Save as…")! };
}

const exports = (backend: ReturnType<typeof installMock>) => backend.calls.filter((c) => c.cmd === "actions_export").map((c) => (c.args as { request: { path: string } }).request.path);

describe("the Save dialog", () => {
  test("Save as… opens the system's dialog on the suggestion and writes where the user chose", async () => {
    const asked: string[] = [];
    const backend = await start({ dialogs: { save: (suggested) => (asked.push(suggested), "/home/lead/Desktop/register.csv") } });
    const { saveAs } = await csvForm();
    await click(saveAs());
    await waitFor(() => $(".written-file"), "written");
    expect(asked).toEqual([`/home/lead/Documents/Quorum/Action register ${MOCK_NOW.slice(0, 10)}.csv`]);
    expect(exports(backend)).toEqual(["/home/lead/Desktop/register.csv"]);
    expect($(".written-file")!.textContent).toContain("/home/lead/Desktop/register.csv");
    // The written file opens, or shows in its folder in the file manager.
    await click(byText("Show in folder", "button"));
    expect(backend.state.shown).toEqual(["/home/lead/Desktop/register.csv"]);
  });

  test("a crash-damaged journal found at the open is said above every screen until dismissed", async () => {
    const notice = "/home/lead/quorum.db-wal, the store's journal, is damaged from frame 3: SQLite discarded 2 of its frames";
    await start({ openNotice: notice });
    expect((await waitFor(() => $("#open-notice")))!.textContent).toContain(notice);
    await goTo("#/actions");
    expect($("#open-notice")).not.toBeNull();
    await click(byText("Dismiss", "button"));
    expect($("#open-notice")).toBeNull();
  });

  test("a cancelled dialog writes nothing", async () => {
    const backend = await start({ dialogs: { save: () => null } });
    const { saveAs } = await csvForm();
    await click(saveAs());
    await flush();
    expect(backend.calls.some((c) => c.cmd === "file_choose_save")).toBe(true);
    expect(exports(backend)).toEqual([]);
    expect(backend.state.written).toEqual([]);
    expect($(".written-file")).toBeNull();
  });

  test("an existing file is replaced only when chosen in the dialog, which asked; typed, it is refused", async () => {
    const backend = await start({ dialogs: { save: () => "/home/lead/Desktop/register.csv" } });
    const { saveAs } = await csvForm();
    await type(byLabel("Save the CSV to"), "/home/lead/Desktop/register.csv");
    await click(byText("Save as CSV", "button"));
    await waitFor(() => $(".written-file"), "first write");
    await type(byLabel("Save the CSV to"), "/home/lead/Desktop/register.csv");
    await click(byText("Save as CSV", "button"));
    await waitFor(() => byText(/already exists; Quorum never overwrites a file it was not told to replace/), "typed: refused");
    await click(saveAs());
    await flush();
    expect(exports(backend)).toEqual(["/home/lead/Desktop/register.csv", "/home/lead/Desktop/register.csv", "/home/lead/Desktop/register.csv"]);
    // The confirmation was used by that one write.
    expect(backend.state.confirmed).toEqual([]);
    expect($$(".toast").filter((t) => /already exists/.test(t.textContent ?? "")).length).toBe(1);
  });
});

describe("the Open dialog", () => {
  test("the first-run screen fills the store and backup paths from the system's dialog; Cancel leaves them", async () => {
    const answers: (string | null)[] = ["/media/usb/quorum.db", null, "/media/usb/quorum-backup.db"];
    const purposes: string[] = [];
    await start({ storeState: "missing", dialogs: { open: (purpose) => (purposes.push(purpose), answers.shift() ?? null) } });
    await waitFor(() => byText("Choose the store file…", "button"));
    await click(byText("Choose the store file…", "button"));
    await waitFor(() => byLabel("Store file").value === "/media/usb/quorum.db", "store path chosen");
    await click(byText("Choose the backup file…", "button"));
    await flush();
    expect(byLabel("Backup file").value).toBe("");
    await click(byText("Choose the backup file…", "button"));
    await waitFor(() => byLabel("Backup file").value === "/media/usb/quorum-backup.db", "backup path chosen");
    expect(purposes).toEqual(["store", "backup", "backup"]);
  });

  test("the holidays file is chosen in the Open dialog, then imported", async () => {
    const backend = await start({ dialogs: { open: (purpose) => (purpose === "holidays" ? "/home/priya/holidays-uk.txt" : null) } });
    await goTo("#/settings");
    await click(await waitFor(() => byText("Choose the file…", "button")));
    await waitFor(() => byLabel("Import holidays from a file").value === "/home/priya/holidays-uk.txt", "path chosen");
    await click(byText("Import holidays", "button"));
    await waitFor(() => backend.calls.find((c) => c.cmd === "holidays_import"), "imported");
    expect(backend.calls.find((c) => c.cmd === "holidays_import")!.args).toEqual({ request: { path: "/home/priya/holidays-uk.txt" } });
  });
});

describe("reminders", () => {
  test("the dashboard lists what is due, each linked to the place to act, and the choices filter them", async () => {
    const backend = await start();
    await goTo("#/dashboard");
    await waitFor(() => $$(".reminder-list li").length > 0, "reminders listed");
    const items = () => $$(".reminder-list li").map((li) => li.textContent ?? "");
    expect(items().some((t) => /Circulate the pack for MR-2026-03 in \d days/.test(t))).toBe(true);
    const overdue = $$<HTMLAnchorElement>(".reminder-list li a").find((a) => /is \d+ days? overdue/.test(a.textContent ?? ""))!;
    expect(overdue.getAttribute("href")).toMatch(/^#\/actions\/ACT-2026-\d+$/);
    expect($$<HTMLAnchorElement>(".reminder-list li a").find((a) => a.textContent?.startsWith("Circulate"))!.getAttribute("href")).toBe("#/reviews/MR-2026-03");

    await click(byText("Notifications…", "button"));
    await waitFor(() => $("form.reminder-choices"), "choices");
    await click($<HTMLInputElement>("input[name='action_overdue']"));
    await type(byLabel("From"), "22:00");
    await type(byLabel("Until"), "07:30");
    await click(byText("Save choices", "button"));
    await waitFor(() => !$("form.reminder-choices"), "saved");
    await waitFor(() => !items().some((t) => /overdue/.test(t)), "overdue left out");
    expect(items().some((t) => t.startsWith("Circulate"))).toBe(true);
    expect(backend.state.reminderSettings).toMatchObject({ quietFrom: "22:00:00", quietUntil: "07:30:00" });
    expect(backend.state.reminderSettings.kinds).not.toContain("action_overdue");
  });

  test("quiet hours need both ends", async () => {
    await start();
    await goTo("#/dashboard");
    await click(await waitFor(() => byText("Notifications…", "button")));
    await waitFor(() => $("form.reminder-choices"));
    await type(byLabel("From"), "22:00");
    await click(byText("Save choices", "button"));
    await waitFor(() => byText(/Quiet hours need both a start and an end/), "refused");
  });
});

test("a store file handed over by a second launch is opened in the running window", async () => {
  const backend = await start({ storeState: "missing" });
  await secondLaunchWith("/home/lead/other.db");
  await waitFor(() => backend.calls.find((c) => c.cmd === "store_open"), "store_open");
  expect(backend.calls.find((c) => c.cmd === "store_open")!.args).toEqual({ request: { path: "/home/lead/other.db" } });
});
