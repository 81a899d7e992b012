/**
 * The PostgreSQL Prisma client's pool (adapters/prisma/pg-driver.ts): a statement that fails at ERROR severity (a
 * unique violation a repository handles) leaves its connection in the pool, where pg-pool alone closes it; the
 * connection still works afterwards, and a connection the server ends is replaced.
 */
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "../../web/server/adapters/prisma/client.js";
import { createPrismaRepositories } from "../../web/server/adapters/prisma/index.js";
import { keepingPool, PreparingClient, statementOnly } from "../../web/server/adapters/prisma/pg-driver.js";
import { SHOP_A } from "./harness.js";
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

  it("a preparing connection prepares each statement once and keeps working after one fails", async () => {
    database = await createTestDatabase("postgresql");
    pool = keepingPool({ connectionString: database.url, max: 1, Client: PreparingClient });
    await pool.query({ text: "CREATE TEMP TABLE t (id int PRIMARY KEY)" });
    const insert = { text: "INSERT INTO t VALUES ($1)" };
    for (const id of [1, 2, 3]) await pool.query({ ...insert, values: [id] });
    expect(statementOnly(await pool.query({ ...insert, values: [2] }).catch((e: unknown) => e))).toBe(true);
    await pool.query({ ...insert, values: [4] });
    const prepared = await pool.query<{ statement: string }>({
      text: "SELECT statement FROM pg_prepared_statements WHERE NOT from_sql",
    });
    // The INSERT once; DDL, BEGIN/COMMIT and the like stay unnamed.
    expect(prepared.rows.map((r) => r.statement)).toContain(insert.text);
    expect(prepared.rows.filter((r) => r.statement === insert.text)).toHaveLength(1);
    expect(prepared.rows.some((r) => r.statement.startsWith("CREATE"))).toBe(false);
    expect((await pool.query<{ n: string }>({ text: "SELECT count(*) AS n FROM t" })).rows[0]!.n).toBe("4");
  });

  it("the worker's Prisma client prepares its statements, inside transactions too; $disconnect() closes its pool", async () => {
    database = await createTestDatabase("postgresql");
    const sessions = async () =>
      Number(
        (
          await database!.db.$queryRaw<{ n: bigint }[]>`
            SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()`
        )[0]!.n,
      );
    const before = await sessions();
    const db = await createDb(database.url, { preparedStatements: true });
    try {
      const { shops } = createPrismaRepositories(db);
      for (let i = 0; i < 3; i++) {
        await shops.upsertInstalled({ domain: SHOP_A, name: `n${i}`, scopes: null, at: new Date() });
        await db.$transaction(async (tx) => {
          await tx.shop.findUnique({ where: { domain: SHOP_A } });
        });
      }
      expect((await shops.get(SHOP_A))?.name).toBe("n2");
      const prepared = await db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM pg_prepared_statements WHERE NOT from_sql`;
      expect(Number(prepared[0]!.n)).toBeGreaterThan(0);
    } finally {
      await db.$disconnect();
    }
    // $disconnect() closes the pool's connections.
    expect(await sessions()).toBe(before);
  });
});
