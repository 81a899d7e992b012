import { type LineStatus } from "../../../domain/backorder/index.js";
import {
  NO_PROMISE_DAY,
  compareForSort,
  decodeLineCursor,
  encodeLineCursor,
  normaliseSearch,
  type LineCursor,
} from "../../backorder-rows.js";
import {
  SEARCH_ORDER_LIMIT,
  type LineFilter,
  type LineSort,
  type StoredLine,
} from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { Prisma, type BackorderLine as LineRow } from "../generated/sqlite/client.js";
import { indexedLinePage, ordersMatching, textContains } from "./list-search.js";
import { chunks, IN_CHUNK, OPEN_STATUSES, type Ctx, toLine } from "./shared.js";

// The admin's list, search, line and stats queries.

export async function listLines(
  ctx: Ctx,
  shop: ShopDomain,
  filter: LineFilter,
): Promise<{ lines: StoredLine[]; nextCursor: string | null; searchTruncated?: boolean }> {
  const limit = Math.max(1, Math.floor(filter.limit));
  const sort = filter.sort ?? "newest";
  const after = filter.cursor ? decodeLineCursor(filter.cursor, sort).keys : null;
  const where: Prisma.Sql[] = [Prisma.sql`"shop" = ${shop}`];
  if (filter.variantId !== undefined) where.push(Prisma.sql`"variantId" = ${filter.variantId}`);
  if (filter.orderId !== undefined) where.push(Prisma.sql`"orderId" = ${filter.orderId}`);
  if (filter.createdBefore) where.push(Prisma.sql`"orderCreatedAt" < ${filter.createdBefore}`);
  if (filter.customerId !== undefined) {
    // Lines carry no customer: it is their order's. The schema has no line → order relation to join on, so the
    // customer's order ids (index shop, customerId) are read first; a customer has few orders.
    const orders = await ctx.db.backorderOrder.findMany({
      where: { shop, customerId: filter.customerId },
      select: { orderId: true },
    });
    if (orders.length === 0) return { lines: [], nextCursor: null };
    where.push(Prisma.sql`"orderId" IN (${Prisma.join(orders.map((o) => o.orderId))})`);
  }
  if (after) where.push(keysetAfter(sort, after));
  const statuses = filter.status ? [...new Set(filter.status)] : null;
  if (statuses?.length === 0) return { lines: [], nextCursor: null };
  let searchTruncated: boolean | undefined;
  let raw: Record<string, unknown>[] | null = null;
  const term = filter.search !== undefined ? normaliseSearch(filter.search) : "";
  if (term) {
    // Order name and customer live on the order: the matching orders first (bounded), then their lines.
    const found = await ordersMatching(ctx, shop, term);
    searchTruncated = found.length > SEARCH_ORDER_LIMIT;
    const orders = found.slice(0, SEARCH_ORDER_LIMIT);
    raw = await indexedLinePage(ctx, {
      term,
      orders,
      where: statuses ? [...where, Prisma.sql`"status" IN (${Prisma.join(statuses)})`] : where,
      orderBy: ORDER_BY[sort],
      limit: limit + 1,
    });
    if (!raw) {
      const contains = textContains(ctx, term);
      where.push(
        orders.length > 0 ? Prisma.sql`(${contains} OR "orderId" IN (${Prisma.join(orders)}))` : contains,
      );
    }
  }
  raw ??= await walkPage(ctx, where, statuses, sort, limit + 1);
  const compare = compareForSort(sort);
  const rows = raw
    .map(fromRawLine)
    .sort((a, b) => compare(a, b))
    .slice(0, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    lines: page.map(toLine),
    nextCursor: rows.length > limit && last ? encodeLineCursor(sort, last) : null,
    ...(searchTruncated !== undefined ? { searchTruncated } : {}),
  };
}

export async function getLine(ctx: Ctx, shop: ShopDomain, lineItemId: string): Promise<StoredLine | null> {
  const row = await ctx.db.backorderLine.findUnique({ where: { shop_lineItemId: { shop, lineItemId } } });
  return row ? toLine(row) : null;
}

export async function setPromisedDays(
  ctx: Ctx,
  shop: ShopDomain,
  days: { lineItemId: string; day: string | null }[],
): Promise<void> {
  await ctx.db.$transaction(promisedDayUpdates(ctx.db, shop, days));
}

/** The updates that set lines' promised days, for a transaction of the caller's (the availability repository's). */
export function promisedDayUpdates(
  db: Ctx["db"],
  shop: ShopDomain,
  days: { lineItemId: string; day: string | null }[],
) {
  // One statement per distinct day (a sync's lines mostly share a few), the last day given for a line winning.
  const lastDay = new Map(days.map(({ lineItemId, day }) => [lineItemId, day ?? NO_PROMISE_DAY]));
  const linesOfDay = new Map<string, string[]>();
  for (const [lineItemId, day] of lastDay) {
    const ids = linesOfDay.get(day) ?? [];
    ids.push(lineItemId);
    linesOfDay.set(day, ids);
  }
  return [...linesOfDay].flatMap(([day, lineItemIds]) =>
    chunks(lineItemIds, IN_CHUNK).map((chunk) =>
      db.backorderLine.updateMany({
        where: { shop, lineItemId: { in: chunk } },
        data: { sortPromise: day },
      }),
    ),
  );
}

export async function stats(
  ctx: Ctx,
  shop: ShopDomain,
): Promise<{
  lines: Partial<Record<LineStatus, number>>;
  waitingUnits: number;
  backorderedOrders: number;
}> {
  const [groups, open, backorderedOrders] = await Promise.all([
    ctx.db.backorderLine.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } }),
    ctx.db.backorderLine.aggregate({
      where: { shop, status: { in: OPEN_STATUSES } },
      _sum: { quantity: true, inStock: true, allocated: true },
    }),
    ctx.db.backorderOrder.count({ where: { shop, backordered: true } }),
  ]);
  const lines: Partial<Record<LineStatus, number>> = {};
  for (const g of groups) lines[g.status as LineStatus] = g._count._all;
  const sum = open._sum;
  const waitingUnits = (sum.quantity ?? 0) - (sum.inStock ?? 0) - (sum.allocated ?? 0);
  return { lines, waitingUnits, backorderedOrders };
}

/**
 * One sub-query per status, in one statement: each walks its (shop, status, sort key) index in order and stops
 * after `limit` rows, where one `status IN (…)` query would sort every matching line first. Merged by the caller.
 * Without a status filter (the "All" tab), one walk of the (shop, sort key) index.
 */
function walkPage(
  ctx: Ctx,
  where: Prisma.Sql[],
  statuses: string[] | null,
  sort: LineSort,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const branches = (statuses ?? [null]).map((status, i) => {
    const conditions = Prisma.join(
      status === null ? where : [Prisma.sql`"status" = ${status}`, ...where],
      " AND ",
    );
    return Prisma.sql`SELECT * FROM (SELECT * FROM "BackorderLine" WHERE ${conditions}
        ORDER BY ${Prisma.raw(ORDER_BY[sort])} LIMIT ${limit}) ${Prisma.raw(`s${i}`)}`;
  });
  return ctx.db.$queryRaw<Record<string, unknown>[]>(Prisma.join(branches, " UNION ALL "));
}

// ---------------------------------------------------------------- list order

/** ORDER BY of each sort (backorder-rows.ts compareForSort says the same in code). */
export const ORDER_BY: Record<LineSort, string> = {
  newest: `"orderCreatedAt" DESC, "orderId" DESC, "lineItemId" ASC`,
  oldest: `"orderCreatedAt" ASC, "orderId" ASC, "lineItemId" ASC`,
  promised: `"sortPromise" ASC, "orderCreatedAt" ASC, "orderId" ASC, "lineItemId" ASC`,
  priority: `"sortPriority" ASC, "orderCreatedAt" ASC, "orderId" ASC, "lineItemId" ASC`,
  units: `"waitingUnits" DESC, "orderCreatedAt" DESC, "orderId" DESC, "lineItemId" DESC`,
};

/**
 * Lines after the cursor's in the sort's order, as an index range: a row-value comparison where every key runs the
 * same way (both databases walk the index from there), the expanded form for "newest" (line id ascending).
 */
export function keysetAfter(sort: LineSort, k: LineCursor["keys"]): Prisma.Sql {
  const { orderCreatedAt: at, orderId, lineItemId } = k;
  switch (sort) {
    case "newest":
      return Prisma.sql`("orderCreatedAt" < ${at} OR ("orderCreatedAt" = ${at} AND "orderId" < ${orderId})
        OR ("orderCreatedAt" = ${at} AND "orderId" = ${orderId} AND "lineItemId" > ${lineItemId}))`;
    case "oldest":
      return Prisma.sql`("orderCreatedAt", "orderId", "lineItemId") > (${at}, ${orderId}, ${lineItemId})`;
    case "promised":
      return Prisma.sql`("sortPromise", "orderCreatedAt", "orderId", "lineItemId")
        > (${k.sortPromise}, ${at}, ${orderId}, ${lineItemId})`;
    case "priority":
      return Prisma.sql`("sortPriority", "orderCreatedAt", "orderId", "lineItemId")
        > (${k.sortPriority}, ${at}, ${orderId}, ${lineItemId})`;
    case "units":
      return Prisma.sql`("waitingUnits", "orderCreatedAt", "orderId", "lineItemId")
        < (${k.waitingUnits}, ${at}, ${orderId}, ${lineItemId})`;
  }
}

/** A row of a raw `SELECT *` as Prisma would type it: drivers differ on booleans and integers. */
export function fromRawLine(r: Record<string, unknown>): LineRow {
  const int = (v: unknown) => Number(v);
  const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    shop: String(r.shop),
    lineItemId: String(r.lineItemId),
    orderId: String(r.orderId),
    orderCreatedAt: date(r.orderCreatedAt),
    variantId: String(r.variantId),
    inventoryItemId: String(r.inventoryItemId),
    locationId: String(r.locationId),
    tracked: r.tracked === true || r.tracked === 1 || r.tracked === 1n || r.tracked === "1",
    tags: String(r.tags),
    priority: r.priority === null || r.priority === undefined ? null : int(r.priority),
    status: String(r.status),
    quantity: int(r.quantity),
    inStock: int(r.inStock),
    allocated: int(r.allocated),
    partialAllocations: int(r.partialAllocations),
    productTitle: text(r.productTitle),
    variantTitle: text(r.variantTitle),
    sku: text(r.sku),
    waitingUnits: int(r.waitingUnits),
    sortPriority: int(r.sortPriority),
    sortPromise: String(r.sortPromise),
    searchText: String(r.searchText),
    orderedUnits: int(r.orderedUnits ?? 0),
    shippedAt: r.shippedAt === null || r.shippedAt === undefined ? null : date(r.shippedAt),
    createdAt: date(r.createdAt),
    updatedAt: date(r.updatedAt),
  };
}
