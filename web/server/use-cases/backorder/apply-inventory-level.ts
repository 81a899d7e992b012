import type { InventoryItemGid, LocationGid } from "../../domain/shared/gid.js";
import { type Clock, type ShopDomain, type ShopRepository } from "../ports.js";
import { redecide } from "./redecide.js";
import type { BackorderRepository } from "./ports.js";
import { shopSettingsOf } from "../shop-settings.js";

export interface InventoryLevelUpdate {
  inventoryItemId: InventoryItemGid;
  locationId: LocationGid;
  available: number;
  updatedAt: Date;
}

export interface ApplyInventoryLevelDeps {
  repository: BackorderRepository;
  shops: Pick<ShopRepository, "get">;
  clock: Clock;
  syncOrders: (shop: ShopDomain, orderIds: string[]) => Promise<void>;
  /** Told, once the decision is stored, which variants' waiting lines changed. */
  onWaitingChanged?: ((shop: ShopDomain, variantIds: string[]) => void) | undefined;
}

/**
 * inventory_levels/update: mirrors the level (an older update than the stored one is dropped), then re-decides the
 * item's pool: arriving stock goes to waiting lines, lost stock takes reservations back. Only orders whose holds or
 * metafield change are synced.
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
    const { ordersToSync: toSync, waitingChanged } = await redecide(deps.repository, shop, {
      items: new Set([level.inventoryItemId]),
      changedLines: [],
      history: [],
      orders: [],
      cause: { kind: "webhook", ref: webhookId },
      at: deps.clock.now(),
      rules: (await shopSettingsOf(deps.shops, shop)).allocation,
    });
    if (waitingChanged.length > 0) deps.onWaitingChanged?.(shop, waitingChanged);
    if (toSync.length > 0) await deps.syncOrders(shop, toSync);
    return "applied";
  };
}
