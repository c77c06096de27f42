import { afterEach, describe, expect, test } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { actionsList, appInfo, BackendError, storeUnlock } from "./index";

afterEach(() => clearMocks());

describe("IPC layer", () => {
  test("passes typed arguments under `request`, as the Rust commands expect", async () => {
    const seen: unknown[] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      return { version: "1", storePath: "/x", storeState: "open", keyMode: "passphrase", organisation: "Acme" };
    });
    await storeUnlock({ passphrase: "p" });
    expect(seen).toEqual([["store_unlock", { request: { passphrase: "p" } }]]);
  });

  test("`{kind, message}` failures become a BackendError", async () => {
    mockIPC(() => {
      throw { kind: "locked", message: "The store is locked." };
    });
    const error = await actionsList().catch((e) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ kind: "locked", message: "The store is locked.", command: "actions_list" });
  });

  test("a bare string (e.g. an unknown command) is still a BackendError", async () => {
    mockIPC(() => {
      throw "command app_info not found";
    });
    await expect(appInfo()).rejects.toMatchObject({ kind: "unknown", message: "command app_info not found" });
  });

  test("architecture invariant: only src/lib/ipc imports @tauri-apps", () => {
    const src = join(__dirname, "..", "..");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !relative(src, path).startsWith(join("lib", "ipc")) && /from\s+["']@tauri-apps\//.test(readFileSync(path, "utf8"))) offenders.push(relative(src, path));
      }
    };
    walk(src);
    expect(offenders).toEqual([]);
  });
});
