import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { InsightsOverview, ReorderReport } from "../../web/server/use-cases/insights/index.js";
import { seriousViolations } from "../support/browser.js";
import type { Stack } from "../support/shopper.js";
import { devStoreControl, eventually } from "../support/stack.js";
import { describeInChromium, openAdmin, type AdminBrowser } from "./admin-browser.js";

/**
 * The dashboard's insights in real Chromium against the real local stack: orders placed on the dev store become
 * waiting lines, and the dashboard shows their figures (checked against the API and the lines themselves), draws its
 * charts, and exports the reorder list. Screenshots in test-results/admin/, axe-core on the page.
 */

describeInChromium("the dashboard's insights in Chromium", () => {
  let admin: AdminBrowser;
  let stack: Stack;
  let page: Page;

  async function api<T>(pathname: string): Promise<T> {
    const res = await admin.api<T>("GET", pathname);
    expect(res.status, pathname).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    admin = await openAdmin({ shots: "admin", acceptDownloads: true });
    ({ stack, page } = admin);

    // Orders for more units than the store holds: their lines wait for stock.
    const state = await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`).then((r) =>
      r.json(),
    );
    const variantId = /gid:\/\/shopify\/ProductVariant\/\d+/.exec(JSON.stringify(state))![0];
    for (const quantity of [300, 250]) {
      await devStoreControl(stack, "/orders", {
        shop: stack.shop,
        lines: [{ variantId, quantity }],
        customer: { email: `buyer${quantity}@example.com`, firstName: "Buyer", lastName: String(quantity) },
      });
    }
    await eventually(async () => {
      const body = await api<{ lines: unknown[] }>("/api/backorders/lines");
      return body.lines.length >= 2;
    }, 60_000);
  }, 180_000);

  afterAll(async () => {
    await admin?.close();
  });

  it("shows the waiting figures the lines add up to, draws the charts and exports the reorder list", async () => {
    const lines = await api<{ lines: { waiting: number; orderId: string; status: string }[] }>(
      "/api/backorders/lines",
    );
    // The two seeded orders, one line each, both waiting.
    expect(lines.lines).toHaveLength(2);
    const waitingUnits = lines.lines.reduce((n, l) => n + l.waiting, 0);
    const overview = await api<InsightsOverview>("/api/insights/overview");
    expect(overview.waiting.units).toBe(waitingUnits);
    expect(overview.waiting.orders).toBe(new Set(lines.lines.map((l) => l.orderId)).size);
    expect(overview.ageing[0]).toMatchObject({ bucket: "0-7", units: waitingUnits });

    await admin.open("#/");
    // "Units waiting" stands twice: in the insights figures and in the Backorders card; both count the same units.
    const units = page.getByText("Units waiting", { exact: true }).locator("xpath=following-sibling::*[1]");
    await expect.poll(() => units.count(), { timeout: 30_000 }).toBe(2);
    await expect
      .poll(() => units.allTextContents(), { timeout: 30_000 })
      .toEqual([waitingUnits, waitingUnits].map((n) => n.toLocaleString("en")));
    const value = page
      .getByText("Value of waiting units", { exact: true })
      .locator("xpath=following-sibling::*[1]");
    expect(await value.textContent()).toBe(
      new Intl.NumberFormat("en", { style: "currency", currency: overview.currency }).format(
        overview.waiting.value.amount as Intl.StringNumericLiteral,
      ),
    );
    await expect
      .poll(() => page.getByText(`0–7 days: ${waitingUnits.toLocaleString("en")} units on 2 lines`).count())
      .toBe(1);
    // Placed just now: the oldest wait is 0 days.
    const oldest = page.getByText("Oldest wait", { exact: true }).locator("xpath=following-sibling::*[1]");
    expect(await oldest.textContent()).toContain("0 days");
    // The Backorders card: lines per status and the orders, as the seeded orders made them.
    const orders = page
      .getByText("Orders with backorders", { exact: true })
      .locator("xpath=following-sibling::*[1]");
    expect(await orders.textContent()).toBe("2");
    for (const [status, label] of [
      ["backordered", "Backordered"],
      ["partially_allocated", "Partially allocated"],
    ] as const) {
      const n = lines.lines.filter((l) => l.status === status).length;
      const name = `View ${n} ${label} line${n === 1 ? "" : "s"}`;
      await expect.poll(() => page.getByRole("link", { name }).count(), { timeout: 15_000 }).toBe(1);
    }
    // polaris-viz drew the ageing and demand charts.
    await expect
      .poll(() => page.locator('[data-chart="ageing"] svg').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('[data-chart="demand"] svg').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await page.waitForLoadState("networkidle");
    await admin.screenshot("dashboard-insights");

    const reorder = await api<ReorderReport>("/api/insights/reorder");
    expect(reorder.lines[0]?.waitingUnits).toBe(waitingUnits);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const csv = readFileSync(await (await download).path(), "utf8").replace(/^\uFEFF/, "");
    const [header, first] = csv.split("\r\n");
    expect(header).toMatch(/^SKU,Product,Waiting units,/);
    expect(first).toContain(`,${waitingUnits},`);
    expect(first).toContain(`,${reorder.lines[0]!.suggested},`);

    expect(await seriousViolations(page)).toEqual([]);
    expect(admin.errors).toEqual([]);
  }, 120_000);
});
