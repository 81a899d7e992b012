import { afterEach, describe, expect, it } from "vitest";
import { SHOP, startHarness } from "./support/harness.js";

/**
 * Shopify's inventory semantics driven end to end: storefront orders through the control API, what the app sees
 * through the Admin API and webhooks (REFERENCE 2.1, 2.3).
 */

let harness: Awaited<ReturnType<typeof startHarness>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const QUANTITIES = `query WaitwellScenarioQuantities($id: ID!) {
  productVariant(id: $id) {
    inventoryPolicy
    inventoryQuantity
    inventoryItem { inventoryLevels(first: 5) { nodes { quantities(names: ["available", "committed", "on_hand", "incoming"]) { name quantity } } } }
  }
}`;

async function quantities(token: string, variantId: string) {
  const res = await harness!.graphql(token, QUANTITIES, { id: variantId });
  expect(res.body.errors).toBeUndefined();
  const level = res.body.data.productVariant.inventoryItem.inventoryLevels.nodes[0];
  return Object.fromEntries(
    level.quantities.map((q: { name: string; quantity: number }) => [q.name, q.quantity]),
  );
}

function webhookBodies(topic: string) {
  return harness!.receiver.received
    .filter((h) => h.headers["x-shopify-topic"] === topic)
    .map((h) => JSON.parse(h.rawBody.toString("utf8")) as Record<string, unknown>);
}

describe("inventory semantics (scenario)", () => {
  it("sells a CONTINUE variant below zero and announces the negative available", async () => {
    harness = await startHarness();
    const token = await harness.install();
    const scarf = await harness.variantIdBySku("SCARF");

    const order = await harness.control("POST", "/orders", {
      shop: SHOP,
      lines: [{ variantId: scarf, quantity: 3 }],
    });
    expect(order.status).toBe(201);
    expect(await quantities(token, scarf)).toEqual({ available: -3, committed: 3, on_hand: 0, incoming: 0 });

    await harness.devstore.webhooksIdle();
    expect(webhookBodies("inventory_levels/update").at(-1)).toMatchObject({ available: -3 });
    expect(webhookBodies("orders/create")).toHaveLength(1);
  });

  it("refuses an order that oversells a DENY variant, changing nothing and sending nothing", async () => {
    harness = await startHarness();
    const token = await harness.install();
    const denim = await harness.variantIdBySku("DENIM-M");

    const refused = await harness.control("POST", "/orders", {
      shop: SHOP,
      lines: [{ variantId: denim, quantity: 3 }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toEqual(expect.any(String));
    expect(await quantities(token, denim)).toEqual({ available: 2, committed: 0, on_hand: 2, incoming: 0 });
    await harness.devstore.webhooksIdle();
    expect(webhookBodies("orders/create")).toEqual([]);

    // Switching the variant to CONTINUE lets the same order through.
    expect(
      (await harness.control("POST", `/variants/${encodeURIComponent(denim)}/policy`, { policy: "CONTINUE" }))
        .status,
    ).toBe(200);
    expect(
      (await harness.control("POST", "/orders", { shop: SHOP, lines: [{ variantId: denim, quantity: 3 }] }))
        .status,
    ).toBe(201);
    expect(await quantities(token, denim)).toMatchObject({ available: -1, committed: 3 });
  });

  it("restocks, schedules and receives incoming stock, and fulfils from committed and on_hand", async () => {
    harness = await startHarness();
    const token = await harness.install();
    const scarf = await harness.variantIdBySku("SCARF");
    const order = await harness.control<{ fulfillmentOrders: { id: string }[] }>("POST", "/orders", {
      shop: SHOP,
      lines: [{ variantId: scarf, quantity: 2 }],
    });

    await harness.control("POST", "/stock/receive", { shop: SHOP, variantId: scarf, quantity: 1 });
    expect(await quantities(token, scarf)).toEqual({ available: -1, committed: 2, on_hand: 1, incoming: 0 });

    const incoming = await harness.control<{ id: string }>("POST", "/incoming", {
      shop: SHOP,
      variantId: scarf,
      quantity: 5,
      expectedAt: "2026-03-20",
    });
    expect(incoming.status).toBe(201);
    expect(await quantities(token, scarf)).toMatchObject({ incoming: 5 });
    expect(
      (
        await harness.control("POST", `/incoming/${encodeURIComponent(incoming.body.id)}/receive`, {
          shop: SHOP,
        })
      ).status,
    ).toBe(200);
    expect(await quantities(token, scarf)).toEqual({ available: 4, committed: 2, on_hand: 6, incoming: 0 });

    const fulfilled = await harness.control("POST", "/fulfill", {
      shop: SHOP,
      fulfillmentOrderId: order.body.fulfillmentOrders[0]!.id,
    });
    expect(fulfilled.status).toBe(201);
    expect(await quantities(token, scarf)).toEqual({ available: 4, committed: 0, on_hand: 4, incoming: 0 });
  });

  it("splits a fulfillment order when the app holds part of a line", async () => {
    harness = await startHarness();
    const token = await harness.install();
    const scarf = await harness.variantIdBySku("SCARF");
    const order = await harness.control<{
      id: string;
      fulfillmentOrders: { id: string; lineItems: { id: string }[] }[];
    }>("POST", "/orders", {
      shop: SHOP,
      lines: [{ variantId: scarf, quantity: 3 }],
    });
    const fo = order.body.fulfillmentOrders[0]!;

    const hold = await harness.graphql(
      token,
      `mutation WaitwellScenarioHold($id: ID!, $hold: FulfillmentOrderHoldInput!) {
        fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
          fulfillmentOrder { id status lineItems(first: 5) { nodes { remainingQuantity } } }
          remainingFulfillmentOrder { id status lineItems(first: 5) { nodes { remainingQuantity } } }
          userErrors { field message code }
        }
      }`,
      {
        id: fo.id,
        hold: {
          reason: "INVENTORY_OUT_OF_STOCK",
          handle: "waitwell-backorder",
          fulfillmentOrderLineItems: [{ id: fo.lineItems[0]!.id, quantity: 2 }],
        },
      },
    );
    const payload = hold.body.data.fulfillmentOrderHold;
    expect(payload.userErrors).toEqual([]);
    expect(payload.fulfillmentOrder).toMatchObject({
      status: "ON_HOLD",
      lineItems: { nodes: [{ remainingQuantity: 2 }] },
    });
    expect(payload.remainingFulfillmentOrder).toMatchObject({
      status: "OPEN",
      lineItems: { nodes: [{ remainingQuantity: 1 }] },
    });
    expect(hold.body.extensions.cost.requestedQueryCost).toBe(10);

    const state = await harness.control<{
      orders: { id: string; fulfillmentOrders: { status: string }[] }[];
    }>("GET", `/state?shop=${SHOP}`);
    const statuses = state.body.orders
      .find((o) => o.id === order.body.id)!
      .fulfillmentOrders.map((f) => f.status);
    expect(statuses.sort()).toEqual(["ON_HOLD", "OPEN"]);
  });
});
