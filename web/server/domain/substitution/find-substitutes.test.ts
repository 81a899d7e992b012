import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toGid, type ProductVariantGid } from "../shared/gid.js";
import type { CollectionGid, ProductGid } from "../selling-rules/index.js";
import { InvalidValueError } from "../shared/errors.js";
import {
  SUBSTITUTE_REASONS,
  findSubstitutes,
  type CatalogVariant,
  type SubstituteOptions,
  type SubstituteReason,
} from "./find-substitutes.js";
import { toMicros, withinBand } from "./money.js";

const vid = (n: number): ProductVariantGid => toGid("ProductVariant", String(n));
const pid = (n: number): ProductGid => toGid("Product", String(n));
const cid = (n: number): CollectionGid => toGid("Collection", String(n));

function variant(id: number, product: number, extra: Partial<CatalogVariant> = {}): CatalogVariant {
  return {
    variantId: vid(id),
    productId: pid(product),
    productTitle: `Product ${product}`,
    variantTitle: `Variant ${id}`,
    handle: `product-${product}`,
    productType: null,
    vendor: null,
    tags: [],
    collectionIds: [],
    options: [],
    price: "20.00",
    tracked: true,
    available: 10,
    inventoryPolicy: "DENY",
    ...extra,
  };
}

const opt = (pairs: Record<string, string>) =>
  Object.entries(pairs).map(([name, value]) => ({ name, value }));

/** A blue M tee, sold out. */
const TEE = variant(11, 1, {
  productType: "T-Shirt",
  vendor: "Acme",
  tags: ["cotton", "Summer"],
  collectionIds: [cid(100)],
  options: opt({ Color: "Blue", Size: "M" }),
  available: 0,
});
const TEE_FACTS = {
  productType: "T-Shirt",
  vendor: "Acme",
  tags: ["cotton", "Summer"],
  collectionIds: [cid(100)],
};

const CATALOG: CatalogVariant[] = [
  TEE,
  variant(12, 1, { ...TEE_FACTS, options: opt({ Color: "Red", Size: "M" }) }),
  variant(13, 1, { ...TEE_FACTS, options: opt({ Color: "Blue", Size: "L" }), price: "22.00" }),
  variant(14, 1, { ...TEE_FACTS, options: opt({ Color: "Blue", Size: "S" }), available: 0 }),
  variant(21, 2, { productType: " t-shirt", options: opt({ Size: "M" }), price: "24.00" }),
  variant(22, 2, { productType: " t-shirt", options: opt({ Size: "L" }), price: "20.00" }),
  variant(31, 3, { productType: "Hoodie", collectionIds: [cid(100)], price: "30.00" }),
  variant(41, 4, { productType: "Hat", tags: ["summer"], price: "15.00" }),
  variant(51, 5, { vendor: "ACME", price: "5.00" }),
  variant(61, 6, { productType: "Lamp", vendor: "Other", tags: ["home"] }),
  variant(71, 7, { productType: "T-Shirt", tracked: false, available: 0, price: "18.00" }),
  variant(81, 8, { productType: "T-Shirt", available: 0, inventoryPolicy: "CONTINUE" }),
];

const OPTIONS: SubstituteOptions = { picks: [], priceBand: null, limit: 20 };

type Row = [number, SubstituteReason];

const cases: [string, Partial<SubstituteOptions>, Row[]][] = [
  [
    "tiers in order: same product, type, collection, tags, vendor; sold-out and unrelated left out",
    {},
    [
      [12, "same_product"],
      [13, "same_product"],
      [21, "same_type"],
      [71, "same_type"],
      [31, "same_collection"],
      [41, "shared_tags"],
      [51, "same_vendor"],
    ],
  ],
  [
    "merchant picks first in merchant order; unknown, sold-out and the original itself are skipped",
    { picks: [vid(51), vid(31), vid(999), vid(14), vid(11), vid(51)], limit: 4 },
    [
      [51, "merchant_pick"],
      [31, "merchant_pick"],
      [12, "same_product"],
      [13, "same_product"],
    ],
  ],
  [
    "a ±10 % band keeps 18.00–22.00 (bounds included); another product is then offered through its in-band variant",
    { priceBand: { belowPercent: 10, abovePercent: 10 } },
    [
      [12, "same_product"],
      [13, "same_product"],
      [22, "same_type"],
      [71, "same_type"],
    ],
  ],
  [
    "picks ignore the price band",
    { picks: [vid(51)], priceBand: { belowPercent: 10, abovePercent: 10 }, limit: 2 },
    [
      [51, "merchant_pick"],
      [12, "same_product"],
    ],
  ],
  [
    "exclusions win over picks",
    { picks: [vid(51)], excludedVariantIds: [vid(12), vid(51)], excludedProductIds: [pid(2)] },
    [
      [13, "same_product"],
      [71, "same_type"],
      [31, "same_collection"],
      [41, "shared_tags"],
    ],
  ],
  [
    "variants that are themselves on backorder only when allowed, after the in-stock ones of their tier",
    { allowBackorderable: true, limit: 5 },
    [
      [12, "same_product"],
      [13, "same_product"],
      [21, "same_type"],
      [71, "same_type"],
      [81, "same_type"],
    ],
  ],
  [
    "limited to N",
    { limit: 3 },
    [
      [12, "same_product"],
      [13, "same_product"],
      [21, "same_type"],
    ],
  ],
  ["a limit of 0 gives nothing", { limit: 0 }, []],
];

describe("findSubstitutes", () => {
  it.each(cases)("%s", (_name, options, expected) => {
    const result = findSubstitutes(TEE, CATALOG, { ...OPTIONS, ...options });
    expect(result.map((s): Row => [Number(s.variant.variantId.split("/").pop()), s.reason])).toEqual(
      expected,
    );
  });

  it("same-product variants sharing more options with the original rank first", () => {
    const sized = [
      TEE,
      variant(15, 1, { options: opt({ Color: "Green", Size: "L" }), price: "20.00" }),
      variant(16, 1, { options: opt({ Color: "Green", Size: "M" }), price: "25.00" }),
    ];
    expect(findSubstitutes(TEE, sized, OPTIONS).map((s) => s.variant.variantId)).toEqual([vid(16), vid(15)]);
  });

  it("marks in-stock substitutes", () => {
    const [first] = findSubstitutes(TEE, CATALOG, {
      ...OPTIONS,
      allowBackorderable: true,
      excludedVariantIds: [vid(12), vid(13), vid(21), vid(22), vid(71)],
    });
    expect(first).toMatchObject({ reason: "same_type", inStock: false, variant: { variantId: vid(81) } });
  });

  it.each<[string, () => unknown]>([
    ["a negative limit", () => findSubstitutes(TEE, CATALOG, { ...OPTIONS, limit: -1 })],
    [
      "a band above 100 % below",
      () => findSubstitutes(TEE, CATALOG, { ...OPTIONS, priceBand: { belowPercent: 101, abovePercent: 0 } }),
    ],
    ["a float price", () => findSubstitutes(TEE, [TEE, variant(12, 1, { price: "1e3" })], OPTIONS)],
    ["a variant listed twice", () => findSubstitutes(TEE, [TEE, TEE], OPTIONS)],
  ])("rejects %s", (_name, run) => {
    expect(run).toThrow(InvalidValueError);
  });
});

describe("money", () => {
  it.each([
    ["12.00", 12_000_000n],
    ["12", 12_000_000n],
    ["0.5", 500_000n],
    ["1500", 1_500_000_000n],
    ["19.999", 19_999_000n],
  ])("%s → %s micros", (amount, micros) => {
    expect(toMicros(amount)).toBe(micros);
  });

  it.each(["-1.00", "12,00", "", "1.1234567", "NaN"])("rejects %j", (amount) => {
    expect(() => toMicros(amount)).toThrow(InvalidValueError);
  });

  it("band bounds are inclusive and exact", () => {
    const band = { belowPercent: 10, abovePercent: 10 };
    expect(withinBand(toMicros("18.00"), toMicros("20.00"), band)).toBe(true);
    expect(withinBand(toMicros("17.99"), toMicros("20.00"), band)).toBe(false);
    expect(withinBand(toMicros("22.00"), toMicros("20.00"), band)).toBe(true);
    expect(withinBand(toMicros("22.000001"), toMicros("20.00"), band)).toBe(false);
  });
});

describe("properties", () => {
  const arbVariant = fc
    .record({
      id: fc.integer({ min: 12, max: 80 }),
      product: fc.integer({ min: 1, max: 8 }),
      productType: fc.constantFrom(null, "T-Shirt", "Hat"),
      vendor: fc.constantFrom(null, "Acme", "Other"),
      tags: fc.subarray(["cotton", "summer", "home"]),
      collections: fc.subarray([100, 200]),
      size: fc.constantFrom("S", "M", "L"),
      price: fc
        .integer({ min: 100, max: 5000 })
        .map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`),
      tracked: fc.boolean(),
      available: fc.integer({ min: -3, max: 3 }),
      policy: fc.constantFrom("CONTINUE" as const, "DENY" as const),
    })
    .map((r) =>
      variant(r.id, r.product, {
        productType: r.productType,
        vendor: r.vendor,
        tags: r.tags,
        collectionIds: r.collections.map(cid),
        options: opt({ Size: r.size }),
        price: r.price,
        tracked: r.tracked,
        available: r.available,
        inventoryPolicy: r.policy,
      }),
    );
  const arbCatalog = fc.uniqueArray(arbVariant, { selector: (v) => v.variantId, maxLength: 25 });
  const arbOptions = fc.record({
    picks: fc.array(fc.integer({ min: 11, max: 80 }).map(vid), { maxLength: 5 }),
    excludedVariantIds: fc.array(fc.integer({ min: 12, max: 80 }).map(vid), { maxLength: 5 }),
    excludedProductIds: fc.array(fc.integer({ min: 2, max: 8 }).map(pid), { maxLength: 2 }),
    priceBand: fc.option(fc.record({ belowPercent: fc.nat(100), abovePercent: fc.nat(200) }), { nil: null }),
    limit: fc.nat(12),
    allowBackorderable: fc.boolean(),
  });

  it("only sellable, non-excluded variants other than the original; at most N; tiers in order; picks in merchant order", () => {
    fc.assert(
      fc.property(arbCatalog, arbOptions, (others, options) => {
        const catalog = [TEE, ...others];
        const result = findSubstitutes(TEE, catalog, options);
        expect(result.length).toBeLessThanOrEqual(options.limit);
        expect(new Set(result.map((s) => s.variant.variantId)).size).toBe(result.length);
        result.forEach((s, i) => {
          const v = s.variant;
          expect(v.variantId).not.toBe(TEE.variantId);
          expect(options.excludedVariantIds).not.toContain(v.variantId);
          expect(options.excludedProductIds).not.toContain(v.productId);
          const inStock = !v.tracked || v.available > 0;
          expect(inStock || (options.allowBackorderable && v.inventoryPolicy === "CONTINUE")).toBe(true);
          expect(s.inStock).toBe(inStock);
          const previous = result[i - 1];
          if (previous)
            expect(SUBSTITUTE_REASONS.indexOf(s.reason)).toBeGreaterThanOrEqual(
              SUBSTITUTE_REASONS.indexOf(previous.reason),
            );
          if (s.reason !== "merchant_pick" && options.priceBand) {
            expect(withinBand(toMicros(v.price), toMicros(TEE.price), options.priceBand)).toBe(true);
          }
        });
        const picked = result
          .filter((s) => s.reason === "merchant_pick")
          .map((s) => options.picks.indexOf(s.variant.variantId));
        expect(picked).toEqual([...picked].sort((a, b) => a - b));
      }),
    );
  });

  it("the catalog's order does not matter", () => {
    fc.assert(
      fc.property(arbCatalog, arbOptions, fc.func(fc.integer()), (others, options, key) => {
        const catalog = [TEE, ...others];
        const shuffled = [...catalog].sort((a, b) => key(a.variantId) - key(b.variantId) || compareIds(a, b));
        const ids = (c: CatalogVariant[]) =>
          findSubstitutes(TEE, c, options).map((s) => [s.variant.variantId, s.reason]);
        expect(ids(shuffled)).toEqual(ids(catalog));
      }),
    );
  });
});

function compareIds(a: CatalogVariant, b: CatalogVariant): number {
  return a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0;
}
