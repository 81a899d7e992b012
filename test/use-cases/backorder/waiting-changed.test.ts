import { describe, expect, it } from "vitest";
import { MemoryBackorderRepository } from "../../../web/server/adapters/memory/backorder-repository.js";
import { createMemoryLogger } from "../../../web/server/adapters/logger.js";
import { DEFAULT_SHOP_SETTINGS } from "../../../web/server/use-cases/ports.js";
import { createBackorderEngine } from "../../../web/server/use-cases/backorder/index.js";
import {
  ENGINE_SHOP as SHOP,
  T,
  engineLevel as level,
  engineOrder as order,
  fakeBackorderShopify,
  itemGid as item,
  placeOnShopify,
  variantGid as variant,
} from "../../support/backorder-fakes.js";

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

describe("the engine tells the availability services when waiting lines change", () => {
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
