import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAdminIfStale } from "../../scripts/build-admin.js";
import { projectRoot } from "../../scripts/local-stack.js";
import { devStoreControl, eventually, startTestStack } from "../support/stack.js";

/**
 * The embedded admin in real Chromium (Debian's, never a downloaded one) against the real local stack: the page
 * gets a session token from the dev store, Waitwell verifies it, and a demo order placed on the dev store shows up
 * as a processed webhook in the inbox.
 */
const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs it`);
if (!haveChromium)
  console.warn(`skipping the browser test: ${CHROMIUM} is not installed (apt-get install chromium)`);

describe.skipIf(!haveChromium)("admin in Chromium", () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    await buildAdminIfStale(projectRoot);
    stack = await startTestStack();
    profile = mkdtempSync(path.join(tmpdir(), "waitwell-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await stack?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("shows the demo shop, then a demo order as a processed webhook", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await page.goto(`${stack.app.url}/?shop=${stack.shop}`);
    await expect
      .poll(() => page.getByText("Waitwell Demo Outfitters").count(), { timeout: 15_000 })
      .toBeGreaterThan(0);

    const state = await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`).then((r) =>
      r.json(),
    );
    const variantId = firstVariantId(state);
    const order = await devStoreControl<{ name?: string }>(stack, "/orders", {
      shop: stack.shop,
      lines: [{ variantId, quantity: 1 }],
      customer: { email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" },
    });
    expect(order).toBeTruthy();

    // The webhook reaches the inbox first (asynchronously, like Shopify's); then the page must show it.
    await eventually(async () => {
      const res = await fetch(`${stack.app.url}/api/inbox?topic=orders/create`, {
        headers: { Authorization: `Bearer ${await stack.sessionToken()}` },
      });
      return ((await res.json()) as { events: unknown[] }).events.length > 0;
    }, 60_000);
    await page.goto(`${stack.app.url}/?shop=${stack.shop}#/inbox`);
    await expect.poll(() => page.getByText("orders/create").count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 120_000);

  it("shows the backorder engine's lines, a line's history and the shop's settings", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const failed: string[] = [];
    page.on("response", (r) => {
      if (r.url().includes("/api/") && r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });

    // The settings page reads what the server stores (GET /api/settings) into its form.
    await page.goto(`${stack.app.url}/?shop=${stack.shop}#/settings`);
    const tag = page.getByLabel("Backorder tag");
    await expect.poll(() => tag.count(), { timeout: 15_000 }).toBe(1);
    expect(await tag.inputValue()).not.toBe("");

    // An order placed on the dev store becomes lines of the engine, whatever their status (hence status=all).
    const state = await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`).then((r) =>
      r.json(),
    );
    await devStoreControl(stack, "/orders", {
      shop: stack.shop,
      lines: [{ variantId: firstVariantId(state), quantity: 1 }],
      customer: { email: "grace@example.com", firstName: "Grace", lastName: "Hopper" },
    });
    await eventually(async () => {
      const res = await fetch(`${stack.app.url}/api/backorders/lines`, {
        headers: { Authorization: `Bearer ${await stack.sessionToken()}` },
      });
      return res.ok && ((await res.json()) as { lines: unknown[] }).lines.length > 0;
    }, 30_000);
    await page.goto(`${stack.app.url}/?shop=${stack.shop}#/backorders?status=all`);
    const openLine = page.getByRole("link", { name: /^Open .+ on .+/ }).first();
    await expect.poll(() => openLine.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await openLine.click();
    await expect
      .poll(() => page.getByRole("heading", { name: "History" }).count(), { timeout: 15_000 })
      .toBe(1);
    expect(page.url()).toContain("#/backorders/gid%3A%2F%2Fshopify%2FLineItem%2F");

    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
  }, 120_000);
});

function firstVariantId(state: unknown): string {
  const match = /gid:\/\/shopify\/ProductVariant\/\d+/.exec(JSON.stringify(state));
  if (!match) throw new Error("the dev store state has no variant");
  return match[0];
}
