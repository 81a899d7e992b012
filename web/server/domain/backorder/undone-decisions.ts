import type { LineHistoryEntry, LineQuantities } from "./types.js";

/**
 * A step's history without the decisions it undid itself: a decision on a line followed, within the same entries, by
 * the decision that puts the line back exactly where it was (status, in-stock and reserved units, and no partial
 * reservation counted) leaves neither entry. The line ends as it would with them; nothing was written to Shopify in
 * between (the outbox is only read once the step is stored), so no customer or merchant saw the state they record.
 *
 * The case it is for: a flash sale's stock level arrives a moment before the order it counts. The level alone makes
 * the supply a unit short, so the engine takes the last in-stock unit back (the line waits, in case an earlier order
 * is still on its way); the order arrives and hands it back. Processed in one batch, the pair is one delivery
 * reordered, not news: without this, the boundary line of a 1,000-order sale gathered hundreds of history rows.
 *
 * Pairs are matched per line like brackets (the latest kept decision first); any other event (a cancellation, an
 * edit, a fulfilment) stands between decisions and is never dropped. Entries keep their order.
 */
export function withoutUndoneDecisions(entries: readonly LineHistoryEntry[]): LineHistoryEntry[] {
  const dropped = new Set<number>();
  // Per line: indexes of its kept entries, the latest last.
  const kept = new Map<string, number[]>();
  entries.forEach((entry, i) => {
    let stack = kept.get(entry.lineItemId);
    if (!stack) kept.set(entry.lineItemId, (stack = []));
    const top = stack.length > 0 ? stack[stack.length - 1]! : -1;
    if (top >= 0 && undoes(entry, entries[top]!)) {
      stack.pop();
      dropped.add(top).add(i);
    } else {
      stack.push(i);
    }
  });
  return dropped.size === 0 ? [...entries] : entries.filter((_, i) => !dropped.has(i));
}

/** `later` puts the line back where it was before `earlier`, both being the engine's decisions. */
function undoes(later: LineHistoryEntry, earlier: LineHistoryEntry): boolean {
  return (
    later.event.type === "decide" &&
    earlier.event.type === "decide" &&
    !countsPartial(earlier) &&
    !countsPartial(later) &&
    later.from === earlier.to &&
    later.to === earlier.from &&
    sameQuantities(later.before, earlier.after) &&
    sameQuantities(later.after, earlier.before)
  );
}

/** A decision that reserved units and still left some waiting counts one more partial reservation on the line. */
function countsPartial(entry: LineHistoryEntry): boolean {
  return entry.after.allocated > entry.before.allocated && entry.after.waiting > 0;
}

function sameQuantities(a: LineQuantities, b: LineQuantities): boolean {
  return (
    a.quantity === b.quantity &&
    a.inStock === b.inStock &&
    a.allocated === b.allocated &&
    a.waiting === b.waiting
  );
}
