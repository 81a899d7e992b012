import { engineOrderHandler } from "./engine-order.js";

/** orders/updated: the backorder engine ingests the order (engine-order.ts, shared with the other order topics). */
export const ordersUpdatedHandler = engineOrderHandler;
