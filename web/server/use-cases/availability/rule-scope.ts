import { normaliseTag } from "../../domain/backorder/allocation-rules.js";
import type { RuleScope } from "../../domain/selling-rules/index.js";
import { parseGid } from "../../domain/shared/gid.js";

/**
 * How a rule's scope is stored: one (kind, value) pair, unique per shop. Tags and vendors are kept trimmed and
 * lower-cased, because that is how rules resolve them ("Sale" and " sale" are one scope); the shop default is
 * ("default", "").
 */
export function scopeColumns(scope: RuleScope): { scopeKind: string; scopeValue: string } {
  switch (scope.kind) {
    case "variant":
      return { scopeKind: "variant", scopeValue: scope.variantId };
    case "product":
      return { scopeKind: "product", scopeValue: scope.productId };
    case "collection":
      return { scopeKind: "collection", scopeValue: scope.collectionId };
    case "tag":
      return { scopeKind: "tag", scopeValue: normaliseTag(scope.tag) };
    case "vendor":
      return { scopeKind: "vendor", scopeValue: normaliseTag(scope.vendor) };
    case "shop":
      return { scopeKind: "default", scopeValue: "" };
  }
}

/** The inverse of scopeColumns; throws on a kind nothing writes. */
export function scopeFromColumns(scopeKind: string, scopeValue: string): RuleScope {
  switch (scopeKind) {
    case "variant":
      return { kind: "variant", variantId: parseGid("ProductVariant", scopeValue, "scope.variantId") };
    case "product":
      return { kind: "product", productId: parseGid("Product", scopeValue, "scope.productId") };
    case "collection":
      return { kind: "collection", collectionId: parseGid("Collection", scopeValue, "scope.collectionId") };
    case "tag":
      return { kind: "tag", tag: scopeValue };
    case "vendor":
      return { kind: "vendor", vendor: scopeValue };
    case "default":
      return { kind: "shop" };
    default:
      throw new Error(`Unknown stored rule scope kind: ${scopeKind}`);
  }
}

/** The scope as stored (tags and vendors normalised). */
export function canonicalScope(scope: RuleScope): RuleScope {
  const { scopeKind, scopeValue } = scopeColumns(scope);
  return scopeFromColumns(scopeKind, scopeValue);
}

/** One string per stored scope: two rules with the same key cannot both exist in a shop. */
export function scopeKey(scope: RuleScope): string {
  const { scopeKind, scopeValue } = scopeColumns(scope);
  return `${scopeKind}\u0000${scopeValue}`;
}
