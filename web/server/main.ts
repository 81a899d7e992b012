/**
 * The composition root: config → adapters → use cases → HTTP app → listen. With its two parts in composition/ (the
 * webhook handler registry, the HTTP app's use cases), the only place that wires concrete implementations together;
 * everything else receives its dependencies.
 */
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadConfig, type Config } from "./config.js";
import { ConfigError, UnauthorizedError } from "./errors.js";
import { createLogger } from "./adapters/logger.js";
import {
  createDb,
  forgetDeletedRows,
  isPostgresUrl,
  migrateDatabase,
  redactUrl,
  type Db,
} from "./adapters/prisma/client.js";
import { createPrismaRepositories } from "./adapters/prisma/index.js";
import { createTokenCipher, EncryptingSessionRepository } from "./adapters/crypto/token-cipher.js";
import { createShopifyLib } from "./adapters/shopify/shopify-lib.js";
import { createShopifyTokenExchange } from "./adapters/shopify/token-exchange.js";
import { createShopProfileReader } from "./adapters/shopify/shop-profile.js";
import { parseSupplierCsv } from "./adapters/csv/supplier-feed.js";
import { PrismaAvailabilityRepository } from "./adapters/prisma/availability-repository.js";
import { createPostgresShopLock } from "./adapters/prisma/shop-lock.js";
import { createInboxIntake } from "./adapters/prisma/inbox-intake.js";
import { createAdminClient, type CallRecord } from "./adapters/shopify/admin-client.js";
import { createBackorderShopify } from "./adapters/shopify/backorder-shopify.js";
import { createBackorderReconcileShopify } from "./adapters/shopify/backorder-reconcile-shopify.js";
import { createInstalledShopsLister } from "./adapters/prisma/installed-shops.js";
import { createAppProxyVerifier } from "./adapters/shopify/app-proxy-signature.js";
import { createAvailabilityShopify } from "./adapters/shopify/availability-shopify.js";
import { createApp } from "./http/create-app.js";
import { PrismaCareRepository } from "./adapters/prisma/care-repository.js";
import { createCareShopify } from "./adapters/shopify/care-shopify.js";
import { createSmtpMailer } from "./adapters/mail/smtp-mailer.js";
import { createLiquidRenderer } from "./adapters/mail/liquid-renderer.js";
import { createSelfServiceTokens } from "./adapters/crypto/self-service-tokens.js";
import { createCustomerCare, type CustomerCare } from "./use-cases/customer-care/index.js";
import { createCustomerCareJob, type CustomerCareJob } from "./jobs/customer-care.js";
import { createInboxWorker, type InboxWorker } from "./jobs/inbox-worker.js";
import { createShopifyWriter, type ShopifyWriter } from "./jobs/shopify-writer.js";
import { createThreadLockBuffer, createThreadShopLock } from "./adapters/thread-shop-lock.js";
import { startWorkerThread } from "./worker-host.js";
import { createAvailabilitySync, type AvailabilitySyncJob } from "./jobs/availability-sync.js";
import { createReconcileScheduler, type ReconcileScheduler } from "./jobs/reconcile-scheduler.js";
import { createRetentionJob, type RetentionJob } from "./jobs/retention.js";
import { createPurgeExpiredData } from "./use-cases/privacy/purge-expired-data.js";
import { offlineSessionId } from "./use-cases/install-shop.js";
import type { Clock, Logger, SessionRepository } from "./use-cases/ports.js";
import { createAvailabilityServices, type AvailabilityServices } from "./use-cases/availability/index.js";
import { engineWaitingLines } from "./use-cases/availability/waiting-lines.js";
import { createBackorderEngine, createKeyedLock, type BackorderEngine } from "./use-cases/backorder/index.js";

import { createWebhookHandlers } from "./composition/webhook-handlers.js";
import { createAppUseCases } from "./composition/app-use-cases.js";
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
  /** INBOX_RETENTION_DAYS / EXPORT_RETENTION_DAYS purge: once at start, then hourly. */
  retention: RetentionJob;
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
  const db = await createDb(config.databaseUrl);
  const repositories = createPrismaRepositories(db, { clock });
  if (config.tokenEncryption) {
    const { key, oldKeys } = config.tokenEncryption;
    repositories.sessions = new EncryptingSessionRepository(
      repositories.sessions,
      // Buffer.from: the worker thread gets the config structured-cloned, where a Buffer arrives as a Uint8Array.
      createTokenCipher(
        Buffer.from(key),
        oldKeys.map((k) => Buffer.from(k)),
      ),
    );
  }
  const shopify = createShopifyLib(config, logger);
  const tokenExchange = createShopifyTokenExchange({
    apiKey: config.shopify.apiKey,
    apiSecret: config.shopify.apiSecret,
    adminOrigin: config.shopify.adminOrigin,
    clock,
  });
  const adminClient = createAdminClient({
    adminOrigin: config.shopify.adminOrigin,
    accessToken: offlineAccessToken(repositories.sessions),
    logger,
    ...(options.onAdminCall ? { onCall: options.onAdminCall } : {}),
    onUnauthorized: async (shop) => {
      const dropped = await repositories.sessions.deleteByShop(shop);
      logger.warn("Shopify refused the stored access token; dropped it until the next install", {
        shop,
        dropped,
      });
    },
  });
  const availabilityRepository = new PrismaAvailabilityRepository(db);
  let availabilitySync: AvailabilitySyncJob | null = null;
  let backorders: BackorderEngine | null = null;
  let careJob: CustomerCareJob | null = null;
  const careRepository = new PrismaCareRepository(db);
  const mailer = config.mail.smtpUrl ? createSmtpMailer(config.mail.smtpUrl) : null;
  const care = createCustomerCare(
    {
      repository: careRepository,
      backorders: repositories.backorders,
      engine: {
        applyLineEvent: (shop, lineItemId, event, cause) => {
          if (!backorders) throw new Error("customer care: the backorder engine is not built yet");
          return backorders.applyLineEvent(shop, lineItemId, event, cause);
        },
      },
      promises: availabilityRepository,
      shops: repositories.shops,
      shopify: createCareShopify({ client: adminClient }),
      mailer,
      mailFrom: config.mail.from,
      renderer: createLiquidRenderer(),
      tokens: createSelfServiceTokens(config.shopify.apiSecret),
      // Shoppers reach the app proxy under the shop's storefront; locally the dev store serves it.
      storefrontOrigin: (shop) =>
        config.mode === "local" && config.shopify.adminOrigin
          ? config.shopify.adminOrigin
          : `https://${shop}`,
      clock,
      logger,
    },
    {
      wake: () => careJob?.wake(),
      // The in-stock substitutes the storefront shows for the variant, within the merchant's price band.
      substitutesOf: async (shop, variantId) =>
        (await availability.storefront.get(shop, variantId)).substitutes.map((s) => ({
          variantId: s.variantId,
          title: [s.productTitle, s.variantTitle].filter(Boolean).join(" – "),
          price: s.price,
        })),
    },
  );
  const availability = createAvailabilityServices({
    repository: availabilityRepository,
    // The local dev store does not serve Product.collections.
    shopify: createAvailabilityShopify({ client: adminClient, readCollections: config.mode !== "local" }),
    shops: repositories.shops,
    parseSupplierFeed: parseSupplierCsv,
    clock,
    logger,
    requestSync: (shop, variantIds) => availabilitySync?.request(shop, variantIds),
    // ETAs per waiting line and the cap count the engine's lines (Shopify's oversold units as a floor).
    waitingLines: engineWaitingLines({ backorders: repositories.backorders, shops: repositories.shops }),
    // A promise made or moved is written to its order's metafield (the order-status page reads it).
    onPromiseChanges: async (shop, changes) => {
      const lineIds = [...changes.created, ...changes.revised].map((c) => c.lineItemId);
      if (lineIds.length > 0) await backorders?.refreshPromises(shop, lineIds);
      // Consent given at checkout, the confirmation, delay notices: into the outbox, then sent.
      await care.onPromiseChanges(shop, changes);
      careJob?.wake();
    },
  });
  availabilitySync = createAvailabilitySync({
    services: availability,
    repository: availabilityRepository,
    shops: repositories.shops,
    clock,
    logger,
  });

  let writer: ShopifyWriter | null = null;
  const engine = createBackorderEngine({
    repository: repositories.backorders,
    shopify: createBackorderShopify({ client: adminClient }),
    reconcileShopify: createBackorderReconcileShopify({ client: adminClient }),
    shops: repositories.shops,
    clock,
    logger,
    // A line starts waiting (its promise is made), gets stock or leaves: its variant's queue ETAs move.
    // Outbox rows of variants whose queue moved, run by the writer: availability, ETAs, a cap's flip to DENY (a
    // failed Shopify write throws, and the row is retried), and customer care's view of the queue.
    onWaitingChanged: async (shop, variantIds) => {
      careJob?.queueMoved(shop, variantIds);
      await availability.onVariantsChanged(shop, variantIds);
    },
    onWritesQueued: (shop) => writer?.nudge(shop),
    // Several processes may share PostgreSQL (web + workers), so a shop's steps lock across them; SQLite is one
    // process, whose web thread and worker thread share one lock.
    lock: isPostgresUrl(config.databaseUrl)
      ? createPostgresShopLock(db)
      : threadLock
        ? createThreadShopLock(threadLock)
        : createKeyedLock(),
    lineEtas: async (shop, lineItemIds) =>
      new Map(
        (await availabilityRepository.linePromises(shop, lineItemIds)).map((p) => [
          p.lineItemId,
          { current: p.current, promised: p.promised },
        ]),
      ),
  });
  backorders = engine;
  writer = createShopifyWriter({
    runWrites: (shop, round) => engine.runWrites(shop, round),
    repository: repositories.backorders,
    clock,
    logger,
  });
  careJob = createCustomerCareJob({
    care,
    listShops: createInstalledShopsLister(db),
    logger,
    pollIntervalMs: config.mail.pollIntervalMs,
    deadlineIntervalMs: config.care.intervalMs,
  });
  const webhookHandlers = createWebhookHandlers({
    repositories,
    clock,
    logger,
    batching: config.inbox.batching,
    availability,
    backorders,
    care,
    afterErasure: () => forgetDeletedRows(db),
  });
  const shopifyWriter = writer;
  const inboxWorker = (): InboxWorker => {
    const inline = createInboxWorker({
      inbox: repositories.inbox,
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
        await shopifyWriter.drain();
        return handled;
      },
    };
  };
  const worker: InboxWorker = inThread
    ? startWorkerThread({ config, threadLock: threadLock!, logger })
    : inboxWorker();

  const reconcile = createReconcileScheduler({
    engine: backorders,
    listShops: createInstalledShopsLister(db),
    clock,
    logger,
    intervalMs: config.reconcile.intervalMs,
    // Persisted, so a restart resumes each shop's order listing where its last run began.
    progress: {
      load: (shop) => repositories.shops.lastReconciledAt(shop),
      save: (shop, at) => repositories.shops.setLastReconciledAt(shop, at),
    },
  });

  const inboxIntake = listens ? await createInboxIntake(config.databaseUrl, clock) : null;
  const useCases = createAppUseCases({
    config,
    ...(inboxIntake ? { inboxIntake } : {}),
    repositories,
    clock,
    logger,
    tokenExchange,
    shopProfile: createShopProfileReader({ adminOrigin: config.shopify.adminOrigin, logger }),
    healthProbe: { ping: async () => void (await db.$queryRawUnsafe("SELECT 1")) },
    webhookHandlers,
    inboxNotifier: worker,
    availability: {
      services: availability,
      verifyAppProxy: createAppProxyVerifier({ apiSecret: config.shopify.apiSecret, clock }),
    },
    care,
    backorders,
    reconcile,
  });
  const retention = createRetentionJob({
    purge: createPurgeExpiredData({
      inbox: repositories.inbox,
      exports: repositories.exports,
      clock,
      policy: config.retention,
    }),
    logger,
  });
  const staticDir = options.staticDir ?? path.join(projectRoot, "dist/web");
  const app = createApp({ config, logger, shopify, staticDir, useCases });

  const server = listens ? await listen(app, config) : null;
  const url = server ? serverUrl(server, config) : "";
  if (runsJobs && !inThread) {
    worker.start();
    shopifyWriter.start();
    availabilitySync.start();
    reconcile.start();
    careJob.start();
  }
  // Cheap and idempotent: it runs in this process whatever thread the worker uses.
  if (runsJobs) retention.start();
  logger.info("waitwell started", {
    url,
    mode: config.mode,
    role: config.role,
    worker: runsJobs ? (inThread ? "thread" : "inline") : "none",
    database: redactUrl(config.databaseUrl),
  });

  return {
    url,
    db,
    worker,
    availability,
    availabilitySync,
    backorders,
    reconcile,
    writer: shopifyWriter,
    care,
    careJob,
    retention,
    async close() {
      if (server) {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await closed;
      }
      await inboxIntake?.close();
      await worker.stop();
      await shopifyWriter.stop();
      await reconcile.stop();
      await availabilitySync?.stop();
      await careJob?.stop();
      await retention.stop();
      mailer?.close();
      await db.$disconnect();
    },
  };
}

function listen(app: ReturnType<typeof createApp>, config: Config): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once("error", reject);
  });
}

function serverUrl(server: Server, config: Config): string {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  return `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;
}

/** The shop's offline token, stored at install (token exchange); a shop without one is not installed. */
function offlineAccessToken(sessions: SessionRepository): (shop: string) => Promise<string> {
  return async (shop) => {
    const session = await sessions.load(offlineSessionId(shop));
    if (!session)
      throw new UnauthorizedError(`No offline access token for ${shop}: the app is not installed`);
    return session.accessToken;
  };
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
