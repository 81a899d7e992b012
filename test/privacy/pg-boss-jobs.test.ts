/**
 * pg-boss's rows (PostgreSQL's job queue) under the privacy rules: a failed job's row keeps no error message (they can
 * quote Shopify's answers, personal data included), and shop/redact's `forgetShop` deletes every job that names the
 * shop, in every state, and no other shop's. The real adapter on a real database; the work it runs is scripted.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgBossJobQueue } from "../../web/server/adapters/pg-boss/job-queue.js";
import type { JobQueue, JobWork } from "../../web/server/jobs/job-queue.js";
import type { ShopDomain } from "../../web/server/use-cases/ports.js";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/db.js";
import { eventually } from "../support/stack.js";

const available = await postgresAvailable();
const ERASED = "erased-shop.myshopify.com" as ShopDomain;
const KEPT = "kept-shop.myshopify.com" as ShopDomain;
const EMAIL = "quoted.customer@example.com";

describe.skipIf(!available)("pg-boss job rows and privacy", () => {
  let database: TestDatabase;
  let queue: JobQueue;
  let client: pg.Client;
  const failedTurns: ShopDomain[] = [];

  const work: JobWork = {
    inbox: {
      processRows: async () => 0,
      processShop: async () => ({ handled: 0, more: false }),
      stranded: async () => [],
    },
    writes: {
      run: async (shop) => {
        failedTurns.push(shop);
        // What an Admin API error can carry: a userError quoting the order's customer.
        throw new Error(`Shopify refused the hold: customer ${EMAIL} on ${shop}`);
      },
      shopsDue: async () => [],
    },
    availability: { sync: async () => undefined, pass: async () => undefined },
    reconcile: { intervalMs: 0, shops: async () => [], due: async () => false, run: async () => undefined },
  };

  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    await database.db.$disconnect();
    queue = createPgBossJobQueue({
      connectionString: database.url,
      consume: true,
      work,
      clock: { now: () => new Date() },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      settings: { settleMs: 0 },
    });
    await queue.start();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await queue?.stop();
    await database?.cleanup();
  });

  /** Job rows (any queue, any state) whose whole row, as text, contains `needle`. */
  async function jobsNaming(needle: string): Promise<{ name: string; state: string }[]> {
    const { rows } = await client.query<{ name: string; state: string }>(
      `SELECT name, state::text FROM pgboss.job j WHERE j::text ILIKE $1 ORDER BY name`,
      [`%${needle}%`],
    );
    return rows;
  }

  it("a failed job's row keeps the queue and the error's class, not its message", async () => {
    queue.writesQueued(ERASED);
    await eventually(async () => failedTurns.includes(ERASED), 20_000);
    const { rows } = await eventually(async () => {
      const found = await client.query<{ output: unknown }>(
        `SELECT output FROM pgboss.job WHERE name = 'waitwell-shopify-writes' AND output IS NOT NULL`,
      );
      return found.rows.length > 0 ? found : null;
    }, 10_000);
    expect(JSON.stringify(rows[0]!.output)).toContain("JobFailedError");
    expect(await jobsNaming(EMAIL)).toEqual([]);
  }, 30_000);

  it("forgetShop deletes every job naming the shop (queued, retrying, done) and leaves other shops' jobs", async () => {
    queue.availabilityRequested(ERASED, ["gid://shopify/ProductVariant/1"]);
    queue.availabilityRequested(KEPT, ["gid://shopify/ProductVariant/2"]);
    queue.writesQueued(KEPT);
    queue.inboxRowsDue([{ id: "erased-row", shop: ERASED, resourceId: null }]);
    await eventually(async () => (await jobsNaming(KEPT)).length >= 2, 10_000);
    await eventually(
      async () => (await jobsNaming(ERASED)).some((j) => j.name === "waitwell-inbox-shops"),
      10_000,
    );
    expect((await jobsNaming(ERASED)).length).toBeGreaterThan(0);

    expect(await queue.forgetShop(ERASED)).toBeGreaterThan(0);
    expect(await jobsNaming(ERASED)).toEqual([]);
    expect((await jobsNaming(KEPT)).map((j) => j.name)).toEqual(
      expect.arrayContaining(["waitwell-availability", "waitwell-shopify-writes"]),
    );
  }, 30_000);
});
