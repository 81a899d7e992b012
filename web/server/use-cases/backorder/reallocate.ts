import type { Cause, LineStatus } from "../../domain/backorder/index.js";
import type { InventoryItemGid } from "../../domain/shared/gid.js";
import { DEFAULT_SHOP_SETTINGS, type Clock, type ShopDomain, type ShopRepository } from "../ports.js";
import type { BackorderRepository, StoredLine } from "./ports.js";
import { redecide } from "./redecide.js";

export interface ReallocateDeps {
  repository: BackorderRepository;
  shops: Pick<ShopRepository, "get">;
  clock: Clock;
}

/** Items re-decided per transaction: a shop with thousands of backordered items is not one giant write. */
const ITEMS_PER_STEP = 200;
const LINES_PER_PAGE = 500;
/** Every non-terminal status (not fulfilled, cancelled or substituted). */
const OPEN_STATUSES: LineStatus[] = [
  "new",
  "in_stock",
  "backordered",
  "partially_allocated",
  "allocated",
  "released",
];

/**
 * The merchant changed the allocation rules: every pool with open lines is re-decided under the new rules (stock not
 * yet handed out may go to other lines; reservations already made are kept), and the orders whose holds change are
 * synced. No Admin call unless a hold moves.
 */
export function createReallocate(deps: ReallocateDeps) {
  return async function reallocate(
    shop: ShopDomain,
    cause: Cause,
  ): Promise<{ items: number; orders: number }> {
    const items = [...new Set((await openLines(deps.repository, shop)).map((l) => l.inventoryItemId))];
    const rules = ((await deps.shops.get(shop))?.settings ?? DEFAULT_SHOP_SETTINGS).allocation;
    let orders = 0;
    for (let i = 0; i < items.length; i += ITEMS_PER_STEP) {
      const outcome = await redecide(deps.repository, shop, {
        items: new Set(items.slice(i, i + ITEMS_PER_STEP)) as Set<InventoryItemGid>,
        changedLines: [],
        history: [],
        orders: [],
        cause,
        at: deps.clock.now(),
        rules,
      });
      orders += outcome.ordersToSync.length;
    }
    return { items: items.length, orders };
  };
}

/** Every open line of the shop, in pages. */
export async function openLines(repo: BackorderRepository, shop: ShopDomain): Promise<StoredLine[]> {
  const out: StoredLine[] = [];
  for (let cursor: string | undefined; ;) {
    const page = await repo.listLines(shop, {
      status: OPEN_STATUSES,
      limit: LINES_PER_PAGE,
      ...(cursor ? { cursor } : {}),
    });
    out.push(...page.lines);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}
