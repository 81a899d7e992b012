import { toIsoString } from "../../domain/shared/instant.js";
import type { Clock, Logger, ShopDomain, ShopSettings } from "../ports.js";
import { createApplyInventoryLevel, type InventoryLevelUpdate } from "./apply-inventory-level.js";
import { createBatchStore } from "./batch-store.js";
import { createIngestOrder, mirrorVariants, type IncomingOrder } from "./ingest-order.js";
import { createOpenLineCache } from "./open-line-cache.js";
import type { BackorderRepository, StoredLine } from "./ports.js";
import type { BackorderShopify } from "./shopify-port.js";

/** One webhook's work for the engine, as a batch carries it. */
export type EngineEvent =
  | { kind: "order"; order: IncomingOrder; webhookId: string }
  | { kind: "level"; level: InventoryLevelUpdate; webhookId: string };

export type EngineEventOutcome =
  | {
      ok: true;
      result: "stale" | "ingested" | "applied";
      /**
       * An order's lines as stored once the whole batch is (what `linesOfOrders` would read next), when the batch
       * knows them: customer care takes them instead of reading them again.
       */
      lines?: StoredLine[];
    }
  | { ok: false; error: unknown };

export interface DecideBatchDeps {
  repository: BackorderRepository;
  shopify: Pick<BackorderShopify, "readVariants">;
  clock: Clock;
  logger: Logger;
  settingsOf: (shop: ShopDomain) => Promise<ShopSettings>;
  /** Runs a task under the shop's lock, then hands its Shopify writes on (index.ts). */
  step: <T>(shop: ShopDomain, task: () => Promise<T>) => Promise<T>;
  /** One event on its own, as when it comes alone: the way back when a batch cannot be stored. */
  one: (shop: ShopDomain, event: EngineEvent) => Promise<"stale" | "ingested" | "applied">;
}

/**
 * Decides a shop's events (orders and stock levels, in the order given) as one step: exactly what handling them one
 * by one in that order would decide and store (the same steps run, against a batch store), with the database read
 * once per order and pool and written once, in one transaction, for the whole batch. The shop's settings are read
 * once. An event that throws fails alone (its writes are dropped, the others stand); if the batch cannot be stored,
 * each event is tried again on its own, so one bad row never fails its neighbours.
 */
export function createDecideBatch(deps: DecideBatchDeps) {
  // The open lines of the pools decided, kept from one batch to the next; only lines written since are read again.
  const openLines = createOpenLineCache(deps.repository);
  return async function decideBatch(
    shop: ShopDomain,
    events: readonly EngineEvent[],
  ): Promise<EngineEventOutcome[]> {
    if (events.length === 0) return [];
    const orders = events.flatMap((e) => (e.kind === "order" ? [e.order] : []));
    // A Shopify read never waits inside the lock: every variant the batch names is mirrored first.
    const variants = await mirrorVariants(deps, shop, orders);
    try {
      return await deps.step(shop, async () => {
        const store = createBatchStore(deps.repository, shop, deps.clock, variants, openLines);
        const settings = await deps.settingsOf(shop);
        // Variants Shopify did not know a moment ago stay unknown for this batch: no read inside the lock.
        const steps = {
          ...deps,
          repository: store,
          shopify: { readVariants: async () => [] },
          settingsOf: async () => settings,
        };
        const ingestOrder = createIngestOrder(steps);
        const applyInventoryLevel = createApplyInventoryLevel(steps);
        await store.prefetch({
          orderIds: orders.map((o) => o.orderId),
          items: [
            ...[...variants.values()].map((v) => v.inventoryItemId),
            ...events.flatMap((e) => (e.kind === "level" ? [e.level.inventoryItemId] : [])),
          ],
        });
        const outcomes: EngineEventOutcome[] = [];
        for (const event of events) {
          try {
            const result = await store.attempt(() =>
              event.kind === "order"
                ? ingestOrder(shop, event.order, event.webhookId)
                : applyInventoryLevel(shop, event.level, event.webhookId),
            );
            outcomes.push({ ok: true, result });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
        await store.flush();
        // The lines of each order as the batch left them: read in prefetch, then changed here, all stored now.
        for (const [i, event] of events.entries()) {
          const outcome = outcomes[i]!;
          if (outcome.ok && event.kind === "order") {
            // Instants as the repository gives them back (ISO strings in UTC).
            outcome.lines = (await store.linesOfOrder(shop, event.order.orderId)).map((l) => ({
              ...l,
              orderCreatedAt: toIsoString(l.orderCreatedAt),
            }));
          }
        }
        return outcomes;
      });
    } catch (error) {
      deps.logger.warn("backorder engine: a batch could not be stored; its events go one by one", {
        shop,
        events: events.length,
        error: String(error),
      });
      const outcomes: EngineEventOutcome[] = [];
      for (const event of events) {
        try {
          outcomes.push({ ok: true, result: await deps.one(shop, event) });
        } catch (e) {
          outcomes.push({ ok: false, error: e });
        }
      }
      return outcomes;
    }
  };
}
