import { z } from "zod";
import { toGid } from "../../domain/shared/gid.js";
import type { createNoteShopEvent } from "../../use-cases/note-shop-event.js";
import type { WebhookHandler } from "../../use-cases/webhook-handlers.js";
import type { PromiseWebhookHooks } from "./index.js";
import { identifyResource, numericId, parsePayload } from "./payloads.js";

// `available` only (no on_hand/committed); it may be negative when variants sell with policy CONTINUE.
const inventoryLevelPayload = z.object({
  inventory_item_id: numericId,
  location_id: numericId,
  available: z.number().int().nullable(),
});

/**
 * inventory_levels/update: re-evaluates the storefront promise of the variants this item stocks (policy flip,
 * availability metafield). The backorder engine's allocation joins here when it lands.
 */
export function inventoryLevelsUpdateHandler(deps: {
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
  promises?: Pick<PromiseWebhookHooks, "onInventoryItemChanged"> | undefined;
}): WebhookHandler {
  return {
    identify: identifyResource("InventoryItem", "inventory_item_id"),
    async handle(event, payload) {
      const level = parsePayload(inventoryLevelPayload, payload, event.topic);
      const inventoryItemId = toGid("InventoryItem", level.inventory_item_id);
      await deps.noteShopEvent({
        shop: event.shop,
        topic: event.topic,
        resourceId: inventoryItemId,
        summary: { location: toGid("Location", level.location_id), available: level.available },
      });
      await deps.promises?.onInventoryItemChanged(event.shop, inventoryItemId);
    },
  };
}
