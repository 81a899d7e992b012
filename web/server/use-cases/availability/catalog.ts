import type { Clock, Logger, ShopDomain } from "../ports.js";
import type {
  EngineVariantMirror,
  MirroredProduct,
  MirroredVariant,
  AvailabilityRepository,
  AvailabilityShopify,
} from "./ports.js";

export interface CatalogDeps {
  repository: AvailabilityRepository;
  shopify: AvailabilityShopify;
  /** The engine's variant mirror, refreshed along with ours when the engine is wired. */
  engineVariants?: EngineVariantMirror;
  clock: Clock;
  logger: Logger;
}

/** A variant with its product, as the mirror has them. */
export interface CatalogEntry {
  product: MirroredProduct;
  variant: MirroredVariant;
}

export interface CatalogIndex {
  products: MirroredProduct[];
  byVariant: Map<string, CatalogEntry>;
}

/**
 * The catalog mirror: product facts rules resolve on (collections, tags, vendor) and substitutes are chosen from
 * (titles, handles, prices, options). A full refresh reads every product in pages and drops what Shopify no longer
 * has; single products are re-read when a webhook or a lookup names one the mirror does not know.
 */
export function createCatalog(deps: CatalogDeps) {
  const { repository, shopify, clock, logger } = deps;

  async function store(shop: ShopDomain, products: MirroredProduct[]): Promise<void> {
    await repository.upsertProducts(shop, products);
    if (!deps.engineVariants) return;
    await deps.engineVariants.upsertVariants(
      shop,
      products.flatMap((p) =>
        p.variants.map((v) => ({
          variantId: v.variantId,
          productId: p.productId,
          inventoryItemId: v.inventoryItemId,
          sku: v.sku,
          tracked: v.tracked,
          inventoryPolicy: v.inventoryPolicy,
          asOf: p.asOf,
        })),
      ),
    );
  }

  /** Reads the whole catalog into the mirror. */
  async function refresh(shop: ShopDomain): Promise<{ products: number; variants: number; removed: number }> {
    const asOf = clock.now();
    let cursor: string | null = null;
    let products = 0;
    let variants = 0;
    do {
      const page = await shopify.readCatalogPage(shop, cursor);
      await store(
        shop,
        page.products.map((p) => ({ ...p, asOf })),
      );
      products += page.products.length;
      variants += page.products.reduce((n, p) => n + p.variants.length, 0);
      cursor = page.nextCursor;
    } while (cursor !== null);
    const removed = await repository.deleteProductsOlderThan(shop, asOf);
    logger.info("catalog refreshed", { shop, products, variants, removed });
    return { products, variants, removed };
  }

  /** Re-reads these products (products/update, or a lookup that missed). */
  async function refreshProducts(shop: ShopDomain, productIds: string[]): Promise<MirroredProduct[]> {
    if (productIds.length === 0) return [];
    const asOf = clock.now();
    const products = (await shopify.readProducts(shop, productIds)).map((p) => ({ ...p, asOf }));
    await store(shop, products);
    return products;
  }

  /**
   * products/update carries everything the mirror keeps except the product's collections: a product the mirror
   * already has is updated from the payload, keeping its collections (the periodic full refresh re-reads them), at
   * no Admin API cost; a product it does not know yet is read whole, and a copy older than the mirror's is left out.
   * Answers the products as stored, and those whose storefront facts changed: anything but the stock count, or a
   * variant going in or out of stock (a count that stays on the same side changes no badge, policy or substitute; the
   * variant's own level webhook re-evaluates it with the stock read live).
   */
  async function applyProducts(
    shop: ShopDomain,
    products: Omit<MirroredProduct, "collectionIds">[],
  ): Promise<{ applied: MirroredProduct[]; changed: MirroredProduct[] }> {
    if (products.length === 0) return { applied: [], changed: [] };
    const ids = products.map((p) => p.productId);
    const known = new Map((await repository.getProducts(shop, ids)).map((p) => [p.productId, p]));
    const updated: MirroredProduct[] = [];
    const changed: MirroredProduct[] = [];
    const unknown: string[] = [];
    for (const product of products) {
      const stored = known.get(product.productId);
      if (!stored) {
        unknown.push(product.productId);
        continue;
      }
      // Older than the mirror's copy (a delivery that arrived late, or one from before the last full read): the
      // mirror keeps its copy, so nothing changed; comparing the two would call the way back to the old facts a change.
      if (stored.asOf.getTime() > product.asOf.getTime()) continue;
      const next = { ...product, collectionIds: stored.collectionIds };
      updated.push(next);
      if (storefrontFacts(stored) !== storefrontFacts(next)) changed.push(next);
    }
    if (updated.length > 0) await store(shop, updated);
    const added = await refreshProducts(shop, unknown);
    return { applied: [...updated, ...added], changed: [...changed, ...added] };
  }

  async function index(shop: ShopDomain): Promise<CatalogIndex> {
    return indexOf(await repository.listProducts(shop));
  }

  /**
   * The mirror, plus the products of `variantIds` it did not know yet (read from Shopify and stored). A variant that
   * Shopify does not know either (another shop's, or deleted) stays absent.
   */
  async function indexWith(shop: ShopDomain, variantIds: string[]): Promise<CatalogIndex> {
    let catalog = await index(shop);
    if (catalog.products.length === 0) {
      await refresh(shop);
      catalog = await index(shop);
    }
    const missing = variantIds.filter((id) => !catalog.byVariant.has(id));
    if (missing.length === 0) return catalog;
    const live = await shopify.readVariants(shop, missing);
    const added = await refreshProducts(shop, [...new Set(live.variants.map((v) => v.productId))]);
    return added.length === 0 ? catalog : indexOf([...catalog.products, ...added]);
  }

  return { refresh, refreshProducts, applyProducts, index, indexWith };
}

export type Catalog = ReturnType<typeof createCatalog>;

/** A product as the storefront sees it: every mirrored fact but the stock count, which counts only as in or out. */
function storefrontFacts(product: MirroredProduct): string {
  const { asOf: _asOf, variants, ...facts } = product;
  return JSON.stringify({
    ...facts,
    variants: variants.map(({ available, ...variant }) => ({ ...variant, inStock: available > 0 })),
  });
}

function indexOf(products: MirroredProduct[]): CatalogIndex {
  const byProduct = new Map(products.map((p) => [p.productId, p]));
  const byVariant = new Map<string, CatalogEntry>();
  for (const product of byProduct.values()) {
    for (const variant of product.variants) byVariant.set(variant.variantId, { product, variant });
  }
  return { products: [...byProduct.values()], byVariant };
}
