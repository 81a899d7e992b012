import type { EtaSourceConfig } from "../eta/index.js";
import type { CollectionGid, ProductGid, ProductVariantGid } from "../shared/gid.js";
import type { Instant } from "../shared/instant.js";

export type { CollectionGid, ProductGid };

/** Shopify's `ProductVariant.inventoryPolicy`: whether the variant still sells once `available` reaches 0. */
export type InventoryPolicy = "CONTINUE" | "DENY";

/**
 * off: never sold on backorder (Waitwell keeps the policy on DENY).
 * when_out_of_stock: sold from stock, then on backorder within the rule's limits.
 * always: every sale is a backorder (made to order, stock reserved elsewhere); the storefront says so even with stock.
 */
export type BackorderMode = "off" | "when_out_of_stock" | "always";

/** What a rule applies to. Product tags and vendors are compared trimmed and case-insensitively, as Shopify does. */
export type RuleScope =
  | { kind: "variant"; variantId: ProductVariantGid }
  | { kind: "product"; productId: ProductGid }
  | { kind: "collection"; collectionId: CollectionGid }
  | { kind: "tag"; tag: string }
  | { kind: "vendor"; vendor: string }
  | { kind: "shop" };

export type ScopeKind = RuleScope["kind"];

/** A scope whose ids are plain strings: as the admin holds it, before they are checked as GIDs. */
export type PlainRuleScope<S = RuleScope> = S extends unknown
  ? { [P in keyof S]: P extends "kind" ? S[P] : string }
  : never;

/** The id, tag or vendor a scope names (the CSV's `target` column, the admin's target field); null for the shop. */
export function scopeTarget(scope: PlainRuleScope): string | null {
  switch (scope.kind) {
    case "variant":
      return scope.variantId;
    case "product":
      return scope.productId;
    case "collection":
      return scope.collectionId;
    case "tag":
      return scope.tag;
    case "vendor":
      return scope.vendor;
    case "shop":
      return null;
  }
}

/** Most specific first: a variant rule beats a product rule, …, and the shop default comes last. */
export const SCOPE_PRECEDENCE: readonly ScopeKind[] = [
  "variant",
  "product",
  "collection",
  "tag",
  "vendor",
  "shop",
];

/** What a rule decides. The most specific matching rule applies as a whole: fields are not merged across scopes. */
export interface SellingRuleSettings {
  mode: BackorderMode;
  /** At most this many units may wait at once; null: no cap. */
  cap: number | null;
  etaSource: EtaSourceConfig;
  /** Business days between stock arriving and the parcel leaving. */
  handlingDays: number;
  /** Stop selling when the next unit's ETA is more than this many calendar days away; null: no limit. */
  maxLeadTimeDays: number | null;
  /** Stop selling when the next unit has no ETA. */
  requireEta: boolean;
}

export interface SellingRule {
  id: string;
  scope: RuleScope;
  /**
   * Settles several rules of the same scope kind matching one variant (two collections, two tags): the lowest
   * number wins, then the most recently updated, then the smallest id.
   */
  priority: number;
  updatedAt: Instant;
  settings: SellingRuleSettings;
}

/** What rule resolution needs to know about a variant (from the catalog mirror). */
export interface VariantFacts {
  variantId: ProductVariantGid;
  productId: ProductGid;
  collectionIds: readonly CollectionGid[];
  /** The product's tags. */
  tags: readonly string[];
  vendor: string | null;
}
