/**
 * What the backorder engine needs from Shopify's Admin API. Implemented by adapters/shopify/backorder-shopify.ts;
 * every method is at most one HTTP request, so a use case's call count is visible here.
 */
import type { OrderMetafield } from "../../domain/backorder/index.js";
import type { PlanFulfillmentOrder, PlannedHold } from "../../domain/backorder/sync-plan.js";
import type { InventoryItemGid, LocationGid, OrderGid, ProductVariantGid } from "../../domain/shared/gid.js";
import type { ShopDomain } from "../ports.js";
import type { IncomingOrder } from "./ingest-order.js";
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
  readVariants(
    shop: ShopDomain,
    variantIds: ProductVariantGid[],
  ): Promise<Omit<VariantInfo, "asOf" | "sku">[]>;
  /**
   * null when the order does not exist (deleted). `size.lines`: the lines Waitwell knows of the order, so the read
   * asks for about as many line items as it will get (Shopify checks the requested cost against the bucket before
   * running a query, REFERENCE 2.4); the adapter reads again, larger, if a connection has more.
   */
  readOrderForSync(
    shop: ShopDomain,
    orderId: string,
    size?: { lines: number },
  ): Promise<ShopifyOrderForSync | null>;
  /** One mutation request; userErrors become ShopifyUserError. Returns the hold placed, if any. */
  write(
    shop: ShopDomain,
    write: BackorderWrite,
  ): Promise<{ holdId: string; fulfillmentOrderId: string } | null>;
}

/**
 * Runs a batch of Admin calls to one shop (a writer's turn, an order sync's write round) on one read of the shop's
 * session (its access token), instead of one per call. The next batch reads it again, so a new token or an uninstall
 * is seen there. A batch opened inside a batch of the same shop is part of it (no read of its own). Opening a batch
 * makes no request.
 */
export type AdminSessionScope = <T>(shop: ShopDomain, task: () => Promise<T>) => Promise<T>;

// ---------------------------------------------------------------- reconciliation (reconcile.ts)

/** An order's identity and last change: enough to tell whether our copy is behind. */
export interface ShopifyOrderStamp {
  orderId: OrderGid;
  /**
   * Shopify stamps updated_at to the second, so a cancellation in the same second as the change we hold looks
   * unchanged by its stamp: `cancelled` is compared on its own.
   */
  updatedAt: Date;
  cancelled: boolean;
  /** Closed (archived): with `cancelled`, an order we never saw in this state has nothing for the engine. */
  closed: boolean;
}

/** An order read in full, shaped as the webhook path ingests it. `linesCursor`: more lines than one read holds. */
export interface ShopifyReconcileOrder {
  order: IncomingOrder;
  linesCursor: string | null;
}

export interface ShopifyLevelRead {
  locationId: LocationGid;
  available: number;
  /** Shopify's updated_at of the level (its `available` quantity). */
  updatedAt: Date;
}

export interface ShopifyItemLevels {
  inventoryItemId: InventoryItemGid;
  levels: ShopifyLevelRead[];
  /** More locations than one read holds. */
  levelsCursor: string | null;
}

/**
 * What reconciliation re-reads from Shopify. Implemented by adapters/shopify/backorder-reconcile-shopify.ts. Every
 * method is ONE request; `batch` says how many ids one request takes (the adapter sizes them under the 1000-point
 * query cost limit), so the use case's call count is visible here.
 */
export interface BackorderReconcileShopify {
  readonly batch: { orderStamps: number; orders: number; items: number };
  /** Orders changed at or after `since` (any status), oldest change first, one page. */
  listOrdersUpdatedSince(
    shop: ShopDomain,
    since: Date,
    cursor: string | null,
  ): Promise<{ orders: ShopifyOrderStamp[]; nextCursor: string | null }>;
  /** Stamps of these orders; orders Shopify does not return (deleted, out of reach) are left out. */
  readOrderStamps(shop: ShopDomain, orderIds: string[]): Promise<ShopifyOrderStamp[]>;
  /** These orders in full; orders Shopify does not return are left out. */
  readOrders(shop: ShopDomain, orderIds: string[]): Promise<ShopifyReconcileOrder[]>;
  /** The next page of an order's lines. */
  readOrderLines(
    shop: ShopDomain,
    orderId: string,
    cursor: string,
  ): Promise<{ lines: IncomingOrder["lines"]; nextCursor: string | null }>;
  /** Every location's `available` of these inventory items (first page); unknown items are left out. */
  readInventoryLevels(shop: ShopDomain, inventoryItemIds: InventoryItemGid[]): Promise<ShopifyItemLevels[]>;
  /** The next page of an item's levels. */
  readMoreInventoryLevels(
    shop: ShopDomain,
    inventoryItemId: string,
    cursor: string,
  ): Promise<{ levels: ShopifyLevelRead[]; nextCursor: string | null }>;
}
