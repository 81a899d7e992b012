/**
 * A sale through the dev store, end to end (`--part maxrate` and `--part flash` of bench/load.bench.ts): Waitwell
 * (the `npm start` stack, worker thread on) in one process, the dev store in its own process, started by the
 * benchmark or by the app (`npmStart`, as `npm start` runs it). One hot CONTINUE variant (TB-BOOT-09) gets 100 units
 * and a selling rule with a backorder cap of 600; 70% of the orders buy one unit of it, the rest are mixed carts (one
 * or two in-stock variants, every other one with a unit of another backorderable variant). Orders go through the dev store's control API, as
 * fast as it takes them (`ratePerSecond` null) or at a steady rate, then the run waits until everything is decided and
 * written to the dev store: inbox empty, no delivery pending, no Shopify write queued, no line undecided.
 */
import { createBenchDatabase } from "./processes.js";
import {
  controlApi,
  count,
  decisionLatency,
  deliveryStats,
  openProbe,
  round,
  toMs,
  processedTwice,
  variantIds,
  waitSettled,
  type DeliveryStats,
  type LatencyStats,
  type Probe,
  type ProcessedTwice,
} from "./sale-probe.js";
import { startStack, type StackOptions } from "./stack.js";
import { cpuMeter } from "./cpu.js";
import { compareFirstComeFirstServed } from "../../web/server/domain/backorder/queue-order.js";
import type { LineItemGid, OrderGid } from "../../web/server/domain/shared/gid.js";

const HOT_SKU = "TB-BOOT-09";
const HOT_STOCK = 100;
const CAP = 600;
const IN_STOCK_SKUS = ["MTS-SM", "MTS-LXL", "SDJ-S"];
const OTHER_BACKORDERABLE = "TB-BOOT-10";

export interface SaleOptions extends StackOptions {
  kind: "sqlite" | "postgresql";
  orders: number;
  /** Orders per second, or null: as fast as the dev store takes them (`concurrency` in flight). */
  ratePerSecond: number | null;
  concurrency?: number;
  /** 20% duplicated deliveries, reordered in windows of 5. */
  faults: boolean;
  /** Give up waiting after this long. */
  timeoutMs?: number;
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
  decisionLatencyMs: LatencyStats;
  deliveries: DeliveryStats;
  fcfs: { exact: boolean; hotLines: number; shipping: number; outOfTurn: number };
  cap: { waitingUnits: number; pastCap: number };
  holds: { backorderedOrders: number; heldOnDevStore: number };
  /**
   * The hot variant's line history (rows in all, most on one line) and the orders/updated deliveries of its orders
   * (the dev store sends one for each tag write): a boundary line flipping between in stock and backordered shows here.
   */
  churn: { historyRows: number; maxPerLine: number; orderUpdates: number };
  /** Inbox rows per topic: what the sale's orders made Shopify send. */
  rowsByTopic: Record<string, number>;
  /** Evidence of an inbox row handled more than once (none expected, however many processes). */
  processedTwice: ProcessedTwice;
  /** Requests the balancer forwarded to each web process (scaled out; empty otherwise). */
  forwarded: number[];
  /**
   * CPU seconds each process used from the first order placed until everything was settled (Linux; bench/load/cpu.ts),
   * PostgreSQL's backends of the run's database together.
   */
  cpuSeconds: Record<string, number>;
  /** pg-boss jobs per queue (PostgreSQL; empty on SQLite): what the sale sent through the queue. */
  jobsByQueue: Record<string, number>;
  /** The database's transactions over the same window (PostgreSQL; null on SQLite), the probe's own included. */
  transactions: number | null;
  settled: boolean;
}

export async function runSale(options: SaleOptions): Promise<SaleResult> {
  const database = await createBenchDatabase(options.kind);
  const stack = await startStack(database.url, options).catch(async (e: unknown) => {
    await database.drop();
    throw e;
  });
  const { devStoreUrl, shop } = stack;
  const probe = await openProbe(database.url);
  try {
    const control = controlApi(devStoreUrl, shop);
    await control("/rate-limit", { enabled: false });
    const variants = await variantIds(devStoreUrl, shop);
    for (const sku of IN_STOCK_SKUS)
      await control("/stock/receive", { variantId: variants.get(sku), quantity: 100_000 });
    await control("/stock/receive", { variantId: variants.get(HOT_SKU), quantity: HOT_STOCK });
    await createCapRule(stack.appUrl, devStoreUrl, shop, variants.get(HOT_SKU)!);
    // Warm-up: each variant but the hot one mirrored, as in a shop that has sold before.
    for (const sku of [...IN_STOCK_SKUS, OTHER_BACKORDERABLE])
      await control("/orders", { lines: [{ variantId: variants.get(sku), quantity: 1 }] });
    await waitSettled(probe, devStoreUrl, shop, options.timeoutMs ?? 300_000);
    if (options.faults) await control("/faults", { duplicate: 0.2, reorderWindow: 5, seed: 7 });

    const carts = Array.from({ length: options.orders }, (_, i) => cart(i, variants));
    const cpu = await cpuMeter(probe, stack.processes());
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
    const { cpuSeconds, transactions } = await cpu.used();
    if (process.env.BENCH_TIMELINE)
      (await import("node:fs")).writeFileSync(
        process.env.BENCH_TIMELINE,
        JSON.stringify(
          await probe.rows(
            `SELECT "topic", "receivedAt", "processedAt", "attempts", "lastError" FROM "WebhookEvent"`,
          ),
        ),
      );
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
      processedTwice: await processedTwice(probe),
      jobsByQueue: Object.fromEntries(
        (
          await probe
            .rows<{ name: string; n: number | string }>(
              `SELECT name, COUNT(*) AS n FROM pgboss.job GROUP BY name ORDER BY name`,
            )
            .catch(() => [])
        ).map((r) => [r.name.replace(/^waitwell-/, ""), Number(r.n)]),
      ),
      forwarded: stack.forwarded(),
      cpuSeconds,
      transactions,
      settled: settled.ok,
    };
  } finally {
    await probe.close();
    await stack.stop();
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

/** First come first served on the hot variant, units past the cap, and holds on the dev store. */
async function outcome(probe: Probe, devStoreUrl: string, shop: string, hotVariant: string) {
  const lines = await probe.rows<{
    orderId: OrderGid;
    lineItemId: LineItemGid;
    orderCreatedAt: unknown;
    status: string;
    quantity: number;
    inStock: number;
    allocated: number;
  }>(
    `SELECT "orderId", "lineItemId", "orderCreatedAt", "status", "quantity", "inStock", "allocated"
       FROM "BackorderLine" WHERE "variantId" = '${hotVariant}'`,
  );
  // The engine's own definition of the queue: the order's second, then the order id (Shopify's ids grow with time),
  // then the line id. Within a second the millisecond of a webhook's trigger time does not follow the id.
  lines.sort((a, b) =>
    compareFirstComeFirstServed(
      { ...a, orderCreatedAt: new Date(toMs(a.orderCreatedAt)).toISOString() },
      { ...b, orderCreatedAt: new Date(toMs(b.orderCreatedAt)).toISOString() },
    ),
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
    churn: await churn(probe, hotVariant),
  };
}

async function churn(probe: Probe, hotVariant: string) {
  const hotLines = `SELECT "lineItemId" FROM "BackorderLine" WHERE "variantId" = '${hotVariant}'`;
  const perLine = `SELECT COUNT(*) AS c FROM "LineHistory" WHERE "lineItemId" IN (${hotLines}) GROUP BY "lineItemId"`;
  return {
    historyRows: await count(probe, `SELECT COALESCE(SUM(c), 0) AS n FROM (${perLine}) t`),
    maxPerLine: await count(probe, `SELECT COALESCE(MAX(c), 0) AS n FROM (${perLine}) t`),
    orderUpdates: await count(
      probe,
      `SELECT COUNT(*) AS n FROM "WebhookEvent" WHERE "topic" = 'orders/updated'
         AND "resourceId" IN (SELECT "orderId" FROM "BackorderLine" WHERE "variantId" = '${hotVariant}')`,
    ),
  };
}
