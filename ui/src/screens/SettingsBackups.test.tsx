// Settings' automatic backups over the mock backend at its pinned instant: the list and the
// policy, the policy saving itself (and refused by its field), a restore in two clicks (with
// the old passphrase when the backup needs it), and the daily backup asked once per store open.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { act } from "preact/test-utils";
import { App } from "../App";
import { backupNeedsPassphrase, DEMO_PASSPHRASE, installMock } from "../lib/ipc/mock";
import { clearToasts } from "../lib/toasts";
import { formatDateTime } from "../lib/format";
import { $, $$, byText, click, flush, goTo, heading, key, mount, type, unmount, waitFor } from "../test/helpers";
import { formatSize } from "./InputEvidence";

beforeEach(() => {
  sessionStorage.clear();
  clearToasts();
});
afterEach(() => {
  unmount();
  vi.restoreAllMocks();
});

/** The window on an open store, at `hash` (Settings' automatic backups by default). */
async function start(options: Parameters<typeof installMock>[0] = {}, hash = "#/settings/auto-backups") {
  location.hash = hash;
  const backend = installMock({ storeState: "open", ...options });
  mount(<App />);
  await flush();
  return backend;
}

const input = (id: string) => document.getElementById(id) as HTMLInputElement;
const leave = (el: HTMLInputElement) => act(() => void el.dispatchEvent(new Event("change", { bubbles: true }))).then(() => flush());
const rows = () => $$("table[aria-label='Automatic backups'] tbody tr:not(.backups-confirm-row)");
const cells = (row: HTMLElement) => [...row.querySelectorAll("td")].slice(0, 3).map((td) => td.textContent);
const calls = (backend: ReturnType<typeof installMock>, cmd: string) => backend.calls.filter((c) => c.cmd === cmd).map((c) => c.args);
const restoreButton = (path: string) => $$("[data-restore]").find((b) => b.dataset.restore === path)!;

describe("settings: automatic backups", () => {
  test("the section says where they are and what is kept, and lists them newest first with why and size", async () => {
    const backend = await start();
    await waitFor(() => rows().length > 0, "the backups");
    expect($("#ab-folder")!.textContent).toBe("/home/priya/.local/share/quorum/quorum.db-backups");
    expect($("#ab-kept")!.textContent).toBe("Every backup of the newest 7 days that have backups, and the newest of each of the newest 4 weeks. Older ones are deleted; the newest is never deleted.");
    expect([input("ab-enabled").checked, input("ab-daily").value, input("ab-weekly").value]).toEqual([true, "7", "4"]);
    const listed = backend.state.autoBackups;
    expect(listed).toHaveLength(7);
    expect(rows().map(cells)).toEqual(listed.map((b) => [formatDateTime(b.takenAt), { daily: "Daily", before_migration: "Before an update of the store's format" }[b.reason as "daily"], formatSize(b.bytes)]));
    expect(rows().map(cells).filter(([, why]) => why === "Before an update of the store's format")).toHaveLength(1);
    // The demo's newest backup is from the day before the mock's now.
    expect(listed[0]!.takenAt.slice(0, 10)).toBe("2026-11-22");
    // Opened at #/settings/auto-backups: the section's heading has the focus.
    await waitFor(() => document.activeElement?.id === "auto-backups-title", "the focus on the section");
  });

  test("a policy change saves itself with a quiet Saved; turning daily backups off saves too", async () => {
    const backend = await start();
    await waitFor(() => input("ab-daily"));
    await type(input("ab-daily"), "10");
    expect(calls(backend, "backups_policy_set")).toEqual([]);
    await leave(input("ab-daily"));
    await waitFor(() => $("#ab-saved")!.textContent === "Saved", "Saved");
    expect(calls(backend, "backups_policy_set")).toEqual([{ policy: { enabled: true, keepDaily: 10, keepWeekly: 4 } }]);
    expect($("#ab-kept")!.textContent).toMatch(/^Every backup of the newest 10 days/);
    // Left unchanged, nothing is written.
    await leave(input("ab-daily"));
    expect(calls(backend, "backups_policy_set")).toHaveLength(1);
    await click(input("ab-enabled"));
    await waitFor(() => calls(backend, "backups_policy_set").length === 2);
    expect(calls(backend, "backups_policy_set")[1]).toEqual({ policy: { enabled: false, keepDaily: 10, keepWeekly: 4 } });
    expect(backend.state.backupPolicy).toEqual({ enabled: false, keepDaily: 10, keepWeekly: 4 });
  });

  test("a keep out of range is refused by its field before any write; core's refusal shows by the field too", async () => {
    const backend = await start();
    await waitFor(() => input("ab-daily"));
    await type(input("ab-daily"), "0");
    await leave(input("ab-daily"));
    expect(document.getElementById("ab-daily-error")!.textContent).toBe("Enter a whole number of days from 1 to 365.");
    expect(input("ab-daily").getAttribute("aria-invalid")).toBe("true");
    expect(input("ab-daily").getAttribute("aria-describedby")).toBe("ab-daily-error");
    await type(input("ab-weekly"), "521");
    await type(input("ab-daily"), "7");
    await leave(input("ab-weekly"));
    expect(document.getElementById("ab-weekly-error")!.textContent).toBe("Enter a whole number of weeks from 0 to 520.");
    expect(calls(backend, "backups_policy_set")).toEqual([]);
    unmount();

    const refused = await start({ failures: { backups_policy_set: { kind: "invalid", message: "keep 7 daily and 9 weekly backups is out of range: keep 1 to 365 daily and 0 to 520 weekly" } } });
    await waitFor(() => input("ab-weekly"));
    await type(input("ab-weekly"), "9");
    await leave(input("ab-weekly"));
    await waitFor(() => document.getElementById("ab-weekly-error"), "the refusal");
    expect(document.getElementById("ab-weekly-error")!.textContent).toBe("keep 7 daily and 9 weekly backups is out of range: keep 1 to 365 daily and 0 to 520 weekly");
    expect($("#ab-saved")!.textContent).toBe("Not saved");
    expect(calls(refused, "backups_policy_set")).toEqual([{ policy: { enabled: true, keepDaily: 7, keepWeekly: 9 } }]);
  });

  test("Restore… asks for confirmation naming the backup (Esc cancels), then restores it: a toast, the app reloads, the list shows the backup taken first", async () => {
    const backend = await start();
    await waitFor(() => rows().length > 0);
    const chosen = backend.state.autoBackups.find((b) => b.reason === "before_migration")!;
    const when = formatDateTime(chosen.takenAt);
    expect(restoreButton(chosen.path).getAttribute("aria-label")).toBe(`Restore the backup of ${when}…`);

    // First click: a confirmation, focused, saying what happens. Esc cancels and gives the focus back.
    await click(restoreButton(chosen.path));
    await waitFor(() => document.activeElement?.id === "ab-confirm", "the focus on the confirmation");
    expect($("#ab-confirm-title")!.textContent).toBe(`Restore the backup of ${when}?`);
    expect($("#ab-confirm-what")!.textContent).toContain(`Quorum first backs up the store as it is now`);
    expect($("#ab-confirm-what")!.textContent).toContain(`Changes made since ${when} are replaced`);
    await key(document.activeElement!, "Escape");
    await flush();
    expect($("#ab-confirm")).toBeNull();
    expect(document.activeElement).toBe(restoreButton(chosen.path));
    expect(calls(backend, "backups_restore")).toEqual([]);

    // Two clicks.
    await click(restoreButton(chosen.path));
    await click($("#ab-confirm"));
    await waitFor(() => byText("Backup restored", "strong"), "the toast");
    expect(calls(backend, "backups_restore")).toEqual([{ request: { path: chosen.path } }]);
    expect(byText(`The store is as it was on ${when}. The store as it was before the restore is kept in the list (Before a restore).`, "p")).toBeTruthy();
    // The window starts again over the restored store: app info and the list are read again.
    await waitFor(() => rows().length === 8, "the refreshed list");
    expect(cells(rows()[0]!)[1]).toBe("Before a restore");
    expect(calls(backend, "app_info")).toHaveLength(1);
    expect(calls(backend, "backups_list")).toHaveLength(2);
    expect(calls(backend, "organisation_get").length).toBeGreaterThanOrEqual(2);
    expect(location.hash).toBe("#/settings/auto-backups");
    await waitFor(() => document.activeElement?.id === "auto-backups-title", "the focus on the section after the restore");
  });

  test("a backup taken under an older passphrase asks for it in the confirmation and retries with it", async () => {
    const backend = await start();
    await waitFor(() => rows().length > 0);
    const chosen = backend.state.autoBackups[2]!;
    backupNeedsPassphrase(chosen.path, "the passphrase of last week");
    await click(restoreButton(chosen.path));
    await click($("#ab-confirm"));
    await waitFor(() => input("ab-passphrase"), "the passphrase field");
    await waitFor(() => document.activeElement?.id === "ab-passphrase", "the focus on the passphrase");
    expect(document.getElementById("ab-passphrase-error")).toBeNull();
    expect(calls(backend, "backups_restore")).toEqual([{ request: { path: chosen.path } }]);
    // The attempt backed the store up first: the list shows it, the confirmation stays open.
    await waitFor(() => rows().length === 8, "the list with the backup taken before the attempt");
    expect(cells(rows()[0]!)[1]).toBe("Before a restore");
    expect(input("ab-passphrase")).toBeTruthy();

    await type(input("ab-passphrase"), DEMO_PASSPHRASE);
    await click($("#ab-confirm"));
    await waitFor(() => document.getElementById("ab-passphrase-error"), "the refusal");
    expect(document.getElementById("ab-passphrase-error")!.textContent).toBe("That passphrase does not open this backup: give the one the store had when it was taken.");
    expect(input("ab-passphrase").value).toBe("");

    await type(input("ab-passphrase"), "the passphrase of last week");
    await click($("#ab-confirm"));
    await waitFor(() => byText("Backup restored", "strong"), "the toast");
    expect(calls(backend, "backups_restore")).toEqual([
      { request: { path: chosen.path } },
      { request: { path: chosen.path, passphrase: DEMO_PASSPHRASE } },
      { request: { path: chosen.path, passphrase: "the passphrase of last week" } },
    ]);
    // The store now opens with the passphrase the backup had.
    expect(backend.state.passphrase).toBe("the passphrase of last week");
  });

  test("a restore that fails and leaves the store closed hands over to the lock screen, saying why", async () => {
    const backend = await start({ failures: { backups_restore: { kind: "io", message: "/home/priya/.local/share/quorum/quorum.db: permission denied" } } });
    await waitFor(() => rows().length > 0);
    await click(restoreButton(backend.state.autoBackups[0]!.path));
    backend.state.storeState = "locked";
    await click($("#ab-confirm"));
    await waitFor(() => heading(/^Unlock/), "the lock screen");
    expect(byText("/home/priya/.local/share/quorum/quorum.db: permission denied", "p")).toBeTruthy();
  });
});

describe("the daily automatic backup", () => {
  test("is asked once after the dashboard's data has loaded, again after the store is locked and unlocked, never on the lock screen", async () => {
    const backend = await start({}, "#/dashboard");
    await waitFor(() => heading("Dashboard"));
    await waitFor(() => calls(backend, "backups_daily").length === 1, "the daily backup");
    const order = backend.calls.map((c) => c.cmd);
    expect(order.indexOf("backups_daily")).toBeGreaterThan(order.indexOf("dashboard"));
    expect(backend.state.autoBackups[0]).toMatchObject({ reason: "daily", takenAt: "2026-11-23T09:00:00Z" });
    // Going elsewhere and back asks no more.
    await goTo("#/actions");
    await goTo("#/dashboard");
    await waitFor(() => calls(backend, "dashboard").length === 2);
    await flush();
    expect(calls(backend, "backups_daily")).toHaveLength(1);

    // Locked: nothing is asked on the lock screen; unlocked, once more (core finds today's and takes none).
    await click($("button[aria-label='Lock the store']"));
    await waitFor(() => heading(/^Unlock/));
    await flush();
    expect(calls(backend, "backups_daily")).toHaveLength(1);
    await type(input("unlock-passphrase"), DEMO_PASSPHRASE);
    await click(byText("Unlock", "button"));
    await waitFor(() => calls(backend, "backups_daily").length === 2, "the daily backup after the unlock");
    expect(backend.state.autoBackups.filter((b) => b.reason === "daily" && b.takenAt.startsWith("2026-11-23"))).toHaveLength(1);
  });

  test("a failure shows no toast: it is logged, and Settings' section says it", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const backend = await start({ failures: { backups_daily: { kind: "io", message: "No space left on device: /home/priya/.local/share/quorum/quorum.db-backups" } } }, "#/dashboard");
    await waitFor(() => calls(backend, "backups_daily").length === 1);
    await waitFor(() => warn.mock.calls.length === 1, "the warning");
    expect(warn.mock.calls[0]![0]).toBe("Quorum: the daily automatic backup failed: No space left on device: /home/priya/.local/share/quorum/quorum.db-backups");
    expect($(".toast")).toBeNull();
    await goTo("#/settings");
    await waitFor(() => heading("Automatic backups"));
    expect($(".auto-backups [role=alert]")!.textContent).toBe("This session's daily backup failed: No space left on device: /home/priya/.local/share/quorum/quorum.db-backups");
  });
});
