import { InvalidValueError } from "../shared/errors.js";
import { compareDigits, compareGids, gidNumericId, parseGid, type OrderGid } from "../shared/gid.js";
import { toEpochMs } from "../shared/instant.js";
import { assertUnits } from "../shared/quantity.js";
import { MissingStockLevelError } from "./errors.js";
import { deriveStatus, heldUnits } from "./line-state.js";
import { mayReceive, resolveRules, tagRank } from "./rules.js";
import {
  TERMINAL_STATUSES,
  type AllocationRules,
  type BackorderLine,
  type Decision,
  type LineDecision,
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
 *    in-stock shares behind the merchant's back.
 * 4. Allocation pass: what is left goes to waiting units under the merchant's rules (priority tags, complete lines
 *    first, partial limits). The caller stores these grants as reservations.
 *
 * Whatever order the webhooks of a flash sale arrive in, the final decision is plain first come first served over
 * all its orders; re-deciding a stored decision changes nothing.
 */
export function decideBackorders(input: DecideInput): Decision {
  const rules = resolveRules(input.rules);
  const stockByPool = indexStock(input.stock);
  const lines = input.lines;
  const results: LineDecision[] = new Array<LineDecision>(lines.length);
  const pools = new Map<string, Work[]>();
  const seen = new Set<string>();

  lines.forEach((line, index) => {
    checkLine(line, index, seen);
    if (TERMINAL_STATUSES.has(line.status)) {
      results[index] = unchanged(line);
      return;
    }
    if (!line.tracked) {
      const inStock = line.quantity - line.allocated;
      results[index] = toDecision(line, inStock, line.allocated, 0, 0);
      return;
    }
    const key = poolKey(line.inventoryItemId, line.locationId);
    let pool = pools.get(key);
    if (!pool) pools.set(key, (pool = []));
    pool.push({
      index,
      line,
      createdMs: toEpochMs(line.orderCreatedAt, `lines[${index}].orderCreatedAt`),
      orderNum: gidNumericId(line.orderId),
      lineNum: gidNumericId(line.lineItemId),
      rank: line.priority === null ? tagRank(line, rules.priorityTags) : 0,
      pinned: line.allocated,
      take: 0,
      grant: 0,
      revoked: 0,
    });
  });

  const missing = [...pools.keys()].filter((key) => !stockByPool.has(key));
  if (missing.length > 0) {
    throw new MissingStockLevelError(
      missing.map((key) => {
        const [inventoryItemId = "", locationId = ""] = key.split(" ");
        return { inventoryItemId, locationId };
      }),
    );
  }

  const poolDecisions: PoolDecision[] = [];
  for (const [key, work] of pools) {
    const { level: stock, asOfMs } = stockByPool.get(key) as { level: StockLevel; asOfMs: number };
    const { supply, leftover } = decidePool(work, stock.available, asOfMs, rules);
    poolDecisions.push({
      inventoryItemId: stock.inventoryItemId,
      locationId: stock.locationId,
      supply,
      leftover,
    });
    for (const w of work) {
      results[w.index] = toDecision(w.line, w.take, w.pinned + w.grant, w.grant, w.revoked);
    }
  }

  return {
    lines: results,
    pools: poolDecisions.sort(
      (a, b) => compareGids(a.inventoryItemId, b.inventoryItemId) || compareGids(a.locationId, b.locationId),
    ),
    fullyAllocated: results
      .filter((d) => d.status === "allocated")
      .map((d) => d.lineItemId)
      .sort(compareGids),
    ordersToSync: ordersWithVisibleChanges(lines, results),
  };
}

interface Work {
  index: number;
  line: BackorderLine;
  createdMs: number;
  orderNum: string;
  lineNum: string;
  /** Tag rank; 0 for a line with a staff priority (those sort by `line.priority` first). */
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
      supply += w.line.quantity;
      if (w.line.status === "new") handedBack += w.line.quantity;
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
  let blocked = false;
  for (const w of work) {
    const need = w.line.quantity - w.pinned;
    let take: number;
    if (w.line.status === "new") {
      take = blocked ? 0 : Math.min(need, rem);
    } else {
      const cap = Math.min(w.line.inStock, need);
      take = Math.min(blocked ? cap : Math.min(need, cap + handedBack), rem);
      if (take > cap) handedBack -= take - cap;
    }
    w.take = take;
    rem -= take;
    if (take < need) blocked = true;
  }

  // 4. Allocation pass over the waiting units, under the merchant's rules.
  if (rem > 0) {
    const waiting = work.filter((w) => w.line.quantity - w.pinned - w.take > 0);
    if (waiting.length > 0) rem = allocate(rem, waiting.sort(byPriority), rules);
  }
  return { supply, leftover: rem };
}

/** Hands `units` to the waiting lines (already in priority order); returns what nobody could take. */
function allocate(units: number, queue: Work[], rules: AllocationRules): number {
  let rem = units;
  const waitingOf = (w: Work) => w.line.quantity - w.pinned - w.take - w.grant;
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
    a.createdMs - b.createdMs || compareDigits(a.orderNum, b.orderNum) || compareDigits(a.lineNum, b.lineNum)
  );
}

/** Staff priority (lowest first), then priority tags, then order time. */
function byPriority(a: Work, b: Work): number {
  const pa = a.line.priority;
  const pb = b.line.priority;
  if (pa !== pb) {
    if (pa === null) return 1;
    if (pb === null) return -1;
    return pa - pb;
  }
  return a.rank - b.rank || byOrderTime(a, b);
}

function toDecision(
  line: BackorderLine,
  inStock: number,
  allocated: number,
  newlyAllocated: number,
  revoked: number,
): LineDecision {
  const waiting = line.quantity - inStock - allocated;
  const status = deriveStatus(line.status, waiting, allocated);
  return {
    lineItemId: line.lineItemId,
    orderId: line.orderId,
    status,
    inStock,
    allocated,
    waiting,
    newlyAllocated,
    revoked,
    changed: status !== line.status || inStock !== line.inStock || allocated !== line.allocated,
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
function ordersWithVisibleChanges(
  lines: readonly BackorderLine[],
  results: readonly LineDecision[],
): OrderGid[] {
  const orders = new Set<OrderGid>();
  lines.forEach((line, i) => {
    const next = results[i]!;
    if (!next.changed) return;
    const beforeStatus = line.status === "new" ? "in_stock" : line.status;
    const beforeHeld = line.status === "new" ? 0 : heldUnits(line);
    const afterHeld = heldUnits({ status: next.status, quantity: line.quantity, inStock: next.inStock });
    if (beforeStatus !== next.status || beforeHeld !== afterHeld) orders.add(line.orderId);
  });
  return [...orders].sort(compareGids);
}

function poolKey(inventoryItemId: string, locationId: string): string {
  return `${inventoryItemId} ${locationId}`;
}

function indexStock(stock: readonly StockLevel[]): Map<string, { level: StockLevel; asOfMs: number }> {
  const byPool = new Map<string, { level: StockLevel; asOfMs: number }>();
  stock.forEach((level, i) => {
    parseGid("InventoryItem", level.inventoryItemId, `stock[${i}].inventoryItemId`);
    parseGid("Location", level.locationId, `stock[${i}].locationId`);
    assertUnits(level.available, `stock[${i}].available`, { allowNegative: true });
    const key = poolKey(level.inventoryItemId, level.locationId);
    if (byPool.has(key)) throw new InvalidValueError(`stock[${i}]`, `a second level for ${key}`);
    byPool.set(key, { level, asOfMs: toEpochMs(level.asOf, `stock[${i}].asOf`) });
  });
  return byPool;
}

function checkLine(line: BackorderLine, i: number, seen: Set<string>): void {
  const at = `lines[${i}]`;
  parseGid("LineItem", line.lineItemId, `${at}.lineItemId`);
  parseGid("Order", line.orderId, `${at}.orderId`);
  if (line.tracked) {
    parseGid("InventoryItem", line.inventoryItemId, `${at}.inventoryItemId`);
    parseGid("Location", line.locationId, `${at}.locationId`);
  }
  if (seen.has(line.lineItemId))
    throw new InvalidValueError(`${at}.lineItemId`, `${line.lineItemId} given twice`);
  seen.add(line.lineItemId);
  assertUnits(line.quantity, `${at}.quantity`);
  assertUnits(line.inStock, `${at}.inStock`);
  assertUnits(line.allocated, `${at}.allocated`);
  assertUnits(line.partialAllocations, `${at}.partialAllocations`);
  if (line.priority !== null) assertUnits(line.priority, `${at}.priority`, { allowNegative: true });
  if (line.inStock + line.allocated > line.quantity) {
    throw new InvalidValueError(at, "inStock + allocated exceeds the open quantity");
  }
}
