/**
 * Kill test with real processes: the dev store in its own process (as Shopify is), Waitwell in another, started as
 * web/server/main.ts starts it (test/support/app-process.ts: worker thread and jobs, no migration step). A burst of 50 orders, half of them waiting
 * for stock, is placed through the dev store's control API and the app is SIGKILLed in the middle of it; the rest of
 * the burst arrives while it is down. After the restart and one reconciliation: every webhook the app acknowledged
 * is in its inbox and processed, and the dev store shows exactly the expected hold, tag and metafield on every order.
 * Then a restock of 10 units, with the app SIGKILLed while it releases them, ends with the 10 oldest waiting orders
 * released on the dev store and the others still held. SQLite always, PostgreSQL when reachable. The time-outs are
 * generous: on a shared 2-core machine under load the two processes get a fraction of a core each.
 */
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnScript, type Child } from "../bench/load/processes.js";
import { freePort, projectRoot } from "../scripts/local-stack.js";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "./support/db.js";
import {
  devStoreClient,
  expectNothingAcknowledgedLost,
  IN_STOCK_SKU,
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

const kinds: ("sqlite" | "postgresql")[] = [
  "sqlite",
  ...((await postgresAvailable()) ? (["postgresql"] as const) : []),
];

describe.each(kinds)("SIGKILL mid-burst, dev store and app in their own processes (%s)", (kind) => {
  let database: TestDatabase;
  let devStore: Child<{ url: string }>;
  let store: DevStoreClient;
  let appPort: number;
  let app: Child<{ url: string }> | null = null;
  const started: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // Migrated already (the app process skips `prisma migrate deploy`); the test looks through short-lived clients.
    await database.db.$disconnect();
    appPort = await freePort();
    devStore = await startDevStoreProcess(appPort);
    store = devStoreClient(devStore.info.url);
  }, 60_000);
  afterAll(async () => {
    for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await devStore?.stop();
    await database?.cleanup();
  });

  async function startApp(): Promise<Child<{ url: string }>> {
    const child = await spawnScript<{ url: string }>(path.join(projectRoot, "test/support/app-process.ts"), {
      WAITWELL_MODE: "local",
      PORT: String(appPort),
      DEVSTORE_PORT: new URL(devStore.info.url).port,
      DATABASE_URL: database.url,
      LOG_LEVEL: process.env.KILL_TEST_LOG_LEVEL ?? "error",
      INBOX_POLL_MS: "50",
      INBOX_BACKOFF_MS: "200",
      RECONCILE_INTERVAL_MS: "0",
      // A worker thread niced below the web thread starves on a machine shared with other busy processes (CFS gives
      // nice 10 a tenth of a nice 0 task's share), and this test is not about priorities (0 is also the default).
      WAITWELL_WORKER_NICE: "0",
      // The in-process queue; test/kill-recovery-pg-boss.test.ts kills a pg-boss worker.
      WAITWELL_QUEUE: "in-process",
    });
    started.push(child.process);
    return child;
  }

  async function kill(running: Child<{ url: string }>): Promise<void> {
    const exited = new Promise((r) => running.process.once("exit", r));
    running.process.kill("SIGKILL");
    await exited;
    app = null;
  }

  async function api(method: "GET" | "POST", route: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${app!.info.url}/api${route}`, {
      method,
      headers: { Authorization: `Bearer ${await store.sessionToken()}` },
    });
    return { status: res.status, body: await res.json() };
  }

  /** One reconciliation requested from the admin, until it has finished; then the inbox and the write outbox. */
  async function reconcileAndSettle(): Promise<Record<string, number>> {
    const requested = await api("POST", "/backorders/reconcile");
    expect(requested.status).toBe(202);
    const id = (requested.body as { run: { id: string } }).run.id;
    const run = await eventually(async () => {
      const { run } = (await api("GET", "/backorders/reconcile")).body as {
        run: { id: string; status: string; report: Record<string, number> | null; error: string | null };
      };
      return run.id === id && run.status !== "running" ? run : null;
    }, 150_000);
    expect(run).toMatchObject({ status: "completed", error: null });
    await settled(database.url, 150_000);
    return run.report!;
  }

  const waiting: string[] = [];
  const inStock: string[] = [];

  it("a burst of 50 orders with the app killed in the middle ends with every hold, tag and metafield in place", async () => {
    app = await startApp();
    // The install: the first admin request exchanges the session token for the shop's offline token.
    expect((await api("GET", "/shop")).status).toBe(200);
    const variants = new Map(
      (await store.state()).products.flatMap((p) => p.variants).map((v) => [v.sku, v.id]),
    );

    for (let i = 0; i < 50; i++) {
      const backordered = i % 2 === 1;
      const placed = await store.control<{ id: string }>("/orders", {
        shop: SHOP,
        lines: [{ variantId: variants.get(backordered ? WAITING_SKU : IN_STOCK_SKU), quantity: 1 }],
        customer: { email: `shopper${i}@example.com` },
      });
      (backordered ? waiting : inStock).push(placed.id);
      // Mid-burst: the app dies with webhooks in flight and writes queued; the rest of the burst finds it down.
      if (i === 24) await kill(app);
    }
    app = await startApp();
    await reconcileAndSettle();

    await expectNothingAcknowledgedLost(store, database.url);
    const s = await store.state();
    expect(waiting.map((id) => ({ id, ...shown(s, id) }))).toEqual(
      waiting.map((id) => ({ id, ...waitingShown })),
    );
    expect(inStock.map((id) => ({ id, ...shown(s, id) }))).toEqual(
      inStock.map((id) => ({ id, held: 0, tagged: false, waitingInMetafield: null })),
    );
  }, 420_000);

  it("a restock of 10 units, killed while it releases them, ends with the 10 oldest waiting orders released", async () => {
    expect(waiting).toHaveLength(25);
    const variantId = (await store.state()).products
      .flatMap((p) => p.variants)
      .find((v) => v.sku === WAITING_SKU)!.id;
    await store.control("/stock/receive", { shop: SHOP, variantId, quantity: 10 });
    // Kill as soon as the dev store shows a first order released: the other releases are still to be written.
    await eventually(async () => {
      const s = await store.state();
      return waiting.slice(0, 10).some((id) => shown(s, id).held === 0);
    }, 60_000);
    await kill(app!);
    const s0 = await store.state();
    const releasedAtKill = waiting.filter((id) => shown(s0, id).held === 0).length;

    app = await startApp();
    await reconcileAndSettle();
    await expectNothingAcknowledgedLost(store, database.url);
    const s = await store.state();
    const oldest = waiting.slice(0, 10);
    const rest = waiting.slice(10);
    expect({ releasedAtKill, released: oldest.map((id) => ({ id, ...shown(s, id) })) }).toEqual({
      releasedAtKill,
      released: oldest.map((id) => ({ id, ...releasedShown })),
    });
    expect(rest.map((id) => ({ id, ...shown(s, id) }))).toEqual(rest.map((id) => ({ id, ...waitingShown })));
    await kill(app);
  }, 420_000);
});
