import { z } from "zod";
import { DEFAULT_WEBHOOK_MAX_AGE_MS } from "./domain/webhooks/delivery-checks.js";
import { ConfigError } from "./errors.js";

/**
 * The only module that reads the environment. Every problem is reported at once, so a misconfigured deploy fails
 * with one message instead of a chain of restarts.
 *
 * Local mode runs against the bundled dev store with the documented local credentials below, whose secret is public:
 * anyone who knows it can sign session tokens and webhooks. So it is never a fallback. It is chosen explicitly
 * (WAITWELL_MODE=local, which `npm start` sets when no Shopify credentials are given) and refused unless the app
 * listens on a loopback address, the database is on this machine (a SQLite file, or PostgreSQL on a loopback host
 * for the test stacks) and NODE_ENV is not production. Without it all three Shopify variables are required.
 */
export const LOCAL_DEFAULTS = {
  apiKey: "waitwell-local-api-key",
  apiSecret: "waitwell-local-api-secret",
  port: 3000,
  devStorePort: 3001,
  databaseUrl: "file:./data/waitwell.db",
  shop: "waitwell-demo.myshopify.com",
} as const;

export const DEFAULT_SCOPES = [
  "read_products",
  "write_products",
  "read_inventory",
  "read_orders",
  "write_orders",
  "write_order_edits",
  "read_merchant_managed_fulfillment_orders",
  "write_merchant_managed_fulfillment_orders",
  "read_customers",
  "write_discounts",
  "write_app_proxy",
] as const;

const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return LOOPBACK_HOSTS.has(h) || /^127(\.\d{1,3}){3}$/.test(h);
}

const envSchema = z.object({
  /** "local" runs against the bundled dev store with public credentials (set by `npm start`); see above. */
  WAITWELL_MODE: z.enum(["local", "shopify"]).optional(),
  NODE_ENV: z.string().optional(),
  PORT: port.optional(),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/i, "must start with file: (SQLite) or postgres:// / postgresql://")
    .optional(),
  SHOPIFY_API_KEY: z.string().min(1).optional(),
  SHOPIFY_API_SECRET: z.string().min(1).optional(),
  SHOPIFY_APP_URL: z.url({ protocol: /^https?$/ }).optional(),
  SCOPES: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/, "must be a comma-separated list of scopes, e.g. read_orders,write_orders")
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  /** Where shops' Admin API lives. Unset in production (https://{shop}); the dev store URL in local mode. */
  SHOPIFY_ADMIN_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
  DEVSTORE_PORT: port.optional(),
  WEBHOOK_MAX_BYTES: positiveInt.optional(),
  /** Supplier ETA feed uploads (POST /api/etas/imports): bytes, data rows, columns, errors reported, imports at once. */
  FEED_MAX_BYTES: positiveInt.optional(),
  FEED_MAX_ROWS: positiveInt.optional(),
  FEED_MAX_COLUMNS: positiveInt.optional(),
  FEED_MAX_REPORTED_ERRORS: positiveInt.optional(),
  FEED_MAX_IN_FLIGHT: positiveInt.optional(),
  /** On SIGTERM/SIGINT, the most time given to in-flight webhooks and jobs before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: positiveInt.optional(),
  /** Deliveries whose X-Shopify-Triggered-At is older than this many hours are refused. Default 24. */
  WEBHOOK_MAX_AGE_HOURS: positiveInt.optional(),
  INBOX_MAX_ATTEMPTS: positiveInt.optional(),
  /** First retry delay; each later one doubles, up to INBOX_MAX_BACKOFF_MS. */
  INBOX_BACKOFF_MS: positiveInt.optional(),
  INBOX_MAX_BACKOFF_MS: positiveInt.optional(),
  INBOX_POLL_MS: positiveInt.optional(),
  /**
   * How long a worker's claim on inbox rows or Shopify write outbox rows lasts: rows of a process that died are taken
   * again after it. A webhook handler has half of it. On pg-boss a job of a dead worker is retried 2 leases after it
   * started. Default 60 s.
   */
  WORKER_LEASE_MS: positiveInt.min(1000).optional(),
  /** pg-boss: how often a worker fails and retries the expired jobs of dead workers (seconds). Default 15. */
  PGBOSS_SUPERVISE_SECONDS: positiveInt.optional(),
  INBOX_RETENTION_DAYS: positiveInt.optional(),
  EXPORT_RETENTION_DAYS: positiveInt.optional(),
  /** Inbox rows handled at the same time by one worker; 1 handles them one by one. */
  INBOX_CONCURRENCY: positiveInt.optional(),
  /** Inbox rows one worker claims per round (default 100). */
  INBOX_BATCH_SIZE: positiveInt.optional(),
  /**
   * "on" (default): a shop's orders and stock levels claimed together are decided in one engine step, as one by one;
   * "off": each row on its own (the baseline of the load benchmarks).
   */
  INBOX_BATCHING: z.enum(["on", "off"]).optional(),
  /** "off" runs a web-only process (scale-out: workers elsewhere share the same database). */
  INBOX_WORKER: z.enum(["on", "off"]).optional(),
  /**
   * What this process does: `web` answers HTTP (webhook intake, admin, app proxy) and processes nothing; `worker`
   * processes the inbox and runs the scheduled jobs, without listening; `both` (default) does both, the worker in a
   * worker thread of its own (INBOX_WORKER_THREAD).
   */
  WAITWELL_ROLE: z.enum(["web", "worker", "both"]).optional(),
  /** "on" (default): the `both` role runs the worker in a worker thread; "off" runs it on the web thread. */
  INBOX_WORKER_THREAD: z.enum(["on", "off"]).optional(),
  /** How much lower than the web thread the worker thread runs (a nice increment, 0 to 19; default 0). */
  WAITWELL_WORKER_NICE: z.coerce.number().int().min(0).max(19).optional(),
  /**
   * Where background jobs run: `pg-boss` (default on PostgreSQL: any worker process takes them) or `in-process`
   * (the only choice on SQLite: each process runs its own loops).
   */
  WAITWELL_QUEUE: z.enum(["pg-boss", "in-process"]).optional(),
  /** Backorder reconciliation of every shop this often (ms); 0 turns the periodic run off. Default 15 min. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).optional(),
  /** Outgoing email: smtp://user:pass@host:587 or smtps://…:465. Unset: messages wait in the outbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The From of every customer email, e.g. "Waitwell <orders@example.com>". */
  MAIL_FROM: z.string().min(3).optional(),
  /** How often the email outbox is drained (ms). */
  MAIL_POLL_MS: positiveInt.optional(),
  /** How often delivery-law deadlines and wait incentives are checked per shop (ms); 0 = off. Default 1 h. */
  CARE_INTERVAL_MS: z.coerce.number().int().min(0).optional(),
  /** 32 bytes, base64 or hex: encrypts Shopify access tokens at rest (AES-256-GCM). Unset: stored as given. */
  TOKEN_ENCRYPTION_KEY: z.string().optional(),
  /** Comma-separated earlier keys, still accepted for reading during a rotation. */
  TOKEN_ENCRYPTION_OLD_KEYS: z.string().optional(),
});

export type Role = "web" | "worker" | "both";

export interface Config {
  mode: "local" | "shopify";
  /** WAITWELL_ROLE: web, worker, or both (default). */
  role: Role;
  port: number;
  host: string;
  databaseUrl: string;
  database: "sqlite" | "postgresql";
  logLevel: LogLevel;
  shopify: {
    apiKey: string;
    apiSecret: string;
    appUrl: string;
    scopes: string[];
    /** Override for the Admin API origin; null means https://{shop}. */
    adminOrigin: string | null;
  };
  devStore: { port: number } | null;
  webhooks: { maxBodyBytes: number; maxAgeMs: number };
  /** Supplier feed imports (use-cases/availability/supplier-imports.ts): what one upload may hold, per shop at once. */
  feeds: {
    maxBytes: number;
    maxRows: number;
    maxColumns: number;
    maxReportedErrors: number;
    maxInFlight: number;
  };
  /** Days a finished inbox row keeps its payload, and days a customer data export is kept (jobs/retention.ts). */
  retention: { inboxDays: number; exportDays: number };
  /** SIGTERM/SIGINT deadline for draining (main.ts). */
  shutdownTimeoutMs: number;
  inbox: {
    /** Attempts before a row is dead-lettered; with the backoff defaults they span about 4 hours. */
    maxAttempts: number;
    backoffBaseMs: number;
    maxBackoffMs: number;
    pollIntervalMs: number;
    /** A claim's lease (WORKER_LEASE_MS), inbox and write outbox: rows of a dead worker are taken again after it. */
    leaseMs: number;
    /**
     * Rows of a claimed batch handled at the same time (1 = one by one). Rows of one shop and resource still run in
     * claim order, and a row without a resource runs alone in its shop (jobs/inbox-worker.ts).
     */
    concurrency: number;
    /** Rows claimed per round. */
    batchSize: number;
    /** A shop's orders and stock levels claimed together are decided in one engine step (exactly as one by one). */
    batching: boolean;
    worker: boolean;
    /** The `both` role runs the worker in a worker thread (default), not on the thread that answers webhooks. */
    thread: boolean;
    /** WAITWELL_WORKER_NICE: the worker thread's nice increment over the web thread's (worker-thread.ts). */
    threadNice: number;
  };
  /** Backorder reconciliation (jobs/reconcile-scheduler.ts): 0 = only on demand. */
  reconcile: { intervalMs: number };
  /** WAITWELL_QUEUE: the job queue adapter (jobs/job-queue.ts). */
  queue: "pg-boss" | "in-process";
  /** pg-boss (adapters/pg-boss/job-queue.ts): how often expired jobs of dead workers are retried. */
  pgBoss: { superviseSeconds: number };
  /** Customer email (jobs/customer-care.ts): smtpUrl null keeps messages in the outbox, unsent. */
  mail: { smtpUrl: string | null; from: string; pollIntervalMs: number };
  /** Delivery-law deadlines and incentives, checked this often per shop; 0 = off. */
  care: { intervalMs: number };
  /** Token encryption at rest (adapters/crypto/token-cipher.ts); null stores tokens as given. */
  tokenEncryption: { key: Buffer; oldKeys: Buffer[] } | null;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset: `FOO= npm start` should not turn into a validation error about "".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`);
  const e = parsed.success ? parsed.data : ({} as z.infer<typeof envSchema>);

  const credentialVars = ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"] as const;
  const present = credentialVars.filter((k) => cleaned[k] !== undefined);
  const mode = cleaned.WAITWELL_MODE === "local" ? "local" : "shopify";
  if (mode === "shopify" && present.length < credentialVars.length) {
    const missing = credentialVars.filter((k) => !present.includes(k));
    problems.push(
      present.length > 0
        ? `${missing.join(", ")}: required when ${present.join(", ")} ${present.length > 1 ? "are" : "is"} set ` +
            "(set all three to run against Shopify)"
        : `${missing.join(", ")}: required to run against Shopify. For the local dev store run \`npm start\` ` +
            "(it sets WAITWELL_MODE=local)",
    );
  }
  if (e.WAITWELL_ROLE && e.WAITWELL_ROLE !== "web" && e.INBOX_WORKER === "off") {
    problems.push(`INBOX_WORKER: "off" contradicts WAITWELL_ROLE=${e.WAITWELL_ROLE} (use WAITWELL_ROLE=web)`);
  }
  const onPostgres = /^postgres/i.test(e.DATABASE_URL ?? "");
  if (e.WAITWELL_QUEUE === "pg-boss" && !onPostgres) {
    problems.push(
      "WAITWELL_QUEUE: pg-boss needs PostgreSQL (DATABASE_URL=postgres://…); SQLite runs in-process",
    );
  }
  if (mode === "local") problems.push(...localModeProblems(cleaned, present), ...devStorePortProblems(e));
  if (mode === "shopify" && cleaned.DEVSTORE_PORT !== undefined) {
    problems.push("DEVSTORE_PORT: only used in local mode (WAITWELL_MODE=local)");
  }
  const tokenEncryption = tokenEncryptionKeys(cleaned, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const listenPort = e.PORT ?? LOCAL_DEFAULTS.port;
  const devStorePort = e.DEVSTORE_PORT ?? (listenPort === 0 ? 0 : listenPort + 1);
  const databaseUrl = e.DATABASE_URL ?? LOCAL_DEFAULTS.databaseUrl;
  const role: Role = e.WAITWELL_ROLE ?? (e.INBOX_WORKER === "off" ? "web" : "both");
  return {
    mode,
    role,
    port: listenPort,
    host: e.HOST ?? (mode === "local" ? "127.0.0.1" : "0.0.0.0"),
    databaseUrl,
    database: /^postgres/i.test(databaseUrl) ? "postgresql" : "sqlite",
    logLevel: e.LOG_LEVEL ?? "info",
    shopify: {
      apiKey: e.SHOPIFY_API_KEY ?? LOCAL_DEFAULTS.apiKey,
      apiSecret: e.SHOPIFY_API_SECRET ?? LOCAL_DEFAULTS.apiSecret,
      appUrl: (e.SHOPIFY_APP_URL ?? `http://localhost:${listenPort}`).replace(/\/$/, ""),
      scopes: (e.SCOPES ?? DEFAULT_SCOPES.join(",")).split(","),
      adminOrigin:
        e.SHOPIFY_ADMIN_ORIGIN?.replace(/\/$/, "") ??
        (mode === "local" ? `http://127.0.0.1:${devStorePort}` : null),
    },
    devStore: mode === "local" ? { port: devStorePort } : null,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS ?? 20_000,
    webhooks: {
      maxBodyBytes: e.WEBHOOK_MAX_BYTES ?? 2 * 1024 * 1024,
      maxAgeMs: e.WEBHOOK_MAX_AGE_HOURS ? e.WEBHOOK_MAX_AGE_HOURS * 3_600_000 : DEFAULT_WEBHOOK_MAX_AGE_MS,
    },
    feeds: {
      maxBytes: e.FEED_MAX_BYTES ?? 10 * 1024 * 1024,
      maxRows: e.FEED_MAX_ROWS ?? 50_000,
      maxColumns: e.FEED_MAX_COLUMNS ?? 50,
      maxReportedErrors: e.FEED_MAX_REPORTED_ERRORS ?? 100,
      maxInFlight: e.FEED_MAX_IN_FLIGHT ?? 1,
    },
    inbox: {
      // 10 attempts, 30 s doubling to a 1 h ceiling: 3.1–4.6 h in all (jobs/inbox-worker.ts, retryWindowMs).
      maxAttempts: e.INBOX_MAX_ATTEMPTS ?? 10,
      backoffBaseMs: e.INBOX_BACKOFF_MS ?? 30_000,
      maxBackoffMs: e.INBOX_MAX_BACKOFF_MS ?? 3_600_000,
      pollIntervalMs: e.INBOX_POLL_MS ?? 500,
      leaseMs: e.WORKER_LEASE_MS ?? 60_000,
      concurrency: e.INBOX_CONCURRENCY ?? 4,
      batchSize: e.INBOX_BATCH_SIZE ?? 100,
      batching: (e.INBOX_BATCHING ?? "on") === "on",
      worker: role !== "web",
      thread: (e.INBOX_WORKER_THREAD ?? "on") === "on",
      threadNice: e.WAITWELL_WORKER_NICE ?? 0,
    },
    retention: { inboxDays: e.INBOX_RETENTION_DAYS ?? 30, exportDays: e.EXPORT_RETENTION_DAYS ?? 30 },
    reconcile: { intervalMs: e.RECONCILE_INTERVAL_MS ?? 15 * 60_000 },
    queue: e.WAITWELL_QUEUE ?? (onPostgres ? "pg-boss" : "in-process"),
    pgBoss: { superviseSeconds: e.PGBOSS_SUPERVISE_SECONDS ?? 15 },
    mail: {
      smtpUrl: e.SMTP_URL ?? null,
      from: e.MAIL_FROM ?? "Waitwell <no-reply@waitwell.localhost>",
      pollIntervalMs: e.MAIL_POLL_MS ?? 1000,
    },
    care: { intervalMs: e.CARE_INTERVAL_MS ?? 60 * 60_000 },
    tokenEncryption,
  };
}

/** A 32-byte key from 64 hex digits or base64 (standard or url-safe); null when it is not one. */
export function parseEncryptionKey(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-f]{64}$/i.test(v)) return Buffer.from(v, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) {
    const key = Buffer.from(v, "base64");
    return key.length === 32 ? key : null;
  }
  return null;
}

function tokenEncryptionKeys(
  env: Record<string, string | undefined>,
  problems: string[],
): Config["tokenEncryption"] {
  const hint = "must be 32 bytes as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)";
  const old = (env.TOKEN_ENCRYPTION_OLD_KEYS ?? "").split(",").filter((k) => k.trim() !== "");
  if (env.TOKEN_ENCRYPTION_KEY === undefined) {
    if (old.length > 0) problems.push("TOKEN_ENCRYPTION_OLD_KEYS: set only with TOKEN_ENCRYPTION_KEY");
    return null;
  }
  const key = parseEncryptionKey(env.TOKEN_ENCRYPTION_KEY);
  if (!key) problems.push(`TOKEN_ENCRYPTION_KEY: ${hint}`);
  const oldKeys = old.map((k, i) => {
    const parsed = parseEncryptionKey(k);
    if (!parsed) problems.push(`TOKEN_ENCRYPTION_OLD_KEYS: key ${i + 1} ${hint}`);
    return parsed;
  });
  return key ? { key, oldKeys: oldKeys.filter((k): k is Buffer => k !== null) } : null;
}

/** Why local mode (public credentials) must not run here; empty when it may. */
function localModeProblems(
  env: Record<string, string | undefined>,
  credentials: readonly string[],
): string[] {
  const problems: string[] = [];
  const refused = "WAITWELL_MODE=local refused";
  if (credentials.length > 0) {
    problems.push(`${refused}: ${credentials.join(", ")} set; local mode uses the dev store's credentials`);
  }
  if (env.NODE_ENV === "production") {
    problems.push(`${refused}: NODE_ENV=production (local mode's secret is public)`);
  }
  if (env.HOST !== undefined && !isLoopbackHost(env.HOST)) {
    problems.push(`${refused}: HOST=${env.HOST} is not a loopback address (127.0.0.1, ::1, localhost)`);
  }
  const url = env.DATABASE_URL;
  if (url !== undefined && /^postgres/i.test(url) && !isLoopbackHost(postgresHost(url))) {
    problems.push(
      `${refused}: DATABASE_URL is not on this machine (use a SQLite file: or PostgreSQL on 127.0.0.1)`,
    );
  }
  return problems;
}

/** The dev store listens beside the app: on DEVSTORE_PORT, or PORT + 1, which must be a port of its own. */
function devStorePortProblems(e: {
  PORT?: number | undefined;
  DEVSTORE_PORT?: number | undefined;
}): string[] {
  const port = e.PORT ?? LOCAL_DEFAULTS.port;
  if (e.DEVSTORE_PORT !== undefined) {
    return e.DEVSTORE_PORT === port && port !== 0
      ? [`DEVSTORE_PORT: ${port} is also PORT (the app and the dev store need a port each)`]
      : [];
  }
  return port === 65535
    ? ["DEVSTORE_PORT: PORT + 1 = 65536 is not a port (set DEVSTORE_PORT, or a lower PORT)"]
    : [];
}

function postgresHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}
