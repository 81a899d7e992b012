import type { BackorderEngine } from "../use-cases/backorder/index.js";
import { ingestOrderHandler } from "./rest-order.js";

/**
 * orders/updated: the backorder engine ingests the order again (quantities, fulfilments, committed edits). The
 * creation time is the order's own (whole seconds); only the change is placed by the delivery's trigger time.
 */
export function ordersUpdatedHandler(deps: { ingestOrder: BackorderEngine["ingestOrder"] }) {
  return ingestOrderHandler(deps, (order) => new Date(order.created_at));
}
