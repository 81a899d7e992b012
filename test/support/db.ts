/**
 * Throw-away databases for tests, migrated with the real migrations.
 *
 * `prisma migrate deploy` costs a second or more, so it runs ONCE into a template named after a hash of the migration
 * files (a changed migration gets a new template; a stale one is never reused). Vitest runs files in parallel workers,
 * so building the template is guarded: a lock directory on SQLite, an atomic `ALTER DATABASE … RENAME` on PostgreSQL.
 *
 * SQLite: each test gets a copy of the template file (~10 ms).
 * PostgreSQL: `CREATE DATABASE … TEMPLATE …` copies the whole catalog and costs 130–330 ms on this disk, so a worker
 * keeps the databases it created: `cleanup()` empties every table (DELETE, < 1 ms) and hands the database to the
 * next test of the same worker; they are dropped after the test file (afterAll). Tests must therefore not change the
 * schema. Databases left behind by a killed worker are swept on the next run.
 */
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll } from "vitest";
import { withDirLock } from "../../scripts/dir-lock.js";
import { createDb, migrateDatabase, type Db } from "../../web/server/adapters/prisma/client.js";

export type DatabaseKind = "sqlite" | "postgresql";

export interface TestDatabase {
  url: string;
  db: Db;
  /**
   * Disconnects every client (also those from `connect()`) and gives the database up: SQLite deletes the file,
   * PostgreSQL empties it for the worker's next test. Safe to call twice.
   */
  cleanup(): Promise<void>;
  /** Another, independent client on the same database (for concurrency tests). Closed by `cleanup()`. */
  connect(): Promise<Db>;
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const url = kind === "sqlite" ? await createSqliteCopy() : await takePostgresDatabase();
  const clients: Db[] = [];
  const open = async () => {
    const client = await createDb(url);
    clients.push(client);
    return client;
  };
  const release = async () => {
    await Promise.all(clients.map((c) => c.$disconnect()));
    if (kind === "sqlite") removeSqliteFiles(url);
    else await releasePostgresDatabase(url);
  };
  let db: Db;
  try {
    db = await open();
  } catch (e) {
    await release();
    throw e;
  }
  let released: Promise<void> | undefined;
  return {
    url,
    db,
    connect: open,
    cleanup() {
      released ??= release();
      return released;
    },
  };
}

/** Hash of one provider's migration history; names the template so a changed migration never reuses an old one. */
export function migrationsHash(kind: DatabaseKind): string {
  return hashDirectory(path.join(projectRoot, "prisma", kind, "migrations"));
}

/** Paths and contents of every file under `dir`, in a stable order. */
export function hashDirectory(dir: string): string {
  const hash = createHash("sha256");
  const walk = (rel: string) => {
    const entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else
        hash
          .update(`${child}\0`)
          .update(readFileSync(path.join(dir, child)))
          .update("\0");
    }
  };
  walk("");
  return hash.digest("hex").slice(0, 16);
}

/**
 * WAITWELL_TEST_DB_NAMESPACE (optional, [a-z0-9]{1,16}) gives a run its own templates: used to exercise the
 * concurrent first build without disturbing other runs on the same machine and server.
 */
function namespace(): string {
  const ns = process.env.WAITWELL_TEST_DB_NAMESPACE ?? "";
  if (ns && !/^[a-z0-9]{1,16}$/.test(ns))
    throw new Error("WAITWELL_TEST_DB_NAMESPACE must match [a-z0-9]{1,16}");
  return ns;
}

// ---------------------------------------------------------------- SQLite

const sqliteRoot = path.join(tmpdir(), ["waitwell-test-db", namespace()].filter(Boolean).join("-"));
const LOCK_STALE_MS = 120_000;

async function createSqliteCopy(): Promise<string> {
  const file = path.join(sqliteRoot, `test-${process.pid}-${randomBytes(6).toString("hex")}.db`);
  return copyMigratedSqlite(file);
}

/**
 * A migrated SQLite database at `file` (a copy of the template), for a caller that owns the file's directory (e.g.
 * a test stack's temp dir) and removes it itself. Returns its `file:` URL.
 */
export async function copyMigratedSqlite(file: string): Promise<string> {
  copyFileSync(await sqliteTemplate(), file);
  return `file:${file}`;
}

let sqliteTemplatePromise: Promise<string> | undefined;
function sqliteTemplate(): Promise<string> {
  sqliteTemplatePromise ??= buildSqliteTemplate().catch((e: unknown) => {
    sqliteTemplatePromise = undefined;
    throw e;
  });
  return sqliteTemplatePromise;
}

async function buildSqliteTemplate(): Promise<string> {
  mkdirSync(sqliteRoot, { recursive: true });
  sweepLeakedSqliteFiles();
  const template = path.join(sqliteRoot, `template-${migrationsHash("sqlite")}.db`);
  if (existsSync(template)) return template;
  // Another worker may be migrating: it holds the lock, and this one finds its template once it is released.
  await withDirLock(`${template}.lock`, { staleMs: LOCK_STALE_MS, pollMs: 50 }, async () => {
    if (existsSync(template)) return;
    // Migrate beside the template, then rename: readers only ever see a complete file.
    const building = `${template}.building-${process.pid}`;
    rmSync(building, { force: true });
    await migrateDatabase(`file:${building}`, projectRoot);
    for (const suffix of ["-wal", "-shm", "-journal"]) {
      if (existsSync(building + suffix))
        throw new Error(`template ${building} was left with a ${suffix} file`);
    }
    renameSync(building, template);
  });
  return template;
}

/** Copies left by a worker that was killed before its cleanup ran. */
function sweepLeakedSqliteFiles(): void {
  for (const name of readdirSync(sqliteRoot)) {
    const pid = /^test-(\d+)-/.exec(name)?.[1];
    if (pid && !processAlive(Number(pid))) rmSync(path.join(sqliteRoot, name), { force: true });
  }
}

function removeSqliteFiles(url: string): void {
  const file = url.replace(/^file:/, "");
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
}

// ---------------------------------------------------------------- PostgreSQL

/** The server the PostgreSQL suites use: `DATABASE_URL_TEST`, else the local trust-auth server. */
export function postgresAdminUrl(): string {
  return process.env.DATABASE_URL_TEST || DEFAULT_PG_URL;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function pgCode(e: unknown): string | undefined {
  return (e as { code?: string } | null)?.code;
}

let pgTemplatePromise: Promise<string> | undefined;
function postgresTemplate(): Promise<string> {
  pgTemplatePromise ??= buildPostgresTemplate().catch((e: unknown) => {
    pgTemplatePromise = undefined;
    throw e;
  });
  return pgTemplatePromise;
}

async function buildPostgresTemplate(): Promise<string> {
  const template = ["waitwell_tpl", migrationsHash("postgresql"), namespace()].filter(Boolean).join("_");
  const exists = await withAdmin(async (c) => {
    await sweepLeakedDatabases(c);
    return (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [template])).rowCount === 1;
  });
  if (exists) return template;
  // Build under a private name, then rename into place. The rename is atomic: if another worker (or another
  // engineer's run) got there first, ours fails with duplicate_database and is dropped.
  const building = `waitwell_tplbuild_${randomBytes(6).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${building}"`));
  try {
    await migrateDatabase(withDatabase(postgresAdminUrl(), building), projectRoot);
    await withAdmin(async (c) => {
      try {
        await c.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
      } catch (e) {
        if (pgCode(e) !== "42P04") throw e;
      }
    });
  } finally {
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`));
  }
  return template;
}

// Names carry who made them (host tag, pid) and when, so a later run can tell a leaked database from a live one.
const HOST_TAG = createHash("sha256").update(hostname()).digest("hex").slice(0, 6);
const TEST_DB_PREFIX = "waitwell_test_";
const LEAK_AGE_MS = 24 * 60 * 60 * 1000;

const idle: string[] = []; // databases of this worker, emptied, ready for the next test
const owned = new Set<string>(); // every database this worker created and has not dropped

async function takePostgresDatabase(): Promise<string> {
  const reused = idle.pop();
  if (reused) return withDatabase(postgresAdminUrl(), reused);
  const template = await postgresTemplate();
  const name = `${TEST_DB_PREFIX}${HOST_TAG}_${process.pid}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await withAdmin(async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (e) {
        // 55006: the template is briefly in use (e.g. the migrate process has not quite disconnected); retry.
        if (pgCode(e) !== "55006" || attempt >= 20) throw e;
        await sleep(50 + attempt * 25);
      }
    }
  });
  owned.add(name);
  return withDatabase(postgresAdminUrl(), name);
}

/** Empties every table but the migration history (and drops pg-boss's schema) and parks the database for the next test; drops it if that fails. */
async function releasePostgresDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    await client.query(rows.map((r) => `DELETE FROM "${r.tablename}";`).join("\n"));
    // pg-boss's jobs and schedules (WAITWELL_QUEUE=pg-boss) would otherwise reach the next test: its own schema.
    await client.query(`DROP SCHEMA IF EXISTS pgboss CASCADE`);
    idle.push(name);
  } catch {
    await dropPostgresDatabase(name);
  } finally {
    await client.end().catch(() => {});
  }
}

async function dropPostgresDatabase(name: string): Promise<void> {
  owned.delete(name);
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Drops every PostgreSQL database this process created. */
export async function releaseTestDatabases(): Promise<void> {
  idle.length = 0;
  await Promise.all([...owned].map(dropPostgresDatabase));
}

// Every test file that imports this module drops its databases when it ends. (Outside Vitest, e.g. a bench script,
// call releaseTestDatabases yourself.)
if (process.env.VITEST) afterAll(releaseTestDatabases);

/**
 * Drops test databases whose worker is gone: made on this host by a pid that no longer runs, or older than a day
 * (made elsewhere). A database still in use is left alone (DROP without FORCE refuses).
 */
async function sweepLeakedDatabases(c: pg.Client): Promise<void> {
  const { rows } = await c.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE '${TEST_DB_PREFIX}%'`,
  );
  for (const { datname } of rows) {
    const [host, pid, created] = datname.slice(TEST_DB_PREFIX.length).split("_");
    const age = Date.now() - parseInt(created ?? "", 36);
    const deadHere = host === HOST_TAG && !processAlive(Number(pid));
    if (!deadHere && !(age > LEAK_AGE_MS)) continue;
    await c.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => {});
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * True when `DATABASE_URL_TEST` is set or something answers on 127.0.0.1:5432. A set `DATABASE_URL_TEST` counts as
 * "available" on purpose: pointing the tests at a server and then silently skipping them would hide a broken setup.
 */
export async function postgresAvailable(
  probe: { host?: string; port?: number; timeoutMs?: number } = {},
): Promise<boolean> {
  if (process.env.DATABASE_URL_TEST) return true;
  const { host = "127.0.0.1", port = 5432, timeoutMs = 1_000 } = probe;
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** CI and `npm run test:pg` must not pass by skipping the PostgreSQL suites. */
export function postgresRequired(): boolean {
  return process.env.CI === "true" || process.env.WAITWELL_REQUIRE_PG === "1";
}

/**
 * What the PostgreSQL suites should do in this environment: run, skip (locally, with a visible message), or fail
 * (required but unreachable).
 */
export async function postgresSuiteMode(
  available: () => Promise<boolean> = () => postgresAvailable(),
): Promise<"run" | "skip" | "fail"> {
  if (await available()) return "run";
  return postgresRequired() ? "fail" : "skip";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
