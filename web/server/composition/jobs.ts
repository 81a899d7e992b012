/**
 * Part of the composition root (main.ts): the inbox worker (inline or in a worker thread), the reconciliation
 * schedule and the retention purge, and starting and stopping every background job. Nothing but main.ts imports
 * this module.
 */
import type { Config } from "../config.js";
import { createInstalledShopsLister } from "../adapters/prisma/installed-shops.js";
import { createInboxWorker, type InboxWorker } from "../jobs/inbox-worker.js";
import { createReconcileScheduler, type ReconcileScheduler } from "../jobs/reconcile-scheduler.js";
import { createRetentionJob, type RetentionJob } from "../jobs/retention.js";
import { createPurgeExpiredData } from "../use-cases/privacy/purge-expired-data.js";
import type { Clock, Logger } from "../use-cases/ports.js";
import type { WebhookHandlers } from "../use-cases/webhook-handlers.js";
import { startWorkerThread } from "../worker-host.js";
import type { Adapters } from "./adapters.js";
import type { Subsystems } from "./subsystems.js";

export interface Jobs {
  worker: InboxWorker;
  reconcile: ReconcileScheduler;
  retention: RetentionJob;
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
}

export function buildJobs(context: JobContext): Jobs {
  const { config, adapters, subsystems, clock, logger } = context;
  const { repositories } = adapters;
  return {
    worker: context.thread
      ? startWorkerThread({ config, threadLock: context.thread.lock, logger })
      : inlineInboxWorker(context),
    reconcile: createReconcileScheduler({
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
    }),
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

function inlineInboxWorker({
  config,
  adapters,
  subsystems,
  webhookHandlers,
  clock,
  logger,
}: JobContext): InboxWorker {
  const inline = createInboxWorker({
    inbox: adapters.repositories.inbox,
    handlers: webhookHandlers,
    clock,
    logger,
    settings: config.inbox,
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
 * runs the rest (cheap and idempotent, it runs in this process whatever thread the worker uses).
 */
export function startJobs(jobs: Jobs, subsystems: Subsystems, where: "inline" | "thread"): void {
  if (where === "inline") {
    jobs.worker.start();
    subsystems.writer.start();
    subsystems.availabilitySync.start();
    jobs.reconcile.start();
    subsystems.careJob.start();
  }
  jobs.retention.start();
}

/** Stops every job (a job that never started stops at once) and lets what runs finish. */
export async function stopJobs(jobs: Jobs, subsystems: Subsystems): Promise<void> {
  await jobs.worker.stop();
  await subsystems.writer.stop();
  await jobs.reconcile.stop();
  await subsystems.availabilitySync.stop();
  await subsystems.careJob.stop();
  await jobs.retention.stop();
}
