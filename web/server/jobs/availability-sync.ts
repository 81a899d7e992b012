import type { Clock, Logger, ShopDomain, ShopRepository } from "../use-cases/ports.js";
import type { AvailabilityServices } from "../use-cases/availability/index.js";
import type { AvailabilityRepository } from "../use-cases/availability/ports.js";

export interface AvailabilitySyncSettings {
  /** Every governed variant of every shop is re-synced this often: ETAs move with the calendar. Default 15 min. */
  intervalMs?: number;
  /** The catalog mirror is re-read this often per shop (webhooks keep it current in between). Default 6 h. */
  catalogIntervalMs?: number;
}

export interface AvailabilitySyncDeps {
  services: Pick<AvailabilityServices, "syncVariants" | "catalog">;
  repository: Pick<AvailabilityRepository, "shopsToSync">;
  shops: Pick<ShopRepository, "get">;
  clock: Clock;
  logger: Logger;
  settings?: AvailabilitySyncSettings;
}

export interface AvailabilitySyncJob {
  /**
   * Asks for a background sync of these variants ("all": every governed variant). Requests for a shop coalesce
   * while one is waiting; never throws (a failure is logged, and the next periodic run repairs it).
   */
  request(shop: ShopDomain, variantIds: string[] | "all"): void;
  /** One periodic pass over every shop with rules or synced variants. */
  runOnce(): Promise<{ shops: number; failed: number }>;
  start(): void;
  stop(): Promise<void>;
  /** Resolves once every requested sync so far has run (tests, scripts). */
  idle(): Promise<void>;
}

/**
 * The availability subsystem's schedulers: background syncs after admin edits (a rule change can touch thousands of
 * variants, which no HTTP request should wait for), and a periodic pass, because an ETA computed yesterday can be
 * wrong today (a fixed date passed, a lead time counts from today) even when nothing else changed.
 */
export function createAvailabilitySync(deps: AvailabilitySyncDeps): AvailabilitySyncJob {
  const { services, clock, logger } = deps;
  const intervalMs = deps.settings?.intervalMs ?? 15 * 60_000;
  const catalogIntervalMs = deps.settings?.catalogIntervalMs ?? 6 * 3_600_000;
  const pending = new Map<ShopDomain, Set<string> | "all">();
  const catalogReadAt = new Map<ShopDomain, number>();
  let draining: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  async function drain(): Promise<void> {
    for (;;) {
      const next = pending.entries().next();
      if (next.done) return;
      const [shop, scope] = next.value;
      pending.delete(shop);
      try {
        await services.syncVariants.sync(shop, scope === "all" ? "all" : [...scope]);
      } catch (e) {
        logger.warn("background availability sync failed", {
          shop,
          error: e instanceof Error ? e.message : String(e),
        });
      }
    }
  }

  function request(shop: ShopDomain, variantIds: string[] | "all"): void {
    const current = pending.get(shop);
    if (variantIds === "all" || current === "all") pending.set(shop, "all");
    else pending.set(shop, new Set([...(current ?? []), ...variantIds]));
    draining ??= drain().finally(() => {
      draining = null;
    });
  }

  async function runOnce(): Promise<{ shops: number; failed: number }> {
    let failed = 0;
    const shops = await deps.repository.shopsToSync();
    for (const shop of shops) {
      const record = await deps.shops.get(shop);
      if (!record || record.uninstalledAt !== null) continue;
      try {
        const now = clock.now().getTime();
        if (now - (catalogReadAt.get(shop) ?? -Infinity) >= catalogIntervalMs) {
          await services.catalog.refresh(shop);
          catalogReadAt.set(shop, now);
        }
        await services.syncVariants.sync(shop, "all");
      } catch (e) {
        failed++;
        logger.warn("periodic availability sync failed", {
          shop,
          error: e instanceof Error ? e.message : String(e),
        });
      }
    }
    return { shops: shops.length, failed };
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((e: unknown) => logger.error("availability sync pass crashed", { error: String(e) }))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  }

  return {
    request,
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await (draining ?? Promise.resolve());
    },
    async idle() {
      while (draining) await draining;
    },
  };
}
