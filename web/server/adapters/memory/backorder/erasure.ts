import type { EngineOrder } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { byOrderTime, copy, key, shopOrders, type MemoryState } from "./state.js";

export async function redactCustomer(
  s: MemoryState,
  shop: ShopDomain,
  customerId: string,
  orderIds: string[],
): Promise<number> {
  // Orders already blank are left alone, so a repeated customers/redact reports 0.
  const touched = shopOrders(s, shop).filter(
    (o) => ofCustomer(o, customerId, orderIds) && (o.customerEmail !== null || o.customerName !== null),
  );
  for (const o of touched) Object.assign(o, { customerEmail: null, customerName: null });
  return touched.length;
}

export async function ordersOfCustomer(
  s: MemoryState,
  shop: ShopDomain,
  customerId: string,
  orderIds: string[],
): Promise<EngineOrder[]> {
  return shopOrders(s, shop)
    .filter((o) => ofCustomer(o, customerId, orderIds))
    .sort(byOrderTime)
    .map(copy);
}

export async function deleteByShop(s: MemoryState, shop: ShopDomain): Promise<void> {
  const prefix = key(shop, "");
  for (const map of [s.levels, s.variants, s.orders, s.lines, s.writes, s.promisedDays]) {
    for (const k of [...map.keys()]) if (k.startsWith(prefix)) map.delete(k);
  }
  const kept = s.history.filter((h) => h.shop !== shop);
  s.history.splice(0, s.history.length, ...kept);
}

function ofCustomer(o: EngineOrder, customerId: string, orderIds: string[]): boolean {
  return o.customerId === customerId || orderIds.includes(o.orderId);
}
