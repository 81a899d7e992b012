/**
 * `npm run bench -- load --part flash --web 2 --workers 2 [--orders 1000] [--rate 50]` (PostgreSQL only): the flash
 * sale of `--part flash` (bench/load/flash-sale.ts: faults on, 70% on the hot CONTINUE variant with 100 units and a
 * cap of 600) against 2 web processes (WAITWELL_ROLE=web) behind the bench's round-robin balancer, which is where the
 * dev store delivers, and 2 worker processes (WAITWELL_ROLE=worker), all on one PostgreSQL database with the pg-boss
 * queue. The baseline in the same run is the single-process flash (one process, both roles, worker thread).
 * Goals (issue 13): the same exact result (first come first served, no delivery over 5 s), no inbox row handled
 * twice (`processedTwice`, see bench/load/sale-probe.ts), decision throughput not below one process's.
 */
import { log } from "./max-rate.js";
import { runSale, type SaleResult } from "./sale.js";

export interface ScaleOutResult {
  scaledOut: SaleResult;
  singleProcess?: SaleResult;
}

export async function flashScaledOut(options: {
  orders: number;
  ratePerSecond: number;
  web: number;
  workers: number;
  baseline: boolean;
  /** `node --cpu-prof` profiles of every Waitwell process (web-N, worker-N; both-… for the baseline) here. */
  profileDir?: string;
}): Promise<ScaleOutResult> {
  const run = (scaleOut?: { web: number; workers: number }) =>
    runSale({
      kind: "postgresql",
      orders: options.orders,
      ratePerSecond: options.ratePerSecond,
      npmStart: false,
      batching: true,
      faults: true,
      ...(scaleOut ? { scaleOut } : {}),
      ...(options.profileDir ? { profileDir: options.profileDir } : {}),
    });
  const scaledOut = await run({ web: options.web, workers: options.workers });
  logScaleOut(`flash postgresql ${options.web} web + ${options.workers} workers`, scaledOut);
  if (!options.baseline) return { scaledOut };
  const singleProcess = await run();
  logScaleOut("flash postgresql one process", singleProcess);
  return { scaledOut, singleProcess };
}

function logScaleOut(label: string, r: SaleResult): void {
  log(label, r);
  const t = r.processedTwice;
  console.error(
    `    handled twice: ${t.none ? "none" : "YES"} (rows claimed again without a failure ${t.rowsClaimedAgain}, ` +
      `duplicate transitions ${t.duplicateTransitions}, rows retried after a failure ${t.rowsRetriedAfterFailure}` +
      `${t.jobs ? `, rows named by several jobs ${t.jobs.rowsInSeveralJobs}, jobs retried ${t.jobs.jobsRetried}` : ""})` +
      `${r.forwarded.length ? `; balancer forwarded ${r.forwarded.join(" / ")}` : ""}`,
  );
  if (Object.keys(r.jobsByQueue).length > 0)
    console.error(`    pg-boss jobs ${JSON.stringify(r.jobsByQueue)}`);
  const cpu = Object.entries(r.cpuSeconds);
  if (cpu.length === 0) return;
  const total = cpu.reduce((sum, [, s]) => sum + s, 0);
  console.error(
    `    CPU s during the sale: ${cpu.map(([label, s]) => `${label} ${s}`).join(", ")}; ` +
      `total ${total.toFixed(1)} (${((total * 1000) / r.orders).toFixed(1)} ms per order)` +
      `${r.transactions === null ? "" : `; database transactions ${r.transactions} (${(r.transactions / r.orders).toFixed(1)} per order)`}`,
  );
}
