import type { BusinessCalendar } from "../../domain/eta/index.js";
import {
  createSellingRuleResolver,
  planPolicyUpdates,
  type InventoryPolicy,
} from "../../domain/selling-rules/index.js";
import { planAvailabilityWrites } from "../../domain/storefront/index.js";
import type { Clock, Logger, ShopDomain, ShopRepository } from "../ports.js";
import type { Catalog } from "./catalog.js";
import {
  createEvaluateVariants,
  factsOf,
  type SubstituteSettings,
  type VariantEvaluation,
} from "./evaluate-variants.js";
import { recordLineEtas } from "./line-promises.js";
import type {
  AvailabilityRepository,
  AvailabilityShopify,
  PromiseChanges,
  WaitingLineSource,
} from "./ports.js";

export {
  DEFAULT_SUBSTITUTE_SETTINGS,
  queueOrder,
  type EvaluationReason,
  type SubstituteSettings,
  type VariantEvaluation,
} from "./evaluate-variants.js";

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
  /** Told, after each run, the cap state of the evaluated variants that have a cap (merchant alerts). */
  onCapStates?: CapStateListener | undefined;
}

/** A variant with a capped rule: whether its waiting units reached the cap. Not awaited by the sync's outcome. */
export type CapStateListener = (
  shop: ShopDomain,
  states: { variantId: string; ruleId: string; reached: boolean; waitingUnits: number }[],
) => Promise<void>;

/** Awaited: a failure fails the sync run, which is retried; listeners must be idempotent. */
export type PromiseChangeListener = (shop: ShopDomain, changes: PromiseChanges) => Promise<void>;

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
  const { repository, catalog, logger } = deps;
  const evaluate = createEvaluateVariants(deps);
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
      const policies = await writePolicies(deps, shop, evaluations, report);
      // The storefront must not announce a policy Shopify does not have.
      const writable = evaluations.filter((e) => !policies.failedVariants.has(e.variantId));
      const metafields = await writeAvailability(deps, shop, writable, report);
      await reportCapStates(deps, shop, evaluations);
      const promises = await recordLineEtas(deps, shop, evaluations);
      report.promisesCreated = promises.created.length;
      report.slips = promises.slips.length;
      const firstError = policies.firstError ?? metafields.firstError;
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

  return { evaluate, sync };
}

export type SyncVariants = ReturnType<typeof createSyncVariants>;

type WriteDeps = Pick<SyncVariantsDeps, "repository" | "shopify" | "logger" | "onWritten">;

/**
 * One productVariantsBulkUpdate per product whose policies change, each followed by the VariantSync rows that record
 * it (so a crash half-way redoes only the rest). One product's refusal must not hold the others back; the run still
 * fails (firstError), so it is retried.
 */
async function writePolicies(
  deps: WriteDeps,
  shop: ShopDomain,
  evaluations: VariantEvaluation[],
  report: SyncReport,
): Promise<{ firstError: unknown; failedVariants: Set<string> }> {
  let firstError: unknown = null;
  const failedVariants = new Set<string>();
  const plan = planPolicyUpdates(
    evaluations.map((e) => ({
      productId: e.productId,
      variantId: e.variantId,
      policy: e.currentPolicy,
    })),
    evaluations.map((e) => ({ variantId: e.variantId, policy: e.policy })),
  );
  for (const update of plan.updates) {
    try {
      await deps.shopify.updateInventoryPolicies(shop, update);
      report.policyUpdates.push(update);
      await deps.repository.saveVariantSyncs(
        shop,
        update.variants.map((v) => ({
          variantId: v.id,
          productId: update.productId,
          policy: v.inventoryPolicy,
        })),
      );
    } catch (e) {
      firstError ??= e;
      for (const v of update.variants) failedVariants.add(v.id);
      deps.logger.warn("inventory policy update failed", {
        shop,
        productId: update.productId,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
  return { firstError, failedVariants };
}

/** The availability metafields that changed, in metafieldsSet batches of 25, each recorded once written. */
async function writeAvailability(
  deps: WriteDeps,
  shop: ShopDomain,
  writable: VariantEvaluation[],
  report: SyncReport,
): Promise<{ firstError: unknown }> {
  let firstError: unknown = null;
  const productOf = new Map(writable.map((e) => [e.variantId, e.productId]));
  const batches = planAvailabilityWrites(
    writable.map((e) => ({
      variantId: e.variantId,
      previous: e.synced?.availability ?? null,
      next: e.availability,
    })),
  );
  const written: string[] = [];
  for (const batch of batches) {
    try {
      await deps.shopify.setMetafields(shop, batch);
      report.metafieldCalls += 1;
      report.metafieldsWritten += batch.length;
      await deps.repository.saveVariantSyncs(
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
      deps.logger.warn("availability metafields write failed", {
        shop,
        variants: batch.length,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
  if (written.length > 0) deps.onWritten?.(shop, written);
  return { firstError };
}

/** The cap state of every evaluated variant under a capped rule; a listener's failure is logged, never the sync's. */
async function reportCapStates(
  deps: Pick<SyncVariantsDeps, "onCapStates" | "logger">,
  shop: ShopDomain,
  evaluations: VariantEvaluation[],
): Promise<void> {
  const states = evaluations.flatMap((e) =>
    e.rule && (e.capacity !== null || e.reason === "cap_reached")
      ? [
          {
            variantId: e.variantId,
            ruleId: e.rule.id,
            reached: e.reason === "cap_reached",
            waitingUnits: e.waitingUnits,
          },
        ]
      : [],
  );
  if (states.length === 0 || !deps.onCapStates) return;
  try {
    await deps.onCapStates(shop, states);
  } catch (e) {
    deps.logger.error("cap state listener failed", {
      shop,
      error: e instanceof Error ? e.message : String(e),
    });
  }
}
