import { InvalidValueError } from "../shared/errors.js";
import { compareGids, parseGid, type LineItemGid, type OrderGid } from "../shared/gid.js";
import { toEpochMs } from "../shared/instant.js";
import { assertUnits } from "../shared/quantity.js";
import { MissingStockLevelError } from "./errors.js";
import { checkLine } from "./line-check.js";
import { deriveStatus, heldUnits } from "./line-state.js";
import { mayReceive, resolveAllocationRules, tagRank } from "./allocation-rules.js";
import { queueSecond } from "./queue-order.js";
import {
  TERMINAL_STATUSES,
  type AllocationRules,
  type BackorderLine,
  type Decision,
  type LineDecision,
  type LineStatus,
  type PoolDecision,
  type StockLevel,
} from "./types.js";

export interface DecideInput {
  /** One level per (inventory item, location) that has open tracked lines. */
  stock: readonly StockLevel[];
  /** Every open line of those pools, not just the new order's: the decision is over the whole set. */
  lines: readonly BackorderLine[];
  rules?: Partial<AllocationRules>;
}

/**
 * The backorder engine: which units of each line ship now, which are reserved from arriving stock, which wait.
 * Detection (an order arrived), allocation (stock arrived or was freed) and the allocation preview are all this one
 * pure function, so they cannot disagree. The model, pool by pool (inventory item × location):
 *
 * 1. Supply. `available` is on hand minus every commitment Shopify knew at `asOf`, ours included. Adding back the
 *    open units of the lines created at or before `asOf` gives on hand minus *other* commitments: the units our open
 *    lines share. It does not move when an order arrives (available drops by what the line adds back), so the
 *    result depends on the set of lines, not on whether orders/create or inventory_levels/update came first.
 * 2. Reservations (`allocated`) are kept. If supply fell below them, the last in priority order lose theirs.
 * 3. Checkout pass, first come first served by order time (ties: order id, then line id). A line seen for the first
 *    time takes what is left after every earlier line, unless an earlier line still waits. A line decided before
 *    keeps at most its previous in-stock units, plus what newly seen orders hand back (a late webhook of an order
 *    Shopify had already counted): a late earlier order takes its units back, but arriving stock is not poured into
 *    in-stock shares behind the merchant's back. What a line keeps or takes here comes before the reservation of a
 *    later order: if the stock no longer covers both, the latest reservations are taken back first (a level that
 *    counted an order it had not seen yet can make the supply a unit too large for a moment, and a waiting line be
 *    granted that unit; the next level must not then cost an earlier order its turn).
 * 4. Allocation pass: what is left goes to waiting units under the merchant's rules (priority tags, complete lines
 *    first, partial limits). The caller stores these grants as reservations.
 *
 * Whatever order the webhooks of a flash sale arrive in, the final decision is plain first come first served over
 * all its orders; re-deciding a stored decision changes nothing.
 */
export function decideBackorders(input: DecideInput): Decision {
  const rules = resolveAllocationRules(input.rules);
  const rankOf = tagRanker(rules.priorityTags);
  const stockByPool = indexStock(input.stock);
  const lines = input.lines;
  const results: LineDecision[] = new Array<LineDecision>(lines.length);
  // inventory item → location → the pool's open tracked lines
  const pools = new Map<string, Map<string, Work[]>>();
  const out: Collected = { fullyAllocated: [], ordersToSync: new Set() };

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const createdMs = checkLine(line, index);
    if (TERMINAL_STATUSES.has(line.status)) {
      results[index] = unchanged(line);
      continue;
    }
    if (!line.tracked) {
      results[index] = toDecision(line, line.quantity - line.allocated, line.allocated, 0, 0, out);
      continue;
    }
    let byLocation = pools.get(line.inventoryItemId);
    if (!byLocation) pools.set(line.inventoryItemId, (byLocation = new Map()));
    let pool = byLocation.get(line.locationId);
    if (!pool) byLocation.set(line.locationId, (pool = []));
    // The passes below read only this record: small, allocated together, cheap to walk and sort.
    pool.push({
      index,
      line,
      createdMs,
      quantity: line.quantity,
      inStock: line.inStock,
      isNew: line.status === "new",
      priority: line.priority,
      rank: line.priority === null ? rankOf(line.tags) : 0,
      pinned: line.allocated,
      take: 0,
      grant: 0,
      revoked: 0,
    });
  }

  const missing: Array<{ inventoryItemId: string; locationId: string }> = [];
  for (const [inventoryItemId, byLocation] of pools) {
    for (const locationId of byLocation.keys()) {
      if (!stockByPool.get(inventoryItemId)?.has(locationId)) missing.push({ inventoryItemId, locationId });
    }
  }
  if (missing.length > 0) throw new MissingStockLevelError(missing);

  const poolDecisions: PoolDecision[] = [];
  for (const [inventoryItemId, byLocation] of pools) {
    for (const [locationId, work] of byLocation) {
      const { level, asOfMs } = stockByPool.get(inventoryItemId)?.get(locationId) as IndexedLevel;
      const { supply, leftover } = decidePool(work, level.available, asOfMs, rules);
      poolDecisions.push({
        inventoryItemId: level.inventoryItemId,
        locationId: level.locationId,
        supply,
        leftover,
      });
      for (const w of work) {
        results[w.index] = toDecision(w.line, w.take, w.pinned + w.grant, w.grant, w.revoked, out);
      }
    }
  }

  return {
    lines: results,
    pools: poolDecisions.sort(
      (a, b) => compareGids(a.inventoryItemId, b.inventoryItemId) || compareGids(a.locationId, b.locationId),
    ),
    fullyAllocated: out.fullyAllocated.sort(compareGids),
    ordersToSync: [...out.ordersToSync].sort(compareGids),
  };
}

interface Work {
  index: number;
  line: BackorderLine;
  createdMs: number;
  quantity: number;
  /** The previous in-stock units: at most what the line keeps in the checkout pass. */
  inStock: number;
  isNew: boolean;
  priority: number | null;
  /** Tag rank; 0 for a line with a staff priority (those sort by `priority` first). */
  rank: number;
  /** Reservations kept. */
  pinned: number;
  /** Checkout pass share. */
  take: number;
  /** Allocation pass grant. */
  grant: number;
  revoked: number;
}

function decidePool(
  work: Work[],
  available: number,
  asOfMs: number,
  rules: AllocationRules,
): { supply: number; leftover: number } {
  let supply = available;
  let handedBack = 0;
  let pinnedTotal = 0;
  for (const w of work) {
    if (w.createdMs <= asOfMs) {
      supply += w.quantity;
      if (w.isNew) handedBack += w.quantity;
    }
    pinnedTotal += w.pinned;
  }
  let rem = Math.max(0, supply);

  // 2. Reservations first; if the stock no longer covers them, the last in priority order give theirs back.
  if (pinnedTotal > rem) {
    let excess = pinnedTotal - rem;
    const pinned = work
      .filter((w) => w.pinned > 0)
      .sort(byPriority)
      .reverse();
    for (const w of pinned) {
      if (excess === 0) break;
      const back = Math.min(w.pinned, excess);
      w.pinned -= back;
      w.revoked = back;
      excess -= back;
    }
    pinnedTotal = rem;
  }
  rem -= pinnedTotal;

  // 3. Checkout pass, first come first served.
  work.sort(byOrderTime);
  // A line given twice (loaded twice by a caller) sorts next to itself; caught here without a set of every id.
  for (let i = 1; i < work.length; i++) {
    if (work[i]!.line.lineItemId === work[i - 1]!.line.lineItemId) {
      throw new InvalidValueError(
        `lines[${work[i]!.index}].lineItemId`,
        `${work[i]!.line.lineItemId} given twice`,
      );
    }
  }
  let blocked = false;
  // Reservations are taken back from the end of the queue: the last line that may still give some back.
  let lastPinned = work.length - 1;
  for (let i = 0; i < work.length; i++) {
    const w = work[i]!;
    const need = w.quantity - w.pinned;
    const cap = w.isNew ? 0 : Math.min(w.inStock, need);
    const wants = w.isNew ? (blocked ? 0 : need) : blocked ? cap : Math.min(need, cap + handedBack);
    // What a line keeps or takes here comes before a later order's reservation: when the stock no longer covers
    // both (it shrank, or was over-counted for a moment and a waiting line was granted a unit), the later order
    // gives its reservation back rather than an earlier one losing its turn.
    for (; rem < wants && lastPinned > i; lastPinned--) {
      const later = work[lastPinned]!;
      const back = Math.min(later.pinned, wants - rem);
      later.pinned -= back;
      later.revoked += back;
      rem += back;
      if (later.pinned > 0) break;
    }
    const take = Math.min(wants, rem);
    if (!w.isNew && take > cap) handedBack -= take - cap;
    w.take = take;
    rem -= take;
    if (take < need) blocked = true;
  }

  // 4. Allocation pass over the waiting units, under the merchant's rules.
  if (rem > 0) {
    const waiting = work.filter((w) => w.quantity - w.pinned - w.take > 0);
    if (waiting.length > 0) rem = allocate(rem, waiting.sort(byPriority), rules);
  }
  return { supply, leftover: rem };
}

/** Hands `units` to the waiting lines (already in priority order); returns what nobody could take. */
function allocate(units: number, queue: Work[], rules: AllocationRules): number {
  let rem = units;
  const waitingOf = (w: Work) => w.quantity - w.pinned - w.take - w.grant;
  if (rules.completeLinesFirst) {
    for (const w of queue) {
      if (rem === 0) return 0;
      const waiting = waitingOf(w);
      if (waiting <= rem) {
        w.grant += waiting;
        rem -= waiting;
      }
    }
  }
  for (const w of queue) {
    if (rem === 0) return 0;
    const waiting = waitingOf(w);
    const units = Math.min(waiting, rem);
    if (mayReceive(rules, w.line, waiting, units)) {
      w.grant += units;
      rem -= units;
    }
  }
  return rem;
}

function byOrderTime(a: Work, b: Work): number {
  return (
    queueSecond(a.createdMs) - queueSecond(b.createdMs) ||
    compareGids(a.line.orderId, b.line.orderId) ||
    compareGids(a.line.lineItemId, b.line.lineItemId)
  );
}

/** Staff priority (lowest first), then priority tags, then order time. */
function byPriority(a: Work, b: Work): number {
  const pa = a.priority;
  const pb = b.priority;
  if (pa !== pb) {
    if (pa === null) return 1;
    if (pb === null) return -1;
    return pa - pb;
  }
  return a.rank - b.rank || byOrderTime(a, b);
}

interface Collected {
  fullyAllocated: LineItemGid[];
  ordersToSync: Set<OrderGid>;
}

function toDecision(
  line: BackorderLine,
  inStock: number,
  allocated: number,
  newlyAllocated: number,
  revoked: number,
  out: Collected,
): LineDecision {
  const waiting = line.quantity - inStock - allocated;
  const status = deriveStatus(line.status, waiting, allocated);
  const changed = status !== line.status || inStock !== line.inStock || allocated !== line.allocated;
  if (status === "allocated") out.fullyAllocated.push(line.lineItemId);
  if (changed && visiblyChanged(line, status, inStock)) out.ordersToSync.add(line.orderId);
  return {
    lineItemId: line.lineItemId,
    orderId: line.orderId,
    status,
    inStock,
    allocated,
    waiting,
    newlyAllocated,
    revoked,
    changed,
  };
}

function unchanged(line: BackorderLine): LineDecision {
  return {
    lineItemId: line.lineItemId,
    orderId: line.orderId,
    status: line.status,
    inStock: line.inStock,
    allocated: line.allocated,
    waiting: line.quantity - line.inStock - line.allocated,
    newlyAllocated: 0,
    revoked: 0,
    changed: false,
  };
}

/**
 * An order costs Admin API calls only when what Shopify shows changes: units held, or a line's status in the
 * metafield. A line seen for the first time counts as "in stock, nothing held", Shopify's default, so an order
 * whose lines all ship is never listed.
 */
function visiblyChanged(line: BackorderLine, status: LineStatus, inStock: number): boolean {
  const beforeStatus = line.status === "new" ? "in_stock" : line.status;
  const beforeHeld = line.status === "new" ? 0 : heldUnits(line);
  return beforeStatus !== status || beforeHeld !== heldUnits({ status, quantity: line.quantity, inStock });
}

interface IndexedLevel {
  level: StockLevel;
  asOfMs: number;
}

function indexStock(stock: readonly StockLevel[]): Map<string, Map<string, IndexedLevel>> {
  const byItem = new Map<string, Map<string, IndexedLevel>>();
  stock.forEach((level, i) => {
    parseGid("InventoryItem", level.inventoryItemId, `stock[${i}].inventoryItemId`);
    parseGid("Location", level.locationId, `stock[${i}].locationId`);
    assertUnits(level.available, `stock[${i}].available`, { allowNegative: true });
    let byLocation = byItem.get(level.inventoryItemId);
    if (!byLocation) byItem.set(level.inventoryItemId, (byLocation = new Map()));
    if (byLocation.has(level.locationId)) {
      throw new InvalidValueError(
        `stock[${i}]`,
        `a second level for ${level.inventoryItemId} @ ${level.locationId}`,
      );
    }
    byLocation.set(level.locationId, { level, asOfMs: toEpochMs(level.asOf, `stock[${i}].asOf`) });
  });
  return byItem;
}

/** Tag ranks, computed once per distinct tag: the same few tags repeat on thousands of lines. */
function tagRanker(priorityTags: readonly string[]): (tags: readonly string[]) => number {
  const cache = new Map<string, number>();
  const none = priorityTags.length;
  return (tags) => {
    let best = none;
    for (const tag of tags) {
      let rank = cache.get(tag);
      if (rank === undefined) cache.set(tag, (rank = tagRank({ tags: [tag] }, priorityTags)));
      if (rank < best) best = rank;
    }
    return best;
  };
}
