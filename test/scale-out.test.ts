import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevStore } from "../devstore/server.js";
import { freePort, projectRoot } from "../scripts/local-stack.js";
import { LOCAL_DEFAULTS } from "../web/server/config.js";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "./support/db.js";

/**
 * Scale-out on pg-boss: one web process and two worker processes (real processes, `WAITWELL_ROLE=web|worker`) on one
 * PostgreSQL database, a burst of orders through the dev store with duplicated and reordered webhooks. Every webhook
 * is processed, each inbox row and each pg-boss job exactly once, by the workers between them, one turn of the shop
 * at a time, and first come first served is exact across the processes (the shop lock is PostgreSQL's advisory lock).
 */
interface StoreOrder {
  id: string;
  createdAt: string;
  fulfillmentOrders: {
    lineItems: { remainingQuantity: number }[];
    holds: { handle: string }[];
  }[];
}
interface StoreState {
  products: { variants: { id: string; sku: string }[] }[];
  orders: StoreOrder[];
}

interface Proc {
  child: ChildProcess;
  /** Ids of the inbox rows this process logged as processed. */
  processed: string[];
  started: Promise<void>;
}

const SKU = "RDP-24-EMB"; // nothing in stock anywhere in the demo catalog; CONTINUE selling
const STOCK = 8;
const ORDERS = 30;

const kinds = (await postgresAvailable()) ? ["postgresql"] : [];

describe.skipIf(kinds.length === 0)("2 workers + 1 web on one PostgreSQL, jobs on pg-boss", () => {
  let database: TestDatabase;
  let devStore: Awaited<ReturnType<typeof startDevStore>>;
  const procs: Proc[] = [];
  let webUrl: string;

  function startProcess(role: "web" | "worker", env: Record<string, string>): Proc {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "web/server/main.ts")], {
      cwd: projectRoot,
      env: {
        ...process.env,
        WAITWELL_MODE: "local",
        WAITWELL_ROLE: role,
        DATABASE_URL: database.url,
        WAITWELL_QUEUE: "pg-boss",
        // debug: each processed row is a log line with its id (how "no row twice" is counted).
        LOG_LEVEL: role === "worker" ? "debug" : "info",
        INBOX_BACKOFF_MS: "200",
        ...env,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const proc: Proc = { child, processed: [], started: Promise.resolve() };
    proc.started = new Promise((resolve, reject) => {
      child.once("exit", (code) =>
        reject(new Error(`${role} process exited with ${code} before it started`)),
      );
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const entry = parseLine(line);
        if (entry?.msg === "waitwell started") resolve();
        if (entry?.msg === "inbox event processed" && typeof entry.id === "string")
          proc.processed.push(entry.id);
      });
    });
    procs.push(proc);
    return proc;
  }

  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    const webPort = await freePort();
    const devStorePort = await freePort();
    webUrl = `http://127.0.0.1:${webPort}`;
    devStore = await startDevStore({
      port: devStorePort,
      host: "127.0.0.1",
      apps: [
        {
          apiKey: LOCAL_DEFAULTS.apiKey,
          apiSecret: LOCAL_DEFAULTS.apiSecret,
          appUrl: `http://localhost:${webPort}`,
          appTomlPath: path.join(projectRoot, "shopify.app.toml"),
        },
      ],
      catalog: path.join(projectRoot, "devstore/catalogs/demo.json"),
      seed: 7,
      rateLimit: { enabled: false },
      webhooks: { backoffScale: 0.0001 },
      mail: false,
      storefront: false,
      log: () => {},
    });
    const common = { PORT: String(webPort), DEVSTORE_PORT: String(devStorePort) };
    // The web process migrates the database; the workers start once it has.
    await startProcess("web", common).started;
    await install();
    const workers = [startProcess("worker", common), startProcess("worker", common)];
    await Promise.all(workers.map((w) => w.started));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => stop(p.child)));
    await devStore?.close();
    await database?.cleanup();
  });

  async function install(): Promise<void> {
    const res = await fetch(`${devStore.url}/_devstore/session-token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: LOCAL_DEFAULTS.shop, apiKey: LOCAL_DEFAULTS.apiKey }),
    });
    const { token } = (await res.json()) as { token: string };
    const installed = await fetch(`${webUrl}/api/shop`, { headers: { Authorization: `Bearer ${token}` } });
    expect(installed.status).toBe(200);
  }

  async function control<T>(route: string, body: unknown): Promise<T> {
    const res = await fetch(`${devStore.url}/_devstore${route}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  const state = async () =>
    (await (await fetch(`${devStore.url}/_devstore/state?shop=${LOCAL_DEFAULTS.shop}`)).json()) as StoreState;

  const heldUnits = (o: StoreOrder) =>
    o.fulfillmentOrders
      .filter((fo) => fo.holds.some((h) => h.handle.startsWith("waitwell-")))
      .flatMap((fo) => fo.lineItems)
      .reduce((sum, li) => sum + li.remainingQuantity, 0);

  async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  it("a burst of orders: every webhook processed once, by the workers between them, the oldest units ship", async () => {
    const variantId = (await state()).products.flatMap((p) => p.variants).find((v) => v.sku === SKU)!.id;
    const shop = LOCAL_DEFAULTS.shop;
    await control("/stock/receive", { shop, variantId, quantity: STOCK });
    await control("/faults", { seed: 5, duplicate: 0.2, reorderWindow: 4, reorderMaxHoldMs: 100 });
    const ids: string[] = [];
    // 8 at a time, as a storefront's checkouts arrive.
    for (let i = 0; i < ORDERS; i += 8) {
      const placed = await Promise.all(
        Array.from({ length: Math.min(8, ORDERS - i) }, () =>
          control<{ id: string }>("/orders", { shop, lines: [{ variantId, quantity: 1 }] }),
        ),
      );
      ids.push(...placed.map((p) => p.id));
    }
    await devStore.webhooksIdle();

    const orders = async () => {
      const s = await state();
      return ids.map((id) => s.orders.find((o) => o.id === id)!);
    };
    const held = async () => (await orders()).reduce((sum, o) => sum + heldUnits(o), 0);
    // Polled once a second: the dev store answering state reads shares this process with the test.
    await until(async () => (await held()) === ORDERS - STOCK, 150_000).catch(async (e: unknown) => {
      // What was left: the inbox, the write outbox, pg-boss's queues.
      console.error({
        held: await held(),
        inbox: await query(`SELECT "status", count(*) FROM "WebhookEvent" GROUP BY 1`),
        writes: await query(
          `SELECT count(*), max("attempts") AS attempts, max("lastError") AS error FROM "ShopifyWrite"`,
        ),
        jobs: await query(`SELECT name, state, count(*) FROM pgboss.job GROUP BY 1, 2 ORDER BY 1, 2`),
      });
      throw e;
    });
    await until(async () => {
      const [row] = await query<{ open: string }>(
        `SELECT count(*) AS open FROM "WebhookEvent" WHERE "status" IN ('PENDING', 'PROCESSING')`,
      );
      return Number(row?.open) === 0;
    }, 30_000);

    // First come, first served across the processes: the STOCK oldest orders ship, every later one waits.
    const byAge = (await orders()).sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || numericId(a.id) - numericId(b.id),
    );
    expect(byAge.map(heldUnits)).toEqual([
      ...Array<number>(STOCK).fill(0),
      ...Array<number>(ORDERS - STOCK).fill(1),
    ]);

    // Every webhook processed, each row claimed once (attempts 1) and logged as processed by exactly one worker.
    const rows = await query<{ id: string; status: string; attempts: number }>(
      `SELECT "id", "status", "attempts" FROM "WebhookEvent"`,
    );
    expect(rows.filter((r) => r.status !== "PROCESSED" && r.status !== "IGNORED")).toEqual([]);
    const processedRows = rows.filter((r) => r.status === "PROCESSED");
    expect(processedRows.length).toBeGreaterThanOrEqual(ORDERS);
    expect(processedRows.filter((r) => r.attempts !== 1)).toEqual([]);
    const [first, second] = procs.slice(1).map((p) => p.processed);
    const logged = [...first!, ...second!];
    expect(new Set(logged).size).toBe(logged.length);
    expect(new Set(logged)).toEqual(new Set(processedRows.map((r) => r.id)));
    // One shop: its turns run one at a time, on whichever worker takes the next (often the one that ran the last,
    // woken by the send queued behind it). Turns of different shops spread over the workers: test/pg-boss-job-queue.

    // pg-boss ran each inbox job once (the shop's turns, and jobs naming rows due later): completed, never retried.
    const jobs = await query<{ state: string; retries: number; n: string }>(
      `SELECT state, retry_count AS retries, count(*) AS n FROM pgboss.job
        WHERE name IN ('waitwell-inbox-shops', 'waitwell-webhooks') GROUP BY state, retry_count`,
    );
    expect(jobs.map((j) => [j.state, j.retries])).toEqual([["completed", 0]]);
    // One turn of the shop at a time across both workers: no two turns' runs overlap.
    const overlaps = await query<{ n: string }>(
      `SELECT count(*) AS n FROM pgboss.job a JOIN pgboss.job b
          ON a.name = b.name AND a.singleton_key = b.singleton_key AND a.id < b.id
         AND a.started_on < b.completed_on AND b.started_on < a.completed_on
       WHERE a.name = 'waitwell-inbox-shops'`,
    );
    expect(Number(overlaps[0]!.n)).toBe(0);
  }, 240_000);
});

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function parseLine(line: string): Record<string, unknown> | null {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function numericId(gid: string): number {
  return Number(gid.split("/").pop());
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(timer);
}
