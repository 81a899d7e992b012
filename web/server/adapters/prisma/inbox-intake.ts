/**
 * The webhook endpoint's database work (is the shop installed? record the delivery), on the database driver directly (better-sqlite3 / pg) rather than through the
 * Prisma client: a batch of 50 deliveries of Shopify's 15 KB orders/create sample costs ~150 ms through Prisma's
 * raw query path here and ~45 ms through the driver (BENCHMARKS.md, intake). Same table, same rows, same rules as
 * PrismaInboxRepository.recordBatch (one multi-row INSERT … ON CONFLICT DO NOTHING RETURNING, one commit); the
 * inbox contract tests run both.
 *
 * SQLite: its own connection in WAL mode with `synchronous = NORMAL`: a commit is written to the WAL but not
 * fsynced; it survives the process crashing, and only an operating-system crash or power loss can take back the
 * last commits (https://www.sqlite.org/pragma.html#pragma_synchronous). An fsync per commit costs ~40 ms on this
 * disk. PostgreSQL keeps its full durability (a small pool of its own, so that the worker's queries never make a
 * delivery wait for a connection).
 */
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type {
  InboxRecordItem,
  InboxRecordResult,
  InboxStatus,
  InstalledShops,
} from "../../use-cases/ports.js";
import { isPostgresUrl } from "./client.js";
import { newRowId } from "./inbox-repository.js";

export interface InboxIntake extends InstalledShops {
  recordBatch(items: InboxRecordItem[]): Promise<InboxRecordResult[]>;
  /** Batches it can write at once: SQLite has one writer; PostgreSQL writes on a pool of its own. */
  writesAtOnce: number;
  close(): Promise<void>;
}

const COLUMNS = `"id", "shop", "webhookId", "eventId", "topic", "apiVersion", "triggeredAt", "payload", "resourceId",
  "customerId", "status", "attempts", "nextAttemptAt", "receivedAt"`;

/** The same rule as ShopRecord: a shop row without an uninstall date (shop/redact deletes the row). */
const INSTALLED_SQL = `SELECT 1 FROM "Shop" WHERE "domain" = $1 AND "uninstalledAt" IS NULL`;

export async function createInboxIntake(url: string, clock: { now(): Date }): Promise<InboxIntake> {
  return isPostgresUrl(url) ? createPostgresIntake(url, clock) : createSqliteIntake(url, clock);
}

interface Row {
  id: string;
  status: InboxRecordItem["status"];
  item: InboxRecordItem;
}

/** Dedupes the batch on (shop, webhookId): the first copy is the row to insert, later copies are duplicates. */
function plan(items: InboxRecordItem[]): { rows: Row[]; firstOf: Map<string, Row> } {
  const firstOf = new Map<string, Row>();
  const rows: Row[] = [];
  for (const item of items) {
    const k = keyOf(item.delivery.shop, item.delivery.webhookId);
    if (firstOf.has(k)) continue;
    const row = { id: newRowId(), status: item.status, item };
    firstOf.set(k, row);
    rows.push(row);
  }
  return { rows, firstOf };
}

function answer(
  items: InboxRecordItem[],
  firstOf: Map<string, Row>,
  inserted: Set<string>,
  existing: Map<string, { id: string; status: InboxStatus }>,
): InboxRecordResult[] {
  const answered = new Set<string>();
  return items.map(({ delivery: d }) => {
    const k = keyOf(d.shop, d.webhookId);
    const mine = firstOf.get(k)!;
    if (inserted.has(mine.id)) {
      const duplicate = answered.has(k);
      answered.add(k);
      return { id: mine.id, status: mine.status, duplicate };
    }
    const row = existing.get(k);
    if (!row) throw new Error(`inbox row for webhook ${d.webhookId} vanished while recording`);
    return { id: row.id, status: row.status, duplicate: true };
  });
}

function keyOf(shop: string, webhookId: string): string {
  return `${shop}\u0000${webhookId}`;
}

async function createSqliteIntake(url: string, clock: { now(): Date }): Promise<InboxIntake> {
  const { default: Database } = await import("better-sqlite3");
  const file = path.resolve(url.replace(/^file:/, "").split("?")[0] ?? "");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  // No busy wait: better-sqlite3 is synchronous, so waiting out the worker's write lock inside SQLite would stop the
  // web thread's event loop (and, under `npm start`, the dev store in it) for as long. A busy write is retried from
  // a timer instead (writeWhenFree).
  db.pragma("busy_timeout = 0");
  // Checkpoints (copying the WAL back into the database file, with an fsync of each) run in a thread of their own
  // instead of after this connection's commits, where they stopped the event loop for up to ~40 ms every ~200
  // deliveries. Past WAL_BACKSTOP_PAGES (no checkpointer keeping up) this connection checkpoints again itself.
  db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
  // The WAL file shrinks back to this once it starts over after a burst.
  db.pragma(`journal_size_limit = ${WAL_KEPT_BYTES}`);
  const checkpointer = startCheckpointer(file);
  // Without its thread, this connection checkpoints as SQLite does by default.
  checkpointer.once("error", () => void db.pragma("wal_autocheckpoint = 1000"));
  const insert = db.prepare(
    `INSERT INTO "WebhookEvent" (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
     ON CONFLICT ("shop", "webhookId") DO NOTHING RETURNING "id"`,
  );
  const find = db.prepare(`SELECT "id", "status" FROM "WebhookEvent" WHERE "shop" = ? AND "webhookId" = ?`);
  const installed = db.prepare(INSTALLED_SQL.replace("$1", "?"));
  // Prisma's SQLite text format for DateTime, so that comparisons with rows it wrote order correctly.
  const text = (d: Date | null) => (d ? d.toISOString().replace("Z", "+00:00") : null);
  const write = db.transaction((items: InboxRecordItem[]) => {
    const now = text(clock.now());
    const { rows, firstOf } = plan(items);
    const inserted = new Set<string>();
    for (const { id, status, item } of rows) {
      const d = item.delivery;
      const got = insert.get(
        id,
        d.shop,
        d.webhookId,
        d.eventId,
        d.topic,
        d.apiVersion,
        text(d.triggeredAt),
        d.payload,
        d.resourceId,
        d.customerId,
        status,
        now,
        now,
      );
      if (got) inserted.add(id);
    }
    const existing = new Map<string, { id: string; status: InboxStatus }>();
    for (const { id, item } of rows) {
      if (inserted.has(id)) continue;
      const found = find.get(item.delivery.shop, item.delivery.webhookId) as
        { id: string; status: InboxStatus } | undefined;
      if (found) existing.set(keyOf(item.delivery.shop, item.delivery.webhookId), found);
    }
    return answer(items, firstOf, inserted, existing);
  });
  return {
    writesAtOnce: 1,
    // better-sqlite3 is synchronous; BEGIN IMMEDIATE takes the write lock up front so the batch never has to
    // upgrade a read lock (which fails at once instead of waiting out busy_timeout).
    recordBatch: async (items) => (items.length === 0 ? [] : writeWhenFree(() => write.immediate(items))),
    isInstalled: async (shop) => installed.get(shop) !== undefined,
    close: async () => {
      await checkpointer.terminate();
      db.close();
    },
  };
}

/** WAL pages (4 KiB) after which the intake connection checkpoints by itself: ~80 MB, ~5,000 deliveries of 15 KB. */
const WAL_BACKSTOP_PAGES = 20_000;
const WAL_KEPT_BYTES = 64 * 1024 * 1024;
/** How often the checkpointer thread copies the WAL back (PASSIVE: it never blocks a writer or a reader). */
const CHECKPOINT_EVERY_MS = 100;

/**
 * A thread with its own connection that runs a PASSIVE checkpoint every CHECKPOINT_EVERY_MS: it waits on the disk
 * (fsync) rather than the CPU, and never holds the write lock, so neither the web thread nor the worker waits for it.
 * The next writer after a complete checkpoint starts the WAL over (https://www.sqlite.org/wal.html#ckpt).
 */
function startCheckpointer(file: string): Worker {
  const source = `
    const { workerData } = require("node:worker_threads");
    const Database = require(workerData.driver);
    const db = new Database(workerData.file);
    db.pragma("busy_timeout = 0");
    db.pragma("wal_autocheckpoint = 0");
    setInterval(() => {
      try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {}
    }, workerData.everyMs);`;
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(source, {
    eval: true,
    workerData: { driver, file, everyMs: CHECKPOINT_EVERY_MS },
  });
  worker.unref();
  return worker;
}

/** How long a delivery's write may wait for SQLite's write lock in all (the busy_timeout it replaces). */
const SQLITE_LOCK_PATIENCE_MS = 5_000;

/**
 * Runs a write, retrying it from a timer (1, 2, then every 4 ms) while another connection holds the write lock. A
 * failed attempt costs microseconds; a longer step would leave the lock free for up to as long before the batch
 * takes it (the worker's transactions hold it for a few ms each).
 */
async function writeWhenFree<T>(write: () => T): Promise<T> {
  const deadline = Date.now() + SQLITE_LOCK_PATIENCE_MS;
  for (let wait = 1; ; wait = Math.min(wait * 2, 4)) {
    try {
      return write();
    } catch (error) {
      const busy = (error as { code?: unknown }).code === "SQLITE_BUSY";
      if (!busy || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

const PG_INTAKE_CONNECTIONS = 4;

async function createPostgresIntake(url: string, clock: { now(): Date }): Promise<InboxIntake> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: PG_INTAKE_CONNECTIONS });
  // timestamp(3) without time zone holds UTC (as Prisma writes it): pass UTC text, never a Date (pg would send
  // local time).
  const utc = (d: Date | null) => (d ? d.toISOString().replace("Z", "") : null);
  return {
    // One connection stays free for the installed-shop check.
    writesAtOnce: PG_INTAKE_CONNECTIONS - 1,
    async recordBatch(items) {
      if (items.length === 0) return [];
      const now = utc(clock.now());
      const { rows, firstOf } = plan(items);
      const values: unknown[] = [];
      const tuples = rows.map(({ id, status, item }) => {
        const d = item.delivery;
        const base = values.length;
        values.push(
          id,
          d.shop,
          d.webhookId,
          d.eventId,
          d.topic,
          d.apiVersion,
          utc(d.triggeredAt),
          d.payload,
          d.resourceId,
          d.customerId,
          status,
          now,
        );
        const p = (i: number) => `$${base + i}`;
        return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)},
          ${p(11)}::"InboxStatus", 0, ${p(12)}, ${p(12)})`;
      });
      const result = await pool.query<{ id: string }>(
        `INSERT INTO "WebhookEvent" (${COLUMNS}) VALUES ${tuples.join(", ")}
         ON CONFLICT ("shop", "webhookId") DO NOTHING RETURNING "id"`,
        values,
      );
      const inserted = new Set(result.rows.map((r) => r.id));
      const missing = rows.filter((r) => !inserted.has(r.id));
      const existing = new Map<string, { id: string; status: InboxStatus }>();
      if (missing.length > 0) {
        const found = await pool.query<{ id: string; status: InboxStatus; shop: string; webhookId: string }>(
          `SELECT "id", "status", "shop", "webhookId" FROM "WebhookEvent"
            WHERE ("shop", "webhookId") IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
          [missing.map((r) => r.item.delivery.shop), missing.map((r) => r.item.delivery.webhookId)],
        );
        for (const row of found.rows) existing.set(keyOf(row.shop, row.webhookId), row);
      }
      return answer(items, firstOf, inserted, existing);
    },
    isInstalled: async (shop) => (await pool.query(INSTALLED_SQL, [shop])).rowCount! > 0,
    close: () => pool.end(),
  };
}
