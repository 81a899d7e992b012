import { z } from "zod";
import { toGid } from "../domain/shared/gid.js";
import type { BackorderEngine } from "../use-cases/backorder/index.js";
import type { createNoteShopEvent } from "../use-cases/note-shop-event.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import type { AvailabilityWebhookHooks } from "./index.js";
import { identifyResource, preciseInstant, numericId, parsePayload } from "./payloads.js";

// `available` only (no on_hand/committed); it may be negative when variants sell with policy CONTINUE.
const inventoryLevelPayload = z.object({
  inventory_item_id: numericId,
  location_id: numericId,
  available: z.number().int().nullable(),
  updated_at: z.string().datetime({ offset: true }).nullish(),
});

/**
 * inventory_levels/update: the backorder engine mirrors the level and re-decides the item's pool (arriving stock
 * goes to waiting lines); then the storefront availability of the variants this item stocks is re-evaluated.
 */
export function inventoryLevelsUpdateHandler(deps: {
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
  availability?: Pick<AvailabilityWebhookHooks, "onInventoryItemChanged"> | undefined;
  backorders?: Pick<BackorderEngine, "applyInventoryLevel"> | undefined;
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
      // A null `available` is an untracked item: nothing to decide.
      if (deps.backorders && level.available !== null) {
        await deps.backorders.applyInventoryLevel(
          event.shop,
          {
            inventoryItemId,
            locationId: toGid("Location", level.location_id),
            available: level.available,
            updatedAt: preciseInstant(level.updated_at, event.triggeredAt, event.receivedAt),
          },
          event.webhookId,
        );
      }
      await deps.availability?.onInventoryItemChanged(event.shop, inventoryItemId);
    },
  };
}
