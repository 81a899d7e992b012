import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousViolations } from "../support/browser.js";
import type { Stack } from "../support/shopper.js";
import { devStoreControl, eventually } from "../support/stack.js";
import { describeInChromium, openAdmin, type AdminBrowser } from "./admin-browser.js";

/**
 * Every page of the merchant's admin in real Chromium (Debian's, never a downloaded one) against the real local
 * stack: the page gets its session token from the dev store, orders placed on the dev store arrive as webhooks and
 * become backorder lines, and each action a merchant takes runs for real. A screenshot of each step lands in
 * test-results/admin/, and axe-core checks every page: no serious or critical violation.
 */

describeInChromium("the merchant's admin pages in Chromium", () => {
  let admin: AdminBrowser;
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    // The local Frame's navigation takes 240 px; at 1280 px Polaris Tabs fold the saved view into "More views".
    admin = await openAdmin({
      shots: "admin",
      viewport: { width: 1600, height: 900 },
      acceptDownloads: true,
    });
    ({ stack, page } = admin);

    // Two orders for more units than the store holds: their lines wait for stock.
    const state = await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`).then((r) =>
      r.json(),
    );
    const variantId = /gid:\/\/shopify\/ProductVariant\/\d+/.exec(JSON.stringify(state))![0];
    for (const [first, last] of [
      ["Grace", "Hopper"],
      ["Ada", "Lovelace"],
    ] as const) {
      await devStoreControl(stack, "/orders", {
        shop: stack.shop,
        lines: [{ variantId, quantity: 400 }],
        customer: { email: `${first.toLowerCase()}@example.com`, firstName: first, lastName: last },
      });
    }
    await eventually(async () => {
      const body = await admin.get<{ lines: unknown[] }>("/api/backorders/lines");
      return body.lines.length >= 2;
    }, 60_000);
  }, 180_000);

  afterAll(async () => {
    await admin?.close();
  });

  it("dashboard, inbox and settings load cleanly and show the shop's data", async () => {
    // The page's session token comes from the dev store and Waitwell verifies it: the shop's name shows.
    await admin.visit("#/", /.+/, "dashboard");
    expect(await page.getByText("Waitwell Demo Outfitters").count()).toBeGreaterThan(0);
    // The orders placed on the dev store reached the inbox as webhooks.
    await admin.visit("#/inbox", "Webhook inbox", "inbox");
    await expect.poll(() => page.getByText("orders/create").count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // The settings form holds what the server stores.
    await admin.visit("#/settings", "Settings", "settings");
    expect(await page.getByLabel("Backorder tag").inputValue()).not.toBe("");
    expect(admin.errors).toEqual([]);
    expect(admin.failed).toEqual([]);
  }, 120_000);

  it("backorder list: search, sort, saved view, bulk priority after review, CSV export, then the line page", async () => {
    await admin.visit("#/backorders", "Backorders", "backorders");

    await page.getByLabel("Search").fill("lovelace");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => page.getByText("Ada Lovelace").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText("Grace Hopper").count(), { timeout: 15_000 }).toBe(0);
    await page.getByLabel("Sort by").selectOption("oldest");
    await expect.poll(() => page.url(), { timeout: 15_000 }).toContain("sort=oldest");
    await admin.screenshot("backorders-searched");

    // Saved view: these filters become a tab of their own.
    await page.getByRole("button", { name: "Save these filters as a view" }).first().click();
    await page.getByRole("dialog").getByLabel("Name").fill("Ada's lines");
    await page.getByRole("dialog").getByRole("button", { name: "Create view" }).click();
    const savedTab = page.getByRole("tab", { name: "Ada's lines" }).first();
    await expect.poll(() => savedTab.count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole("tab", { name: "All", exact: true }).first().click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toContain("status=all");
    await savedTab.click();
    await expect
      .poll(() => page.url(), { timeout: 15_000 })
      .toMatch(/q=lovelace.*sort=oldest|sort=oldest.*q=lovelace/);
    expect(page.url()).not.toContain("status=all");

    // Bulk: choose the line, set its priority, read what will happen, confirm.
    await page
      .getByRole("row", { name: /Ada Lovelace/ })
      .getByRole("checkbox")
      .first()
      .check();
    await page.getByRole("button", { name: "Set priority" }).first().click();
    await page.getByLabel("New priority").fill("2");
    await page.getByRole("button", { name: "Review changes" }).click();
    await expect
      .poll(() => page.getByText("1 line will get the new priority.").count(), { timeout: 15_000 })
      .toBe(1);
    await admin.screenshot("backorders-bulk-review", { fullPage: false });
    expect(await seriousViolations(page), "axe on the bulk review").toEqual([]);
    await page.getByRole("button", { name: "Set priority on 1 line" }).click();
    await expect.poll(() => page.getByText("1 done, 0 refused.").count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole("button", { name: "Close" }).first().click();
    const lines = await admin.get<{
      lines: { priority: number | null; customer: { name: string } | null }[];
    }>("/api/backorders/lines?q=lovelace");
    expect(lines.lines.map((l) => l.priority)).toEqual([2]);

    // Export: the filtered list as a CSV download.
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).first().click();
    const file = await (await download).path();
    const csv = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
    expect(csv.split("\r\n")[0]).toMatch(/^Order,Order date,Customer,Email,/);
    expect(csv).toContain("Ada Lovelace");
    expect(csv).not.toContain("Grace Hopper");

    // The line page, from the row.
    await page
      .getByRole("link", { name: /^Open .+ on .+/ })
      .first()
      .click();
    await expect
      .poll(() => page.getByRole("heading", { name: "History" }).count(), { timeout: 15_000 })
      .toBe(1);
    await page.getByLabel("Units arriving").fill("10");
    await page.getByRole("button", { name: "Preview" }).click();
    await expect
      .poll(() => page.getByText(/^Place in the queue: \d+ of \d+/).count(), { timeout: 15_000 })
      .toBe(1);
    await admin.shot("line");

    expect(admin.errors).toEqual([]);
    expect(admin.failed).toEqual([]);
  }, 180_000);
});
