import { z } from "zod";
import { toGid } from "../domain/shared/gid.js";
import type { createNoteShopEvent } from "../use-cases/note-shop-event.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import { identifyResource, numericId, parsePayload } from "./payloads.js";

const inventoryItemPayload = z.object({
  id: numericId,
  sku: z.string().nullish(),
  tracked: z.boolean().optional(),
});

/** inventory_items/update: recorded for now; the backorder engine takes this topic over. */
export function inventoryItemsUpdateHandler(deps: {
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
}): WebhookHandler {
  return {
    identify: identifyResource("InventoryItem", "id"),
    async handle(event, payload) {
      const item = parsePayload(inventoryItemPayload, payload, event.topic);
      await deps.noteShopEvent({
        shop: event.shop,
        topic: event.topic,
        resourceId: toGid("InventoryItem", item.id),
        summary: { sku: item.sku ?? null, tracked: item.tracked ?? null },
      });
    },
  };
}
