import type { BackorderEngine } from "../use-cases/backorder/index.js";
import { preciseInstant } from "./payloads.js";
import { ingestOrderHandler } from "./rest-order.js";

/**
 * orders/create: the backorder engine ingests the new order. The creation itself triggers this topic, so the
 * delivery's trigger time is the creation instant, to the millisecond.
 */
export function ordersCreateHandler(deps: { ingestOrder: BackorderEngine["ingestOrder"] }) {
  return ingestOrderHandler(deps, (order, event) =>
    preciseInstant(order.created_at, event.triggeredAt, event.receivedAt),
  );
}
