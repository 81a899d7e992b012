import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { day, state, type Stack, variantBySku } from "../support/shopper.js";
import { devStoreControl, eventually } from "../support/stack.js";
import { describeInChromium, openAdmin, type AdminBrowser } from "./admin-browser.js";

/**
 * Every page of the admin reached through its own menu (the local Polaris navigation), in real Chromium against the
 * real stack, at the 1280 px a laptop shows (where Polaris Tabs fold views into "More views"): each page's screenshot
 * lands in test-results/screenshots/, and axe-core finds no serious or critical violation on any. Then the backorder
 * list sorted by promised date, its bulk delay notice, confirmed only after a review that names the lines, orders,
 * units and who gets an email, and its bulk cancel of waiting units (refunded on the dev store, gone from the list).
 * Axe runs on each review and result too (a select-all box of some rows is "mixed": components/mixed-checkboxes.tsx).
 */

interface StoreOrder {
  lineItems: { id: string; currentQuantity: number }[];
  refunds: { note: string | null }[];
  fulfillmentOrders: { id: string; status: string; holds: unknown[] }[];
}

interface Line {
  lineItemId: string;
  quantity: number;
  waiting: number;
  promisedDay: string | null;
  customer: { name: string | null; email: string | null } | null;
}

describeInChromium("the admin's menu and the list's customer actions in Chromium", () => {
  let admin: AdminBrowser;
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    admin = await openAdmin({ shots: "screenshots" });
    ({ stack, page } = admin);

    // The Ember daypack sells on backorder with the supplier's date: every waiting line gets a dated promise.
    const ember = await variantBySku(stack, "RDP-24-EMB");
    const rule = await admin.api("POST", "/api/rules", {
      scope: { kind: "variant", variantId: ember },
      settings: { mode: "when_out_of_stock", etaSource: { kind: "supplier_feed" }, handlingDays: 1 },
    });
    expect(rule.status).toBe(201);
    const csv = `sku,eta,quantity\nRDP-24-EMB,${day(14)},20\n`;
    expect((await admin.api("POST", "/api/etas/import", csv, "text/csv")).status).toBe(201);
    await stack.app.availabilitySync.idle();
    for (const [first, last, units] of [
      ["Ada", "Lovelace", 2],
      ["Grace", "Hopper", 1],
    ] as const) {
      await devStoreControl(stack, "/orders", {
        shop: stack.shop,
        lines: [{ variantId: ember, quantity: units }],
        customer: { email: `${first.toLowerCase()}@example.com`, firstName: first, lastName: last },
      });
    }
    await eventually(async () => {
      const { body } = await admin.api<{ lines: Line[] }>("GET", "/api/backorders/lines?sort=promised");
      return body.lines.length === 2 && body.lines.every((l) => l.promisedDay !== null);
    }, 60_000);
  }, 240_000);

  afterAll(async () => {
    await admin?.close();
  });

  it("reaches every page through the menu; each is clean for axe", async () => {
    await admin.open("#/");
    await admin.heading(/.+/);
    await admin.shot("menu-dashboard");
    const menu = page.getByRole("navigation");
    const pages: [link: string, title: string | RegExp, shot: string][] = [
      ["Backorders", "Backorders", "menu-backorders"],
      ["Backorder rules", "Backorder rules", "menu-rules"],
      ["Substitutes", "Substitutes", "menu-substitutes"],
      ["Supplier feeds", "Supplier feeds", "menu-feeds"],
      ["Webhook inbox", "Webhook inbox", "menu-inbox"],
      ["Customer emails", "Customer emails", "menu-customer-emails"],
      ["Settings", "Settings", "menu-settings"],
    ];
    for (const [link, title, name] of pages) {
      await menu.getByRole("link", { name: link, exact: true }).click();
      await admin.heading(title);
      await admin.shot(name);
    }
    // The rule editor, from the rules page.
    await menu.getByRole("link", { name: "Backorder rules", exact: true }).click();
    await admin.heading("Backorder rules");
    await admin.open("#/rules/new");
    await admin.heading(/rule/i);
    await admin.shot("menu-rule-editor");
    expect(admin.errors).toEqual([]);
    expect(admin.failed).toEqual([]);
  }, 150_000);

  it("sorts by promised date, then sends a delay notice after a review that names who gets it", async () => {
    await admin.open("#/backorders");
    await admin.heading("Backorders");
    await page.getByLabel("Sort by").selectOption("promised");
    await expect.poll(() => page.url(), { timeout: 15_000 }).toContain("sort=promised");
    const { body } = await admin.api<{ lines: Line[] }>("GET", "/api/backorders/lines?sort=promised");
    const promised = body.lines[0]!.promisedDay!;
    // The list shows each line's promised date, as the server has it.
    const shown = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" }).format(
      new Date(`${promised}T00:00:00Z`),
    );
    await expect.poll(() => page.getByText(shown).count(), { timeout: 15_000 }).toBe(2);
    await admin.shot("backorders-promised-sort");

    // A delay notice to both customers: the review names them and what they get.
    for (const name of [/Ada Lovelace/, /Grace Hopper/]) {
      await page.getByRole("row", { name }).getByRole("checkbox").first().check();
    }
    await page.getByRole("button", { name: "Send delay notice" }).first().click();
    const dialog = page.getByRole("dialog");
    await expect
      .poll(() => dialog.getByText("2 customers will get an email").count(), { timeout: 30_000 })
      .toBe(1);
    expect(await dialog.getByText("Orders: 2").count()).toBe(1);
    expect(await dialog.getByText("Units: 3").count()).toBe(1);
    expect(await dialog.getByText("Emails to customers: 2").count()).toBe(1);
    expect(await dialog.getByText(/email to ada@example\.com/).count()).toBe(1);
    expect(await dialog.getByText(/email to grace@example\.com/).count()).toBe(1);
    await admin.shot("backorders-delay-notice-review");
    await dialog.getByRole("button", { name: "Send 2 notices" }).click();
    await expect.poll(() => dialog.getByText("2 done, 0 refused.").count(), { timeout: 30_000 }).toBe(1);
    await dialog.getByRole("button", { name: "Close" }).first().click();

    // Both customers have the notice now: a second review finds nothing to send.
    const again = await admin.api<{ summary: { changing: number } }>("POST", "/api/backorders/lines/bulk", {
      lineItemIds: body.lines.map((l) => l.lineItemId),
      action: { kind: "send_delay_notice" },
    });
    expect(again.body.summary.changing).toBe(0);
    expect(admin.errors).toEqual([]);
    expect(admin.failed).toEqual([]);
  }, 150_000);

  it("cancels one customer's waiting units after a review: refunded on the dev store, gone from the list", async () => {
    await admin.open("#/backorders");
    await admin.heading("Backorders");
    const listed = await admin.api<{ lines: Line[] }>("GET", "/api/backorders/lines");
    const graceLine = listed.body.lines.find((l) => l.customer?.email === "grace@example.com")!.lineItemId;
    const grace = page.getByRole("row", { name: /Grace Hopper/ });
    await expect.poll(() => grace.count(), { timeout: 15_000 }).toBe(1);
    await grace.getByRole("checkbox").first().check();
    await page.getByRole("button", { name: "Cancel waiting units" }).first().click();
    const dialog = page.getByRole("dialog");
    await expect
      .poll(() => dialog.getByText(/1 line will lose its waiting units/).count(), { timeout: 30_000 })
      .toBe(1);
    expect(await dialog.getByText("Units: 1").count()).toBe(1);
    expect(await dialog.getByText(/1 unit cancelled and refunded, email to grace@example\.com/).count()).toBe(
      1,
    );
    await admin.shot("backorders-cancel-review");
    await dialog.getByRole("button", { name: "Cancel units on 1 line" }).click();
    await expect.poll(() => dialog.getByText("1 done, 0 refused.").count(), { timeout: 30_000 }).toBe(1);
    await admin.shot("backorders-cancel-done");
    await dialog.getByRole("button", { name: "Close" }).first().click();

    // The list no longer has Grace's line among the waiting ones; Ada's still waits.
    await expect
      .poll(() => page.getByRole("row", { name: /Grace Hopper/ }).count(), { timeout: 15_000 })
      .toBe(0);
    expect(await page.getByRole("row", { name: /Ada Lovelace/ }).count()).toBe(1);
    await admin.shot("backorders-after-cancel");

    // On the dev store the unit is gone from Grace's order and refunded with the merchant's note.
    const detail = await admin.api<{ line: Line }>(
      "GET",
      `/api/backorders/lines/${encodeURIComponent(graceLine)}`,
    );
    expect(detail.body.line).toMatchObject({ quantity: 0, waiting: 0 });
    const store = (await state(stack)) as unknown as { orders: StoreOrder[] };
    const order = store.orders.find((o) => o.lineItems.some((l) => l.id === graceLine))!;
    expect(order.lineItems[0]).toMatchObject({ currentQuantity: 0 });
    expect(order.refunds).toEqual([
      expect.objectContaining({ note: expect.stringMatching(/merchant cancelled/) }),
    ]);
    expect(admin.errors).toEqual([]);
    expect(admin.failed).toEqual([]);
  }, 150_000);
  it("the line page shows the seeded line's units, its promise, its emails and its place in the queue", async () => {
    const { body } = await admin.api<{ lines: Line[] }>("GET", "/api/backorders/lines");
    const ada = body.lines.find((l) => l.customer?.email === "ada@example.com")!;
    await admin.open(`#/backorders/${encodeURIComponent(ada.lineItemId)}`);
    await expect
      .poll(() => page.getByRole("heading", { name: "Promise" }).count(), { timeout: 30_000 })
      .toBe(1);
    // Ada ordered 2 units; none was in stock.
    const figure = (label: string) =>
      page.getByText(label, { exact: true }).locator("xpath=following-sibling::*[1]").textContent();
    expect(await figure("Ordered")).toBe("2");
    expect(await figure("Waiting")).toBe("2");
    // The promise comes from the supplier's date (day 14) plus a handling day: the day the list sorts by.
    expect(ada.promisedDay! >= day(14)).toBe(true);
    const promised = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" }).format(
      new Date(`${ada.promisedDay}T00:00:00Z`),
    );
    // A date, or a range ending on that day.
    expect(
      await page.getByText(new RegExp(`^Promised at purchase: (.+ – )?${promised} \\(made `)).count(),
    ).toBe(1);
    expect(await page.getByText(new RegExp(`^Expected now: (.+ – )?${promised}$`)).count()).toBe(1);
    // The delay notice sent from the list is among the order's emails, to Ada.
    await expect
      .poll(() => page.getByText(/ to ada@example\.com: (queued|sending|sent), /).count(), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    // Grace's units were cancelled: Ada is the only line waiting for the daypack.
    await page.getByRole("button", { name: "Preview" }).click();
    await expect
      .poll(() => page.getByText("Place in the queue: 1 of 1 line waiting for this variant.").count(), {
        timeout: 15_000,
      })
      .toBe(1);
    await admin.shot("line-promise-queue");
    expect(admin.errors).toEqual([]);
    expect(admin.failed).toEqual([]);
  }, 120_000);

  it("promise accuracy: the seeded line, restocked and shipped before its promised day, shipped on time", async () => {
    const { body } = await admin.api<{ lines: Line[] }>("GET", "/api/backorders/lines");
    const ada = body.lines.find((l) => l.customer?.email === "ada@example.com")!;
    const ember = await variantBySku(stack, "RDP-24-EMB");
    await devStoreControl(stack, "/stock/receive", { shop: stack.shop, variantId: ember, quantity: 2 });
    // The arrival releases Ada's hold; the merchant ships the order.
    const open = await eventually(async () => {
      const store = (await state(stack)) as unknown as { orders: StoreOrder[] };
      const order = store.orders.find((o) => o.lineItems.some((l) => l.id === ada.lineItemId))!;
      return order.fulfillmentOrders.find((fo) => fo.status === "OPEN" && fo.holds.length === 0);
    }, 60_000);
    await devStoreControl(stack, "/fulfill", { shop: stack.shop, fulfillmentOrderId: open.id });
    const accuracy = await eventually(async () => {
      const report = await admin.api<{ overall: { shipped: number; onTimePercent: number | null } }>(
        "GET",
        "/api/insights/accuracy",
      );
      return report.body.overall.shipped === 1 ? report.body.overall : undefined;
    }, 60_000);
    expect(accuracy.onTimePercent).toBe(100);

    await admin.open("#/");
    const figure = (label: string) =>
      page.getByText(label, { exact: true }).locator("xpath=following-sibling::*[1]");
    await expect.poll(() => figure("Lines shipped").textContent(), { timeout: 30_000 }).toBe("1");
    expect(await figure("Shipped on time").textContent()).toBe("100 %");
    await admin.shot("dashboard-accuracy");
    expect(admin.errors).toEqual([]);
    expect(admin.failed).toEqual([]);
  }, 150_000);
});
