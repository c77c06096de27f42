import { defineConfig } from "vitest/config";

// `vite build` → dist/ (loaded by the Tauri app, never contains the mock backend).
// `vite build --mode mock` → dist-mock/ (the same UI over the in-browser mock backend).
export default defineConfig(({ mode }) => ({
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  preview: { host: "127.0.0.1" },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: mode === "mock" ? "dist-mock" : "dist",
    target: "safari15",
    emptyOutDir: true,
    // No inline <script>/data: modules: the app runs under `default-src 'self'`.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // A lint-free build: any bundler warning fails it.
    rolldownOptions: {
      onwarn(warning) {
        throw new Error(`Build warning treated as an error: ${warning.message}`);
      },
    },
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
  },
}));
