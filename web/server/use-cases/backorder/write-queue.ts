import { ShopifyThrottledError } from "../../errors.js";
import type { Clock, Logger, ShopDomain } from "../ports.js";
import type { BackorderRepository, QueuedWrite } from "./ports.js";
import type { SyncOutcome } from "./sync-order.js";

export interface WriteQueueDeps {
  repository: Pick<BackorderRepository, "claimWrites" | "finishWrite" | "retryWrite">;
  syncOrder: (shop: ShopDomain, orderId: string) => Promise<SyncOutcome>;
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
 */
export function createWriteQueue(deps: WriteQueueDeps) {
  const { repository: repo, clock, logger } = deps;

  async function fail(write: QueuedWrite, error: unknown): Promise<void> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(30, write.attempts));
    // A throttled call says when the bucket will hold enough: no sooner, and no later than that.
    const wait = error instanceof ShopifyThrottledError ? Math.max(error.retryAfterMs, 50) : backoff;
    await repo.retryWrite(write, new Date(clock.now().getTime() + wait), message);
    logger.warn("shopify write failed; will retry", {
      shop: write.shop,
      kind: write.kind,
      targetId: write.targetId,
      attempt: write.attempts + 1,
      error: message,
    });
  }

  async function runVariants(shop: ShopDomain, rows: QueuedWrite[], report: WriteRoundReport) {
    if (rows.length === 0) return;
    try {
      await deps.syncVariants?.(
        shop,
        rows.map((r) => r.targetId),
      );
      for (const row of rows) await repo.finishWrite(row);
      report.done += rows.length;
    } catch (e) {
      for (const row of rows) await fail(row, e);
      report.failed += rows.length;
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
      // Claimed most urgent first: the variant rows (urgency 0) go in one call, then the orders one by one.
      await runVariants(
        shop,
        rows.filter((r) => r.kind === "variant"),
        report,
      );
      for (const row of rows.filter((r) => r.kind === "order")) {
        try {
          await deps.syncOrder(shop, row.targetId);
          await repo.finishWrite(row);
          report.done++;
        } catch (e) {
          failedNow.add(`${row.kind} ${row.targetId}`);
          await fail(row, e);
          report.failed++;
        }
      }
    }
  };
}

export type RunWrites = ReturnType<typeof createWriteQueue>;
