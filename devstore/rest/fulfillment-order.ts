import { gid } from "../model/ids.js";
import type { ShopState } from "../model/shop-state.js";
import type { FulfillmentHoldRecord, FulfillmentOrderRecord } from "../model/types.js";

/**
 * fulfillment_orders/* payloads use GIDs and lower-case enums (Shopify's samples:
 * https://shopify.dev/docs/api/webhooks/2026-07?reference=toml#list-of-topics-fulfillment_orders/placed_on_hold and fulfillment_orders/hold_released).
 */
export function restHold(
  s: ShopState,
  hold: FulfillmentHoldRecord,
  requestingApiKey: string | null,
): Record<string, unknown> {
  const app = hold.heldByApiKey ? s.installations.get(hold.heldByApiKey) : undefined;
  return {
    id: gid("FulfillmentHold", hold.id),
    reason: hold.reason.toLowerCase(),
    reason_notes: hold.reasonNotes,
    held_by_requesting_app: requestingApiKey !== null && hold.heldByApiKey === requestingApiKey,
    handle: hold.handle,
    held_by_app: app ? { id: gid("App", app.appId) } : null,
  };
}

export function placedOnHoldPayload(
  s: ShopState,
  fo: FulfillmentOrderRecord,
  created: FulfillmentHoldRecord,
  remaining: FulfillmentOrderRecord | null,
  heldLines: { id: number; quantity: number }[],
): Record<string, unknown> {
  return {
    fulfillment_order: {
      id: gid("FulfillmentOrder", fo.id),
      status: fo.status.toLowerCase(),
      fulfillment_holds: fo.holds.map((h) => restHold(s, h, null)),
    },
    remaining_fulfillment_order: remaining
      ? { id: gid("FulfillmentOrder", remaining.id), status: remaining.status.toLowerCase() }
      : null,
    held_fulfillment_order_line_items: heldLines.map((l) => ({
      id: gid("FulfillmentOrderLineItem", l.id),
      quantity: l.quantity,
    })),
    created_fulfillment_hold: restHold(s, created, null),
  };
}

export function holdReleasedPayload(fo: FulfillmentOrderRecord): Record<string, unknown> {
  return { fulfillment_order: { id: gid("FulfillmentOrder", fo.id), status: fo.status.toLowerCase() } };
}
