import { inQueueOrder, type LineStatus } from "../../../domain/backorder/index.js";
import { compareGids } from "../../../domain/shared/gid.js";
import { type EngineOrder, type StoredLine } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { providerOf } from "../client.js";
import { driverOf, placeholders, type DriverRow } from "../driver-sql.js";
import { type Pool, OPEN_STATUSES, type Ctx, toOrder, chunks, IN_CHUNK } from "./shared.js";
import { findByPools } from "./mirrors.js";
import { readLines, readOrders } from "./rows.js";

// Orders and lines, as the engine reads them: past Prisma, through the driver (rows.ts).

export async function getOrder(ctx: Ctx, shop: ShopDomain, orderId: string): Promise<EngineOrder | null> {
  const [order] = await readOrders(ctx, shop, { where: `"orderId" = ?`, params: [orderId] });
  return order ?? null;
}

export async function getOrders(ctx: Ctx, shop: ShopDomain, orderIds: string[]): Promise<EngineOrder[]> {
  return readOrders(ctx, shop, { in: { column: "orderId", ids: orderIds } });
}

export async function getLines(ctx: Ctx, shop: ShopDomain, lineItemIds: string[]): Promise<StoredLine[]> {
  return readLines(ctx, shop, { in: { column: "lineItemId", ids: lineItemIds } });
}

export async function linesOfOrder(ctx: Ctx, shop: ShopDomain, orderId: string): Promise<StoredLine[]> {
  const lines = await readLines(ctx, shop, { where: `"orderId" = ?`, params: [orderId] });
  return lines.sort((a, b) => compareGids(a.lineItemId, b.lineItemId));
}

/** Every line of these orders, in chunks of ids: one read for a batch of orders (use-cases/backorder/batch-store.ts). */
export async function linesOfOrders(ctx: Ctx, shop: ShopDomain, orderIds: string[]): Promise<StoredLine[]> {
  const lines = await readLines(ctx, shop, { in: { column: "orderId", ids: orderIds } });
  return lines.sort((a, b) => compareGids(a.lineItemId, b.lineItemId));
}

const OPEN = `"status" IN (${placeholders(OPEN_STATUSES.length)})`;

export async function openLinesOfPools(ctx: Ctx, shop: ShopDomain, pools: Pool[]): Promise<StoredLine[]> {
  // shop = · AND locationId = · AND status IN (…) AND inventoryItemId IN (…): a range scan of the
  // (shop, inventoryItemId, locationId, status) index per item.
  const lines = await findByPools(ctx.db, pools, (locationId, itemIds) =>
    readLines(ctx, shop, {
      where: `"locationId" = ? AND ${OPEN}`,
      params: [locationId, ...OPEN_STATUSES],
      in: { column: "inventoryItemId", ids: itemIds },
    }),
  );
  // Sorted here rather than by the database: the engine's tie-break compares ids numerically, SQL as text.
  return inQueueOrder(lines);
}

/**
 * PostgreSQL's `xmin` (the transaction that wrote the row version; every UPDATE writes a new version) is the row's
 * version: a row written again, by any process, is read with another one. SQLite keeps none: null.
 * https://www.postgresql.org/docs/current/ddl-system-columns.html
 */
export async function openLineVersionsOfPools(
  ctx: Ctx,
  shop: ShopDomain,
  pools: Pool[],
): Promise<Map<string, string> | null> {
  if (providerOf(ctx.db) === "sqlite") return null;
  const driver = driverOf(ctx.db);
  // One text per statement ("id version,id version…"; GIDs hold neither a space nor a comma): one row to decode
  // instead of one per line.
  const texts = await findByPools(ctx.db, pools, async (locationId, itemIds) => {
    const found: DriverRow[] = [];
    for (const chunk of chunks(itemIds, IN_CHUNK)) {
      const sql = `SELECT string_agg("lineItemId" || ' ' || xmin::text, ',') AS "versions" FROM "BackorderLine" WHERE "shop" = ? AND "locationId" = ? AND ${OPEN} AND "inventoryItemId" IN (${placeholders(chunk.length)})`;
      found.push(...(await driver.rows(sql, [shop, locationId, ...OPEN_STATUSES, ...chunk])));
    }
    return found;
  });
  const versions = new Map<string, string>();
  for (const { versions: text } of texts) {
    if (typeof text !== "string") continue; // no line: string_agg gives NULL
    for (const pair of text.split(",")) {
      const space = pair.indexOf(" ");
      versions.set(pair.slice(0, space), pair.slice(space + 1));
    }
  }
  return versions;
}

export async function openLinesOfVariants(
  ctx: Ctx,
  shop: ShopDomain,
  variantIds: string[],
  statuses: LineStatus[] = OPEN_STATUSES,
): Promise<StoredLine[]> {
  // shop = · AND status IN (…) AND variantId IN (…): the (shop, status) index; waiting lines are few.
  const wanted = [...new Set(statuses)];
  if (wanted.length === 0) return [];
  const lines = await readLines(ctx, shop, {
    where: `"status" IN (${placeholders(wanted.length)})`,
    params: wanted,
    in: { column: "variantId", ids: variantIds },
  });
  return inQueueOrder(lines);
}

export async function ordersNeedingSync(ctx: Ctx, shop: ShopDomain, limit: number): Promise<EngineOrder[]> {
  const rows = await ctx.db.backorderOrder.findMany({
    where: { shop, needsSync: true },
    orderBy: [{ orderCreatedAt: "asc" }, { orderId: "asc" }],
    take: Math.max(0, Math.floor(limit)),
  });
  return rows.map(toOrder);
}
