import { orderRecordingHandler } from "./order-recording.js";

/** orders/create: recorded (order-recording.ts); the backorder engine takes this topic over. */
export const ordersCreateHandler = orderRecordingHandler;
