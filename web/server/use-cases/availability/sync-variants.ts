import {
  DEFAULT_BUSINESS_CALENDAR,
  feedBatches,
  makePromise,
  queueEtas,
  reviseEta,
  sameEta,
  workCalendar,
  type BusinessCalendar,
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
  planPolicyUpdates,
  type SellingRule,
  type CollectionGid,
  type InventoryPolicy,
  type PolicyReason,
  type ProductGid,
  type ScopeKind,
  type VariantFacts,
} from "../../domain/selling-rules/index.js";
import { compareGids, type ProductVariantGid } from "../../domain/shared/gid.js";
import {
  buildAvailability,
  planAvailabilityWrites,
  type AvailabilityPayload,
} from "../../domain/storefront/index.js";
import {
  findSubstitutes,
  type CatalogVariant,
  type PriceBand,
  type Substitute,
} from "../../domain/substitution/index.js";
import type { Clock, Logger, ShopDomain, ShopRepository, ShopSettings } from "../ports.js";
import type { Catalog, CatalogEntry, CatalogIndex } from "./catalog.js";
import type {
  LiveVariant,
  PromiseChanges,
  AvailabilityRepository,
  AvailabilityShopify,
  SubstituteChoices,
  VariantSyncRecord,
  WaitingLine,
  WaitingLineSource,
} from "./ports.js";
import { arrivalDay, dayInZone } from "./shop-calendar.js";

export interface SubstituteSettings {
  /** Substitutes carried in the storefront payload. */
  limit: number;
  /** Automatic suggestions within this band of the original's price; null: any price. */
  priceBand: PriceBand | null;
}

/** Three suggestions fit under a product form; a price band is the merchant's call, so none by default. */
export const DEFAULT_SUBSTITUTE_SETTINGS: SubstituteSettings = { limit: 3, priceBand: null };

export interface SyncVariantsDeps {
  repository: AvailabilityRepository;
  shopify: AvailabilityShopify;
  catalog: Catalog;
  /** The engine's waiting lines; without it only Shopify's oversold units count as waiting. */
  waitingLines?: WaitingLineSource;
  clock: Clock;
  logger: Logger;
  /** Used for shops without stored settings; a shop's own calendar and price band come from its settings. */
  calendar?: BusinessCalendar;
  substitutes?: SubstituteSettings;
  /** The shop's settings (holidays, weekend, substitute price band). */
  shops?: Pick<ShopRepository, "get">;
  /** Told which variants' storefront data changed (the app proxy's cache). */
  onWritten?: (shop: ShopDomain, variantIds: string[]) => void;
  /** Told, once stored, which line promises were made, re-evaluated or slipped (order metafields, messages). */
  onPromiseChanges?: PromiseChangeListener | undefined;
}

/** Awaited: a failure fails the sync run, which is retried; listeners must be idempotent. */
export type PromiseChangeListener = (shop: ShopDomain, changes: PromiseChanges) => Promise<void>;

export type EvaluationReason = PolicyReason | "no_rule";

/** Everything Waitwell concludes about one variant. */
export interface VariantEvaluation {
  variantId: string;
  productId: string;
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

export interface SyncReport {
  evaluated: number;
  /** productVariantsBulkUpdate calls, one per product. */
  policyUpdates: { productId: string; variants: { id: string; inventoryPolicy: InventoryPolicy }[] }[];
  /** metafieldsSet calls and the metafields they carried. */
  metafieldCalls: number;
  metafieldsWritten: number;
  promisesCreated: number;
  slips: number;
}

/**
 * Brings a set of variants to what their rules say, on Shopify and in our records:
 * rule → ETA (incoming stock, fixed, lead time or supplier feed) → policy → storefront payload (with substitutes),
 * then only what changed is written: one productVariantsBulkUpdate per product whose policies change, metafieldsSet
 * in batches of 25, each followed by the VariantSync row that records it (so a crash half-way redoes only the rest).
 * Every waiting line of those variants gets its ETA from its place in the queue; its first ETA becomes its promise,
 * a later one is recorded as a slip.
 *
 * Runs of one shop are serialised in this process: the engine, the job and admin edits may ask at the same time.
 */
export function createSyncVariants(deps: SyncVariantsDeps) {
  const { repository, shopify, catalog, clock, logger } = deps;
  const defaultCalendar = workCalendar(deps.calendar ?? DEFAULT_BUSINESS_CALENDAR);
  const defaultSubstitutes = deps.substitutes ?? DEFAULT_SUBSTITUTE_SETTINGS;

  /** The shop's business calendar and substitute settings, from its stored settings when it has them. */
  async function shopPreferences(shop: ShopDomain) {
    const settings: ShopSettings | undefined = (await deps.shops?.get(shop))?.settings;
    if (!settings) return { calendar: defaultCalendar, substitutes: defaultSubstitutes };
    return {
      calendar: workCalendar({
        weekend: settings.weekend as Weekday[],
        holidays: settings.holidays as CalendarDate[],
      }),
      substitutes: { ...defaultSubstitutes, priceBand: settings.substitutePriceBand },
    };
  }
  const queues = new Map<ShopDomain, Promise<unknown>>();

  function serialised<T>(shop: ShopDomain, fn: () => Promise<T>): Promise<T> {
    const previous = queues.get(shop) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.catch(() => undefined);
    queues.set(shop, settled);
    void settled.then(() => {
      if (queues.get(shop) === settled) queues.delete(shop);
    });
    return run;
  }

  /**
   * What Waitwell concludes for these variants, without writing anything. Unknown variants are left out, and so are
   * variants no rule governs and Waitwell never wrote to, unless `includeUnmanaged` (the admin's "why" view).
   */
  async function evaluate(
    shop: ShopDomain,
    variantIds: string[],
    options: { includeUnmanaged?: boolean } = {},
  ): Promise<VariantEvaluation[]> {
    const ids = [...new Set(variantIds)];
    if (ids.length === 0) return [];
    const [rules, syncs] = await Promise.all([
      repository.listRules(shop),
      repository.variantSyncs(shop, ids),
    ]);
    // No rule and nothing we wrote: none of these variants is ours, and the catalog need not be read at all.
    if (!options.includeUnmanaged && rules.length === 0 && syncs.length === 0) return [];
    const index = await catalog.indexWith(shop, ids);
    const resolve = createSellingRuleResolver(rules);
    const syncOf = new Map(syncs.map((s) => [s.variantId, s]));
    const resolvedOf = (variantId: string) => {
      const entry = index.byVariant.get(variantId);
      return entry ? resolve(factsOf(entry)) : null;
    };
    // A variant no rule governs and that we never wrote to is not ours to touch: deciding that costs no Admin call,
    // so a stock move of an ungoverned variant (an ordinary in-stock sale) reads nothing from Shopify.
    const governed = options.includeUnmanaged
      ? ids
      : ids.filter((id) => syncOf.has(id) || resolvedOf(id) !== null);
    if (governed.length === 0) return [];
    const [live, feed, choices, lines, { calendar, substitutes: substituteSettings }] = await Promise.all([
      shopify.readVariants(shop, governed),
      repository.supplierEtas(shop, governed),
      repository.substituteChoices(shop, governed),
      deps.waitingLines ? deps.waitingLines.waitingLines(shop, governed) : Promise.resolve([]),
      shopPreferences(shop),
    ]);
    const today = dayInZone(clock.now(), live.timeZone);
    const substitutes = substituteFinder(index, live.variants, choices, substituteSettings);
    const feedRows = feed.map((f, i) => ({
      row: i,
      variantId: f.variantId as ProductVariantGid,
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
      const queue = queueOrder(lines.filter((l) => l.variantId === variant.variantId));
      const waitingUnits = queue.reduce((n, l) => n + l.waiting, 0);
      const stock = { tracked: variant.tracked, available: variant.available };
      const context: EtaContext | null = resolved
        ? {
            today,
            calendar,
            handlingDays: resolved.rule.settings.handlingDays,
            source: resolved.rule.settings.etaSource,
            incoming: incomingBatches(variant, live.timeZone),
            supplierFeed: feedBatches(feedRows, variant.variantId as ProductVariantGid),
          }
        : null;
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
      if (availability.state !== "in_stock") availability = build(substitutes(variant.variantId));
      evaluations.push({
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
      });
    }
    return evaluations.sort((a, b) =>
      compareGids(a.variantId as ProductVariantGid, b.variantId as ProductVariantGid),
    );
  }

  /** Evaluates, then writes what changed. "all": every variant a rule governs, and every variant written before. */
  function sync(shop: ShopDomain, variantIds: string[] | "all"): Promise<SyncReport> {
    return serialised(shop, async () => {
      const ids = variantIds === "all" ? await governedVariants(shop) : variantIds;
      const evaluations = await evaluate(shop, ids);
      const report: SyncReport = {
        evaluated: evaluations.length,
        policyUpdates: [],
        metafieldCalls: 0,
        metafieldsWritten: 0,
        promisesCreated: 0,
        slips: 0,
      };
      let firstError: unknown = null;
      const failedVariants = new Set<string>();

      const plan = planPolicyUpdates(
        evaluations.map((e) => ({
          productId: e.productId as ProductGid,
          variantId: e.variantId as ProductVariantGid,
          policy: e.currentPolicy,
        })),
        evaluations.map((e) => ({ variantId: e.variantId as ProductVariantGid, policy: e.policy })),
      );
      for (const update of plan.updates) {
        try {
          await shopify.updateInventoryPolicies(shop, update);
          report.policyUpdates.push(update);
          await repository.saveVariantSyncs(
            shop,
            update.variants.map((v) => ({
              variantId: v.id,
              productId: update.productId,
              policy: v.inventoryPolicy,
            })),
          );
        } catch (e) {
          // One product's refusal must not hold the others back; the run still fails, so it is retried.
          firstError ??= e;
          for (const v of update.variants) failedVariants.add(v.id);
          logger.warn("inventory policy update failed", {
            shop,
            productId: update.productId,
            error: e instanceof Error ? e.message : String(e),
          });
        }
      }

      // The storefront must not announce a policy Shopify does not have.
      const writable = evaluations.filter((e) => !failedVariants.has(e.variantId));
      const productOf = new Map(writable.map((e) => [e.variantId, e.productId]));
      const batches = planAvailabilityWrites(
        writable.map((e) => ({
          variantId: e.variantId as ProductVariantGid,
          previous: e.synced?.availability ?? null,
          next: e.availability,
        })),
      );
      const written: string[] = [];
      for (const batch of batches) {
        try {
          await shopify.setMetafields(shop, batch);
          report.metafieldCalls += 1;
          report.metafieldsWritten += batch.length;
          await repository.saveVariantSyncs(
            shop,
            batch.map((m) => ({
              variantId: m.ownerId,
              productId: productOf.get(m.ownerId) ?? "",
              availability: m.value,
            })),
          );
          written.push(...batch.map((m) => m.ownerId));
        } catch (e) {
          firstError ??= e;
          logger.warn("availability metafields write failed", {
            shop,
            variants: batch.length,
            error: e instanceof Error ? e.message : String(e),
          });
        }
      }
      if (written.length > 0) deps.onWritten?.(shop, written);

      const promises = await recordLineEtas(shop, evaluations);
      report.promisesCreated = promises.created.length;
      report.slips = promises.slips.length;
      if (firstError !== null) throw firstError;
      logger.debug("variants synced", { shop, ...report, policyUpdates: report.policyUpdates.length });
      return report;
    });
  }

  /** Variants a rule governs (per the mirror's facts), and those written to before (their rule may be gone). */
  async function governedVariants(shop: ShopDomain): Promise<string[]> {
    const [index, rules, synced] = await Promise.all([
      catalog.indexWith(shop, []),
      repository.listRules(shop),
      repository.syncedVariantIds(shop),
    ]);
    const resolve = createSellingRuleResolver(rules);
    const ids = new Set(synced);
    for (const entry of index.byVariant.values())
      if (resolve(factsOf(entry))) ids.add(entry.variant.variantId);
    return [...ids];
  }

  /** First ETA of a line → its promise; later ones move `current`, and a later date than promised is a slip. */
  async function recordLineEtas(shop: ShopDomain, evaluations: VariantEvaluation[]): Promise<PromiseChanges> {
    const lineEtas = evaluations.flatMap((e) => e.lines);
    const changes: PromiseChanges = { created: [], revised: [], slips: [] };
    if (lineEtas.length === 0) return changes;
    const now = clock.now();
    const existing = new Map(
      (
        await repository.linePromises(
          shop,
          lineEtas.map((l) => l.lineId),
        )
      ).map((p) => [p.lineItemId, p]),
    );
    for (const line of lineEtas) {
      const stored = existing.get(line.lineId);
      if (!stored) {
        changes.created.push({ lineItemId: line.lineId, promised: line.eta, promisedAt: now });
        continue;
      }
      // promisedOn is only carried along by reviseEta; the stored promisedAt is the record.
      const promise = {
        ...makePromise(line.lineId, stored.promised, now.toISOString().slice(0, 10) as CalendarDate),
        current: stored.current,
      };
      const revision = reviseEta(promise, line.eta, now);
      if (!sameEta(stored.current, line.eta))
        changes.revised.push({ lineItemId: line.lineId, current: line.eta });
      if (revision.change?.kind === "slip") {
        changes.slips.push({
          lineItemId: line.lineId,
          promised: revision.change.promised,
          revised: revision.change.now,
          detectedAt: now,
        });
      }
    }
    if (changes.created.length + changes.revised.length + changes.slips.length > 0) {
      await repository.savePromiseChanges(shop, changes);
      await deps.onPromiseChanges?.(shop, changes);
    }
    if (changes.slips.length > 0) logger.info("eta slips recorded", { shop, slips: changes.slips.length });
    return changes;
  }

  return { evaluate, sync };
}

export type SyncVariants = ReturnType<typeof createSyncVariants>;

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

function factsOf({ product, variant }: CatalogEntry): VariantFacts {
  return {
    variantId: variant.variantId as ProductVariantGid,
    productId: product.productId as ProductGid,
    collectionIds: product.collectionIds as CollectionGid[],
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
 * (lowest number first), then by the shop's priority tags, then first come, first served by order time, ties by
 * order then line id.
 */
export function queueOrder(lines: WaitingLine[]): WaitingLine[] {
  return [...lines].sort(
    (a, b) =>
      (a.priority ?? Infinity) - (b.priority ?? Infinity) ||
      (a.tagRank ?? 0) - (b.tagRank ?? 0) ||
      a.orderCreatedAt.getTime() - b.orderCreatedAt.getTime() ||
      compareNumericIds(a.orderId, b.orderId) ||
      compareNumericIds(a.lineItemId, b.lineItemId),
  );
}

function compareNumericIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Substitutes from the mirror's catalog, with the stock just read from Shopify for the variants being evaluated
 * (the rest of the catalog carries the stock of the last catalog refresh).
 */
function substituteFinder(
  index: CatalogIndex,
  live: LiveVariant[],
  choices: Map<string, SubstituteChoices>,
  settings: SubstituteSettings,
): (variantId: string) => Substitute[] {
  let catalog: CatalogVariant[] | null = null;
  const liveOf = new Map(live.map((v) => [v.variantId, v]));
  const build = (): CatalogVariant[] =>
    [...index.byVariant.values()].map(({ product, variant }) => {
      const now = liveOf.get(variant.variantId);
      return {
        variantId: variant.variantId as ProductVariantGid,
        productId: product.productId as ProductGid,
        productTitle: product.title,
        variantTitle: variant.title,
        handle: product.handle,
        productType: product.productType,
        vendor: product.vendor,
        tags: product.tags,
        collectionIds: product.collectionIds as CollectionGid[],
        options: variant.options,
        price: variant.price,
        tracked: now?.tracked ?? variant.tracked,
        available: now?.available ?? variant.available,
        inventoryPolicy: now?.inventoryPolicy ?? variant.inventoryPolicy,
      };
    });
  return (variantId) => {
    catalog ??= build();
    const original = catalog.find((v) => v.variantId === variantId);
    if (!original) return [];
    const chosen = choices.get(variantId);
    return findSubstitutes(original, catalog, {
      picks: (chosen?.picks ?? []) as ProductVariantGid[],
      excludedVariantIds: (chosen?.excludedVariantIds ?? []) as ProductVariantGid[],
      excludedProductIds: (chosen?.excludedProductIds ?? []) as ProductGid[],
      priceBand: settings.priceBand,
      limit: settings.limit,
    });
  };
}
