import { z } from "zod";
import { toGid } from "../domain/shared/gid.js";
import type { InventoryLevelChanged } from "../use-cases/inventory-level-changed.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import { identifyResource, numericId, preciseInstant, webhookHandler } from "./payloads.js";

// `available` only (no on_hand/committed); it may be negative when variants sell with policy CONTINUE.
const inventoryLevelPayload = z.object({
  inventory_item_id: numericId,
  location_id: numericId,
  available: z.number().int().nullable(),
  updated_at: z.string().datetime({ offset: true }).nullish(),
});

/** inventory_levels/update: one stock level moved (use-cases/inventory-level-changed.ts says what follows). */
export function inventoryLevelsUpdateHandler(deps: {
  inventoryLevelChanged: InventoryLevelChanged;
}): WebhookHandler<z.output<typeof inventoryLevelPayload>> {
  return webhookHandler({
    payload: inventoryLevelPayload,
    identify: identifyResource("InventoryItem", "inventory_item_id"),
    handle: (event, level) =>
      deps.inventoryLevelChanged({
        shop: event.shop,
        topic: event.topic,
        webhookId: event.webhookId,
        inventoryItemId: toGid("InventoryItem", level.inventory_item_id),
        locationId: toGid("Location", level.location_id),
        available: level.available,
        updatedAt: preciseInstant(level.updated_at, event.triggeredAt, event.receivedAt),
      }),
  });
}
