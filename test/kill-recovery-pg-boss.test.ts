/**
 * Kill test on PostgreSQL's job queue (WAITWELL_QUEUE=pg-boss), real processes: the dev store, a web process that
 * answers webhooks and a worker process that runs every job. The worker is SIGKILLed in the middle of a burst of
 * orders and again in the middle of a restock's releases, and restarted each time. Nothing then runs the work on its
 * behalf (no reconciliation): what the dead worker held (inbox rows under its lease, the shop's Shopify writes turn,
 * availability turns) must be taken up by the restarted one, through pg-boss's expiry and the sweep. It ends with
 * every order's hold, tag and metafield on the dev store as Waitwell decided, first come first served, and no
 * pg-boss job of the inbox, writes or availability queues left unrun. Short leases (WORKER_LEASE_MS) and
 * supervision (PGBOSS_SUPERVISE_SECONDS) keep it near a minute.
 */
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnScript, type Child } from "../bench/load/processes.js";
import { freePort, projectRoot } from "../scripts/local-stack.js";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "./support/db.js";
import {
  devStoreClient,
  expectNothingAcknowledgedLost,
  releasedShown,
  settled,
  SHOP,
  shown,
  startDevStoreProcess,
  WAITING_SKU,
  waitingShown,
  type DevStoreClient,
} from "./support/kill-harness.js";
import { eventually } from "./support/stack.js";

const available = await postgresAvailable();
const ORDERS = 16;
const RESTOCK = 6;
const LEASE_MS = 10_000;
const t0 = Date.now();
/** KILL_TEST_TRACE=1: each phase's time on stderr. */
const trace = (what: string) =>
  process.env.KILL_TEST_TRACE &&
  process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}\n`);

describe.skipIf(!available)("SIGKILL of a pg-boss worker mid-burst and mid-restock (postgresql)", () => {
  let database: TestDatabase;
  let devStore: Child<{ url: string }>;
  let store: DevStoreClient;
  let web: Child<{ url: string }>;
  let worker: Child<{ url: string }> | null = null;
  const started: Child<{ url: string }>[] = [];

  function env(role: "web" | "worker", port: number): Record<string, string> {
    return {
      WAITWELL_MODE: "local",
      WAITWELL_ROLE: role,
      WAITWELL_QUEUE: "pg-boss",
      PORT: String(port),
      DEVSTORE_PORT: new URL(devStore.info.url).port,
      DATABASE_URL: database.url,
      LOG_LEVEL: process.env.KILL_TEST_LOG_LEVEL ?? "error",
      INBOX_POLL_MS: "500",
      INBOX_BACKOFF_MS: "200",
      WORKER_LEASE_MS: String(LEASE_MS),
      PGBOSS_SUPERVISE_SECONDS: "1",
      RECONCILE_INTERVAL_MS: "0",
    };
  }
  async function start(role: "web" | "worker", port: number): Promise<Child<{ url: string }>> {
    const child = await spawnScript<{ url: string }>(
      path.join(projectRoot, "test/support/app-process.ts"),
      env(role, port),
    );
    started.push(child);
    trace(`${role} started`);
    return child;
  }
  async function kill(running: Child<{ url: string }>): Promise<void> {
    const exited = new Promise((r) => running.process.once("exit", r));
    running.process.kill("SIGKILL");
    await exited;
    trace("killed");
  }

  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    await database.db.$disconnect();
    const webPort = await freePort();
    devStore = await startDevStoreProcess(webPort);
    store = devStoreClient(devStore.info.url);
    [web, worker] = await Promise.all([start("web", webPort), start("worker", 0)]);
  }, 60_000);
  afterAll(async () => {
    for (const c of started) if (c.process.exitCode === null && c.process.signalCode === null) await kill(c);
    await devStore?.stop();
    await database?.cleanup();
  });

  /** pg-boss jobs of the work queues not yet run (created, retry, active). */
  async function openJobs(): Promise<{ name: string; state: string }[]> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; state: string }>(
        `SELECT name, state::text FROM pgboss.job
          WHERE name IN ('waitwell-inbox-shops', 'waitwell-webhooks', 'waitwell-shopify-writes', 'waitwell-availability')
            AND state IN ('created', 'retry', 'active')`,
      );
      return rows;
    } finally {
      await client.end();
    }
  }
  const allSettled = async () => {
    trace("settling");
    await settledWithin();
    trace("settled");
  };
  const settledWithin = () => settled(database.url, Number(process.env.KILL_SETTLE_MS ?? 60_000), openJobs);

  const waiting: string[] = [];

  it(
    "a burst of orders with the worker killed in the middle: every order held, tagged and annotated",
    async () => {
      const res = await fetch(`${web.info.url}/api/shop`, {
        headers: { Authorization: `Bearer ${await store.sessionToken()}` },
      });
      expect(res.status).toBe(200);
      const variantId = await store.variantId(WAITING_SKU);
      for (let i = 0; i < ORDERS; i++) {
        const placed = await store.control<{ id: string }>("/orders", {
          shop: SHOP,
          lines: [{ variantId, quantity: 1 }],
          customer: { email: `shopper${i}@example.com` },
        });
        waiting.push(placed.id);
        // The web process keeps acknowledging; the worker dies with rows and writes in hand.
        if (i === ORDERS / 2 - 1) await kill(worker!);
      }
      worker = await start("worker", 0);
      await allSettled();

      await expectNothingAcknowledgedLost(store, database.url);
      const s = await store.state();
      expect(waiting.map((id) => ({ id, ...shown(s, id) }))).toEqual(
        waiting.map((id) => ({ id, ...waitingShown })),
      );
    },
    Number(process.env.KILL_TEST_MS ?? 90_000),
  );

  it(
    "a restock, the worker killed while it releases: the oldest waiting orders released, the others held",
    async () => {
      expect(waiting).toHaveLength(ORDERS);
      await store.control("/stock/receive", {
        shop: SHOP,
        variantId: await store.variantId(WAITING_SKU),
        quantity: RESTOCK,
      });
      // Kill as soon as the dev store shows a first order released: the other releases are still to be written.
      await eventually(async () => {
        const s = await store.state();
        return waiting.slice(0, RESTOCK).some((id) => shown(s, id).held === 0);
      }, 30_000);
      await kill(worker!);
      const s0 = await store.state();
      const releasedAtKill = waiting.filter((id) => shown(s0, id).held === 0).length;

      worker = await start("worker", 0);
      await allSettled();
      await expectNothingAcknowledgedLost(store, database.url);
      const s = await store.state();
      const oldest = waiting.slice(0, RESTOCK);
      const rest = waiting.slice(RESTOCK);
      expect({ releasedAtKill, released: oldest.map((id) => ({ id, ...shown(s, id) })) }).toEqual({
        releasedAtKill,
        released: oldest.map((id) => ({ id, ...releasedShown })),
      });
      expect(rest.map((id) => ({ id, ...shown(s, id) }))).toEqual(
        rest.map((id) => ({ id, ...waitingShown })),
      );
    },
    Number(process.env.KILL_TEST_MS ?? 90_000),
  );
});
