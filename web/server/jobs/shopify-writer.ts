import type { BackorderRepository } from "../use-cases/backorder/ports.js";
import type { WriteRoundOptions, WriteRoundReport } from "../use-cases/backorder/write-queue.js";
import type { Clock, Logger, ShopDomain } from "../use-cases/ports.js";

export interface ShopifyWriterSettings {
  /** Looks for due rows this often (retries, rows a crashed process left). Default 1 s. */
  pollIntervalMs?: number;
  /**
   * A nudged shop's writes start after this delay, so the changes of a burst coalesce into one write per order
   * (an order held and released again within it costs none). Default 100 ms.
   */
  settleMs?: number;
  /** Shops written at once (each shop's writes run one after another: its cost bucket is its own). Default 4. */
  concurrency?: number;
  /** Rows per turn before another shop gets its turn. Default 50. */
  rowsPerTurn?: number;
}

export interface ShopifyWriterDeps {
  runWrites: (shop: ShopDomain, options?: WriteRoundOptions) => Promise<WriteRoundReport>;
  repository: Pick<BackorderRepository, "shopsWithDueWrites">;
  clock: Clock;
  logger: Logger;
  settings?: ShopifyWriterSettings;
}

export interface ShopifyWriter {
  /** Decisions of this shop stored outbox rows: write them soon. Never throws. */
  nudge(shop: ShopDomain): void;
  start(): void;
  stop(): Promise<void>;
  /** Runs every due row of every shop now (no settle delay); resolves to the rows done. For tests and scripts. */
  drain(): Promise<number>;
}

/**
 * The per-shop Shopify write queue's scheduler. Rows live in the database (the outbox), so a crash loses nothing:
 * the next poll, here or in any other process, finds them. A shop's rows run one at a time, most urgent first; the
 * Admin client paces each call by the bucket Shopify reports (throttleStatus), so a shop spends its budget without
 * waiting longer than it must, and a throttled shop never holds up another or a webhook.
 */
export function createShopifyWriter(deps: ShopifyWriterDeps): ShopifyWriter {
  const { logger } = deps;
  const pollMs = deps.settings?.pollIntervalMs ?? 1_000;
  const settleMs = deps.settings?.settleMs ?? 100;
  const concurrency = Math.max(1, deps.settings?.concurrency ?? 4);
  const rowsPerTurn = deps.settings?.rowsPerTurn ?? 50;

  const running = new Map<ShopDomain, Promise<void>>();
  /** Shops nudged while their turn ran: they go again right after it. */
  const again = new Set<ShopDomain>();
  const waiting: ShopDomain[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let timer: NodeJS.Timeout | null = null;
  let started = false;
  let polling: Promise<void> = Promise.resolve();

  function schedule(shop: ShopDomain): void {
    if (running.has(shop)) {
      again.add(shop);
      return;
    }
    if (!waiting.includes(shop)) waiting.push(shop);
    pump();
  }

  function pump(): void {
    while (running.size < concurrency && waiting.length > 0) {
      const shop = waiting.shift()!;
      if (running.has(shop)) continue;
      const turn = deps
        .runWrites(shop, { maxRows: rowsPerTurn })
        .then((report) => {
          if (report.more) again.add(shop);
        })
        .catch((e: unknown) => logger.error("shopify writer: turn failed", { shop, error: String(e) }))
        .finally(() => {
          running.delete(shop);
          if (again.delete(shop)) schedule(shop);
          else pump();
        });
      running.set(shop, turn);
    }
  }

  async function poll(): Promise<void> {
    try {
      for (const shop of await deps.repository.shopsWithDueWrites(deps.clock.now())) schedule(shop);
    } catch (e) {
      logger.error("shopify writer: could not list due writes", { error: String(e) });
    }
  }

  function loop(): void {
    if (!started) return;
    timer = setTimeout(() => {
      polling = poll().finally(loop);
    }, pollMs);
    timer.unref();
  }

  return {
    nudge(shop) {
      if (!started) return;
      if (settleMs <= 0) return schedule(shop);
      const t = setTimeout(() => {
        timers.delete(t);
        schedule(shop);
      }, settleMs);
      t.unref();
      timers.add(t);
    },
    start() {
      if (started) return;
      started = true;
      polling = poll();
      loop();
    },
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      waiting.length = 0;
      await polling;
      await Promise.all(running.values());
    },
    async drain() {
      let done = 0;
      for (;;) {
        await Promise.all(running.values());
        const shops = await deps.repository.shopsWithDueWrites(deps.clock.now());
        if (shops.length === 0) return done;
        let progressed = 0;
        for (const shop of shops) {
          if (running.has(shop)) continue;
          const report = await deps.runWrites(shop);
          progressed += report.done;
        }
        done += progressed;
        // Rows that failed are due again later: nothing more to do now.
        if (progressed === 0 && running.size === 0) return done;
      }
    },
  };
}
