/**
 * What the backorder engine needs from Shopify's Admin API. Implemented by adapters/shopify/backorder-shopify.ts;
 * every method is at most one HTTP request, so a use case's call count is visible here.
 */
import type { OrderMetafield } from "../../domain/backorder/index.js";
import type { PlanFulfillmentOrder, PlannedHold } from "../../domain/backorder/sync-plan.js";
import type { ShopDomain } from "../ports.js";
import type { VariantInfo } from "./ports.js";

export interface ShopifyOrderForSync {
  tags: string[];
  /** The raw metafield value, null when the order has none. */
  metafieldValue: string | null;
  fulfillmentOrders: PlanFulfillmentOrder[];
}

/** One request's worth of writes: order-level changes and at most one fulfillment order's release and hold. */
export interface BackorderWrite {
  orderId: string;
  tagsAdd: string[];
  tagsRemove: string[];
  metafield: OrderMetafield | null;
  fulfillmentOrderId: string | null;
  releaseHoldIds: string[];
  hold: PlannedHold | null;
}

export interface BackorderShopify {
  /** One batched read; variants Shopify does not know are left out. */
  readVariants(shop: ShopDomain, variantIds: string[]): Promise<Omit<VariantInfo, "asOf" | "sku">[]>;
  /** null when the order does not exist (deleted). */
  readOrderForSync(shop: ShopDomain, orderId: string): Promise<ShopifyOrderForSync | null>;
  /** One mutation request; userErrors become ShopifyUserError. Returns the hold placed, if any. */
  write(
    shop: ShopDomain,
    write: BackorderWrite,
  ): Promise<{ holdId: string; fulfillmentOrderId: string } | null>;
}
