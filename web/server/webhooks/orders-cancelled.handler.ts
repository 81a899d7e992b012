import { engineOrderHandler } from "./engine-order.js";

/** orders/cancelled: the backorder engine ingests the order (engine-order.ts, shared with the other order topics). */
export const ordersCancelledHandler = engineOrderHandler;
