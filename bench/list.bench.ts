/**
 * The admin's backorder list on a big shop: `npm run bench -- list [--lines 1000000] [--runs 60] [--db sqlite|postgresql]
 * [--baseline off] [--only search]`.
 *
 * Stores `--lines` lines (two per order, a year of orders, 2,000 variants, statuses spread as a shop that has run
 * for a while: 40% backordered, 10% partially allocated, 10% allocated, 5% released, 30% fulfilled, 5% cancelled)
 * straight with SQL, then times the real `PrismaBackorderRepository.listLines` (what GET /api/backorders/lines runs)
 * for each filtered page below: first without the list indexes the admin_list_indexes migration adds (the
 * baseline: every other index is there), then with them, in the same run on the same data. Every query reads pages
 * 1 to 5 (the cursor of each page continues the next), `--runs` times.
 *
 * Ends with one JSON line on stdout, for BENCHMARKS.md; progress goes to stderr.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../scripts/local-stack.js";
import { PrismaBackorderRepository } from "../web/server/adapters/prisma/backorder-repository.js";
import type { Db } from "../web/server/adapters/prisma/client.js";
import type { LineFilter } from "../web/server/use-cases/backorder/ports.js";
import {
  createTestDatabase,
  postgresAvailable,
  releaseTestDatabases,
  type DatabaseKind,
} from "../test/support/db.js";

const LINES = Number(argValue("--lines") ?? 1_000_000);
const RUNS = Number(argValue("--runs") ?? 60);
/** Baseline queries can take seconds each: fewer runs of them. */
const BASELINE_RUNS = Math.max(3, Math.round(RUNS / 6));
const ONLY_DB = argValue("--db");
/** `--baseline off`: only the indexed runs (the baseline's walks take seconds a page). */
const BASELINE = argValue("--baseline") !== "off";
/** `--only search`: only the text searches. */
const ONLY = argValue("--only");
const PAGES = 5;
const SHOP = "bench-list.myshopify.com";
const VARIANTS = 2000;
const CUSTOMERS = 50_000;
const T0_SECONDS = Date.UTC(2025, 11, 1) / 1000;
/** A year of orders: the seconds between two. */
const ORDER_GAP_SECONDS = Math.floor((365 * 86_400) / (LINES / 2));
const NOW = new Date((T0_SECONDS + 366 * 86_400) * 1000);

/**
 * The B-tree indexes the list walks, by name: those of the admin_list_indexes, list_search_and_all_tab and
 * list_promised_sort migrations, and the insights' `(shop, orderCreatedAt, variantId)` index, which also serves the
 * list's time order (prisma/schema/models.prisma). The baseline runs without all of them; the text-search indexes
 * are dropped and built by setTextSearchIndexes.
 */
const LIST_INDEXES: Record<string, string> = {
  BackorderLine_list_age_idx: `("shop", "status", "orderCreatedAt", "orderId", "lineItemId")`,
  BackorderLine_list_priority_idx: `("shop", "status", "sortPriority", "orderCreatedAt", "orderId", "lineItemId")`,
  BackorderLine_list_units_idx: `("shop", "status", "waitingUnits", "orderCreatedAt", "orderId", "lineItemId")`,
  BackorderLine_list_variant_idx: `("shop", "variantId", "status")`,
  BackorderLine_all_age_idx: `("shop", "orderCreatedAt", "orderId", "lineItemId")`,
  BackorderLine_all_priority_idx: `("shop", "sortPriority", "orderCreatedAt", "orderId", "lineItemId")`,
  BackorderLine_all_units_idx: `("shop", "waitingUnits", "orderCreatedAt", "orderId", "lineItemId")`,
  BackorderLine_list_promised_idx: `("shop", "status", "sortPromise", "orderCreatedAt", "orderId", "lineItemId")`,
  BackorderLine_all_promised_idx: `("shop", "sortPromise", "orderCreatedAt", "orderId", "lineItemId")`,
  BackorderLine_demand_idx: `("shop", "orderCreatedAt", "variantId")`,
};

const WAITING: LineFilter["status"] = ["backordered", "partially_allocated"];

/** The filtered pages a merchant asks for, as the admin sends them (50 lines a page). */
const ALL_QUERIES: { name: string; filter: Omit<LineFilter, "limit" | "cursor">; search?: true }[] = [
  { name: "waiting, oldest first", filter: { status: WAITING, sort: "oldest" } },
  { name: "waiting, newest first", filter: { status: WAITING, sort: "newest" } },
  { name: "waiting, by priority", filter: { status: WAITING, sort: "priority" } },
  { name: "waiting, most units first", filter: { status: WAITING, sort: "units" } },
  { name: "waiting, promised date first", filter: { status: WAITING, sort: "promised" } },
  { name: "all statuses, newest first", filter: { sort: "newest" } },
  {
    name: "allocated, older than 30 days, oldest first",
    filter: {
      status: ["allocated"],
      sort: "oldest",
      createdBefore: new Date(NOW.getTime() - 30 * 86_400_000),
    },
  },
  {
    name: "one variant, waiting, oldest first",
    filter: { status: WAITING, variantId: variantGid(77), sort: "oldest" },
  },
  // Text search: a rare SKU (500 lines), a customer's name (11 customers, 220 lines), an order number (11 orders)
  // and a product most waiting lines hold (found by walking the sort index).
  { name: "search SKU, waiting", filter: { status: WAITING, search: "sku-00123" }, search: true },
  { name: "search customer, all statuses", filter: { search: "customer 4242 " }, search: true },
  { name: "search order number, all statuses", filter: { search: "#25000" }, search: true },
  {
    name: "search common product word, waiting, by priority",
    filter: { status: WAITING, sort: "priority", search: "product 1" },
    search: true,
  },
];

const QUERIES = ONLY === "search" ? ALL_QUERIES.filter((q) => q.search) : ALL_QUERIES;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

function variantGid(n: number): string {
  return `gid://shopify/ProductVariant/${n}`;
}

const log = (msg: string) => console.error(msg);
const round = (ms: number) => Math.round(ms * 100) / 100;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

// ------------------------------------------------------------------ data

/** One SQL statement per table: the rows are computed by the database from a counter. */
function seedStatements(kind: DatabaseKind): string[] {
  const orders = LINES / 2;
  const series = (n: number) =>
    kind === "sqlite"
      ? `WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${n})`
      : `WITH g(n) AS (SELECT generate_series(1::bigint, ${n}))`; // bigint: n * 7919 passes 2^31
  const time = (seconds: string) =>
    kind === "sqlite"
      ? `strftime('%Y-%m-%dT%H:%M:%f+00:00', ${seconds}, 'unixepoch')`
      : `to_timestamp(${seconds})`;
  const pad = (expr: string) =>
    kind === "sqlite" ? `printf('%05d', ${expr})` : `lpad((${expr})::text, 5, '0')`;
  const bool = (v: boolean) => (kind === "sqlite" ? (v ? "1" : "0") : v ? "true" : "false");
  const now = time(String(T0_SECONDS + 366 * 86_400));
  const orderTime = (n: string) => time(`${T0_SECONDS} + (${n}) * ${ORDER_GAP_SECONDS}`);
  // Status by a hash of the line number, quantities to match it (backorder-rows.ts derives waitingUnits alike).
  const bucket = `(((n * 7919) % 1009) % 100)`;
  const status = `CASE WHEN ${bucket} < 40 THEN 'backordered' WHEN ${bucket} < 50 THEN 'partially_allocated'
    WHEN ${bucket} < 60 THEN 'allocated' WHEN ${bucket} < 65 THEN 'released' WHEN ${bucket} < 95 THEN 'fulfilled'
    ELSE 'cancelled' END`;
  const quantity = `(2 + n % 4)`;
  const allocated = `CASE WHEN ${bucket} < 40 THEN 0 WHEN ${bucket} < 50 THEN 1 WHEN ${bucket} < 95 THEN ${quantity} ELSE 0 END`;
  const priority = `CASE WHEN n % 50 = 0 THEN n % 7 ELSE NULL END`;
  // Shopify ids start at 1 (a stored gid with id 0 is refused when read).
  const customer = `(1 + (n * 31) % ${CUSTOMERS})`;
  // Waiting lines are promised a day within 60 days of now; the others sort last, as the app stores them.
  const promiseDay =
    kind === "sqlite"
      ? `date(${T0_SECONDS + 366 * 86_400} + (n % 60) * 86400, 'unixepoch')`
      : `to_char(to_timestamp(${T0_SECONDS + 366 * 86_400} + (n % 60) * 86400), 'YYYY-MM-DD')`;
  const promised = `CASE WHEN ${bucket} < 50 THEN ${promiseDay} ELSE '9999-12-31' END`;
  const variant = `(1 + n % ${VARIANTS})`;
  return [
    `${series(orders)}
     INSERT INTO "BackorderOrder" ("shop", "orderId", "name", "orderCreatedAt", "sourceUpdatedAt", "customerId",
       "customerEmail", "customerName", "tags", "cancelled", "holds", "backordered", "needsSync", "searchText",
       "createdAt", "updatedAt")
     SELECT '${SHOP}', 'gid://shopify/Order/' || n, '#' || (1000 + n), ${orderTime("n")}, ${orderTime("n")},
       'gid://shopify/Customer/' || ${customer}, 'customer' || ${customer} || '@example.com',
       'Customer ' || ${customer}, '[]', ${bool(false)}, '[]', ${bool(true)}, ${bool(false)},
       '#' || (1000 + n) || ' | customer ' || ${customer} || ' | customer' || ${customer} || '@example.com',
       ${now}, ${now}
     FROM g`,
    `${series(LINES)}
     INSERT INTO "BackorderLine" ("shop", "lineItemId", "orderId", "orderCreatedAt", "variantId", "inventoryItemId",
       "locationId", "tracked", "tags", "priority", "status", "quantity", "inStock", "allocated",
       "partialAllocations", "productTitle", "variantTitle", "sku", "waitingUnits", "sortPriority", "sortPromise",
       "searchText", "createdAt", "updatedAt")
     SELECT '${SHOP}', 'gid://shopify/LineItem/' || n, 'gid://shopify/Order/' || ((n + 1) / 2),
       ${orderTime("(n + 1) / 2")}, 'gid://shopify/ProductVariant/' || ${variant},
       'gid://shopify/InventoryItem/' || ${variant}, 'gid://shopify/Location/1', ${bool(true)}, '[]', ${priority},
       ${status}, ${quantity}, 0, ${allocated}, 0, 'Product ' || (${variant} / 4), 'Size ' || (${variant} % 4),
       'SKU-' || ${pad(variant)}, ${quantity} - (${allocated}), COALESCE(${priority}, 2147483647), ${promised},
       lower('SKU-' || ${pad(variant)} || ' | Product ' || (${variant} / 4) || ' | Size ' || (${variant} % 4)),
       ${now}, ${now}
     FROM g`,
  ];
}

/** The statements of the list_search_and_all_tab migration (the text-search indexes), as the migration runs them. */
function textSearchStatements(kind: DatabaseKind): string[] {
  const file = path.join(
    projectRoot,
    "prisma",
    kind,
    "migrations",
    "20261207100000_list_search_and_all_tab",
    "migration.sql",
  );
  const statements: string[] = [];
  let current: string[] = [];
  let inTrigger = false;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.startsWith("--") || (!line.trim() && current.length === 0)) continue;
    current.push(line);
    if (line.startsWith("CREATE TRIGGER")) inTrigger = true;
    if (line.trimEnd().endsWith(";") && (!inTrigger || line.trim() === "END;")) {
      statements.push(current.join("\n"));
      current = [];
      inTrigger = false;
    }
  }
  // The migration's B-tree indexes are in LIST_INDEXES.
  return statements.filter((statement) => !statement.startsWith('CREATE INDEX "BackorderLine_all_'));
}

/** Drops the text-search indexes (and on SQLite the triggers that keep them), or builds them as the migration does. */
async function setTextSearchIndexes(db: Db, kind: DatabaseKind, on: boolean): Promise<void> {
  if (on) {
    for (const statement of textSearchStatements(kind)) await db.$executeRawUnsafe(statement);
    return;
  }
  const drops =
    kind === "sqlite"
      ? ["Line", "Order"].flatMap((t) => [
          ...["insert", "delete", "update"].map(
            (op) => `DROP TRIGGER IF EXISTS "Backorder${t}_search_${op}"`,
          ),
          `DROP TABLE IF EXISTS "Backorder${t}Search"`,
        ])
      : ["Line", "Order"].map((t) => `DROP INDEX IF EXISTS "Backorder${t}_search_trgm_idx"`);
  for (const statement of drops) await db.$executeRawUnsafe(statement);
}

async function setIndexes(db: Db, kind: DatabaseKind, on: boolean): Promise<void> {
  await setTextSearchIndexes(db, kind, on);
  for (const [name, columns] of Object.entries(LIST_INDEXES)) {
    await db.$executeRawUnsafe(
      on
        ? `CREATE INDEX IF NOT EXISTS "${name}" ON "BackorderLine" ${columns}`
        : `DROP INDEX IF EXISTS "${name}"`,
    );
  }
  await db.$executeRawUnsafe("ANALYZE");
}

// ------------------------------------------------------------------ timing

interface QueryResult {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
  lines: number;
}

async function timeQueries(repo: PrismaBackorderRepository, runs: number): Promise<QueryResult[]> {
  const results: QueryResult[] = [];
  for (const q of QUERIES) {
    const samples: number[] = [];
    let lines = 0;
    for (let run = 0; run < runs; run++) {
      let cursor: string | undefined;
      for (let page = 0; page < PAGES; page++) {
        const start = performance.now();
        const result = await repo.listLines(SHOP, { ...q.filter, limit: 50, ...(cursor ? { cursor } : {}) });
        samples.push(performance.now() - start);
        if (run === 0) lines += result.lines.length;
        cursor = result.nextCursor ?? undefined;
        if (!cursor) break;
      }
    }
    results.push({
      name: q.name,
      runs: samples.length,
      p50: round(percentile(samples, 50)),
      p95: round(percentile(samples, 95)),
      max: round(Math.max(...samples)),
      lines,
    });
    log(`  ${q.name}: p50 ${round(percentile(samples, 50))} ms, p95 ${round(percentile(samples, 95))} ms`);
  }
  return results;
}

async function benchDatabase(kind: DatabaseKind) {
  log(`\n${kind}: storing ${LINES.toLocaleString("en")} lines…`);
  const database = await createTestDatabase(kind);
  try {
    const { db } = database;
    await setIndexes(db, kind, false);
    const seedStart = performance.now();
    for (const statement of seedStatements(kind)) await db.$executeRawUnsafe(statement);
    await db.$executeRawUnsafe("ANALYZE");
    const seedSeconds = round((performance.now() - seedStart) / 1000);
    const [{ count } = { count: 0 }] = await db.$queryRawUnsafe<{ count: bigint | number }[]>(
      `SELECT COUNT(*) AS count FROM "BackorderLine"`,
    );
    log(`  ${Number(count).toLocaleString("en")} lines stored in ${seedSeconds} s`);
    if (BASELINE) log(`${kind}: baseline (without the list indexes), ${BASELINE_RUNS} runs × ${PAGES} pages`);
    const baseline = BASELINE
      ? await timeQueries(new PrismaBackorderRepository(db, undefined, { textSearch: "scan" }), BASELINE_RUNS)
      : null;
    const indexStart = performance.now();
    await setIndexes(db, kind, true);
    const indexSeconds = round((performance.now() - indexStart) / 1000);
    log(`${kind}: with the list indexes (built in ${indexSeconds} s), ${RUNS} runs × ${PAGES} pages`);
    const indexed = await timeQueries(new PrismaBackorderRepository(db), RUNS);
    return {
      lines: Number(count),
      seedSeconds,
      indexSeconds,
      queries: indexed.map((q, i) => ({
        name: q.name,
        search: QUERIES[i]!.search ?? false,
        linesOnFirstFivePages: q.lines,
        baseline: baseline
          ? { runs: baseline[i]!.runs, p50: baseline[i]!.p50, p95: baseline[i]!.p95, max: baseline[i]!.max }
          : null,
        indexed: { runs: q.runs, p50: q.p50, p95: q.p95, max: q.max },
      })),
    };
  } finally {
    await database.cleanup();
  }
}

const kinds: DatabaseKind[] = [];
if (ONLY_DB !== "postgresql") kinds.push("sqlite");
if (ONLY_DB !== "sqlite" && (await postgresAvailable())) kinds.push("postgresql");
const report: Record<string, unknown> = {
  lines: LINES,
  runs: RUNS,
  baselineRuns: BASELINE_RUNS,
  pagesPerRun: PAGES,
};
try {
  for (const kind of kinds) report[kind] = await benchDatabase(kind);
} finally {
  await releaseTestDatabases().catch(() => {});
}
console.log(JSON.stringify(report));
