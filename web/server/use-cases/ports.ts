/**
 * Ports: what use cases need from the outside world. Adapters (prisma/, memory/, shopify/) implement them; the
 * contract suites in test/contracts run every implementation against the same expectations.
 */

import type { BackorderRepository } from "./backorder/ports.js";
import type { ShopSettings } from "../domain/settings/index.js";
import type { ShopDomain } from "../domain/shared/shop-domain.js";

export type { ShopDomain } from "../domain/shared/shop-domain.js";

// ---------------------------------------------------------------- sessions (offline access tokens)

/** Field names follow @shopify/shopify-api's Session so PrismaSessionStorage could use the same table. */
export interface StoredSession {
  id: string; // offline_{shop} | {shop}_{userId}
  shop: ShopDomain;
  state: string;
  isOnline: boolean;
  scope: string | null;
  expires: Date | null;
  accessToken: string;
  refreshToken?: string | null;
  refreshTokenExpires?: Date | null;
}

export interface SessionRepository {
  store(session: StoredSession): Promise<void>;
  load(id: string): Promise<StoredSession | null>;
  findByShop(shop: ShopDomain): Promise<StoredSession[]>;
  deleteByShop(shop: ShopDomain): Promise<number>;
}

// ---------------------------------------------------------------- shops

// The settings' shape and defaults live in domain/settings; re-exported for the ports that carry them.
export { DEFAULT_SHOP_SETTINGS, type ShopSettings } from "../domain/settings/index.js";

export interface ShopRecord {
  domain: ShopDomain;
  name: string | null;
  scopes: string | null;
  settings: ShopSettings;
  installedAt: Date;
  uninstalledAt: Date | null;
}

export interface ShopRepository {
  /** Install or re-install: clears uninstalledAt, keeps settings of a returning shop. */
  upsertInstalled(input: {
    domain: ShopDomain;
    name: string | null;
    scopes: string | null;
    at: Date;
  }): Promise<ShopRecord>;
  get(domain: ShopDomain): Promise<ShopRecord | null>;
  markUninstalled(domain: ShopDomain, at: Date): Promise<void>;
  updateSettings(domain: ShopDomain, patch: Partial<ShopSettings>): Promise<ShopRecord>;
  delete(domain: ShopDomain): Promise<void>;
  /** Start of the shop's last completed backorder reconciliation; null before the first (or for no such shop). */
  lastReconciledAt(domain: ShopDomain): Promise<Date | null>;
  setLastReconciledAt(domain: ShopDomain, at: Date): Promise<void>;
}

// ---------------------------------------------------------------- webhook inbox

/** Whether a shop is installed (a record without an uninstall date): the webhook endpoint asks it per delivery. */
export interface InstalledShops {
  isInstalled(domain: ShopDomain): Promise<boolean>;
}

/** InstalledShops read through the shop repository (tests, and processes without the driver-level intake). */
export function installedShopsOf(shops: Pick<ShopRepository, "get">): InstalledShops {
  return {
    isInstalled: async (domain) => {
      const record = await shops.get(domain);
      return record !== null && record.uninstalledAt === null;
    },
  };
}

export type InboxStatus = "PENDING" | "PROCESSING" | "PROCESSED" | "DEAD" | "IGNORED";

export interface InboxDelivery {
  shop: ShopDomain;
  webhookId: string;
  eventId: string | null;
  topic: string; // REST style, e.g. "orders/create"
  apiVersion: string;
  triggeredAt: Date | null;
  payload: string; // the exact signed body
  resourceId: string | null;
  customerId: string | null;
}

export interface InboxEvent extends InboxDelivery {
  id: string;
  status: InboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lockedUntil: Date | null;
  /** Set by each claim; only the holder of the current token may record the row's outcome. */
  leaseToken: string | null;
  lastError: string | null;
  receivedAt: Date;
  processedAt: Date | null;
}

export interface InboxRecordItem {
  delivery: InboxDelivery;
  status: "PENDING" | "IGNORED";
}

export interface InboxRecordResult {
  id: string;
  status: InboxStatus;
  duplicate: boolean;
}

/** An inbox row as a job queue carries it: which row, and what it must run after (its shop and resource). */
export type InboxRowRef = Pick<InboxEvent, "id" | "shop" | "resourceId">;

/** Which due rows a claim may take (each given condition must hold). */
export interface InboxClaimFilter {
  ids?: string[];
  shop?: ShopDomain;
}

/** What a worker holds after claimDue: the row and the token of its lease. */
export type InboxLease = Pick<InboxEvent, "id" | "leaseToken">;

export interface DeadLetterFilter {
  topic?: string;
  /** receivedAt >= from */
  from?: Date;
  /** receivedAt < to */
  to?: Date;
}

export interface InboxRepository {
  /** Idempotent on (shop, webhookId): a redelivery returns `duplicate: true` and the stored row, unchanged. */
  record(
    delivery: InboxDelivery,
    status?: "PENDING" | "IGNORED",
  ): Promise<{ event: InboxEvent; duplicate: boolean }>;
  /**
   * Many deliveries in one write (one statement, one commit): the webhook endpoint's group commit. Same rules as
   * `record` for each item; the answers come back in the order of the items. A delivery repeated within the batch is
   * stored once and the later copies are duplicates.
   */
  recordBatch(items: InboxRecordItem[]): Promise<InboxRecordResult[]>;
  /**
   * Atomically lease up to `limit` due rows (PENDING with nextAttemptAt <= now, or PROCESSING whose lease expired
   * after a crash): status PROCESSING, attempts + 1, lockedUntil = now + leaseMs. Never hands a row to two callers.
   * With `only.ids`, only those rows are candidates (a job queue names the rows its jobs carry); with `only.shop`,
   * only that shop's rows (a shop's turn of a job queue).
   */
  claimDue(now: Date, limit: number, leaseMs: number, only?: InboxClaimFilter): Promise<InboxEvent[]>;
  /**
   * Rows that should be running but may have no job in a queue (a process died between the commit and the job's
   * send, or while it held the row): PENDING due at or before `dueBefore`, or PROCESSING with a lease ended by `now`.
   */
  stranded(dueBefore: Date, now: Date, limit: number): Promise<InboxRowRef[]>;
  /**
   * The outcome writes are compare-and-set on the lease: they land only while the row is PROCESSING under
   * `lease.leaseToken`, and answer whether they did. A worker whose lease ran out (and whose row another worker has
   * claimed since, or shop/redact deleted) writes nothing.
   */
  markProcessed(lease: InboxLease, at: Date): Promise<boolean>;
  /** markProcessed for many rows in one write; answers the ids it settled (a row no longer ours is left out). */
  markProcessedMany(leases: InboxLease[], at: Date): Promise<Set<string>>;
  /** Back to PENDING for a later attempt. */
  markRetry(lease: InboxLease, error: string, nextAttemptAt: Date): Promise<boolean>;
  markDead(lease: InboxLease, error: string): Promise<boolean>;
  /** Moves the lease's end to `lockedUntil` while it is still ours (same compare-and-set); false when it is not. */
  renewLease(lease: InboxLease, lockedUntil: Date): Promise<boolean>;
  /**
   * DEAD → PENDING (attempts reset) so the worker takes it again; null when the row is not dead, not the shop's, or
   * its payload was removed (nothing left to process).
   */
  replay(shop: ShopDomain, id: string, now: Date): Promise<InboxEvent | null>;
  /**
   * Bulk replay: every DEAD row of the shop matching the filter (topic; received in [from, to)) that still holds its
   * payload back to PENDING, due at `now`. Returns how many rows it turned, and how many matching DEAD rows it left
   * because their payload was removed (retention or customers/redact).
   */
  replayDead(
    shop: ShopDomain,
    filter: DeadLetterFilter,
    now: Date,
  ): Promise<{ replayed: number; withoutPayload: number }>;
  get(shop: ShopDomain, id: string): Promise<InboxEvent | null>;
  list(
    shop: ShopDomain,
    filter: { status?: InboxStatus; topic?: string; limit: number; cursor?: string },
  ): Promise<{ events: InboxEvent[]; nextCursor: string | null }>;
  /** Rows still to do (PENDING + PROCESSING), all shops or one. */
  depth(shop?: ShopDomain): Promise<number>;
  countByStatus(shop: ShopDomain): Promise<Record<InboxStatus, number>>;
  /** customers/redact: blank the payloads that name this customer or these orders; returns rows touched. */
  redactCustomer(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<number>;
  /** Everything held on a customer, for customers/data_request. */
  findByCustomer(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<InboxEvent[]>;
  deleteByShop(shop: ShopDomain): Promise<number>;
  /**
   * Retention: PROCESSED, IGNORED and DEAD rows received before `before` lose their payload (set to
   * `PURGED_PAYLOAD`); the envelope (shop, topic, ids, status, attempts, times, last error) stays. Returns rows touched.
   */
  purgePayloads(before: Date): Promise<number>;
}

/** What a purged inbox row holds instead of the body Shopify signed (retention). */
export const PURGED_PAYLOAD = JSON.stringify({ purged: true });
/** What an inbox row that named an erased customer holds instead of the body Shopify signed (customers/redact). */
export const REDACTED_PAYLOAD = JSON.stringify({ redacted: true });
/** Payloads that are markers, not what Shopify sent: such a row can never be processed (or replayed) again. */
export const REMOVED_PAYLOADS: readonly string[] = [PURGED_PAYLOAD, REDACTED_PAYLOAD];

/** Why a row no longer holds what Shopify signed, or null when it does. */
export function payloadRemovedBy(payload: string): "retention" | "redaction" | null {
  return payload === PURGED_PAYLOAD ? "retention" : payload === REDACTED_PAYLOAD ? "redaction" : null;
}

// ---------------------------------------------------------------- privacy: customer data exports

export interface DataExportRecord {
  id: string;
  shop: ShopDomain;
  customerId: string;
  dataRequestId: string | null;
  data: unknown;
  createdAt: Date;
}

export interface DataExportRepository {
  create(input: Omit<DataExportRecord, "id" | "createdAt">, at: Date): Promise<DataExportRecord>;
  listByShop(shop: ShopDomain): Promise<DataExportRecord[]>;
  /** Newest first; `cursor` is the id of the last row of the previous page. */
  listPage(
    shop: ShopDomain,
    page: { limit: number; cursor?: string },
  ): Promise<{ exports: DataExportRecord[]; nextCursor: string | null }>;
  /** Retention: deletes every export created before `before`; returns how many. */
  deleteCreatedBefore(before: Date): Promise<number>;
  deleteByCustomer(shop: ShopDomain, customerId: string): Promise<number>;
  deleteByShop(shop: ShopDomain): Promise<number>;
}

// ---------------------------------------------------------------- all of the above

/** Every repository, as the memory and Prisma factories return them. */
export interface Repositories {
  sessions: SessionRepository;
  shops: ShopRepository;
  inbox: InboxRepository;
  exports: DataExportRepository;
  backorders: BackorderRepository;
}

// ---------------------------------------------------------------- infrastructure

export interface Clock {
  now(): Date;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface HealthProbe {
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
}

// ---------------------------------------------------------------- Shopify auth

/** An offline access token obtained by token exchange (REFERENCE 4.2). */
export interface OfflineAccessToken {
  accessToken: string;
  scope: string | null;
  /** Set only for expiring offline tokens. */
  expires: Date | null;
  refreshToken: string | null;
  refreshTokenExpires: Date | null;
}

export interface ShopifyTokenExchange {
  /**
   * Trades a verified session token of `shop` for an offline access token. Throws UnauthorizedError when Shopify
   * refuses the session token (HTTP 400), ShopifyApiError for anything else that went wrong.
   */
  exchangeForOfflineToken(input: { shop: ShopDomain; sessionToken: string }): Promise<OfflineAccessToken>;
}

/** The shop's own details, read once at install with the new offline token. */
export interface ShopProfileReader {
  read(shop: ShopDomain, accessToken: string): Promise<{ name: string }>;
}
