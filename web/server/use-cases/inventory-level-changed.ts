import type { InventoryItemGid, LocationGid } from "../domain/shared/gid.js";
import type { AvailabilityServices } from "./availability/index.js";
import type { BackorderEngine } from "./backorder/index.js";
import type { createNoteShopEvent } from "./note-shop-event.js";
import type { ShopDomain } from "./ports.js";

/** One inventory level as inventory_levels/update reports it. */
export interface InventoryLevelChange {
  shop: ShopDomain;
  topic: string;
  webhookId: string;
  inventoryItemId: InventoryItemGid;
  locationId: LocationGid;
  /** null: the item is not tracked. May be negative when variants sell with policy CONTINUE. */
  available: number | null;
  updatedAt: Date;
}

export interface InventoryLevelChangedDeps {
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
  /** The backorder engine; absent in tests of the intake alone. */
  backorders?: Pick<BackorderEngine, "applyInventoryLevel"> | undefined;
  /** Storefront availability; absent in tests of the intake alone. */
  availability?: Pick<AvailabilityServices, "onInventoryItemsChanged"> | undefined;
}

/**
 * A stock level moved: the backorder engine mirrors the level and re-decides the item's pool (arriving stock goes to
 * waiting lines), then the storefront availability of the variants this item stocks is re-evaluated.
 */
export function createInventoryLevelChanged(deps: InventoryLevelChangedDeps) {
  return async function inventoryLevelChanged(change: InventoryLevelChange): Promise<void> {
    const { shop, inventoryItemId, locationId, available } = change;
    await deps.noteShopEvent({
      shop,
      topic: change.topic,
      resourceId: inventoryItemId,
      summary: { location: locationId, available },
    });
    // A null `available` is an untracked item: nothing to decide.
    if (deps.backorders && available !== null) {
      const level = { inventoryItemId, locationId, available, updatedAt: change.updatedAt };
      await deps.backorders.applyInventoryLevel(shop, level, change.webhookId);
    }
    await deps.availability?.onInventoryItemsChanged(shop, [inventoryItemId]);
  };
}

export type InventoryLevelChanged = ReturnType<typeof createInventoryLevelChanged>;
