import type { MirroredProduct, MirroredVariant } from "../../../use-cases/availability/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { compareDigits } from "../../../domain/shared/gid.js";
import { isUniqueViolation } from "../backorder/shared.js";
import type { Db } from "../client.js";
import type { ProductMirror } from "../generated/sqlite/client.js";
import { storedGid, storedGids } from "../gid-column.js";

// The catalog mirror (PrismaAvailabilityRepository): products with their variants, one JSON column each.

export async function upsertProducts(db: Db, shop: ShopDomain, products: MirroredProduct[]): Promise<void> {
  for (const product of products) {
    const data = productData(product);
    // Conditional update first: an older copy never overwrites a newer one, and there is no read-then-write gap.
    for (let attempt = 0; attempt < 3; attempt++) {
      const { count } = await db.productMirror.updateMany({
        where: { shop, productId: product.productId, asOf: { lte: product.asOf } },
        data,
      });
      if (count > 0) break;
      try {
        await db.productMirror.create({ data: { shop, productId: product.productId, ...data } });
        break;
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        // The row exists: either newer than ours (the next update matches nothing and create fails again, which
        // ends the loop) or created concurrently by an older copy (the next update wins).
      }
    }
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

export async function productsOfInventoryItem(
  db: Db,
  shop: ShopDomain,
  inventoryItemId: string,
): Promise<MirroredProduct[]> {
  // The variants are one JSON column; a substring match narrows the read to the products naming the item (the
  // quotes keep gid://…/1 from matching gid://…/12), and the exact check below drops any false hit.
  const rows = await db.productMirror.findMany({
    where: { shop, variants: { contains: JSON.stringify(inventoryItemId) } },
  });
  return rows
    .map(toProduct)
    .filter((p) => p.variants.some((v) => v.inventoryItemId === inventoryItemId))
    .sort((a, b) => compareDigits(a.productId, b.productId));
}

export async function deleteProductsOlderThan(db: Db, shop: ShopDomain, asOf: Date): Promise<number> {
  return (await db.productMirror.deleteMany({ where: { shop, asOf: { lt: asOf } } })).count;
}

function productData(p: MirroredProduct) {
  return {
    title: p.title,
    handle: p.handle,
    vendor: p.vendor,
    productType: p.productType,
    tags: JSON.stringify(p.tags),
    collectionIds: JSON.stringify(p.collectionIds),
    variants: JSON.stringify(p.variants),
    asOf: p.asOf,
  };
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
