/**
 * What a worker process consumes and schedules on pg-boss (queues.ts lists the queues). Any number of worker processes
 * run these on one database: a shop's inbox turns and Shopify write turns run one at a time per shop (stately
 * queues), every other job once.
 */
import type { PgBoss } from "pg-boss";
import type { Clock, Logger, ShopDomain } from "../../use-cases/ports.js";
import type { JobWork } from "../../jobs/job-queue.js";
import type { InboxSends } from "./inbox-sends.js";
import {
  guarded,
  mergeByShop,
  QUEUES,
  type AvailabilityJob,
  type ShopJob,
  type WebhookJob,
} from "./queues.js";

/** The poll of shops' inbox turns when NOTIFY wakes their workers (seconds): a backstop (see below). */
const INBOX_TURN_BACKSTOP_SECONDS = 1;

export interface ConsumerDeps {
  boss: PgBoss;
  work: JobWork;
  clock: Clock;
  logger: Logger;
  inboxSends: InboxSends;
  sendWrites(shop: ShopDomain): Promise<void>;
  batchSize: number;
  concurrency: number;
  pollSeconds: number;
  /** How long one shop's inbox turn runs before it leaves the rest to its next turn (ms). */
  turnMs: number;
  /** How long an inbox row may be due with no worker on it before the sweep sends its job (ms). */
  strandedAfterMs: number;
  /** The poll of a queue whose workers NOTIFY wakes (seconds): a backstop. */
  notifiedBackstopSeconds: number;
}

export async function consume(deps: ConsumerDeps): Promise<void> {
  const { boss, work, logger, pollSeconds } = deps;
  // Queues whose jobs are all sent startable (no startAfter): the NOTIFY of a send wakes their workers, and a
  // worker that was notified while it ran a job fetches again at once when it finishes, so their poll is only the
  // backstop (a lost NOTIFY, pg-boss's own retries). Four writes workers polling every 0.5 s were 40% of pg-boss's
  // statements.
  const notified = {
    pollingIntervalSeconds: pollSeconds,
    notifyPollingIntervalSeconds: Math.max(pollSeconds, deps.notifiedBackstopSeconds),
  };
  // A shop's turn queued behind a running one was notified while that one ran: the worker that finishes it fetches
  // again at once, but may take another shop's turn first, and the idle workers went back to their poll when they
  // found the shop busy. A 1 s backstop bounds that wait.
  await boss.work<ShopJob>(
    QUEUES.inboxShops,
    {
      pollingIntervalSeconds: pollSeconds,
      notifyPollingIntervalSeconds: Math.max(pollSeconds, INBOX_TURN_BACKSTOP_SECONDS),
      localConcurrency: deps.concurrency,
    },
    guarded<ShopJob>(logger, QUEUES.inboxShops, async ([job]) => {
      const { more } = await work.inbox.processShop(job!.data.shop, deps.turnMs);
      // Rows left for the next turn: queued behind this one (stately: one queued per shop).
      if (more) await deps.inboxSends.shops([job!.data.shop]);
    }),
  );
  await boss.work<WebhookJob>(
    QUEUES.webhook,
    {
      pollingIntervalSeconds: pollSeconds,
      notifyPollingIntervalSeconds: pollSeconds,
      batchSize: deps.batchSize,
      localConcurrency: deps.concurrency,
      burstWhenBatchFull: true,
    },
    guarded<WebhookJob>(logger, QUEUES.webhook, async (jobs) => {
      // As many rows at once as the in-process worker claims: the fetch counts jobs, a job names several rows.
      const ids = jobs.flatMap((j) => j.data.ids ?? (j.data.id ? [j.data.id] : []));
      for (let i = 0; i < ids.length; i += deps.batchSize)
        await work.inbox.processRows(ids.slice(i, i + deps.batchSize));
    }),
  );
  await boss.work<ShopJob>(
    QUEUES.writes,
    { ...notified, localConcurrency: 4 },
    guarded<ShopJob>(logger, QUEUES.writes, async ([job]) => {
      const { more } = await work.writes.run(job!.data.shop);
      // Rows left for the next turn: the next turn is queued behind this one (stately: one queued per shop).
      if (more) await deps.sendWrites(job!.data.shop);
    }),
  );
  await boss.work<AvailabilityJob>(
    QUEUES.availability,
    { ...notified, batchSize: 20, burstWhenBatchFull: true },
    guarded<AvailabilityJob>(logger, QUEUES.availability, async (jobs) => {
      for (const [shop, scope] of mergeByShop(jobs)) await work.availability.sync(shop, scope);
    }),
  );
  await consumeScheduled(deps);
}

async function consumeScheduled(deps: ConsumerDeps): Promise<void> {
  const { boss, work, logger } = deps;
  await boss.work<ShopJob>(
    QUEUES.reconcile,
    { pollingIntervalSeconds: 5 },
    guarded<ShopJob>(logger, QUEUES.reconcile, async ([job]) => {
      await work.reconcile.run(job!.data.shop);
    }),
  );
  await boss.work(QUEUES.reconcilePass, { pollingIntervalSeconds: 5 }, async () => {
    const slotSeconds = Math.max(1, Math.round(work.reconcile.intervalMs / 1000));
    for (const shop of await work.reconcile.shops()) {
      if (!(await work.reconcile.due(shop))) continue;
      // One job per shop per slot, however many processes run this pass.
      await boss.send(QUEUES.reconcile, { shop } satisfies ShopJob, {
        singletonKey: shop,
        singletonSeconds: slotSeconds,
      });
    }
  });
  await boss.work(QUEUES.availabilityPass, { pollingIntervalSeconds: 5 }, async () => {
    await work.availability.pass();
  });
  await boss.work(QUEUES.sweep, { pollingIntervalSeconds: 2 }, async ([job]) => {
    const graceMs = (job?.data as { graceMs?: number } | undefined)?.graceMs ?? deps.strandedAfterMs;
    await sweep(deps, graceMs);
  });
  await boss.schedule(QUEUES.sweep, "* * * * *");
  // And once now: a worker (re)started after a crash takes up at once what the dead one left without a job, instead
  // of at the next minute (the sweep queue is a singleton: workers starting together send one).
  await boss.send(QUEUES.sweep, { graceMs: deps.strandedAfterMs });
  await boss.schedule(QUEUES.availabilityPass, "*/15 * * * *");
  if (work.reconcile.intervalMs > 0) await boss.schedule(QUEUES.reconcilePass, "* * * * *");
  else await boss.unschedule(QUEUES.reconcilePass);
}

/**
 * Jobs for what is due in the database but may have none: the turn of every shop with inbox rows left behind (a
 * process died between the commit and the send, or while it held the rows), and of every shop with writes due.
 */
async function sweep(deps: ConsumerDeps, graceMs: number): Promise<void> {
  const now = deps.clock.now();
  // A turn takes every due row of its shop, so the shops of the oldest rows are enough; a shop whose rows lie past
  // these comes up at a later sweep.
  const rows = await deps.work.inbox.stranded(new Date(now.getTime() - graceMs), now, 1000);
  if (rows.length > 0) await deps.inboxSends.shops(rows.map((r) => r.shop));
  for (const shop of await deps.work.writes.shopsDue()) await deps.sendWrites(shop);
}
