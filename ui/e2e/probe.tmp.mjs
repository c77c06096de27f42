import { chromium } from "playwright-core";
import { preview } from "vite";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
const ui = join(dirname(fileURLToPath(import.meta.url)), "..");
const server = await preview({ root: ui, mode: "mock", logLevel: "warn", build: { outDir: "dist-mock" }, preview: { host: "127.0.0.1", port: 4417, strictPort: false } });
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "en-GB", timezoneId: "Europe/London" });
const at = (p) => { const u = new URL(p, base); u.searchParams.set("now", "2026-11-23T09:00:00Z"); return u.href; };
const script = process.argv[2];
const mod = await import(script);
try { await mod.default(page, at); } finally { await browser.close(); await server.close(); }
