import type { OrderReceived } from "../use-cases/order-received.js";
import { preciseInstant } from "./payloads.js";
import { orderTopicHandler } from "./rest-order.js";

/**
 * orders/create: the new order is received (use-cases/order-received.ts). The creation itself triggers this topic, so the
 * delivery's trigger time is the creation instant, to the millisecond.
 */
export function ordersCreateHandler(deps: { orderReceived: OrderReceived }) {
  return orderTopicHandler(deps, (order, event) =>
    preciseInstant(order.created_at, event.triggeredAt, event.receivedAt),
  );
}
