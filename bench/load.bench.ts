/**
 * Flash-sale load: `npm run bench -- load [--part intake] [--db sqlite|postgresql] [--seconds 10]
 * [--connections 50] [--rounds 3] [--profile] [--role web|worker|both] [--workers N]`.
 *
 * `--workers N` (PostgreSQL) starts N worker processes (`WAITWELL_ROLE=worker`, jobs on pg-boss) beside the app on
 * the same database; with `--role web` the app process only answers HTTP and the workers process what arrives.
 *
 * - intake: autocannon (50 connections, 10 s) with Shopify's 15 KB orders/create sample against the app (the whole
 *   local stack in its own process, worker on, processing what arrives) and against a bare Express route that only
 *   verifies the HMAC, same payload, same run. Goal: app/bare ≥ 0.5, app p99 < 50 ms. `--profile` writes a
 *   `node --cpu-prof` profile of the app process to bench/results/profiles.
 *
 * - maxrate, flash: bench/load/max-rate.ts, bench/load/flash-sale.ts. `--part flash --web 2 --workers 2`
 *   (PostgreSQL): the flash sale with 2 web processes behind a round-robin balancer and 2 worker processes, then the
 *   single-process flash as its baseline (bench/load/scale-out.ts).
 * - sync `[--orders 300] [--plus-orders N] [--timeout 600]`: Shopify sync at the Admin API budget, Standard and Plus
 *   (bench/load/sync-budget.ts).
 *
 * Ends with one JSON line on stdout (bench/run.ts collects it).
 */
import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runIntakeLoad, type IntakeResult } from "./load/intake.js";
import { flashSale } from "./load/flash-sale.js";
import { maxRate } from "./load/max-rate.js";
import { flashScaledOut } from "./load/scale-out.js";
import { syncBudget } from "./load/sync-budget.js";
import { freePort } from "../scripts/local-stack.js";
import { createBenchDatabase, postgresAvailable, spawnScript } from "./load/processes.js";

const here = import.meta.dirname;
const SECRET = "waitwell-local-api-secret";

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}
const PART = argValue("--part");
const ONLY_DB = argValue("--db");
const SECONDS = Number(argValue("--seconds") ?? 10);
const CONNECTIONS = Number(argValue("--connections") ?? 50);
const PROFILE = process.argv.includes("--profile");
const WORKERS = Number(argValue("--workers") ?? 0);
const ROUNDS = Number(argValue("--rounds") ?? 3);

/** The round with the median request rate (its latencies come with it). */
function medianRound(results: IntakeResult[]): IntakeResult {
  return [...results].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(results.length / 2)]!;
}

async function intake(kind: "sqlite" | "postgresql") {
  const database = await createBenchDatabase(kind);
  const { app, devStore } = await startApp(
    database.url,
    { RATE_LIMIT: "off" },
    argValue("--role") ? { WAITWELL_ROLE: argValue("--role")! } : {},
  );
  const workers =
    kind === "postgresql"
      ? await Promise.all(
          Array.from({ length: WORKERS }, () =>
            spawnScript<{ role: string }>(path.join(here, "load/serve-worker.ts"), {
              DATABASE_URL: database.url,
              DEVSTORE_PORT: new URL(devStore.info.url).port,
            }),
          ),
        )
      : [];
  const bare = await spawnScript<{ url: string }>(path.join(here, "load/serve-bare.ts"), {
    SHOPIFY_API_SECRET: SECRET,
  });
  const load = (url: string) =>
    runIntakeLoad({ url, shop: app.info.shop, secret: SECRET, connections: CONNECTIONS, seconds: SECONDS });
  try {
    // Rounds alternate bare and app, so that a burst of other work on the machine falls on both sides; the result
    // is each side's median round.
    const rounds: { app: IntakeResult; bare: IntakeResult }[] = [];
    for (let i = 0; i < ROUNDS; i++)
      rounds.push({ bare: await load(bare.info.url), app: await load(app.info.app) });
    const appResult = medianRound(rounds.map((r) => r.app));
    const bareResult = medianRound(rounds.map((r) => r.bare));
    return {
      app: appResult,
      bare: bareResult,
      ratio: round(appResult.perSecond / bareResult.perSecond, 3),
      rounds: rounds.map((r) => ({ app: r.app.perSecond, bare: r.bare.perSecond, appP99Ms: r.app.p99Ms })),
    };
  } finally {
    await bare.stop();
    for (const worker of workers) await worker.stop();
    await app.stop();
    await devStore.stop();
    await database.drop();
  }
}

/** The dev store in its own process, then Waitwell (both roles, worker thread) in another, installed on it. */
async function startApp(
  databaseUrl: string,
  devStoreEnv: Record<string, string>,
  appEnv: Record<string, string> = {},
) {
  const appPort = String(await freePort());
  const devStorePort = String(await freePort());
  const devStore = await spawnScript<{ url: string }>(path.join(here, "load/serve-devstore.ts"), {
    DEVSTORE_PORT: devStorePort,
    APP_URL: `http://localhost:${appPort}`,
    ...devStoreEnv,
  });
  const profileDir = profileDirectory();
  const app = await spawnScript<{ app: string; shop: string }>(
    path.join(here, "load/serve-app.ts"),
    {
      DATABASE_URL: databaseUrl,
      PORT: appPort,
      DEVSTORE_PORT: devStorePort,
      BENCH_DEVSTORE_URL: devStore.info.url,
      ...appEnv,
    },
    PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
  );
  return { app, devStore };
}

function profileDirectory(): string {
  const dir = path.join(here, "results/profiles");
  if (PROFILE) mkdirSync(dir, { recursive: true });
  return dir;
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function print(kind: string, r: { app: IntakeResult; bare: IntakeResult; ratio: number; rounds: unknown[] }) {
  const row = (name: string, x: IntakeResult) =>
    `  ${name.padEnd(5)} ${String(x.perSecond).padStart(6)} req/s  p50 ${x.p50Ms} ms  p99 ${x.p99Ms} ms  max ${x.maxMs} ms  non-2xx ${x.non2xx}  errors ${x.errors}`;
  console.error(
    `intake, ${kind} (median of ${r.rounds.length} rounds):\n${row("app", r.app)}\n${row("bare", r.bare)}\n  ratio ${r.ratio}\n  rounds ${JSON.stringify(r.rounds)}`,
  );
}

const kinds: ("sqlite" | "postgresql")[] = [];
if (ONLY_DB !== "postgresql") kinds.push("sqlite");
if (ONLY_DB !== "sqlite" && (await postgresAvailable())) kinds.push("postgresql");

const results: Record<string, unknown> = { load: os.loadavg().map((l) => round(l)) };
if (!PART || PART === "intake") {
  const byDb: Record<string, unknown> = {};
  for (const kind of kinds) {
    const r = await intake(kind);
    print(kind, r);
    byDb[kind] = r;
  }
  results.intake = byDb;
}
// Decision throughput (bench/load/max-rate.ts, bench/load/flash-sale.ts), each with its one-by-one baseline.
const ORDERS = Number(argValue("--orders") ?? 1000);
const BASELINE = argValue("--baseline") !== "off";
if (PART === "maxrate") {
  const stacks =
    argValue("--stack") === "npm-start" ? [true] : argValue("--stack") === "own" ? [false] : [false, true];
  const byDb: Record<string, unknown> = {};
  for (const kind of kinds)
    for (const npmStart of stacks)
      byDb[`${kind}${npmStart ? "-npm-start" : ""}`] = await maxRate({
        kind,
        orders: ORDERS,
        npmStart,
        baseline: BASELINE,
        ...(PROFILE ? { profileDir: profileDirectory() } : {}),
      });
  results.maxRate = byDb;
}
const WEB = Number(argValue("--web") ?? 0);
if (PART === "flash" && WEB > 0) {
  if (!kinds.includes("postgresql")) throw new Error("--web needs PostgreSQL (pg-boss): is it running?");
  results.flashScaledOut = await flashScaledOut({
    orders: ORDERS,
    ratePerSecond: Number(argValue("--rate") ?? 50),
    web: WEB,
    workers: WORKERS,
    baseline: BASELINE,
    ...(PROFILE ? { profileDir: profileDirectory() } : {}),
  });
} else if (PART === "flash") {
  const byDb: Record<string, unknown> = {};
  const ratePerSecond = Number(argValue("--rate") ?? 50);
  for (const kind of kinds)
    byDb[kind] = await flashSale({
      kind,
      orders: ORDERS,
      ratePerSecond,
      baseline: BASELINE,
      ...(PROFILE ? { profileDir: profileDirectory() } : {}),
    });
  results.flash = byDb;
}
if (PART === "sync") {
  const byDb: Record<string, unknown> = {};
  const orders = Number(argValue("--orders") ?? 300);
  for (const kind of kinds)
    byDb[kind] = await syncBudget({
      kind,
      orders,
      plusOrders: Number(argValue("--plus-orders") ?? orders),
      timeoutMs: Number(argValue("--timeout") ?? 600) * 1000,
    });
  results.sync = byDb;
}
results.loadAfter = os.loadavg().map((l) => round(l));
console.log(JSON.stringify(results));
