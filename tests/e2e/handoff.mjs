// One running instance, on the real app: with the window open on the demo store, a second
// launch of the binary must exit 0 at once (no second window, no crash) and hand its file to
// the running window, which opens that store (OTHER_DB, a keychain store the Secret Service
// of this session unlocks).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { APP, runOnApp, screenshots, until } from "./harness.mjs";

const shot = screenshots("handoff");
const OTHER_DB = process.env.OTHER_DB;

/** The binary again, as the file manager or a second click would start it. */
function secondLaunch(args) {
  const started = Date.now();
  const run = spawnSync(APP, args, { env: process.env, encoding: "utf8", timeout: 30_000 });
  return { status: run.status, signal: run.signal, seconds: (Date.now() - started) / 1000, stderr: run.stderr };
}

const storePath = (session) => session.execute("return window.__TAURI_INTERNALS__.invoke('app_info').then((info) => info.storePath + ' ' + info.storeState)");

async function handoff(session) {
  assert.ok(OTHER_DB, "OTHER_DB is set by run.sh");
  await session.waitFor(".rail .store-org", { text: "Northwind Analytics Ltd" });
  const before = await storePath(session);
  assert.match(before, / open$/);

  console.log("handoff: a second launch with nothing to open exits 0 and leaves the window as it was");
  const plain = secondLaunch([]);
  assert.deepEqual([plain.status, plain.signal], [0, null], `the second launch exited 0, not by a signal: ${plain.stderr}`);
  assert.ok(plain.seconds < 20, `it exited at once (${plain.seconds} s)`);
  assert.equal(await storePath(session), before);

  console.log("handoff: a second launch with a store file opens it in the running window");
  const withFile = secondLaunch([OTHER_DB]);
  assert.deepEqual([withFile.status, withFile.signal], [0, null], `the second launch exited 0, not by a signal: ${withFile.stderr}`);
  await until(async () => (await storePath(session)) === `${OTHER_DB} open`, "the running window opened the store it was handed");
  await session.waitFor(".toast", { text: "Store opened" });
  await shot(session, "store-opened");
}

await runOnApp("hand-off", handoff, shot);
