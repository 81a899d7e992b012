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

/** A row's values in COLUMNS order, up to "status" (the timestamps after it are the database's). */
function columnValues({ id, status, item: { delivery: d } }: Row, time: (d: Date | null) => string | null) {
  return [
    id,
    d.shop,
    d.webhookId,
    d.eventId,
    d.topic,
    d.apiVersion,
    time(d.triggeredAt),
    d.payload,
    d.resourceId,
    d.customerId,
    status,
  ];
}

function keyOf(shop: string, webhookId: string): string {
  return `${shop}\u0000${webhookId}`;
}

async function createSqliteIntake(url: string, clock: { now(): Date }): Promise<InboxIntake> {
  const { default: Database } = await import("better-sqlite3");
  const file = path.resolve(url.replace(/^file:/, "").split("?")[0] ?? "");
  // This thread's connection only reads (is the shop installed?): in WAL mode a reader never waits for a writer.
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // Never a synchronous wait on the thread that answers webhooks.
  db.pragma("busy_timeout = 0");
  const installed = db.prepare(INSTALLED_SQL.replace("$1", "?"));
  const writer = startWriter(file);
  const checkpointer = startCheckpointer(file);
  // Without its thread, the writer's connection checkpoints as SQLite does by default.
  checkpointer.once("error", () => writer.post({ checkpoints: "self" }).catch(() => undefined));
  // Prisma's SQLite text format for DateTime, so that comparisons with rows it wrote order correctly.
  const text = (d: Date | null) => (d ? d.toISOString().replace("Z", "+00:00") : null);
  return {
    writesAtOnce: 1,
    async recordBatch(items) {
      if (items.length === 0) return [];
      const now = text(clock.now());
      const { rows, firstOf } = plan(items);
      const { inserted, existing } = await writer.post({
        rows: rows.map((row) => [...columnValues(row, text), now, now]),
      });
      const found = new Map<string, { id: string; status: InboxStatus }>();
      rows.forEach(({ item }, i) => {
        const row = existing[i];
        if (row) found.set(keyOf(item.delivery.shop, item.delivery.webhookId), row);
      });
      return answer(items, firstOf, new Set(rows.filter((_, i) => inserted[i]).map((r) => r.id)), found);
    },
    isInstalled: async (shop) => installed.get(shop) !== undefined,
    close: async () => {
      await checkpointer.terminate();
      await writer.close();
      db.close();
    },
  };
}

/** WAL pages (4 KiB) after which the writer checkpoints by itself: ~80 MB, ~5,000 deliveries of 15 KB. */
const WAL_BACKSTOP_PAGES = 20_000;
const WAL_KEPT_BYTES = 64 * 1024 * 1024;
/** How long a batch may wait for SQLite's write lock (the worker's transactions hold it for a few ms each). */
const SQLITE_LOCK_PATIENCE_MS = 5_000;

interface WriterAnswer {
  /** Per row sent: whether it was inserted, else the stored row of its (shop, webhookId), if any. */
  inserted: boolean[];
  existing: ({ id: string; status: InboxStatus } | null)[];
}

/**
 * The inbox writes in a thread of their own, on a connection of their own: the thread that answers webhooks only
 * hands over the rows, so neither the INSERT of a batch (~60 us a 15 KB delivery, in SQLite's C code: it held the
 * web thread for as long) nor a wait for the worker's write lock (busy_timeout: here it stops nothing else) is on
 * it. One batch at a time (SQLite has one writer); a batch is one transaction (BEGIN IMMEDIATE: the write lock up
 * front, so it never has to upgrade a read lock, which fails at once instead of waiting).
 *
 * `synchronous = NORMAL`: see the top of this file. Checkpoints run in the checkpointer's thread; past
 * WAL_BACKSTOP_PAGES (no checkpointer keeping up) this connection checkpoints again itself, and the WAL file shrinks
 * back to WAL_KEPT_BYTES once it starts over after a burst. If the thread dies, the batches in flight fail (the
 * group commit writes them again one by one, through the repository) and the next batch starts a new one.
 */
function startWriter(file: string) {
  const source = `
    const { parentPort, workerData } = require("node:worker_threads");
    const Database = require(workerData.driver);
    const db = new Database(workerData.file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = " + workerData.busyMs);
    db.pragma("wal_autocheckpoint = " + workerData.backstopPages);
    db.pragma("journal_size_limit = " + workerData.keptBytes);
    const insert = db.prepare(workerData.insertSql);
    const find = db.prepare(workerData.findSql);
    const write = db.transaction((rows) => {
      const inserted = rows.map((row) => insert.get(row) !== undefined);
      const existing = rows.map((row, i) => (inserted[i] ? null : (find.get(row[1], row[2]) ?? null)));
      return { inserted, existing };
    });
    parentPort.on("message", ({ id, rows, checkpoints }) => {
      try {
        if (checkpoints === "self") db.pragma("wal_autocheckpoint = 1000");
        parentPort.postMessage({ id, answer: rows ? write.immediate(rows) : null });
      } catch (e) {
        parentPort.postMessage({ id, error: { message: String(e && e.message), code: e && e.code } });
      }
    });`;
  const workerData = {
    driver: createRequire(import.meta.url).resolve("better-sqlite3"),
    file,
    busyMs: SQLITE_LOCK_PATIENCE_MS,
    backstopPages: WAL_BACKSTOP_PAGES,
    keptBytes: WAL_KEPT_BYTES,
    insertSql: `INSERT INTO "WebhookEvent" (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
      ON CONFLICT ("shop", "webhookId") DO NOTHING RETURNING "id"`,
    findSql: `SELECT "id", "status" FROM "WebhookEvent" WHERE "shop" = ? AND "webhookId" = ?`,
  };
  type Reply = { id: number; answer: WriterAnswer; error?: { message: string; code?: string } };
  const waiting = new Map<number, { resolve: (a: WriterAnswer) => void; reject: (e: Error) => void }>();
  let worker: Worker | null = null;
  let nextId = 0;
  const failAll = (error: Error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  const spawn = (): Worker => {
    const w = new Worker(source, { eval: true, workerData });
    w.on("message", ({ id, answer, error }: Reply) => {
      const waiter = waiting.get(id);
      waiting.delete(id);
      // Idle, the thread keeps no process alive; with a batch on its way it does (like a socket with a query).
      if (waiting.size === 0) w.unref();
      if (!error) waiter?.resolve(answer);
      else waiter?.reject(Object.assign(new Error(error.message), { code: error.code }));
    });
    w.on("error", (e) => failAll(e));
    w.on("exit", (code) => {
      if (worker === w) worker = null;
      failAll(new Error(`inbox writer thread exited (${code})`));
    });
    w.unref();
    return w;
  };
  worker = spawn();
  return {
    post(message: { rows?: unknown[][]; checkpoints?: "self" }): Promise<WriterAnswer> {
      worker ??= spawn();
      const id = ++nextId;
      const answer = new Promise<WriterAnswer>((resolve, reject) => waiting.set(id, { resolve, reject }));
      worker.ref();
      worker.postMessage({ id, ...message });
      return answer;
    },
    async close(): Promise<void> {
      const w = worker;
      worker = null;
      await w?.terminate();
    },
  };
}

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
      const tuples = rows.map((row) => {
        const base = values.length;
        values.push(...columnValues(row, utc), now);
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
