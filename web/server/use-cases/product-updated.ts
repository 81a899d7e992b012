import type { ProductGid } from "../domain/selling-rules/index.js";
import type { AvailabilityServices } from "./availability/index.js";
import type { MirroredProduct } from "./availability/ports.js";
import type { BackorderEngine } from "./backorder/index.js";
import type { VariantInfo } from "./backorder/ports.js";
import type { createNoteShopEvent } from "./note-shop-event.js";
import type { ShopDomain } from "./ports.js";

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
 * A product changed: the backorder engine's variant mirror is refreshed (so orders for these variants need no Admin
 * read), then the product in the catalog mirror, and its variants' storefront availability is re-evaluated.
 */
export function createProductUpdated(deps: ProductUpdatedDeps) {
  return async function productUpdated(update: ProductUpdate): Promise<void> {
    const { shop, productId } = update;
    await deps.noteShopEvent({
      shop,
      topic: update.topic,
      resourceId: productId,
      summary: { variants: update.variantCount, continueSelling: update.continueSelling },
    });
    await deps.backorders?.updateVariants(shop, update.variants);
    // A stock move fires products/update too: taking the product from the payload costs no Admin API call.
    await deps.availability?.onProductsChanged(
      shop,
      [productId],
      update.catalogProduct ? [update.catalogProduct] : undefined,
    );
  };
}

export type ProductUpdated = ReturnType<typeof createProductUpdated>;
