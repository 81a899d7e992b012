/**
 * `npm run bench -- load --part maxrate [--db sqlite|postgresql] [--orders 1000] [--stack own|npm-start]`: the flash
 * sale's orders placed as fast as the dev store takes them (its rate limiter off), until everything is decided and
 * written to the dev store. Goal: ≥ 100 orders/s on PostgreSQL, ≥ 50 on SQLite, also on the `npm start` stack (the
 * app starts the dev store's process, as `npm start` does). Each run is followed by the baseline in the same run: the same orders with the worker
 * handling each row on its own (INBOX_BATCHING=off, 10 rows a round: main's worker before batching).
 */
import { runSale, type SaleResult } from "./sale.js";

export async function maxRate(options: {
  kind: "sqlite" | "postgresql";
  orders: number;
  npmStart: boolean;
  baseline: boolean;
  profileDir?: string;
}): Promise<{ batched: SaleResult; oneByOne?: SaleResult }> {
  const run = (batching: boolean) =>
    runSale({ ...options, ratePerSecond: null, concurrency: 20, batching, faults: false });
  const batched = await run(true);
  log(`${options.kind}${options.npmStart ? " npm-start" : ""} batched`, batched);
  if (!options.baseline) return { batched };
  const oneByOne = await run(false);
  log(`${options.kind}${options.npmStart ? " npm-start" : ""} one by one`, oneByOne);
  return { batched, oneByOne };
}

export function log(label: string, r: SaleResult): void {
  console.error(
    `  ${label}: ${r.ordersPerSecond} orders/s (${r.orders} placed in ${r.placedInSeconds} s, settled in ${r.settledInSeconds} s${r.settled ? "" : ", NOT SETTLED"}), ` +
      `decision p50/p95 ${r.decisionLatencyMs.p50}/${r.decisionLatencyMs.p95} ms, inbox empty ${r.inboxEmptyAfterLastOrderMs} ms after the last order, ` +
      `acknowledged p50/p95/max ${r.deliveries.ackMs.p50}/${r.deliveries.ackMs.p95}/${r.deliveries.ackMs.max} ms, deliveries over 5 s ${r.deliveries.over5s} (failed attempts ${r.deliveries.failedAttempts}), fcfs ${r.fcfs.exact ? "exact" : `${r.fcfs.outOfTurn} out of turn`}, ` +
      `past cap ${r.cap.pastCap} units, refused ${r.refused}, holds ${r.holds.heldOnDevStore}/${r.holds.backorderedOrders}, ` +
      `hot line history ${r.churn.historyRows} (max ${r.churn.maxPerLine} on a line), hot orders/updated ${r.churn.orderUpdates}, ` +
      `rows ${JSON.stringify(r.rowsByTopic)}`,
  );
}
