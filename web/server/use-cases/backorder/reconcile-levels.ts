import { takeBackOutOfTurn } from "../../domain/backorder/index.js";
import type { InventoryItemGid } from "../../domain/shared/gid.js";
import { ALL_LOCATIONS } from "./pools.js";
import { openLines } from "./reallocate.js";
import { chunks, countChanged, snapshot, type ReconcileRun } from "./reconcile-run.js";
import { redecide } from "./redecide.js";
import type { ShopifyItemLevels } from "./shopify-port.js";

/**
 * Step 2 of reconciliation: the inventory levels of every item with open tracked lines (including the orders step 1
 * just ingested). Every location's `available` is read and mirrored with asOf = the time the read was sent, so it
 * beats any older webhook still in flight and loses to a newer one; a mirrored location Shopify no longer lists
 * counts 0. Each item's pool is then re-decided (idempotent when nothing moved).
 */
export async function reconcileLevels(run: ReconcileRun): Promise<void> {
  const items = [
    ...new Set((await openLines(run.repo, run.shop)).filter((l) => l.tracked).map((l) => l.inventoryItemId)),
  ];
  for (const ids of chunks(items, run.api.batch.items)) {
    const readAt = run.clock.now(); // before the request: a change Shopify makes after it must still win
    const read = await readLevels(run, ids);
    await run.lock.run(run.shop, () => storeAndRedecide(run, read, readAt));
  }
}

/** Every location's level of these items, all pages. */
async function readLevels(
  run: ReconcileRun,
  inventoryItemIds: InventoryItemGid[],
): Promise<ShopifyItemLevels[]> {
  const read = await run.api.readInventoryLevels(run.shop, inventoryItemIds);
  for (const item of read) {
    for (let cursor = item.levelsCursor; cursor !== null;) {
      const more = await run.api.readMoreInventoryLevels(run.shop, item.inventoryItemId, cursor);
      item.levels.push(...more.levels);
      cursor = more.nextCursor;
    }
    run.report.levelsRead += item.levels.length;
  }
  return read;
}

/** Under the shop's lock: mirror the levels read, take back what was allocated out of turn, re-decide the pools. */
async function storeAndRedecide(run: ReconcileRun, read: ShopifyItemLevels[], readAt: Date): Promise<void> {
  const { repo, shop, cause, report } = run;
  const pools = new Set(read.map((i) => i.inventoryItemId));
  const before = await snapshot(run, pools);
  for (const item of read) report.levelsChanged += await mirrorLevels(run, item, readAt);
  const at = run.clock.now();
  const outOfTurn = takeBackOutOfTurn(
    await repo.openLinesOfPools(
      shop,
      [...pools].map((inventoryItemId) => ({ inventoryItemId, locationId: ALL_LOCATIONS })),
    ),
    at,
    cause,
  );
  await redecide(repo, shop, {
    items: pools as Set<InventoryItemGid>,
    changedLines: outOfTurn.lines,
    history: outOfTurn.history,
    // Their orders' holds change whatever the re-decision does with the units.
    orders: (await repo.getOrders(shop, [...new Set(outOfTurn.lines.map((l) => l.orderId as string))])).map(
      (o) => ({ ...o, needsSync: true }),
    ),
    cause,
    at,
    rules: await run.rules(),
  });
  report.linesChanged += countChanged(before, await snapshot(run, pools));
}

/** Stores Shopify's levels of one item; returns how many differed from the mirror. */
async function mirrorLevels(run: ReconcileRun, item: ShopifyItemLevels, readAt: Date): Promise<number> {
  const { repo, shop } = run;
  const mirrored = new Map(
    (await repo.levelsOfItem(shop, item.inventoryItemId)).map((l) => [l.locationId, l.available]),
  );
  const reads = new Map(item.levels.map((l) => [l.locationId, l]));
  // A location no longer stocking the item (deactivated, or the level was removed) has nothing to ship.
  for (const locationId of mirrored.keys())
    if (!reads.has(locationId)) reads.set(locationId, { locationId, available: 0, updatedAt: readAt });
  let changed = 0;
  for (const level of reads.values()) {
    const stored = await repo.upsertLevel(shop, {
      inventoryItemId: item.inventoryItemId,
      locationId: level.locationId,
      available: level.available,
      asOf: new Date(Math.max(readAt.getTime(), level.updatedAt.getTime())),
    });
    if (stored && mirrored.get(level.locationId) !== level.available) changed++;
  }
  return changed;
}
