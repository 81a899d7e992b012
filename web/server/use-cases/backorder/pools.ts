import type { StockLevel } from "../../domain/backorder/index.js";
import type { InventoryItemGid, LocationGid } from "../../domain/shared/gid.js";

/**
 * The engine decides each inventory item over all its locations at once: one pool per item, whose level is the sum
 * of the mirrored levels. Why: a REST order payload does not say which location will fulfil a line (that is the
 * fulfillment order's business, and reading it would cost an Admin API call on every order, where an order with
 * nothing backordered must cost none), and Shopify's `available` per location moves as it routes. So every line is
 * stored at ALL_LOCATIONS, a Location GID Shopify never issues (2^64 − 1, past its id range).
 *
 * The consequence: the summed level is only as consistent as its newest part. `asOf` is the newest `updated_at` of the
 * parts, so a location whose level update is still in flight is counted at its older value; the engine may then
 * briefly hold one line too many or too few until that update lands and re-decides the pool (and reconciliation
 * repairs a level update that never arrives). Stock at a location the line will not ship from is also counted as
 * shippable: the merchant moves it (a transfer), which Shopify's own routing does too.
 */
export const ALL_LOCATIONS: LocationGid = "gid://shopify/Location/18446744073709551615";

/** One StockLevel per item: available = Σ over locations, asOf = the newest. null when nothing is mirrored. */
export function aggregateLevels(
  inventoryItemId: InventoryItemGid,
  levels: readonly StockLevel[],
): StockLevel | null {
  const own = levels.filter((l) => l.inventoryItemId === inventoryItemId);
  if (own.length === 0) return null;
  let available = 0;
  let asOfMs = Number.NEGATIVE_INFINITY;
  for (const level of own) {
    available += level.available;
    asOfMs = Math.max(asOfMs, new Date(level.asOf).getTime());
  }
  return { inventoryItemId, locationId: ALL_LOCATIONS, available, asOf: new Date(asOfMs) };
}
