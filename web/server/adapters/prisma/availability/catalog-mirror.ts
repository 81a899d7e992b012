import type { MirroredProduct, MirroredVariant } from "../../../use-cases/availability/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { compareDigits } from "../../../domain/shared/gid.js";
import { chunks, toDate, type SqlValue } from "../backorder/shared.js";
import { insertStatement, rowsPerStatement } from "../backorder/statements.js";
import type { Db } from "../client.js";
import { Prisma, type ProductMirror } from "../generated/sqlite/client.js";
import { storedGid, storedGids } from "../gid-column.js";

// The catalog mirror (PrismaAvailabilityRepository): products with their variants, one JSON column each.

const PRODUCT_COLUMNS = [
  "shop",
  "productId",
  "title",
  "handle",
  "vendor",
  "productType",
  "tags",
  "collectionIds",
  "variants",
  "asOf",
  "updatedAt",
] as const;

/**
 * One multi-row `INSERT … ON CONFLICT DO UPDATE … WHERE stored asOf <= new asOf` per chunk: an older copy never
 * overwrites a newer one, a refused copy costs nothing more (no second statement, no thrown error), and two concurrent
 * first inserts cannot both insert (the primary key decides; the loser still goes through the asOf check).
 */
export async function upsertProducts(db: Db, shop: ShopDomain, products: MirroredProduct[]): Promise<void> {
  // One row per product, the newest (the last of equals), as if they had been applied one by one. PostgreSQL also
  // refuses a statement that would upsert one row twice.
  const newest = new Map<string, MirroredProduct>();
  for (const p of products) {
    const seen = newest.get(p.productId);
    if (!seen || seen.asOf.getTime() <= p.asOf.getTime()) newest.set(p.productId, p);
  }
  const now = new Date();
  const rows = [...newest.values()].map((p): SqlValue[] => [
    shop,
    p.productId,
    p.title,
    p.handle,
    p.vendor,
    p.productType,
    JSON.stringify(p.tags),
    JSON.stringify(p.collectionIds),
    JSON.stringify(p.variants),
    toDate(p.asOf, "asOf"),
    now,
  ]);
  for (const chunk of chunks(rows, rowsPerStatement(PRODUCT_COLUMNS.length))) {
    await db.$executeRaw(
      insertStatement({
        table: "ProductMirror",
        columns: PRODUCT_COLUMNS,
        rows: chunk,
        onConflict: {
          key: ["shop", "productId"],
          onlyIf: Prisma.sql`"ProductMirror"."asOf" <= excluded."asOf"`,
        },
      }),
    );
  }
}

export async function listProducts(db: Db, shop: ShopDomain): Promise<MirroredProduct[]> {
  const rows = await db.productMirror.findMany({ where: { shop } });
  return rows.map(toProduct).sort((a, b) => compareDigits(a.productId, b.productId));
}

export async function getProducts(
  db: Db,
  shop: ShopDomain,
  productIds: string[],
): Promise<MirroredProduct[]> {
  if (productIds.length === 0) return [];
  const rows = await db.productMirror.findMany({ where: { shop, productId: { in: productIds } } });
  return rows.map(toProduct).sort((a, b) => compareDigits(a.productId, b.productId));
}

export async function productsOfInventoryItems(
  db: Db,
  shop: ShopDomain,
  inventoryItemIds: string[],
): Promise<MirroredProduct[]> {
  const items = [...new Set(inventoryItemIds)];
  if (items.length === 0) return [];
  // The variants are one JSON column; a substring match narrows the read to the products naming an item (the quotes
  // keep gid://…/1 from matching gid://…/12), and the exact check below drops any false hit.
  const products: MirroredProduct[] = [];
  // A chain of ORs is an expression tree as deep as it is long (SQLite allows 1,000): 100 items a read.
  for (const chunk of chunks(items, 100)) {
    const rows = await db.productMirror.findMany({
      where: { shop, OR: chunk.map((id) => ({ variants: { contains: JSON.stringify(id) } })) },
    });
    products.push(...rows.map(toProduct));
  }
  const wanted = new Set(items);
  const byId = new Map(
    products
      .filter((p) => p.variants.some((v) => wanted.has(v.inventoryItemId)))
      .map((p) => [p.productId, p]),
  );
  return [...byId.values()].sort((a, b) => compareDigits(a.productId, b.productId));
}

export async function deleteProductsOlderThan(db: Db, shop: ShopDomain, asOf: Date): Promise<number> {
  return (await db.productMirror.deleteMany({ where: { shop, asOf: { lt: asOf } } })).count;
}

function toProduct(row: ProductMirror): MirroredProduct {
  return {
    productId: storedGid("Product", row.productId),
    title: row.title,
    handle: row.handle,
    vendor: row.vendor,
    productType: row.productType,
    tags: JSON.parse(row.tags) as string[],
    collectionIds: storedGids("Collection", JSON.parse(row.collectionIds) as string[]),
    variants: JSON.parse(row.variants) as MirroredVariant[],
    asOf: row.asOf,
  };
}
