import {
  DEFAULT_BUSINESS_CALENDAR,
  feedBatches,
  queueEtas,
  workCalendar,
  type CalendarDate,
  type Eta,
  type EtaContext,
  type LineEta,
  type SupplyBatch,
  type Weekday,
} from "../../domain/eta/index.js";
import {
  assessVariant,
  createSellingRuleResolver,
  type SellingRule,
  type InventoryPolicy,
  type PolicyReason,
  type ProductGid,
  type ScopeKind,
  type VariantFacts,
} from "../../domain/selling-rules/index.js";
import { queueSecond } from "../../domain/backorder/index.js";
import { compareGids, type ProductVariantGid } from "../../domain/shared/gid.js";
import { buildAvailability, type AvailabilityPayload } from "../../domain/storefront/index.js";
import {
  findSubstitutes,
  type CatalogVariant,
  type PriceBand,
  type Substitute,
} from "../../domain/substitution/index.js";
import type { ShopDomain } from "../ports.js";
import { settingsOfRecord } from "../shop-settings.js";
import type { CatalogEntry, CatalogIndex } from "./catalog.js";
import type { LiveVariant, SubstituteChoices, VariantSyncRecord, WaitingLine } from "./ports.js";
import { arrivalDay, dayInZone } from "./shop-calendar.js";
import type { SyncVariantsDeps } from "./sync-variants.js";

export interface SubstituteSettings {
  /** Substitutes carried in the storefront payload. */
  limit: number;
  /** Automatic suggestions within this band of the original's price; null: any price. */
  priceBand: PriceBand | null;
}

/** Three suggestions fit under a product form; a price band is the merchant's call, so none by default. */
export const DEFAULT_SUBSTITUTE_SETTINGS: SubstituteSettings = { limit: 3, priceBand: null };

export type EvaluationReason = PolicyReason | "no_rule";

/** Everything Waitwell concludes about one variant. */
export interface VariantEvaluation {
  variantId: ProductVariantGid;
  productId: ProductGid;
  /** The governing rule; null: no rule matches (Waitwell leaves the policy alone). */
  rule: { id: string; matchedBy: ScopeKind } | null;
  stock: { tracked: boolean; available: number };
  /** The policy on Shopify now. */
  currentPolicy: InventoryPolicy;
  /** The policy it should have; null: leave it. */
  policy: InventoryPolicy | null;
  reason: EvaluationReason;
  /** Units still sellable on backorder; null: no cap. */
  capacity: number | null;
  waitingUnits: number;
  /** The ETA a shopper buying one more unit now would be promised. */
  nextEta: Eta;
  availability: AvailabilityPayload;
  /** What was last written for the variant. */
  synced: VariantSyncRecord | null;
  /** Each waiting line's ETA, in queue order. */
  lines: LineEta[];
}

export type EvaluateDeps = Pick<
  SyncVariantsDeps,
  "shopify" | "catalog" | "waitingLines" | "clock" | "calendar" | "substitutes" | "shops"
> & {
  /** Reads only: a caller may overlay what it would write (import-slips.ts: a feed not stored yet). */
  repository: Pick<
    SyncVariantsDeps["repository"],
    "listRules" | "variantSyncs" | "supplierEtas" | "substituteChoices"
  >;
};

/**
 * What Waitwell concludes for a set of variants, without writing anything: rule → ETA (incoming stock, fixed, lead
 * time or supplier feed) → policy → storefront payload (with substitutes), and each waiting line's ETA.
 */
export function createEvaluateVariants(deps: EvaluateDeps) {
  const { repository, shopify, catalog, clock } = deps;
  const defaultCalendar = workCalendar(deps.calendar ?? DEFAULT_BUSINESS_CALENDAR);
  const defaultSubstitutes = deps.substitutes ?? DEFAULT_SUBSTITUTE_SETTINGS;

  /**
   * The shop's business calendar and substitute settings, from its stored settings when it has them, and the
   * waiting lines, ranked under the same settings (read once for both).
   */
  async function shopQueues(shop: ShopDomain, variantIds: string[]) {
    const record = deps.shops ? await deps.shops.get(shop) : undefined;
    const lines = deps.waitingLines
      ? await deps.waitingLines.waitingLines(
          shop,
          variantIds,
          deps.shops ? settingsOfRecord(record) : undefined,
        )
      : [];
    const settings = record?.settings;
    if (!settings) return { lines, calendar: defaultCalendar, substitutes: defaultSubstitutes };
    return {
      lines,
      calendar: workCalendar({
        weekend: settings.weekend as Weekday[],
        holidays: settings.holidays as CalendarDate[],
      }),
      substitutes: { ...defaultSubstitutes, priceBand: settings.substitutePriceBand },
    };
  }
  /**
   * What Waitwell concludes for these variants, without writing anything. Unknown variants are left out, and so are
   * variants no rule governs and Waitwell never wrote to, unless `includeUnmanaged` (the admin's "why" view).
   * `rules` replaces the shop's stored rules (a rule's preview before it is saved).
   */
  async function evaluate(
    shop: ShopDomain,
    variantIds: string[],
    options: { includeUnmanaged?: boolean; rules?: SellingRule[] } = {},
  ): Promise<VariantEvaluation[]> {
    const ids = [...new Set(variantIds)];
    if (ids.length === 0) return [];
    const [rules, syncs] = await Promise.all([
      options.rules ?? repository.listRules(shop),
      repository.variantSyncs(shop, ids),
    ]);
    // No rule and nothing we wrote: none of these variants is ours, and the catalog need not be read at all.
    if (!options.includeUnmanaged && rules.length === 0 && syncs.length === 0) return [];
    const index = await catalog.indexWith(shop, ids);
    const resolve = createSellingRuleResolver(rules);
    const syncOf = new Map(syncs.map((s) => [s.variantId, s]));
    const resolvedById = new Map<string, ReturnType<typeof resolve> | null>();
    const resolvedOf = (variantId: string) => {
      if (!resolvedById.has(variantId)) {
        const entry = index.byVariant.get(variantId);
        resolvedById.set(variantId, entry ? resolve(factsOf(entry)) : null);
      }
      return resolvedById.get(variantId) ?? null;
    };
    // A variant no rule governs and that we never wrote to is not ours to touch: deciding that costs no Admin call,
    // so a stock move of an ungoverned variant (an ordinary in-stock sale) reads nothing from Shopify.
    const governed = options.includeUnmanaged
      ? ids
      : ids.filter((id) => syncOf.has(id) || resolvedOf(id) !== null);
    if (governed.length === 0) return [];
    // Only a rule whose ETAs come from the supplier feed reads it (domain/eta/queue.ts).
    const fed = governed.filter((id) => resolvedOf(id)?.rule.settings.etaSource.kind === "supplier_feed");
    const [live, feed, choices, { lines, calendar, substitutes: substituteSettings }] = await Promise.all([
      shopify.readVariants(shop, governed),
      fed.length > 0 ? repository.supplierEtas(shop, fed) : [],
      repository.substituteChoices(shop, governed),
      shopQueues(shop, governed),
    ]);
    const today = dayInZone(clock.now(), live.timeZone);
    const substitutes = substituteFinder(index, live.variants, choices, substituteSettings);
    const feedRows = feed.map((f, i) => ({
      row: i,
      variantId: f.variantId,
      matchedBy: "sku" as const,
      eta: f.expectedOn,
      quantity: f.quantity,
    }));

    const evaluations: VariantEvaluation[] = [];
    for (const variant of live.variants) {
      const resolved = resolvedOf(variant.variantId);
      const synced = syncOf.get(variant.variantId) ?? null;
      // A variant no rule governs and that we never wrote to is not ours to touch.
      if (!resolved && !synced && !options.includeUnmanaged) continue;
      const waiting = lines.filter((l) => l.variantId === variant.variantId);
      const etaContext = (rule: SellingRule): EtaContext => ({
        today,
        calendar,
        handlingDays: rule.settings.handlingDays,
        source: rule.settings.etaSource,
        incoming: incomingBatches(variant, live.timeZone),
        supplierFeed: feedBatches(feedRows, variant.variantId),
      });
      evaluations.push(evaluateVariant({ variant, resolved, synced, waiting, etaContext, substitutes }));
    }
    return evaluations.sort((a, b) => compareGids(a.variantId, b.variantId));
  }

  return evaluate;
}

/**
 * One variant's conclusion: its rule's outcome, the storefront payload (substitutes only when it cannot ship now)
 * and each waiting line's ETA from its place in the queue.
 */
function evaluateVariant(input: {
  variant: LiveVariant;
  resolved: { rule: SellingRule; matchedBy: ScopeKind } | null;
  synced: VariantSyncRecord | null;
  waiting: WaitingLine[];
  etaContext: (rule: SellingRule) => EtaContext;
  substitutes: (variantId: string) => Substitute[];
}): VariantEvaluation {
  const { variant, resolved, synced } = input;
  const queue = queueOrder(input.waiting);
  const waitingUnits = queue.reduce((n, l) => n + l.waiting, 0);
  const stock = { tracked: variant.tracked, available: variant.available };
  const context = resolved ? input.etaContext(resolved.rule) : null;
  const outcome =
    resolved && context ? judged(resolved.rule, context, stock, waitingUnits) : unmanaged(waitingUnits);
  const build = (subs: readonly Substitute[]) =>
    buildAvailability({
      mode: resolved?.rule.settings.mode ?? "when_out_of_stock",
      stock,
      decision: {
        // Without a rule the storefront shows what Shopify will do with the policy it has.
        policy: outcome.policy ?? (resolved ? null : variant.inventoryPolicy),
        reason: outcome.reason === "no_rule" ? "in_stock" : outcome.reason,
        capacity: outcome.capacity,
        waitingUnits: outcome.waitingUnits,
      },
      eta: outcome.nextEta,
      substitutes: subs,
    });
  // Substitutes are only shown when the variant cannot ship now, and finding them walks the catalog.
  let availability = build([]);
  if (availability.state !== "in_stock") availability = build(input.substitutes(variant.variantId));
  return {
    variantId: variant.variantId,
    productId: variant.productId,
    rule: resolved ? { id: resolved.rule.id, matchedBy: resolved.matchedBy } : null,
    stock,
    currentPolicy: variant.inventoryPolicy,
    ...outcome,
    availability,
    synced,
    lines:
      context && queue.length > 0
        ? queueEtas(
            queue.map((l) => ({ lineId: l.lineItemId, waiting: l.waiting })),
            context,
          )
        : [],
  };
}

interface Outcome {
  policy: InventoryPolicy | null;
  reason: EvaluationReason;
  capacity: number | null;
  waitingUnits: number;
  nextEta: Eta;
}

function judged(
  rule: SellingRule,
  context: EtaContext,
  stock: { tracked: boolean; available: number },
  waitingUnits: number,
): Outcome {
  const { decision, nextEta } = assessVariant({
    settings: rule.settings,
    stock: { ...stock, incoming: context.incoming },
    supplierFeed: context.supplierFeed,
    waitingUnits,
    today: context.today,
    calendar: context.calendar,
  });
  return { ...decision, nextEta };
}

/** A variant written to before whose rule is gone: we stop managing it and tell the storefront what Shopify does. */
function unmanaged(waitingUnits: number): Outcome {
  return {
    policy: null,
    reason: "no_rule",
    capacity: null,
    waitingUnits,
    nextEta: { kind: "unknown", reason: "no_schedule" },
  };
}

export function factsOf({ product, variant }: CatalogEntry): VariantFacts {
  return {
    variantId: variant.variantId,
    productId: product.productId,
    collectionIds: product.collectionIds,
    tags: product.tags,
    vendor: product.vendor,
  };
}

function incomingBatches(variant: LiveVariant, timeZone: string): SupplyBatch[] {
  return variant.incoming.map((b) => ({
    expectedOn: b.expectedAt === null ? null : arrivalDay(b.expectedAt, timeZone),
    quantity: b.quantity,
  }));
}

/**
 * Queue order for ETAs, the engine's allocation order (domain/backorder/decide.ts): lines with a staff priority first
 * (lowest number first), then by the shop's priority tags, then first come, first served by order time (to the
 * second, as the engine compares it), ties by order then line id.
 */
export function queueOrder(lines: WaitingLine[]): WaitingLine[] {
  return [...lines].sort(
    (a, b) =>
      (a.priority ?? Infinity) - (b.priority ?? Infinity) ||
      (a.tagRank ?? 0) - (b.tagRank ?? 0) ||
      queueSecond(a.orderCreatedAt.getTime()) - queueSecond(b.orderCreatedAt.getTime()) ||
      compareNumericIds(a.orderId, b.orderId) ||
      compareNumericIds(a.lineItemId, b.lineItemId),
  );
}

function compareNumericIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Substitutes from the mirror's catalog, the candidates with the stock of the last catalog refresh and the original
 * as just read from Shopify: a variant's substitutes do not depend on which other variants are evaluated with it, so
 * one evaluation of a round's variants gives what one evaluation per variant gives (a candidate's live stock, when it
 * happened to be read too, would flip its payload back and forth between rounds).
 */
function substituteFinder(
  index: CatalogIndex,
  live: LiveVariant[],
  choices: Map<string, SubstituteChoices>,
  settings: SubstituteSettings,
): (variantId: string) => Substitute[] {
  let catalog: CatalogVariant[] | null = null;
  const liveOf = new Map(live.map((v) => [v.variantId, v]));
  return (variantId) => {
    const entry = index.byVariant.get(variantId);
    if (!entry) return [];
    catalog ??= [...index.byVariant.values()].map((e) => catalogVariantOf(e));
    const chosen = choices.get(variantId);
    return findSubstitutes(catalogVariantOf(entry, liveOf.get(entry.variant.variantId)), catalog, {
      picks: chosen?.picks ?? [],
      excludedVariantIds: chosen?.excludedVariantIds ?? [],
      excludedProductIds: chosen?.excludedProductIds ?? [],
      priceBand: settings.priceBand,
      limit: settings.limit,
    });
  };
}

/** A mirrored variant as the substitute engine sees it; `live` (read from Shopify just now) overrides its stock. */
export function catalogVariantOf({ product, variant }: CatalogEntry, live?: LiveVariant): CatalogVariant {
  return {
    variantId: variant.variantId,
    productId: product.productId,
    productTitle: product.title,
    variantTitle: variant.title,
    handle: product.handle,
    productType: product.productType,
    vendor: product.vendor,
    tags: product.tags,
    collectionIds: product.collectionIds,
    options: variant.options,
    price: variant.price,
    tracked: live?.tracked ?? variant.tracked,
    available: live?.available ?? variant.available,
    inventoryPolicy: live?.inventoryPolicy ?? variant.inventoryPolicy,
  };
}
