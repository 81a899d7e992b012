/**
 * What the memory and Prisma backorder repositories share, so they behave alike: the page cursor of `listLines`
 * (the same format in both: a cursor means the same thing whatever the storage) and the duplicate check of
 * `saveDecision`.
 */
import { InvalidValueError } from "../domain/shared/errors.js";
import { instantMs, type Instant } from "../domain/shared/instant.js";
import { ValidationError } from "../errors.js";
import {
  WRITE_URGENCY,
  type DecisionChange,
  type ShopifyWriteRequest,
  LINE_SORTS,
} from "../use-cases/backorder/ports.js";

import type { LineSort as ListSort } from "../use-cases/backorder/ports.js";

export type { ListSort };

/**
 * The promised sort's key of a line without a dated promise: after every date, never NULL (one index order). The
 * key is the date the customer accepted, else the promise at purchase; a range's last day (domain/eta latestDate).
 */
export const NO_PROMISE_DAY = "9999-12-31";

/** A staff priority orders before every line without one; stored instead of NULL so an index walks it in order. */
export const NO_PRIORITY_RANK = 2_147_483_647;

/** The values the list sorts and searches on, derived from a line on every write (both repositories). */
export interface ListKeys {
  orderCreatedAt: Instant;
  orderId: string;
  lineItemId: string;
  waitingUnits: number;
  sortPriority: number;
  /** The day the line's customer holds us to (YYYY-MM-DD), NO_PROMISE_DAY when none. */
  sortPromise: string;
}

export function sortPriorityOf(priority: number | null): number {
  return priority ?? NO_PRIORITY_RANK;
}

/** What a line's text search matches: SKU, product and variant title, lower-cased. */
export function lineSearchText(l: {
  sku?: string | null;
  productTitle?: string | null;
  variantTitle?: string | null;
}): string {
  return [l.sku, l.productTitle, l.variantTitle]
    .map((v) => v ?? "")
    .join(" | ")
    .toLowerCase();
}

/** What an order's text search matches: its name, customer name and email, lower-cased. */
export function orderSearchText(o: {
  name: string;
  customerName: string | null;
  customerEmail: string | null;
}): string {
  return [o.name, o.customerName, o.customerEmail]
    .map((v) => v ?? "")
    .join(" | ")
    .toLowerCase();
}

/** The search term as stored text is matched: trimmed, lower-cased. */
export function normaliseSearch(term: string): string {
  return term.trim().toLowerCase();
}

/**
 * The order of each sort, as the list returns it and the keyset continues it. Ties end on the order and line ids so
 * every line has one place. "newest" keeps the list's original order (line id ascending inside an order).
 */
export function compareForSort(sort: ListSort): (a: ListKeys, b: ListKeys) => number {
  const oldest = (a: ListKeys, b: ListKeys) =>
    instantMs(a.orderCreatedAt) - instantMs(b.orderCreatedAt) ||
    compareText(a.orderId, b.orderId) ||
    compareText(a.lineItemId, b.lineItemId);
  switch (sort) {
    case "newest":
      return (a, b) =>
        instantMs(b.orderCreatedAt) - instantMs(a.orderCreatedAt) ||
        compareText(b.orderId, a.orderId) ||
        compareText(a.lineItemId, b.lineItemId);
    case "oldest":
      return oldest;
    case "promised":
      // The soonest day the customer holds us to first, lines without a promise last, then oldest.
      return (a, b) => compareText(a.sortPromise, b.sortPromise) || oldest(a, b);
    case "priority":
      return (a, b) => a.sortPriority - b.sortPriority || oldest(a, b);
    case "units":
      // Most waiting first, then newest, all descending: one backward walk of the index on both databases.
      return (a, b) => b.waitingUnits - a.waitingUnits || -oldest(a, b);
  }
}

/** Code-unit order, as both databases compare these ASCII ids with their default collations. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where a page of lines ends: the sort it was taken with and the last line's keys. */
export interface LineCursor {
  sort: ListSort;
  keys: {
    orderCreatedAt: Date;
    orderId: string;
    lineItemId: string;
    waitingUnits: number;
    sortPriority: number;
    sortPromise: string;
  };
}

export function encodeLineCursor(sort: ListSort, line: ListKeys): string {
  return Buffer.from(
    JSON.stringify([
      instantMs(line.orderCreatedAt),
      line.orderId,
      line.lineItemId,
      sort,
      line.waitingUnits,
      line.sortPriority,
      line.sortPromise,
    ]),
  ).toString("base64url");
}

const SORTS: readonly ListSort[] = LINE_SORTS;

/** A cursor continues the sort it was made for; a cursor of another sort (or of nothing of ours) is a 400. */
export function decodeLineCursor(cursor: string, sort: ListSort): LineCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    // not base64url JSON: reported below
  }
  if (
    Array.isArray(value) &&
    (value.length === 3 || value.length === 6 || value.length === 7) &&
    Number.isSafeInteger(value[0]) &&
    typeof value[1] === "string" &&
    typeof value[2] === "string"
  ) {
    // Three entries: a cursor from before the sorts, which were all "newest".
    const [
      ms,
      orderId,
      lineItemId,
      cursorSort = "newest",
      waiting = 0,
      rank = NO_PRIORITY_RANK,
      promiseDay = NO_PROMISE_DAY,
    ] = value as unknown[];
    if (
      SORTS.includes(cursorSort as ListSort) &&
      Number.isSafeInteger(waiting) &&
      Number.isSafeInteger(rank) &&
      typeof promiseDay === "string" &&
      /^\d{4}-\d{2}-\d{2}$/.test(promiseDay)
    ) {
      if (cursorSort !== sort) {
        throw new ValidationError(`cursor: made for sort ${String(cursorSort)}, not ${sort}`, {
          field: "cursor",
        });
      }
      return {
        sort,
        keys: {
          orderCreatedAt: new Date(ms as number),
          orderId: orderId as string,
          lineItemId: lineItemId as string,
          waitingUnits: waiting as number,
          sortPriority: rank as number,
          sortPromise: promiseDay,
        },
      };
    }
  }
  throw new ValidationError("cursor: not a cursor returned by this API", { field: "cursor" });
}

/** A line or order given twice to one saveDecision is a caller's bug (PostgreSQL would refuse the upsert too). */
export function rejectDuplicates(change: {
  orders: readonly { orderId: string }[];
  lines: readonly { lineItemId: string }[];
}): void {
  for (const [field, ids] of [
    ["orders", change.orders.map((o) => o.orderId)],
    ["lines", change.lines.map((l) => l.lineItemId)],
  ] as const) {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) throw new InvalidValueError(field, `${id} is given twice`);
      seen.add(id);
    }
  }
}

/** The change's writes, plus one for every order saved with needsSync that the change does not list. */
export function writesOf(change: DecisionChange): ShopifyWriteRequest[] {
  const byKey = new Map<string, ShopifyWriteRequest>();
  const add = (w: ShopifyWriteRequest) => {
    const key = `${w.kind} ${w.targetId}`;
    const seen = byKey.get(key);
    if (!seen || w.urgency < seen.urgency) byKey.set(key, w);
  };
  for (const w of change.writes ?? []) add(w);
  for (const o of change.orders) {
    if (o.needsSync && !byKey.has(`order ${o.orderId}`)) {
      add({ kind: "order", targetId: o.orderId, urgency: WRITE_URGENCY.order });
    }
  }
  return [...byKey.values()];
}
