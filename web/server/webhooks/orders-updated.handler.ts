import { orderTopicHandler, type OrderTopicDeps } from "./rest-order.js";

/**
 * orders/updated: the order is received again (quantities, fulfilments, committed edits, cancellation). The
 * creation time is the order's own (whole seconds); only the change is placed by the delivery's trigger time.
 */
export function ordersUpdatedHandler(deps: OrderTopicDeps) {
  return orderTopicHandler(deps, (order) => new Date(order.created_at));
}
