import {
  applyDecision,
  decideBackorders,
  type AllocationRules,
  type BackorderLine,
  type Cause,
  type LineHistoryEntry,
  type LineStatus,
  waitingUnits,
} from "../../domain/backorder/index.js";
import type { InventoryItemGid, OrderGid } from "../../domain/shared/gid.js";
import type { ShopDomain } from "../ports.js";
import { aggregateLevels, ALL_LOCATIONS } from "./pools.js";
import type { EngineStore } from "./batch-store.js";
import { WRITE_URGENCY, type EngineOrder, type ShopifyWriteRequest } from "./ports.js";

export interface RedecideInput {
  items: ReadonlySet<InventoryItemGid>;
  /** Lines changed by the event (new, edited, cancelled): they replace the stored versions. */
  changedLines: readonly BackorderLine[];
  history: readonly LineHistoryEntry[];
  /** Order rows the event changed (stored whatever the decision). */
  orders: readonly EngineOrder[];
  cause: Cause;
  at: Date;
  rules?: Partial<AllocationRules>;
  /** Variants whose availability to re-evaluate whatever the decision (a staff priority moves an ETA queue). */
  variants?: readonly string[];
}

export interface RedecideOutcome {
  /** Orders whose Shopify-visible state changed (stored with needsSync), for the caller to sync. */
  ordersToSync: OrderGid[];
  /** Variants with a line whose waiting units changed: their ETA queues moved (the availability services re-evaluate). */
  waitingChanged: string[];
}

/** Re-decides the touched pools with all their open lines and stores the outcome in one transaction. */
export async function redecide(
  repo: Pick<EngineStore, "openLinesOfPools" | "levelsOfItem" | "getOrders" | "saveDecision">,
  shop: ShopDomain,
  input: RedecideInput,
): Promise<RedecideOutcome> {
  const pools = [...input.items].map((inventoryItemId) => ({ inventoryItemId, locationId: ALL_LOCATIONS }));
  // The open lines as stored before this event; changed lines that were not open (new, or terminal) waited nothing.
  const before = new Map<string, BackorderLine>();
  for (const line of pools.length > 0 ? await repo.openLinesOfPools(shop, pools) : [])
    before.set(line.lineItemId, line);
  const waitedBefore = (id: string) => {
    const line = before.get(id);
    return line ? waiting(line) : 0;
  };
  const byId = new Map(before);
  for (const line of input.changedLines) byId.set(line.lineItemId, line);

  const stock = [];
  for (const item of input.items) {
    const level = aggregateLevels(item, await repo.levelsOfItem(shop, item));
    if (level) stock.push(level);
  }
  const known = new Set(stock.map((s) => s.inventoryItemId));
  // A tracked line of an item whose level has not reached the mirror yet stays undecided ("new"): the level's
  // webhook re-decides the pool. Deciding it without a level would guess; reading Shopify would cost a call.
  const lines = [...byId.values()].filter((l) => !l.tracked || known.has(l.inventoryItemId));
  const decision = decideBackorders({ stock, lines, ...(input.rules ? { rules: input.rules } : {}) });

  const changed = new Map<string, BackorderLine>(input.changedLines.map((l) => [l.lineItemId, l]));
  const history = [...input.history];
  decision.lines.forEach((d, i) => {
    const result = applyDecision(lines[i]!, d, input.at, input.cause);
    if (!result.ok) throw result.error;
    if (result.entry) {
      changed.set(result.line.lineItemId, result.line);
      history.push(result.entry);
    }
  });

  const toSync = new Set<OrderGid>(decision.ordersToSync);
  // Units shipped, removed or cancelled change the order's metafield even when no hold moves. (An order Waitwell never
  // wrote to, with nothing waiting, is settled by the sync at no API cost.)
  for (const line of input.changedLines) {
    const quantityBefore = before.get(line.lineItemId)?.quantity;
    if (line.status === "cancelled" || (quantityBefore !== undefined && quantityBefore !== line.quantity))
      toSync.add(line.orderId);
  }
  // A line decided only now (its stock level came after the order) is missing from a metafield already written
  // for its order: that order is synced again, even when the line simply ships.
  const decidedLate = new Set<OrderGid>();
  decision.lines.forEach((d, i) => {
    if (lines[i]!.status === "new" && d.status !== "new") decidedLate.add(lines[i]!.orderId);
  });
  const orders = new Map(input.orders.map((o) => [o.orderId, o]));
  // Orders the event did not bring are read in batches: a restock can touch tens of thousands of them.
  const unread = [...new Set([...toSync, ...decidedLate])].filter((id) => !orders.has(id));
  const read = new Map<OrderGid, EngineOrder>();
  for (let i = 0; i < unread.length; i += ORDER_READ_BATCH) {
    for (const order of await repo.getOrders(shop, unread.slice(i, i + ORDER_READ_BATCH)))
      read.set(order.orderId, order);
  }
  for (const orderId of decidedLate) {
    if ((orders.get(orderId) ?? read.get(orderId))?.syncedMetafield != null) toSync.add(orderId);
  }
  for (const orderId of toSync) {
    const order = read.get(orderId);
    if (order) orders.set(orderId, order);
  }
  for (const orderId of toSync) {
    const order = orders.get(orderId);
    if (order) orders.set(orderId, { ...order, needsSync: true });
  }
  const waitingChanged = new Set<string>();
  for (const line of changed.values())
    if (waiting(line) !== waitedBefore(line.lineItemId)) waitingChanged.add(line.variantId);
  const writes = writesFor(toSync, orders, changed, [...waitingChanged, ...(input.variants ?? [])]);
  if (changed.size > 0 || history.length > 0 || orders.size > 0 || writes.length > 0) {
    await repo.saveDecision(shop, {
      orders: [...orders.values()],
      lines: [...changed.values()],
      history,
      writes,
    });
  }
  return {
    ordersToSync: [...toSync].filter((id) => orders.has(id)),
    waitingChanged: [...waitingChanged],
  };
}

const ORDER_READ_BATCH = 1000;

/**
 * The Shopify writes the decision needs, stored with it: every variant whose queue moved (its availability, and a
 * cap's flip to DENY, come first), then the orders to sync, those that need a new hold before those whose tags or
 * metafield change.
 */
function writesFor(
  toSync: ReadonlySet<string>,
  orders: ReadonlyMap<string, EngineOrder>,
  changed: ReadonlyMap<string, BackorderLine>,
  variants: readonly string[],
): ShopifyWriteRequest[] {
  const waitingOrders = new Set<string>();
  for (const line of changed.values()) if (waiting(line) > 0) waitingOrders.add(line.orderId);
  const writes: ShopifyWriteRequest[] = [...new Set(variants)].map((targetId) => ({
    kind: "variant",
    targetId,
    urgency: WRITE_URGENCY.variant,
  }));
  for (const orderId of toSync) {
    const order = orders.get(orderId);
    if (!order) continue;
    const newHold = waitingOrders.has(orderId) && order.holds.length === 0;
    writes.push({
      kind: "order",
      targetId: orderId,
      urgency: newHold ? WRITE_URGENCY.hold : WRITE_URGENCY.order,
    });
  }
  return writes;
}

/** The statuses of lines in a waiting queue (what use-cases/availability/waiting-lines.ts reads). */
const QUEUED: ReadonlySet<LineStatus> = new Set(["backordered", "partially_allocated"]);

/** Units the line waits for in its variant's queue; an undecided or closed line waits in none. */
function waiting(line: BackorderLine): number {
  return QUEUED.has(line.status) ? Math.max(0, waitingUnits(line)) : 0;
}
