import { afterEach, describe, expect, it } from "vitest";
import type { DeliveryRecord } from "../../devstore/webhooks/dispatcher.js";
import { API_KEY, SHOP, startHarness, topicsOf, validateWebhook } from "./support/harness.js";
import { waitFor } from "./support/receiver.js";

/** Webhooks over real HTTP: signed as Shopify signs them, retried, and faulted on request. */

let harness: Awaited<ReturnType<typeof startHarness>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function placeOrder(h: NonNullable<typeof harness>, sku: string, quantity: number) {
  const variantId = await h.variantIdBySku(sku);
  return h.control("POST", "/orders", {
    shop: SHOP,
    lines: [{ variantId, quantity }],
    customer: { email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" },
    channel: "online_store",
  });
}

describe("webhook delivery (scenario)", () => {
  it("signs every delivery so @shopify/shopify-api validates it", async () => {
    harness = await startHarness();
    await harness.install();
    expect((await placeOrder(harness, "DENIM-M", 1)).status).toBe(201);
    await harness.devstore.webhooksIdle();

    const hooks = harness.receiver.received;
    expect(topicsOf(hooks)).toEqual(expect.arrayContaining(["orders/create", "inventory_levels/update"]));
    for (const hook of hooks) {
      const result = await validateWebhook(hook);
      expect(result).toMatchObject({ valid: true, domain: SHOP, apiVersion: "2026-07" });
      expect(hook.path).toBe("/webhooks");
    }
    const eventIds = new Set(hooks.map((h) => h.headers["x-shopify-event-id"]));
    const webhookIds = new Set(hooks.map((h) => h.headers["x-shopify-webhook-id"]));
    expect(webhookIds.size).toBe(hooks.length);
    expect(eventIds.size).toBeGreaterThan(0);
  });

  it("sends nothing before the app is installed", async () => {
    harness = await startHarness();
    const res = await harness.control("POST", "/stock/receive", {
      shop: SHOP,
      variantId: await harness.variantIdBySku("DENIM-M"),
      quantity: 3,
    });
    expect(res.status).toBe(200);
    await harness.devstore.webhooksIdle();
    expect(harness.receiver.received).toEqual([]);
  });

  it("retries a webhook the app answered with 500, with the same webhook id and body", async () => {
    let failedOnce = false;
    harness = await startHarness({
      respond: (hook) => {
        if (hook.headers["x-shopify-topic"] === "orders/create" && !failedOnce) {
          failedOnce = true;
          return 500;
        }
        return 200;
      },
    });
    await harness.install();
    await placeOrder(harness, "DENIM-M", 1);
    await harness.devstore.webhooksIdle();

    const orderHooks = harness.receiver.received.filter(
      (h) => h.headers["x-shopify-topic"] === "orders/create",
    );
    expect(orderHooks).toHaveLength(2);
    const [first, retry] = orderHooks as [(typeof orderHooks)[0], (typeof orderHooks)[0]];
    expect(retry.headers["x-shopify-webhook-id"]).toBe(first.headers["x-shopify-webhook-id"]);
    expect(retry.rawBody.equals(first.rawBody)).toBe(true);
    expect((await validateWebhook(retry)).valid).toBe(true);

    const log = await harness.control<{ deliveries: DeliveryRecord[] }>(
      "GET",
      "/webhooks?topic=orders/create",
    );
    expect(log.body.deliveries).toHaveLength(1);
    expect(log.body.deliveries[0]).toMatchObject({ state: "delivered", apiKey: API_KEY });
    expect(log.body.deliveries[0]!.attempts.map((a) => a.status)).toEqual([500, 200]);
  });

  it("duplicates every delivery when the duplicate fault is 1", async () => {
    harness = await startHarness();
    await harness.install();
    expect(
      (await harness.control("POST", "/faults", { duplicate: 1, topics: ["orders/create"] })).status,
    ).toBe(200);
    await placeOrder(harness, "DENIM-M", 1);
    await harness.devstore.webhooksIdle();

    const orderHooks = harness.receiver.received.filter(
      (h) => h.headers["x-shopify-topic"] === "orders/create",
    );
    expect(orderHooks).toHaveLength(2);
    expect(orderHooks[0]!.headers["x-shopify-webhook-id"]).toBe(
      orderHooks[1]!.headers["x-shopify-webhook-id"],
    );
    const others = harness.receiver.received.filter((h) => h.headers["x-shopify-topic"] !== "orders/create");
    expect(new Set(others.map((h) => h.headers["x-shopify-webhook-id"])).size).toBe(others.length);
  });

  it("drops deliveries when the drop fault is 1 and logs them", async () => {
    harness = await startHarness();
    await harness.install();
    await harness.control("POST", "/faults", { drop: 1 });
    await placeOrder(harness, "DENIM-M", 1);
    await harness.devstore.webhooksIdle();

    expect(harness.receiver.received).toEqual([]);
    const log = await harness.control<{ deliveries: DeliveryRecord[] }>("GET", "/webhooks");
    expect(log.body.deliveries.length).toBeGreaterThan(0);
    expect(new Set(log.body.deliveries.map((d) => d.state))).toEqual(new Set(["dropped"]));
  });

  it("delivers the same deliveries for the same seed and actions", async () => {
    const run = async () => {
      const h = await startHarness();
      try {
        await h.install();
        await h.control("POST", "/faults", { drop: 0.5, seed: 11 });
        for (let i = 0; i < 3; i++) await placeOrder(h, "SCARF", 1);
        await h.devstore.webhooksIdle();
        return (await h.control<{ deliveries: DeliveryRecord[] }>("GET", "/webhooks")).body.deliveries.map(
          (d) => `${d.topic} ${d.state} ${d.webhookId} ${d.eventId}`,
        );
      } finally {
        await h.close();
      }
    };
    const first = await run();
    expect(first.some((d) => d.includes("dropped"))).toBe(true);
    expect(await run()).toEqual(first);
  });

  it("sends app/uninstalled on uninstall, and refuses the old token afterwards", async () => {
    harness = await startHarness();
    const token = await harness.install();
    expect((await harness.control("POST", `/apps/${API_KEY}/uninstall`, { shop: SHOP })).status).toBe(200);
    await harness.devstore.webhooksIdle();
    await waitFor(
      () => topicsOf(harness!.receiver.received).includes("app/uninstalled"),
      2000,
      "app/uninstalled",
    );
    const hook = harness.receiver.received.find((h) => h.headers["x-shopify-topic"] === "app/uninstalled")!;
    expect((await validateWebhook(hook)).valid).toBe(true);
    expect(JSON.parse(hook.rawBody.toString())).toMatchObject({ myshopify_domain: SHOP });
    expect((await harness.graphql(token, "{ shop { name } }")).status).toBe(401);

    // shop/redact follows 48 hours later on the dev store's clock, to the uninstalled app only.
    expect(topicsOf(harness.receiver.received)).not.toContain("shop/redact");
    await harness.control("POST", "/clock/advance", { hours: 48 });
    await harness.devstore.webhooksIdle();
    const redact = harness.receiver.received.find((h) => h.headers["x-shopify-topic"] === "shop/redact");
    expect(redact).toBeDefined();
    expect(await validateWebhook(redact!)).toMatchObject({ valid: true, topic: "SHOP_REDACT" });
    expect(JSON.parse(redact!.rawBody.toString())).toMatchObject({ shop_domain: SHOP });
  });
});
