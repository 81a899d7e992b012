import { normaliseTag } from "../backorder/allocation-rules.js";
import { toEpochMs } from "../shared/instant.js";
import {
  SCOPE_PRECEDENCE,
  type SellingRule,
  type RuleScope,
  type ScopeKind,
  type VariantFacts,
} from "./types.js";

export interface ResolvedSellingRule {
  rule: SellingRule;
  matchedBy: ScopeKind;
  /** Every rule that matches the variant, the winner first: what the admin shows under "why this rule?". */
  candidates: SellingRule[];
}

/**
 * Indexes the shop's rules once, then resolves any number of variants: most specific scope wins
 * (variant > product > collection > tag > vendor > shop); within one scope kind the lowest priority, then the most
 * recently updated, then the smallest id. null when no rule matches: Waitwell then leaves the variant's policy alone.
 */
export function createSellingRuleResolver(
  rules: readonly SellingRule[],
): (variant: VariantFacts) => ResolvedSellingRule | null {
  const buckets = new Map<string, SellingRule[]>();
  for (const rule of rules) {
    const key = scopeKey(rule.scope);
    const bucket = buckets.get(key) ?? [];
    bucket.push(rule);
    buckets.set(key, bucket);
  }
  const updatedMs = new Map(
    rules.map((rule) => [rule, toEpochMs(rule.updatedAt, `rules[${rule.id}].updatedAt`)]),
  );
  const byPrecedence = (a: SellingRule, b: SellingRule): number =>
    a.priority - b.priority ||
    (updatedMs.get(b) ?? 0) - (updatedMs.get(a) ?? 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  return (variant) => {
    const candidates: SellingRule[] = [];
    let matchedBy: ScopeKind | null = null;
    for (const kind of SCOPE_PRECEDENCE) {
      const matches = [...new Set(variantKeys(variant, kind).flatMap((key) => buckets.get(key) ?? []))].sort(
        byPrecedence,
      );
      if (matches.length > 0 && matchedBy === null) matchedBy = kind;
      candidates.push(...matches);
    }
    const rule = candidates[0];
    return rule === undefined || matchedBy === null ? null : { rule, matchedBy, candidates };
  };
}

/** One-off resolution; prefer `createSellingRuleResolver` for many variants. */
export function resolveSellingRule(
  rules: readonly SellingRule[],
  variant: VariantFacts,
): ResolvedSellingRule | null {
  return createSellingRuleResolver(rules)(variant);
}

function scopeKey(scope: RuleScope): string {
  switch (scope.kind) {
    case "variant":
      return `variant:${scope.variantId}`;
    case "product":
      return `product:${scope.productId}`;
    case "collection":
      return `collection:${scope.collectionId}`;
    case "tag":
      return `tag:${normaliseTag(scope.tag)}`;
    case "vendor":
      return `vendor:${normaliseTag(scope.vendor)}`;
    case "shop":
      return "shop";
  }
}

function variantKeys(variant: VariantFacts, kind: ScopeKind): string[] {
  switch (kind) {
    case "variant":
      return [`variant:${variant.variantId}`];
    case "product":
      return [`product:${variant.productId}`];
    case "collection":
      return variant.collectionIds.map((id) => `collection:${id}`);
    case "tag":
      return variant.tags.map((tag) => `tag:${normaliseTag(tag)}`);
    case "vendor":
      return variant.vendor === null ? [] : [`vendor:${normaliseTag(variant.vendor)}`];
    case "shop":
      return ["shop"];
  }
}
