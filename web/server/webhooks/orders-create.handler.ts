import { preciseInstant } from "./payloads.js";
import { orderTopicHandler, type OrderTopicDeps } from "./rest-order.js";

/**
 * orders/create: the new order is received (use-cases/order-received.ts). The creation itself triggers this topic, so the
 * delivery's trigger time is the creation instant, to the millisecond.
 */
export function ordersCreateHandler(deps: OrderTopicDeps) {
  return orderTopicHandler(deps, (order, event) =>
    preciseInstant(order.created_at, event.triggeredAt, event.receivedAt),
  );
}
