import type { InventoryItemGid, LocationGid } from "../../domain/shared/gid.js";
import type { Clock, ShopDomain, ShopSettings } from "../ports.js";
import { redecide } from "./redecide.js";
import type { EngineStore } from "./batch-store.js";

export interface InventoryLevelUpdate {
  inventoryItemId: InventoryItemGid;
  locationId: LocationGid;
  available: number;
  updatedAt: Date;
}

export interface ApplyInventoryLevelDeps {
  /** The repository, or a batch's store over it (batch-store.ts). */
  repository: EngineStore;
  /** The shop's settings (read once per step by the engine). */
  settingsOf: (shop: ShopDomain) => Promise<ShopSettings>;
  clock: Clock;
}

/**
 * inventory_levels/update: mirrors the level (an older update than the stored one is dropped), then re-decides the
 * item's pool: arriving stock goes to waiting lines, lost stock takes reservations back. Only orders whose holds or
 * metafield change are queued for a Shopify write (in the decision's transaction).
 */
export function createApplyInventoryLevel(deps: ApplyInventoryLevelDeps) {
  return async function applyInventoryLevel(
    shop: ShopDomain,
    level: InventoryLevelUpdate,
    webhookId: string,
  ): Promise<"stale" | "applied"> {
    const fresh = await deps.repository.upsertLevel(shop, {
      inventoryItemId: level.inventoryItemId,
      locationId: level.locationId,
      available: level.available,
      asOf: level.updatedAt,
    });
    if (!fresh) return "stale";
    await redecide(deps.repository, shop, {
      items: new Set([level.inventoryItemId]),
      changedLines: [],
      history: [],
      orders: [],
      cause: { kind: "webhook", ref: webhookId },
      at: deps.clock.now(),
      rules: (await deps.settingsOf(shop)).allocation,
    });
    return "applied";
  };
}
