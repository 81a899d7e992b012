/**
 * Part of the composition root (main.ts), its first step: the adapters every subsystem is built from (database,
 * repositories, the Shopify clients, mail, the shop lock). Nothing but main.ts imports this module.
 */
import type { Shopify } from "@shopify/shopify-api";
import type { Config } from "../config.js";
import { UnauthorizedError } from "../errors.js";
import { createTokenCipher, EncryptingSessionRepository } from "../adapters/crypto/token-cipher.js";
import { createSmtpMailer } from "../adapters/mail/smtp-mailer.js";
import { PrismaAvailabilityRepository } from "../adapters/prisma/availability-repository.js";
import { PrismaCareRepository } from "../adapters/prisma/care-repository.js";
import { createDb, isPostgresUrl, type Db } from "../adapters/prisma/client.js";
import { createPrismaRepositories, type PrismaRepositories } from "../adapters/prisma/index.js";
import { createPostgresShopLock } from "../adapters/prisma/shop-lock.js";
import { createAdminClient, type AdminClient, type CallRecord } from "../adapters/shopify/admin-client.js";
import { createShopFactsReader } from "../adapters/shopify/shop-facts.js";
import type { ShopFactsReader } from "../use-cases/insights/ports.js";
import { createShopifyLib } from "../adapters/shopify/shopify-lib.js";
import { scopedAccessTokens } from "../adapters/shopify/session-scope.js";
import { createShopifyTokenExchange } from "../adapters/shopify/token-exchange.js";
import { createThreadShopLock } from "../adapters/thread-shop-lock.js";
import { heldShopLock, markingHeldShopLock } from "../adapters/held-shop-lock.js";
import { createKeyedLock, type AdminSessionScope, type ShopLock } from "../use-cases/backorder/index.js";
import { offlineSessionId } from "../use-cases/install-shop.js";
import type { Mailer } from "../use-cases/customer-care/ports.js";
import type {
  Clock,
  Logger,
  SessionRepository,
  ShopDomain,
  ShopifyTokenExchange,
} from "../use-cases/ports.js";

/** What the use cases run on: storage, the Shopify clients, mail and the shop lock. */
export interface Adapters {
  db: Db;
  repositories: PrismaRepositories;
  availabilityRepository: PrismaAvailabilityRepository;
  careRepository: PrismaCareRepository;
  /** The @shopify/shopify-api instance (session tokens, app proxy). */
  shopify: Shopify;
  tokenExchange: ShopifyTokenExchange;
  adminClient: AdminClient;
  /** Runs a batch of Admin calls to one shop on one read of its session (the order sync's write round). */
  adminSessions: AdminSessionScope;
  /** The shop's currency and time zone, read once an hour per shop (the dashboard, delivery-law days). */
  shopFacts: ShopFactsReader;
  /** SMTP when MAIL_SMTP_URL is set; without it messages stay in the outbox. */
  mailer: (Mailer & { close(): void }) | null;
  /** Serialises a shop's engine steps (across processes on PostgreSQL, across threads on SQLite). */
  shopLock: ShopLock;
  /** Closes what the adapters hold beside the Prisma client (the PostgreSQL shop lock's connections, SMTP). */
  close(): Promise<void>;
}

export interface AdapterContext {
  clock: Clock;
  logger: Logger;
  /** The shop lock shared with this process's other threads (SQLite). */
  threadLock?: SharedArrayBuffer | undefined;
  onAdminCall?: ((record: CallRecord) => void) | undefined;
}

export async function buildAdapters(config: Config, context: AdapterContext): Promise<Adapters> {
  const { clock, logger } = context;
  // The worker role (a worker process, or the `both` role's worker thread) commits asynchronously on PostgreSQL:
  // everything it writes is redone from the inbox and the outboxes after a crash (client.ts, DbOptions). Web
  // processes keep waiting for the flush: they acknowledge webhooks and staff actions.
  // It also keeps its statements prepared on PostgreSQL (client.ts, DbOptions): it sends the same few over and over.
  const worker = config.role === "worker";
  const db = await createDb(config.databaseUrl, { asyncCommit: worker, preparedStatements: worker });
  const repositories = createPrismaRepositories(db, { clock });
  const mailer = config.mail.smtpUrl ? createSmtpMailer(config.mail.smtpUrl) : null;
  const postgresLock = isPostgresUrl(config.databaseUrl) ? createPostgresShopLock(config.databaseUrl) : null;
  if (config.tokenEncryption)
    repositories.sessions = encryptTokens(repositories.sessions, config.tokenEncryption);
  const tokens = scopedAccessTokens(offlineAccessToken(repositories.sessions));
  const adminClient = createAdminClient({
    adminOrigin: config.shopify.adminOrigin,
    accessToken: tokens.accessToken,
    logger,
    holdsShopLock: () => heldShopLock() !== undefined,
    ...(context.onAdminCall ? { onCall: context.onAdminCall } : {}),
    onUnauthorized: async (shop, refused) => {
      tokens.forget(shop);
      // A batch keeps the token it read: one refused after a new install stored another leaves the new one alone.
      const stored = await repositories.sessions.load(offlineSessionId(shop));
      if (stored && stored.accessToken !== refused) return;
      const dropped = await repositories.sessions.deleteByShop(shop);
      logger.warn("Shopify refused the stored access token; dropped it until the next install", {
        shop,
        dropped,
      });
    },
  });
  return {
    db,
    repositories,
    availabilityRepository: new PrismaAvailabilityRepository(db),
    careRepository: new PrismaCareRepository(db),
    shopify: createShopifyLib(config, logger),
    tokenExchange: createShopifyTokenExchange({
      apiKey: config.shopify.apiKey,
      apiSecret: config.shopify.apiSecret,
      adminOrigin: config.shopify.adminOrigin,
      clock,
    }),
    adminClient,
    adminSessions: tokens.scope,
    shopFacts: createShopFactsReader({ client: adminClient, clock }),
    mailer,
    // Several processes may share PostgreSQL (web + workers), so a shop's steps lock across them; SQLite is one
    // process, whose web thread and worker thread share one lock.
    // Marked, so the Admin client never waits out a throttled answer while a step holds the lock.
    shopLock: markingHeldShopLock(
      postgresLock ?? (context.threadLock ? createThreadShopLock(context.threadLock) : createKeyedLock()),
    ),
    async close() {
      mailer?.close();
      await postgresLock?.close();
    },
  };
}

function encryptTokens(
  sessions: SessionRepository,
  { key, oldKeys }: NonNullable<Config["tokenEncryption"]>,
): SessionRepository {
  return new EncryptingSessionRepository(
    sessions,
    // Buffer.from: the worker thread gets the config structured-cloned, where a Buffer arrives as a Uint8Array.
    createTokenCipher(
      Buffer.from(key),
      oldKeys.map((k) => Buffer.from(k)),
    ),
  );
}

/** The shop's offline token, stored at install (token exchange); a shop without one is not installed. */
function offlineAccessToken(sessions: SessionRepository): (shop: ShopDomain) => Promise<string> {
  return async (shop) => {
    const session = await sessions.load(offlineSessionId(shop));
    if (!session)
      throw new UnauthorizedError(`No offline access token for ${shop}: the app is not installed`);
    return session.accessToken;
  };
}
