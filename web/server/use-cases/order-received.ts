import type { BackorderEngine, IncomingOrder } from "./backorder/index.js";
import type { OrderEvents } from "./customer-care/order-events.js";
import type { CareOrder } from "./customer-care/ports.js";
import type { ShopDomain } from "./ports.js";

/** An order as an order topic reports it, in the shapes the backorder engine and customer care keep. */
export interface ReceivedOrder {
  shop: ShopDomain;
  webhookId: string;
  order: IncomingOrder;
  /** Contact, language, checkout acknowledgement and what each line showed. */
  care: CareOrder;
}

export interface OrderReceivedDeps {
  backorders: Pick<BackorderEngine, "ingestOrder">;
  /** Customer care; absent in tests of the engine alone. */
  care?: Pick<OrderEvents, "recordOrder"> | undefined;
}

/**
 * orders/create, orders/updated, orders/cancelled: the backorder engine ingests the order (a cancellation is an update
 * with cancelled_at), then customer care keeps the contact facts of an order with waiting lines.
 */
export function createOrderReceived(deps: OrderReceivedDeps) {
  return async function orderReceived(received: ReceivedOrder): Promise<void> {
    await deps.backorders.ingestOrder(received.shop, received.order, received.webhookId);
    await deps.care?.recordOrder(received.shop, received.care);
  };
}

export type OrderReceived = ReturnType<typeof createOrderReceived>;
