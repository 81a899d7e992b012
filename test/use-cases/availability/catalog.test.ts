import { describe, expect, it } from "vitest";
import {
  SETTINGS,
  SHOP,
  pid,
  product,
  createAvailabilityWorld,
  variant,
  vid,
} from "../../support/availability.js";

describe("catalog mirror from products/update payloads", () => {
  it("takes a known product from the payload at no Admin API cost, keeping its collections", async () => {
    const w = createAvailabilityWorld();
    w.shopify.seed(SHOP, [product(1, [variant(11)], { collectionIds: ["gid://shopify/Collection/9"] })]);
    await w.services.catalog.refresh(SHOP);
    const before = w.shopify.calls.length;
    const { collectionIds: _dropped, ...payload } = product(1, [variant(11, { available: 2 })], {
      title: "Trail Boot v2",
    });
    await w.services.onProductsChanged(SHOP, [pid(1)], [{ ...payload, asOf: w.clock.now() }]);
    expect(w.shopify.calls.slice(before)).toEqual([]);
    const stored = (await w.repository.listProducts(SHOP)).find((p) => p.productId === pid(1))!;
    expect(stored).toMatchObject({
      title: "Trail Boot v2",
      collectionIds: ["gid://shopify/Collection/9"],
      variants: [expect.objectContaining({ available: 2 })],
    });
  });

  it("reads a product the mirror has never seen (its collections are not in the payload)", async () => {
    const w = createAvailabilityWorld();
    await w.services.catalog.refresh(SHOP);
    w.shopify.seed(SHOP, [product(7, [variant(71)], { collectionIds: ["gid://shopify/Collection/3"] })]);
    const { collectionIds: _none, ...payload } = product(7, [variant(71)]);
    const before = w.shopify.calls.length;
    await w.services.onProductsChanged(SHOP, [pid(7)], [{ ...payload, asOf: w.clock.now() }]);
    expect(w.shopify.calls.slice(before).map((c) => c.op)).toContain("readProducts");
    const stored = (await w.repository.listProducts(SHOP)).find((p) => p.productId === pid(7))!;
    expect(stored.collectionIds).toEqual(["gid://shopify/Collection/3"]);
  });
});

describe("re-evaluation after products/update", () => {
  async function governedWorld() {
    const w = createAvailabilityWorld();
    w.shopify.seed(SHOP, [product(1, [variant(11, { available: 5 }), variant(12, { available: 3 })])]);
    await w.services.catalog.refresh(SHOP);
    await w.services.rules.create(SHOP, { scope: { kind: "shop" }, priority: 0, settings: SETTINGS });
    await w.services.onVariantsChanged(SHOP, [vid(11), vid(12)]);
    const update = async (
      variants: ReturnType<typeof variant>[],
      extra: Parameters<typeof product>[2] = {},
    ) => {
      const { collectionIds: _c, ...payload } = product(1, variants, extra);
      const before = w.shopify.calls.length;
      await w.services.onProductsChanged(SHOP, [pid(1)], [{ ...payload, asOf: w.clock.now() }]);
      return w.shopify.calls.slice(before).map((c) => c.op);
    };
    return { w, update };
  }

  it.each<[string, ReturnType<typeof variant>[], Parameters<typeof product>[2], boolean]>([
    [
      "a stock count that stays in stock",
      [variant(11, { available: 4 }), variant(12, { available: 3 })],
      {},
      false,
    ],
    ["a variant selling out", [variant(11, { available: 0 }), variant(12, { available: 3 })], {}, true],
    [
      "a new title",
      [variant(11, { available: 5 }), variant(12, { available: 3 })],
      { title: "Trail Boot v2" },
      true,
    ],
    [
      "a policy changed in Shopify",
      [variant(11, { available: 5, inventoryPolicy: "CONTINUE" }), variant(12, { available: 3 })],
      {},
      true,
    ],
  ])("%s: re-evaluated (a live read) %s", async (_, variants, extra, reevaluated) => {
    const { update } = await governedWorld();
    const ops = await update(variants, extra);
    expect(ops.includes("readVariants")).toBe(reevaluated);
  });
});

describe("a products/update payload older than the mirror's copy", () => {
  it("is not stored and re-evaluates nothing, whatever it says", async () => {
    const w = createAvailabilityWorld();
    w.shopify.seed(SHOP, [product(1, [variant(11, { available: 5 })])]);
    await w.services.catalog.refresh(SHOP);
    await w.services.rules.create(SHOP, { scope: { kind: "shop" }, priority: 0, settings: SETTINGS });
    await w.services.onVariantsChanged(SHOP, [vid(11)]);
    const { collectionIds: _c, ...stale } = product(
      1,
      [variant(11, { available: 0, inventoryPolicy: "CONTINUE" })],
      {
        title: "Old title",
      },
    );
    const before = w.shopify.calls.length;
    await w.services.onProductsChanged(
      SHOP,
      [pid(1)],
      [{ ...stale, asOf: new Date(w.clock.now().getTime() - 1) }],
    );
    expect(w.shopify.calls.slice(before)).toEqual([]);
    expect((await w.repository.listProducts(SHOP))[0]).toMatchObject({ title: "Product 1" });
  });
});

describe("a batch of products/update and inventory level rows", () => {
  async function governedWorld() {
    const w = createAvailabilityWorld();
    w.shopify.seed(SHOP, [
      product(1, [variant(11), variant(12)]),
      product(2, [variant(21)]),
      product(3, [variant(31)]),
    ]);
    await w.services.catalog.refresh(SHOP);
    await w.services.rules.create(SHOP, { scope: { kind: "shop" }, priority: 0, settings: SETTINGS });
    await w.services.onVariantsChanged(SHOP, [vid(11), vid(12), vid(21), vid(31)]);
    return w;
  }
  const payload = (p: ReturnType<typeof product>) => {
    const { collectionIds: _c, ...rest } = p;
    return rest;
  };

  it("mirrors the payloads, re-reads a product named without one, and re-evaluates the changed variants together", async () => {
    const w = await governedWorld();
    const before = w.shopify.calls.length;
    await w.services.onProductsChanged(
      SHOP,
      [pid(1), pid(2), pid(3)],
      [
        // Product 1 sells out (changed); product 2's count stays in stock (unchanged); product 3 has no payload.
        { ...payload(product(1, [variant(11, { available: 0 }), variant(12)])), asOf: w.clock.now() },
        { ...payload(product(2, [variant(21, { available: 4 })])), asOf: w.clock.now() },
      ],
    );
    const calls = w.shopify.calls.slice(before);
    expect(calls.filter((c) => c.op === "readProducts").map((c) => c.detail)).toEqual([[pid(3)]]);
    expect(calls.filter((c) => c.op === "readVariants").map((c) => c.detail)).toEqual([
      [vid(11), vid(12), vid(31)],
    ]);
    const stored = await w.repository.listProducts(SHOP);
    expect(stored.find((p) => p.productId === pid(2))!.variants[0]!.available).toBe(4);
  });

  it("re-evaluates the variants of several inventory items in one evaluation", async () => {
    const w = await governedWorld();
    const before = w.shopify.calls.length;
    await w.services.onInventoryItemsChanged(SHOP, [
      "gid://shopify/InventoryItem/21",
      "gid://shopify/InventoryItem/11",
      "gid://shopify/InventoryItem/99",
    ]);
    expect(
      w.shopify.calls
        .slice(before)
        .filter((c) => c.op === "readVariants")
        .map((c) => c.detail),
    ).toEqual([[vid(11), vid(21)]]);
    expect(await w.services.onInventoryItemsChanged(SHOP, [])).toBeNull();
  });
});
