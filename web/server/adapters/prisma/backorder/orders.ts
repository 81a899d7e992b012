import { inQueueOrder, type LineStatus } from "../../../domain/backorder/index.js";
import { compareGids } from "../../../domain/shared/gid.js";
import { type EngineOrder, type StoredLine } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { placeholders } from "../driver-sql.js";
import { type Pool, OPEN_STATUSES, type Ctx, toOrder } from "./shared.js";
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
