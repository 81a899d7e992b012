/**
 * The backorder engine's use cases, built once by main.ts: order ingestion, inventory levels, the variant mirror
 * and the order sync to Shopify. Every entry point runs under a per-shop lock (ShopLock, ports.ts): a pool is read,
 * decided and stored as one step, so two webhooks of one shop never decide the same pool from the same stale read.
 * The default lock serialises one process; main.ts passes one that spans processes when they share PostgreSQL.
 *
 * Decisions are local and immediate; what Shopify must show is stored with them as outbox rows (ports.ts,
 * ShopifyWrite) and written afterwards by the write queue (write-queue.ts), outside the lock, paced by Shopify's cost
 * budget. With `onWritesQueued` (main.ts: the writer job) a step only tells the writer; without it (tests, scripts)
 * the step runs the shop's writes itself once its lock is released, before it resolves.
 */
import {
  type Clock,
  type Logger,
  type ShopDomain,
  type ShopRepository,
  type ShopSettings,
} from "../ports.js";
import { shopSettingsOf } from "../shop-settings.js";
import { createApplyInventoryLevel, type InventoryLevelUpdate } from "./apply-inventory-level.js";
import { createIngestOrder, mirrorVariants, type IncomingOrder } from "./ingest-order.js";
import { createKeyedLock } from "./keyed-lock.js";
import { createDecideBatch, type EngineEvent, type EngineEventOutcome } from "./decide-batch.js";
import type { BackorderRepository, ShopLock, StoredLine, VariantInfo } from "./ports.js";
import type { Cause } from "../../domain/backorder/index.js";
import { createReallocate } from "./reallocate.js";
import { createReconcile, type ReconcileOptions, type ReconcileReport } from "./reconcile.js";
import type { AdminSessionScope, BackorderReconcileShopify, BackorderShopify } from "./shopify-port.js";
import type { AllocationPreview, PreviewTarget } from "./allocation-preview.js";
import { createStaffActions } from "./staff.js";
import { createRefreshPromises } from "./refresh-promises.js";
import {
  createSyncOrder,
  createSyncOrders,
  type LineEtaSource,
  type SelfServiceLink,
  type SyncOutcome,
} from "./sync-order.js";
import { createLineEvents, createLineNotes, type CareLineEvent, type LineNoteEvent } from "./line-events.js";
import { createUpdateVariants } from "./update-variants.js";
import { createWriteQueue, type WriteRoundOptions, type WriteRoundReport } from "./write-queue.js";

export { ALL_LOCATIONS, aggregateLevels } from "./pools.js";
export { createKeyedLock } from "./keyed-lock.js";
export type { IncomingOrder } from "./ingest-order.js";
export type { EngineEvent, EngineEventOutcome } from "./decide-batch.js";
export type { LineEtaSource, SelfServiceLink } from "./sync-order.js";
export type { CareLineEvent, LineNoteEvent } from "./line-events.js";
export type { ShopLock } from "./ports.js";
export type { InventoryLevelUpdate } from "./apply-inventory-level.js";
export type {
  AdminSessionScope,
  BackorderShopify,
  BackorderWrite,
  ShopifyOrderForSync,
} from "./shopify-port.js";
export type { BackorderReconcileShopify } from "./shopify-port.js";
export { DEFAULT_RECONCILE_LOOKBACK_MS, type ReconcileOptions, type ReconcileReport } from "./reconcile.js";
export type { BulkAction, BulkOutcome, BulkLineOutcome, BulkSkipReason } from "./bulk-actions.js";
export { BULK_MAX_LINES } from "./bulk-actions.js";
export type { AllocationPreview, PreviewTarget } from "./allocation-preview.js";
export {
  createBackorderAdmin,
  type BackorderAdmin,
  type LineQuery,
  type LineView,
} from "./backorder-admin.js";

export interface BackorderEngineDeps {
  repository: BackorderRepository;
  /** How long a writer's claim on outbox rows lasts: rows of a writer that died are taken again after it. */
  writeLeaseMs?: number | undefined;
  shopify: BackorderShopify;
  shops: Pick<ShopRepository, "get">;
  clock: Clock;
  logger: Logger;
  /**
   * The write queue's handler for variants whose waiting lines changed (their ETAs, promises and, at a backorder
   * cap, their inventory policy move): stored as outbox rows with the decision, handed over here outside the lock.
   * Throwing retries them later.
   */
  onWaitingChanged?: (shop: ShopDomain, variantIds: string[]) => unknown;
  /** Outbox rows were stored for the shop: the writer job (jobs/shopify-writer.ts) runs them. */
  onWritesQueued?: (shop: ShopDomain) => void;
  /** The reads reconciliation needs (reconcile.ts); without them `reconcile` refuses to run. */
  reconcileShopify?: BackorderReconcileShopify;
  /**
   * Serialises each shop's steps. Default: an in-process lock, right for one process (SQLite). Processes sharing a
   * PostgreSQL database need one that spans them (adapters/prisma/shop-lock.ts).
   */
  lock?: ShopLock;
  /** The promises of waiting lines, written into the order metafield (use-cases/availability keeps them). */
  lineEtas?: LineEtaSource;
  /** The self-service link written into the order metafield while a unit waits (use-cases/customer-care). */
  selfServiceLink?: SelfServiceLink;
  /** A write round's order syncs read the shop's Admin session once (adapters/shopify/session-scope.ts). */
  sessionScope?: AdminSessionScope;
}

export interface BackorderEngine {
  ingestOrder(shop: ShopDomain, order: IncomingOrder, webhookId: string): Promise<"stale" | "ingested">;
  /**
   * Orders and stock levels of one shop decided as one step, exactly as one by one in this order (decide-batch.ts):
   * one read per order and pool, one transaction for the batch. One outcome per event.
   */
  decideBatch(shop: ShopDomain, events: readonly EngineEvent[]): Promise<EngineEventOutcome[]>;
  applyInventoryLevel(
    shop: ShopDomain,
    level: InventoryLevelUpdate,
    webhookId: string,
  ): Promise<"stale" | "applied">;
  updateVariants(shop: ShopDomain, variants: VariantInfo[]): Promise<void>;
  syncOrder(shop: ShopDomain, orderId: string): Promise<SyncOutcome>;
  /** Runs the shop's due outbox rows (the writer job calls it; never from inside the shop's lock). */
  runWrites(shop: ShopDomain, options?: WriteRoundOptions): Promise<WriteRoundReport>;
  /** These lines' promises moved: queues the metafield write of the orders that now read differently. */
  refreshPromises(shop: ShopDomain, lineItemIds: string[]): Promise<string[]>;
  /** Customer care: a note on a line, or the customer's new open quantity (line-events.ts). */
  applyLineEvent(
    shop: ShopDomain,
    lineItemId: string,
    event: CareLineEvent,
    cause: Cause,
  ): Promise<StoredLine>;
  /** Customer care: notes on several lines, recorded together (line-events.ts). */
  noteLines(shop: ShopDomain, notes: readonly LineNoteEvent[]): Promise<void>;
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
  const settingsOf = (shop: ShopDomain): Promise<ShopSettings> => shopSettingsOf(deps.shops, shop);
  const base = { ...deps, lock: shopLock, settingsOf, orderLock: createKeyedLock() };
  const syncOrder = createSyncOrder(base);
  const refreshPromises = createRefreshPromises(base);
  const syncOrders = createSyncOrders(base);
  const writeQueue = (turn: { settings?: Promise<ShopSettings> | undefined }) =>
    createWriteQueue({
      repository: deps.repository,
      // The shop's settings are read once per turn, at its first order write (again after a failed read).
      syncOrders: (shop, ids) =>
        syncOrders(shop, ids, {
          settings: () =>
            (turn.settings ??= settingsOf(shop).catch((e: unknown) => {
              turn.settings = undefined;
              throw e;
            })),
        }),
      syncVariants: deps.onWaitingChanged
        ? async (shop, ids) => {
            await deps.onWaitingChanged?.(shop, ids);
          }
        : undefined,
      clock: deps.clock,
      logger: deps.logger,
      leaseMs: deps.writeLeaseMs,
    });
  // A turn's Admin calls (its variant and order rows, claim after claim) read the shop's session once.
  const inSession: AdminSessionScope = deps.sessionScope ?? ((_shop, task) => task());
  const runWrites = (shop: ShopDomain, options?: WriteRoundOptions) =>
    inSession(shop, () => writeQueue({})(shop, options));
  /** A step under the lock, then its Shopify writes: handed to the writer, or run here once the lock is free. */
  const step = async <T>(shop: ShopDomain, task: () => Promise<T>): Promise<T> => {
    const result = await shopLock.run(shop, task);
    if (deps.onWritesQueued) deps.onWritesQueued(shop);
    else await runWrites(shop);
    return result;
  };
  const applyLineEvent = createLineEvents(base);
  const noteLines = createLineNotes(base);
  const ingestOrder = createIngestOrder(base);
  const applyInventoryLevel = createApplyInventoryLevel(base);
  const updateVariants = createUpdateVariants(deps);
  const staff = createStaffActions(base);
  const reallocate = createReallocate(base);
  const { reconcileShopify } = deps;
  const reconcile = reconcileShopify ? createReconcile({ ...base, reconcileShopify }) : null;
  const ingestOne = async (shop: ShopDomain, order: IncomingOrder, webhookId: string) => {
    // The variants a new order names are mirrored first, outside the lock: a Shopify read never waits inside it.
    await mirrorVariants(deps, shop, [order]);
    return step(shop, () => ingestOrder(shop, order, webhookId));
  };
  const applyLevelOne = (shop: ShopDomain, level: InventoryLevelUpdate, webhookId: string) =>
    step(shop, () => applyInventoryLevel(shop, level, webhookId));
  const decideBatch = createDecideBatch({
    ...base,
    step,
    one: (shop, event) =>
      event.kind === "order"
        ? ingestOne(shop, event.order, event.webhookId)
        : applyLevelOne(shop, event.level, event.webhookId),
  });
  return {
    ingestOrder: ingestOne,
    decideBatch,
    applyInventoryLevel: applyLevelOne,
    updateVariants: (shop, variants) => shopLock.run(shop, () => updateVariants(shop, variants)),
    syncOrder: (shop, orderId) => syncOrder(shop, orderId),
    runWrites,
    refreshPromises: (shop, lineItemIds) => step(shop, () => refreshPromises(shop, lineItemIds)),
    applyLineEvent: (shop, lineItemId, event, cause) =>
      step(shop, () => applyLineEvent(shop, lineItemId, event, cause)),
    noteLines: (shop, notes) => step(shop, () => noteLines(shop, notes)),
    reprioritise: (shop, lineItemId, priority, staffRef) =>
      step(shop, () => staff.reprioritise(shop, lineItemId, priority, staffRef)),
    allocate: (shop, lineItemId, units, staffRef) =>
      step(shop, () => staff.allocate(shop, lineItemId, units, staffRef)),
    // Under the lock too: the preview reads a pool as one consistent snapshot, between two webhooks.
    previewAllocation: (shop, target, arriving) =>
      shopLock.run(shop, () => staff.previewAllocation(shop, target, arriving)),
    reallocate: (shop, cause) => step(shop, () => reallocate(shop, cause)),
    reconcile: async (shop, cause, options) => {
      if (!reconcile) throw new Error("backorder engine: reconcile needs deps.reconcileShopify");
      const report = await reconcile(shop, cause, options);
      if (deps.onWritesQueued) deps.onWritesQueued(shop);
      else await runWrites(shop);
      return report;
    },
  };
}
