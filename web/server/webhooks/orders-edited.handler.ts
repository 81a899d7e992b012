import { z } from "zod";
import type { createNoteShopEvent } from "../use-cases/note-shop-event.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import { numericId, orderGid, parsePayload } from "./payloads.js";

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
 * current and fulfillable quantities; the engine re-decides on that one (engine-order.ts), so an edit's delta is never
 * applied twice.
 */
export function ordersEditedHandler(deps: {
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
}): WebhookHandler {
  return {
    identify(payload) {
      const edit = orderEditPayload.shape.order_edit.pick({ order_id: true });
      const parsed = z.object({ order_edit: edit }).safeParse(payload);
      return {
        resourceId: parsed.success ? orderGid(parsed.data.order_edit.order_id) : null,
        customerId: null,
      };
    },
    async handle(event, payload) {
      const { order_edit: edit } = parsePayload(orderEditPayload, payload, event.topic);
      await deps.noteShopEvent({
        shop: event.shop,
        topic: event.topic,
        resourceId: orderGid(edit.order_id),
        summary: { additions: edit.line_items.additions.length, removals: edit.line_items.removals.length },
      });
    },
  };
}
