/**
 * The pg-boss job queue's own costs on a real PostgreSQL: webhook jobs recorded in a burst go out in a few inserts
 * (a group commit), each row's job still reaches the worker once; a burst of write changes is one turn, started by
 * NOTIFY; the worker's database sessions commit without waiting for the WAL flush while the web's wait for it
 * (adapters/prisma/client.ts, DbOptions).
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgBossJobQueue, ROWS_PER_JOB } from "../web/server/adapters/pg-boss/job-queue.js";
import { createDb } from "../web/server/adapters/prisma/client.js";
import type { JobQueue, JobWork } from "../web/server/jobs/job-queue.js";
import type { InboxRowRef, ShopDomain } from "../web/server/use-cases/ports.js";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "./support/db.js";
import { eventually } from "./support/stack.js";

const available = await postgresAvailable();
const SHOP = "burst.myshopify.com" as ShopDomain;

describe.skipIf(!available)("pg-boss job queue on PostgreSQL", () => {
  let database: TestDatabase;
  let web: JobQueue;
  let worker: JobQueue;
  let client: pg.Client;
  const processed: string[] = [];
  const turns: { shop: ShopDomain; at: number }[] = [];

  const work: JobWork = {
    inbox: {
      processRows: async (ids) => {
        processed.push(...ids);
        return ids.length;
      },
      stranded: async () => [],
    },
    writes: {
      run: async (shop) => {
        turns.push({ shop, at: Date.now() });
        return { more: false };
      },
      shopsDue: async () => [],
    },
    availability: { sync: async () => undefined, pass: async () => undefined },
    reconcile: { intervalMs: 0, shops: async () => [], due: async () => false, run: async () => undefined },
  };
  const queue = (consume: boolean) =>
    createPgBossJobQueue({
      connectionString: database.url,
      consume,
      work,
      clock: { now: () => new Date() },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });

  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    web = queue(false);
    worker = queue(true);
    await web.start();
    await worker.start();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await web?.stop();
    await worker?.stop();
    await database?.cleanup();
  });

  it("rows recorded while an insert is on its way go in the next one; every row's job runs once", async () => {
    const rows: InboxRowRef[] = Array.from({ length: 60 }, (_, i) => ({
      id: `row-${i}`,
      shop: SHOP,
      resourceId: `gid://shopify/Order/${i}`,
    }));
    // One delivery per turn of the event loop, as requests arrive: one insert each, before.
    for (const row of rows) {
      web.inboxRowsDue([row]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await eventually(async () => processed.length >= rows.length, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([...processed].sort()).toEqual(rows.map((r) => r.id).sort());
    // A job's created_on is its insert's transaction time: one value per insert.
    const { rows: inserts } = await client.query<{ n: string }>(
      `SELECT COUNT(DISTINCT created_on) AS n FROM pgboss.job WHERE name = 'waitwell-webhooks'`,
    );
    expect(Number(inserts[0]!.n)).toBeLessThan(rows.length / 3);
    // The rows of one insert share a job (ROWS_PER_JOB at most), and no row is named by two jobs.
    const { rows: jobs } = await client.query<{ ids: string[] }>(
      `SELECT data->'ids' AS ids FROM pgboss.job WHERE name = 'waitwell-webhooks'`,
    );
    expect(jobs.length).toBeLessThan(rows.length);
    expect(jobs.every((j) => j.ids.length <= ROWS_PER_JOB)).toBe(true);
    expect(jobs.flatMap((j) => j.ids).sort()).toEqual(rows.map((r) => r.id).sort());
  }, 40_000);

  it("rows due later (retries) go in jobs of their own, startable at their time", async () => {
    const now = Date.now();
    const later = new Date(now + 1_500);
    const rows: InboxRowRef[] = Array.from({ length: ROWS_PER_JOB + 5 }, (_, i) => ({
      id: `later-${i}`,
      shop: SHOP,
      resourceId: `gid://shopify/Order/later-${i}`,
    }));
    web.inboxRowsDue(rows, later);
    web.inboxRowsDue([{ id: "now-0", shop: SHOP, resourceId: "gid://shopify/Order/now-0" }]);
    await eventually(async () => processed.includes("now-0"), 10_000);
    expect(processed.some((id) => id.startsWith("later-"))).toBe(false);
    await eventually(async () => rows.every((r) => processed.includes(r.id)), 15_000);
    expect(Date.now()).toBeGreaterThanOrEqual(later.getTime());
    const { rows: jobs } = await client.query<{ ids: string[] }>(
      `SELECT data->'ids' AS ids FROM pgboss.job
        WHERE name = 'waitwell-webhooks' AND (data->'ids' ? 'later-0' OR data->'ids' ? 'later-29')`,
    );
    // 30 rows due together: two jobs (25 + 5).
    expect(jobs.map((j) => j.ids.length).sort((a, b) => a - b)).toEqual(
      [5, ROWS_PER_JOB].sort((a, b) => a - b),
    );
  }, 40_000);

  it("a burst of changes to a shop's writes is one turn, woken by NOTIFY rather than found by a poll", async () => {
    const shop = "writes.myshopify.com" as ShopDomain;
    const sent = Date.now();
    for (let i = 0; i < 10; i++) web.writesQueued(shop);
    await eventually(async () => turns.some((t) => t.shop === shop), 10_000);
    // The writes queue's poll is a 5 s backstop: a job sent with a delay would wait for it.
    expect(turns.find((t) => t.shop === shop)!.at - sent).toBeLessThan(2_500);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(turns.filter((t) => t.shop === shop)).toHaveLength(1);
  });

  it("the worker's sessions commit without waiting for the WAL flush; the web's wait", async () => {
    const asyncDb = await createDb(database.url, { asyncCommit: true });
    const durableDb = await createDb(database.url);
    try {
      const setting = async (db: typeof asyncDb) =>
        (await db.$queryRaw<{ value: string }[]>`SELECT current_setting('synchronous_commit') AS value`)[0]!
          .value;
      expect(await setting(asyncDb)).toBe("off");
      expect(await setting(durableDb)).toBe("on");
    } finally {
      await asyncDb.$disconnect();
      await durableDb.$disconnect();
    }
  });
});
