import { rejectDuplicates } from "../../backorder-rows.js";
import type { SyncedOrder, SyncRecord } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { Prisma } from "../generated/sqlite/client.js";
import { writeLinesAndHistory } from "./decisions.js";
import { IN_CHUNK, chunks, type Ctx } from "./shared.js";
import { rowCount } from "./statements.js";

// What the order sync records of its Shopify writes (use-cases/backorder/sync-order.ts).

export async function markTouched(ctx: Ctx, shop: ShopDomain, orderIds: string[]): Promise<void> {
  const now = ctx.clock.now();
  // A raw statement: Prisma's updateMany runs in a transaction of its own.
  for (const chunk of chunks([...new Set(orderIds)], IN_CHUNK)) {
    await ctx.db.$executeRaw`UPDATE "BackorderOrder" SET "shopifyTouched" = TRUE, "updatedAt" = ${now}
      WHERE "shop" = ${shop} AND "orderId" IN (${Prisma.join(chunk)})`;
  }
}

export async function recordSyncs(ctx: Ctx, shop: ShopDomain, record: SyncRecord): Promise<void> {
  rejectDuplicates(record);
  const now = ctx.clock.now();
  const statements = chunks(record.orders, SYNCED_PER_STATEMENT);
  // The usual round releases no line: its one statement needs no transaction around it.
  if (record.lines.length === 0 && record.history.length === 0 && statements.length <= 1) {
    if (statements[0]) await ctx.db.$executeRaw(syncedStatement(shop, statements[0], now));
    return;
  }
  await ctx.db.$transaction(
    async (tx) => {
      await writeLinesAndHistory(tx, ctx, shop, record, now);
      for (const chunk of statements) await tx.$executeRaw(syncedStatement(shop, chunk, now));
    },
    { maxWait: 10_000, timeout: Math.max(30_000, rowCount(record) * 2) },
  );
}

/** Five bound values per order (id twice in the CASEs, metafield, holds, the id in the WHERE), and the booleans. */
const SYNCED_PER_STATEMENT = 500;

/**
 * One UPDATE for many orders, each to its own values: `CASE "orderId" WHEN … THEN …` picks an order's text, and
 * `"orderId" IN (…)` is its boolean, which SQLite (3.23+) and PostgreSQL both store in a Boolean column. No row is
 * inserted, so an order deleted meanwhile (shop/redact) stays deleted.
 */
function syncedStatement(shop: ShopDomain, orders: SyncedOrder[], now: Date): Prisma.Sql {
  const pick = (value: (o: SyncedOrder) => string) =>
    Prisma.sql`CASE "orderId" ${Prisma.join(
      orders.map((o) => Prisma.sql`WHEN ${o.orderId} THEN ${value(o)}`),
      " ",
    )} END`;
  const whether = (test: (o: SyncedOrder) => boolean) => {
    const ids = orders.filter(test).map((o) => o.orderId);
    return ids.length > 0 ? Prisma.sql`("orderId" IN (${Prisma.join(ids)}))` : Prisma.sql`FALSE`;
  };
  return Prisma.sql`UPDATE "BackorderOrder" SET
      "syncedMetafield" = ${pick((o) => o.syncedMetafield)},
      "holds" = ${pick((o) => JSON.stringify(o.holds))},
      "backordered" = ${whether((o) => o.backordered)},
      "needsSync" = ${whether((o) => o.needsSync)},
      "shopifyTouched" = TRUE,
      "updatedAt" = ${now}
    WHERE "shop" = ${shop} AND "orderId" IN (${Prisma.join(orders.map((o) => o.orderId))})`;
}
