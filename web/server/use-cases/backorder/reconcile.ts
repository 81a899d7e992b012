import { takeBackOutOfTurn, type Cause } from "../../domain/backorder/index.js";
import {
  compareGids,
  type InventoryItemGid,
  type LocationGid,
  type OrderGid,
} from "../../domain/shared/gid.js";
import {
  DEFAULT_SHOP_SETTINGS,
  type Clock,
  type Logger,
  type ShopDomain,
  type ShopRepository,
} from "../ports.js";
import { createIngestOrder, type IncomingOrder } from "./ingest-order.js";
import { ALL_LOCATIONS } from "./pools.js";
import type { BackorderRepository, ShopLock, StoredLine } from "./ports.js";
import { openLines } from "./reallocate.js";
import { redecide } from "./redecide.js";
import type {
  BackorderReconcileShopify,
  BackorderShopify,
  ShopifyItemLevels,
  ShopifyOrderStamp,
} from "./shopify-port.js";
import { createSyncOrder, type SyncOrderDeps } from "./sync-order.js";

/**
 * Without a previous run to start from, orders changed in this window are listed. Shopify retries a failed webhook
 * for about 4 hours and may deliver one "up to a day late" (REFERENCE 1.3, 1.4); a week covers a stopped app too.
 */
export const DEFAULT_RECONCILE_LOOKBACK_MS = 7 * 24 * 3_600_000;

const SYNC_PAGE = 100;
/** Lines that carry (or are about to lose) our hold on Shopify. */
const HELD_STATUSES: ReadonlySet<string> = new Set(["backordered", "partially_allocated", "allocated"]);

export interface ReconcileOptions {
  /** List the orders Shopify changed at or after this time (default: DEFAULT_RECONCILE_LOOKBACK_MS ago). */
  since?: Date;
}

export interface ReconcileReport {
  since: string;
  /** Orders whose change stamp was read from Shopify (listed, or checked by id). */
  ordersRead: number;
  /** Orders re-ingested: unknown to us, or changed on Shopify since our copy (a missed or late webhook). */
  ordersFixed: number;
  /** Inventory levels read (item × location). */
  levelsRead: number;
  /** Mirrored levels whose `available` differed from Shopify's (or were missing). */
  levelsChanged: number;
  /** Lines whose status or units changed in this run. */
  linesChanged: number;
  /** Orders whose sync ran (Shopify now shows our decision). */
  ordersSynced: number;
  /**
   * Orders Waitwell believed shown on Shopify whose state there differed (a lost write, or a hold, tag or metafield
   * changed by someone else) and that this run wrote again.
   */
  ordersRepaired: number;
  /** Orders whose sync failed; they keep needsSync and the next run or webhook retries them. */
  syncFailures: number;
  /** Admin API requests made by this run (reads, and the sync's read and writes). */
  adminCalls: number;
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
  orderLock?: ShopLock | undefined;
  lineEtas?: SyncOrderDeps["lineEtas"];
}

/**
 * Reconciliation: webhooks are a fast path, not a guarantee (REFERENCE 1.4, "Implement reconciliation jobs"). A
 * dropped or late webhook leaves our mirror behind Shopify; this re-reads Shopify in pages and repairs the drift in
 * three steps, each under the shop's lock in small pieces:
 *
 * 1. Orders. Orders changed since `since` are listed (id and updated_at only), and every order with an open line is
 *    checked by id. An order unknown to us, or changed after the copy we hold, is read in full and fed through the
 *    webhook path (`ingestOrder`, cause "job"): a missed orders/create, orders/updated or orders/cancelled.
 * 2. Inventory levels. Every location's `available` of every item with open lines is read and mirrored with asOf =
 *    the time the read was sent, so it beats any older webhook still in flight and loses to a newer one; a mirrored
 *    location Shopify no longer lists counts 0. Each item's pool is then re-decided (idempotent when nothing moved).
 * 3. Sync. Every order still marked needsSync is synced, one at a time.
 *
 * Reads from Shopify happen outside the lock (they are the slow part); only the store-and-decide steps hold it.
 */
export function createReconcile(deps: ReconcileDeps) {
  const { repository: repo, clock, logger } = deps;

  return async function reconcile(
    shop: ShopDomain,
    cause: Cause,
    options: ReconcileOptions = {},
  ): Promise<ReconcileReport> {
    const counter = { calls: 0 };
    const shopify = countingCalls(deps.shopify, counter);
    const api = countingCalls(deps.reconcileShopify, counter);
    const { batch } = deps.reconcileShopify;
    // The sync runs in step 3, so a step's lock is not held across Admin writes it does not need.
    const settingsOf = async (s: ShopDomain) => (await deps.shops.get(s))?.settings ?? DEFAULT_SHOP_SETTINGS;
    const ingestOrder = createIngestOrder({ ...deps, shopify, settingsOf });
    const syncOrder = createSyncOrder({ ...deps, shopify });
    const since = options.since ?? new Date(clock.now().getTime() - DEFAULT_RECONCILE_LOOKBACK_MS);
    const report: ReconcileReport = {
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
    };
    const rules = async () => ((await deps.shops.get(shop))?.settings ?? DEFAULT_SHOP_SETTINGS).allocation;

    // ---- 1. orders
    const stamps = new Map<string, ShopifyOrderStamp>();
    for (let cursor: string | null = null; ;) {
      const page: Awaited<ReturnType<typeof api.listOrdersUpdatedSince>> = await api.listOrdersUpdatedSince(
        shop,
        since,
        cursor,
      );
      for (const stamp of page.orders) stamps.set(stamp.orderId, stamp);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    // Open orders Shopify did not list (unchanged in the window, or older): checked by id.
    const openBefore = await openLines(repo, shop);
    const openOrderIds = [...new Set(openBefore.map((l) => l.orderId))];
    const createdMs = new Map(
      openBefore.map((l) => [l.orderId as string, new Date(l.orderCreatedAt).getTime()]),
    );
    for (const ids of chunks(
      openOrderIds.filter((id) => !stamps.has(id)),
      batch.orderStamps,
    )) {
      for (const stamp of await api.readOrderStamps(shop, ids)) stamps.set(stamp.orderId, stamp);
    }
    report.ordersRead = stamps.size;

    const behind: string[] = [];
    for (const ids of chunks([...stamps.keys()], SYNC_PAGE)) {
      const stored = new Map((await repo.getOrders(shop, ids)).map((o) => [o.orderId, o]));
      for (const id of ids) {
        const stamp = stamps.get(id)!;
        const ours = stored.get(id);
        // An order we never saw that is already cancelled or closed holds nothing: not worth a read.
        const isBehind = ours
          ? stamp.updatedAt.getTime() > ours.sourceUpdatedAt.getTime() || (stamp.cancelled && !ours.cancelled)
          : !stamp.cancelled && !stamp.closed;
        if (isBehind) behind.push(id);
      }
    }
    for (const ids of chunks(behind, batch.orders)) {
      for (const read of await api.readOrders(shop, ids)) {
        const order = read.order;
        for (let cursor = read.linesCursor; cursor !== null;) {
          const more = await api.readOrderLines(shop, order.orderId, cursor);
          order.lines.push(...more.lines);
          cursor = more.nextCursor;
        }
        await deps.lock.run(shop, async () => {
          const stored = await repo.getOrder(shop, order.orderId);
          order.createdAt = stored ? stored.orderCreatedAt : placeInSecond(order, createdMs);
          createdMs.set(order.orderId, order.createdAt.getTime());
          const pools = await poolsOfOrder(order);
          const before = await snapshot(pools);
          if ((await ingestOrder(shop, order, cause.ref, cause)) === "ingested") report.ordersFixed++;
          for (const line of await repo.linesOfOrder(shop, order.orderId)) pools.add(line.inventoryItemId);
          report.linesChanged += countChanged(before, await snapshot(pools));
        });
      }
    }

    // ---- 2. inventory levels of every item with open tracked lines (including the orders just ingested)
    const items = [
      ...new Set(
        (await openLines(repo, shop)).filter((l) => l.tracked).map((l) => l.inventoryItemId as string),
      ),
    ];
    for (const ids of chunks(items, batch.items)) {
      const readAt = clock.now(); // before the request: a change Shopify makes after it must still win
      const read = await api.readInventoryLevels(shop, ids);
      for (const item of read) {
        for (let cursor = item.levelsCursor; cursor !== null;) {
          const more = await api.readMoreInventoryLevels(shop, item.inventoryItemId, cursor);
          item.levels.push(...more.levels);
          cursor = more.nextCursor;
        }
        report.levelsRead += item.levels.length;
      }
      await deps.lock.run(shop, async () => {
        const pools = new Set(read.map((i) => i.inventoryItemId));
        const before = await snapshot(pools);
        for (const item of read) report.levelsChanged += await mirrorLevels(item, readAt);
        const at = clock.now();
        const outOfTurn = takeBackOutOfTurn(
          await repo.openLinesOfPools(
            shop,
            [...pools].map((inventoryItemId) => ({ inventoryItemId, locationId: ALL_LOCATIONS })),
          ),
          at,
          cause,
        );
        await redecide(repo, shop, {
          items: pools as Set<InventoryItemGid>,
          changedLines: outOfTurn.lines,
          history: outOfTurn.history,
          // Their orders' holds change whatever the re-decision does with the units.
          orders: (
            await repo.getOrders(shop, [...new Set(outOfTurn.lines.map((l) => l.orderId as string))])
          ).map((o) => ({ ...o, needsSync: true })),
          cause,
          at,
          rules: await rules(),
        });
        report.linesChanged += countChanged(before, await snapshot(pools));
      });
    }

    // ---- 3. sync every order Shopify does not yet show our decision for, then compare every open order Waitwell
    // holds, or may have written to, with what Shopify shows: a write lost to a crash (or undone on Shopify) is
    // written again, whichever side drifted. The sync plans from Shopify's state, so an order that matches costs one
    // read and no write.
    const attempted = new Set<string>();
    const check = async (orderId: string, force: boolean) => {
      attempted.add(orderId);
      try {
        const outcome = await syncOrder(shop, orderId, { force });
        if (outcome === "synced") report.ordersSynced++;
        if (outcome === "repaired") report.ordersRepaired++;
      } catch (e) {
        report.syncFailures++;
        logger.warn("reconciliation: order sync failed", {
          shop,
          orderId,
          error: e instanceof Error ? e.message : String(e),
        });
      }
    };
    for (;;) {
      const due = (await repo.ordersNeedingSync(shop, attempted.size + SYNC_PAGE)).filter(
        (o) => !attempted.has(o.orderId),
      );
      if (due.length === 0) break;
      for (const { orderId } of due) await check(orderId, false);
    }
    const openNow = await openLines(repo, shop);
    const held = new Set(openNow.filter((l) => HELD_STATUSES.has(l.status)).map((l) => l.orderId as string));
    const candidates = [...new Set(openNow.map((l) => l.orderId as string))].filter(
      (id) => !attempted.has(id),
    );
    for (const ids of chunks(candidates, SYNC_PAGE)) {
      for (const order of await repo.getOrders(shop, ids)) {
        if (held.has(order.orderId) || order.shopifyTouched || order.holds.length > 0)
          await check(order.orderId, true);
      }
    }

    report.adminCalls = counter.calls;
    return report;

    /** Stores Shopify's levels of one item; returns how many differed from the mirror. */
    async function mirrorLevels(item: ShopifyItemLevels, readAt: Date): Promise<number> {
      const mirrored = new Map(
        (await repo.levelsOfItem(shop, item.inventoryItemId)).map((l) => [
          l.locationId as string,
          l.available,
        ]),
      );
      const reads = new Map(item.levels.map((l) => [l.locationId, l]));
      // A location no longer stocking the item (deactivated, or the level was removed) has nothing to ship.
      for (const locationId of mirrored.keys())
        if (!reads.has(locationId)) reads.set(locationId, { locationId, available: 0, updatedAt: readAt });
      let changed = 0;
      for (const level of reads.values()) {
        const stored = await repo.upsertLevel(shop, {
          inventoryItemId: item.inventoryItemId as InventoryItemGid,
          locationId: level.locationId as LocationGid,
          available: level.available,
          asOf: new Date(Math.max(readAt.getTime(), level.updatedAt.getTime())),
        });
        if (stored && mirrored.get(level.locationId) !== level.available) changed++;
      }
      return changed;
    }

    /** The pools an order's ingestion may touch: its stored lines' items and its variants' items. */
    async function poolsOfOrder(order: IncomingOrder): Promise<Set<string>> {
      const pools = new Set(
        (await repo.linesOfOrder(shop, order.orderId)).map((l) => l.inventoryItemId as string),
      );
      const variantIds = [...new Set(order.lines.flatMap((l) => (l.variantId ? [l.variantId] : [])))];
      if (variantIds.length > 0)
        for (const v of await repo.getVariants(shop, variantIds)) pools.add(v.inventoryItemId);
      return pools;
    }

    async function snapshot(pools: ReadonlySet<string>): Promise<Map<string, string>> {
      if (pools.size === 0) return new Map();
      const lines = await repo.openLinesOfPools(
        shop,
        [...pools].map((inventoryItemId) => ({ inventoryItemId, locationId: ALL_LOCATIONS })),
      );
      return new Map(lines.map((l) => [l.lineItemId, lineState(l)]));
    }
  };
}

/**
 * First come, first served compares creation instants. GraphQL gives them to the second, where orders/create gave
 * the millisecond (its trigger time), so an order read here could sort ahead of an order created earlier in the same
 * second. Shopify's order ids grow with creation: the order is placed right after the known orders of that second
 * with smaller ids (equal instants fall back to the id, which then orders them right).
 */
function placeInSecond(order: IncomingOrder, createdMs: ReadonlyMap<string, number>): Date {
  const ms = order.createdAt.getTime();
  if (ms % 1000 !== 0) return order.createdAt;
  let placed = ms;
  for (const [orderId, known] of createdMs) {
    if (
      known >= ms &&
      known < ms + 1000 &&
      known > placed &&
      compareGids(orderId as OrderGid, order.orderId) < 0
    )
      placed = known;
  }
  return new Date(placed);
}

function lineState(l: StoredLine): string {
  return `${l.status}:${l.quantity}:${l.inStock}:${l.allocated}`;
}

/** Lines whose state differs, counting lines that joined or left the open set. */
function countChanged(before: Map<string, string>, after: Map<string, string>): number {
  let n = 0;
  for (const [id, state] of after) if (before.get(id) !== state) n++;
  for (const id of before.keys()) if (!after.has(id)) n++;
  return n;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) out.push(items.slice(i, i + Math.max(1, size)));
  return out;
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
