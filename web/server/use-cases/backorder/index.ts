/**
 * The backorder engine's use cases, built once by main.ts: order ingestion, inventory levels, the variant mirror
 * and the order sync to Shopify. Every entry point runs under a per-shop lock (ShopLock, ports.ts): a pool is read,
 * decided and stored as one step, so two webhooks of one shop never decide the same pool from the same stale read.
 * The default lock serialises one process; main.ts passes one that spans processes when they share PostgreSQL.
 */
import type { Clock, Logger, ShopDomain, ShopRepository } from "../ports.js";
import { createApplyInventoryLevel, type InventoryLevelUpdate } from "./apply-inventory-level.js";
import { createIngestOrder, type IncomingOrder } from "./ingest-order.js";
import { createKeyedLock } from "./keyed-lock.js";
import type { BackorderRepository, ShopLock, StoredLine, VariantInfo } from "./ports.js";
import type { Cause } from "../../domain/backorder/index.js";
import { createReallocate } from "./reallocate.js";
import { createReconcile, type ReconcileOptions, type ReconcileReport } from "./reconcile.js";
import type { BackorderReconcileShopify, BackorderShopify } from "./shopify-port.js";
import { createStaffActions, type AllocationPreview, type PreviewTarget } from "./staff.js";
import { createLineEvents, type CareLineEvent } from "./line-events.js";
import { createRefreshPromises, createSyncOrder, type LineEtaSource } from "./sync-order.js";
import { createUpdateVariants } from "./update-variants.js";

export { ALL_LOCATIONS, aggregateLevels } from "./pools.js";
export { createKeyedLock } from "./keyed-lock.js";
export type { IncomingOrder } from "./ingest-order.js";
export type { LineEtaSource } from "./sync-order.js";
export type { CareLineEvent } from "./line-events.js";
export type { ShopLock } from "./ports.js";
export type { InventoryLevelUpdate } from "./apply-inventory-level.js";
export type { BackorderShopify, BackorderWrite, ShopifyOrderForSync } from "./shopify-port.js";
export type { BackorderReconcileShopify } from "./shopify-port.js";
export { DEFAULT_RECONCILE_LOOKBACK_MS, type ReconcileOptions, type ReconcileReport } from "./reconcile.js";
export type { BulkAction, BulkOutcome, BulkLineOutcome, BulkSkipReason } from "./bulk-actions.js";
export { BULK_MAX_LINES } from "./bulk-actions.js";
export {
  createBackorderAdmin,
  type AllocationPreview,
  type BackorderAdmin,
  type LineQuery,
  type LineView,
  type PreviewTarget,
} from "./staff.js";

export interface BackorderEngineDeps {
  repository: BackorderRepository;
  shopify: BackorderShopify;
  shops: Pick<ShopRepository, "get">;
  clock: Clock;
  logger: Logger;
  /**
   * Told after a decision is stored which variants' waiting lines changed (their ETAs and promises move). Called
   * inside the shop's lock, so it must not wait for anything: main.ts hands it to the availability-sync job.
   */
  onWaitingChanged?: (shop: ShopDomain, variantIds: string[]) => void;
  /** The reads reconciliation needs (reconcile.ts); without them `reconcile` refuses to run. */
  reconcileShopify?: BackorderReconcileShopify;
  /**
   * Serialises each shop's steps. Default: an in-process lock, right for one process (SQLite). Processes sharing a
   * PostgreSQL database need one that spans them (adapters/prisma/shop-lock.ts).
   */
  lock?: ShopLock;
  /** The promises of waiting lines, written into the order metafield (use-cases/availability keeps them). */
  lineEtas?: LineEtaSource;
}

export interface BackorderEngine {
  ingestOrder(shop: ShopDomain, order: IncomingOrder, webhookId: string): Promise<"stale" | "ingested">;
  applyInventoryLevel(
    shop: ShopDomain,
    level: InventoryLevelUpdate,
    webhookId: string,
  ): Promise<"stale" | "applied">;
  updateVariants(shop: ShopDomain, variants: VariantInfo[]): Promise<void>;
  syncOrder(shop: ShopDomain, orderId: string): Promise<"up_to_date" | "no_api" | "synced">;
  /** These lines' promises moved: re-writes the metafield of the orders that now read differently. */
  refreshPromises(shop: ShopDomain, lineItemIds: string[]): Promise<string[]>;
  /** Customer care: a note on a line, or the customer's new open quantity (line-events.ts). */
  applyLineEvent(
    shop: ShopDomain,
    lineItemId: string,
    event: CareLineEvent,
    cause: Cause,
  ): Promise<StoredLine>;
  // ---- staff actions (staff.ts)
  reprioritise(
    shop: ShopDomain,
    lineItemId: string,
    priority: number | null,
    staffRef: string,
  ): Promise<StoredLine>;
  allocate(shop: ShopDomain, lineItemId: string, units: number, staffRef: string): Promise<StoredLine>;
  previewAllocation(shop: ShopDomain, target: PreviewTarget, arriving: number): Promise<AllocationPreview>;
  /** Re-reads Shopify and repairs what missed webhooks left behind; takes the lock step by step, not for the run. */
  reconcile(shop: ShopDomain, cause: Cause, options?: ReconcileOptions): Promise<ReconcileReport>;
  /** The allocation rules changed: re-decides every pool with open lines under them. */
  reallocate(shop: ShopDomain, cause: Cause): Promise<{ items: number; orders: number }>;
}

export function createBackorderEngine(deps: BackorderEngineDeps): BackorderEngine {
  const shopLock = deps.lock ?? createKeyedLock();
  const lock = <T>(shop: ShopDomain, task: () => Promise<T>) => shopLock.run(shop, task);
  const syncOrder = createSyncOrder(deps);
  const refreshPromises = createRefreshPromises({ ...deps, syncOrder });
  const syncEach = async (shop: ShopDomain, orderIds: string[]) => {
    for (const id of orderIds) await syncOrder(shop, id);
  };
  const applyLineEvent = createLineEvents({ ...deps, syncOrders: syncEach });
  const syncOrders = async (shop: ShopDomain, orderIds: string[]) => {
    for (const id of orderIds) await syncOrder(shop, id);
  };
  const ingestOrder = createIngestOrder({ ...deps, syncOrders });
  const applyInventoryLevel = createApplyInventoryLevel({ ...deps, syncOrders });
  const updateVariants = createUpdateVariants(deps);
  const staff = createStaffActions({ ...deps, syncOrders });
  const reallocate = createReallocate({ ...deps, syncOrders });
  const { reconcileShopify } = deps;
  const reconcile = reconcileShopify ? createReconcile({ ...deps, reconcileShopify, lock: shopLock }) : null;
  return {
    ingestOrder: (shop, order, webhookId) => lock(shop, () => ingestOrder(shop, order, webhookId)),
    applyInventoryLevel: (shop, level, webhookId) =>
      lock(shop, () => applyInventoryLevel(shop, level, webhookId)),
    updateVariants: (shop, variants) => lock(shop, () => updateVariants(shop, variants)),
    syncOrder: (shop, orderId) => lock(shop, () => syncOrder(shop, orderId)),
    refreshPromises: (shop, lineItemIds) => lock(shop, () => refreshPromises(shop, lineItemIds)),
    applyLineEvent: (shop, lineItemId, event, cause) =>
      lock(shop, () => applyLineEvent(shop, lineItemId, event, cause)),
    reprioritise: (shop, lineItemId, priority, staffRef) =>
      lock(shop, () => staff.reprioritise(shop, lineItemId, priority, staffRef)),
    allocate: (shop, lineItemId, units, staffRef) =>
      lock(shop, () => staff.allocate(shop, lineItemId, units, staffRef)),
    // Under the lock too: the preview reads a pool as one consistent snapshot, between two webhooks.
    previewAllocation: (shop, target, arriving) =>
      lock(shop, () => staff.previewAllocation(shop, target, arriving)),
    reallocate: (shop, cause) => lock(shop, () => reallocate(shop, cause)),
    reconcile: async (shop, cause, options) => {
      if (!reconcile) throw new Error("backorder engine: reconcile needs deps.reconcileShopify");
      return reconcile(shop, cause, options);
    },
  };
}
