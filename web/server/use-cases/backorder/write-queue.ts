import { ShopifyThrottledError } from "../../errors.js";
import type { Clock, Logger, ShopDomain } from "../ports.js";
import type { BackorderRepository, QueuedWrite, WriteRetry } from "./ports.js";
import type { SyncResult } from "./sync-order.js";

export interface WriteQueueDeps {
  repository: Pick<BackorderRepository, "claimWrites" | "finishWrites" | "retryWrites">;
  /**
   * Syncs a batch of orders (sync-order.ts): one result per order; throws when the batch itself failed (its reads or
   * its record), and the orders are then tried one by one, so one bad order cannot hold the others back.
   */
  syncOrders: (shop: ShopDomain, orderIds: string[]) => Promise<Map<string, SyncResult>>;
  /**
   * Re-evaluates these variants' storefront availability and writes what changed (inventory policy, metafield).
   * Throws when a write failed, so the rows are retried. Without it, variant rows are dropped as done.
   */
  syncVariants?: ((shop: ShopDomain, variantIds: string[]) => Promise<unknown>) | undefined;
  clock: Clock;
  logger: Logger;
  /** How long a claim holds off other writers unless a round says otherwise (WORKER_LEASE_MS). Default 60 s. */
  leaseMs?: number | undefined;
}

export interface WriteRoundOptions {
  /** Rows claimed at a time. Default 25. */
  batch?: number;
  /** How long a claim holds off other writers. Default: the queue's (deps.leaseMs). */
  leaseMs?: number;
  /** Stop after this many rows (the writer job uses it to give other shops a turn). Default: until none is due. */
  maxRows?: number;
}

export interface WriteRoundReport {
  done: number;
  failed: number;
  /** Rows still due when the round stopped at maxRows. */
  more: boolean;
}

/** First retry after 1 s, doubling up to an hour: reconciliation repairs anything that keeps failing meanwhile. */
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 3_600_000;

/**
 * Runs a shop's queued Shopify writes (the outbox rows its decisions stored), most urgent first: variants whose
 * policy or availability changed (a backorder cap reached flips to DENY), then orders needing a new hold, then tags
 * and metafields. Each row is one target, however many decisions changed it since it was queued, and the write
 * reads the target's latest state: three changes to one order before its write cost one write, and an order that was
 * held and released again in between costs none. Never runs inside the shop's lock (the order sync takes it only to
 * read and to record).
 *
 * A claim's order rows are synced as one batch (one read of their orders, lines and promises, one record), and the
 * claim's rows are finished, or put back for a retry, a statement per outcome rather than per row.
 */
export function createWriteQueue(deps: WriteQueueDeps) {
  const { repository: repo, clock, logger } = deps;

  function retry(write: QueuedWrite, error: unknown): WriteRetry {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(30, write.attempts));
    // A throttled call says when the bucket will hold enough: no sooner, and no later than that.
    const wait = error instanceof ShopifyThrottledError ? Math.max(error.retryAfterMs, 50) : backoff;
    logger.warn("shopify write failed; will retry", {
      shop: write.shop,
      kind: write.kind,
      targetId: write.targetId,
      attempt: write.attempts + 1,
      error: message,
    });
    return { write, dueAt: new Date(clock.now().getTime() + wait), error: message };
  }

  /** The variant rows of a claim, in one call: each row done, or each failed. */
  async function runVariants(shop: ShopDomain, rows: QueuedWrite[], round: Round): Promise<void> {
    if (rows.length === 0) return;
    try {
      await deps.syncVariants?.(
        shop,
        rows.map((r) => r.targetId),
      );
      round.done.push(...rows);
    } catch (e) {
      round.failed.push(...rows.map((r) => retry(r, e)));
    }
  }

  /** The order rows of a claim, as one batch: each row done or failed on its own order's result. */
  async function runOrders(shop: ShopDomain, rows: QueuedWrite[], round: Round): Promise<void> {
    if (rows.length === 0) return;
    const results = await syncEach(shop, rows);
    for (const row of rows) {
      const result = results.get(row.targetId) ?? { error: new Error("the order sync gave no result") };
      if ("error" in result) round.failed.push(retry(row, result.error));
      else round.done.push(row);
    }
  }

  async function syncEach(shop: ShopDomain, rows: QueuedWrite[]): Promise<Map<string, SyncResult>> {
    const ids = rows.map((r) => r.targetId);
    try {
      return await deps.syncOrders(shop, ids);
    } catch (e) {
      if (ids.length === 1) return new Map([[ids[0]!, { error: e }]]);
      const results = new Map<string, SyncResult>();
      for (const id of ids) {
        try {
          results.set(id, (await deps.syncOrders(shop, [id])).get(id) ?? { outcome: "up_to_date" });
        } catch (error) {
          results.set(id, { error });
        }
      }
      return results;
    }
  }

  return async function runWrites(
    shop: ShopDomain,
    options: WriteRoundOptions = {},
  ): Promise<WriteRoundReport> {
    const batch = options.batch ?? 25;
    const leaseMs = options.leaseMs ?? deps.leaseMs ?? 60_000;
    const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
    const report: WriteRoundReport = { done: 0, failed: 0, more: false };
    const failedNow = new Set<string>();
    for (;;) {
      if (report.done + report.failed >= maxRows) {
        report.more = true;
        return report;
      }
      const rows = (await repo.claimWrites(shop, clock.now(), batch, leaseMs)).filter(
        (r) => !failedNow.has(`${r.kind} ${r.targetId}`),
      );
      if (rows.length === 0) return report;
      // Claimed most urgent first: the variant rows (urgency 0) go in one call, then the orders as one batch.
      const round: Round = { done: [], failed: [] };
      await runVariants(
        shop,
        rows.filter((r) => r.kind === "variant"),
        round,
      );
      await runOrders(
        shop,
        rows.filter((r) => r.kind === "order"),
        round,
      );
      // The claim's outcome in a statement or two: its rows done, then its rows failed.
      if (round.done.length > 0) await repo.finishWrites(round.done);
      if (round.failed.length > 0) await repo.retryWrites(round.failed);
      for (const f of round.failed) failedNow.add(`${f.write.kind} ${f.write.targetId}`);
      report.done += round.done.length;
      report.failed += round.failed.length;
    }
  };
}

/** What a claim's rows came to. */
interface Round {
  done: QueuedWrite[];
  failed: WriteRetry[];
}

export type RunWrites = ReturnType<typeof createWriteQueue>;
