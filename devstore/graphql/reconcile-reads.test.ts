import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { requestedQueryCost } from "../throttle/query-cost.js";
import { demoHarness, type Data } from "./harness.test-support.js";
import { loadAdminSchema } from "./schema.js";

/**
 * The reads a reconciliation job makes (an app re-reading orders and inventory levels after missed webhooks):
 * orders changed since a time, in pages, with their lines' open quantities; orders and inventory items by id;
 * every location's `available` with its updated_at. The queries are the shapes Waitwell sends (the dev store
 * imports nothing from the app, so they are written out here).
 */
const ORDER_STAMPS = `
  query Stamps($query: String!, $after: String, $first: Int!) {
    orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
      nodes { id updatedAt cancelledAt closed }
      pageInfo { hasNextPage endCursor }
    }
  }`;

const ORDERS_BY_ID = `
  query Orders($ids: [ID!]!, $lines: Int!) {
    nodes(ids: $ids) {
      ... on Order {
        id name createdAt updatedAt cancelledAt tags email
        customer { id firstName lastName tags }
        lineItems(first: $lines) {
          nodes {
            id quantity currentQuantity unfulfilledQuantity title variantTitle sku
            variant { id inventoryItem { tracked } }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }`;

const ORDER_LINES = `
  query Lines($id: ID!, $after: String!) {
    order(id: $id) {
      lineItems(first: 250, after: $after) {
        nodes { id currentQuantity unfulfilledQuantity }
        pageInfo { hasNextPage endCursor }
      }
    }
  }`;

const LEVELS = `
  query Levels($ids: [ID!]!, $first: Int!) {
    nodes(ids: $ids) {
      ... on InventoryItem {
        id
        inventoryLevels(first: $first) {
          nodes { updatedAt location { id } quantities(names: ["available"]) { name quantity updatedAt } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }`;

const MORE_LEVELS = `
  query MoreLevels($id: ID!, $after: String!) {
    inventoryItem(id: $id) {
      inventoryLevels(first: 100, after: $after) {
        nodes { location { id } quantities(names: ["available"]) { name quantity } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }`;

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

describe("reconciliation reads", () => {
  it("lists orders updated since a time, oldest change first, in pages, cancelled ones included", async () => {
    const h = demoHarness();
    const place = (sku: string) =>
      h.store.placeOrder(h.shop, { lines: [{ variantId: h.variant(sku), quantity: 1 }] }).id;
    const old = place("MTS-SM");
    h.advance(60_000);
    const since = new Date(h.store.now());
    const a = place("MTS-SM");
    h.advance(1_000);
    const b = place("SDJ-S");
    h.advance(1_000);
    const c = place("TB-BOOT-09");
    h.advance(1_000);
    h.store.cancelOrder(h.shop, a, { reason: "customer" }); // a changes last

    const seen: Data[] = [];
    for (let after: string | null = null; ;) {
      const page: Data = await h.data(ORDER_STAMPS, {
        query: `updated_at:>='${iso(since)}'`,
        after,
        first: 2,
      });
      seen.push(...page.orders.nodes);
      if (!page.orders.pageInfo.hasNextPage) break;
      after = page.orders.pageInfo.endCursor;
    }
    expect(seen.map((o) => o.id)).toEqual([b, c, a]);
    expect(seen.map((o) => o.id)).not.toContain(old);
    expect(seen[2]).toMatchObject({ id: a, closed: true, cancelledAt: expect.any(String) }); // cancelling closes it
    expect(seen[0]).toMatchObject({ cancelledAt: null, updatedAt: expect.stringMatching(/Z$/) });
  });

  it("reads orders by id with each line's current and unfulfilled quantity, and pages an order's lines", async () => {
    const h = demoHarness();
    const placed = h.store.placeOrder(h.shop, {
      lines: [
        { variantId: h.variant("MTS-SM"), quantity: 3 },
        { variantId: h.variant("TB-BOOT-09"), quantity: 2 },
      ],
      customer: { email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" },
      tags: ["vip"],
    });
    const fo = placed.fulfillmentOrders.find((f) =>
      f.lineItems.some((l) => l.lineItemId === placed.lineItems[0]!.id),
    )!;
    const foLine = fo.lineItems.find((l) => l.lineItemId === placed.lineItems[0]!.id)!;
    h.store.fulfill(h.shop, {
      fulfillmentOrderId: fo.id,
      lines: [{ fulfillmentOrderLineItemId: foLine.id, quantity: 1 }],
    });

    const data = await h.data(ORDERS_BY_ID, {
      ids: [placed.id, "gid://shopify/Order/1", h.variant("MTS-SM")],
      lines: 1,
    });
    expect(data.nodes[1]).toBeNull();
    expect(data.nodes[2]).toEqual({}); // not an Order: the inline fragment selects nothing
    const order = data.nodes[0];
    expect(order).toMatchObject({
      id: placed.id,
      tags: ["vip"],
      email: "ada@example.com",
      cancelledAt: null,
      customer: { firstName: "Ada", lastName: "Lovelace", tags: [] },
    });
    expect(order.lineItems.nodes).toEqual([
      expect.objectContaining({
        id: placed.lineItems[0]!.id,
        quantity: 3,
        currentQuantity: 3,
        unfulfilledQuantity: 2,
        sku: "MTS-SM",
        variant: { id: h.variant("MTS-SM"), inventoryItem: { tracked: true } },
      }),
    ]);
    expect(order.lineItems.pageInfo.hasNextPage).toBe(true);

    const rest = await h.data(ORDER_LINES, { id: placed.id, after: order.lineItems.pageInfo.endCursor });
    expect(rest.order.lineItems.nodes).toEqual([
      { id: placed.lineItems[1]!.id, currentQuantity: 2, unfulfilledQuantity: 2 },
    ]);
    expect(rest.order.lineItems.pageInfo.hasNextPage).toBe(false);
  });

  it("reads every location's available of inventory items by id, with updated_at, in pages", async () => {
    const h = demoHarness();
    const item = h.inventoryItem("TB-BOOT-08"); // Main Warehouse 6, Downtown Store 2
    h.advance(5_000);
    h.store.receiveStock(h.shop, { variantId: h.variant("TB-BOOT-08"), quantity: 4 }); // the primary location

    const data = await h.data(LEVELS, { ids: [item, h.inventoryItem("TB-BOOT-11")], first: 1 });
    const [first, second] = data.nodes;
    expect(first.id).toBe(item);
    expect(first.inventoryLevels.nodes).toHaveLength(1);
    expect(first.inventoryLevels.pageInfo.hasNextPage).toBe(true);
    expect(second.inventoryLevels.pageInfo.hasNextPage).toBe(false);

    const more = await h.data(MORE_LEVELS, { id: item, after: first.inventoryLevels.pageInfo.endCursor });
    const levels = [...first.inventoryLevels.nodes, ...more.inventoryItem.inventoryLevels.nodes];
    const byLocation = Object.fromEntries(
      levels.map((l: Data) => [l.location.id, l.quantities[0].quantity as number]),
    );
    expect(byLocation).toEqual({
      [h.location("Main Warehouse")]: h.levels("TB-BOOT-08", "Main Warehouse").available,
      [h.location("Downtown Store")]: h.levels("TB-BOOT-08", "Downtown Store").available,
    });
    expect((Object.values(byLocation) as number[]).reduce((a, b) => a + b, 0)).toBe(12);
    expect(first.inventoryLevels.nodes[0].quantities[0]).toMatchObject({
      name: "available",
      updatedAt: expect.stringMatching(/Z$/),
    });
  });

  it("prices the app's page sizes under the 1000-point single query limit", () => {
    const schema = loadAdminSchema();
    const cost = (query: string, variables: Record<string, unknown>) =>
      requestedQueryCost(schema, parse(query), undefined, variables);
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `gid://shopify/Order/${i + 1}`);
    expect(cost(ORDER_STAMPS, { query: "", first: 250 })).toBe(252);
    expect(cost(ORDERS_BY_ID, { ids: ids(6), lines: 50 })).toBe(924);
    expect(cost(LEVELS, { ids: ids(25), first: 10 })).toBe(825);
    expect(cost(MORE_LEVELS, {})).toBeLessThan(1000);
  });
});
