import {
  heldUnits,
  summarizeOrder,
  transition,
  type BackorderLine,
  type LineEtas,
} from "../../domain/backorder/index.js";
import { type Clock, type ShopDomain, type ShopRepository, type ShopSettings } from "../ports.js";
import type {
  BackorderRepository,
  DecisionChange,
  EngineOrder,
  KeyedLock,
  ShopLock,
  SyncRecord,
} from "./ports.js";
import { createKeyedLock } from "./keyed-lock.js";
import type { AdminSessionScope, BackorderShopify } from "./shopify-port.js";
import { shopSettingsOf } from "../shop-settings.js";
import { writeToShopify, type Snapshot, type Written } from "./sync-shopify.js";
import { groupBy, releaseAllocated, sameDecision, storedMetafield } from "./sync-summary.js";

export interface SyncOrderDeps {
  repository: BackorderRepository;
  shopify: BackorderShopify;
  shops: Pick<ShopRepository, "get">;
  clock: Clock;
  /** The shop's lock (index.ts): the reads and the records run under it, the Shopify calls never do. */
  lock: ShopLock;
  /** The promises of waiting lines (current ETA and commitment), shown in the order metafield. */
  lineEtas?: LineEtaSource | undefined;
  /** Keeps one order's syncs apart (key "shop orderId"); shared by every sync of the engine. */
  orderLock?: KeyedLock | undefined;
  /** The order's self-service link for its metafield (customer care); `previous` is kept while it is good. */
  selfServiceLink?: SelfServiceLink | undefined;
  /** Runs a batch's Admin calls on one read of the shop's session. Default: each call reads it. */
  sessionScope?: AdminSessionScope | undefined;
  /**
   * Orders of a batch whose Shopify calls are in flight at once (default 16). Each order's calls stay in sequence;
   * different orders are independent, and the Admin client paces every call by the shop's cost bucket, so more in
   * flight only spends the budget sooner instead of waiting on one round trip after another.
   */
  ordersInFlight?: number | undefined;
}

/** The link the metafield should carry, given the one it carries now (null: never written, or none). */
export type SelfServiceLink = (shop: ShopDomain, orderId: string, previous: string | null) => Promise<string>;

/** Reads the promises of these lines; lines without one are left out. */
export type LineEtaSource = (shop: ShopDomain, lineItemIds: string[]) => Promise<Map<string, LineEtas>>;

/** "repaired": a forced check found Shopify showing something else than the decision, and wrote the difference. */
export type SyncOutcome = "up_to_date" | "no_api" | "synced" | "repaired";

/** One order's result in a batch: its outcome, or the error that failed it (the others go on). */
export type SyncResult = { outcome: SyncOutcome } | { error: unknown };

export interface SyncOptions {
  /**
   * Check the order even though it is not marked as needing a sync (reconciliation): Shopify is read and whatever
   * differs from the decision is written, whichever side drifted.
   */
  force?: boolean;
  /** The shop's settings, as the caller reads them (a writer's turn, once for all its claims). Default: read here. */
  settings?: () => Promise<ShopSettings>;
}

/**
 * Makes Shopify show our decision for a batch of orders of one shop (a write round), in three steps so that no
 * Shopify call waits inside the shop's lock (a throttled call can wait many seconds, and every webhook of the shop
 * would wait behind it):
 *
 * 1. Under the lock: read the orders, their lines and promises (one read each for the batch), summarise what Shopify
 *    should show. An order Waitwell never wrote to, with nothing waiting and nothing held, is settled here at no API
 *    cost. The others are recorded as touched BEFORE the first write, so a crash after a write cannot leave an order
 *    looking untouched.
 * 2. Without the lock, on one read of the shop's session and settings: each order's read and writes
 *    (sync-shopify.ts). An order whose calls fail is left out of the record; the others go on.
 * 3. Under the lock, one transaction for the batch: the holds placed and the lines released. If a decision changed
 *    an order while the writes ran, it stays marked as needing a sync (its outbox row was re-queued by that decision).
 *
 * Every order's result comes back (`error` for one that failed); a failure of the batch's own reads or record
 * throws.
 */
export function createSyncOrders(deps: SyncOrderDeps) {
  // Two syncs of one order (the writer, and reconciliation's check) must not both plan from the same read and
  // place the same hold twice: one order's syncs run one after another in this process. Across processes the
  // outbox lease keeps writers apart; a check that overlaps one fails on Shopify's refusal and is retried.
  const perOrder = deps.orderLock ?? createKeyedLock();

  return async function syncOrders(
    shop: ShopDomain,
    orderIds: string[],
    options: SyncOptions = {},
  ): Promise<Map<string, SyncResult>> {
    const force = options.force ?? false;
    const ids = [...new Set(orderIds)];
    // Taken in one order (sorted), so two batches sharing orders never wait on each other in a circle.
    const keys = ids.map((id) => `${shop} ${id}`).sort();
    return underLocks(perOrder, keys, async () => {
      const snaps = await deps.lock.run(shop, () => snapshots(deps, shop, ids, force));
      const toWrite = [...snaps.values()].filter((s): s is Snapshot => "summary" in s);
      const settings = options.settings ?? (() => shopSettingsOf(deps.shops, shop));
      const written = await writeAll(deps, shop, toWrite, settings);
      const done = toWrite.flatMap((snap): [Snapshot, Written][] => {
        const w = written.get(snap.order.orderId);
        return w && "writes" in w ? [[snap, w]] : [];
      });
      const unrecorded = await deps.lock.run(shop, () => record(deps, shop, done));
      const results = new Map<string, SyncResult>();
      for (const id of ids) {
        const snap = snaps.get(id);
        const w = written.get(id);
        if (!snap || !("summary" in snap)) results.set(id, snap ?? { outcome: "up_to_date" });
        else if (!w || !("writes" in w)) results.set(id, w ?? { outcome: "up_to_date" });
        else results.set(id, unrecorded.get(id) ?? { outcome: outcomeOf(snap, w, force) });
      }
      return results;
    });
  };
}

/** An order due for a sync, with its decided lines (`allocated` ones released: their hold goes in this sync). */
type DueOrder = { order: EngineOrder } & ReturnType<typeof releaseAllocated>;

/** The batch's orders due for a sync, with their lines, in two reads; the others' results go in `out`. */
async function readDue(
  deps: SyncOrderDeps,
  shop: ShopDomain,
  orderIds: string[],
  force: boolean,
  at: Date,
  out: Map<string, Snapshot | SyncResult>,
): Promise<DueOrder[]> {
  const found = new Map(
    (await deps.repository.getOrders(shop, orderIds)).map((o) => [o.orderId as string, o]),
  );
  const orders: EngineOrder[] = [];
  for (const id of orderIds) {
    const order = found.get(id);
    if (order && (order.needsSync || force)) orders.push(order);
    else out.set(id, { outcome: "up_to_date" });
  }
  if (orders.length === 0) return [];
  const stored = groupBy(
    await deps.repository.linesOfOrders(
      shop,
      orders.map((o) => o.orderId),
    ),
    (l) => l.orderId,
  );
  return orders.flatMap((order) => {
    try {
      return [{ order, ...releaseAllocated(stored.get(order.orderId) ?? [], at, `sync:${order.orderId}`) }];
    } catch (error) {
      out.set(order.orderId, { error });
      return [];
    }
  });
}

/** Step 1 (under the lock): a snapshot of each order to write, or its result. */
async function snapshots(
  deps: SyncOrderDeps,
  shop: ShopDomain,
  orderIds: string[],
  force: boolean,
): Promise<Map<string, Snapshot | SyncResult>> {
  const out = new Map<string, Snapshot | SyncResult>();
  const at = deps.clock.now();
  const due = await readDue(deps, shop, orderIds, force, at, out);
  const waitingIds = due.flatMap((d) => d.lines.filter((l) => heldUnits(l) > 0).map((l) => l.lineItemId));
  const etas =
    deps.lineEtas && waitingIds.length > 0
      ? await deps.lineEtas(shop, waitingIds)
      : new Map<string, LineEtas>();
  const settled: DecisionChange = { orders: [], lines: [], history: [] };
  const touched: string[] = [];
  for (const { order, lines, released, history } of due) {
    try {
      const previous = storedMetafield(order)?.manage ?? null;
      const manage =
        deps.selfServiceLink && lines.some((l) => heldUnits(l) > 0)
          ? await deps.selfServiceLink(shop, order.orderId, previous)
          : previous;
      const summary = summarizeOrder(order.orderId, lines, at, etas, manage);
      // Never written, nothing waits, nothing held: Shopify already shows the truth, at no API cost.
      const untouched = !order.shopifyTouched && order.syncedMetafield === null;
      if (untouched && !summary.backordered && order.holds.length === 0) {
        if (order.needsSync || released.length > 0) {
          settled.orders.push({ ...order, needsSync: false });
          settled.lines.push(...released);
          settled.history.push(...history);
        }
        out.set(order.orderId, { outcome: "no_api" });
        continue;
      }
      if (!order.shopifyTouched) touched.push(order.orderId);
      out.set(order.orderId, { order: { ...order, shopifyTouched: true }, summary, releasing: released });
    } catch (error) {
      out.set(order.orderId, { error });
    }
  }
  if (settled.orders.length > 0) await deps.repository.saveDecision(shop, settled);
  // Stored before any write of the batch: a crash after a write cannot leave the order looking untouched.
  if (touched.length > 0) await deps.repository.markTouched(shop, touched);
  return out;
}

/** Step 2 (no lock): each order's Shopify read and writes, up to `ordersInFlight` orders at once. */
async function writeAll(
  deps: SyncOrderDeps,
  shop: ShopDomain,
  snaps: Snapshot[],
  settingsOf: () => Promise<ShopSettings>,
): Promise<Map<string, Written | SyncResult>> {
  const out = new Map<string, Written | SyncResult>();
  if (snaps.length === 0) return out;
  const inSession: AdminSessionScope = deps.sessionScope ?? ((_shop, task) => task());
  await inSession(shop, async () => {
    let settings: ShopSettings;
    try {
      settings = await settingsOf();
    } catch (error) {
      for (const snap of snaps) out.set(snap.order.orderId, { error });
      return;
    }
    let next = 0;
    const lane = async () => {
      while (next < snaps.length) {
        const snap = snaps[next++]!;
        try {
          out.set(snap.order.orderId, await writeToShopify(deps.shopify, shop, snap, settings));
        } catch (error) {
          out.set(snap.order.orderId, { error });
        }
      }
    };
    const lanes = Math.max(1, Math.min(deps.ordersInFlight ?? 16, snaps.length));
    await Promise.all(Array.from({ length: lanes }, lane));
  });
  return out;
}

/** Step 3 (under the lock): what the writes did, in one transaction; an order that cannot be recorded fails. */
async function record(
  deps: SyncOrderDeps,
  shop: ShopDomain,
  done: [Snapshot, Written][],
): Promise<Map<string, SyncResult>> {
  const failed = new Map<string, SyncResult>();
  if (done.length === 0) return failed;
  const ids = done.map(([snap]) => snap.order.orderId);
  const current = new Map((await deps.repository.getOrders(shop, ids)).map((o) => [o.orderId as string, o]));
  const stored = groupBy(
    await deps.repository.linesOfOrders(
      shop,
      ids.filter((id) => current.has(id)),
    ),
    (l) => l.orderId,
  );
  const at = deps.clock.now();
  const gone: EngineOrder[] = [];
  const synced: SyncRecord = { orders: [], lines: [], history: [] };
  for (const [snap, { holds }] of done) {
    const orderId = snap.order.orderId;
    const now = current.get(orderId);
    if (!now) continue;
    // Shopify no longer has the order (deleted): nothing to show it on.
    if (holds === null) {
      gone.push({ ...now, needsSync: false });
      continue;
    }
    try {
      const lines = stored.get(orderId) ?? [];
      const released = releaseStill(lines, snap, at);
      const changedMeanwhile =
        now.needsSync &&
        !sameDecision(
          summarizeOrder(now.orderId, releaseAllocated(lines, at, "check").lines, at),
          snap.summary,
        );
      synced.orders.push({
        orderId,
        syncedMetafield: JSON.stringify(snap.summary.metafield),
        holds,
        backordered: snap.summary.backordered,
        needsSync: changedMeanwhile,
      });
      synced.lines.push(...released.lines);
      synced.history.push(...released.history);
    } catch (error) {
      failed.set(orderId, { error });
    }
  }
  if (gone.length > 0) await deps.repository.saveDecision(shop, { orders: gone, lines: [], history: [] });
  if (synced.orders.length > 0) await deps.repository.recordSyncs(shop, synced);
  return failed;
}

/** One order's sync (reconciliation's checks, the engine's syncOrder): its outcome, or its error thrown. */
export function createSyncOrder(deps: SyncOrderDeps) {
  const syncOrders = createSyncOrders(deps);
  return async function syncOrder(
    shop: ShopDomain,
    orderId: string,
    options: SyncOptions = {},
  ): Promise<SyncOutcome> {
    const result = (await syncOrders(shop, [orderId], options)).get(orderId) ?? { outcome: "up_to_date" };
    if ("error" in result) throw result.error;
    return result.outcome;
  };
}

function outcomeOf(snap: Snapshot, written: Written, force: boolean): SyncOutcome {
  if (written.holds === null) return "up_to_date";
  return force && !snap.order.needsSync ? (written.writes > 0 ? "repaired" : "up_to_date") : "synced";
}

/**
 * Lines still as they were when their hold was lifted are recorded as released; a line a newer decision moved is
 * left to that decision's own sync.
 */
function releaseStill(stored: readonly BackorderLine[], snap: Snapshot, at: Date) {
  const releasedIds = new Set(snap.releasing.map((l) => l.lineItemId));
  const out: Pick<SyncRecord, "lines" | "history"> = { lines: [], history: [] };
  for (const line of stored) {
    if (!releasedIds.has(line.lineItemId) || line.status !== "allocated") continue;
    const result = transition(line, { type: "release" }, at, {
      kind: "job",
      ref: `sync:${snap.order.orderId}`,
    });
    if (!result.ok) throw result.error;
    out.lines.push(result.line);
    if (result.entry) out.history.push(result.entry);
  }
  return out;
}

/** Runs `task` holding every key's lock, taken one after another in the order given. */
function underLocks<T>(lock: KeyedLock, keys: string[], task: () => Promise<T>): Promise<T> {
  const [first, ...rest] = keys;
  return first === undefined ? task() : lock.run(first, () => underLocks(lock, rest, task));
}
