/**
 * Part of the composition root (main.ts): the inbox worker (inline or in a worker thread), the reconciliation
 * schedule and the retention purge, the job queue that sends and runs them (in-process loops, or pg-boss on
 * PostgreSQL), and starting and stopping every background job. Nothing but main.ts imports this module.
 */
import type { Config } from "../config.js";
import { createInstalledShopsLister } from "../adapters/prisma/installed-shops.js";
import { createPgBossJobQueue } from "../adapters/pg-boss/job-queue.js";
import { createInboxWorker, type InboxWorker } from "../jobs/inbox-worker.js";
import { createInProcessJobQueue, type JobQueue, type JobWork } from "../jobs/job-queue.js";
import { createReconcileScheduler, type ReconcileScheduler } from "../jobs/reconcile-scheduler.js";
import { createRetentionJob, type RetentionJob } from "../jobs/retention.js";
import { createPurgeExpiredData } from "../use-cases/privacy/purge-expired-data.js";
import type { Clock, Logger } from "../use-cases/ports.js";
import type { WebhookHandlers } from "../use-cases/webhook-handlers.js";
import { startWorkerThread } from "../worker-host.js";
import type { Adapters } from "./adapters.js";
import type { JobSender, Subsystems } from "./subsystems.js";

export interface Jobs {
  worker: InboxWorker;
  reconcile: ReconcileScheduler;
  retention: RetentionJob;
  /** Where background work is sent, and (worker roles) run: WAITWELL_QUEUE. */
  queue: JobQueue;
}

export interface JobContext {
  config: Config;
  adapters: Adapters;
  subsystems: Subsystems;
  webhookHandlers: WebhookHandlers;
  clock: Clock;
  logger: Logger;
  /** Run the worker and the scheduled jobs in a worker thread with this shared shop lock (SQLite, role `both`). */
  thread: { lock: SharedArrayBuffer } | null;
  /** The queue adapter (tests that drive the worker by hand keep everything in process). */
  queueKind: JobQueue["kind"];
  /** Whether this process (this thread) consumes jobs: a worker role without a worker thread. */
  consumes: boolean;
  /** Filled here: the subsystems send through it. */
  sender: JobSender;
}

export function buildJobs(context: JobContext): Jobs {
  const { config, adapters, subsystems, clock, logger } = context;
  const { repositories } = adapters;
  const worker = context.thread
    ? startWorkerThread({ config, threadLock: context.thread.lock, logger })
    : inlineInboxWorker(context);
  const reconcile = createReconcileScheduler({
    engine: subsystems.backorders,
    listShops: createInstalledShopsLister(adapters.db),
    clock,
    logger,
    intervalMs: config.reconcile.intervalMs,
    // Persisted, so a restart resumes each shop's order listing where its last run began.
    progress: {
      load: (shop) => repositories.shops.lastReconciledAt(shop),
      save: (shop, at) => repositories.shops.setLastReconciledAt(shop, at),
    },
  });
  const queue = buildQueue(context, worker, reconcile);
  context.sender.queue = queue;
  return {
    worker,
    reconcile,
    queue,
    retention: createRetentionJob({
      purge: createPurgeExpiredData({
        inbox: repositories.inbox,
        exports: repositories.exports,
        clock,
        policy: config.retention,
      }),
      logger,
    }),
  };
}

function buildQueue(context: JobContext, worker: InboxWorker, reconcile: ReconcileScheduler): JobQueue {
  const { config, adapters, subsystems, clock, logger } = context;
  const { repositories } = adapters;
  if (context.queueKind === "in-process") {
    return createInProcessJobQueue({
      worker,
      writer: subsystems.writer,
      availability: subsystems.availabilitySync,
      others: [reconcile],
      runsLoops: context.consumes,
    });
  }
  const work: JobWork = {
    inbox: {
      processRows: (ids) => worker.processRows(ids),
      processShop: (shop, maxMs) => worker.processShop(shop, maxMs),
      stranded: (dueBefore, now, limit) => repositories.inbox.stranded(dueBefore, now, limit),
    },
    writes: {
      run: async (shop) => ({ more: (await subsystems.backorders.runWrites(shop, { maxRows: 50 })).more }),
      shopsDue: () => repositories.backorders.shopsWithDueWrites(clock.now()),
    },
    availability: {
      sync: async (shop, variantIds) =>
        void (await subsystems.availability.syncVariants.sync(shop, variantIds)),
      pass: () => subsystems.availabilitySync.runOnce(),
    },
    reconcile: {
      intervalMs: config.reconcile.intervalMs,
      shops: createInstalledShopsLister(adapters.db),
      // As the in-process timer: a shop's first scheduled run comes an interval after its install.
      due: async (shop) => {
        const last =
          (await repositories.shops.lastReconciledAt(shop)) ??
          (await repositories.shops.get(shop))?.installedAt;
        return !last || clock.now().getTime() - last.getTime() >= config.reconcile.intervalMs;
      },
      run: (shop) => reconcile.runShop(shop),
    },
  };
  return createPgBossJobQueue({
    connectionString: config.databaseUrl,
    consume: context.consumes,
    work,
    clock,
    logger,
    settings: {
      pollIntervalMs: config.inbox.pollIntervalMs,
      // A claimed batch as large as the in-process worker's: the engine decides a shop's batch in one step.
      batchSize: config.inbox.batchSize,
      leaseMs: config.inbox.leaseMs,
      superviseSeconds: config.pgBoss.superviseSeconds,
    },
  });
}

function inlineInboxWorker({
  config,
  adapters,
  subsystems,
  webhookHandlers,
  clock,
  logger,
  queueKind,
  sender,
}: JobContext): InboxWorker {
  const inline = createInboxWorker({
    inbox: adapters.repositories.inbox,
    handlers: webhookHandlers,
    clock,
    logger,
    settings: config.inbox,
    // On pg-boss a retry is a job sent for its time; the in-process loop finds due rows by itself.
    ...(queueKind === "pg-boss"
      ? { onRetry: (event, next) => sender.queue?.inboxRowsDue([event], next) }
      : {}),
    // A dead-lettered webhook is a merchant alert (once per inbox row).
    onDead: (event, error) => {
      subsystems.alerts
        .webhookDead(event.shop, { inboxId: event.id, topic: event.topic, webhookId: event.webhookId, error })
        .catch((e: unknown) =>
          logger.error("dead-letter alert failed", {
            shop: event.shop,
            error: e instanceof Error ? e.message : String(e),
          }),
        );
    },
  });
  // drain() (tests, scripts) settles what processing the rows queued for Shopify too.
  return {
    ...inline,
    drain: async () => {
      const handled = await inline.drain();
      await subsystems.writer.drain();
      return handled;
    },
  };
}

/**
 * Starts the jobs this process runs: all of them when they run inline, only the retention purge when a worker thread
 * runs the rest (cheap and idempotent, it runs in this process whatever thread the worker uses), none in a web-only
 * process. The queue starts everywhere: a web-only process sends through it.
 */
export async function startJobs(
  jobs: Jobs,
  subsystems: Subsystems,
  where: "inline" | "thread" | "none",
): Promise<void> {
  await jobs.queue.start();
  if (where === "inline") subsystems.careJob.start();
  if (where !== "none") jobs.retention.start();
}

/** Stops every job (a job that never started stops at once) and lets what runs finish. */
export async function stopJobs(jobs: Jobs, subsystems: Subsystems): Promise<void> {
  await jobs.queue.stop();
  await jobs.worker.stop();
  await subsystems.writer.stop();
  await jobs.reconcile.stop();
  await subsystems.availabilitySync.stop();
  await subsystems.careJob.stop();
  await jobs.retention.stop();
}
