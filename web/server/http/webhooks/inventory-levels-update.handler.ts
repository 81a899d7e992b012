import { z } from "zod";
import { toGid } from "../../domain/shared/gid.js";
import type { createNoteShopEvent } from "../../use-cases/note-shop-event.js";
import type { WebhookHandler } from "../../use-cases/webhook-handlers.js";
import { identifyResource, numericId, parsePayload } from "./payloads.js";

// `available` only (no on_hand/committed); it may be negative when variants sell with policy CONTINUE.
const inventoryLevelPayload = z.object({
  inventory_item_id: numericId,
  location_id: numericId,
  available: z.number().int().nullable(),
});

/** inventory_levels/update: recorded for now; the backorder engine takes this topic over. */
export function inventoryLevelsUpdateHandler(deps: {
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
}): WebhookHandler {
  return {
    identify: identifyResource("InventoryItem", "inventory_item_id"),
    async handle(event, payload) {
      const level = parsePayload(inventoryLevelPayload, payload, event.topic);
      await deps.noteShopEvent({
        shop: event.shop,
        topic: event.topic,
        resourceId: toGid("InventoryItem", level.inventory_item_id),
        summary: { location: toGid("Location", level.location_id), available: level.available },
      });
    },
  };
}
