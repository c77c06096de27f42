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

  test("architecture invariant: no IPC type is hand-written, every request is checked against its Rust type", () => {
    const types = readFileSync(join(__dirname, "types.ts"), "utf8");
    expect(types).not.toMatch(/\binterface\s/);
    // Aliases only name a part of a generated type (a field's vocabulary).
    const aliases = [...types.matchAll(/^export type (\w+) = (.*);$/gm)];
    expect(aliases.length).toBeGreaterThan(0);
    for (const [, name, body] of aliases) expect(`${name} = ${body}`).toMatch(/= (NonNullable<)?\w+\["\w+"\]>?$/);
    const index = readFileSync(join(__dirname, "index.ts"), "utf8");
    // No inline object type for a request, and every request literal names its generated type.
    expect(index).not.toMatch(/\(\w+\??: \{/);
    const literals = [...index.matchAll(/\{ request: \{[^}]*\}([^)]*)\)/g)];
    expect(literals.length).toBeGreaterThan(30);
    expect(literals.filter(([, rest]) => !/^ satisfies \w+ \}$/.test(rest)).map(([l]) => l)).toEqual([]);
  });
});
