import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousViolations } from "../support/browser.js";
import type { Stack } from "../support/shopper.js";
import { devStoreControl, eventually } from "../support/stack.js";
import { describeInChromium, openAdmin, type AdminBrowser } from "./admin-browser.js";

/**
 * Merchant alerts in real Chromium against the local stack as `npm start` runs it (email to the dev store's local
 * mailbox): the merchant chooses alerts at once to an address on the settings page, orders placed on the dev store
 * fill a variant's backorder cap, the alert email arrives in the local mailbox, and the Alerts page lists it;
 * acknowledge and dismiss work. Screenshots in test-results/alerts/; axe finds no serious or critical violation.
 */

async function localMail(stack: Stack, to: string) {
  const res = await fetch(`${stack.devStoreUrl}/_devstore/mail?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { messages: { subject: string; text: string }[] }).messages;
}

describeInChromium("merchant alerts in Chromium", () => {
  let admin: AdminBrowser;
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    admin = await openAdmin({ shots: "alerts", viewport: { width: 1600, height: 900 } });
    ({ stack, page } = admin);
  }, 180_000);

  afterAll(async () => {
    await admin?.close();
  });

  it("settings choose alerts at once; a cap reached by dev-store orders is emailed and listed; acknowledge, dismiss", async () => {
    await admin.visit("#/settings", "Settings", "settings");
    const recipients = page.getByLabel("Recipients");
    await expect.poll(() => recipients.count(), { timeout: 30_000 }).toBe(1);
    // A bad address is named before anything is sent.
    await recipients.fill("ops@shop");
    await page.getByRole("button", { name: "Save alert settings" }).click();
    await expect
      .poll(() => page.getByText("Not an email address: ops@shop").count(), { timeout: 15_000 })
      .toBe(1);
    await recipients.fill("ops@shop.example");
    // Polaris draws its own radio over the input: click the label, as a merchant does.
    await page.getByText("At once, as soon as something is found").click();
    await expect
      .poll(() => page.getByLabel("At once, as soon as something is found").isChecked(), { timeout: 15_000 })
      .toBe(true);
    // The shop's staff read French: the emails are written in it.
    await page.getByLabel("Email language").selectOption("fr");
    await page.getByRole("button", { name: "Save alert settings" }).click();
    await eventually(async () => {
      const { body } = await admin.api("GET", "/api/alerts/settings");
      const settings = body.settings as { recipients: string[]; delivery: string; language: string };
      return (
        settings.delivery === "immediate" &&
        settings.recipients[0] === "ops@shop.example" &&
        settings.language === "fr"
      );
    }, 15_000);
    await admin.screenshot("settings-saved");

    // A capped rule on the jacket (1 in stock): one order ships it, the next one fills the cap of 1.
    const state = (await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`).then((r) =>
      r.json(),
    )) as { products: { variants: { id: string; sku: string }[] }[] };
    const jacket = state.products.flatMap((p) => p.variants).find((v) => v.sku === "SDJ-XL")!.id;
    const rule = await admin.api("POST", "/api/rules", {
      scope: { kind: "variant", variantId: jacket },
      settings: {
        mode: "when_out_of_stock",
        cap: 1,
        etaSource: { kind: "lead_time", minBusinessDays: 10, maxBusinessDays: 10 },
      },
    });
    expect(rule.status).toBe(201);
    await stack.app.availabilitySync.idle();
    await devStoreControl(stack, "/orders", {
      lines: [{ variantId: jacket, quantity: 2 }],
      customer: { email: "ada@example.com" },
    });
    const mail = await eventually(async () => (await localMail(stack, "ops@shop.example"))[0], 60_000);
    // In French, with the seeded figures: 2 ordered, 1 in stock, so 1 waits and fills the cap of 1.
    expect(mail.subject).toMatch(/ : Plafond de précommande atteint$/);
    expect(mail.text).toMatch(/\(SDJ-XL\) : 1 en attente, le plafond de 1 est atteint/);

    await admin.visit("#/alerts", "Alerts", "alerts");
    const item = page.getByRole("listitem").filter({ hasText: ": 1 waiting, the cap of 1 is reached" });
    await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(1);
    expect(await item.getByText("Emailed").count()).toBe(1);
    await item.getByRole("button", { name: /^Acknowledge alert/ }).click();
    await expect.poll(() => item.getByText("Acknowledged").count(), { timeout: 15_000 }).toBe(1);
    await admin.screenshot("alerts-acknowledged");
    await item.getByRole("button", { name: /^Dismiss alert/ }).click();
    await expect.poll(() => page.getByText("Nothing needs you").count(), { timeout: 15_000 }).toBe(1);
    expect(await seriousViolations(page), "axe on the empty alerts list").toEqual([]);

    // One alert, one email, however many syncs ran.
    expect(await localMail(stack, "ops@shop.example")).toHaveLength(1);
    expect(admin.errors).toEqual([]);
    expect(admin.failed).toEqual([]);
  }, 240_000);
});
