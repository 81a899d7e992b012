import {
  decideBackorders,
  waitingUnits,
  type AllocationRules,
  type LineStatus,
  type StockLevel,
} from "../../domain/backorder/index.js";
import type { InventoryItemGid, ProductVariantGid } from "../../domain/shared/gid.js";
import { NotFoundError } from "../../errors.js";
import type { ShopDomain } from "../ports.js";
import { ordersById } from "./line-reads.js";
import { aggregateLevels, ALL_LOCATIONS } from "./pools.js";
import type { BackorderRepository } from "./ports.js";

/** The item a preview is about: a variant (resolved through the variant mirror) or its inventory item. */
export type PreviewTarget = { variantId: ProductVariantGid } | { inventoryItemId: InventoryItemGid };

export interface PreviewLineState {
  status: LineStatus;
  inStock: number;
  allocated: number;
  waiting: number;
}

export interface AllocationPreview {
  inventoryItemId: string;
  arriving: number;
  /** The pool's mirrored stock (all locations summed); null when no level was mirrored yet (taken as empty). */
  stock: { available: number; asOf: string } | null;
  /** Units the pool's open lines would share once the units arrive. */
  supply: number;
  /** Units the arrival would reserve, and what nobody could take under the rules. */
  allocated: number;
  leftover: number;
  /** Lines that wait now or that the arrival changes, first come first served. */
  lines: {
    lineItemId: string;
    orderId: string;
    orderName: string | null;
    variantId: string;
    priority: number | null;
    before: PreviewLineState;
    after: PreviewLineState;
    newlyAllocated: number;
  }[];
}

/** What `decideBackorders` would do if `arriving` more units were available to the item's pool. Writes nothing. */
export async function previewAllocation(
  repo: BackorderRepository,
  shop: ShopDomain,
  rules: AllocationRules,
  target: PreviewTarget,
  arriving: number,
): Promise<AllocationPreview> {
  const inventoryItemId = await itemOf(repo, shop, target);
  const mirrored = aggregateLevels(inventoryItemId, await repo.levelsOfItem(shop, inventoryItemId));
  // Without a mirrored level the pool is taken as empty: only the arriving units are shared.
  const level: StockLevel = mirrored ?? {
    inventoryItemId,
    locationId: ALL_LOCATIONS,
    available: 0,
    asOf: new Date(0),
  };
  const lines = (await repo.openLinesOfPools(shop, [{ inventoryItemId, locationId: ALL_LOCATIONS }])).filter(
    (l) => l.tracked,
  );
  const decision = decideBackorders({
    stock: [{ ...level, available: level.available + arriving }],
    lines,
    rules,
  });
  const shown = lines
    .map((line, i) => ({ line, d: decision.lines[i]! }))
    .filter(({ line, d }) => waitingUnits(line) > 0 || d.changed);
  const orders = await ordersById(
    repo,
    shop,
    shown.map(({ line }) => line.orderId),
  );
  const pool = decision.pools[0];
  const unclaimed = Math.max(0, level.available + arriving); // no open line shares the pool
  return {
    inventoryItemId,
    arriving,
    stock: mirrored ? { available: mirrored.available, asOf: new Date(mirrored.asOf).toISOString() } : null,
    supply: pool ? Math.max(0, pool.supply) : unclaimed,
    allocated: shown.reduce((sum, { d }) => sum + d.newlyAllocated, 0),
    leftover: pool?.leftover ?? unclaimed,
    lines: shown.map(({ line, d }) => ({
      lineItemId: line.lineItemId,
      orderId: line.orderId,
      orderName: orders.get(line.orderId)?.name ?? null,
      variantId: line.variantId,
      priority: line.priority,
      before: {
        status: line.status,
        inStock: line.inStock,
        allocated: line.allocated,
        waiting: waitingUnits(line),
      },
      after: { status: d.status, inStock: d.inStock, allocated: d.allocated, waiting: d.waiting },
      newlyAllocated: d.newlyAllocated,
    })),
  };
}

async function itemOf(
  repo: BackorderRepository,
  shop: ShopDomain,
  target: PreviewTarget,
): Promise<InventoryItemGid> {
  if ("inventoryItemId" in target) return target.inventoryItemId;
  const [variant] = await repo.getVariants(shop, [target.variantId]);
  if (!variant)
    throw new NotFoundError(`No variant ${target.variantId} known to the backorder engine in this shop`);
  return variant.inventoryItemId;
}
