// What every real-app e2e script shares: starting tauri-driver on free ports, one session on
// the built app, screenshots, waiting, and stopping everything however the script ends.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { Session } from "./webdriver.mjs";

export const APP = process.env.QUORUM_APP;
export const ARTIFACTS = process.env.E2E_ARTIFACTS;
const TAURI_DRIVER = process.env.TAURI_DRIVER ?? "tauri-driver";
const NATIVE_DRIVER = process.env.NATIVE_DRIVER ?? "/usr/bin/WebKitWebDriver";

/** A TCP port nobody listens on now (other people's drivers may run on this machine). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForDriver(base, driver) {
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    if (driver.exitCode !== null) throw new Error(`tauri-driver exited with ${driver.exitCode}`);
    try {
      if ((await fetch(`${base}/status`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("tauri-driver did not start listening within 20 s");
}

/**
 * Screenshots numbered in the order taken, `<prefix>-NN-name.png` in the artefacts folder:
 * the X display as a user sees it, taken after the page painted. (WebKitWebDriver's own
 * screenshot never returns when WebKit composites without the GPU, as the app has it.)
 */
export function screenshots(prefix) {
  let step = 0;
  return async function shot(session, name) {
    step += 1;
    const file = join(ARTIFACTS, `${prefix}-${String(step).padStart(2, "0")}-${name}.png`);
    await session.afterPaint();
    execFileSync("import", ["-window", "root", file]);
    console.log(`  screenshot ${file}`);
  };
}

export async function until(check, what, timeout = 10_000) {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Runs `script(session)` on the built app (its store comes from the environment), then
 * stops the driver, WebKitWebDriver and the app together. Exits the process: 0 when the
 * script passed, 1 with a "failure" screenshot when it threw.
 */
export async function runOnApp(name, script, shot) {
  for (const [variable, value] of Object.entries({ QUORUM_APP: APP, E2E_ARTIFACTS: ARTIFACTS, QUORUM_DB: process.env.QUORUM_DB })) {
    if (!value) throw new Error(`${variable} is not set: run tests/e2e/run.sh`);
  }
  if (!existsSync(APP)) throw new Error(`no app binary at ${APP}: build it with cargo build -p quorum-app`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const nativePort = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // Its own process group, so the driver, WebKitWebDriver and the app all stop together.
  const driver = spawn(TAURI_DRIVER, ["--port", String(port), "--native-port", String(nativePort), "--native-driver", NATIVE_DRIVER], {
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
    // tauri-driver logs each refused /status probe (before WebKitWebDriver listens) with an
    // anyhow backtrace; those are noise. Panics keep theirs (RUST_BACKTRACE is untouched).
    env: { ...process.env, RUST_LIB_BACKTRACE: "0" },
  });
  let session;
  let failed = false;
  try {
    await waitForDriver(base, driver);
    session = await Session.start(base, { "tauri:options": { application: APP } });
    await script(session);
    console.log(`e2e: the real app passed the ${name}`);
  } catch (error) {
    failed = true;
    console.error(`e2e ${name} FAILED: ${error.stack ?? error}`);
    if (session) await shot(session, "failure").catch(() => {});
  } finally {
    await session?.end().catch(() => {});
    try {
      process.kill(-driver.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  process.exit(failed ? 1 : 0);
}
