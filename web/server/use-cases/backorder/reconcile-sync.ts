import { openLines } from "./reallocate.js";
import { chunks, SYNC_PAGE, type ReconcileRun } from "./reconcile-run.js";

/** Lines that carry (or are about to lose) our hold on Shopify. */
const HELD_STATUSES: ReadonlySet<string> = new Set(["backordered", "partially_allocated", "allocated"]);

/**
 * Step 3 of reconciliation: sync every order Shopify does not yet show our decision for, then compare every open
 * order Waitwell holds, or may have written to, with what Shopify shows: a write lost to a crash (or undone on
 * Shopify) is written again, whichever side drifted. The sync plans from Shopify's state, so an order that matches
 * costs one read and no write.
 */
export async function reconcileSync(run: ReconcileRun): Promise<void> {
  const { repo, shop } = run;
  const attempted = new Set<string>();
  const check = async (orderId: string, force: boolean) => {
    attempted.add(orderId);
    await syncOne(run, orderId, force);
  };
  for (;;) {
    const due = (await repo.ordersNeedingSync(shop, attempted.size + SYNC_PAGE)).filter(
      (o) => !attempted.has(o.orderId),
    );
    if (due.length === 0) break;
    for (const { orderId } of due) await check(orderId, false);
  }
  const openNow = await openLines(repo, shop);
  const held = new Set(openNow.filter((l) => HELD_STATUSES.has(l.status)).map((l) => l.orderId as string));
  const candidates = [...new Set(openNow.map((l) => l.orderId as string))].filter((id) => !attempted.has(id));
  for (const ids of chunks(candidates, SYNC_PAGE)) {
    for (const order of await repo.getOrders(shop, ids)) {
      if (held.has(order.orderId) || order.shopifyTouched || order.holds.length > 0)
        await check(order.orderId, true);
    }
  }
}

/** One order's sync, counted in the report; a failure is counted and logged, and the next run retries it. */
async function syncOne(run: ReconcileRun, orderId: string, force: boolean): Promise<void> {
  const { report } = run;
  try {
    const outcome = await run.syncOrder(run.shop, orderId, { force });
    if (outcome === "synced") report.ordersSynced++;
    if (outcome === "repaired") report.ordersRepaired++;
  } catch (e) {
    report.syncFailures++;
    run.logger.warn("reconciliation: order sync failed", {
      shop: run.shop,
      orderId,
      error: e instanceof Error ? e.message : String(e),
    });
  }
}
