/**
 * The products lane: a shop's products/update rows claimed together cost one write to each mirror and one
 * evaluation; when that fails, each product again on its own, so only a row that fails by itself is retried.
 */
import { describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../web/server/adapters/logger.js";
import { createNoteShopEvent } from "../../web/server/use-cases/note-shop-event.js";
import {
  createProductsLane,
  createProductUpdated,
  type ProductUpdate,
} from "../../web/server/use-cases/product-updated.js";

const SHOP = "lane.myshopify.com" as const;
const pid = (n: number) => `gid://shopify/Product/${n}` as const;

function update(n: number, withPayload = true): ProductUpdate {
  const variant = {
    variantId: `gid://shopify/ProductVariant/${n * 10}` as const,
    productId: pid(n),
    inventoryItemId: `gid://shopify/InventoryItem/${n * 10}` as const,
    sku: null,
    tracked: true,
    inventoryPolicy: "DENY" as const,
    asOf: new Date(Date.UTC(2026, 11, 7)),
  };
  return {
    shop: SHOP,
    topic: "products/update",
    productId: pid(n),
    variantCount: 1,
    continueSelling: 0,
    variants: [variant],
    catalogProduct: withPayload
      ? {
          productId: pid(n),
          title: `Product ${n}`,
          handle: `product-${n}`,
          vendor: null,
          productType: null,
          tags: [],
          variants: [],
          asOf: new Date(Date.UTC(2026, 11, 7)),
        }
      : null,
  };
}

function deps(failing: { batch: boolean; products: Set<string> }) {
  const seen = { engine: [] as string[][], availability: [] as [string[], string[]][] };
  const short = (id: string) => id.replace(/^gid:\/\/shopify\/\w+\//, "");
  return {
    seen,
    deps: {
      noteShopEvent: createNoteShopEvent({ logger: createMemoryLogger() }),
      backorders: {
        updateVariants: async (_shop: string, variants: { variantId: string }[]) => {
          seen.engine.push(variants.map((v) => short(v.variantId)));
        },
      },
      availability: {
        onProductsChanged: async (
          _shop: string,
          productIds: string[],
          fromPayload: { productId: string }[] = [],
        ) => {
          seen.availability.push([productIds.map(short), fromPayload.map((p) => short(p.productId))]);
          const fails = productIds.length > 1 ? failing.batch : failing.products.has(productIds[0]!);
          if (fails) throw new Error(`${productIds.map(short).join()} failed`);
          return {
            evaluated: 0,
            policyUpdates: [],
            metafieldCalls: 0,
            metafieldsWritten: 0,
            promisesCreated: 0,
            slips: 0,
          };
        },
      },
    },
  };
}

describe("products/update", () => {
  it("handles the rows of a batch together: one write to each mirror, one evaluation", async () => {
    const { seen, deps: d } = deps({ batch: false, products: new Set() });
    const failures = await createProductsLane(d).handleAll(SHOP, [update(1), update(2, false), update(3)]);
    expect(failures).toEqual([null, null, null]);
    expect(seen.engine).toEqual([["10", "20", "30"]]);
    expect(seen.availability).toEqual([
      [
        ["1", "2", "3"],
        ["1", "3"],
      ],
    ]);
  });

  it("after a failed batch, handles each product on its own: only the one that fails again is retried", async () => {
    const { seen, deps: d } = deps({ batch: true, products: new Set([pid(2)]) });
    const failures = await createProductsLane(d).handleAll(SHOP, [update(1), update(2), update(3)]);
    expect(failures.map((f) => (f instanceof Error ? f.message : f))).toEqual([null, "2 failed", null]);
    expect(seen.availability.map(([ids]) => ids)).toEqual([["1", "2", "3"], ["1"], ["2"], ["3"]]);
  });

  it("handles a row alone as a batch of one", async () => {
    const { seen, deps: d } = deps({ batch: false, products: new Set() });
    await createProductUpdated(d)(update(4, false));
    expect(seen.availability).toEqual([[["4"], []]]);
  });
});
