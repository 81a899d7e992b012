import type { FeedVariant, SupplierEtaRow } from "../../domain/eta/index.js";
import {
  ConflictError,
  LimitExceededError,
  NotFoundError,
  ValidationError,
  WaitwellError,
} from "../../errors.js";
import type { Clock, Logger, ShopDomain } from "../ports.js";
import type { Catalog, CatalogIndex } from "./catalog.js";
import type { ImportSlipRecord as Slip } from "./supplier-import-ports.js";
import type {
  AvailabilityRepository,
  AvailabilityShopify,
  FeedCheck,
  FeedLimits,
  FeedReader,
  FeedReaderFactory,
  SyncRequester,
} from "./ports.js";
import type {
  ImportRunPatch,
  ImportRunRecord,
  ImportSlipRecord,
  OrderDirectory,
  SupplierImportRunRepository,
} from "./supplier-import-ports.js";
import { dayInZone } from "./shop-calendar.js";

export interface SupplierImportLimits extends FeedLimits {
  maxBytes: number;
  /** Imports of one shop uploading or running at once. */
  maxInFlight: number;
}

export interface SupplierImportsDeps {
  runs: SupplierImportRunRepository;
  repository: Pick<AvailabilityRepository, "recordSupplierImport">;
  shopify: Pick<AvailabilityShopify, "readTimeZone">;
  catalog: Pick<Catalog, "index" | "refresh">;
  openReader: FeedReaderFactory;
  /** The lines a feed makes late (import-slips.ts). */
  slips: (shop: ShopDomain, valid: SupplierEtaRow[]) => Promise<ImportSlipRecord[]>;
  orders?: OrderDirectory;
  limits: SupplierImportLimits;
  clock: Clock;
  logger: Logger;
  requestSync: SyncRequester;
}

/** A run still uploading or running this long after it began is taken as abandoned (its process died). */
const STALE_AFTER_MS = 15 * 60_000;
/** Progress is written at most this often (ms). */
const PROGRESS_EVERY_MS = 250;

export interface ImportSlipView extends Slip {
  orderName: string | null;
  customerName: string | null;
  customerEmail: string | null;
}

/**
 * Supplier ETA feed imports, as runs the admin follows: `create` (the in-flight limit), `upload` (the file is
 * stream-read off this thread, within the byte, row and column limits; answers once it is read), then in the
 * background: matched against the catalog (read again at most once per import when a SKU or barcode is unknown),
 * the lines it would make late found, and for an applied run its ETAs stored in one transaction. A file with any
 * bad row writes nothing; a dry run writes nothing but its own record.
 */
export function createSupplierImports(deps: SupplierImportsDeps) {
  const { runs, clock, logger, limits } = deps;
  const jobs = new Map<string, Promise<ImportRunRecord>>();
  const create = createRunStarter(deps);

  /** Reads the file; answers once it is read (or refused), while checking and writing go on in the background. */
  async function upload(
    shop: ShopDomain,
    id: string,
    body: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  ) {
    const run = await runs.getRun(shop, id);
    if (!run) throw new NotFoundError(`No import ${id}`);
    if (run.status !== "uploading")
      throw new ConflictError(`Import ${id} already has its file (${run.status})`);
    let last = 0;
    const progress = (patch: ImportRunPatch) => {
      const now = performance.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      void runs.updateRun(shop, id, patch).catch(() => undefined);
    };
    const reader = deps.openReader(limits, (rows) => progress({ rows }));
    await runs.updateRun(shop, id, { status: "running", phase: "reading" });
    try {
      let bytes = 0;
      for await (const chunk of body) {
        const data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        bytes += data.byteLength;
        if (bytes > limits.maxBytes) throw tooLarge(limits);
        reader.write(data);
        progress({ done: bytes });
      }
      if (bytes === 0) throw new ValidationError("Invalid body: the CSV file is empty");
      const { rows } = await reader.end();
      const read = await runs.updateRun(shop, id, {
        phase: "checking",
        bytes,
        done: bytes,
        total: bytes,
        rows,
      });
      jobs.set(id, process(shop, read!, reader));
      return read!;
    } catch (e) {
      reader.close();
      await finish(shop, id, { status: "rejected", failure: messageOf(e) }, []);
      throw e;
    }
  }

  /** Matches, finds the slips, writes (unless a dry run), and records how it ended. Never throws. */
  async function process(
    shop: ShopDomain,
    run: ImportRunRecord,
    reader: FeedReader,
  ): Promise<ImportRunRecord> {
    try {
      const check = await checkAgainstCatalog(deps, shop, reader);
      const variantIds = [...new Set(check.valid.map((r) => r.variantId as string))];
      const result = {
        matched: check.valid.length,
        variants: variantIds.length,
        errorCount: check.errorCount,
        errors: check.errors,
      };
      if (check.errorCount > 0) return await finish(shop, run.id, { ...result, status: "rejected" }, []);
      await runs.updateRun(shop, run.id, { phase: "slips", done: 0, total: 0 });
      const slips = await deps.slips(shop, check.valid);
      if (run.dryRun) return await finish(shop, run.id, { ...result, status: "checked" }, slips);
      await runs.updateRun(shop, run.id, { phase: "writing", done: 0, total: check.valid.length });
      const stored = await deps.repository.recordSupplierImport(
        shop,
        {
          filename: run.filename,
          rows: check.rows,
          etas: check.valid.map((r) => ({ variantId: r.variantId, expectedOn: r.eta, quantity: r.quantity })),
        },
        clock.now(),
      );
      const done = await finish(shop, run.id, { ...result, status: "applied", importId: stored.id }, slips);
      logger.info("supplier feed imported", { shop, runId: run.id, rows: check.rows, slips: slips.length });
      deps.requestSync(shop, variantIds);
      return done;
    } catch (e) {
      logger.error("supplier feed import failed", { shop, runId: run.id, error: String(e) });
      return finish(shop, run.id, { status: "failed", failure: messageOf(e) }, []).catch(() => run);
    } finally {
      reader.close();
      jobs.delete(run.id);
    }
  }

  function finish(shop: ShopDomain, id: string, patch: ImportRunPatch, slips: ImportSlipRecord[]) {
    return runs.finishRun(
      shop,
      id,
      { ...patch, phase: "done", slipCount: slips.length, finishedAt: clock.now() },
      slips,
    );
  }

  return {
    create,
    upload,
    /** The run once its background work is over (at once when it is not running in this process). */
    async finished(shop: ShopDomain, id: string): Promise<ImportRunRecord> {
      await jobs.get(id);
      const run = await runs.getRun(shop, id);
      if (!run) throw new NotFoundError(`No import ${id}`);
      return run;
    },
    get: (shop: ShopDomain, id: string, slipLimit = 200) => runDetail(deps, shop, id, slipLimit),
    list: (shop: ShopDomain, limit: number) => runs.listRuns(shop, limit),
    /** Every background job of this process settled (tests, shutdown). */
    async idle(): Promise<void> {
      while (jobs.size > 0) await Promise.allSettled([...jobs.values()]);
    },
  };
}

export type SupplierImports = ReturnType<typeof createSupplierImports>;

/** `create` of the imports: a new run, within the byte and in-flight limits (abandoned runs are failed first). */
function createRunStarter(deps: SupplierImportsDeps) {
  const { runs, clock, limits } = deps;
  const creating = new Map<ShopDomain, Promise<unknown>>();
  return async function create(
    shop: ShopDomain,
    input: { filename: string | null; dryRun: boolean; bytes?: number | undefined },
  ): Promise<ImportRunRecord> {
    if (input.bytes !== undefined && input.bytes > limits.maxBytes) throw tooLarge(limits);
    // One shop's creations in turn in this process; across processes the repository's check-and-insert is atomic.
    const previous = creating.get(shop) ?? Promise.resolve();
    const next = previous.then(async () => {
      await runs.failStale(shop, new Date(clock.now().getTime() - STALE_AFTER_MS), clock.now());
      const max = limits.maxInFlight;
      const run = await runs.createRunWithin(shop, { ...input, bytes: input.bytes ?? 0 }, clock.now(), max);
      if (!run) {
        throw new LimitExceededError(
          429,
          `${max} import${max === 1 ? " is" : "s are"} already in progress for this shop; at most ${max} at once (FEED_MAX_IN_FLIGHT)`,
          { name: "FEED_MAX_IN_FLIGHT", max },
        );
      }
      return run;
    });
    creating.set(
      shop,
      next.catch(() => undefined),
    );
    return next;
  };
}

/** Matches the feed against the catalog mirror, read again at most once when a SKU or barcode is unknown. */
async function checkAgainstCatalog(
  deps: SupplierImportsDeps,
  shop: ShopDomain,
  reader: FeedReader,
): Promise<FeedCheck> {
  const [timeZone, mirror] = await Promise.all([deps.shopify.readTimeZone(shop), deps.catalog.index(shop)]);
  const today = dayInZone(deps.clock.now(), timeZone);
  let index = mirror;
  let refreshed = false;
  if (index.products.length === 0) {
    await deps.catalog.refresh(shop);
    refreshed = true;
    index = await deps.catalog.index(shop);
  }
  const check = await reader.check(feedVariants(index), today);
  // A SKU the mirror does not know may belong to a product created since the last catalog read: read it, once.
  if (!check.unknownKeys || refreshed) return check;
  await deps.catalog.refresh(shop);
  return reader.check(feedVariants(await deps.catalog.index(shop)), today);
}

/** One run with its first slips, each with the order's name and customer (when the directory knows them). */
async function runDetail(deps: SupplierImportsDeps, shop: ShopDomain, id: string, slipLimit: number) {
  const { runs } = deps;
  const run = await runs.getRun(shop, id);
  if (!run) return null;
  const slips = await runs.runSlips(shop, id, slipLimit);
  const orders = deps.orders ? await deps.orders(shop, [...new Set(slips.map((s) => s.orderId))]) : new Map();
  const views: ImportSlipView[] = slips.map((s) => {
    const order = orders.get(s.orderId);
    return {
      ...s,
      orderName: order?.name ?? null,
      customerName: order?.customerName ?? null,
      customerEmail: order?.customerEmail ?? null,
    };
  });
  return { run, slips: views };
}

function tooLarge(limits: SupplierImportLimits) {
  return new LimitExceededError(
    413,
    `The file is larger than ${limits.maxBytes} bytes, the most a feed may have (FEED_MAX_BYTES)`,
    { name: "FEED_MAX_BYTES", max: limits.maxBytes },
  );
}

function messageOf(e: unknown): string {
  if (e instanceof WaitwellError && e.expose) return e.message;
  return "the import failed on our side; try again";
}

function feedVariants(index: CatalogIndex): FeedVariant[] {
  return [...index.byVariant.values()].map(({ variant }) => ({
    variantId: variant.variantId,
    sku: variant.sku,
    barcode: variant.barcode,
  }));
}
