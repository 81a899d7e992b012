/**
 * The PostgreSQL Prisma client's pool (adapters/prisma/pg-driver.ts): a statement that fails at ERROR severity (a
 * unique violation a repository handles) leaves its connection in the pool, where pg-pool alone closes it; the
 * connection still works afterwards, and a connection the server ends is replaced.
 */
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { keepingPool, statementOnly } from "../../web/server/adapters/prisma/pg-driver.js";
import { createTestDatabase, postgresSuiteMode, type TestDatabase } from "../support/db.js";

const pgMode = await postgresSuiteMode();

describe.skipIf(pgMode !== "run")("the PostgreSQL client's pool", () => {
  let database: TestDatabase | undefined;
  let pool: pg.Pool | undefined;
  afterEach(async () => {
    await pool?.end();
    await database?.cleanup();
    pool = undefined;
    database = undefined;
  });

  async function backendPid(p: pg.Pool): Promise<number> {
    return (await p.query<{ pid: number }>({ text: "SELECT pg_backend_pid() AS pid" })).rows[0]!.pid;
  }

  it("keeps the connection of a statement that failed (a unique violation), which then works", async () => {
    database = await createTestDatabase("postgresql");
    pool = keepingPool({ connectionString: database.url, max: 1 });
    const before = await backendPid(pool);
    await pool.query({ text: "CREATE TEMP TABLE t (id int PRIMARY KEY)" });
    await pool.query({ text: "INSERT INTO t VALUES (1)" });
    const failed = await pool.query({ text: "INSERT INTO t VALUES (1)" }).catch((e: unknown) => e);
    expect(statementOnly(failed)).toBe(true);
    expect((failed as { code?: string }).code).toBe("23505");
    // Same session: the temp table is still there, and so is its row.
    expect(await backendPid(pool)).toBe(before);
    expect((await pool.query<{ n: string }>({ text: "SELECT count(*) AS n FROM t" })).rows[0]!.n).toBe("1");
    expect(pool.totalCount).toBe(1);
  });

  it("replaces a connection the server ended", async () => {
    database = await createTestDatabase("postgresql");
    pool = keepingPool({ connectionString: database.url, max: 1 });
    pool.on("error", () => undefined);
    const before = await backendPid(pool);
    const ended = await pool
      .query({ text: "SELECT pg_terminate_backend(pg_backend_pid())" })
      .catch((e: unknown) => e);
    expect(statementOnly(ended)).toBe(false);
    expect(await backendPid(pool)).not.toBe(before);
  });
});
