import type { z } from "zod";
import type { createNoteShopEvent } from "../use-cases/note-shop-event.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import { identifyOrder, orderGid, orderPayload, webhookHandler } from "./payloads.js";

/**
 * orders/create, orders/updated and orders/cancelled when no backorder engine runs (tests of the intake alone):
 * check the payload and note it.
 */
export function orderRecordingHandler(deps: {
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
}): WebhookHandler<z.output<typeof orderPayload>> {
  return webhookHandler({
    payload: orderPayload,
    identify: identifyOrder,
    handle: (event, order) =>
      deps.noteShopEvent({
        shop: event.shop,
        topic: event.topic,
        resourceId: orderGid(order.id),
        summary: {
          name: order.name,
          lineItems: order.line_items.length,
          cancelled: Boolean(order.cancelled_at),
        },
      }),
  });
}
