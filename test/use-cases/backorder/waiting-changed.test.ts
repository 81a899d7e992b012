import { describe, expect, it } from "vitest";
import { MemoryBackorderRepository } from "../../../web/server/adapters/memory/backorder-repository.js";
import { createMemoryLogger } from "../../../web/server/adapters/logger.js";
import {
  toGid,
  type InventoryItemGid,
  type LineItemGid,
  type LocationGid,
  type OrderGid,
  type ProductVariantGid,
} from "../../../web/server/domain/shared/gid.js";
import { DEFAULT_SHOP_SETTINGS } from "../../../web/server/use-cases/ports.js";
import { createBackorderEngine, type IncomingOrder } from "../../../web/server/use-cases/backorder/index.js";
import { fakeBackorderShopify, placeOnShopify } from "../../support/backorder-fakes.js";

const SHOP = "test.myshopify.com";
const T = (min: number) => new Date(Date.UTC(2026, 2, 2, 9, min));
const variant = (n: number) => toGid("ProductVariant", String(n)) as ProductVariantGid;
const item = (n: number) => toGid("InventoryItem", String(n)) as InventoryItemGid;
const LOC = toGid("Location", "1") as LocationGid;

async function setup() {
  const repository = new MemoryBackorderRepository({ now: () => T(30) });
  const fake = fakeBackorderShopify();
  const told: [string, string[]][] = [];
  const engine = createBackorderEngine({
    repository,
    shopify: fake.shopify,
    shops: { get: async () => ({ settings: DEFAULT_SHOP_SETTINGS }) as never },
    clock: { now: () => T(30) },
    logger: createMemoryLogger(),
    onWaitingChanged: (shop, variantIds) => void told.push([shop, variantIds]),
  });
  await repository.upsertVariants(
    SHOP,
    [1, 2].map((n) => ({
      variantId: variant(n),
      productId: "gid://shopify/Product/1",
      inventoryItemId: item(n),
      sku: null,
      tracked: true,
      inventoryPolicy: "CONTINUE" as const,
      asOf: T(0),
    })),
  );
  return { repository, engine, told, ...fake };
}

function order(n: number, minute: number, lines: [line: number, variant: number, qty: number][]) {
  return {
    orderId: toGid("Order", String(n)) as OrderGid,
    name: `#${n}`,
    createdAt: T(minute),
    updatedAt: T(minute),
    cancelled: false,
    tags: [],
    customer: null,
    lines: lines.map(([l, v, qty]) => ({
      lineItemId: toGid("LineItem", String(l)) as LineItemGid,
      variantId: variant(v),
      quantity: qty,
      currentQuantity: qty,
      fulfillableQuantity: qty,
      inventoryManagement: "shopify",
      title: null,
      variantTitle: null,
      sku: null,
    })),
  } satisfies IncomingOrder;
}

const level = (n: number, available: number, minute: number) => ({
  inventoryItemId: item(n),
  locationId: LOC,
  available,
  updatedAt: T(minute),
});

describe("the engine tells the promise services when waiting lines change", () => {
  it("names the variants whose waiting units moved, once each decision is stored, and nothing else", async () => {
    const s = await setup();
    await s.engine.applyInventoryLevel(SHOP, level(1, 4, 0), "l1");
    await s.engine.applyInventoryLevel(SHOP, level(2, -2, 1), "l2"); // 1 on hand, the order took 3
    expect(s.told).toEqual([]);

    // Variant 1 ships now (its queue does not move); two units of variant 2 start waiting.
    const o = order(1, 1, [
      [11, 1, 1],
      [12, 2, 3],
    ]);
    placeOnShopify(s, o);
    await s.engine.ingestOrder(SHOP, o, "w1");
    expect(s.told).toEqual([[SHOP, [variant(2)]]]);
    expect((await s.repository.getLine(SHOP, o.lines[1]!.lineItemId))?.status).toBe("backordered");

    // A re-delivery decides nothing new.
    await s.engine.ingestOrder(SHOP, o, "w1");
    expect(s.told).toHaveLength(1);

    // A restock covers the waiting units: the line leaves the queue.
    await s.engine.applyInventoryLevel(SHOP, level(2, 1, 5), "l3");
    expect(s.told).toEqual([
      [SHOP, [variant(2)]],
      [SHOP, [variant(2)]],
    ]);
    expect(await s.repository.getLine(SHOP, o.lines[1]!.lineItemId)).toMatchObject({
      quantity: 3,
      inStock: 1,
      allocated: 2,
    });
  });

  it("a cancelled waiting line leaves its variant's queue", async () => {
    const s = await setup();
    await s.engine.applyInventoryLevel(SHOP, level(2, -2, 1), "l1"); // nothing on hand, the order took 2
    const o = order(1, 1, [[21, 2, 2]]);
    placeOnShopify(s, o);
    await s.engine.ingestOrder(SHOP, o, "w1");
    expect(s.told).toEqual([[SHOP, [variant(2)]]]);
    await s.engine.ingestOrder(SHOP, { ...o, cancelled: true, updatedAt: T(3) }, "w2");
    expect(s.told).toEqual([
      [SHOP, [variant(2)]],
      [SHOP, [variant(2)]],
    ]);
  });
});
