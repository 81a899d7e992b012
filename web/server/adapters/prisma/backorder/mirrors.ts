import { type StockLevel } from "../../../domain/backorder/index.js";
import { type VariantInfo } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import type { Db } from "../client.js";
import { Prisma, type VariantMirror as VariantRow } from "../generated/sqlite/client.js";
import {
  type Pool,
  type SqlValue,
  IN_CHUNK,
  LEVEL_COLUMNS,
  assertInt,
  VARIANT_COLUMNS,
  type Ctx,
  toDate,
  toLevel,
  toVariant,
  poolKey,
  chunks,
} from "./shared.js";
import { insertStatement, rowsPerStatement } from "./statements.js";

// The inventory and variant mirrors.

export async function upsertLevel(
  ctx: Ctx,
  shop: ShopDomain,
  level: StockLevel & { asOf: Date },
): Promise<boolean> {
  // One statement (Prisma's updateMany would be a transaction of its own): inserted, or updated unless the stored
  // asOf is newer (an equal asOf is the same level delivered again). Two concurrent first inserts cannot both insert:
  // the key decides, and the loser's row still goes through the asOf check.
  const [statement] = levelStatements(shop, [level], ctx.clock.now());
  return (await ctx.db.$executeRaw(statement!)) > 0;
}

/**
 * Stock levels as upsertLevel stores them, many per statement (saveDecision): a stored level is replaced unless its
 * asOf is newer. One row per item and location, the newer (the later of equals): PostgreSQL refuses a statement that
 * would upsert one row twice.
 */
export function levelStatements(
  shop: ShopDomain,
  levels: readonly (StockLevel & { asOf: Date })[],
  now: Date,
): Prisma.Sql[] {
  const newest = new Map<string, (typeof levels)[number]>();
  for (const l of levels) {
    const k = `${l.inventoryItemId}\u0000${l.locationId}`;
    const seen = newest.get(k);
    if (!seen || toDate(seen.asOf, "asOf").getTime() <= toDate(l.asOf, "asOf").getTime()) newest.set(k, l);
  }
  const rows = [...newest.values()].map((l): SqlValue[] => [
    shop,
    l.inventoryItemId,
    l.locationId,
    assertInt(l.available, "available", true),
    toDate(l.asOf, "asOf"),
    now,
  ]);
  return chunks(rows, rowsPerStatement(LEVEL_COLUMNS.length)).map((chunk) =>
    insertStatement({
      table: "InventoryLevelMirror",
      columns: LEVEL_COLUMNS,
      rows: chunk,
      onConflict: {
        key: ["shop", "inventoryItemId", "locationId"],
        onlyIf: Prisma.sql`"InventoryLevelMirror"."asOf" <= excluded."asOf"`,
      },
    }),
  );
}

export async function getLevels(ctx: Ctx, shop: ShopDomain, pools: Pool[]): Promise<StockLevel[]> {
  const rows = await findByPools(ctx.db, pools, (locationId, itemIds) =>
    ctx.db.inventoryLevelMirror.findMany({
      where: { shop, locationId, inventoryItemId: { in: itemIds } },
    }),
  );
  // In the order asked for, each pool once.
  const byPool = new Map(rows.map((r) => [poolKey(r), r]));
  return [...new Set(pools.map(poolKey))].flatMap((k) => {
    const row = byPool.get(k);
    return row ? [toLevel(row)] : [];
  });
}

export async function levelsOfItem(
  ctx: Ctx,
  shop: ShopDomain,
  inventoryItemId: string,
): Promise<StockLevel[]> {
  const rows = await ctx.db.inventoryLevelMirror.findMany({
    where: { shop, inventoryItemId },
    orderBy: { locationId: "asc" },
  });
  return rows.map(toLevel);
}

/** Every mirrored level of these items (every location), in chunks of ids: one read for a batch (batch-store.ts). */
export async function levelsOfItems(
  ctx: Ctx,
  shop: ShopDomain,
  inventoryItemIds: string[],
): Promise<StockLevel[]> {
  const levels: StockLevel[] = [];
  for (const chunk of chunks([...new Set(inventoryItemIds)], IN_CHUNK)) {
    const rows = await ctx.db.inventoryLevelMirror.findMany({
      where: { shop, inventoryItemId: { in: chunk } },
    });
    levels.push(...rows.map(toLevel));
  }
  return levels;
}

export async function upsertVariants(ctx: Ctx, shop: ShopDomain, variants: VariantInfo[]): Promise<void> {
  // One row per variant, the newest (the last of equals), as if they had been applied one by one. PostgreSQL also
  // refuses a statement that would upsert one row twice.
  const newest = new Map<string, VariantInfo>();
  for (const v of variants) {
    const seen = newest.get(v.variantId);
    if (!seen || seen.asOf.getTime() <= v.asOf.getTime()) newest.set(v.variantId, v);
  }
  const now = ctx.clock.now();
  const rows = [...newest.values()].map((v): SqlValue[] => [
    shop,
    v.variantId,
    v.productId,
    v.inventoryItemId,
    v.sku,
    v.tracked,
    v.inventoryPolicy,
    toDate(v.asOf, "asOf"),
    now,
  ]);
  // The conflict update only happens when the stored asOf is not newer, all in one statement: two concurrent first
  // inserts cannot both insert (the primary key decides) and the loser's row still goes through the asOf check.
  for (const chunk of chunks(rows, rowsPerStatement(VARIANT_COLUMNS.length))) {
    await ctx.db.$executeRaw(
      insertStatement({
        table: "VariantMirror",
        columns: VARIANT_COLUMNS,
        rows: chunk,
        onConflict: {
          key: ["shop", "variantId"],
          onlyIf: Prisma.sql`"VariantMirror"."asOf" <= excluded."asOf"`,
        },
      }),
    );
  }
}

export async function getVariants(ctx: Ctx, shop: ShopDomain, variantIds: string[]): Promise<VariantInfo[]> {
  const ids = [...new Set(variantIds)];
  const rows: VariantRow[] = [];
  for (const chunk of chunks(ids, IN_CHUNK)) {
    rows.push(...(await ctx.db.variantMirror.findMany({ where: { shop, variantId: { in: chunk } } })));
  }
  const byId = new Map(rows.map((r) => [r.variantId, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toVariant(row)] : [];
  });
}

export async function variantsOfItem(
  ctx: Ctx,
  shop: ShopDomain,
  inventoryItemId: string,
): Promise<VariantInfo[]> {
  const rows = await ctx.db.variantMirror.findMany({
    where: { shop, inventoryItemId },
    orderBy: { variantId: "asc" },
  });
  return rows.map(toVariant);
}

/** One query per location and IN-chunk of items: pools almost always share a location (pools.ts). */
export async function findByPools<T>(
  db: Db,
  pools: Pool[],
  query: (locationId: string, itemIds: string[]) => Promise<T[]>,
): Promise<T[]> {
  const byLocation = new Map<string, Set<string>>();
  for (const p of pools) {
    const items = byLocation.get(p.locationId) ?? new Set<string>();
    items.add(p.inventoryItemId);
    byLocation.set(p.locationId, items);
  }
  const rows: T[] = [];
  for (const [locationId, items] of byLocation) {
    for (const chunk of chunks([...items], IN_CHUNK)) rows.push(...(await query(locationId, chunk)));
  }
  return rows;
}
