import { randomUUID } from "node:crypto";
import type { BackorderEngine, ReconcileReport } from "../use-cases/backorder/index.js";
import type { Clock, Logger, ShopDomain } from "../use-cases/ports.js";

/** One reconciliation of one shop, as the admin sees it (GET /api/backorders/reconcile). */
export interface ReconcileRun {
  id: string;
  shop: ShopDomain;
  trigger: "schedule" | "request";
  status: "running" | "completed" | "failed";
  startedAt: string;
  finishedAt: string | null;
  report: ReconcileReport | null;
  /** A failed run's error kind and message (internal detail stays in the log). */
  error: string | null;
}

export interface ReconcileSchedulerDeps {
  engine: Pick<BackorderEngine, "reconcile">;
  /** Shops with the app installed. */
  listShops: () => Promise<ShopDomain[]>;
  clock: Clock;
  logger: Logger;
  /** RECONCILE_INTERVAL_MS: the pause between two passes over every shop; 0 turns the periodic pass off. */
  intervalMs: number;
  /**
   * A run lists the orders Shopify changed since the previous completed run started, minus this margin (clock skew
   * between Shopify and us, writes in flight at that moment). Without a previous run: the use case's default window.
   */
  overlapMs?: number;
  /**
   * Where the start of each shop's last completed run is kept (the Shop row), so a restart resumes from it instead
   * of re-listing the default window for every shop. Without it: memory only.
   */
  progress?: {
    load(shop: ShopDomain): Promise<Date | null>;
    save(shop: ShopDomain, startedAt: Date): Promise<void>;
  };
}

export interface ReconcileScheduler {
  /** Starts a run in the background unless one is running for the shop; either way returns that run. */
  request(shop: ShopDomain): { run: ReconcileRun; started: boolean };
  /** The shop's running or last finished run (kept in memory: a restart forgets it). */
  latest(shop: ShopDomain): ReconcileRun | null;
  /** One pass over every installed shop, one at a time; a shop's failure is logged, never thrown. */
  runOnce(): Promise<{ shops: number; failed: number }>;
  /** One scheduled run of one shop (a job queue's reconcile job), or the run already going on; its outcome. */
  runShop(shop: ShopDomain): Promise<ReconcileRun>;
  start(): void;
  stop(): Promise<void>;
  /** Resolves when every run started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
}

/**
 * Runs the backorder reconciliation (use-cases/backorder/reconcile.ts) periodically for every shop and on demand.
 * At most one run per shop at a time: two runs would read and repair the same orders twice.
 */
export function createReconcileScheduler(deps: ReconcileSchedulerDeps): ReconcileScheduler {
  const { clock, logger } = deps;
  const overlapMs = deps.overlapMs ?? 10 * 60_000;
  const latest = new Map<ShopDomain, ReconcileRun>();
  const running = new Map<ShopDomain, Promise<ReconcileRun>>();
  /** Start of the last completed run per shop: where the next run's order listing begins. */
  const completedFrom = new Map<ShopDomain, Date>();
  let timer: NodeJS.Timeout | null = null;
  let pass: Promise<unknown> = Promise.resolve();
  let stopped = true;
  /** stop() was called: a pass in progress ends after its current shop. */
  let closing = false;

  function begin(
    shop: ShopDomain,
    trigger: ReconcileRun["trigger"],
  ): { run: ReconcileRun; started: boolean } {
    const current = latest.get(shop);
    if (current && running.has(shop)) return { run: current, started: false };
    const startedAt = clock.now();
    const run = newRun(shop, trigger, startedAt);
    latest.set(shop, run);
    const since = async () => {
      const from = await resumeFrom(shop);
      return from ? new Date(from.getTime() - overlapMs) : null;
    };
    const task = reconcileOnce(deps, run, since, () => completedFrom.set(shop, startedAt))
      .then((outcome) => finish(run, outcome))
      .finally(() => running.delete(shop));
    running.set(shop, task);
    return { run, started: true };
  }

  async function resumeFrom(shop: ShopDomain): Promise<Date | null> {
    const known = completedFrom.get(shop);
    if (known || !deps.progress) return known ?? null;
    return deps.progress.load(shop);
  }

  function finish(run: ReconcileRun, outcome: Partial<ReconcileRun>): ReconcileRun {
    const done: ReconcileRun = { ...run, ...outcome, finishedAt: clock.now().toISOString() };
    if (latest.get(run.shop)?.id === run.id) latest.set(run.shop, done);
    return done;
  }

  async function runOnce(): Promise<{ shops: number; failed: number }> {
    const shops = await deps.listShops();
    let failed = 0;
    for (const shop of shops) {
      if (closing) break;
      if ((await runShop(shop)).status === "failed") failed++;
    }
    return { shops: shops.length, failed };
  }

  async function runShop(shop: ShopDomain): Promise<ReconcileRun> {
    // A run requested from the admin may be going on: wait for it rather than start a second one.
    const { run } = begin(shop, "schedule");
    return (await running.get(shop)) ?? run;
  }

  function schedule(): void {
    if (stopped || deps.intervalMs <= 0) return;
    timer = setTimeout(() => {
      timer = null;
      pass = runOnce()
        .catch((e: unknown) => logger.error("reconciliation pass crashed", { error: String(e) }))
        .finally(schedule);
    }, deps.intervalMs);
    timer.unref();
  }

  return {
    request: (shop) => begin(shop, "request"),
    latest: (shop) => latest.get(shop) ?? null,
    runOnce,
    runShop,
    start() {
      if (!stopped) return;
      stopped = false;
      closing = false;
      schedule();
    },
    async stop() {
      stopped = true;
      closing = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await pass;
      await Promise.all(running.values());
    },
    async idle() {
      await Promise.all(running.values());
    },
  };
}

function newRun(shop: ShopDomain, trigger: ReconcileRun["trigger"], startedAt: Date): ReconcileRun {
  return {
    id: randomUUID(),
    shop,
    trigger,
    status: "running",
    startedAt: startedAt.toISOString(),
    finishedAt: null,
    report: null,
    error: null,
  };
}

/**
 * One reconciliation of the run's shop, orders listed from `since()` (all when it gives null). A completed run is
 * recorded (`completed`, then the stored progress) before it is logged; a failure becomes the run's error.
 */
async function reconcileOnce(
  deps: ReconcileSchedulerDeps,
  run: ReconcileRun,
  since: () => Promise<Date | null>,
  completed: () => void,
): Promise<Partial<ReconcileRun>> {
  const { shop } = run;
  const { logger } = deps;
  let report: Awaited<ReturnType<ReconcileSchedulerDeps["engine"]["reconcile"]>>;
  try {
    const from = await since();
    report = await deps.engine.reconcile(
      shop,
      { kind: "job", ref: `reconcile:${run.id}` },
      from ? { since: from } : {},
    );
  } catch (e) {
    logger.error("reconciliation failed", {
      shop,
      run: run.id,
      error: e instanceof Error ? e.message : String(e),
    });
    const error = e instanceof Error ? `${e.name}: ${e.message}` : "unknown error";
    return { status: "failed", error };
  }
  completed();
  await deps.progress
    ?.save(shop, new Date(run.startedAt))
    .catch((e: unknown) =>
      logger.warn("could not store the reconciliation time", { shop, error: String(e) }),
    );
  logger.info("reconciliation finished", { shop, run: run.id, ...report });
  return { status: "completed", report };
}
