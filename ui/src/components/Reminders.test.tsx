// A click on a reminder notification: the app (src-tauri/src/reminders.rs) brings the window
// forward and sends it `reminder-open` with the place to act; the window lands where the
// dashboard card's links lead.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { App } from "../App";
import { DEMO_PASSPHRASE, installMock, MOCK_NOW, notificationClicked } from "../lib/ipc/mock";
import type { ReminderPlace } from "../lib/ipc";
import { clearToasts } from "../lib/toasts";
import { setClock } from "../lib/clock";
import { $, byLabel, byText, click, flush, goTo, heading, mount, type, unmount, waitFor } from "../test/helpers";

const NOW = new Date(MOCK_NOW);

beforeEach(() => {
  sessionStorage.clear();
  clearToasts();
  setClock(() => NOW);
  location.hash = "";
});
afterEach(unmount);

async function start(storeState: "open" | "locked" = "open") {
  installMock({ now: NOW, storeState });
  mount(<App />);
  await flush();
  await goTo("#/people");
  await waitFor(() => heading("People"), "another screen first");
}

async function clicked(place: ReminderPlace | null) {
  await notificationClicked(place);
  // happy-dom changes the hash without the event a browser fires.
  window.dispatchEvent(new HashChangeEvent("hashchange"));
  await flush();
}

describe("a click on a reminder notification", () => {
  test("an action's opens the action in the register", async () => {
    await start();
    await clicked({ to: "action", reference: "ACT-2026-020" });
    expect(location.hash).toBe("#/actions/ACT-2026-020");
    const panel = await waitFor(() => $("[role='dialog']"), "the action's panel");
    expect(panel.textContent).toContain("ACT-2026-020");
  });

  test("a review's opens the review", async () => {
    await start();
    await clicked({ to: "review", reference: "MR-2027-01" });
    expect(location.hash).toBe("#/reviews/MR-2027-01");
    await waitFor(() => heading("Q2 2027 management review"), "the review's workspace");
  });

  test("the signing identity's opens the signing settings", async () => {
    await start();
    await clicked({ to: "identity" });
    expect(location.hash).toBe("#/settings/signing");
    await waitFor(() => document.activeElement?.id === "signing-title", "the focus on the signing section");
    expect(heading("Settings")).toBeTruthy();
  });

  test("several places' opens the dashboard's reminders card", async () => {
    await start();
    await clicked(null);
    expect(location.hash).toBe("#/dashboard/reminders");
    await waitFor(() => document.activeElement?.id === "reminders-title", "the focus on the reminders card");
    expect(heading("Dashboard")).toBeTruthy();
    expect(document.activeElement!.closest("section")!.querySelector(".reminder-list li a")).toBeTruthy();
  });

  test("on a locked store, the place opens once it is unlocked", async () => {
    installMock({ now: NOW, storeState: "locked" });
    mount(<App />);
    await flush();
    await clicked({ to: "review", reference: "MR-2027-01" });
    expect(heading(/^Unlock/)).toBeTruthy();
    await type(byLabel("Passphrase"), DEMO_PASSPHRASE);
    await click(byText("Unlock", "button"));
    await waitFor(() => heading("Q2 2027 management review"), "the review after the unlock");
  });
});
