import {
  createSellingRuleResolver,
  type ScopeKind,
  type SellingRule,
} from "../../domain/selling-rules/index.js";
import { compareGids, type ProductVariantGid } from "../../domain/shared/gid.js";
import type { AvailabilityPayload } from "../../domain/storefront/index.js";
import type { Clock, ShopDomain } from "../ports.js";
import type { Catalog } from "./catalog.js";
import { factsOf, type EvaluationReason, type VariantEvaluation } from "./evaluate-variants.js";
import type { AvailabilityRepository, SellingRuleInput } from "./ports.js";
import { scopeKey } from "./rule-scope.js";
import { assertRuleInput } from "./selling-rules-admin.js";

export interface RulePreviewDeps {
  repository: Pick<AvailabilityRepository, "listRules">;
  catalog: Pick<Catalog, "indexWith">;
  evaluate: (
    shop: ShopDomain,
    variantIds: string[],
    options: { includeUnmanaged?: boolean; rules?: SellingRule[] },
  ) => Promise<VariantEvaluation[]>;
  clock: Clock;
}

/** The id the rule being previewed carries when it is not saved yet. */
export const UNSAVED_RULE_ID = "unsaved";
/** Variants evaluated in full (live stock, ETA, storefront payload): the first of the governed ones, in GID order. */
export const PREVIEW_LIMIT = 50;

export interface PreviewVariant {
  variantId: string;
  productId: string;
  productTitle: string;
  variantTitle: string;
  sku: string | null;
  /** The rule that governs the variant today, when it is another one (the new rule takes the variant from it). */
  takenFrom: { ruleId: string; matchedBy: ScopeKind } | null;
  stock: { tracked: boolean; available: number };
  policy: { current: string; desired: string | null; reason: EvaluationReason };
  capacity: number | null;
  waitingUnits: number;
  /** What the storefront and checkout would show (the availability metafield's payload). */
  availability: AvailabilityPayload;
}

export interface RulePreview {
  /** Variants of the mirrored catalog the rule would govern (a more specific rule keeps the ones it has). */
  governed: number;
  /** Variants the rule governs today that it would no longer govern (an edit that narrows it). */
  released: number;
  /** The first PREVIEW_LIMIT governed variants, evaluated as if the rule were saved. */
  variants: PreviewVariant[];
  /** Another rule already has this scope: saving would be refused. */
  conflict: { ruleId: string } | null;
}

/**
 * What a rule would do before it is saved (a dry run): the shop's rules with this one put in place (or added), the
 * variants of the catalog mirror it would govern, and for the first of them the policy, ETA and storefront payload
 * computed exactly as the sync would, from Shopify's live stock. Nothing is written.
 */
export function createRulePreview(deps: RulePreviewDeps) {
  return async function preview(
    shop: ShopDomain,
    input: SellingRuleInput,
    options: { ruleId?: string | undefined } = {},
  ): Promise<RulePreview> {
    const now = deps.clock.now();
    assertRuleInput(input, now);
    const id = options.ruleId ?? UNSAVED_RULE_ID;
    const stored = await deps.repository.listRules(shop);
    const candidate: SellingRule = { id, updatedAt: now, ...input };
    const key = scopeKey(candidate.scope);
    const holder = stored.find((r) => r.id !== id && scopeKey(r.scope) === key);
    const rules = [...stored.filter((r) => r.id !== id && r !== holder), candidate];

    const index = await deps.catalog.indexWith(shop, []);
    const before = createSellingRuleResolver(stored);
    const after = createSellingRuleResolver(rules);
    const governed: { variantId: ProductVariantGid; takenFrom: PreviewVariant["takenFrom"] }[] = [];
    let released = 0;
    for (const entry of index.byVariant.values()) {
      const facts = factsOf(entry);
      const current = before(facts);
      const next = after(facts);
      if (next?.rule.id === id) {
        governed.push({
          variantId: entry.variant.variantId,
          takenFrom:
            current && current.rule.id !== id
              ? { ruleId: current.rule.id, matchedBy: current.matchedBy }
              : null,
        });
      } else if (current?.rule.id === id) released++;
    }
    governed.sort((a, b) => compareGids(a.variantId, b.variantId));
    const shown = governed.slice(0, PREVIEW_LIMIT);
    const evaluations = new Map(
      (
        await deps.evaluate(
          shop,
          shown.map((g) => g.variantId),
          { rules, includeUnmanaged: true },
        )
      ).map((e) => [e.variantId, e]),
    );
    const variants: PreviewVariant[] = [];
    for (const { variantId, takenFrom } of shown) {
      const e = evaluations.get(variantId);
      const entry = index.byVariant.get(variantId);
      if (!e || !entry) continue; // gone from Shopify since the mirror was read
      variants.push({
        variantId,
        productId: e.productId,
        productTitle: entry.product.title,
        variantTitle: entry.variant.title,
        sku: entry.variant.sku,
        takenFrom,
        stock: e.stock,
        policy: { current: e.currentPolicy, desired: e.policy, reason: e.reason },
        capacity: e.capacity,
        waitingUnits: e.waitingUnits,
        availability: e.availability,
      });
    }
    return {
      governed: governed.length,
      released,
      variants,
      conflict: holder ? { ruleId: holder.id } : null,
    };
  };
}

export type RulePreviewer = ReturnType<typeof createRulePreview>;

/**
 * Titles of the products and variants rules name, from the catalog mirror, so the rules list reads "Trail Boot –
 * 42" rather than a GID. Ids the mirror does not know are left out (the list shows the id).
 */
export function createRuleTargetTitles(deps: { catalog: Pick<Catalog, "indexWith"> }) {
  return async function titles(shop: ShopDomain, rules: SellingRule[]): Promise<Record<string, string>> {
    const wanted = rules.flatMap((r): string[] =>
      r.scope.kind === "variant"
        ? [r.scope.variantId]
        : r.scope.kind === "product"
          ? [r.scope.productId]
          : [],
    );
    if (wanted.length === 0) return {};
    const index = await deps.catalog.indexWith(shop, []);
    const out: Record<string, string> = {};
    for (const id of wanted) {
      const entry = index.byVariant.get(id);
      const product = entry?.product ?? index.products.find((p) => p.productId === id);
      if (entry) out[id] = `${entry.product.title} – ${entry.variant.title}`;
      else if (product) out[id] = product.title;
    }
    return out;
  };
}

export type RuleTargetTitles = ReturnType<typeof createRuleTargetTitles>;
