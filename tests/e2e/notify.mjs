// Reminders as OS notifications, on the real app: a notification server of our own
// (notification_server.py, on the test's private D-Bus session) receives the app's daily
// notification on the demo store, whose text must be the reminders the dashboard lists; a
// click on it (the server's ActionInvoked "default", as a desktop sends it) must bring the
// window to the place to act. The demo's reminders lead to several places, so that is the
// dashboard's reminders card, reached from another screen.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runOnApp, screenshots, until } from "./harness.mjs";

const shot = screenshots("notify");
const folder = mkdtempSync(join(process.env.SCRATCH ?? tmpdir(), "notifications-"));
const server = spawn("python3", [join(dirname(fileURLToPath(import.meta.url)), "notification_server.py"), folder], { stdio: ["ignore", "inherit", "inherit"] });
process.on("exit", () => server.kill());
await until(async () => existsSync(join(folder, "ready")) || server.exitCode !== null, "the notification server owns its name");
assert.equal(server.exitCode, null, "the notification server is running");

const shown = () => (existsSync(join(folder, "notifications.jsonl")) ? readFileSync(join(folder, "notifications.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line)) : []);
const route = (session) => session.execute("return location.hash + ' ' + (document.activeElement?.id ?? '')");

async function notify(session) {
  await session.waitFor(".rail .store-org", { text: "Northwind Analytics Ltd" });
  const reminders = await session.execute("return window.__TAURI_INTERNALS__.invoke('reminders')");
  console.log(`  the app's reminders: ${reminders.map((r) => r.title).join("; ")}`);
  assert.ok(reminders.length >= 2, `the demo store has reminders to announce (${reminders.length})`);
  assert.ok(new Set(reminders.map((r) => JSON.stringify(r.place))).size > 1, "they lead to several places");
  await session.execute("location.hash = '#/people'");
  await session.waitFor("h1", { text: "People" });

  console.log("notify: the app's first check (10 s after start) notifies the reminders");
  await until(async () => shown().length > 0, "the app sent a notification", 90_000);
  const [notification, ...more] = shown();
  assert.equal(more.length, 0, "one notification for all the day's reminders");
  assert.equal(notification.appName, "quorum-app");
  assert.equal(notification.summary, `Quorum: ${reminders.length} reminders`);
  const lines = reminders.slice(0, 4).map((r) => r.title);
  if (reminders.length > 4) lines.push(`and ${reminders.length - 4} more on the dashboard`);
  assert.equal(notification.body, lines.join("\n"));
  assert.match(notification.body, /^ACT-\d{4}-\d{3} is \d+ days? overdue$/m, "the demo's overdue actions are among them");
  assert.deepEqual(notification.actions.map(([id]) => id), ["default"], "a click on the notification itself is offered");
  console.log(`  "${notification.summary}": ${lines.length} lines`);
  assert.match(await route(session), /^#\/people /, "nothing moved before the click");

  console.log("notify: a click on the notification opens the dashboard's reminders card");
  writeFileSync(join(folder, `click-${notification.id}`), "");
  await until(async () => (await route(session)) === "#/dashboard/reminders reminders-title", "the window shows the reminders card, focused", 20_000);
  const card = await session.waitFor("section.reminders .reminder-list", { text: reminders[0].title });
  assert.ok(card, "the card lists the reminders");
  await shot(session, "reminders-card-after-click");
}

await runOnApp("notification click", notify, shot);
