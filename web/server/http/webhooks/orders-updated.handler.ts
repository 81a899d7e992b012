import type { createNoteShopEvent } from "../../use-cases/note-shop-event.js";
import type { WebhookHandler } from "../../use-cases/webhook-handlers.js";
import { identifyOrder, orderGid, orderPayload, parsePayload } from "./payloads.js";

/** orders/updated: recorded for now; the backorder engine takes this topic over. */
export function ordersUpdatedHandler(deps: {
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
}): WebhookHandler {
  return {
    identify: identifyOrder,
    async handle(event, payload) {
      const order = parsePayload(orderPayload, payload, event.topic);
      await deps.noteShopEvent({
        shop: event.shop,
        topic: event.topic,
        resourceId: orderGid(order.id),
        summary: {
          name: order.name,
          lineItems: order.line_items.length,
          cancelled: Boolean(order.cancelled_at),
        },
      });
    },
  };
}
