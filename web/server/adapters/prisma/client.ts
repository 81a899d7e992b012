import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { registerDriver } from "./driver-sql.js";
import type { PrismaClient } from "./generated/sqlite/client.js";

/**
 * One code path for both databases, typed against the SQLite client (the narrower API). The PostgreSQL client is
 * generated from the same model (prisma/schema/models.prisma) so the cast is structural, not a lie.
 */
export type Db = PrismaClient;
export { Prisma } from "./generated/sqlite/client.js";

/**
 * The database a client talks to. Every generated client carries the provider it was generated for
 * (`_activeProvider`, public in the runtime's declarations but not on the generated class type).
 */
export function providerOf(db: Db): "sqlite" | "postgresql" {
  const provider = (db as unknown as { _activeProvider?: unknown })._activeProvider;
  if (provider === "sqlite" || provider === "postgresql") return provider;
  throw new Error(`Unsupported Prisma provider: ${String(provider)}`);
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Connections of one process's Prisma pool on PostgreSQL (the shop lock has its own: shop-lock.ts). */
export const PG_POOL_SIZE = 10;

/** The connection option of a PostgreSQL session whose commits do not wait for the WAL flush (DbOptions). */
export const ASYNC_COMMIT = "-c synchronous_commit=off";

export interface DbOptions {
  /**
   * PostgreSQL: commit without waiting for the WAL flush (`synchronous_commit = off`), as SQLite's `synchronous =
   * NORMAL` does here. A commit survives this process crashing; a crash of PostgreSQL or of the machine can take back
   * the last commits (at most 3 × wal_writer_delay, 600 ms by default), never part of one and never an earlier one
   * without the later ones, so the database is as the process left it at a slightly earlier moment: what a crash of
   * the process at that moment would have left, which every job recovers from (leases, idempotent steps). An fsync
   * per commit costs ~6 ms on this disk. https://www.postgresql.org/docs/15/wal-async-commit.html
   */
  asyncCommit?: boolean;
  /**
   * PostgreSQL: every connection prepares each statement it sends once and then only executes it (pg-driver.ts,
   * PreparingClient): the worker sends the same few dozen statements thousands of times.
   */
  preparedStatements?: boolean;
}

export async function createDb(url: string, options: DbOptions = {}): Promise<Db> {
  if (isPostgresUrl(url)) {
    const [{ PrismaClient: PgClient }, { pgAdapter }] = await Promise.all([
      import("./generated/postgresql/client.js"),
      import("./pg-driver.js"),
    ]);
    const { adapter, driver } = pgAdapter(
      {
        connectionString: url,
        max: PG_POOL_SIZE,
        ...(options.asyncCommit ? { options: ASYNC_COMMIT } : {}),
      },
      { preparedStatements: options.preparedStatements ?? false },
    );
    const db = new PgClient({ adapter }) as unknown as Db;
    registerDriver(db, driver);
    return db;
  }
  const [{ PrismaClient: LiteClient }, { sqliteAdapter }] = await Promise.all([
    import("./generated/sqlite/client.js"),
    import("./sqlite-driver.js"),
  ]);
  ensureSqliteDir(url);
  const { adapter, driver } = sqliteAdapter(url);
  const db = new LiteClient({ adapter });
  registerDriver(db, driver);
  // WAL lets the inbox worker read while the webhook endpoint writes; busy_timeout rides out short write locks;
  // synchronous = NORMAL is WAL's recommended setting: no fsync per commit (a commit survives the process crashing;
  // an operating-system crash may take back the last ones). https://www.sqlite.org/wal.html#performance_considerations
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
  await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  // Deleted rows are overwritten with zeros, not left in free pages: an erased shop or customer is gone from the
  // file itself (https://www.sqlite.org/pragma.html#pragma_secure_delete).
  await db.$queryRawUnsafe("PRAGMA secure_delete = ON");
  return db;
}

/**
 * After a privacy erasure. SQLite: secure_delete zeroes what a DELETE frees, but an UPDATE that moves a row can leave
 * its old bytes behind in a page, so VACUUM rewrites the file from the live rows, then the WAL is copied into it and
 * truncated, so no older page image survives in the -wal file either. Erasures are rare (privacy requests); VACUUM
 * holds the write lock for as long as it copies the database. PostgreSQL: deleted tuples are unreachable to every
 * query at once and their space is reclaimed by autovacuum; nothing to do here.
 */
export async function forgetDeletedRows(db: Db): Promise<void> {
  if (providerOf(db) === "postgresql") return;
  await db.$executeRawUnsafe("VACUUM");
  // VACUUM renumbers the rowids the list's text-search indexes are keyed by (migration list_search_and_all_tab).
  for (const index of ["BackorderLineSearch", "BackorderOrderSearch"]) {
    await db.$executeRawUnsafe(`INSERT INTO "${index}"("${index}") VALUES ('rebuild')`);
  }
  await truncateWal(db);
}

/**
 * Copies the WAL into the database file and empties it. A checkpoint another connection is running (the intake's
 * checkpointer thread runs one every 100 ms) makes this one answer busy at once, without waiting, and a WAL left
 * as it was still holds the erased rows' bytes: so it is tried again until it was complete.
 * https://www.sqlite.org/pragma.html#pragma_wal_checkpoint
 */
async function truncateWal(db: Db): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const [result] = await db.$queryRawUnsafe<{ busy: number | bigint }[]>("PRAGMA wal_checkpoint(TRUNCATE)");
    if (Number(result?.busy ?? 0) === 0) return;
    if (attempt >= 200)
      throw new Error("the WAL could not be emptied after an erasure: the database stayed busy");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function ensureSqliteDir(url: string): void {
  const file = url.replace(/^file:/, "").split("?")[0] ?? "";
  if (file && file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
}

const run = promisify(execFile);

/**
 * Applies pending migrations with the Prisma CLI (`migrate deploy`), the same command CI and production use.
 * It runs from the project root so prisma.config.ts picks the provider from DATABASE_URL.
 */
export async function migrateDatabase(url: string, projectRoot: string): Promise<void> {
  if (!isPostgresUrl(url)) ensureSqliteDir(url);
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  try {
    await run(process.execPath, [cli, "migrate", "deploy"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      maxBuffer: 10 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `prisma migrate deploy failed for ${redactUrl(url)}:\n${err.stderr || err.stdout || err.message}`,
    );
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
