import { type QueuedWrite } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { type Ctx, toWrite } from "./shared.js";
import { storedShop } from "../shop-column.js";

// The Shopify write outbox.

export async function shopsWithDueWrites(ctx: Ctx, now: Date): Promise<ShopDomain[]> {
  const rows = await ctx.db.shopifyWrite.findMany({
    where: { dueAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    distinct: ["shop"],
    select: { shop: true },
  });
  return rows.map((r) => storedShop(r.shop)).sort();
}

export async function claimWrites(
  ctx: Ctx,
  shop: ShopDomain,
  now: Date,
  limit: number,
  leaseMs: number,
): Promise<QueuedWrite[]> {
  const free = { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] };
  const candidates = await ctx.db.shopifyWrite.findMany({
    where: { shop, dueAt: { lte: now }, ...free },
    orderBy: [{ urgency: "asc" }, { dueAt: "asc" }, { targetId: "asc" }],
    take: Math.max(1, Math.floor(limit)),
  });
  const lockedUntil = new Date(now.getTime() + leaseMs);
  const claimed: QueuedWrite[] = [];
  // One conditional update per row: another writer process that took the row first makes ours match nothing.
  for (const row of candidates) {
    const { count } = await ctx.db.shopifyWrite.updateMany({
      where: { shop, kind: row.kind, targetId: row.targetId, version: row.version, ...free },
      data: { lockedUntil },
    });
    if (count === 1) claimed.push(toWrite(row));
  }
  return claimed;
}

export async function finishWrite(ctx: Ctx, write: QueuedWrite): Promise<void> {
  const key = { shop: write.shop, kind: write.kind, targetId: write.targetId };
  const { count } = await ctx.db.shopifyWrite.deleteMany({ where: { ...key, version: write.version } });
  // A change came in while the write ran: its row stays, due now, for the next round.
  if (count === 0) await ctx.db.shopifyWrite.updateMany({ where: key, data: { lockedUntil: null } });
}

export async function retryWrite(ctx: Ctx, write: QueuedWrite, dueAt: Date, error: string): Promise<void> {
  await ctx.db.shopifyWrite.updateMany({
    where: { shop: write.shop, kind: write.kind, targetId: write.targetId },
    data: { dueAt, attempts: { increment: 1 }, lastError: error.slice(0, 1000), lockedUntil: null },
  });
}

export async function pendingWrites(ctx: Ctx, shop: ShopDomain): Promise<QueuedWrite[]> {
  const rows = await ctx.db.shopifyWrite.findMany({
    where: { shop },
    orderBy: [{ urgency: "asc" }, { dueAt: "asc" }, { targetId: "asc" }],
  });
  return rows.map(toWrite);
}
