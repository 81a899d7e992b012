import { type QueuedWrite, type WriteRetry } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { Prisma } from "../generated/sqlite/client.js";
import { type Ctx, chunks, toWrite } from "./shared.js";
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
  const candidates = await ctx.db.shopifyWrite.findMany({
    where: { shop, dueAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    orderBy: [{ urgency: "asc" }, { dueAt: "asc" }, { targetId: "asc" }],
    take: Math.max(1, Math.floor(limit)),
  });
  if (candidates.length === 0) return [];
  // One conditional UPDATE for the rows read: a row another writer process took (or a decision changed) since the
  // read no longer matches, and RETURNING names the rows this one took. Only text comes back, so no per-database
  // decoding; the rest of each row is what was read, its version unchanged.
  const taken = await ctx.db.$queryRaw<{ kind: string; targetId: string }[]>`
    UPDATE "ShopifyWrite" SET "lockedUntil" = ${new Date(now.getTime() + leaseMs)}
     WHERE "shop" = ${shop} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now})
       AND (${Prisma.join(
         candidates.map(
           (r) =>
             Prisma.sql`("kind" = ${r.kind} AND "targetId" = ${r.targetId} AND "version" = ${r.version})`,
         ),
         " OR ",
       )})
    RETURNING "kind", "targetId"`;
  const ours = new Set(taken.map((r) => `${r.kind} ${r.targetId}`));
  return candidates.filter((r) => ours.has(`${r.kind} ${r.targetId}`)).map(toWrite);
}

/** Rows of one shop per statement: three bound values each. */
const ROWS_PER_STATEMENT = 1_000;

export async function finishWrites(ctx: Ctx, writes: QueuedWrite[]): Promise<void> {
  for (const [shop, rows] of byShop(writes)) {
    for (const chunk of chunks(rows, ROWS_PER_STATEMENT)) {
      const { count } = await ctx.db.shopifyWrite.deleteMany({
        where: { shop, OR: chunk.map((w) => ({ kind: w.kind, targetId: w.targetId, version: w.version })) },
      });
      if (count === chunk.length) continue;
      // A change came in while a write ran: its row stays, due now, for the next round (the others are gone).
      await ctx.db.$executeRaw`UPDATE "ShopifyWrite" SET "lockedUntil" = NULL
        WHERE "shop" = ${shop} AND (${targets(chunk)})`;
    }
  }
}

export async function retryWrites(ctx: Ctx, retries: WriteRetry[]): Promise<void> {
  // Rows failing alike (same shop, time and error: a round Shopify refused) share one statement.
  const groups = new Map<string, WriteRetry[]>();
  for (const r of retries) {
    const k = JSON.stringify([r.write.shop, r.dueAt.getTime(), r.error]);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const group of groups.values()) {
    const { write, dueAt, error } = group[0]!;
    for (const chunk of chunks(group, ROWS_PER_STATEMENT)) {
      await ctx.db.$executeRaw`UPDATE "ShopifyWrite"
        SET "dueAt" = ${dueAt}, "attempts" = "attempts" + 1, "lastError" = ${error.slice(0, 1000)},
            "lockedUntil" = NULL
        WHERE "shop" = ${write.shop} AND (${targets(chunk.map((r) => r.write))})`;
    }
  }
}

/**
 * `("kind" = … AND "targetId" = …) OR …`: the rows of these writes. Raw statements, because Prisma's updateMany runs
 * in a transaction of its own (a BEGIN and a COMMIT around its one UPDATE).
 */
function targets(writes: readonly Pick<QueuedWrite, "kind" | "targetId">[]): Prisma.Sql {
  return Prisma.join(
    writes.map((w) => Prisma.sql`("kind" = ${w.kind} AND "targetId" = ${w.targetId})`),
    " OR ",
  );
}

function byShop(writes: QueuedWrite[]): Map<ShopDomain, QueuedWrite[]> {
  const shops = new Map<ShopDomain, QueuedWrite[]>();
  for (const w of writes) shops.set(w.shop, [...(shops.get(w.shop) ?? []), w]);
  return shops;
}

export async function pendingWrites(ctx: Ctx, shop: ShopDomain): Promise<QueuedWrite[]> {
  const rows = await ctx.db.shopifyWrite.findMany({
    where: { shop },
    orderBy: [{ urgency: "asc" }, { dueAt: "asc" }, { targetId: "asc" }],
  });
  return rows.map(toWrite);
}
