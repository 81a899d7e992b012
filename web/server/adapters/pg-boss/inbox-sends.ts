/**
 * The jobs that say inbox rows are due, sent as a group commit: one insert for every row recorded while the previous
 * insert was on its way or in the coalesceMs before it (a burst of deliveries costs a few inserts, not one each), and
 * none waits for an insert of its own. A pg-boss insert is a statement of a few hundred lines over the queue's
 * settings, planned at every call, whatever its rows: inserted back to back, one every few deliveries, they took
 * 13–15% of a core of PostgreSQL in the npm-start max-rate burst, beside the inbox's own writes.
 *
 * A row due now asks for its shop's turn (QUEUES.inboxShops, stately: while a turn runs, one more waits, and the sends
 * in between are that one); the turn claims every due row of the shop. A row due later (a retry) gets a job naming it,
 * startable at its time: a shop's turn queued for later would hold the shop's one waiting place until then.
 */
import type { PgBoss } from "pg-boss";
import type { InboxRowRef, Logger, ShopDomain } from "../../use-cases/ports.js";
import { QUEUES, shopTurnJobs, webhookJobs } from "./queues.js";

export interface InboxSends {
  /** These rows are durable and due (at `at`, when given and later than now). */
  rows(rows: InboxRowRef[], at: Date | undefined): Promise<void>;
  /** A turn for each of these shops. */
  shops(shops: Iterable<ShopDomain>): Promise<void>;
}

export function createInboxSends(deps: {
  boss: PgBoss;
  ready: () => Promise<void>;
  now: () => Date;
  coalesceMs: number;
  logger: Logger;
}): InboxSends {
  const { boss, logger } = deps;
  /** Shops whose turn the next insert asks for. */
  let pendingShops = new Set<ShopDomain>();
  /** Rows due later, each with its time. */
  let pendingLater: { row: InboxRowRef; at: Date }[] = [];
  /** The insert loop, while it runs: at most one insert in flight, the rows that arrive meanwhile go in the next. */
  let flushing: Promise<void> | null = null;

  function flush(): Promise<void> {
    flushing ??= insertPending();
    return flushing;
  }

  async function insertPending(): Promise<void> {
    try {
      await deps.ready();
    } catch (e) {
      // Not started (or its start failed): the rows wait for the next send after a start.
      flushing = null;
      throw e;
    }
    for (;;) {
      // Every row recorded meanwhile goes in this insert.
      await new Promise<void>((resolve) => setTimeout(resolve, deps.coalesceMs));
      const shops = pendingShops;
      const later = pendingLater;
      pendingShops = new Set();
      pendingLater = [];
      // Checked and cleared in one synchronous step: a row added after it starts a new loop.
      if (shops.size === 0 && later.length === 0) {
        flushing = null;
        return;
      }
      // The rows stay due in the database: the sweep sends their jobs again.
      const failed = (e: unknown) =>
        logger.error("pg-boss: could not send webhook jobs", {
          shops: shops.size,
          later: later.length,
          error: String(e),
        });
      if (shops.size > 0) await boss.insert(QUEUES.inboxShops, shopTurnJobs(shops)).catch(failed);
      if (later.length > 0) await boss.insert(QUEUES.webhook, webhookJobs(later)).catch(failed);
    }
  }

  return {
    rows(rows, at) {
      const now = deps.now().getTime();
      for (const row of rows) {
        if (at && at.getTime() > now) pendingLater.push({ row, at });
        else pendingShops.add(row.shop);
      }
      return flush();
    },
    shops(shops) {
      for (const shop of shops) pendingShops.add(shop);
      return flush();
    },
  };
}
