/**
 * `npm run bench -- load --part flash [--db sqlite|postgresql] [--orders 1000] [--rate 50]`: the dev store in its own
 * process, 1,000 orders at 50 orders/s, 70% on one hot CONTINUE variant with 100 units and a backorder cap of 600, the
 * rest mixed carts, 20% duplicated deliveries reordered in windows of 5. Goals: no delivery over 5 s, webhook →
 * decision p95 < 1 s, inbox empty within 5 s of the last order, first come first served exact (the 100 earliest units
 * ship), units sold past the cap reported. The baseline (each row on its own) runs after it in the same run.
 */
import { log } from "./max-rate.js";
import { runSale, type SaleResult } from "./sale.js";

export async function flashSale(options: {
  kind: "sqlite" | "postgresql";
  orders: number;
  ratePerSecond: number;
  baseline: boolean;
  profileDir?: string;
}): Promise<{ batched: SaleResult; oneByOne?: SaleResult }> {
  const run = (batching: boolean) => runSale({ ...options, npmStart: false, batching, faults: true });
  const batched = await run(true);
  log(`flash ${options.kind} batched`, batched);
  if (!options.baseline) return { batched };
  const oneByOne = await run(false);
  log(`flash ${options.kind} one by one`, oneByOne);
  return { batched, oneByOne };
}
