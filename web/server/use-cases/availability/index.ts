/**
 * Storefront availability: backorder rules, ETAs (per variant and per waiting line, with slips), substitutes, the
 * storefront sync (inventory policy + availability metafield) and the app proxy fallback. main.ts builds these once
 * with createAvailabilityServices and hands them to the HTTP app, the webhook handlers and the availability-sync job.
 */
import type { BusinessCalendar } from "../../domain/eta/index.js";
import type { Clock, Logger, ShopDomain, ShopRepository } from "../ports.js";
import { createCatalog } from "./catalog.js";
import type {
  EngineVariantMirror,
  MirroredProduct,
  AvailabilityRepository,
  AvailabilityShopify,
  FeedReaderFactory,
  ProductSearch,
  RuleCsvParser,
  SyncRequester,
  WaitingLineSource,
} from "./ports.js";
import { createRulePreview, createRuleTargetTitles } from "./rule-preview.js";
import { createRulesTransfer } from "./rules-transfer.js";
import { createSellingRulesAdmin } from "./selling-rules-admin.js";
import { createSubstitutesOverview } from "./substitutes-overview.js";
import { createStorefrontAvailability } from "./storefront-availability.js";
import { createSubstitutesAdmin } from "./substitutes-admin.js";
import { createImportSlips } from "./import-slips.js";
import type { OrderDirectory, SupplierImportRunRepository } from "./supplier-import-ports.js";
import { createSupplierImports, type SupplierImportLimits } from "./supplier-imports.js";
import {
  createSyncVariants,
  type CapStateListener,
  type PromiseChangeListener,
  type SubstituteSettings,
  type SyncReport,
} from "./sync-variants.js";

export interface AvailabilityServicesDeps {
  repository: AvailabilityRepository;
  shopify: AvailabilityShopify;
  shops: Pick<ShopRepository, "get">;
  /** Supplier feed imports: their records, the file reader (a worker thread in the app), limits, order names. */
  feeds: {
    runs: SupplierImportRunRepository;
    openReader: FeedReaderFactory;
    limits: SupplierImportLimits;
    orders?: OrderDirectory;
  };
  parseRulesCsv: RuleCsvParser;
  /** The admin's picker outside Shopify admin; absent: the picker route answers 404. */
  productSearch?: ProductSearch;
  clock: Clock;
  logger: Logger;
  /** Background syncs after admin edits (jobs/availability-sync.ts). */
  requestSync: SyncRequester;
  waitingLines?: WaitingLineSource;
  engineVariants?: EngineVariantMirror;
  calendar?: BusinessCalendar;
  substitutes?: SubstituteSettings;
  /** Told after line promises were stored (the engine rewrites order metafields; customer messages follow). */
  onPromiseChanges?: PromiseChangeListener;
  /** Told which capped variants reached their cap, and which did not (merchant alerts). */
  onCapStates?: CapStateListener;
}

export function createAvailabilityServices(deps: AvailabilityServicesDeps) {
  const { repository, shopify, clock, logger, requestSync } = deps;
  const catalog = createCatalog({
    repository,
    shopify,
    clock,
    logger,
    ...(deps.engineVariants ? { engineVariants: deps.engineVariants } : {}),
  });
  const storefront = createStorefrontAvailability({ repository, shops: deps.shops, clock });
  const syncVariants = createSyncVariants({
    repository,
    shopify,
    catalog,
    clock,
    logger,
    onWritten: (shop, ids) => storefront.invalidate(shop, ids),
    shops: deps.shops,
    ...(deps.waitingLines ? { waitingLines: deps.waitingLines } : {}),
    ...(deps.calendar ? { calendar: deps.calendar } : {}),
    ...(deps.substitutes ? { substitutes: deps.substitutes } : {}),
    onPromiseChanges: deps.onPromiseChanges,
    onCapStates: deps.onCapStates,
  });

  return {
    catalog,
    syncVariants,
    storefront,
    rules: createSellingRulesAdmin({ repository, clock, requestSync }),
    supplierImports: createSupplierImports({
      ...deps.feeds,
      repository,
      shopify,
      catalog,
      slips: createImportSlips({
        repository,
        shopify,
        catalog,
        clock,
        shops: deps.shops,
        ...(deps.waitingLines ? { waitingLines: deps.waitingLines } : {}),
        ...(deps.calendar ? { calendar: deps.calendar } : {}),
        ...(deps.substitutes ? { substitutes: deps.substitutes } : {}),
      }),
      clock,
      logger,
      requestSync,
    }),
    substitutes: createSubstitutesAdmin({ repository, catalog, syncVariants, clock, requestSync }),
    substitutesOverview: createSubstitutesOverview({
      repository,
      catalog,
      shops: deps.shops,
      substitutes: deps.substitutes,
    }),
    productSearch: deps.productSearch ?? null,
    rulePreview: createRulePreview({ repository, catalog, evaluate: syncVariants.evaluate, clock }),
    ruleTargetTitles: createRuleTargetTitles({ catalog }),
    rulesTransfer: createRulesTransfer({
      repository,
      parse: deps.parseRulesCsv,
      clock,
      logger,
      requestSync,
    }),
    /** Recorded ETA slips (the notification work reads them too). */
    slips: { listSlips: repository.listSlips.bind(repository) } satisfies Pick<
      AvailabilityRepository,
      "listSlips"
    >,

    /**
     * For the backorder engine (after its decisions) and the inventory webhooks: re-evaluates these variants and
     * writes what changed. Awaitable, and it throws when a Shopify write failed, so an inbox handler is retried.
     */
    onVariantsChanged(shop: ShopDomain, variantIds: string[]): Promise<SyncReport> {
      return syncVariants.sync(shop, variantIds);
    },

    /**
     * products/update, for one product or a batch: the catalog mirror takes the payloads' products (`fromPayload`; a
     * product it does not know is read whole), and the products named without a payload are re-read; then the
     * variants of those whose storefront facts changed (a re-read product counts as changed) are re-evaluated in one
     * sync (a stock move fires products/update too; the level's own webhook re-evaluates its variants).
     */
    async onProductsChanged(
      shop: ShopDomain,
      productIds: string[],
      fromPayload: Omit<MirroredProduct, "collectionIds">[] = [],
    ): Promise<SyncReport> {
      const given = new Set<string>(fromPayload.map((p) => p.productId));
      const reread = [...new Set(productIds)].filter((id) => !given.has(id));
      const { changed } = await catalog.applyProducts(shop, fromPayload);
      const refreshed = await catalog.refreshProducts(shop, reread);
      return syncVariants.sync(
        shop,
        [...changed, ...refreshed].flatMap((p) => p.variants.map((v) => v.variantId)),
      );
    },

    /**
     * For inventory_levels/update, one level or a batch: re-evaluates the variants stocked by these inventory items in
     * one sync (a sell-out or a restock can flip the policy and changes the storefront state). Variants not in the
     * mirror yet wait for the periodic sync, which refreshes the catalog.
     */
    async onInventoryItemsChanged(shop: ShopDomain, inventoryItemIds: string[]): Promise<SyncReport | null> {
      const items = new Set(inventoryItemIds);
      if (items.size === 0) return null;
      const products = await repository.productsOfInventoryItems(shop, [...items]);
      const variantIds = products.flatMap((p) =>
        p.variants.filter((v) => items.has(v.inventoryItemId)).map((v) => v.variantId),
      );
      return variantIds.length > 0 ? syncVariants.sync(shop, variantIds) : null;
    },

    /** The shop's calendar, priority tags or substitute price band changed: every governed variant, in the background. */
    onShopSettingsChanged(shop: ShopDomain): void {
      requestSync(shop, "all");
    },

    /** shop/redact: everything of the shop, from storage and from memory. */
    async eraseShop(shop: ShopDomain): Promise<void> {
      await repository.deleteByShop(shop);
      storefront.forgetShop(shop);
    },
  };
}

export type AvailabilityServices = ReturnType<typeof createAvailabilityServices>;
export type { PromiseChangeListener, SyncReport, VariantEvaluation } from "./sync-variants.js";
export type { SupplierImports, ImportSlipView } from "./supplier-imports.js";
