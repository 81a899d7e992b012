import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAdminIfStale } from "../../scripts/build-admin.js";
import { projectRoot } from "../../scripts/local-stack.js";
import { CHROMIUM, haveChromium, launchChromium, seriousViolations } from "../support/browser.js";
import { devStoreControl, eventually, startTestStack } from "../support/stack.js";

/**
 * Merchant alerts in real Chromium against the local stack as `npm start` runs it (email to the dev store's local
 * mailbox): the merchant chooses alerts at once to an address on the settings page, orders placed on the dev store
 * fill a variant's backorder cap, the alert email arrives in the local mailbox, and the Alerts page lists it;
 * acknowledge and dismiss work. Screenshots in test-results/alerts/; axe finds no serious or critical violation.
 */
if (!haveChromium && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs it`);
const SHOTS = path.join(projectRoot, "test-results/alerts");

type Stack = Awaited<ReturnType<typeof startTestStack>>;

async function api(stack: Stack, method: string, pathname: string, body?: unknown) {
  const res = await fetch(`${stack.app.url}${pathname}`, {
    method,
    headers: { Authorization: `Bearer ${await stack.sessionToken()}`, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function localMail(stack: Stack, to: string) {
  const res = await fetch(`${stack.devStoreUrl}/_devstore/mail?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { messages: { subject: string; text: string }[] }).messages;
}

describe.skipIf(!haveChromium)("merchant alerts in Chromium", () => {
  let stack: Stack;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const errors: string[] = [];
  const failed: string[] = [];

  async function visit(hash: string, heading: string, shot: string) {
    await page.goto(`${stack.app.url}/?shop=${stack.shop}${hash}`);
    const h1 = page.getByRole("heading", { level: 1, name: heading });
    await expect.poll(() => h1.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: path.join(SHOTS, `${shot}.png`), fullPage: true });
    expect(await seriousViolations(page), `axe on ${hash}`).toEqual([]);
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await buildAdminIfStale(projectRoot);
    stack = await startTestStack();
    browser = await launchChromium({ viewport: { width: 1600, height: 900 } });
    page = await browser.context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("response", (r) => {
      if (r.url().includes("/api/") && r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("settings choose alerts at once; a cap reached by dev-store orders is emailed and listed; acknowledge, dismiss", async () => {
    await visit("#/settings", "Settings", "settings");
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
      const { body } = await api(stack, "GET", "/api/alerts/settings");
      const settings = body.settings as { recipients: string[]; delivery: string; language: string };
      return (
        settings.delivery === "immediate" &&
        settings.recipients[0] === "ops@shop.example" &&
        settings.language === "fr"
      );
    }, 15_000);
    await page.screenshot({ path: path.join(SHOTS, "settings-saved.png"), fullPage: true });

    // A capped rule on the jacket (1 in stock): one order ships it, the next one fills the cap of 1.
    const state = (await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`).then((r) =>
      r.json(),
    )) as { products: { variants: { id: string; sku: string }[] }[] };
    const jacket = state.products.flatMap((p) => p.variants).find((v) => v.sku === "SDJ-XL")!.id;
    const rule = await api(stack, "POST", "/api/rules", {
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

    await visit("#/alerts", "Alerts", "alerts");
    const item = page.getByRole("listitem").filter({ hasText: ": 1 waiting, the cap of 1 is reached" });
    await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(1);
    expect(await item.getByText("Emailed").count()).toBe(1);
    await item.getByRole("button", { name: /^Acknowledge alert/ }).click();
    await expect.poll(() => item.getByText("Acknowledged").count(), { timeout: 15_000 }).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, "alerts-acknowledged.png"), fullPage: true });
    await item.getByRole("button", { name: /^Dismiss alert/ }).click();
    await expect.poll(() => page.getByText("Nothing needs you").count(), { timeout: 15_000 }).toBe(1);
    expect(await seriousViolations(page), "axe on the empty alerts list").toEqual([]);

    // One alert, one email, however many syncs ran.
    expect(await localMail(stack, "ops@shop.example")).toHaveLength(1);
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
  }, 240_000);
});
