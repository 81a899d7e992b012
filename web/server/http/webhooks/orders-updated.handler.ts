import { orderRecordingHandler } from "./order-recording.js";

/** orders/updated: recorded (order-recording.ts); the backorder engine takes this topic over. */
export const ordersUpdatedHandler = orderRecordingHandler;
