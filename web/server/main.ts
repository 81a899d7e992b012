/**
 * The composition root: config → adapters → subsystems (use cases) → webhook registry → jobs → HTTP app → listen,
 * and shutdown. Each step is a function in composition/ (adapters.ts, subsystems.ts, webhook-handlers.ts, jobs.ts,
 * app-use-cases.ts); with them, the only place that wires concrete implementations together. Everything else
 * receives its dependencies.
 */
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Express } from "express";
import { loadConfig, type Config } from "./config.js";
import { ConfigError } from "./errors.js";
import { createLogger } from "./adapters/logger.js";
import { forgetDeletedRows, migrateDatabase, redactUrl, type Db } from "./adapters/prisma/client.js";
import { createInboxIntake, type InboxIntake } from "./adapters/prisma/inbox-intake.js";
import type { CallRecord } from "./adapters/shopify/admin-client.js";
import { createAppProxyVerifier } from "./adapters/shopify/app-proxy-signature.js";
import { createShopProfileReader } from "./adapters/shopify/shop-profile.js";
import { createThreadLockBuffer } from "./adapters/thread-shop-lock.js";
import { createApp } from "./http/create-app.js";
import type { AvailabilitySyncJob } from "./jobs/availability-sync.js";
import type { CustomerCareJob } from "./jobs/customer-care.js";
import type { InboxWorker } from "./jobs/inbox-worker.js";
import type { JobQueue } from "./jobs/job-queue.js";
import type { ReconcileScheduler } from "./jobs/reconcile-scheduler.js";
import type { RetentionJob } from "./jobs/retention.js";
import type { ShopifyWriter } from "./jobs/shopify-writer.js";
import type { AvailabilityServices } from "./use-cases/availability/index.js";
import type { BackorderEngine } from "./use-cases/backorder/index.js";
import type { CustomerCare } from "./use-cases/customer-care/index.js";
import type { MerchantAlerts } from "./use-cases/alerts/index.js";
import type { Clock, Logger } from "./use-cases/ports.js";
import type { WebhookHandlers } from "./use-cases/webhook-handlers.js";
import { buildAdapters, type Adapters } from "./composition/adapters.js";
import { createAppUseCases } from "./composition/app-use-cases.js";
import { buildInsights } from "./composition/insights.js";
import { PrismaAlertRepository } from "./adapters/prisma/alert-repository.js";
import { buildJobs, startJobs, stopJobs, type Jobs } from "./composition/jobs.js";
import { buildSubsystems, type JobSender, type Subsystems } from "./composition/subsystems.js";
import { createWebhookHandlers } from "./composition/webhook-handlers.js";
export { createWebhookHandlers, type WiringDeps } from "./composition/webhook-handlers.js";
export { createAppUseCases, type AppWiringDeps } from "./composition/app-use-cases.js";

const projectRoot = path.resolve(import.meta.dirname, "../..");

export interface RunningWaitwell {
  /** Where the HTTP server listens; "" for the worker role, which does not listen. */
  url: string;
  db: Db;
  worker: InboxWorker;
  /** Rules, ETAs, substitutes, storefront sync; `availability.onVariantsChanged` is what the engine calls. */
  availability: AvailabilityServices;
  availabilitySync: AvailabilitySyncJob;
  /** The backorder engine: order ingestion, inventory levels, the order sync to Shopify. */
  backorders: BackorderEngine;
  /** Backorder reconciliation: every RECONCILE_INTERVAL_MS for each shop, and on demand. */
  reconcile: ReconcileScheduler;
  /** Runs the Shopify write outbox (holds, tags, metafields, variant policies) outside the shop lock. */
  writer: ShopifyWriter;
  /** Consent, customer emails (outbox), self-service, delivery-law deadlines. */
  care: CustomerCare;
  careJob: CustomerCareJob;
  /** Merchant alerts: caps reached, promises at risk, legal deadlines, dead webhooks (scan, flush, admin). */
  alerts: MerchantAlerts;
  /** INBOX_RETENTION_DAYS / EXPORT_RETENTION_DAYS purge: once at start, then hourly. */
  retention: RetentionJob;
  /** Where background work is sent: loops of this process, or pg-boss (WAITWELL_QUEUE). */
  queue: JobQueue;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  /** Run `prisma migrate deploy` first (default true). */
  migrate?: boolean;
  /** Start the inbox worker (default: config.inbox.worker). Tests may drive it with drain() instead. */
  startWorker?: boolean;
  /**
   * Run the worker and the scheduled jobs in a worker thread (default: config.inbox.thread, for the `both` role when
   * the worker starts). The thread builds its own logger, clock and Admin client: `logger`, `clock` and
   * `onAdminCall` given here apply to the web thread only.
   */
  workerThread?: boolean;
  /** The shop lock shared with the other threads of this process (SQLite); set by worker-thread.ts. */
  threadLock?: SharedArrayBuffer;
  staticDir?: string;
  /** Every Admin API round trip (scenarios and benchmarks count calls and cost through it). */
  onAdminCall?: (record: CallRecord) => void;
}

export async function startWaitwell(config: Config, options: StartOptions = {}): Promise<RunningWaitwell> {
  const logger = options.logger ?? createLogger(config.logLevel, { service: "waitwell" });
  const clock = options.clock ?? { now: () => new Date() };
  if (options.migrate ?? true) await migrateDatabase(config.databaseUrl, projectRoot);
  const listens = config.role !== "worker";
  const runsJobs = options.startWorker ?? config.inbox.worker;
  const inThread = listens && runsJobs && (options.workerThread ?? config.inbox.thread);
  const threadLock = options.threadLock ?? (inThread ? createThreadLockBuffer() : undefined);

  const adapters = await buildAdapters(config, {
    clock,
    logger,
    threadLock,
    onAdminCall: options.onAdminCall,
  });
  const sender: JobSender = { queue: null };
  const subsystems = buildSubsystems(config, adapters, { clock, logger, jobs: sender });
  const webhookHandlers = createWebhookHandlers({
    repositories: adapters.repositories,
    clock,
    logger,
    batching: config.inbox.batching,
    availability: subsystems.availability,
    backorders: subsystems.backorders,
    care: subsystems.care,
    afterErasure: () => forgetDeletedRows(adapters.db),
    alerts: new PrismaAlertRepository(adapters.db),
    // The queue is built after the handlers (composition/jobs.ts); an erasure runs once it is.
    jobs: { forgetShop: async (shop) => (await sender.queue?.forgetShop(shop)) ?? 0 },
  });
  const thread = inThread ? { lock: threadLock! } : null;
  // Tests that drive the worker by hand (drain()) keep everything in this process.
  const queueKind = options.startWorker === false ? "in-process" : config.queue;
  const jobs = buildJobs({
    config,
    adapters,
    subsystems,
    webhookHandlers,
    clock,
    logger,
    thread,
    queueKind,
    consumes: runsJobs && !inThread,
    sender,
  });
  const inboxIntake = listens ? await createInboxIntake(config.databaseUrl, clock) : null;
  const app = buildHttpApp({
    config,
    options,
    adapters,
    subsystems,
    jobs,
    webhookHandlers,
    inboxIntake,
    clock,
    logger,
  });

  let server: Server | null = null;
  try {
    server = listens ? await listen(app, config) : null;
  } catch (e) {
    await shutdown({ server: null, inboxIntake, jobs, subsystems, adapters });
    throw e;
  }
  const url = server ? serverUrl(server, config) : "";
  await startJobs(jobs, subsystems, runsJobs ? (inThread ? "thread" : "inline") : "none");
  logger.info("waitwell started", {
    url,
    mode: config.mode,
    role: config.role,
    worker: runsJobs ? (inThread ? "thread" : "inline") : "none",
    queue: queueKind,
    database: redactUrl(config.databaseUrl),
  });
  return {
    url,
    db: adapters.db,
    ...subsystems,
    ...jobs,
    close: () => shutdown({ server, inboxIntake, jobs, subsystems, adapters }),
  };
}

/** The HTTP app and the use cases it serves. */
function buildHttpApp(parts: {
  config: Config;
  options: StartOptions;
  adapters: Adapters;
  subsystems: Subsystems;
  jobs: Jobs;
  webhookHandlers: WebhookHandlers;
  inboxIntake: InboxIntake | null;
  clock: Clock;
  logger: Logger;
}): Express {
  const { config, adapters, subsystems, clock, logger } = parts;
  const useCases = createAppUseCases({
    config,
    ...(parts.inboxIntake ? { inboxIntake: parts.inboxIntake } : {}),
    repositories: adapters.repositories,
    clock,
    logger,
    tokenExchange: adapters.tokenExchange,
    shopProfile: createShopProfileReader({ adminOrigin: config.shopify.adminOrigin, logger }),
    healthProbe: { ping: async () => void (await adapters.db.$queryRawUnsafe("SELECT 1")) },
    webhookHandlers: parts.webhookHandlers,
    inboxNotifier: { nudge: (row) => parts.jobs.queue.inboxRowsDue(row ? [row] : []) },
    availability: {
      services: subsystems.availability,
      verifyAppProxy: createAppProxyVerifier({ apiSecret: config.shopify.apiSecret, clock }),
    },
    care: subsystems.care,
    backorders: subsystems.backorders,
    reconcile: parts.jobs.reconcile,
    merchantAlerts: subsystems.alerts.admin,
    insights: buildInsights(config, adapters, clock),
  });
  const staticDir = parts.options.staticDir ?? path.join(projectRoot, "dist/web");
  return createApp({ config, logger, shopify: adapters.shopify, staticDir, useCases });
}

/** Express 5's app.listen hands a listen error (a port in use) to the callback, so the callback must check it. */
function listen(app: Express, config: Config): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, (error?: Error) =>
      error ? reject(listenError(error, config)) : resolve(s),
    );
  });
}

function listenError(error: Error, config: Config): Error {
  const address = `${config.host}:${config.port}`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") return new ConfigError([`PORT: ${address} is already in use`]);
  if (code === "EACCES") return new ConfigError([`PORT: ${address} is not allowed for this user`]);
  if (code === "EADDRNOTAVAIL")
    return new ConfigError([`HOST: ${address} is not an address of this machine`]);
  return error;
}

function serverUrl(server: Server, config: Config): string {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  return `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;
}

/** Stop taking requests, let in-flight webhooks and jobs finish, then release mail and the database. */
async function shutdown(parts: {
  server: Server | null;
  inboxIntake: InboxIntake | null;
  jobs: Jobs;
  subsystems: Subsystems;
  adapters: Adapters;
}): Promise<void> {
  const { server } = parts;
  if (server) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
  }
  await parts.inboxIntake?.close();
  // Supplier feed imports this process is checking or writing finish first (their writes are one transaction).
  await parts.subsystems.availability.supplierImports.idle();
  await stopJobs(parts.jobs, parts.subsystems);
  await parts.adapters.close();
  await parts.adapters.db.$disconnect();
}

// `tsx web/server/main.ts` runs the server alone (no dev store): for production and `shopify app dev`.
// `node dist/server/main.js` (npm run start:prod, compiled by npm run build:server) runs the server alone, as PID 1
// in a container: SIGTERM/SIGINT reach it directly. It stops taking requests, lets in-flight webhooks and jobs finish
// and exits 0; past SHUTDOWN_TIMEOUT_MS it exits 1 (unfinished rows keep their lease and are taken again after the
// restart, so nothing acknowledged is lost).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    const config = loadConfig();
    const running = await startWaitwell(config);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.error(`${signal}: draining (at most ${config.shutdownTimeoutMs} ms)`);
      const deadline = setTimeout(() => {
        console.error(`shutdown did not finish within ${config.shutdownTimeoutMs} ms; exiting`);
        process.exit(1);
      }, config.shutdownTimeoutMs);
      deadline.unref();
      running.close().then(
        () => process.exit(0),
        (e: unknown) => {
          console.error(e);
          process.exit(1);
        },
      );
    };
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(signal));
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  }
}
