import { holdReleasedPayload, placedOnHoldPayload } from "../rest/fulfillment-order.js";
import { idOf } from "./ids.js";
import { addFoLine } from "./orders.js";
import { fail, ok, userError, type Outcome, type UserErrorRecord } from "./outcome.js";
import type { ShopState } from "./shop-state.js";
import type { Tx } from "./tx.js";
import type { FulfillmentHoldRecord, FulfillmentOrderRecord } from "./types.js";

/**
 * fulfillmentOrderHold / fulfillmentOrderReleaseHold as the 2025-01 schema documents them: several holds per
 * fulfillment order, `handle` unique per app per fulfillment order, at most 10 active holds per app, and a hold on a
 * subset of line items splits the fulfillment order (the held units stay on it, the rest move to a new OPEN one).
 */
export const MAX_HOLDS_PER_APP = 10;

export interface HoldInput {
  reason: string;
  reasonNotes?: string | null;
  externalId?: string | null;
  handle?: string | null;
  fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
}

export interface HoldResult {
  hold: FulfillmentHoldRecord;
  fulfillmentOrder: FulfillmentOrderRecord;
  remaining: FulfillmentOrderRecord | null;
}

const HOLDABLE = new Set(["OPEN", "ON_HOLD", "SCHEDULED", "IN_PROGRESS"]);

export function holdFulfillmentOrder(
  s: ShopState,
  tx: Tx,
  foId: number | null,
  input: HoldInput,
  apiKey: string | null,
): Outcome<HoldResult> {
  const fo = foId === null ? undefined : s.fulfillmentOrders.get(foId);
  if (!fo) return fail(userError(["id"], "Fulfillment order does not exist.", "FULFILLMENT_ORDER_NOT_FOUND"));
  if (!HOLDABLE.has(fo.status)) {
    return fail(
      userError(
        ["id"],
        `Fulfillment order with status ${fo.status.toLowerCase()} cannot be placed on hold.`,
        null,
      ),
    );
  }
  const handle = input.handle ?? "";
  if (handle.length > 64)
    return fail(
      userError(["fulfillmentHold", "handle"], "Handle is too long (maximum is 64 characters)", null),
    );
  const mine = fo.holds.filter((h) => h.heldByApiKey === apiKey);
  if (mine.some((h) => h.handle === handle)) {
    return fail(
      userError(
        ["fulfillmentHold", "handle"],
        "The handle provided for the fulfillment hold is already in use by this app for another hold on this fulfillment order.",
        "DUPLICATE_FULFILLMENT_HOLD_HANDLE",
      ),
    );
  }
  if (mine.length >= MAX_HOLDS_PER_APP) {
    return fail(
      userError(
        ["id"],
        `The maximum number of fulfillment holds for this fulfillment order has been reached for this app. An app can only have up to ${MAX_HOLDS_PER_APP} holds on a single fulfillment order at any one time.`,
        "FULFILLMENT_ORDER_HOLD_LIMIT_REACHED",
      ),
    );
  }
  const requested = input.fulfillmentOrderLineItems ?? [];
  if (requested.length > 0 && fo.status === "ON_HOLD") {
    return fail(
      userError(
        ["fulfillmentHold", "fulfillmentOrderLineItems"],
        "The fulfillment order is not in a splittable state.",
        "FULFILLMENT_ORDER_NOT_SPLITTABLE",
      ),
    );
  }
  const errors: UserErrorRecord[] = [];
  const held = new Map<number, number>();
  requested.forEach((r, i) => {
    const path = ["fulfillmentHold", "fulfillmentOrderLineItems", String(i)];
    const folId = idOf(r.id, "FulfillmentOrderLineItem");
    const fol = folId === null ? undefined : fo.lineItems.find((l) => l.id === folId);
    if (!fol) {
      errors.push(
        userError(
          [...path, "id"],
          "Fulfillment order line item does not exist.",
          "INVALID_LINE_ITEM_QUANTITY",
        ),
      );
      return;
    }
    if (r.quantity <= 0) {
      errors.push(
        userError(
          [...path, "quantity"],
          "You must select at least one item to place on partial hold.",
          "GREATER_THAN_ZERO",
        ),
      );
      return;
    }
    const total = (held.get(fol.id) ?? 0) + r.quantity;
    if (total > fol.remainingQuantity) {
      errors.push(
        userError(
          [...path, "quantity"],
          `The line item quantity is invalid: ${total} requested, ${fol.remainingQuantity} remaining.`,
          "INVALID_LINE_ITEM_QUANTITY",
        ),
      );
      return;
    }
    held.set(fol.id, total);
  });
  if (errors.length > 0) return fail(...errors);

  const now = s.now();
  const isPartial =
    held.size > 0 &&
    fo.lineItems.some((l) => l.remainingQuantity > 0 && (held.get(l.id) ?? 0) < l.remainingQuantity);
  let remaining: FulfillmentOrderRecord | null = null;
  if (isPartial) remaining = split(s, fo, held);
  const hold: FulfillmentHoldRecord = {
    id: s.nextId("FulfillmentHold"),
    fulfillmentOrderId: fo.id,
    handle,
    reason: input.reason,
    reasonNotes: input.reasonNotes ?? null,
    externalId: input.externalId ?? null,
    heldByApiKey: apiKey,
    createdAt: now,
  };
  fo.holds.push(hold);
  s.holds.set(hold.id, hold);
  fo.status = "ON_HOLD";
  fo.updatedAt = now;
  const heldLines = fo.lineItems
    .filter((l) => l.remainingQuantity > 0)
    .map((l) => ({ id: l.id, quantity: l.remainingQuantity }));
  const rem = remaining;
  tx.emit("fulfillment_orders/placed_on_hold", `${fo.id}:${hold.id}`, () =>
    placedOnHoldPayload(s, fo, hold, rem, heldLines),
  );
  return ok({ hold, fulfillmentOrder: fo, remaining });
}

/**
 * Moves everything that is not held to a new fulfillment order at the same location. The held fulfillment order
 * keeps its id (Shopify returns it as `fulfillmentOrder`, the new one as `remainingFulfillmentOrder`).
 */
function split(s: ShopState, fo: FulfillmentOrderRecord, held: Map<number, number>): FulfillmentOrderRecord {
  const order = s.orders.get(fo.orderId)!;
  const now = s.now();
  const remaining: FulfillmentOrderRecord = {
    id: s.nextId("FulfillmentOrder"),
    orderId: order.id,
    locationId: fo.locationId,
    status: fo.status === "IN_PROGRESS" ? "IN_PROGRESS" : "OPEN",
    lineItems: [],
    holds: [],
    createdAt: now,
    updatedAt: now,
  };
  s.fulfillmentOrders.set(remaining.id, remaining);
  s.fulfillmentOrderList.push(remaining);
  order.fulfillmentOrderIds.push(remaining.id);
  for (const fol of [...fo.lineItems]) {
    const keep = held.get(fol.id) ?? 0;
    const move = fol.remainingQuantity - keep;
    if (move <= 0) continue;
    addFoLine(s, remaining, fol.lineItemId, move);
    fol.remainingQuantity = keep;
    fol.totalQuantity -= move;
  }
  // Line items with nothing left to hold leave the held fulfillment order entirely.
  fo.lineItems = fo.lineItems.filter((l) => l.totalQuantity > 0);
  for (const lineItemId of new Set(remaining.lineItems.map((l) => l.lineItemId))) {
    const list = s.foLinesByLineItem.get(lineItemId)!;
    s.foLinesByLineItem.set(
      lineItemId,
      list.filter((l) => l.totalQuantity > 0 || l.fulfillmentOrderId !== fo.id),
    );
  }
  return remaining;
}

export function releaseHolds(
  s: ShopState,
  tx: Tx,
  foId: number | null,
  holdIds: string[] | null | undefined,
): Outcome<FulfillmentOrderRecord> {
  const fo = foId === null ? undefined : s.fulfillmentOrders.get(foId);
  if (!fo) return fail(userError(["id"], "Fulfillment order does not exist.", "FULFILLMENT_ORDER_NOT_FOUND"));
  // "Holds will only be released if they belong to the fulfillment order specified"; omitted ids release all.
  const ids =
    holdIds === null || holdIds === undefined
      ? null
      : new Set(holdIds.map((h) => idOf(h, "FulfillmentHold")));
  const releasing = fo.holds.filter((h) => ids === null || ids.has(h.id));
  if (releasing.length === 0) return ok(fo);
  fo.holds = fo.holds.filter((h) => !releasing.includes(h));
  for (const h of releasing) s.holds.delete(h.id);
  if (fo.holds.length === 0 && fo.status === "ON_HOLD") {
    fo.status = fo.lineItems.some((l) => l.remainingQuantity < l.totalQuantity) ? "IN_PROGRESS" : "OPEN";
  }
  fo.updatedAt = s.now();
  tx.emit("fulfillment_orders/hold_released", `${fo.id}:${releasing.map((h) => h.id).join(",")}`, () =>
    holdReleasedPayload(fo),
  );
  return ok(fo);
}
