import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

/**
 * Three projects: node (server, dev store, cross-cutting tests, theme extension), frontend (React + Polaris in
 * jsdom) and checkout (the Preact checkout UI extension in jsdom). `npm test` runs all of them.
 */
export default defineConfig({
  test: {
    // Two test files at a time, also on a 2-core machine (Vitest's default there is cores - 1 = one file at a time):
    // the slow files mostly wait on other processes (the app, the dev store, Chromium, PostgreSQL). Files are
    // independent: each gets its own database (test/support/db.ts), free ports, and temp dirs; the one shared
    // output, the admin build in dist/web, is built under a lock (scripts/build-admin.ts). `--maxWorkers` overrides.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          include: [
            "web/server/**/*.test.ts",
            "devstore/**/*.test.ts",
            "test/**/*.test.ts",
            "extensions/theme-*/**/*.test.ts",
            "scripts/**/*.test.ts",
          ],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: "forks",
        },
      },
      {
        plugins: [react()],
        test: {
          name: "frontend",
          environment: "jsdom",
          include: ["web/frontend/**/*.test.{ts,tsx}"],
          setupFiles: ["./web/frontend/test-setup.ts"],
          css: false,
          // Polaris renders in jsdom take seconds on a loaded 2-core machine; 5 s (the default) flakes there.
          testTimeout: 20_000,
        },
      },
      {
        oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
        test: {
          name: "checkout",
          environment: "jsdom",
          include: ["extensions/checkout-*/**/*.test.{ts,tsx}"],
        },
      },
    ],
  },
});
