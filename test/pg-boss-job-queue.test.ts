/**
 * The pg-boss job queue's own costs and guarantees on a real PostgreSQL: inbox rows recorded in a burst ask for their
 * shops' turns in a few inserts (a group commit); a shop's turns run one at a time across worker processes, other
 * shops' alongside; rows due later go in jobs naming them; a burst of write changes is one turn, started by NOTIFY; the
 * worker's database sessions commit without waiting for the WAL flush while the web's wait for it
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
const SHOPS = ["a", "b", "c"].map((s) => `${s}-burst.myshopify.com` as ShopDomain);

describe.skipIf(!available)("pg-boss job queue on PostgreSQL", () => {
  let database: TestDatabase;
  let web: JobQueue;
  let workers: JobQueue[];
  let client: pg.Client;
  const processed: string[] = [];
  const turns: { shop: ShopDomain; at: number }[] = [];
  /** Inbox turns per shop: when each started and ended, and the most of one shop's turns that ran at once. */
  const inboxTurns: { shop: ShopDomain; start: number; end: number; worker: number }[] = [];
  const running = new Map<ShopDomain, number>();
  let mostAtOnce = 0;
  /** Turns a shop still asks for with `more` (the turn after it must come). */
  const moreFor = new Map<ShopDomain, number>();

  /** The work of worker number `worker` (0 for a web process, which runs none). */
  const workOf = (worker: number): JobWork => ({
    inbox: {
      processRows: async (ids) => {
        processed.push(...ids);
        return ids.length;
      },
      processShop: async (shop) => {
        const start = Date.now();
        running.set(shop, (running.get(shop) ?? 0) + 1);
        mostAtOnce = Math.max(mostAtOnce, running.get(shop)!);
        await new Promise((resolve) => setTimeout(resolve, 150));
        running.set(shop, running.get(shop)! - 1);
        inboxTurns.push({ shop, start, end: Date.now(), worker });
        const more = (moreFor.get(shop) ?? 0) > 0;
        if (more) moreFor.set(shop, moreFor.get(shop)! - 1);
        return { handled: 1, more };
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
  });
  // The writes queue's poll, a backstop for a lost NOTIFY, is a minute here (default 5 s): a turn that starts
  // within seconds of its send was woken by the send's NOTIFY, however loaded the machine.
  const queue = (worker: number) =>
    createPgBossJobQueue({
      connectionString: database.url,
      consume: worker > 0,
      work: workOf(worker),
      clock: { now: () => new Date() },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      settings: { notifiedBackstopMs: 60_000 },
    });

  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    web = queue(0);
    // Two worker "processes" (each its own pg-boss, pool and LISTEN connection) on one database.
    workers = [queue(1), queue(2)];
    await web.start();
    for (const worker of workers) await worker.start();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await web?.stop();
    for (const worker of workers ?? []) await worker.stop();
    await database?.cleanup();
  });

  it("a burst of rows asks for its shops' turns in a few inserts; a shop's turns never overlap, across workers", async () => {
    const rows: InboxRowRef[] = Array.from({ length: 60 }, (_, i) => ({
      id: `row-${i}`,
      shop: SHOPS[i % SHOPS.length]!,
      resourceId: `gid://shopify/Order/${i}`,
    }));
    // One delivery per turn of the event loop, as requests arrive, for a second: turns keep running meanwhile.
    const lastSent = new Map<ShopDomain, number>();
    for (const row of rows) {
      lastSent.set(row.shop, Date.now());
      web.inboxRowsDue([row]);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    // Every shop gets a turn that starts after its last row was sent.
    await eventually(
      async () =>
        SHOPS.every((shop) => inboxTurns.some((t) => t.shop === shop && t.start >= lastSent.get(shop)!)),
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mostAtOnce).toBe(1);
    // Other shops' turns did run alongside.
    const overlapping = inboxTurns.some((a) =>
      inboxTurns.some((b) => a.shop !== b.shop && a.start < b.end && b.start < a.end),
    );
    expect(overlapping).toBe(true);
    // On both workers.
    expect(new Set(inboxTurns.map((t) => t.worker))).toEqual(new Set([1, 2]));
    // A job's created_on is its insert's transaction time: one value per insert.
    const { rows: inserts } = await client.query<{ n: string }>(
      `SELECT COUNT(DISTINCT created_on) AS n FROM pgboss.job WHERE name = 'waitwell-inbox-shops'`,
    );
    expect(Number(inserts[0]!.n)).toBeLessThan(rows.length / 3);
    // While a turn runs, one more waits and the sends in between are that one: far fewer turns than rows.
    expect(inboxTurns.length).toBeLessThan(rows.length / 2);
    expect(processed).toEqual([]);
  }, 40_000);

  it("a turn that leaves rows behind gets the next turn at once", async () => {
    const shop = "more.myshopify.com" as ShopDomain;
    moreFor.set(shop, 2);
    web.inboxRowsDue([{ id: "more-0", shop, resourceId: null }]);
    await eventually(async () => inboxTurns.filter((t) => t.shop === shop).length >= 3, 10_000);
    const mine = inboxTurns.filter((t) => t.shop === shop);
    // Not found by a poll (the queue's poll is a 5 s backstop): the worker was woken by the next turn's send.
    expect(mine[2]!.start - mine[0]!.end).toBeLessThan(2_500);
  });

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
    await eventually(async () => inboxTurns.some((t) => t.shop === SHOP), 10_000);
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
    await eventually(async () => turns.some((t) => t.shop === shop), 30_000);
    // A job found by the poll instead would start a minute after the worker's first fetch.
    expect(turns.find((t) => t.shop === shop)!.at - sent).toBeLessThan(30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(turns.filter((t) => t.shop === shop)).toHaveLength(1);
  }, 40_000);

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
