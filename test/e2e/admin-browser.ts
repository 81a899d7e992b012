import { mkdirSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect } from "vitest";
import { buildAdminIfStale } from "../../scripts/build-admin.js";
import { projectRoot } from "../../scripts/local-stack.js";
import { CHROMIUM, haveChromium, launchChromium, seriousViolations } from "../support/browser.js";
import { api as callApi, type Stack } from "../support/shopper.js";
import { startTestStack } from "../support/stack.js";

/**
 * What every admin test in real Chromium sets up: the admin built, the local stack (app and dev store) started,
 * Debian's Chromium on a fresh profile, one page whose uncaught errors and failed API calls are recorded, and the
 * helpers that open a page of the admin, screenshot it and run axe on it.
 */

/** `describe`, skipped where Chromium is missing; CI installs it (.ci/run), so there its absence is a failure. */
export function describeInChromium(name: string, body: () => void): void {
  if (!haveChromium && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs it`);
  describe.skipIf(!haveChromium)(name, body);
}

export interface AdminBrowser {
  stack: Stack;
  context: BrowserContext;
  page: Page;
  /** The page's uncaught errors. */
  errors: string[];
  /** The app's API answers of 400 and above the page received, as "status url". */
  failed: string[];
  /** The admin at a hash route ("#/backorders") of the test shop. */
  open(hash: string): Promise<void>;
  /** Waits for a level-1 heading. */
  heading(name: string | RegExp): Promise<void>;
  /** A screenshot `<name>.png`, of the whole page unless told otherwise. */
  screenshot(name: string, options?: { fullPage: boolean }): Promise<void>;
  /** Once the network is idle: the screenshot and no serious or critical axe violation. */
  shot(name: string): Promise<void>;
  /** open, heading, shot. */
  visit(hash: string, heading: string | RegExp, shot: string): Promise<void>;
  /** The app's API with the dev store's session token. */
  api<T = Record<string, unknown>>(
    method: string,
    pathname: string,
    body?: unknown,
    type?: string,
  ): Promise<{ status: number; body: T }>;
  /** A GET of the app's API, its body. */
  get<T>(pathname: string): Promise<T>;
  close(): Promise<void>;
}

export async function openAdmin(options: {
  /** The folder below test-results/ the screenshots land in. */
  shots: string;
  viewport?: { width: number; height: number };
  acceptDownloads?: boolean;
}): Promise<AdminBrowser> {
  const shots = path.join(projectRoot, "test-results", options.shots);
  mkdirSync(shots, { recursive: true });
  await buildAdminIfStale(projectRoot);
  const stack = await startTestStack();
  const browser = await launchChromium({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    acceptDownloads: options.acceptDownloads ?? false,
  }).catch(async (e: unknown) => {
    await stack.close();
    throw e;
  });
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const failed: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("response", (r) => {
    if (r.url().includes("/api/") && r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });

  const admin: AdminBrowser = {
    stack,
    context: browser.context,
    page,
    errors,
    failed,
    async open(hash) {
      await page.goto(`${stack.app.url}/?shop=${stack.shop}${hash}`);
    },
    async heading(name) {
      const h1 = page.getByRole("heading", { level: 1, name });
      await expect.poll(() => h1.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    },
    async screenshot(name, { fullPage } = { fullPage: true }) {
      await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage });
    },
    async shot(name) {
      await page.waitForLoadState("networkidle");
      await admin.screenshot(name);
      expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
    },
    async visit(hash, heading, shot) {
      await admin.open(hash);
      await admin.heading(heading);
      await admin.shot(shot);
    },
    api: <T>(method: string, pathname: string, body?: unknown, type?: string) =>
      callApi<T>(stack, method, pathname, body, type),
    get: async <T>(pathname: string) => (await callApi<T>(stack, "GET", pathname)).body,
    async close() {
      await browser.close();
      await stack.close();
    },
  };
  return admin;
}
