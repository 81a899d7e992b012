import { z } from "zod";
import { toGid } from "../domain/shared/gid.js";
import type { createNoteShopEvent } from "../use-cases/note-shop-event.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import { identifyResource, numericId, webhookHandler } from "./payloads.js";

const inventoryItemPayload = z.object({
  id: numericId,
  sku: z.string().nullish(),
  tracked: z.boolean().optional(),
});

/** inventory_items/update: recorded (the engine learns an item's SKU and tracking from products/update). */
export function inventoryItemsUpdateHandler(deps: {
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
}): WebhookHandler<z.output<typeof inventoryItemPayload>> {
  return webhookHandler({
    payload: inventoryItemPayload,
    identify: identifyResource("InventoryItem", "id"),
    handle: (event, item) =>
      deps.noteShopEvent({
        shop: event.shop,
        topic: event.topic,
        resourceId: toGid("InventoryItem", item.id),
        summary: { sku: item.sku ?? null, tracked: item.tracked ?? null },
      }),
  });
}
