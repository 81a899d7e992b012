import type { ProductGid } from "../domain/selling-rules/index.js";
import type { AvailabilityServices } from "./availability/index.js";
import type { MirroredProduct } from "./availability/ports.js";
import type { BackorderEngine } from "./backorder/index.js";
import type { VariantInfo } from "./backorder/ports.js";
import type { createNoteShopEvent } from "./note-shop-event.js";
import type { ShopDomain } from "./ports.js";
import type { WebhookLane } from "./webhook-handlers.js";

/** A product as products/update reports it, in the shapes the two subsystems keep. */
export interface ProductUpdate {
  shop: ShopDomain;
  topic: string;
  productId: ProductGid;
  /** For the log: how many variants, and how many sell on when out of stock. */
  variantCount: number;
  continueSelling: number;
  /** The backorder engine's variant mirror (variants with an inventory item). */
  variants: VariantInfo[];
  /**
   * The catalog mirror's copy (collections excepted: the mirror keeps its own); null when the payload lacks what the
   * mirror needs (a trimmed payload): the product is then re-read from the Admin API.
   */
  catalogProduct: Omit<MirroredProduct, "collectionIds"> | null;
}

export interface ProductUpdatedDeps {
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
  /** The backorder engine; absent in tests of the intake alone. */
  backorders?: Pick<BackorderEngine, "updateVariants"> | undefined;
  /** Storefront availability; absent in tests of the intake alone. */
  availability?: Pick<AvailabilityServices, "onProductsChanged"> | undefined;
}

/**
 * Products changed (one, or a shop's batch): the backorder engine's variant mirror is refreshed (so orders for these
 * variants need no Admin read), then the products in the catalog mirror, and the storefront availability of their
 * variants is re-evaluated. A batch costs what one product costs: one write to each mirror and one evaluation.
 */
function createProductsUpdated(deps: ProductUpdatedDeps) {
  return async function productsUpdated(shop: ShopDomain, updates: ProductUpdate[]): Promise<void> {
    for (const update of updates) {
      await deps.noteShopEvent({
        shop,
        topic: update.topic,
        resourceId: update.productId,
        summary: { variants: update.variantCount, continueSelling: update.continueSelling },
      });
    }
    await deps.backorders?.updateVariants(
      shop,
      updates.flatMap((u) => u.variants),
    );
    // A stock move fires products/update too: taking the product from the payload costs no Admin API call.
    await deps.availability?.onProductsChanged(
      shop,
      updates.map((u) => u.productId),
      updates.flatMap((u) => (u.catalogProduct ? [u.catalogProduct] : [])),
    );
  };
}

/** One products/update row handled alone (batching off). */
export function createProductUpdated(deps: ProductUpdatedDeps) {
  const productsUpdated = createProductsUpdated(deps);
  return function productUpdated(update: ProductUpdate): Promise<void> {
    return productsUpdated(update.shop, [update]);
  };
}

export type ProductUpdated = ReturnType<typeof createProductUpdated>;

/**
 * products/update rows of one shop claimed together, handled as one batch. If the batch fails, each product is
 * handled alone, so only the rows that fail again are retried (every step is idempotent: the mirrors never take an
 * older copy over a newer one, and the evaluation writes only what differs from what Shopify has).
 */
export function createProductsLane(deps: ProductUpdatedDeps): WebhookLane<ProductUpdate> {
  const productsUpdated = createProductsUpdated(deps);
  return {
    async handleAll(shop: ShopDomain, items: ProductUpdate[]): Promise<(unknown | null)[]> {
      try {
        await productsUpdated(shop, items);
        return items.map(() => null);
      } catch (e) {
        if (items.length === 1) return [e];
        const failures: (unknown | null)[] = [];
        for (const item of items) {
          failures.push(
            await productsUpdated(shop, [item]).then(
              () => null,
              (error: unknown) => error,
            ),
          );
        }
        return failures;
      }
    },
  };
}
