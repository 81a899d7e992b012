import { validateSupplierFeed, type FeedRowError, type SupplierEtaRow } from "../../domain/eta/index.js";
import type { ProductVariantGid } from "../../domain/shared/gid.js";
import type { Clock, Logger, ShopDomain } from "../ports.js";
import type { Catalog, CatalogIndex } from "./catalog.js";
import type {
  AvailabilityRepository,
  AvailabilityShopify,
  SupplierFeedParser,
  SupplierImportRecord,
  SyncRequester,
} from "./ports.js";
import { dayInZone } from "./shop-calendar.js";

export interface SupplierFeedDeps {
  repository: AvailabilityRepository;
  shopify: Pick<AvailabilityShopify, "readTimeZone">;
  catalog: Catalog;
  parse: SupplierFeedParser;
  clock: Clock;
  logger: Logger;
  requestSync: SyncRequester;
}

export type FeedImportResult =
  | {
      ok: true;
      dryRun: boolean;
      rows: number;
      matched: SupplierEtaRow[];
      import: SupplierImportRecord | null;
    }
  | { ok: false; rows: number; matched: number; errors: FeedRowError[] };

/**
 * Imports a supplier's ETA file. Every row is checked and matched to a variant by SKU or barcode; if any row fails,
 * nothing is written and the report lists every problem of every row, so the merchant fixes the file once. A dry
 * run stops after the checks.
 */
export function createSupplierFeed(deps: SupplierFeedDeps) {
  const { repository, catalog, clock, logger } = deps;

  return {
    async import(
      shop: ShopDomain,
      input: { csv: string; filename: string | null; dryRun: boolean },
    ): Promise<FeedImportResult> {
      const { rows, firstRow } = deps.parse(input.csv);
      const [index, timeZone] = await Promise.all([
        catalog.indexWith(shop, []),
        deps.shopify.readTimeZone(shop),
      ]);
      const today = dayInZone(clock.now(), timeZone);
      const check = (entries: CatalogIndex) =>
        validateSupplierFeed(rows, feedVariants(entries), { today, firstRow });
      let { valid, errors } = check(index);
      // A SKU the mirror does not know may belong to a product created since the last catalog read: read it once.
      if (errors.some((e) => e.code === "unknown_sku" || e.code === "unknown_barcode")) {
        await catalog.refresh(shop);
        ({ valid, errors } = check(await catalog.index(shop)));
      }
      if (errors.length > 0) return { ok: false, rows: rows.length, matched: valid.length, errors };
      if (input.dryRun) return { ok: true, dryRun: true, rows: rows.length, matched: valid, import: null };

      const record = await repository.recordSupplierImport(
        shop,
        {
          filename: input.filename,
          rows: rows.length,
          etas: valid.map((r) => ({ variantId: r.variantId, expectedOn: r.eta, quantity: r.quantity })),
        },
        clock.now(),
      );
      logger.info("supplier feed imported", { shop, importId: record.id, rows: rows.length });
      deps.requestSync(shop, [...new Set(valid.map((r) => r.variantId))]);
      return { ok: true, dryRun: false, rows: rows.length, matched: valid, import: record };
    },

    list(shop: ShopDomain, limit: number): Promise<SupplierImportRecord[]> {
      return repository.listSupplierImports(shop, limit);
    },
  };
}

export type SupplierFeed = ReturnType<typeof createSupplierFeed>;

function feedVariants(index: CatalogIndex) {
  return [...index.byVariant.values()].map(({ variant }) => ({
    variantId: variant.variantId as ProductVariantGid,
    sku: variant.sku,
    barcode: variant.barcode,
  }));
}
