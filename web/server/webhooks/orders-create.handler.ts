import { engineOrderHandler } from "./engine-order.js";

/** orders/create: the backorder engine ingests the order (engine-order.ts, shared with the other order topics). */
export const ordersCreateHandler = engineOrderHandler;
