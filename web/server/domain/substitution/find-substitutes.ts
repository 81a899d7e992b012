import { normaliseTag } from "../backorder/allocation-rules.js";
import type { CollectionGid, InventoryPolicy, ProductGid } from "../selling-rules/index.js";
import { InvalidValueError } from "../shared/errors.js";
import { compareGids, type ProductVariantGid } from "../shared/gid.js";
import { assertBand, toMicros, withinBand, type PriceBand } from "./money.js";

/** A variant as the substitute engine sees it (from the catalog mirror). */
export interface CatalogVariant {
  variantId: ProductVariantGid;
  productId: ProductGid;
  productTitle: string;
  variantTitle: string;
  handle: string;
  productType: string | null;
  vendor: string | null;
  /** The product's tags. */
  tags: readonly string[];
  collectionIds: readonly CollectionGid[];
  /** The variant's selected options ("Size" = "M"): a substitute in the shopper's size ranks first. */
  options: readonly { name: string; value: string }[];
  /** Decimal string in the shop's currency. */
  price: string;
  tracked: boolean;
  available: number;
  inventoryPolicy: InventoryPolicy;
}

export type SubstituteReason =
  "merchant_pick" | "same_product" | "same_type" | "same_collection" | "shared_tags" | "same_vendor";

/** Tiers in rank order: every merchant pick comes before any suggestion, and so on down. */
export const SUBSTITUTE_REASONS: readonly SubstituteReason[] = [
  "merchant_pick",
  "same_product",
  "same_type",
  "same_collection",
  "shared_tags",
  "same_vendor",
];

export interface SubstituteOptions {
  /** The merchant's chosen substitutes for this variant, in the merchant's order. */
  picks: readonly ProductVariantGid[];
  /** Never suggested, not even as a pick (a "never suggest" list is the stronger wish). */
  excludedVariantIds?: readonly ProductVariantGid[];
  excludedProductIds?: readonly ProductGid[];
  /** Automatic suggestions must cost within this band of the original; null: any price. Picks ignore it. */
  priceBand: PriceBand | null;
  limit: number;
  /** Also offer variants that are out of stock but sell on backorder themselves (after the in-stock ones). */
  allowBackorderable?: boolean;
}

export interface Substitute {
  variant: CatalogVariant;
  reason: SubstituteReason;
  /** false: the substitute would itself be a backorder (only with `allowBackorderable`). */
  inStock: boolean;
}

interface Candidate {
  variant: CatalogVariant;
  reason: SubstituteReason;
  inStock: boolean;
  /** Option values shared with the original (same size, same colour). */
  sharedOptions: number;
  /** Collections or tags shared with the original, for those tiers. */
  strength: number;
  priceDistance: bigint;
}

/**
 * Substitutes for a backordered variant: the merchant's picks first, in their order; then suggestions, tier by tier
 * (other variants of the same product, then other products of the same type, collection, tags, vendor), each
 * product suggested once through its closest variant. Candidates must be sellable (in stock or untracked; with
 * `allowBackorderable`, also on backorder), not excluded, and (suggestions only) within the price band.
 *
 * Within a tier: in stock first, then more shared option values, more shared collections or tags, the closest
 * price, and finally the GIDs in numeric order, so the same catalog in any order gives the same list.
 */
export function findSubstitutes(
  original: CatalogVariant,
  catalog: readonly CatalogVariant[],
  options: SubstituteOptions,
): Substitute[] {
  if (!Number.isSafeInteger(options.limit) || options.limit < 0) {
    throw new InvalidValueError("limit", `expected an integer >= 0, got ${options.limit}`);
  }
  if (options.priceBand) assertBand(options.priceBand);
  const byId = new Map<ProductVariantGid, CatalogVariant>();
  catalog.forEach((variant, i) => {
    if (byId.has(variant.variantId))
      throw new InvalidValueError(`catalog[${i}]`, `${variant.variantId} is listed twice`);
    byId.set(variant.variantId, variant);
  });

  const excludedVariants = new Set(options.excludedVariantIds ?? []);
  const excludedProducts = new Set(options.excludedProductIds ?? []);
  const stockOf = (v: CatalogVariant): "in_stock" | "backorder" | null =>
    !v.tracked || v.available > 0
      ? "in_stock"
      : options.allowBackorderable && v.inventoryPolicy === "CONTINUE"
        ? "backorder"
        : null;
  const eligible = (v: CatalogVariant): boolean =>
    v.variantId !== original.variantId &&
    !excludedVariants.has(v.variantId) &&
    !excludedProducts.has(v.productId) &&
    stockOf(v) !== null;

  const result: Substitute[] = [];
  const taken = new Set<ProductVariantGid>();
  for (const id of options.picks) {
    const variant = byId.get(id);
    if (!variant || taken.has(id) || !eligible(variant)) continue;
    taken.add(id);
    result.push({ variant, reason: "merchant_pick", inStock: stockOf(variant) === "in_stock" });
  }

  const originalPrice = toMicros(original.price, "original.price");
  const facts = productFacts(original);
  const bestPerProduct = new Map<ProductGid, Candidate>();
  const sameProduct: Candidate[] = [];
  catalog.forEach((variant, i) => {
    if (taken.has(variant.variantId) || !eligible(variant)) return;
    const price = toMicros(variant.price, `catalog[${i}].price`);
    if (options.priceBand && !withinBand(price, originalPrice, options.priceBand)) return;
    const match =
      variant.productId === original.productId
        ? { reason: "same_product" as const, strength: 0 }
        : relation(facts, variant);
    if (!match) return;
    const candidate: Candidate = {
      variant,
      ...match,
      inStock: stockOf(variant) === "in_stock",
      sharedOptions: sharedOptions(original, variant),
      priceDistance: price > originalPrice ? price - originalPrice : originalPrice - price,
    };
    if (match.reason === "same_product") {
      sameProduct.push(candidate);
      return;
    }
    const best = bestPerProduct.get(variant.productId);
    if (!best || compareCandidates(candidate, best) < 0) bestPerProduct.set(variant.productId, candidate);
  });

  const suggestions = [...sameProduct, ...bestPerProduct.values()].sort(compareCandidates);
  for (const c of suggestions) result.push({ variant: c.variant, reason: c.reason, inStock: c.inStock });
  return result.slice(0, options.limit);
}

interface ProductFacts {
  productType: string;
  vendor: string;
  tags: Set<string>;
  collections: Set<CollectionGid>;
}

function productFacts(v: CatalogVariant): ProductFacts {
  return {
    productType: normaliseTag(v.productType ?? ""),
    vendor: normaliseTag(v.vendor ?? ""),
    tags: new Set(v.tags.map(normaliseTag).filter((t) => t !== "")),
    collections: new Set(v.collectionIds),
  };
}

/** The first tier another product qualifies for, with how strongly (shared collections or tags); null: unrelated. */
function relation(
  original: ProductFacts,
  v: CatalogVariant,
): { reason: SubstituteReason; strength: number } | null {
  if (original.productType !== "" && normaliseTag(v.productType ?? "") === original.productType) {
    return { reason: "same_type", strength: 0 };
  }
  const collections = new Set(v.collectionIds.filter((id) => original.collections.has(id))).size;
  if (collections > 0) return { reason: "same_collection", strength: collections };
  const tags = new Set(v.tags.map(normaliseTag).filter((t) => original.tags.has(t))).size;
  if (tags > 0) return { reason: "shared_tags", strength: tags };
  if (original.vendor !== "" && normaliseTag(v.vendor ?? "") === original.vendor)
    return { reason: "same_vendor", strength: 0 };
  return null;
}

function sharedOptions(a: CatalogVariant, b: CatalogVariant): number {
  const mine = new Set(a.options.map((o) => `${normaliseTag(o.name)}=${normaliseTag(o.value)}`));
  return new Set(
    b.options.map((o) => `${normaliseTag(o.name)}=${normaliseTag(o.value)}`).filter((o) => mine.has(o)),
  ).size;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    SUBSTITUTE_REASONS.indexOf(a.reason) - SUBSTITUTE_REASONS.indexOf(b.reason) ||
    Number(b.inStock) - Number(a.inStock) ||
    b.sharedOptions - a.sharedOptions ||
    b.strength - a.strength ||
    (a.priceDistance < b.priceDistance ? -1 : a.priceDistance > b.priceDistance ? 1 : 0) ||
    compareGids(a.variant.productId, b.variant.productId) ||
    compareGids(a.variant.variantId, b.variant.variantId)
  );
}
