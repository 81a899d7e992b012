import { compareGids, type LineItemGid, type OrderGid } from "../shared/gid.js";
import { instantMs, type Instant } from "../shared/instant.js";
import { transition, waitingUnits } from "./line-state.js";
import type { BackorderLine, Cause, LineHistoryEntry } from "./types.js";

/** What first come, first served orders lines by. */
export interface QueueKey {
  orderCreatedAt: Instant;
  orderId: OrderGid;
  lineItemId: LineItemGid;
}

/**
 * The order time first come, first served compares: the whole second. Shopify's timestamps have whole seconds; an
 * order received by webhook is known to the millisecond (X-Shopify-Triggered-At), one read by reconciliation only to
 * the second, and comparing the two mixed precisions would put a later order first. Within a second the order id
 * decides (Shopify's ids grow with time). The millisecond still places an order against a stock level's `asOf`.
 */
export function queueSecond(ms: number): number {
  return Math.floor(ms / 1000);
}

/** First come, first served: order time (to the second), then order id, then line id, numerically. */
export function compareFirstComeFirstServed(a: QueueKey, b: QueueKey): number {
  return (
    queueSecond(instantMs(a.orderCreatedAt)) - queueSecond(instantMs(b.orderCreatedAt)) ||
    compareGids(a.orderId, b.orderId) ||
    compareGids(a.lineItemId, b.lineItemId)
  );
}

/** The lines sorted by compareFirstComeFirstServed, each order time parsed once rather than at every comparison. */
export function inQueueOrder<T extends QueueKey>(lines: readonly T[]): T[] {
  return lines
    .map((line) => ({ place: queuePlace(line), line }))
    .sort((a, b) => comparePlaces(a.place, b.place))
    .map((e) => e.line);
}

/** A line's place in first come, first served order, its order time parsed once (first-come-queue.ts). */
export interface QueuePlace {
  second: number;
  orderId: OrderGid;
  lineItemId: LineItemGid;
}

export function queuePlace(key: QueueKey): QueuePlace {
  return {
    second: queueSecond(instantMs(key.orderCreatedAt)),
    orderId: key.orderId,
    lineItemId: key.lineItemId,
  };
}

/** compareFirstComeFirstServed, on places. */
export function comparePlaces(a: QueuePlace, b: QueuePlace): number {
  return a.second - b.second || compareGids(a.orderId, b.orderId) || compareGids(a.lineItemId, b.lineItemId);
}

/**
 * A decided line keeps its in-stock units when it is re-decided (`decideBackorders` does not pour stock back and
 * forth behind the merchant's back). After drift (a dropped or late webhook) that can leave a later line shipping
 * while an earlier one of the same item waits. Reconciliation takes such in-stock units back, out of turn, so the
 * re-decision that follows hands them out again first come, first served. Lines not yet decided are left alone.
 */
export function takeBackOutOfTurn(
  open: readonly BackorderLine[],
  at: Date,
  cause: Cause,
): { lines: BackorderLine[]; history: LineHistoryEntry[] } {
  const lines: BackorderLine[] = [];
  const history: LineHistoryEntry[] = [];
  const byItem = new Map<string, BackorderLine[]>();
  for (const line of open) {
    if (!line.tracked || line.status === "new") continue;
    const pool = byItem.get(line.inventoryItemId) ?? [];
    pool.push(line);
    byItem.set(line.inventoryItemId, pool);
  }
  for (const pool of byItem.values()) {
    let earlierWaits = false;
    for (const line of pool.sort(compareFirstComeFirstServed)) {
      if (earlierWaits && line.inStock > 0) {
        const result = transition(line, { type: "decide", inStock: 0, allocated: line.allocated }, at, cause);
        if (!result.ok) throw result.error;
        lines.push(result.line);
        if (result.entry) history.push(result.entry);
      }
      if (waitingUnits(line) > 0) earlierWaits = true;
    }
  }
  return { lines, history };
}
