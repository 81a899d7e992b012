import type { Cause } from "../../domain/backorder/index.js";
import { shopSettingsOf } from "../shop-settings.js";
import type { Clock, Logger, ShopDomain, ShopRepository } from "../ports.js";
import { createIngestOrder } from "./ingest-order.js";
import type { BackorderRepository, KeyedLock, ShopLock } from "./ports.js";
import { reconcileLevels } from "./reconcile-levels.js";
import { reconcileOrders } from "./reconcile-orders.js";
import type { ReconcileReport, ReconcileRun } from "./reconcile-run.js";
import { reconcileSync } from "./reconcile-sync.js";
import type { BackorderReconcileShopify, BackorderShopify } from "./shopify-port.js";
import { createSyncOrder, type SyncOrderDeps } from "./sync-order.js";

export type { ReconcileReport } from "./reconcile-run.js";

/**
 * Without a previous run to start from, orders changed in this window are listed. Shopify retries a failed webhook
 * for about 4 hours and may deliver one "up to a day late"
 * (https://shopify.dev/docs/apps/build/webhooks/best-practices#manage-delays); a week covers a stopped app too.
 */
export const DEFAULT_RECONCILE_LOOKBACK_MS = 7 * 24 * 3_600_000;

export interface ReconcileOptions {
  /** List the orders Shopify changed at or after this time (default: DEFAULT_RECONCILE_LOOKBACK_MS ago). */
  since?: Date;
}

export interface ReconcileDeps {
  repository: BackorderRepository;
  shopify: BackorderShopify;
  reconcileShopify: BackorderReconcileShopify;
  shops: Pick<ShopRepository, "get">;
  clock: Clock;
  logger: Logger;
  /** The engine's per-shop lock. Each step takes it on its own, so webhooks run between steps, never inside one. */
  lock: ShopLock;
  /** The engine's per-order sync lock, so a check never overlaps the writer's sync of the same order. */
  orderLock?: KeyedLock | undefined;
  lineEtas?: SyncOrderDeps["lineEtas"];
}

/**
 * Reconciliation: webhooks are a fast path, not a guarantee ("Implement reconciliation jobs",
 * https://shopify.dev/docs/apps/build/webhooks/best-practices#implement-reconciliation-jobs). A
 * dropped or late webhook leaves our mirror behind Shopify; this re-reads Shopify in pages and repairs the drift in
 * three steps, each under the shop's lock in small pieces:
 *
 * 1. Orders (reconcile-orders.ts). Orders changed since `since` are listed (id and updated_at only), and every order
 *    with an open line is checked by id. An order unknown to us, or changed after the copy we hold, is read in full
 *    and fed through the webhook path (`ingestOrder`, cause "job"): a missed orders/create, orders/updated or
 *    orders/cancelled.
 * 2. Inventory levels (reconcile-levels.ts). Every location's `available` of every item with open lines is read and
 *    mirrored with asOf = the time the read was sent, so it beats any older webhook still in flight and loses to a
 *    newer one; a mirrored location Shopify no longer lists counts 0. Each item's pool is then re-decided (idempotent
 *    when nothing moved).
 * 3. Sync (reconcile-sync.ts). Every order still marked needsSync is synced, one at a time; then every open order
 *    Waitwell holds or wrote to is compared with Shopify and written again where it drifted.
 *
 * Reads from Shopify happen outside the lock (they are the slow part); only the store-and-decide steps hold it.
 */
export function createReconcile(deps: ReconcileDeps) {
  return async function reconcile(
    shop: ShopDomain,
    cause: Cause,
    options: ReconcileOptions = {},
  ): Promise<ReconcileReport> {
    const counter = { calls: 0 };
    const since = options.since ?? new Date(deps.clock.now().getTime() - DEFAULT_RECONCILE_LOOKBACK_MS);
    const run = startRun(deps, shop, cause, since, counter);
    await reconcileOrders(run, since);
    await reconcileLevels(run);
    await reconcileSync(run);
    run.report.adminCalls = counter.calls;
    return run.report;
  };
}

function startRun(
  deps: ReconcileDeps,
  shop: ShopDomain,
  cause: Cause,
  since: Date,
  counter: { calls: number },
): ReconcileRun {
  const shopify = countingCalls(deps.shopify, counter);
  const settingsOf = (s: ShopDomain) => shopSettingsOf(deps.shops, s);
  return {
    shop,
    cause,
    repo: deps.repository,
    api: countingCalls(deps.reconcileShopify, counter),
    lock: deps.lock,
    clock: deps.clock,
    logger: deps.logger,
    // The sync runs in step 3, so a step's lock is not held across Admin writes it does not need.
    ingestOrder: createIngestOrder({ ...deps, shopify, settingsOf }),
    syncOrder: createSyncOrder({ ...deps, shopify }),
    rules: async () => (await settingsOf(shop)).allocation,
    report: {
      since: since.toISOString(),
      ordersRead: 0,
      ordersFixed: 0,
      levelsRead: 0,
      levelsChanged: 0,
      linesChanged: 0,
      ordersSynced: 0,
      ordersRepaired: 0,
      syncFailures: 0,
      adminCalls: 0,
    },
  };
}

/** The same port with every method call counted: each is one Admin API request. */
function countingCalls<T extends object>(port: T, counter: { calls: number }): T {
  return new Proxy(port, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        counter.calls++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
