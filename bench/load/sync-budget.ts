/**
 * `npm run bench -- load --part sync [--db sqlite|postgresql] [--orders 300] [--plus-orders N] [--timeout 600]`:
 * Shopify sync at the Admin API budget (`--plus-orders`, default `--orders`, for the Plus run: its 20,000-point bucket
 * holds about 500 orders' worth, so only a larger sale is budget-bound there). For each plan, a fresh stack (dev store in its own process, Waitwell with both roles) and the dev
 * store's limiter on at that plan's restore rate and bucket; N orders of one unit of TB-BOOT-09 (CONTINUE, no stock,
 * no rule: every one waits) placed 20 at a time; measured from the first order until every one of them has
 * Waitwell's hold, its backorder tag and its backorder metafield on the dev store.
 *
 * Reported per plan: holds placed per second; the Admin API points Waitwell spent per backordered order (the dev
 * store's own sum of what it charged the app on this shop, GET /_devstore/rate-limit `usage`: calls, THROTTLED
 * answers, requested and actual points, since the limiter was configured just before the first order); the budget
 * limit restoreRate ÷ points per order and the ratio achieved ÷ limit (goal ≥ 0.9). The bucket starts full, so a
 * run shorter than bucketSize ÷ restoreRate is not budget-bound: `windowRatio` also counts the full bucket
 * (achieved ÷ ((bucketSize + restoreRate × seconds) ÷ points per order ÷ seconds)), and `throttled` says whether the
 * limiter refused anything at all.
 *
 * Baseline: Waitwell has no switch back to the old order read, so points per order are compared with the figures in
 * BENCHMARKS.md, section "Admin API calls and cost per order" (one backordered line: 2 engine calls, 574 points
 * requested, 38 actual).
 */
import { createBenchDatabase } from "./processes.js";
import { controlApi, count, openProbe, round, variantIds, waitSettled, type Probe } from "./sale-probe.js";
import { startStack } from "./stack.js";

/**
 * Restore rates: https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits (Standard 100 points/s, Shopify
 * Plus 1000 points/s). That page no longer states bucket sizes; Shopify's earlier published limits
 * (https://shopify.dev/docs/api/usage/limits, Standard 1,000 points at 50/s, Plus 10,000 at 500/s) were a 20-second
 * bucket, which at today's rates is 2,000 and 20,000: the dev store's default (devstore/throttle/leaky-bucket.ts).
 */
export const PLANS = {
  standard: { restoreRate: 100, bucketSize: 2000 },
  plus: { restoreRate: 1000, bucketSize: 20000 },
} as const;

/** BENCHMARKS.md section 3, one backordered line (the figures before this benchmark existed). */
export const RECORDED_PER_ORDER = { calls: 2, requestedPoints: 574, actualPoints: 38 };

const SKU = "TB-BOOT-09";
const BACKORDERED_ORDERS = `SELECT COUNT(*) AS n FROM "BackorderOrder" WHERE "backordered" = true`;

export interface SyncResult {
  plan: keyof typeof PLANS;
  restoreRate: number;
  bucketSize: number;
  orders: number;
  /** First order placed → the last order with its hold, tag and metafield on the dev store. */
  seconds: number;
  /** First order placed → the inbox empty and the orders decided (locally); the rest of `seconds` is the sync's. */
  decidedSeconds: number;
  holdsPerSecond: number;
  perOrder: { calls: number; requestedPoints: number; actualPoints: number };
  throttled: number;
  /** restoreRate ÷ actual points per order. */
  limitHoldsPerSecond: number;
  ratio: number;
  windowRatio: number;
  /** Orders that still missed their hold, tag or metafield when the run gave up. */
  missing: { hold: number; tag: number; metafield: number };
  complete: boolean;
}

export async function syncBudget(options: {
  kind: "sqlite" | "postgresql";
  orders: number;
  plusOrders: number;
  timeoutMs: number;
}): Promise<Record<string, SyncResult | typeof RECORDED_PER_ORDER>> {
  const results: Record<string, SyncResult | typeof RECORDED_PER_ORDER> = {};
  for (const plan of Object.keys(PLANS) as (keyof typeof PLANS)[]) {
    const orders = plan === "plus" ? options.plusOrders : options.orders;
    const r = await runPlan(options.kind, plan, orders, options.timeoutMs);
    logSync(options.kind, r);
    results[plan] = r;
  }
  results.recordedPerOrder = RECORDED_PER_ORDER;
  return results;
}

async function runPlan(
  kind: "sqlite" | "postgresql",
  plan: keyof typeof PLANS,
  orders: number,
  timeoutMs: number,
): Promise<SyncResult> {
  const database = await createBenchDatabase(kind);
  const stack = await startStack(database.url, { npmStart: false, batching: true }).catch(
    async (e: unknown) => {
      await database.drop();
      throw e;
    },
  );
  const { devStoreUrl, shop } = stack;
  const probe = await openProbe(database.url);
  try {
    const control = controlApi(devStoreUrl, shop);
    const variantId = (await variantIds(devStoreUrl, shop)).get(SKU);
    // Warm-up, limiter off: the variant mirrored, as in a shop that has sold it before.
    await control("/orders", { lines: [{ variantId, quantity: 1 }] });
    await waitSettled(probe, devStoreUrl, shop, timeoutMs);
    const before = new Set((await ordersOnDevStore(devStoreUrl, shop)).map((o) => o.id));
    const waitingBefore = await count(probe, BACKORDERED_ORDERS);
    // Configuring starts the bucket full and the usage counters at zero.
    await control("/rate-limit", { enabled: true, ...PLANS[plan] });

    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < orders) {
          next += 1;
          await control("/orders", { lines: [{ variantId, quantity: 1 }] });
        }
      }),
    );
    const { missing, decidedAt } = await waitForHolds(probe, devStoreUrl, shop, before, {
      orders,
      decided: waitingBefore + orders,
      deadline: started + timeoutMs,
    });
    const seconds = (performance.now() - started) / 1000;
    const usage = await spent(devStoreUrl, shop);
    const perOrder = {
      calls: round(usage.calls / orders),
      requestedPoints: round(usage.requestedPoints / orders, 1),
      actualPoints: round(usage.actualPoints / orders, 1),
    };
    const { restoreRate, bucketSize } = PLANS[plan];
    const holdsPerSecond = orders / seconds;
    const limit = restoreRate / perOrder.actualPoints;
    const windowLimit = (bucketSize + restoreRate * seconds) / perOrder.actualPoints / seconds;
    return {
      plan,
      restoreRate,
      bucketSize,
      orders,
      seconds: round(seconds),
      decidedSeconds: round((decidedAt - started) / 1000),
      holdsPerSecond: round(holdsPerSecond),
      perOrder,
      throttled: usage.throttled,
      limitHoldsPerSecond: round(limit),
      ratio: round(holdsPerSecond / limit),
      windowRatio: round(holdsPerSecond / windowLimit),
      missing,
      complete: missing.hold + missing.tag + missing.metafield === 0,
    };
  } finally {
    await probe.close();
    await stack.stop();
    await database.drop();
  }
}

interface DevStoreOrder {
  id: string;
  tags: string[];
  fulfillmentOrders: { holds: { handle: string }[] }[];
}

async function ordersOnDevStore(devStoreUrl: string, shop: string): Promise<DevStoreOrder[]> {
  return (await state(devStoreUrl, shop)).orders;
}

async function state(devStoreUrl: string, shop: string) {
  const res = await fetch(`${devStoreUrl}/_devstore/state?shop=${shop}`);
  return (await res.json()) as { orders: DevStoreOrder[]; metafields: { ownerId: string; key: string }[] };
}

/**
 * Polls the app's outbox (cheap) until it is empty, then the dev store's state (a whole snapshot) until the new
 * orders all carry Waitwell's hold, tag and metafield; returns what was still missing at the deadline, and when the
 * inbox was first seen empty with the orders decided (what is left after that is the sync alone).
 */
async function waitForHolds(
  probe: Probe,
  devStoreUrl: string,
  shop: string,
  before: Set<string>,
  { orders, decided: target, deadline }: { orders: number; decided: number; deadline: number },
): Promise<{ missing: SyncResult["missing"]; decidedAt: number }> {
  let decidedAt = Number.NaN;
  for (;;) {
    const inbox = await count(
      probe,
      `SELECT COUNT(*) AS n FROM "WebhookEvent" WHERE "status" IN ('PENDING', 'PROCESSING')`,
    ).catch(() => 1);
    const decided = await count(probe, BACKORDERED_ORDERS).catch(() => 0);
    if (inbox === 0 && decided >= target && Number.isNaN(decidedAt)) decidedAt = performance.now();
    const writes = await count(probe, `SELECT COUNT(*) AS n FROM "ShopifyWrite"`).catch(() => 1);
    const late = performance.now() > deadline;
    if ((inbox === 0 && writes === 0) || late) {
      const missing = await missingOnDevStore(devStoreUrl, shop, before, orders);
      if (missing.hold + missing.tag + missing.metafield === 0 || late) return { missing, decidedAt };
    }
    await new Promise((r) => setTimeout(r, inbox + writes === 0 ? 250 : 100));
  }
}

async function missingOnDevStore(
  devStoreUrl: string,
  shop: string,
  before: Set<string>,
  orders: number,
): Promise<SyncResult["missing"]> {
  const snapshot = await state(devStoreUrl, shop);
  const placed = snapshot.orders.filter((o) => !before.has(o.id));
  const withMetafield = new Set(
    snapshot.metafields.filter((m) => m.key === "backorder").map((m) => m.ownerId),
  );
  const held = placed.filter((o) =>
    o.fulfillmentOrders.some((f) => f.holds.some((h) => h.handle.startsWith("waitwell-"))),
  ).length;
  const tagged = placed.filter((o) => o.tags.some((t) => t.toLowerCase() === "backorder")).length;
  const withMeta = placed.filter((o) => withMetafield.has(o.id)).length;
  // Orders not even created yet count as missing everything.
  return { hold: orders - held, tag: orders - tagged, metafield: orders - withMeta };
}

interface Usage {
  calls: number;
  throttled: number;
  requestedPoints: number;
  actualPoints: number;
}

/** What the dev store charged the app on this shop since the limiter was configured (a harness read). */
async function spent(devStoreUrl: string, shop: string): Promise<Usage> {
  const res = await fetch(`${devStoreUrl}/_devstore/rate-limit?shop=${shop}`);
  const { usage } = (await res.json()) as { usage: Usage[] };
  return usage.reduce(
    (sum, u) => ({
      calls: sum.calls + u.calls,
      throttled: sum.throttled + u.throttled,
      requestedPoints: sum.requestedPoints + u.requestedPoints,
      actualPoints: sum.actualPoints + u.actualPoints,
    }),
    { calls: 0, throttled: 0, requestedPoints: 0, actualPoints: 0 },
  );
}

function logSync(kind: string, r: SyncResult): void {
  const recorded = RECORDED_PER_ORDER;
  console.error(
    `  sync ${kind} ${r.plan} (${r.restoreRate} points/s, bucket ${r.bucketSize}): ${r.holdsPerSecond} holds/s ` +
      `(${r.orders} orders in ${r.seconds} s, decided after ${r.decidedSeconds} s${r.complete ? "" : `, INCOMPLETE: missing ${JSON.stringify(r.missing)}`}), ` +
      `budget limit ${r.limitHoldsPerSecond} holds/s, ratio ${r.ratio} (with the full bucket counted ${r.windowRatio}), ` +
      `per order ${r.perOrder.calls} calls, ${r.perOrder.requestedPoints} points requested / ${r.perOrder.actualPoints} actual ` +
      `(recorded in BENCHMARKS.md: ${recorded.calls} calls, ${recorded.requestedPoints} / ${recorded.actualPoints}), throttled ${r.throttled}`,
  );
}
