import {
  heldUnits,
  parseOrderMetafield,
  sameMetafield,
  summarizeOrder,
  transition,
  type BackorderLine,
  type LineEtas,
  type LineHistoryEntry,
  type OrderSummary,
} from "../../domain/backorder/index.js";
import { planOrderSync } from "../../domain/backorder/sync-plan.js";
import type { OrderGid } from "../../domain/shared/gid.js";
import { type Clock, type ShopDomain, type ShopRepository } from "../ports.js";
import type { BackorderRepository, EngineOrder, HoldRecord, KeyedLock, ShopLock } from "./ports.js";
import { createKeyedLock } from "./keyed-lock.js";
import type { BackorderShopify } from "./shopify-port.js";
import { shopSettingsOf } from "../shop-settings.js";

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
}

/** The link the metafield should carry, given the one it carries now (null: never written, or none). */
export type SelfServiceLink = (shop: ShopDomain, orderId: string, previous: string | null) => Promise<string>;

/** Reads the promises of these lines; lines without one are left out. */
export type LineEtaSource = (shop: ShopDomain, lineItemIds: string[]) => Promise<Map<string, LineEtas>>;

/** "repaired": a forced check found Shopify showing something else than the decision, and wrote the difference. */
export type SyncOutcome = "up_to_date" | "no_api" | "synced" | "repaired";

export interface SyncOptions {
  /**
   * Check the order even though it is not marked as needing a sync (reconciliation): Shopify is read and whatever
   * differs from the decision is written, whichever side drifted.
   */
  force?: boolean;
}

/** What the locked first step hands to the Shopify step. */
interface Snapshot {
  order: EngineOrder;
  summary: OrderSummary;
  /** Lines fully allocated: their hold goes in this sync, and they are recorded as released with it. */
  releasing: BackorderLine[];
}

/**
 * Makes Shopify show our decision for one order, in three steps so that no Shopify call waits inside the shop's
 * lock (a throttled call can wait many seconds, and every webhook of the shop would wait behind it):
 *
 * 1. Under the lock: read the order and its lines, summarise what Shopify should show. An order Waitwell never wrote
 *    to, with nothing waiting and nothing held, is settled here at no API cost. Otherwise the order is recorded as
 *    touched BEFORE the first write, so a crash after the write cannot leave it looking untouched.
 * 2. Without the lock: ONE read (tags, metafield, fulfillment orders and holds), a pure plan, then ONE mutation
 *    request per fulfillment order that changes (tags and metafield ride on the first). The plan starts from what
 *    Shopify shows, so a re-run after a crash or a duplicate writes nothing.
 * 3. Under the lock: record the holds placed and the lines released. If a decision changed the order while the
 *    writes ran, it stays marked as needing a sync (its outbox row was re-queued by that decision).
 */
export function createSyncOrder(deps: SyncOrderDeps) {
  const { repository: repo } = deps;
  // Two syncs of one order (the writer, and reconciliation's check) must not both plan from the same read and
  // place the same hold twice: one order's syncs run one after another in this process. Across processes the
  // outbox lease keeps writers apart; a check that overlaps one fails on Shopify's refusal and is retried.
  const perOrder = deps.orderLock ?? createKeyedLock();

  async function snapshot(
    shop: ShopDomain,
    orderId: string,
    force: boolean,
  ): Promise<Snapshot | SyncOutcome> {
    const order = await repo.getOrder(shop, orderId);
    if (!order || (!order.needsSync && !force)) return "up_to_date";
    const at = deps.clock.now();
    const { lines, released, history } = releaseAllocated(
      await repo.linesOfOrder(shop, orderId),
      at,
      `sync:${orderId}`,
    );
    const waitingIds = lines.filter((l) => heldUnits(l) > 0).map((l) => l.lineItemId);
    const etas =
      deps.lineEtas && waitingIds.length > 0
        ? await deps.lineEtas(shop, waitingIds)
        : new Map<string, LineEtas>();
    const previous = storedMetafield(order)?.manage ?? null;
    const manage =
      deps.selfServiceLink && waitingIds.length > 0
        ? await deps.selfServiceLink(shop, order.orderId, previous)
        : previous;
    const summary = summarizeOrder(order.orderId, lines, at, etas, manage);
    // Never written, nothing waits, nothing held: Shopify already shows the truth, at no API cost.
    const untouched = !order.shopifyTouched && order.syncedMetafield === null;
    if (untouched && !summary.backordered && order.holds.length === 0) {
      if (order.needsSync || released.length > 0)
        await repo.saveDecision(shop, { orders: [{ ...order, needsSync: false }], lines: released, history });
      return "no_api";
    }
    if (!order.shopifyTouched) {
      await repo.saveDecision(shop, { orders: [{ ...order, shopifyTouched: true }], lines: [], history: [] });
    }
    return { order: { ...order, shopifyTouched: true }, summary, releasing: released };
  }

  async function record(shop: ShopDomain, snap: Snapshot, holds: HoldRecord[] | null): Promise<void> {
    const { order, summary } = snap;
    const current = await repo.getOrder(shop, order.orderId);
    if (!current) return;
    if (holds === null) {
      // Shopify no longer has the order (deleted): nothing to show it on.
      await repo.saveDecision(shop, { orders: [{ ...current, needsSync: false }], lines: [], history: [] });
      return;
    }
    const at = deps.clock.now();
    // Lines still as they were when the hold was lifted are recorded as released; a line a newer decision moved
    // is left to that decision's own sync.
    const releasedIds = new Set(snap.releasing.map((l) => l.lineItemId));
    const stored = await repo.linesOfOrder(shop, order.orderId);
    const history: LineHistoryEntry[] = [];
    const released: BackorderLine[] = [];
    for (const line of stored) {
      if (!releasedIds.has(line.lineItemId) || line.status !== "allocated") continue;
      const result = transition(line, { type: "release" }, at, { kind: "job", ref: `sync:${order.orderId}` });
      if (!result.ok) throw result.error;
      released.push(result.line);
      if (result.entry) history.push(result.entry);
    }
    if (released.length > 0) await repo.saveDecision(shop, { orders: [], lines: released, history });
    const now = releaseAllocated(stored, at, "check").lines;
    const changedMeanwhile =
      current.needsSync && !sameDecision(summarizeOrder(order.orderId, now, at), summary);
    await repo.markSynced(shop, order.orderId, {
      syncedMetafield: JSON.stringify(summary.metafield),
      holds,
      backordered: summary.backordered,
      needsSync: changedMeanwhile,
    });
  }

  /** Step 2: reads Shopify and writes the difference. holds null: the order is gone from Shopify. */
  async function writeToShopify(
    shop: ShopDomain,
    snap: Snapshot,
  ): Promise<{ holds: HoldRecord[] | null; writes: number }> {
    const orderId = snap.order.orderId;
    const current = await deps.shopify.readOrderForSync(shop, orderId, {
      lines: snap.summary.metafield.lines.length,
    });
    if (!current) return { holds: null, writes: 0 };
    const settings = await shopSettingsOf(deps.shops, shop);
    const plan = planOrderSync({
      summary: snap.summary,
      shopify: {
        tags: current.tags,
        metafield: parseOrderMetafield(current.metafieldValue),
        fulfillmentOrders: current.fulfillmentOrders,
      },
      settings,
    });
    const holds: HoldRecord[] = plan.kept.map((k) => ({ ...k }));
    const orderLevel = { tagsAdd: plan.tagsAdd, tagsRemove: plan.tagsRemove, metafield: plan.metafield };
    const orderLevelPending = plan.tagsAdd.length + plan.tagsRemove.length > 0 || plan.metafield !== null;
    let writes = 0;
    if (plan.fulfillmentOrders.length === 0 && orderLevelPending) {
      writes++;
      await deps.shopify.write(shop, {
        orderId,
        ...orderLevel,
        fulfillmentOrderId: null,
        releaseHoldIds: [],
        hold: null,
      });
    }
    for (const [i, action] of plan.fulfillmentOrders.entries()) {
      writes++;
      const placed = await deps.shopify.write(shop, {
        orderId,
        ...(i === 0 ? orderLevel : { tagsAdd: [], tagsRemove: [], metafield: null }),
        fulfillmentOrderId: action.fulfillmentOrderId,
        releaseHoldIds: action.release,
        hold: action.hold,
      });
      if (placed && action.hold) {
        holds.push({
          fulfillmentOrderId: placed.fulfillmentOrderId,
          holdId: placed.holdId,
          handle: action.hold.handle,
          lines: action.hold.lines,
        });
      }
    }
    return { holds, writes };
  }

  return async function syncOrder(
    shop: ShopDomain,
    orderId: string,
    options: SyncOptions = {},
  ): Promise<SyncOutcome> {
    const force = options.force ?? false;
    return perOrder.run(`${shop} ${orderId}`, async () => {
      const snap = await deps.lock.run(shop, () => snapshot(shop, orderId, force));
      if (typeof snap === "string") return snap;
      const { holds, writes } = await writeToShopify(shop, snap);
      await deps.lock.run(shop, () => record(shop, snap, holds));
      if (holds === null) return "up_to_date";
      return force && !snap.order.needsSync ? (writes > 0 ? "repaired" : "up_to_date") : "synced";
    });
  };
}

/** The metafield we last wrote to the order, if any. */
function storedMetafield(order: EngineOrder) {
  return order.syncedMetafield === null ? null : parseOrderMetafield(order.syncedMetafield);
}

/** The order's decided lines with `allocated` ones released (their hold goes in this sync). */
function releaseAllocated(
  stored: readonly BackorderLine[],
  at: Date,
  ref: string,
): { lines: BackorderLine[]; released: BackorderLine[]; history: LineHistoryEntry[] } {
  const released: BackorderLine[] = [];
  const history: LineHistoryEntry[] = [];
  const lines = stored
    .filter((l) => l.status !== "new")
    .map((line): BackorderLine => {
      if (line.status !== "allocated") return line;
      const result = transition(line, { type: "release" }, at, { kind: "job", ref });
      if (!result.ok) throw result.error;
      released.push(result.line);
      if (result.entry) history.push(result.entry);
      return result.line;
    });
  return { lines, released, history };
}

/** The same units shipping, waiting and held (promises aside: a moved promise re-queues its order itself). */
function sameDecision(a: OrderSummary, b: OrderSummary): boolean {
  const sameLines = (x: OrderSummary["metafield"]["lines"], y: OrderSummary["metafield"]["lines"]) =>
    x.length === y.length &&
    x.every(
      (l, i) =>
        l.lineItemId === y[i]!.lineItemId &&
        l.status === y[i]!.status &&
        l.shipNow === y[i]!.shipNow &&
        l.waiting === y[i]!.waiting,
    );
  return (
    a.backordered === b.backordered &&
    sameLines(a.metafield.lines, b.metafield.lines) &&
    a.holds.length === b.holds.length &&
    a.holds.every((h, i) => h.lineItemId === b.holds[i]!.lineItemId && h.quantity === b.holds[i]!.quantity)
  );
}

/**
 * The promises of some lines moved (made, re-evaluated, agreed): the orders whose metafield would now read
 * differently are marked for sync, which queues their write (outbox) in the same transaction. An order whose stored
 * metafield already says the same costs nothing. Returns the orders queued.
 */
export function createRefreshPromises(deps: Pick<SyncOrderDeps, "repository" | "clock" | "lineEtas">) {
  const { repository: repo } = deps;
  return async function refreshPromises(shop: ShopDomain, lineItemIds: string[]): Promise<string[]> {
    const orderIds = new Set<OrderGid>();
    for (const id of lineItemIds) {
      const line = await repo.getLine(shop, id);
      if (line) orderIds.add(line.orderId);
    }
    const queued: string[] = [];
    for (const orderId of orderIds) {
      const order = await repo.getOrder(shop, orderId);
      if (!order) continue;
      const lines = (await repo.linesOfOrder(shop, orderId)).filter((l) => l.status !== "new");
      const waitingIds = lines.filter((l) => heldUnits(l) > 0).map((l) => l.lineItemId);
      if (waitingIds.length === 0 || !deps.lineEtas) continue;
      const stored = storedMetafield(order);
      // The link is the sync's to renew; what moved here is the dates.
      const summary = summarizeOrder(
        orderId,
        lines,
        deps.clock.now(),
        await deps.lineEtas(shop, waitingIds),
        stored?.manage ?? null,
      );
      if (stored && sameMetafield(stored, summary.metafield) && !order.needsSync) continue;
      await repo.saveDecision(shop, { orders: [{ ...order, needsSync: true }], lines: [], history: [] });
      queued.push(orderId);
    }
    return queued;
  };
}
