/**
 * The engine lane hands customer care the batch's decided orders at once; when that fails, each order again on its
 * own, so only a row that fails by itself is retried.
 */
import { describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../web/server/adapters/logger.js";
import { createEngineLane, type EngineLaneItem } from "../../web/server/use-cases/decide-webhooks.js";
import { createNoteShopEvent } from "../../web/server/use-cases/note-shop-event.js";
import type { CareOrder } from "../../web/server/use-cases/customer-care/ports.js";
import { engineOrder } from "../support/backorder-fakes.js";

const SHOP = "lane.myshopify.com" as const;

function orderItem(n: number): EngineLaneItem {
  const order = engineOrder(n, 0, [[n * 10, 1, 1]]);
  const care: CareOrder = {
    orderId: order.orderId,
    orderName: order.name,
    customerId: null,
    email: null,
    customerName: null,
    locale: "en",
    acknowledgedAt: null,
    currency: null,
    lines: {},
  };
  return { kind: "order", received: { shop: SHOP, webhookId: `w${n}`, order, care } };
}

function lane(care: { failBatch: boolean; failing: Set<string>; seen: string[][] }) {
  return createEngineLane({
    backorders: {
      // Order 3's decision fails: customer care never sees it.
      decideBatch: async (_shop, events) =>
        events.map((e) =>
          e.kind === "order" && e.order.name === "#3"
            ? { ok: false as const, error: new Error("decision failed") }
            : { ok: true as const, result: "ingested" as const },
        ),
    },
    noteShopEvent: createNoteShopEvent({ logger: createMemoryLogger() }),
    care: {
      recordOrders: async (_shop, orders) => {
        care.seen.push(orders.map((o) => o.orderName));
        if (care.failBatch) throw new Error("batch failed");
      },
      recordOrder: async (_shop, order) => {
        care.seen.push([order.orderName]);
        if (care.failing.has(order.orderName)) throw new Error(`${order.orderName} failed`);
      },
    },
  });
}

describe("the engine lane's customer care", () => {
  it("records the decided orders of a batch together", async () => {
    const care = { failBatch: false, failing: new Set<string>(), seen: [] as string[][] };
    const failures = await lane(care).handleAll(SHOP, [1, 2, 3, 4].map(orderItem));
    expect(care.seen).toEqual([["#1", "#2", "#4"]]);
    expect(failures.map((f) => (f instanceof Error ? f.message : f))).toEqual([
      null,
      null,
      "decision failed",
      null,
    ]);
  });

  it("after a failed batch, records each order on its own: only the one that fails again is retried", async () => {
    const care = { failBatch: true, failing: new Set(["#2"]), seen: [] as string[][] };
    const failures = await lane(care).handleAll(SHOP, [1, 2, 3, 4].map(orderItem));
    expect(care.seen).toEqual([["#1", "#2", "#4"], ["#1"], ["#2"], ["#4"]]);
    expect(failures.map((f) => (f instanceof Error ? f.message : f))).toEqual([
      null,
      "#2 failed",
      "decision failed",
      null,
    ]);
  });
});

describe("the engine lane's storefront availability", () => {
  function levelItem(n: number, item: number): EngineLaneItem {
    return {
      kind: "level",
      change: {
        shop: SHOP,
        topic: "inventory_levels/update",
        webhookId: `l${n}`,
        inventoryItemId: `gid://shopify/InventoryItem/${item}`,
        locationId: "gid://shopify/Location/1",
        available: n,
        updatedAt: new Date(Date.UTC(2026, 11, 7, 0, 0, n)),
      },
    };
  }
  function lane(failing: { batch: boolean; items: Set<string> }, seen: string[][]) {
    return createEngineLane({
      backorders: {
        decideBatch: async (_shop, events) =>
          events.map(() => ({ ok: true as const, result: "applied" as const })),
      },
      noteShopEvent: createNoteShopEvent({ logger: createMemoryLogger() }),
      availability: {
        onInventoryItemsChanged: async (_shop, ids) => {
          seen.push(ids.map((id) => id.replace("gid://shopify/InventoryItem/", "")));
          if (ids.length > 1 ? failing.batch : failing.items.has(ids[0]!))
            throw new Error(`${ids.join()} failed`);
          return null;
        },
      },
    });
  }
  const items = [levelItem(1, 7), orderItem(2), levelItem(3, 8), levelItem(4, 7)];
  const messages = (failures: unknown[]) => failures.map((f) => (f instanceof Error ? f.message : f));

  it("re-evaluates the batch's inventory items once, together", async () => {
    const seen: string[][] = [];
    const failures = await lane({ batch: false, items: new Set() }, seen).handleAll(SHOP, items);
    expect(seen).toEqual([["7", "8"]]);
    expect(messages(failures)).toEqual([null, null, null, null]);
  });

  it("after a failed evaluation, item by item: only the rows of the item that fails again are retried", async () => {
    const seen: string[][] = [];
    const item8 = "gid://shopify/InventoryItem/8";
    const failures = await lane({ batch: true, items: new Set([item8]) }, seen).handleAll(SHOP, items);
    expect(seen).toEqual([["7", "8"], ["7"], ["8"]]);
    expect(messages(failures)).toEqual([null, null, `${item8} failed`, null]);
  });
});
