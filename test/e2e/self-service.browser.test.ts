import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/local-stack.js";
import {
  api,
  day,
  expectEventually,
  orderMetafield,
  start,
  state,
  variantBySku,
  written,
} from "../support/shopper.js";
import { CHROMIUM, haveChromium, seriousViolations } from "../support/browser.js";
import { devStoreControl, eventually } from "../support/stack.js";

/**
 * The second half of the shopper's journey in real Chromium (Debian's): the delay notice's "Manage my order" link
 * opens the self-service page through the dev store's app proxy, rendered in the shop's theme; the customer presses
 * "Cancel" there; the waiting units are refunded on the dev store and the next customer in the queue moves up.
 * axe-core checks the page before and after. Screenshots land in test-results/storefront/.
 */
if (!haveChromium && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs it`);
const SHOTS = path.join(projectRoot, "test-results/storefront");

describe.skipIf(!haveChromium)("self-service in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("the delay notice's link opens the page in the theme; cancelling refunds and the next customer moves up", async () => {
    const { stack, mailbox } = await start("sqlite");
    const ember = await variantBySku(stack, "RDP-24-EMB");
    await api(stack, "POST", "/api/rules", {
      scope: { kind: "variant", variantId: ember },
      settings: { mode: "when_out_of_stock", etaSource: { kind: "supplier_feed" }, handlingDays: 1 },
    });
    const feed = (first: string) =>
      api(
        stack,
        "POST",
        "/api/etas/import",
        `sku,eta,quantity\nRDP-24-EMB,${first},2\nRDP-24-EMB,${day(21)},10\n`,
        "text/csv",
      );
    expect((await feed(day(7))).status).toBe(201);
    await stack.app.availabilitySync.idle();
    const ada = await devStoreControl<{ id: string; lineItems: { id: string }[] }>(stack, "/orders", {
      lines: [{ variantId: ember, quantity: 2 }],
      customer: { email: "ada@example.com", firstName: "Ada" },
      noteAttributes: [{ name: "_waitwell_backorder_ack", value: new Date().toISOString() }],
    });
    await eventually(async () => mailbox.to("ada@example.com")[0], 30_000);
    const bob = await devStoreControl<{ id: string }>(stack, "/orders", {
      lines: [{ variantId: ember, quantity: 2 }],
      customer: { email: "bob@example.com", firstName: "Bob" },
    });
    expect((await feed(day(14))).status).toBe(201);
    const delay = await eventually(async () => mailbox.to("ada@example.com")[1], 30_000);
    const link = /Manage my order: (\S+)/.exec(delay.text)![1]!;

    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(link);
      // The shop's theme around the page (the app proxy's application/liquid answer), the line and its dates.
      await expect.poll(() => page.locator("h1").first().textContent()).toContain("#1001");
      const line = page.locator(".waitwell-line");
      await expect.poll(() => line.textContent()).toContain(`Ships around ${written(day(15))}`);
      expect(await line.textContent()).toContain(`Ships around ${written(day(8))}`);
      await page.screenshot({ path: path.join(SHOTS, "6-self-service.png"), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByRole("button", { name: /^Cancel/ }).click();
      await expect
        .poll(() => page.getByRole("status").textContent())
        .toContain("the waiting items are cancelled and refunded");
      await page.screenshot({ path: path.join(SHOTS, "7-self-service-cancelled.png"), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }

    const orders = (
      (await state(stack)) as unknown as { orders: { id: string; refunds: { amount: string }[] }[] }
    ).orders;
    expect(orders.find((o) => o.id === ada.id)!.refunds).toEqual([
      expect.objectContaining({ amount: "188.00" }),
    ]);
    const bobsDate = { from: day(15), to: day(15), source: "supplier_feed" };
    await expectEventually(async () => (await orderMetafield(stack, bob.id)) ?? {}, {
      lines: [{ waiting: 2, eta: bobsDate }],
    });
    const cancelled = await eventually(async () => mailbox.to("ada@example.com")[2], 30_000);
    expect(cancelled.subject).toMatch(/cancellation confirmed/);
    expect(ada.lineItems).toHaveLength(1);
  }, 180_000);
});
