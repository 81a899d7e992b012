import {
  parseOrderMetafield,
  transition,
  type BackorderLine,
  type LineHistoryEntry,
  type OrderSummary,
} from "../../domain/backorder/index.js";
import type { EngineOrder } from "./ports.js";

// What the order sync (sync-order.ts) and the promise refresh (refresh-promises.ts) compare an order by.

/** The metafield we last wrote to the order, if any. */
export function storedMetafield(order: EngineOrder) {
  return order.syncedMetafield === null ? null : parseOrderMetafield(order.syncedMetafield);
}

/** The order's decided lines with `allocated` ones released (their hold goes in this sync). */
export function releaseAllocated(
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
export function sameDecision(a: OrderSummary, b: OrderSummary): boolean {
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

/** Items grouped by a key, each group in the items' order. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
