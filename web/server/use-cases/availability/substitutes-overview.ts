import { findSubstitutes, type Substitute } from "../../domain/substitution/index.js";
import { NotFoundError } from "../../errors.js";
import type { ShopDomain, ShopRepository } from "../ports.js";
import type { Catalog, CatalogEntry } from "./catalog.js";
import {
  catalogVariantOf,
  DEFAULT_SUBSTITUTE_SETTINGS,
  type SubstituteSettings,
} from "./evaluate-variants.js";
import type { AvailabilityRepository, SubstituteChoices } from "./ports.js";

export interface SubstitutesOverviewDeps {
  repository: Pick<AvailabilityRepository, "substituteChoices">;
  catalog: Pick<Catalog, "indexWith">;
  shops?: Pick<ShopRepository, "get"> | undefined;
  substitutes?: SubstituteSettings | undefined;
}

/** Automatic suggestions listed beside the merchant's picks: enough to choose from, not the whole catalog. */
export const SUGGESTION_LIMIT = 10;

export interface VariantSummary {
  variantId: string;
  productId: string;
  productTitle: string;
  variantTitle: string;
  sku: string | null;
  /** Decimal string in the shop's currency. */
  price: string;
  tracked: boolean;
  /** As of the catalog mirror's last refresh. */
  available: number;
}

export type RankedVariant = VariantSummary & { reason: Substitute["reason"]; inStock: boolean };

export interface SubstitutesOverview {
  variant: VariantSummary;
  picks: VariantSummary[];
  excludedVariants: VariantSummary[];
  excludedProducts: { productId: string; title: string }[];
  /** What Waitwell would suggest on its own (picks left out, exclusions and the shop's price band applied). */
  suggestions: RankedVariant[];
  /** What the storefront and checkout show while the variant is on backorder: picks first, then suggestions. */
  shown: RankedVariant[];
  /** How many the storefront shows. */
  limit: number;
}

/**
 * A variant's substitutes as the admin shows them: the merchant's picks and exclusions with titles, the automatic
 * suggestions beside them, and the list shoppers see (domain/substitution's findSubstitutes, with the shop's price
 * band). Stock is the catalog mirror's; the storefront sync uses Shopify's live stock for the variant itself.
 */
export function createSubstitutesOverview(deps: SubstitutesOverviewDeps) {
  const defaults = deps.substitutes ?? DEFAULT_SUBSTITUTE_SETTINGS;

  return async function overview(shop: ShopDomain, variantId: string): Promise<SubstitutesOverview> {
    const [index, choicesById, shopRecord] = await Promise.all([
      deps.catalog.indexWith(shop, [variantId]),
      deps.repository.substituteChoices(shop, [variantId]),
      deps.shops?.get(shop),
    ]);
    const entry = index.byVariant.get(variantId);
    if (!entry) throw new NotFoundError(`No variant ${variantId} in this shop`);
    const choices: SubstituteChoices = choicesById.get(variantId) ?? {
      picks: [],
      excludedVariantIds: [],
      excludedProductIds: [],
    };
    const catalog = [...index.byVariant.values()].map((e) => catalogVariantOf(e));
    const original = catalogVariantOf(entry);
    const priceBand = shopRecord?.settings?.substitutePriceBand ?? defaults.priceBand;
    const options = {
      excludedVariantIds: choices.excludedVariantIds,
      excludedProductIds: choices.excludedProductIds,
      priceBand,
    };
    const summaryOf = (id: string) => {
      const e = index.byVariant.get(id);
      return e ? summary(e) : null;
    };
    // Every substitute comes from the catalog built from this index.
    const ranked = ({ variant, reason, inStock }: Substitute): RankedVariant => ({
      ...summary(index.byVariant.get(variant.variantId)!),
      reason,
      inStock,
    });
    return {
      variant: summary(entry),
      picks: choices.picks.map(summaryOf).filter((v) => v !== null),
      excludedVariants: choices.excludedVariantIds.map(summaryOf).filter((v) => v !== null),
      excludedProducts: choices.excludedProductIds.map((productId) => ({
        productId,
        title: index.products.find((p) => p.productId === productId)?.title ?? productId,
      })),
      suggestions: findSubstitutes(original, catalog, { ...options, picks: [], limit: SUGGESTION_LIMIT }).map(
        ranked,
      ),
      shown: findSubstitutes(original, catalog, {
        ...options,
        picks: choices.picks,
        limit: defaults.limit,
      }).map(ranked),
      limit: defaults.limit,
    };
  };
}

export type SubstitutesOverviewReader = ReturnType<typeof createSubstitutesOverview>;

function summary({ product, variant }: CatalogEntry): VariantSummary {
  return {
    variantId: variant.variantId,
    productId: product.productId,
    productTitle: product.title,
    variantTitle: variant.title,
    sku: variant.sku,
    price: variant.price,
    tracked: variant.tracked,
    available: variant.available,
  };
}
