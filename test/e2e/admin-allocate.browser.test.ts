import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, day, type Stack, variantBySku } from "../support/shopper.js";
import { devStoreControl, eventually } from "../support/stack.js";
import { describeInChromium, openAdmin, type AdminBrowser } from "./admin-browser.js";

/**
 * The admin's allocation and priority actions, taken in real Chromium against the real stack as a merchant would:
 * the line page's manual allocation and priority, the list's bulk "allocate from stock" and bulk "set priority".
 * The shop reserves no partial quantities, so units that arrive for two lines waiting 4 each stay free until the
 * merchant hands them out. Each state's screenshot lands in test-results/screenshots/, axe-core finds no serious or
 * critical violation on any, and each outcome is read back from the API and seen in the list.
 */

interface Line {
  lineItemId: string;
  allocated: number;
  waiting: number;
  priority: number | null;
  customer: { email: string | null } | null;
}

describeInChromium("the admin's allocation and priority actions in Chromium", () => {
  let admin: AdminBrowser;
  let stack: Stack;
  let page: Page;
  const ids: Record<"ada" | "grace", string> = { ada: "", grace: "" };

  async function line(who: "ada" | "grace"): Promise<Line> {
    const res = await api(stack, "GET", `/api/backorders/lines/${encodeURIComponent(ids[who])}`);
    return res.body.line as Line;
  }

  async function openLine(who: "ada" | "grace") {
    await admin.open(`#/backorders/${encodeURIComponent(ids[who])}`);
    await expect
      .poll(() => page.getByRole("heading", { name: "Allocate by hand" }).count(), { timeout: 30_000 })
      .toBe(1);
  }

  /** The figure next to a label of the line page's units card. */
  const figure = (label: string) =>
    page.getByText(label, { exact: true }).locator("xpath=following-sibling::*[1]").textContent();

  async function openList() {
    await admin.open("#/backorders");
    await expect
      .poll(() => page.getByRole("row", { name: /Grace Hopper/ }).count(), { timeout: 30_000 })
      .toBe(1);
  }

  const row = (name: RegExp) => page.getByRole("row", { name });

  async function choose(...names: RegExp[]) {
    for (const name of names) await row(name).getByRole("checkbox").first().check();
  }

  beforeAll(async () => {
    admin = await openAdmin({ shots: "screenshots" });
    ({ stack, page } = admin);

    const ember = await variantBySku(stack, "RDP-24-EMB");
    expect((await api(stack, "PATCH", "/api/settings", { allocation: { partial: "never" } })).status).toBe(
      200,
    );
    const rule = await api(stack, "POST", "/api/rules", {
      scope: { kind: "variant", variantId: ember },
      settings: { mode: "when_out_of_stock", etaSource: { kind: "supplier_feed" }, handlingDays: 1 },
    });
    expect(rule.status).toBe(201);
    const csv = `sku,eta,quantity\nRDP-24-EMB,${day(14)},20\n`;
    expect((await api(stack, "POST", "/api/etas/import", csv, "text/csv")).status).toBe(201);
    await stack.app.availabilitySync.idle();
    for (const [first, last] of [
      ["Ada", "Lovelace"],
      ["Grace", "Hopper"],
    ] as const) {
      await devStoreControl(stack, "/orders", {
        shop: stack.shop,
        lines: [{ variantId: ember, quantity: 4 }],
        customer: { email: `${first.toLowerCase()}@example.com`, firstName: first, lastName: last },
      });
    }
    const lines = await eventually(async () => {
      const { body } = await api(stack, "GET", "/api/backorders/lines");
      const listed = body.lines as Line[];
      return listed.length === 2 && listed.every((l) => l.waiting === 4) ? listed : undefined;
    }, 60_000);
    ids.ada = lines.find((l) => l.customer?.email === "ada@example.com")!.lineItemId;
    ids.grace = lines.find((l) => l.customer?.email === "grace@example.com")!.lineItemId;

    // 3 units arrive: neither line may take them partially, so they stay free (the dry run sees them).
    await devStoreControl(stack, "/stock/receive", { shop: stack.shop, variantId: ember, quantity: 3 });
    await eventually(async () => {
      const { body } = await api(stack, "POST", "/api/backorders/lines/bulk", {
        lineItemIds: [ids.ada],
        action: { kind: "allocate_from_stock" },
      });
      return (body.summary as { units: number }).units === 3;
    }, 60_000);
  }, 240_000);

  afterAll(async () => {
    await admin?.close();
  });

  it("allocates a unit by hand on the line page: the line holds it, the list shows it", async () => {
    await openLine("grace");
    expect(await figure("Allocated")).toBe("0");
    expect(await figure("Waiting")).toBe("4");
    await page.getByRole("spinbutton", { name: "Units", exact: true }).fill("1");
    await page.getByRole("button", { name: "Allocate", exact: true }).click();
    await expect.poll(() => figure("Allocated"), { timeout: 30_000 }).toBe("1");
    expect(await figure("Waiting")).toBe("3");
    await expect
      .poll(() => page.getByText("Allocated by hand").count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await admin.shot("line-allocate-done");
    expect(await line("grace")).toMatchObject({ allocated: 1, waiting: 3 });

    await openList();
    expect(
      await row(/Grace Hopper/)
        .getByText("1 now, 3 waiting")
        .count(),
    ).toBe(1);
    expect(admin.errors).toEqual([]);
    expect(admin.failed).toEqual([]);
  }, 120_000);

  it("allocates the free stock from the list, first come first served, after a review", async () => {
    await openList();
    await choose(/Ada Lovelace/, /Grace Hopper/);
    await page.getByRole("button", { name: "Allocate from stock" }).first().click();
    const dialog = page.getByRole("dialog");
    // 2 units are left free: Ada ordered first and gets both; none is left for Grace.
    await expect
      .poll(() => dialog.getByText(/^1 line will get units from free stock/).count(), { timeout: 30_000 })
      .toBe(1);
    expect(await dialog.getByText(/: gets 2 units$/).count()).toBe(1);
    expect(await dialog.getByText("Units: 2", { exact: true }).count()).toBe(1);
    expect(await dialog.getByText(/: no free stock for it$/).count()).toBe(1);
    await admin.shot("backorders-allocate-review");
    await dialog.getByRole("button", { name: "Allocate to 1 line" }).click();
    await expect.poll(() => dialog.getByText("1 done, 0 refused.").count(), { timeout: 30_000 }).toBe(1);
    await admin.shot("backorders-allocate-done");
    await dialog.getByRole("button", { name: "Close" }).first().click();

    expect(await line("ada")).toMatchObject({ allocated: 2, waiting: 2 });
    expect(await line("grace")).toMatchObject({ allocated: 1, waiting: 3 });
    await expect
      .poll(
        () =>
          row(/Ada Lovelace/)
            .getByText("2 now, 2 waiting")
            .count(),
        { timeout: 15_000 },
      )
      .toBe(1);
    await admin.shot("backorders-after-allocate");
    expect(admin.errors).toEqual([]);
    expect(admin.failed).toEqual([]);
  }, 120_000);

  it("sets a priority on the line page, then on both lines from the list after a review", async () => {
    await openLine("grace");
    await page.getByRole("spinbutton", { name: "Priority" }).fill("5");
    await page.getByRole("button", { name: "Set priority" }).click();
    await expect.poll(async () => (await line("grace")).priority, { timeout: 30_000 }).toBe(5);
    await expect
      .poll(() => page.getByText("Priority changed").count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await admin.shot("line-priority-set");

    await openList();
    expect(
      await row(/Grace Hopper/)
        .getByRole("cell", { name: "5", exact: true })
        .count(),
    ).toBe(1);
    await choose(/Ada Lovelace/, /Grace Hopper/);
    await page.getByRole("button", { name: "Set priority" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("spinbutton", { name: "New priority" }).fill("2");
    await admin.shot("backorders-priority-input");
    await dialog.getByRole("button", { name: "Review changes" }).click();
    await expect
      .poll(() => dialog.getByText("2 lines will get the new priority.").count(), { timeout: 30_000 })
      .toBe(1);
    expect(await dialog.getByText(/: priority becomes 2$/).count()).toBe(2);
    await admin.shot("backorders-priority-review");
    await dialog.getByRole("button", { name: "Set priority on 2 lines" }).click();
    await expect.poll(() => dialog.getByText("2 done, 0 refused.").count(), { timeout: 30_000 }).toBe(1);
    await admin.shot("backorders-priority-done");
    await dialog.getByRole("button", { name: "Close" }).first().click();

    expect((await line("ada")).priority).toBe(2);
    expect((await line("grace")).priority).toBe(2);
    for (const name of [/Ada Lovelace/, /Grace Hopper/]) {
      await expect
        .poll(() => row(name).getByRole("cell", { name: "2", exact: true }).count(), { timeout: 15_000 })
        .toBe(1);
    }
    await admin.shot("backorders-after-priority");
    expect(admin.errors).toEqual([]);
    expect(admin.failed).toEqual([]);
  }, 120_000);
});
