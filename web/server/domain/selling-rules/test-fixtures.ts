/** Terse builders for the rules tests: ids are small numbers. Not part of the public API. */
import { toGid, type ProductVariantGid } from "../shared/gid.js";
import type {
  SellingRule,
  CollectionGid,
  ProductGid,
  RuleScope,
  SellingRuleSettings,
  VariantFacts,
} from "./types.js";

export const variantId = (n: number): ProductVariantGid => toGid("ProductVariant", String(n));
export const productId = (n: number): ProductGid => toGid("Product", String(n));
export const collectionId = (n: number): CollectionGid => toGid("Collection", String(n));

export const SETTINGS: SellingRuleSettings = {
  mode: "when_out_of_stock",
  cap: null,
  etaSource: { kind: "incoming" },
  handlingDays: 1,
  maxLeadTimeDays: null,
  requireEta: false,
};

export function rule(
  id: string,
  scope: RuleScope,
  extra: Partial<Omit<SellingRule, "id" | "scope">> = {},
): SellingRule {
  return { id, scope, priority: 0, updatedAt: "2026-11-01T00:00:00Z", settings: SETTINGS, ...extra };
}

/** Variant 11 of product 1, in collections 100 and 200, tagged "Sale" and "Mugs", by "Acme". */
export const MUG: VariantFacts = {
  variantId: variantId(11),
  productId: productId(1),
  collectionIds: [collectionId(100), collectionId(200)],
  tags: ["Sale", "Mugs"],
  vendor: "Acme",
};
