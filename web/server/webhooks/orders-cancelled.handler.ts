/**
 * orders/cancelled: Shopify sends the same REST Order with `cancelled_at` set, and the engine reads a cancellation
 * from that field, so this topic is handled exactly as orders/updated is.
 */
export { ordersUpdatedHandler as ordersCancelledHandler } from "./orders-updated.handler.js";
