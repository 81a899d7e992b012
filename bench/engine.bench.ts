/**
 * The backorder engine with its database and the dev store: `npx tsx bench/engine.bench.ts [--lines 100000]
 * [--orders 50] [--db sqlite|postgresql] [--part allocation|throughput|calls] [--bulk]`.
 *
 * 1. Allocation with persistence (SQLite, and PostgreSQL when it answers on 127.0.0.1:5432): 100,000 waiting lines
 *    over 1,000 inventory items stored through `saveDecision` in batches. The everyday restock (one item, ~100 lines)
 *    runs the real `redecide`. The worst case (every line re-pointed to one item, one restock) is timed phase by
 *    phase as `redecide` runs it (openLinesOfPools, the mirrored levels, decideBackorders + applyDecision, the
 *    orders to mark for sync, saveDecision), beside the pure `decideBackorders` on the same lines, measured in the
 *    same run. `--bulk` also restocks all 1,000 items in one go (not a path the engine takes today).
 * 2. orders/create webhooks processed per second end to end: orders placed through the dev store's control API,
 *    delivered as signed webhooks to Waitwell, stored in the inbox, processed by the inbox worker and decided by the
 *    engine (and, for backordered ones, synced to the dev store).
 * 3. Admin API calls and cost points per order with 0, 1 and 5 backordered lines, through the app's admin client
 *    (CallRecord), beside a naive implementation measured against the same dev store in the same run.
 *
 * Ends with one JSON line on stdout, for BENCHMARKS.md; progress goes to stderr.
 */
import {
  applyDecision,
  decideBackorders,
  newLine,
  type AllocationRules,
  type BackorderLine,
  type LineHistoryEntry,
  type StockLevel,
} from "../web/server/domain/backorder/index.js";
import { toGid, type InventoryItemGid } from "../web/server/domain/shared/gid.js";
import { PrismaBackorderRepository } from "../web/server/adapters/prisma/backorder-repository.js";
import type { Db } from "../web/server/adapters/prisma/client.js";
import { ALL_LOCATIONS, aggregateLevels } from "../web/server/use-cases/backorder/pools.js";
import type { EngineOrder } from "../web/server/use-cases/backorder/ports.js";
import { redecide } from "../web/server/use-cases/backorder/redecide.js";
import { createLogger } from "../web/server/adapters/logger.js";
import { createPrismaRepositories } from "../web/server/adapters/prisma/index.js";
import {
  createAdminClient,
  operation,
  type AdminClient,
  type CallRecord,
} from "../web/server/adapters/shopify/admin-client.js";
import { offlineSessionId } from "../web/server/use-cases/install-shop.js";
import { devStoreControl, startTestStack } from "../test/support/stack.js";
import {
  createTestDatabase,
  postgresAvailable,
  releaseTestDatabases,
  type DatabaseKind,
} from "../test/support/db.js";
import type { ShopDomain } from "../web/server/use-cases/ports.js";

const LINES = Number(argValue("--lines") ?? 100_000);
const ORDERS = Number(argValue("--orders") ?? 50);
/** --part allocation | throughput | calls: one part only (default: all three). */
const PART = argValue("--part");
/** --bulk: also restock all 1,000 items in one redecide (adds about a minute). */
const BULK = process.argv.includes("--bulk");
/** --db sqlite | postgresql: one database only (default: both, PostgreSQL when it answers). */
const ONLY_DB = argValue("--db");
const SHOP = "bench-engine.myshopify.com";
const RULES: Partial<AllocationRules> = {
  priorityTags: ["VIP", "wholesale"],
  completeLinesFirst: true,
  minPartialUnits: 2,
};
const T0 = Date.UTC(2024, 0, 1);
const RESTOCK_SHARE = 0.6;
const SETUP_BATCH = 10_000;
const PURE_RUNS = 5;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const log = (msg: string) => console.error(msg);
const round = (ms: number) => Math.round(ms * 10) / 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: round(performance.now() - start), result };
}

/** Seeded, so every run measures the same data (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ------------------------------------------------------------------ 1. allocation with persistence

interface Dataset {
  shop: ShopDomain;
  lines: BackorderLine[];
  orders: EngineOrder[];
  demand: Map<string, number>;
}

/** The allocation bench's data (1–3 lines an order, 15% priority-tagged), every line waiting, one pool per item. */
function dataset(shop: ShopDomain, count: number, items: number, seed: number): Dataset {
  const rand = random(seed);
  const lines: BackorderLine[] = [];
  const orders: EngineOrder[] = [];
  const demand = new Map<string, number>();
  let order = 1_000_000_000_000;
  let lineId = 9_000_000_000_000;
  const at = new Date(T0);
  while (lines.length < count) {
    order += 1;
    const perOrder = 1 + Math.floor(rand() * 3);
    const tagRoll = rand();
    const tags = tagRoll < 0.1 ? ["VIP"] : tagRoll < 0.15 ? ["Wholesale", "net30"] : ["online"];
    const createdAt = new Date(T0 + Math.floor(order % 1_000_000) * 500);
    const orderId = toGid("Order", String(order));
    orders.push({
      shop,
      orderId,
      name: `#${order}`,
      orderCreatedAt: createdAt,
      sourceUpdatedAt: createdAt,
      customerId: null,
      customerEmail: null,
      customerName: null,
      tags,
      cancelled: false,
      syncedMetafield: null,
      holds: [],
      backordered: true,
      needsSync: false,
      shopifyTouched: false,
    });
    for (let i = 0; i < perOrder && lines.length < count; i++) {
      const item = toGid("InventoryItem", String(1 + Math.floor(rand() * items)));
      const quantity = 1 + Math.floor(rand() * 3);
      demand.set(item, (demand.get(item) ?? 0) + quantity);
      const fresh = newLine({
        lineItemId: toGid("LineItem", String((lineId += 1))),
        orderId,
        orderCreatedAt: createdAt,
        variantId: toGid("ProductVariant", item.slice(item.lastIndexOf("/") + 1)),
        inventoryItemId: item,
        locationId: ALL_LOCATIONS,
        tracked: true,
        quantity,
        tags,
      });
      lines.push(fresh);
    }
  }
  // Nothing in stock at checkout: every line waits.
  const none = [...demand.keys()].map((inventoryItemId): StockLevel => ({
    inventoryItemId: inventoryItemId as InventoryItemGid,
    locationId: ALL_LOCATIONS,
    available: 0,
    asOf: new Date(T0 - 86_400_000),
  }));
  const decision = decideBackorders({ stock: none, lines, rules: RULES });
  const waiting = lines.map((line, i) => {
    const result = applyDecision(line, decision.lines[i]!, at, { kind: "webhook", ref: "bench-setup" });
    if (!result.ok) throw result.error;
    return result.line;
  });
  return { shop, lines: waiting, orders, demand };
}

async function store(repo: PrismaBackorderRepository, data: Dataset): Promise<number> {
  const start = performance.now();
  const byOrder = new Map(data.orders.map((o) => [o.orderId, o]));
  for (let i = 0; i < data.lines.length; i += SETUP_BATCH) {
    const lines = data.lines.slice(i, i + SETUP_BATCH);
    const orders = [...new Set(lines.map((l) => l.orderId))].map((id) => byOrder.get(id)!);
    await repo.saveDecision(data.shop, { orders, lines, history: [] });
  }
  return round(performance.now() - start);
}

/** The restock's levels, as inventory_levels/update would have mirrored them: 60% of each item's waiting units. */
async function mirrorRestock(db: Db, data: Dataset, items: string[]): Promise<void> {
  const asOf = new Date(T0 + 86_400_000 * 30);
  for (let i = 0; i < items.length; i += 500) {
    await db.inventoryLevelMirror.createMany({
      data: items.slice(i, i + 500).map((inventoryItemId) => ({
        shop: data.shop,
        inventoryItemId,
        locationId: ALL_LOCATIONS,
        available: Math.floor((data.demand.get(inventoryItemId) ?? 0) * RESTOCK_SHARE),
        asOf,
      })),
    });
  }
}

/**
 * redecide, phase by phase, over the given items (the same steps and repository calls, in the same order).
 * The orders to mark for sync are read one by one as redecide once did (`repo.getOrder` per order); with tens of
 * thousands of orders that alone would dominate the run, so it is timed on a sample and extrapolated.
 */
async function restock(repo: PrismaBackorderRepository, data: Dataset, items: string[]) {
  const shop = data.shop;
  const pools = items.map((inventoryItemId) => ({ inventoryItemId, locationId: ALL_LOCATIONS }));
  const load = await timed(() => repo.openLinesOfPools(shop, pools));
  const levels = await timed(async () => {
    const stock: StockLevel[] = [];
    for (const item of items) {
      const level = aggregateLevels(item as InventoryItemGid, await repo.levelsOfItem(shop, item));
      if (level) stock.push(level);
    }
    return stock;
  });
  const at = new Date();
  const cause = { kind: "webhook" as const, ref: "bench-restock" };
  const lines = load.result;
  const decide = await timed(() => {
    const decision = decideBackorders({ stock: levels.result, lines, rules: RULES });
    const changed: BackorderLine[] = [];
    const history: LineHistoryEntry[] = [];
    decision.lines.forEach((d, i) => {
      const result = applyDecision(lines[i]!, d, at, cause);
      if (!result.ok) throw result.error;
      if (result.entry) {
        changed.push(result.line);
        history.push(result.entry);
      }
    });
    return { decision, changed, history };
  });
  const { decision, changed, history } = decide.result;

  // The pure function alone on the same loaded lines, median of several runs: the baseline of this run.
  const pureRuns: number[] = [];
  for (let i = 0; i < PURE_RUNS + 1; i++) {
    const start = performance.now();
    decideBackorders({ stock: levels.result, lines, rules: RULES });
    if (i > 0) pureRuns.push(performance.now() - start); // the first is a warm-up
  }

  const toSync = decision.ordersToSync;
  const SAMPLE = Math.min(toSync.length, 1_000);
  const sample = await timed(async () => {
    for (const id of toSync.slice(0, SAMPLE)) await repo.getOrder(shop, id);
  });
  const ordersById = new Map(data.orders.map((o) => [o.orderId as string, o]));
  const orders = toSync.map((id) => ({ ...ordersById.get(id)!, needsSync: true }));
  // The repository runs saveDecision in one interactive transaction with a 30 s timeout: a failure is a result.
  let saveError: string | null = null;
  const save = await timed(async () => {
    try {
      await repo.saveDecision(shop, { orders, lines: changed, history });
    } catch (e) {
      saveError = `${(e as { code?: string }).code ?? ""} ${(e as Error).message.split("\n").filter(Boolean).pop()}`;
    }
  });
  // After a failure (rolled back), a tenth of the change saved alone gives the rate.
  let tenth: { lines: number; ms: number } | null = null;
  if (saveError) {
    const n = Math.ceil(changed.length / 10);
    const ids = new Set(changed.slice(0, n).map((l) => l.orderId as string));
    const t = await timed(() =>
      repo.saveDecision(shop, {
        orders: orders.filter((o) => ids.has(o.orderId)),
        lines: changed.slice(0, n),
        history: history.slice(0, n),
      }),
    );
    tenth = { lines: n, ms: t.ms };
  }

  const getOrdersMs = SAMPLE === 0 ? 0 : round((sample.ms / SAMPLE) * toSync.length);
  const phasesMs = {
    openLinesOfPools: load.ms,
    levelsOfItem: levels.ms,
    decideAndApply: decide.ms,
    getOrderPerOrderToSync: getOrdersMs,
    saveDecision: save.ms,
  };
  const withoutGetOrder = round(load.ms + levels.ms + decide.ms + save.ms);
  const pureMs = round(median(pureRuns));
  return {
    items: items.length,
    linesLoaded: lines.length,
    linesChanged: changed.length,
    historyEntries: history.length,
    ordersToSync: toSync.length,
    phasesMs,
    saveDecisionFailed: saveError,
    saveDecisionOfOneTenth: tenth,
    getOrderSample: { orders: SAMPLE, ms: sample.ms, extrapolated: SAMPLE < toSync.length },
    totalMs: round(withoutGetOrder + getOrdersMs),
    totalWithoutGetOrderMs: withoutGetOrder,
    pureDecideMs: pureMs,
    pureSamplesMs: pureRuns.map(round),
    persistedOverPure: Math.round(withoutGetOrder / pureMs),
  };
}

async function persistence(kind: DatabaseKind) {
  const database = await createTestDatabase(kind);
  try {
    const repo = new PrismaBackorderRepository(database.db);

    // 100,000 lines over 1,000 items.
    const spread = dataset(`spread-${SHOP}`, LINES, 1_000, 42);
    const spreadStoreMs = await store(repo, spread);
    const allItems = [...spread.demand.keys()];
    await mirrorRestock(database.db, spread, allItems);
    log(`  ${kind}: stored ${LINES} lines over ${allItems.length} items in ${spreadStoreMs} ms`);
    // The everyday restock first (one item, its ~100 lines), with the real redecide, 5 different items.
    const single: number[] = [];
    let singleLines = 0;
    for (const item of allItems.slice(0, 5)) {
      const t = await timed(() =>
        redecide(repo, spread.shop, {
          items: new Set([item as InventoryItemGid]),
          changedLines: [],
          history: [],
          orders: [],
          cause: { kind: "webhook", ref: "bench-one-item" },
          at: new Date(),
          rules: RULES,
        }),
      );
      single.push(t.ms);
      singleLines += spread.lines.filter((l) => l.inventoryItemId === item).length;
    }
    const oneOfMany = {
      items: 5,
      linesPerItem: Math.round(singleLines / 5),
      redecidePoolsMs: round(median(single)),
      samplesMs: single,
    };
    log(`  ${kind}: one item of 1,000 restocked (redecidePools): ${oneOfMany.redecidePoolsMs} ms median`);
    // Every item at once: not a path the engine takes today (a level update re-decides one item), so only on --bulk.
    const bulk = BULK ? await restock(repo, spread, allItems) : undefined;
    if (bulk) log(`  ${kind}: bulk restock ${JSON.stringify(bulk.phasesMs)}, pure ${bulk.pureDecideMs} ms`);

    // Worst case: one item with 100,000 waiting lines. Derived from the stored lines by one UPDATE (every line
    // re-pointed to one item and waiting again) rather than stored a second time, which would double the setup.
    const hotItem = toGid("InventoryItem", "999999");
    const repoint = await timed(
      () =>
        database.db
          .$executeRaw`UPDATE "BackorderLine" SET "inventoryItemId" = ${hotItem}, "variantId" = ${toGid("ProductVariant", "999999")}, "status" = 'backordered', "inStock" = 0, "allocated" = 0, "partialAllocations" = 0 WHERE "shop" = ${spread.shop}`,
    );
    const hot: Dataset = {
      ...spread,
      demand: new Map([[hotItem, [...spread.demand.values()].reduce((a, b) => a + b, 0)]]),
    };
    await mirrorRestock(database.db, hot, [hotItem]);
    log(`  ${kind}: re-pointed ${LINES} lines to one item in ${repoint.ms} ms`);
    const oneHotItem = await restock(repo, hot, [hotItem]);
    log(`  ${kind}: hot restock ${JSON.stringify(oneHotItem.phasesMs)}, pure ${oneHotItem.pureDecideMs} ms`);

    return {
      setup: { linesStoredMs: spreadStoreMs, batch: SETUP_BATCH, repointToOneItemMs: repoint.ms },
      ...(bulk ? { bulkRestock1000Items: bulk } : {}),
      oneItemOf1000: oneOfMany,
      oneItem100kLines: oneHotItem,
    };
  } finally {
    await database.cleanup();
  }
}

// ------------------------------------------------------------------ dev store helpers

type Stack = Awaited<ReturnType<typeof startTestStack>>;

interface PlacedOrder {
  id: string;
  lineItems: { id: string; variantId: string | null; sku: string | null; quantity: number }[];
  fulfillmentOrders: { id: string; locationId: string }[];
}

async function variantIds(stack: Stack): Promise<Map<string, string>> {
  const res = await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`);
  const state = (await res.json()) as { products: { variants: { id: string; sku: string }[] }[] };
  return new Map(state.products.flatMap((p) => p.variants.map((v) => [v.sku, v.id] as const)));
}

function placeOrder(stack: Stack, variants: Map<string, string>, lines: [sku: string, quantity: number][]) {
  return devStoreControl<PlacedOrder>(stack, "/orders", {
    shop: stack.shop,
    lines: lines.map(([sku, quantity]) => ({ variantId: variants.get(sku)!, quantity })),
  });
}

/** Every webhook so far delivered and every inbox row processed, including what processing them caused. */
async function settle(stack: Stack): Promise<void> {
  for (let quiet = 0; quiet < 2;) {
    await stack.devStore.webhooksIdle();
    quiet = (await stack.app.worker.drain()) === 0 ? quiet + 1 : 0;
  }
}

const ENGINE_OPERATIONS = new Set([
  "WaitwellVariantsForEngine",
  "WaitwellOrderForSync",
  "WaitwellSyncBackorder",
]);

interface CallSummary {
  /** HTTP round trips, a THROTTLED answer (retried by the client after a wait) included. */
  requests: number;
  /** Round trips that were not throttled: the calls the code makes. */
  calls: number;
  throttled: number;
  /** Cost points of the calls that ran (a throttled answer runs nothing). */
  requestedCost: number;
  actualCost: number;
  operations: Record<string, number>;
}

function summarize(records: CallRecord[]): CallSummary {
  const ran = records.filter((r) => !r.throttled);
  const operations: Record<string, number> = {};
  for (const r of ran) operations[r.operation] = (operations[r.operation] ?? 0) + 1;
  return {
    requests: records.length,
    calls: ran.length,
    throttled: records.length - ran.length,
    requestedCost: ran.reduce((sum, r) => sum + (r.requestedQueryCost ?? 0), 0),
    actualCost: ran.reduce((sum, r) => sum + (r.actualQueryCost ?? 0), 0),
    operations,
  };
}

// ------------------------------------------------------------------ 2. orders/create end to end

/**
 * Places ORDERS one-line orders through the control API (8 at a time) and waits until the inbox worker has processed
 * every orders/create and the engine has decided every line (none left "new") and synced every order it had to.
 */
async function throughput(kind: DatabaseKind) {
  const database = kind === "postgresql" ? await createTestDatabase("postgresql") : undefined;
  await database?.db.$disconnect();
  const records: CallRecord[] = [];
  // The rate limiter is off: what is measured is Waitwell, not Shopify's 100 points/s (see the calls part).
  const stack = await startTestStack({
    ...(database ? { databaseUrl: database.url } : {}),
    onAdminCall: (r) => records.push(r),
    devStore: { rateLimit: { enabled: false } },
  });
  try {
    const variants = await variantIds(stack);
    const db = stack.app.db;
    // Plenty of stock for the in-stock workload; a first order of every variant mirrors them.
    for (const sku of ["MTS-SM", "MTS-LXL", "SDJ-S"])
      await devStoreControl(stack, "/stock/receive", {
        shop: stack.shop,
        variantId: variants.get(sku),
        quantity: 100_000,
      });
    for (const sku of ["MTS-SM", "MTS-LXL", "SDJ-S", "TB-BOOT-09", "RDP-24-EMB"])
      await placeOrder(stack, variants, [[sku, 1]]);
    await settle(stack);

    const run = async (label: string, skus: string[]) => {
      const before = records.length;
      const ids: string[] = [];
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < ORDERS) {
            const sku = skus[next++ % skus.length]!;
            ids.push((await placeOrder(stack, variants, [[sku, 1]])).id);
          }
        }),
      );
      const placedMs = performance.now() - started;
      const where = { shop: stack.shop, orderId: { in: ids } };
      for (;;) {
        const [orders, undecided, unsynced, pending] = await Promise.all([
          db.backorderOrder.count({ where }),
          db.backorderLine.count({ where: { ...where, status: "new" } }),
          db.backorderOrder.count({ where: { ...where, needsSync: true } }),
          db.webhookEvent.count({
            where: { shop: stack.shop, topic: "orders/create", status: { not: "PROCESSED" } },
          }),
        ]);
        if (orders === ids.length && undecided === 0 && unsynced === 0 && pending === 0) break;
        if (performance.now() - started > 120_000) throw new Error(`${label}: not processed in 2 minutes`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const seconds = (performance.now() - started) / 1000;
      const statuses = await db.backorderLine.groupBy({ by: ["status"], where, _count: true });
      const result = {
        orders: ids.length,
        placedInMs: round(placedMs),
        seconds: round(seconds * 1000) / 1000,
        ordersPerSecond: Math.round(ids.length / seconds),
        lineStatuses: Object.fromEntries(statuses.map((s) => [s.status, s._count])),
        adminCalls: summarize(records.slice(before)),
      };
      log(`  ${kind} ${label}: ${result.ordersPerSecond} orders/s (${JSON.stringify(result.lineStatuses)})`);
      await settle(stack);
      return result;
    };
    return {
      inStock: await run("in stock", ["MTS-SM", "MTS-LXL", "SDJ-S"]),
      backordered: await run("backordered", ["TB-BOOT-09", "RDP-24-EMB"]),
    };
  } finally {
    await stack.close();
    await database?.cleanup();
  }
}

// ------------------------------------------------------------------ 3. Admin API calls per order

/** In stock (DENY, stock received first), and five backorderable variants at 0 or less (CONTINUE). */
const IN_STOCK: [string, number][] = [
  ["MTS-SM", 1],
  ["MTS-LXL", 1],
];
const BACKORDERABLE = ["TB-BOOT-09", "TB-BOOT-10", "RDP-24-EMB", "RDP-24-MOS", "SDJ-L"];
const ORDER_KINDS: Record<string, [string, number][]> = {
  "0 backordered (2 lines in stock)": IN_STOCK,
  "1 backordered": [["RDP-24-EMB", 1]],
  "5 backordered": BACKORDERABLE.map((sku): [string, number] => [sku, 1]),
};
const REPEATS = 3;

const NAIVE_VARIANT = operation<
  {
    productVariant: null | {
      inventoryPolicy: "DENY" | "CONTINUE";
      inventoryQuantity: number | null;
      inventoryItem: { tracked: boolean };
    };
  },
  { id: string }
>(`#graphql
  query NaiveVariantStock($id: ID!) {
    productVariant(id: $id) {
      inventoryPolicy
      inventoryQuantity
      inventoryItem {
        tracked
      }
    }
  }
`);
const NAIVE_ORDER = operation<
  {
    order: null | {
      fulfillmentOrders: {
        nodes: {
          id: string;
          status: string;
          lineItems: { nodes: { id: string; remainingQuantity: number; lineItem: { id: string } }[] };
        }[];
      };
    };
  },
  { id: string }
>(`#graphql
  query NaiveOrderForLine($id: ID!) {
    order(id: $id) {
      fulfillmentOrders(first: 5) {
        nodes {
          id
          status
          lineItems(first: 50) {
            nodes {
              id
              remainingQuantity
              lineItem {
                id
              }
            }
          }
        }
      }
    }
  }
`);
type UserErrors = { userErrors: { message: string }[] } | null;
const NAIVE_TAGS = operation<{ tagsAdd: UserErrors }, { id: string; tags: string[] }>(`#graphql
  mutation NaiveTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors {
        message
      }
    }
  }
`);
const NAIVE_METAFIELD = operation<
  { metafieldsSet: UserErrors },
  { metafields: { ownerId: string; namespace: string; key: string; type: string; value: string }[] }
>(`#graphql
  mutation NaiveMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      userErrors {
        message
      }
    }
  }
`);
const NAIVE_HOLD = operation<
  { fulfillmentOrderHold: UserErrors },
  {
    id: string;
    hold: {
      reason: "INVENTORY_OUT_OF_STOCK";
      handle: string;
      fulfillmentOrderLineItems: { id: string; quantity: number }[];
    };
  }
>(`#graphql
  mutation NaiveHold($id: ID!, $hold: FulfillmentOrderHoldInput!) {
    fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
      userErrors {
        message
      }
    }
  }
`);

function assertOk(name: string, payload: UserErrors): void {
  if (payload?.userErrors.length)
    throw new Error(`${name}: ${payload.userErrors.map((e) => e.message).join("; ")}`);
}

/**
 * What an app without a mirror or a plan does for orders/create: reads each line's variant to learn whether it
 * waits, then, per waiting line, re-reads the order and makes one call each for the tag, the metafield and the hold.
 */
async function naiveOrderCreated(client: AdminClient, shop: ShopDomain, order: PlacedOrder): Promise<void> {
  for (const line of order.lineItems) {
    if (!line.variantId) continue;
    const { productVariant: v } = await client.request(shop, NAIVE_VARIANT, { id: line.variantId });
    if (!v || v.inventoryPolicy !== "CONTINUE" || !v.inventoryItem.tracked) continue;
    const waiting = Math.min(line.quantity, Math.max(0, -(v.inventoryQuantity ?? 0)));
    if (waiting === 0) continue;
    const data = await client.request(shop, NAIVE_ORDER, { id: order.id });
    const target = data.order?.fulfillmentOrders.nodes
      .filter((fo) => fo.status === "OPEN")
      .flatMap((fo) => fo.lineItems.nodes.map((li) => ({ fo, li })))
      .find(({ li }) => li.lineItem.id === line.id && li.remainingQuantity > 0);
    assertOk(
      "tagsAdd",
      (await client.request(shop, NAIVE_TAGS, { id: order.id, tags: ["backorder"] })).tagsAdd,
    );
    const metafield = {
      ownerId: order.id,
      namespace: "$app:waitwell",
      key: `naive_${line.id.slice(line.id.lastIndexOf("/") + 1)}`,
      type: "json",
      value: JSON.stringify({ lineItemId: line.id, waiting }),
    };
    assertOk(
      "metafieldsSet",
      (await client.request(shop, NAIVE_METAFIELD, { metafields: [metafield] })).metafieldsSet,
    );
    if (!target) throw new Error(`naive: no open fulfillment order holds ${line.id}`);
    const hold = await client.request(shop, NAIVE_HOLD, {
      id: target.fo.id,
      hold: {
        reason: "INVENTORY_OUT_OF_STOCK",
        handle: `naive-${line.id.slice(line.id.lastIndexOf("/") + 1)}`,
        fulfillmentOrderLineItems: [
          { id: target.li.id, quantity: Math.min(waiting, target.li.remainingQuantity) },
        ],
      },
    });
    assertOk("fulfillmentOrderHold", hold.fulfillmentOrderHold);
  }
}

/**
 * One stack (SQLite), the inbox worker driven by hand so each order's Admin calls are exactly those between placing it
 * and the inbox falling quiet. The dev store's rate limiter is on (Standard plan), as Shopify's would be.
 */
async function adminCalls() {
  const records: CallRecord[] = [];
  const stack = await startTestStack({ onAdminCall: (r) => records.push(r), startWorker: false });
  try {
    const variants = await variantIds(stack);
    const engineCalls = (from: number) =>
      records.slice(from).filter((r) => ENGINE_OPERATIONS.has(r.operation));
    const tail = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);
    await devStoreControl(stack, `/variants/${tail(variants.get("SDJ-L")!)}/policy`, {
      shop: stack.shop,
      policy: "CONTINUE",
    });
    for (const [sku] of IN_STOCK)
      await devStoreControl(stack, "/stock/receive", {
        shop: stack.shop,
        variantId: variants.get(sku),
        quantity: 1_000,
      });
    await settle(stack);

    // A variant never seen: its first order reads it (one batched read), the mirror then serves it.
    let from = records.length;
    const coldOrder = await placeOrder(stack, variants, [["TB-BOOT-09", 1]]);
    await settle(stack);
    const cold = { all: summarize(records.slice(from)), engine: summarize(engineCalls(from)) };
    log(`  first order of an unmirrored variant: ${JSON.stringify(cold.engine.operations)}`);
    // Warm-up: one order over every variant used below (mirrors their variants and levels).
    from = records.length;
    await placeOrder(stack, variants, [
      ...IN_STOCK,
      ...BACKORDERABLE.map((sku): [string, number] => [sku, sku === "RDP-24-MOS" ? 2 : 1]),
    ]);
    await settle(stack);
    const warmUp = summarize(engineCalls(from));

    const engine: Record<string, unknown> = {};
    for (const [label, lines] of Object.entries(ORDER_KINDS)) {
      const perOrder: { all: CallSummary; engine: CallSummary; fulfillmentOrders: number }[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const start = records.length;
        const placed = await placeOrder(stack, variants, lines);
        await settle(stack);
        perOrder.push({
          all: summarize(records.slice(start)),
          engine: summarize(engineCalls(start)),
          fulfillmentOrders: placed.fulfillmentOrders.length,
        });
      }
      engine[label] = perOrder;
      log(`  engine, ${label}: ${perOrder.map((o) => `${o.engine.calls} calls`).join(", ")}`);
    }

    // The naive implementation, with the app's admin client and token, on orders the engine never sees: the worker
    // is not drained again, so their webhooks wait in the inbox until the stack closes.
    const naiveRecords: CallRecord[] = [];
    const sessions = createPrismaRepositories(stack.app.db).sessions;
    const client = createAdminClient({
      adminOrigin: stack.devStoreUrl,
      accessToken: async (shop) => (await sessions.load(offlineSessionId(shop)))!.accessToken,
      logger: createLogger("silent"),
      onCall: (r) => naiveRecords.push(r),
    });
    const naive: Record<string, CallSummary[]> = {};
    for (const [label, lines] of Object.entries(ORDER_KINDS)) {
      const perOrder: CallSummary[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const placed = await placeOrder(stack, variants, lines);
        const start = naiveRecords.length;
        await naiveOrderCreated(client, stack.shop, placed);
        perOrder.push(summarize(naiveRecords.slice(start)));
      }
      naive[label] = perOrder;
      log(`  naive, ${label}: ${perOrder.map((o) => `${o.calls} calls`).join(", ")}`);
    }
    return { coldOrder: { id: coldOrder.id, ...cold }, warmUp, engine, naive };
  } finally {
    await stack.close();
  }
}

// ------------------------------------------------------------------ run

async function main() {
  const started = performance.now();
  const kinds: DatabaseKind[] = [];
  if (ONLY_DB !== "postgresql") kinds.push("sqlite");
  if (ONLY_DB !== "sqlite" && (await postgresAvailable())) kinds.push("postgresql");
  const allocation: Record<string, unknown> = {};
  const throughputs: Record<string, unknown> = {};
  let calls: unknown;
  if (!PART || PART === "calls") {
    log("Admin API calls per order, engine and naive");
    calls = await adminCalls();
  }
  if (!PART || PART === "throughput") {
    for (const kind of kinds) {
      log(`orders/create end to end, ${kind}`);
      throughputs[kind] = await throughput(kind);
    }
  }
  if (!PART || PART === "allocation") {
    for (const kind of kinds) {
      log(`allocation with persistence, ${kind}`);
      allocation[kind] = await persistence(kind);
    }
  }
  await releaseTestDatabases();
  console.log(
    JSON.stringify({
      benchmark: "backorder-engine",
      node: process.version,
      lines: LINES,
      rules: RULES,
      restockShare: RESTOCK_SHARE,
      allocation,
      throughput: throughputs,
      calls,
      seconds: round((performance.now() - started) / 1000),
    }),
  );
}

main().catch(async (e: unknown) => {
  console.error(e);
  await releaseTestDatabases().catch(() => {});
  process.exit(1);
});
