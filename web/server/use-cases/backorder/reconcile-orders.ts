import { compareGids, type OrderGid } from "../../domain/shared/gid.js";
import type { IncomingOrder } from "./ingest-order.js";
import { openLines } from "./reallocate.js";
import { chunks, countChanged, snapshot, SYNC_PAGE, type ReconcileRun } from "./reconcile-run.js";
import type { ShopifyOrderStamp, ShopifyReconcileOrder } from "./shopify-port.js";

/**
 * Step 1 of reconciliation. Orders changed since `since` are listed (id and updated_at only), and every order with an
 * open line is checked by id. An order unknown to us, or changed after the copy we hold, is read in full and fed
 * through the webhook path (`ingestOrder`, cause "job"): a missed orders/create, orders/updated or orders/cancelled.
 */
export async function reconcileOrders(run: ReconcileRun, since: Date): Promise<void> {
  const { api, shop } = run;
  const stamps = await listChangedOrders(run, since);
  // Open orders Shopify did not list (unchanged in the window, or older): checked by id.
  const openBefore = await openLines(run.repo, shop);
  const openOrderIds = [...new Set(openBefore.map((l) => l.orderId))];
  const createdMs = new Map(openBefore.map((l) => [l.orderId, new Date(l.orderCreatedAt).getTime()]));
  for (const ids of chunks(
    openOrderIds.filter((id) => !stamps.has(id)),
    api.batch.orderStamps,
  )) {
    for (const stamp of await api.readOrderStamps(shop, ids)) stamps.set(stamp.orderId, stamp);
  }
  run.report.ordersRead = stamps.size;

  for (const ids of chunks(await ordersBehind(run, stamps), api.batch.orders)) {
    for (const read of await api.readOrders(shop, ids))
      await reingest(run, await withAllLines(run, read), createdMs);
  }
}

async function listChangedOrders(run: ReconcileRun, since: Date): Promise<Map<OrderGid, ShopifyOrderStamp>> {
  const stamps = new Map<OrderGid, ShopifyOrderStamp>();
  for (let cursor: string | null = null; ;) {
    const page: Awaited<ReturnType<typeof run.api.listOrdersUpdatedSince>> =
      await run.api.listOrdersUpdatedSince(run.shop, since, cursor);
    for (const stamp of page.orders) stamps.set(stamp.orderId, stamp);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return stamps;
}

/** Orders Shopify changed after our copy, or that we never saw and that may still hold units. */
async function ordersBehind(
  run: ReconcileRun,
  stamps: ReadonlyMap<OrderGid, ShopifyOrderStamp>,
): Promise<OrderGid[]> {
  const behind: OrderGid[] = [];
  for (const ids of chunks([...stamps.keys()], SYNC_PAGE)) {
    const stored = new Map((await run.repo.getOrders(run.shop, ids)).map((o) => [o.orderId, o]));
    for (const id of ids) {
      const stamp = stamps.get(id)!;
      const ours = stored.get(id);
      // An order we never saw that is already cancelled or closed holds nothing: not worth a read.
      const isBehind = ours
        ? stamp.updatedAt.getTime() > ours.sourceUpdatedAt.getTime() || (stamp.cancelled && !ours.cancelled)
        : !stamp.cancelled && !stamp.closed;
      if (isBehind) behind.push(id);
    }
  }
  return behind;
}

async function withAllLines(run: ReconcileRun, read: ShopifyReconcileOrder): Promise<IncomingOrder> {
  const order = read.order;
  for (let cursor = read.linesCursor; cursor !== null;) {
    const more = await run.api.readOrderLines(run.shop, order.orderId, cursor);
    order.lines.push(...more.lines);
    cursor = more.nextCursor;
  }
  return order;
}

/** Feeds one order read from Shopify through the webhook path, under the shop's lock. */
async function reingest(
  run: ReconcileRun,
  order: IncomingOrder,
  createdMs: Map<OrderGid, number>,
): Promise<void> {
  const { repo, shop, cause, report } = run;
  await run.lock.run(shop, async () => {
    const stored = await repo.getOrder(shop, order.orderId);
    order.createdAt = stored ? stored.orderCreatedAt : placeInSecond(order, createdMs);
    createdMs.set(order.orderId, order.createdAt.getTime());
    const pools = await poolsOfOrder(run, order);
    const before = await snapshot(run, pools);
    if ((await run.ingestOrder(shop, order, cause.ref, cause)) === "ingested") report.ordersFixed++;
    for (const line of await repo.linesOfOrder(shop, order.orderId)) pools.add(line.inventoryItemId);
    report.linesChanged += countChanged(before, await snapshot(run, pools));
  });
}

/** The pools an order's ingestion may touch: its stored lines' items and its variants' items. */
async function poolsOfOrder(run: ReconcileRun, order: IncomingOrder): Promise<Set<string>> {
  const pools = new Set(
    (await run.repo.linesOfOrder(run.shop, order.orderId)).map((l) => l.inventoryItemId as string),
  );
  const variantIds = [...new Set(order.lines.flatMap((l) => (l.variantId ? [l.variantId] : [])))];
  if (variantIds.length > 0)
    for (const v of await run.repo.getVariants(run.shop, variantIds)) pools.add(v.inventoryItemId);
  return pools;
}

/**
 * First come, first served compares creation instants. GraphQL gives them to the second, where orders/create gave
 * the millisecond (its trigger time), so an order read here could sort ahead of an order created earlier in the same
 * second. Shopify's order ids grow with creation: the order is placed right after the known orders of that second
 * with smaller ids (equal instants fall back to the id, which then orders them right).
 */
function placeInSecond(order: IncomingOrder, createdMs: ReadonlyMap<OrderGid, number>): Date {
  const ms = order.createdAt.getTime();
  if (ms % 1000 !== 0) return order.createdAt;
  let placed = ms;
  for (const [orderId, known] of createdMs) {
    if (known >= ms && known < ms + 1000 && known > placed && compareGids(orderId, order.orderId) < 0)
      placed = known;
  }
  return new Date(placed);
}
