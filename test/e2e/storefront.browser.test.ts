import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/local-stack.js";
import { CHROMIUM, haveChromium, seriousViolations } from "../support/browser.js";
import { devStoreControl, eventually, startTestStack } from "../support/stack.js";

/**
 * A shopper on the dev store's online store, in real Chromium (Debian's), against the real local stack: the product
 * page renders Waitwell's theme app extension (block + app embed) from the `$app.availability` metafields Waitwell
 * wrote; checkout runs Waitwell's checkout UI extension (built from extensions/checkout-waitwell) on the cart; the
 * order goes through the dev store's order path and reaches Waitwell as a webhook. axe-core checks the product page,
 * the cart and checkout (its extension frames included). Screenshots land in test-results/storefront/.
 */
if (!haveChromium && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs it`);
const SHOTS = path.join(projectRoot, "test-results/storefront");

type Stack = Awaited<ReturnType<typeof startTestStack>>;
interface StoreState {
  products: { id: string; handle: string; variants: { id: string; sku: string; title: string }[] }[];
  metafields: { ownerId: string; key: string; value: string }[];
  orders: {
    id: string;
    name: string;
    email: string;
    noteAttributes: { name: string; value: string }[];
    lineItems: { id: string; variantId: string; quantity: number }[];
  }[];
}

/** A date two weeks out (the app runs on the real clock): incoming stock then, so the ETA is in the future. */
const ARRIVES = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

async function storeState(stack: Stack): Promise<StoreState> {
  return (await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`).then((r) =>
    r.json(),
  )) as StoreState;
}

async function api(stack: Stack, pathname: string, body?: unknown) {
  const res = await fetch(`${stack.app.url}${pathname}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${await stack.sessionToken()}`, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.skipIf(!haveChromium)("the online store in Chromium", () => {
  let stack: Stack;
  let context: BrowserContext;
  let profile: string;
  let boot: StoreState["products"][number];
  const variant = (title: string) => boot.variants.find((v) => v.title === title)!;

  beforeAll(async () => {
    stack = await startTestStack();
    const warm = stack.devStore.warmUpStorefront();
    const state = await storeState(stack);
    boot = state.products.find((p) => p.handle === "trailblazer-hiking-boot")!;
    // US 9 (none in stock) sells on backorder until incoming stock arrives; US 10 (oversold) has no date at all.
    await devStoreControl(stack, "/incoming", {
      variantId: variant("US 9").id,
      quantity: 10,
      expectedAt: ARRIVES,
    });
    const rule = await api(stack, "/api/rules", {
      scope: { kind: "product", productId: boot.id },
      settings: { mode: "when_out_of_stock", etaSource: { kind: "incoming" }, handlingDays: 1 },
    });
    expect(rule.status).toBe(201);
    await eventually(async () => {
      const metafields = (await storeState(stack)).metafields.filter((m) => m.key === "availability");
      const us9 = metafields.find((m) => m.ownerId === variant("US 9").id);
      return us9 && (JSON.parse(us9.value) as { eta: unknown }).eta !== null && metafields.length >= 4;
    }, 30_000);
    profile = mkdtempSync(path.join(tmpdir(), "waitwell-chromium-"));
    mkdirSync(SHOTS, { recursive: true });
    [context] = await Promise.all([
      chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1100, height: 1000 },
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      }),
      warm,
    ]);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await stack?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("product page → cart → checkout with ETAs, acknowledgement and a swap → a dev store order Waitwell receives", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const store = stack.devStoreUrl;

    // A backordered variant: the app block's badge and ETA, the app embed's "Pre-order" and Shipping property.
    await page.goto(`${store}/products/${boot.handle}?variant=${numeric(variant("US 9").id)}`);
    const badge = page.locator("[data-waitwell-badge]");
    const eta = page.locator("[data-waitwell-eta]");
    const button = page.locator("form[action='/cart/add'] button[type=submit]");
    const shipping = page.getByLabel("Shipping");
    await expect.poll(() => badge.textContent()).toBe("Backorder");
    const promise = (await eta.textContent())!.trim();
    expect(promise).toMatch(/^Ships around \d{1,2} [A-Z][a-z]{2}$/);
    await expect.poll(() => button.textContent().then((t) => t?.trim())).toBe("Pre-order");
    expect(await shipping.inputValue()).toBe(promise);
    await page.screenshot({ path: path.join(SHOTS, "1-product-backorder.png"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // Another variant: badge, ETA, label and property follow without a reload.
    const picker = page.getByLabel("Variant");
    await picker.selectOption({ label: "US 8" });
    await expect.poll(() => badge.textContent()).toBe("In stock");
    expect(await eta.isHidden()).toBe(true);
    await expect.poll(() => button.textContent().then((t) => t?.trim())).toBe("Add to cart");
    expect(await shipping.count()).toBe(0);
    await picker.selectOption({ label: "US 10" });
    await expect.poll(() => eta.textContent()).toBe("Ships as soon as it is restocked");
    await page.screenshot({ path: path.join(SHOTS, "2-product-no-date.png"), fullPage: true });
    await button.click();
    await page.waitForURL(`${store}/cart`);

    await page.goto(`${store}/products/${boot.handle}?variant=${numeric(variant("US 9").id)}`);
    await expect.poll(() => shipping.inputValue()).toBe(promise);
    await button.click();
    await page.waitForURL(`${store}/cart`);
    const cart = (await page.evaluate(() => fetch("/cart.js").then((r) => r.json()))) as {
      items: { variant_id: number; properties: Record<string, string> }[];
    };
    expect(cart.items.map((i) => [i.variant_id, i.properties.Shipping])).toEqual([
      [Number(numeric(variant("US 10").id)), "Ships as soon as it is restocked"],
      [Number(numeric(variant("US 9").id)), promise],
    ]);
    await page.screenshot({ path: path.join(SHOTS, "3-cart.png"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // Checkout: each line's ETA under it, the summary block with the acknowledgement and substitutes.
    await page.getByRole("button", { name: "Check out" }).click();
    await page.waitForURL(`${store}/checkout`);
    const lineEta = (n: number) =>
      page.locator("[data-checkout-line]").nth(n).frameLocator("iframe").locator("s-text");
    await expect
      .poll(() => lineEta(0).textContent(), { timeout: 20_000 })
      .toBe("Ships as soon as it is restocked");
    await expect.poll(() => lineEta(1).textContent()).toMatch(/^Ships around /);
    const block = page.frameLocator("[data-extension-placement] iframe");
    const ack = block.getByRole("checkbox", { name: "I understand these items ship later" });
    await ack.check();
    await expect
      .poll(() => page.evaluate(() => fetch("/cart.js").then((r) => r.json())).then((c) => c.attributes))
      .toHaveProperty("_waitwell_backorder_ack");
    expect(await page.locator("[data-checkout-line] iframe").first().getAttribute("title")).toBe(
      "Waitwell backorder promises: Trailblazer Hiking Boot (US 10)",
    );
    await page.screenshot({ path: path.join(SHOTS, "4-checkout.png"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // Swap the line without a date for an in-stock size: its promise (the Shipping property) goes with it.
    const us10Substitutes = block.locator("s-stack:has(> s-heading:has-text('US 10'))");
    await us10Substitutes
      .locator("s-stack", { hasText: "US 11" })
      .getByRole("button", { name: "Swap" })
      .click();
    const firstLine = page.locator("[data-checkout-line]").first();
    await expect
      .poll(() => firstLine.locator("[data-line-subtitle]").textContent(), { timeout: 15_000 })
      .toBe("US 11");
    expect(await firstLine.locator("[data-line-properties]").isHidden()).toBe(true);
    await expect.poll(() => lineEta(0).count()).toBe(0);
    expect(await ack.isChecked()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "5-checkout-swapped.png"), fullPage: true });

    await page.getByLabel("Email").fill("ada@example.com");
    await page.getByRole("button", { name: "Place order" }).click();
    await page.waitForURL(/\/checkouts\/thank-you\//);
    const orderName = (await page.locator("[data-order-name]").textContent())!;
    await expect
      .poll(
        () =>
          page.locator("[data-checkout-line]").nth(1).frameLocator("iframe").locator("s-text").textContent(),
        {
          timeout: 20_000,
        },
      )
      .toBe(`Promised: ${promise}`);
    await page.screenshot({ path: path.join(SHOTS, "6-thank-you.png"), fullPage: true });

    // A real dev store order: the acknowledgement as a note attribute, the promise as the line's property.
    const order = (await storeState(stack)).orders.find((o) => o.name === orderName)!;
    expect(order).toMatchObject({ email: "ada@example.com" });
    expect(order.noteAttributes.map((a) => a.name)).toEqual(["_waitwell_backorder_ack"]);
    expect(Date.parse(order.noteAttributes[0]!.value)).not.toBeNaN();
    expect(order.lineItems.map((l) => l.variantId)).toEqual([variant("US 11").id, variant("US 9").id]);

    // Waitwell got orders/create: the swapped line ships now, the US 9 unit waits.
    const lines = await eventually(async () => {
      const res = await api(stack, `/api/backorders/lines?orderId=${encodeURIComponent(order.id)}`);
      const found = res.body.lines as { variantId: string; status: string }[] | undefined;
      return found && found.length === 2 ? found : null;
    }, 30_000);
    expect(lines.map((l) => [l.variantId, l.status])).toEqual([
      [variant("US 11").id, "in_stock"],
      [variant("US 9").id, "backordered"],
    ]);
    expect(errors).toEqual([]);
  }, 120_000);

  it("forwards the app proxy to Waitwell with Shopify's signature, and renders its Liquid in the theme", async () => {
    const id = encodeURIComponent(variant("US 9").id);
    const json = await fetch(`${stack.devStoreUrl}/apps/waitwell/availability?variant=${id}`);
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ v: 1, state: "backorder" });

    const liquid = await fetch(`${stack.devStoreUrl}/apps/waitwell/availability?variant=${id}&format=liquid`);
    expect(liquid.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await liquid.text();
    expect(html).toContain('class="site-header"');
    expect(html).toContain(`data-waitwell-availability="${numeric(variant("US 9").id)}"`);

    // A shopper cannot pass their own signature through: Shopify's parameters replace theirs.
    const forged = await fetch(
      `${stack.devStoreUrl}/apps/waitwell/availability?variant=${id}&shop=evil.myshopify.com`,
    );
    expect(forged.status).toBe(200);
  });
});

function numeric(gid: string): string {
  return gid.slice(gid.lastIndexOf("/") + 1);
}
