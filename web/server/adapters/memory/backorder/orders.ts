import {
  TERMINAL_STATUSES,
  compareFirstComeFirstServed,
  type LineStatus,
} from "../../../domain/backorder/index.js";
import { compareGids } from "../../../domain/shared/gid.js";
import type { EngineOrder, StoredLine } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { byOrderTime, copy, key, shopLines, shopOrders, type MemoryState } from "./state.js";
import { withPromisedDay } from "./list.js";

export async function getOrder(
  s: MemoryState,
  shop: ShopDomain,
  orderId: string,
): Promise<EngineOrder | null> {
  const o = s.orders.get(key(shop, orderId));
  return o ? copy(o) : null;
}

export async function getOrders(
  s: MemoryState,
  shop: ShopDomain,
  orderIds: string[],
): Promise<EngineOrder[]> {
  const result: EngineOrder[] = [];
  for (const id of new Set(orderIds)) {
    const o = s.orders.get(key(shop, id));
    if (o) result.push(copy(o));
  }
  return result;
}

export async function linesOfOrder(s: MemoryState, shop: ShopDomain, orderId: string): Promise<StoredLine[]> {
  return linesOfOrders(s, shop, [orderId]);
}

export async function linesOfOrders(
  s: MemoryState,
  shop: ShopDomain,
  orderIds: string[],
): Promise<StoredLine[]> {
  const wanted = new Set(orderIds);
  return shopLines(s, shop)
    .filter((l) => wanted.has(l.orderId))
    .sort((a, b) => compareGids(a.lineItemId, b.lineItemId))
    .map(copy);
}

export async function openLinesOfPools(
  s: MemoryState,
  shop: ShopDomain,
  pools: { inventoryItemId: string; locationId: string }[],
): Promise<StoredLine[]> {
  const wanted = new Set(pools.map((p) => key(p.inventoryItemId, p.locationId)));
  return shopLines(s, shop)
    .filter((l) => !TERMINAL_STATUSES.has(l.status) && wanted.has(key(l.inventoryItemId, l.locationId)))
    .sort(compareFirstComeFirstServed)
    .map((l) => withPromisedDay(s, shop, l));
}

/** A line's version here is its content: a line written with other values has another. */
export async function openLineVersionsOfPools(
  s: MemoryState,
  shop: ShopDomain,
  pools: { inventoryItemId: string; locationId: string }[],
): Promise<Map<string, string>> {
  const lines = await openLinesOfPools(s, shop, pools);
  return new Map(lines.map((l) => [l.lineItemId, JSON.stringify(l)]));
}

export async function openLinesOfVariants(
  s: MemoryState,
  shop: ShopDomain,
  variantIds: string[],
  statuses?: LineStatus[],
): Promise<StoredLine[]> {
  const wanted = new Set(variantIds);
  const open = (l: StoredLine) => (statuses ? statuses.includes(l.status) : !TERMINAL_STATUSES.has(l.status));
  return shopLines(s, shop)
    .filter((l) => wanted.has(l.variantId) && open(l))
    .sort(compareFirstComeFirstServed)
    .map(copy);
}

export async function ordersNeedingSync(
  s: MemoryState,
  shop: ShopDomain,
  limit: number,
): Promise<EngineOrder[]> {
  return shopOrders(s, shop)
    .filter((o) => o.needsSync)
    .sort(byOrderTime)
    .slice(0, Math.max(0, Math.floor(limit)))
    .map(copy);
}
