import { z } from "zod";
import type { createNoteShopEvent } from "../use-cases/note-shop-event.js";
import type { DeliveryIdentity, WebhookHandler } from "../use-cases/webhook-handlers.js";
import { numericId, orderGid, webhookHandler } from "./payloads.js";

const lineChanges = z.array(z.object({ id: numericId, delta: z.number().int() }));
const orderEditPayload = z.object({
  order_edit: z.object({
    id: numericId,
    order_id: numericId,
    line_items: z.object({ additions: lineChanges, removals: lineChanges }),
  }),
});

/**
 * orders/edited: recorded. Shopify follows every committed edit with orders/updated, whose line items carry the new
 * current and fulfillable quantities; the engine re-decides on that one (orders-updated.handler.ts), so an edit's delta is never
 * applied twice.
 */
export function ordersEditedHandler(deps: {
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
}): WebhookHandler<z.output<typeof orderEditPayload>> {
  return webhookHandler({
    payload: orderEditPayload,
    identify: identifyEditedOrder,
    handle: (event, { order_edit: edit }) =>
      deps.noteShopEvent({
        shop: event.shop,
        topic: event.topic,
        resourceId: orderGid(edit.order_id),
        summary: { additions: edit.line_items.additions.length, removals: edit.line_items.removals.length },
      }),
  });
}

function identifyEditedOrder(payload: unknown): DeliveryIdentity {
  const parsed = z.object({ order_edit: z.object({ order_id: numericId }) }).safeParse(payload);
  return { resourceId: parsed.success ? orderGid(parsed.data.order_edit.order_id) : null, customerId: null };
}
