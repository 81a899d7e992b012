import { TERMINAL_STATUSES, type LineStatus } from "../../../domain/backorder/index.js";
import {
  compareForSort,
  decodeLineCursor,
  encodeLineCursor,
  lineSearchText,
  normaliseSearch,
  orderSearchText,
  sortPriorityOf,
  NO_PROMISE_DAY,
  type ListKeys,
} from "../../backorder-rows.js";
import { SEARCH_ORDER_LIMIT, type LineFilter, type StoredLine } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { compareText, copy, key, ms, shopLines, shopOrders, type MemoryState } from "./state.js";

export async function listLines(
  s: MemoryState,
  shop: ShopDomain,
  filter: LineFilter,
): Promise<{ lines: StoredLine[]; nextCursor: string | null; searchTruncated?: boolean }> {
  const limit = Math.max(1, Math.floor(filter.limit));
  const sort = filter.sort ?? "newest";
  const compare = compareForSort(sort);
  const after = filter.cursor ? decodeLineCursor(filter.cursor, sort).keys : null;
  const term = filter.search !== undefined ? normaliseSearch(filter.search) : "";
  const search = searchOrders(s, shop, term);
  const accepts = lineFilter(s, shop, filter, search.orders, term);
  const matching = shopLines(s, shop)
    .map((l) => ({ line: l, keys: listKeys(l, s.promisedDays.get(key(shop, l.lineItemId))) }))
    .filter(({ line, keys }) => accepts(line) && (!after || compare(keys, after) > 0))
    .sort((a, b) => compare(a.keys, b.keys));
  const page = matching.slice(0, limit);
  const last = page[page.length - 1];
  return {
    lines: page.map(({ line }) => withPromisedDay(s, shop, line)),
    nextCursor: matching.length > limit && last ? encodeLineCursor(sort, last.keys) : null,
    ...(term ? { searchTruncated: search.truncated } : {}),
  };
}

/** As the Prisma repository: orders matched by name or customer, at most SEARCH_ORDER_LIMIT (oldest first). */
function searchOrders(
  s: MemoryState,
  shop: ShopDomain,
  term: string,
): { orders: Set<string>; truncated: boolean } {
  const found = term
    ? shopOrders(s, shop)
        .filter((o) => orderSearchText(o).includes(term))
        .sort((a, b) => compareText(a.orderId, b.orderId))
    : [];
  return {
    orders: new Set(found.slice(0, SEARCH_ORDER_LIMIT).map((o) => o.orderId)),
    truncated: found.length > SEARCH_ORDER_LIMIT,
  };
}

/** The filter's conditions other than the cursor, as one predicate on a line. */
function lineFilter(
  s: MemoryState,
  shop: ShopDomain,
  filter: LineFilter,
  orderMatches: Set<string>,
  term: string,
): (l: StoredLine) => boolean {
  const statuses = filter.status ? new Set(filter.status) : null;
  const customerOrders =
    filter.customerId !== undefined
      ? new Set(
          shopOrders(s, shop)
            .filter((o) => o.customerId === filter.customerId)
            .map((o) => o.orderId),
        )
      : null;
  const before = filter.createdBefore?.getTime();
  return (l) =>
    (!statuses || statuses.has(l.status)) &&
    (filter.variantId === undefined || l.variantId === filter.variantId) &&
    (filter.orderId === undefined || l.orderId === filter.orderId) &&
    (!customerOrders || customerOrders.has(l.orderId)) &&
    (before === undefined || ms(l.orderCreatedAt) < before) &&
    (!term || lineSearchText(l).includes(term) || orderMatches.has(l.orderId));
}

export async function getLine(
  s: MemoryState,
  shop: ShopDomain,
  lineItemId: string,
): Promise<StoredLine | null> {
  const row = s.lines.get(key(shop, lineItemId));
  return row ? withPromisedDay(s, shop, row.line) : null;
}

export async function getLines(
  s: MemoryState,
  shop: ShopDomain,
  lineItemIds: string[],
): Promise<StoredLine[]> {
  const result: StoredLine[] = [];
  for (const id of new Set(lineItemIds)) {
    const row = s.lines.get(key(shop, id));
    if (row) result.push(withPromisedDay(s, shop, row.line));
  }
  return result;
}

export async function setPromisedDays(
  s: MemoryState,
  shop: ShopDomain,
  days: { lineItemId: string; day: string | null }[],
): Promise<void> {
  for (const { lineItemId, day } of days) {
    const k = key(shop, lineItemId);
    if (!s.lines.has(k)) continue; // as an UPDATE of no row
    if (day === null) s.promisedDays.delete(k);
    else s.promisedDays.set(k, day);
  }
}

export async function stats(
  s: MemoryState,
  shop: ShopDomain,
): Promise<{
  lines: Partial<Record<LineStatus, number>>;
  waitingUnits: number;
  backorderedOrders: number;
}> {
  const counts: Partial<Record<LineStatus, number>> = {};
  let waitingUnits = 0;
  for (const l of shopLines(s, shop)) {
    counts[l.status] = (counts[l.status] ?? 0) + 1;
    if (!TERMINAL_STATUSES.has(l.status)) waitingUnits += l.quantity - l.inStock - l.allocated;
  }
  const backorderedOrders = shopOrders(s, shop).filter((o) => o.backordered).length;
  return { lines: counts, waitingUnits, backorderedOrders };
}

/** The line as the repository reads it: with its promised day, as the Prisma repository's reads give it. */
export function withPromisedDay(s: MemoryState, shop: ShopDomain, line: StoredLine): StoredLine {
  const day = s.promisedDays.get(key(shop, line.lineItemId));
  return day === undefined ? copy(line) : { ...copy(line), promisedDay: day };
}

/** The keys the list sorts on, derived as the Prisma repository stores them. */
function listKeys(l: StoredLine, promisedDay: string | undefined): ListKeys {
  return {
    orderCreatedAt: l.orderCreatedAt,
    orderId: l.orderId,
    lineItemId: l.lineItemId,
    waitingUnits: l.quantity - l.inStock - l.allocated,
    sortPriority: sortPriorityOf(l.priority),
    sortPromise: promisedDay ?? NO_PROMISE_DAY,
  };
}
