import { inQueueOrder, type LineStatus } from "../../../domain/backorder/index.js";
import { compareGids } from "../../../domain/shared/gid.js";
import { type EngineOrder, type StoredLine } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import {
  type BackorderLine as LineRow,
  type BackorderOrder as OrderRow,
} from "../generated/sqlite/client.js";
import { type Pool, IN_CHUNK, OPEN_STATUSES, type Ctx, toOrder, toLine, chunks } from "./shared.js";
import { findByPools } from "./mirrors.js";

// Orders and lines, as the engine reads them.

export async function getOrder(ctx: Ctx, shop: ShopDomain, orderId: string): Promise<EngineOrder | null> {
  const row = await ctx.db.backorderOrder.findUnique({ where: { shop_orderId: { shop, orderId } } });
  return row ? toOrder(row) : null;
}

export async function getOrders(ctx: Ctx, shop: ShopDomain, orderIds: string[]): Promise<EngineOrder[]> {
  const rows: OrderRow[] = [];
  for (const chunk of chunks([...new Set(orderIds)], IN_CHUNK)) {
    rows.push(...(await ctx.db.backorderOrder.findMany({ where: { shop, orderId: { in: chunk } } })));
  }
  return rows.map(toOrder);
}

export async function getLines(ctx: Ctx, shop: ShopDomain, lineItemIds: string[]): Promise<StoredLine[]> {
  const rows: LineRow[] = [];
  for (const chunk of chunks([...new Set(lineItemIds)], IN_CHUNK)) {
    rows.push(...(await ctx.db.backorderLine.findMany({ where: { shop, lineItemId: { in: chunk } } })));
  }
  return rows.map(toLine);
}

export async function linesOfOrder(ctx: Ctx, shop: ShopDomain, orderId: string): Promise<StoredLine[]> {
  const rows = await ctx.db.backorderLine.findMany({ where: { shop, orderId } });
  return rows.map(toLine).sort((a, b) => compareGids(a.lineItemId, b.lineItemId));
}

/** Every line of these orders, in chunks of ids: one read for a batch of orders (use-cases/backorder/batch-store.ts). */
export async function linesOfOrders(ctx: Ctx, shop: ShopDomain, orderIds: string[]): Promise<StoredLine[]> {
  const rows: LineRow[] = [];
  for (const chunk of chunks([...new Set(orderIds)], IN_CHUNK)) {
    rows.push(...(await ctx.db.backorderLine.findMany({ where: { shop, orderId: { in: chunk } } })));
  }
  return rows.map(toLine).sort((a, b) => compareGids(a.lineItemId, b.lineItemId));
}

export async function openLinesOfPools(ctx: Ctx, shop: ShopDomain, pools: Pool[]): Promise<StoredLine[]> {
  // shop = · AND locationId = · AND inventoryItemId IN (…) AND status IN (…): a range scan of the
  // (shop, inventoryItemId, locationId, status) index per item.
  const rows = await findByPools(ctx.db, pools, (locationId, itemIds) =>
    ctx.db.backorderLine.findMany({
      where: { shop, locationId, inventoryItemId: { in: itemIds }, status: { in: OPEN_STATUSES } },
    }),
  );
  // Sorted here rather than by the database: the engine's tie-break compares ids numerically, SQL as text.
  return inQueueOrder(rows.map(toLine));
}

export async function openLinesOfVariants(
  ctx: Ctx,
  shop: ShopDomain,
  variantIds: string[],
  statuses: LineStatus[] = OPEN_STATUSES,
): Promise<StoredLine[]> {
  // shop = · AND status IN (…) AND variantId IN (…): the (shop, status) index; waiting lines are few.
  const rows: LineRow[] = [];
  for (const chunk of chunks([...new Set(variantIds)], IN_CHUNK)) {
    rows.push(
      ...(await ctx.db.backorderLine.findMany({
        where: { shop, variantId: { in: chunk }, status: { in: statuses } },
      })),
    );
  }
  return inQueueOrder(rows.map(toLine));
}

export async function ordersNeedingSync(ctx: Ctx, shop: ShopDomain, limit: number): Promise<EngineOrder[]> {
  const rows = await ctx.db.backorderOrder.findMany({
    where: { shop, needsSync: true },
    orderBy: [{ orderCreatedAt: "asc" }, { orderId: "asc" }],
    take: Math.max(0, Math.floor(limit)),
  });
  return rows.map(toOrder);
}
