import type { createNoteShopEvent } from "../use-cases/note-shop-event.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import { identifyOrder, orderGid, orderPayload, parsePayload } from "./payloads.js";

/**
 * What orders/create, orders/updated and orders/cancelled do until the backorder engine takes them over: check the
 * payload and note it. One shared body, so the three topic files cannot drift apart.
 */
export function orderRecordingHandler(deps: {
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
