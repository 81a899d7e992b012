import type { ShopDomain } from "../../use-cases/ports.js";
import { actionOf, bySeq, byTime, messageOf, orderOf, removeWhere, type CareTables } from "./care-rows.js";

/** What customer care holds on a customer (customers/data_request), as MemoryCareRepository.customerData answers. */
export function customerData(
  tables: CareTables,
  shop: ShopDomain,
  customerId: string,
  orderIds: string[],
): Record<string, unknown> {
  const { orders, ids, ofCustomer } = customerRows(tables, shop, customerId, orderIds);
  return {
    orders: orders.map(orderOf),
    consents: [...tables.consents.values()]
      .filter(ofCustomer)
      .sort((a, b) => byTime(a.givenAt, b.givenAt))
      .map(({ shop: _shop, seq: _seq, ...c }) => structuredClone(c)),
    messages: [...tables.messages.values()]
      .filter(ofCustomer)
      .sort((a, b) => byTime(a.createdAt, b.createdAt))
      .map((m) => {
        const { data: _data, ...rest } = messageOf(m);
        return rest;
      }),
    selfServiceActions: [...tables.actions.values()]
      .filter((a) => a.shop === shop && ids.has(a.orderId))
      .sort((a, b) => byTime(a.at, b.at))
      .map(actionOf),
    discountCodes: [...tables.incentives.values()]
      .filter((i) => i.shop === shop && ids.has(i.orderId))
      .map((i) => ({ orderId: i.orderId, lineItemId: i.lineItemId, code: i.code })),
  };
}

/** Removes the customer's rows and those of their orders (customers/redact); answers how many. */
export function redactCustomer(
  tables: CareTables,
  shop: ShopDomain,
  customerId: string,
  orderIds: string[],
): number {
  const { ids, ofCustomer } = customerRows(tables, shop, customerId, orderIds);
  const ofOrders = (r: { shop: ShopDomain; orderId: string }) => r.shop === shop && ids.has(r.orderId);
  return (
    removeWhere(tables.consents, ofCustomer) +
    removeWhere(tables.messages, ofCustomer) +
    removeWhere(tables.actions, ofOrders) +
    removeWhere(tables.incentives, ofOrders) +
    removeWhere(tables.orders, ofOrders)
  );
}

/** Removes every row of the shop (shop/redact). */
export function deleteShop(tables: CareTables, shop: ShopDomain): void {
  const ofShop = (r: { shop: ShopDomain }) => r.shop === shop;
  const { settings, ...rowTables } = tables;
  for (const rows of Object.values(rowTables) as Map<string, { shop: ShopDomain }>[])
    removeWhere(rows, ofShop);
  settings.delete(shop);
}

/** The customer's orders (by customer or listed), and a filter for rows of the customer or of those orders. */
function customerRows(tables: CareTables, shop: ShopDomain, customerId: string, orderIds: string[]) {
  const listed = new Set(orderIds);
  const orders = [...tables.orders.values()]
    .filter((o) => o.shop === shop && (o.customerId === customerId || listed.has(o.orderId)))
    .sort(bySeq);
  const ids = new Set(orders.map((o) => o.orderId));
  const ofCustomer = (r: { shop: ShopDomain; customerId: string | null; orderId: string | null }) =>
    r.shop === shop && (r.customerId === customerId || (r.orderId !== null && ids.has(r.orderId)));
  return { orders, ids, ofCustomer };
}
