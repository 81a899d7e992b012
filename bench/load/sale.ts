/**
 * A sale through the dev store, end to end (`--part maxrate` and `--part flash` of bench/load.bench.ts): Waitwell
 * (the `npm start` stack, worker thread on) in one process, the dev store in its own process or inside the app's
 * (`inProcess`, as `npm start` runs it). One hot CONTINUE variant (TB-BOOT-09) gets 100 units and a selling rule with a
 * backorder cap of 600; 70% of the orders buy one unit of it, the rest are mixed carts (one or two in-stock variants,
 * every other one with a unit of another backorderable variant). Orders go through the dev store's control API, as
 * fast as it takes them (`ratePerSecond` null) or at a steady rate, then the run waits until everything is decided and
 * written to the dev store: inbox empty, no delivery pending, no Shopify write queued, no line undecided.
 */
import Database from "better-sqlite3";
import pg from "pg";
import path from "node:path";
import { freePort } from "../../scripts/local-stack.js";
import { createBenchDatabase, spawnScript, type Child } from "./processes.js";

const here = import.meta.dirname;
const HOT_SKU = "TB-BOOT-09";
const HOT_STOCK = 100;
const CAP = 600;
const IN_STOCK_SKUS = ["MTS-SM", "MTS-LXL", "SDJ-S"];
const OTHER_BACKORDERABLE = "TB-BOOT-10";

export interface SaleOptions {
  kind: "sqlite" | "postgresql";
  orders: number;
  /** Orders per second, or null: as fast as the dev store takes them (`concurrency` in flight). */
  ratePerSecond: number | null;
  concurrency?: number;
  /** The engine decides a shop's claimed rows in one step (the change measured) or one by one (the baseline). */
  batching: boolean;
  /** The dev store inside the app's process (`npm start`), or in its own. */
  inProcess: boolean;
  /** 20% duplicated deliveries, reordered in windows of 5. */
  faults: boolean;
  /** Give up waiting after this long. */
  timeoutMs?: number;
  /** Write a `node --cpu-prof` profile of the app process (every thread) to this directory. */
  profileDir?: string;
}

export interface SaleResult {
  orders: number;
  refused: number;
  placedInSeconds: number;
  /** From the first order placed until everything was decided and written. */
  settledInSeconds: number;
  ordersPerSecond: number;
  /** Last order placed → inbox empty. */
  inboxEmptyAfterLastOrderMs: number;
  /** Shopify's trigger time of an orders/create → the inbox row processed (the decision stored). */
  decisionLatencyMs: { p50: number; p95: number; max: number };
  deliveries: { total: number; over5s: number; failedAttempts: number; pending: number };
  fcfs: { exact: boolean; hotLines: number; shipping: number; outOfTurn: number };
  cap: { waitingUnits: number; pastCap: number };
  holds: { backorderedOrders: number; heldOnDevStore: number };
  /** Inbox rows per topic: what the sale's orders made Shopify send. */
  rowsByTopic: Record<string, number>;
  settled: boolean;
}

export async function runSale(options: SaleOptions): Promise<SaleResult> {
  const database = await createBenchDatabase(options.kind);
  const { app, devStore, devStoreUrl, shop } = await startStack(database.url, options);
  const probe = await openProbe(database.url);
  try {
    const control = controlApi(devStoreUrl, shop);
    await control("/rate-limit", { enabled: false });
    const variants = await variantIds(devStoreUrl, shop);
    for (const sku of IN_STOCK_SKUS)
      await control("/stock/receive", { variantId: variants.get(sku), quantity: 100_000 });
    await control("/stock/receive", { variantId: variants.get(HOT_SKU), quantity: HOT_STOCK });
    await createCapRule(app.info.app, devStoreUrl, shop, variants.get(HOT_SKU)!);
    // Warm-up: each variant but the hot one mirrored, as in a shop that has sold before.
    for (const sku of [...IN_STOCK_SKUS, OTHER_BACKORDERABLE])
      await control("/orders", { lines: [{ variantId: variants.get(sku), quantity: 1 }] });
    await waitSettled(probe, devStoreUrl, shop, options.timeoutMs ?? 300_000);
    if (options.faults) await control("/faults", { duplicate: 0.2, reorderWindow: 5, seed: 7 });

    const carts = Array.from({ length: options.orders }, (_, i) => cart(i, variants));
    const started = performance.now();
    let refused = 0;
    let next = 0;
    const place = async () => {
      const i = next++;
      const res = await control("/orders", { lines: carts[i]! }, true);
      if (!res.ok) refused += 1;
    };
    if (options.ratePerSecond === null) {
      await Promise.all(
        Array.from({ length: options.concurrency ?? 20 }, async () => {
          while (next < carts.length) await place();
        }),
      );
    } else {
      const inFlight: Promise<void>[] = [];
      for (let i = 0; i < carts.length; i++) {
        const due = started + (i * 1000) / options.ratePerSecond;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        inFlight.push(place());
      }
      await Promise.all(inFlight);
    }
    const placedAt = performance.now();
    const settled = await waitSettled(probe, devStoreUrl, shop, options.timeoutMs ?? 300_000, placedAt);
    const end = performance.now();
    return {
      orders: options.orders,
      refused,
      placedInSeconds: round((placedAt - started) / 1000),
      settledInSeconds: round((end - started) / 1000),
      ordersPerSecond: round(options.orders / ((end - started) / 1000), 1),
      inboxEmptyAfterLastOrderMs: Math.round(settled.inboxEmptyAt - placedAt),
      decisionLatencyMs: await decisionLatency(probe),
      deliveries: await deliveryStats(devStoreUrl, shop),
      ...(await outcome(probe, devStoreUrl, shop, variants.get(HOT_SKU)!)),
      rowsByTopic: Object.fromEntries(
        (
          await probe.rows<{ topic: string; n: number | string }>(
            `SELECT "topic", COUNT(*) AS n FROM "WebhookEvent" GROUP BY "topic" ORDER BY "topic"`,
          )
        ).map((r) => [r.topic, Number(r.n)]),
      ),
      settled: settled.ok,
    };
  } finally {
    await probe.close();
    await app.stop();
    await devStore?.stop();
    await database.drop();
  }
}

/** 70% one unit of the hot variant; the rest one or two in-stock lines, every other one with a backorderable unit. */
function cart(i: number, variants: Map<string, string>): { variantId: string; quantity: number }[] {
  if (i % 10 < 7) return [{ variantId: variants.get(HOT_SKU)!, quantity: 1 }];
  const lines = [{ variantId: variants.get(IN_STOCK_SKUS[i % 3]!)!, quantity: 1 + (i % 2) }];
  if (i % 2 === 0) lines.push({ variantId: variants.get(IN_STOCK_SKUS[(i + 1) % 3]!)!, quantity: 1 });
  if (i % 4 === 1) lines.push({ variantId: variants.get(OTHER_BACKORDERABLE)!, quantity: 1 });
  return lines;
}

async function startStack(databaseUrl: string, options: SaleOptions) {
  const appPort = String(await freePort());
  const devStorePort = String(await freePort());
  const appEnv = {
    DATABASE_URL: databaseUrl,
    PORT: appPort,
    DEVSTORE_PORT: devStorePort,
    INBOX_BATCHING: options.batching ? "on" : "off",
    // The baseline is main's worker as it was: 10 rows a round, each on its own.
    INBOX_BATCH_SIZE: options.batching ? "100" : "10",
  };
  let devStore: Child<{ url: string }> | null = null;
  if (!options.inProcess) {
    devStore = await spawnScript<{ url: string }>(path.join(here, "serve-devstore.ts"), {
      DEVSTORE_PORT: devStorePort,
      APP_URL: `http://localhost:${appPort}`,
      RATE_LIMIT: "off",
    });
  }
  const app = await spawnScript<{ app: string; devStore: string; shop: string }>(
    path.join(here, "serve-app.ts"),
    devStore ? { ...appEnv, BENCH_DEVSTORE_URL: devStore.info.url } : appEnv,
    options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`] : [],
  );
  return { app, devStore, devStoreUrl: devStore?.info.url ?? app.info.devStore, shop: app.info.shop };
}

function controlApi(devStoreUrl: string, shop: string) {
  return async (route: string, body: Record<string, unknown>, allowRefusal = false) => {
    const res = await fetch(`${devStoreUrl}/_devstore${route}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      // The harness routes (rate limit, faults) are store-wide and take no shop.
      body: JSON.stringify(route === "/rate-limit" || route === "/faults" ? body : { shop, ...body }),
    });
    const text = await res.text();
    if (!res.ok && !allowRefusal) throw new Error(`dev store ${route}: ${res.status} ${text}`);
    return { ok: res.ok, body: text };
  };
}

async function variantIds(devStoreUrl: string, shop: string): Promise<Map<string, string>> {
  const state = (await (await fetch(`${devStoreUrl}/_devstore/state?shop=${shop}`)).json()) as {
    products: { variants: { id: string; sku: string }[] }[];
  };
  return new Map(state.products.flatMap((p) => p.variants.map((v) => [v.sku, v.id] as const)));
}

/** The hot variant's selling rule: backorders with a lead-time ETA, at most CAP units waiting. */
async function createCapRule(appUrl: string, devStoreUrl: string, shop: string, variantId: string) {
  const tokenRes = await fetch(`${devStoreUrl}/_devstore/session-token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ shop }),
  });
  const { token } = (await tokenRes.json()) as { token: string };
  const res = await fetch(`${appUrl}/api/rules`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      scope: { kind: "variant", variantId },
      settings: {
        mode: "when_out_of_stock",
        cap: CAP,
        etaSource: { kind: "lead_time", minBusinessDays: 10, maxBusinessDays: 15 },
      },
    }),
  });
  if (res.status !== 201) throw new Error(`cap rule: ${res.status} ${await res.text()}`);
}

// ------------------------------------------------------------------ reading the outcome

interface Probe {
  rows<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/** A read-only look into the app's database from the benchmark's process (plain SQL, no Prisma). */
async function openProbe(url: string): Promise<Probe> {
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length), { readonly: true, fileMustExist: false });
    return { rows: async (sql) => db.prepare(sql).all() as never, close: async () => void db.close() };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { rows: async (sql) => (await client.query(sql)).rows as never, close: () => client.end() };
}

async function count(probe: Probe, sql: string): Promise<number> {
  const [row] = await probe.rows<{ n: number | string }>(sql);
  return Number(row?.n ?? 0);
}

/** Polls until nothing is left to do; `inboxEmptyAt` is when the inbox was first seen empty. */
async function waitSettled(
  probe: Probe,
  devStoreUrl: string,
  shop: string,
  timeoutMs: number,
  from = performance.now(),
): Promise<{ ok: boolean; inboxEmptyAt: number }> {
  let inboxEmptyAt = Number.NaN;
  for (;;) {
    const inbox = await count(
      probe,
      `SELECT COUNT(*) AS n FROM "WebhookEvent" WHERE "status" IN ('PENDING', 'PROCESSING')`,
    ).catch(() => 1);
    const now = performance.now();
    if (inbox === 0 && Number.isNaN(inboxEmptyAt)) inboxEmptyAt = now;
    if (inbox > 0) inboxEmptyAt = Number.NaN;
    const pending = await fetch(`${devStoreUrl}/_devstore/webhooks?shop=${shop}&state=pending&limit=1`)
      .then((r) => r.json() as Promise<{ deliveries: unknown[] }>)
      .then((b) => b.deliveries.length);
    const writes = await count(probe, `SELECT COUNT(*) AS n FROM "ShopifyWrite"`).catch(() => 1);
    const undecided = await count(
      probe,
      `SELECT COUNT(*) AS n FROM "BackorderLine" WHERE "status" = 'new'`,
    ).catch(() => 1);
    if (inbox === 0 && pending === 0 && writes === 0 && undecided === 0) return { ok: true, inboxEmptyAt };
    if (now - from > timeoutMs) {
      console.error(
        `  not settled: inbox ${inbox}, deliveries pending ${pending}, writes ${writes}, undecided ${undecided}`,
      );
      const stuck = await probe.rows<{ topic: string; status: string; lastError: string | null }>(
        `SELECT "topic", "status", "lastError" FROM "WebhookEvent" WHERE "status" <> 'PROCESSED' LIMIT 5`,
      );
      const queued = await probe.rows<{ kind: string; attempts: number; lastError: string | null }>(
        `SELECT "kind", "attempts", "lastError" FROM "ShopifyWrite" LIMIT 5`,
      );
      console.error(JSON.stringify({ stuck, queued }));
      return { ok: false, inboxEmptyAt: now };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const toMs = (v: unknown): number => (typeof v === "number" ? v : Date.parse(String(v)));

async function decisionLatency(probe: Probe): Promise<SaleResult["decisionLatencyMs"]> {
  const rows = await probe.rows<{ triggeredAt: unknown; receivedAt: unknown; processedAt: unknown }>(
    `SELECT "triggeredAt", "receivedAt", "processedAt" FROM "WebhookEvent"
      WHERE "topic" = 'orders/create' AND "processedAt" IS NOT NULL`,
  );
  const ms = rows
    .map((r) => toMs(r.processedAt) - toMs(r.triggeredAt ?? r.receivedAt))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? Number.NaN);
  return { p50: at(0.5), p95: at(0.95), max: Math.round(ms[ms.length - 1] ?? Number.NaN) };
}

async function deliveryStats(devStoreUrl: string, shop: string): Promise<SaleResult["deliveries"]> {
  const { deliveries } = (await (await fetch(`${devStoreUrl}/_devstore/webhooks?shop=${shop}`)).json()) as {
    deliveries: { state: string; attempts: { status: number | null; durationMs: number }[] }[];
  };
  const attempts = deliveries.flatMap((d) => d.attempts);
  return {
    total: deliveries.length,
    over5s: attempts.filter((a) => a.durationMs > 5000 || a.status === null).length,
    failedAttempts: attempts.filter((a) => a.status !== 200).length,
    pending: deliveries.filter((d) => d.state === "pending").length,
  };
}

/** First come first served on the hot variant, units past the cap, and holds on the dev store. */
async function outcome(probe: Probe, devStoreUrl: string, shop: string, hotVariant: string) {
  const lines = await probe.rows<{
    orderId: string;
    lineItemId: string;
    orderCreatedAt: unknown;
    status: string;
    quantity: number;
    inStock: number;
    allocated: number;
  }>(
    `SELECT "orderId", "lineItemId", "orderCreatedAt", "status", "quantity", "inStock", "allocated"
       FROM "BackorderLine" WHERE "variantId" = '${hotVariant}'`,
  );
  const id = (gid: string) => BigInt(gid.split("/").pop()!);
  lines.sort(
    (a, b) =>
      toMs(a.orderCreatedAt) - toMs(b.orderCreatedAt) ||
      Number(id(a.orderId) - id(b.orderId)) ||
      Number(id(a.lineItemId) - id(b.lineItemId)),
  );
  // Exact: the earliest lines take the HOT_STOCK units, in order; no later line ships while an earlier one waits.
  let units = 0;
  let outOfTurn = 0;
  let shipping = 0;
  for (const l of lines) {
    const ships = Number(l.inStock) + Number(l.allocated);
    const shouldShip = Math.max(0, Math.min(Number(l.quantity), HOT_STOCK - units));
    if (ships !== shouldShip) outOfTurn += 1;
    if (ships > 0) shipping += 1;
    units += Number(l.quantity);
  }
  const waitingUnits = lines.reduce(
    (n, l) => n + Number(l.quantity) - Number(l.inStock) - Number(l.allocated),
    0,
  );
  const backorderedOrders = await count(
    probe,
    `SELECT COUNT(*) AS n FROM "BackorderOrder" WHERE "backordered" = true`,
  ).catch(() => Number.NaN);
  const state = (await (await fetch(`${devStoreUrl}/_devstore/state?shop=${shop}`)).json()) as {
    orders?: { fulfillmentOrders?: { holds?: { handle: string }[] }[] }[];
  };
  const heldOnDevStore = (state.orders ?? []).filter((o) =>
    (o.fulfillmentOrders ?? []).some((f) => (f.holds ?? []).some((h) => h.handle.startsWith("waitwell-"))),
  ).length;
  return {
    fcfs: { exact: outOfTurn === 0, hotLines: lines.length, shipping, outOfTurn },
    cap: { waitingUnits, pastCap: Math.max(0, waitingUnits - CAP) },
    holds: { backorderedOrders, heldOnDevStore },
  };
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
