import { orderRecordingHandler } from "./order-recording.js";

/** orders/cancelled: recorded (order-recording.ts); the backorder engine takes this topic over. */
export const ordersCancelledHandler = orderRecordingHandler;
