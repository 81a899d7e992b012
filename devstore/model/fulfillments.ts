import { fail, ok, userError, type Outcome } from "./outcome.js";
import type { ShopState } from "./shop-state.js";
import type { Tx } from "./tx.js";
import type { FulfillmentOrderLineItemRecord, FulfillmentOrderRecord, FulfillmentRecord } from "./types.js";

export interface FulfillInput {
  fulfillmentOrderId: number;
  /** FulfillmentOrderLineItem id → quantity; omitted: every remaining unit. */
  lines?: { id: number; quantity: number }[];
}

export interface FulfillOptions {
  trackingNumber?: string | null;
  trackingCompany?: string | null;
  trackingUrl?: string | null;
  notifyCustomer?: boolean;
}

function foGidOf(id: number): string {
  return `gid://shopify/FulfillmentOrder/${id}`;
}

/** fulfillmentCreate and the control API's fulfill: one fulfillment over one or more fulfillment orders of an order. */
export function createFulfillment(
  s: ShopState,
  tx: Tx,
  inputs: FulfillInput[],
  opts: FulfillOptions = {},
): Outcome<FulfillmentRecord> {
  if (inputs.length === 0)
    return fail(
      userError(
        ["fulfillment", "lineItemsByFulfillmentOrder"],
        "Line items by fulfillment order can't be blank",
      ),
    );
  const planned: { fo: FulfillmentOrderRecord; fol: FulfillmentOrderLineItemRecord; quantity: number }[] = [];
  let orderId: number | null = null;
  for (const [i, input] of inputs.entries()) {
    const fo = s.fulfillmentOrders.get(input.fulfillmentOrderId);
    const field = ["fulfillment", "lineItemsByFulfillmentOrder", String(i), "fulfillmentOrderId"];
    if (!fo)
      return fail(userError(field, `Fulfillment order ${foGidOf(input.fulfillmentOrderId)} does not exist.`));
    if (orderId !== null && fo.orderId !== orderId)
      return fail(userError(field, "All fulfillment orders must belong to the same order."));
    orderId = fo.orderId;
    if (fo.status === "ON_HOLD" || fo.holds.length > 0) {
      return fail(userError(field, `Fulfillment order ${fo.id} has an unfulfillable status= on_hold.`));
    }
    if (fo.status !== "OPEN" && fo.status !== "IN_PROGRESS") {
      return fail(
        userError(
          field,
          `Fulfillment order ${fo.id} has an unfulfillable status= ${fo.status.toLowerCase()}.`,
        ),
      );
    }
    const wanted =
      input.lines ??
      fo.lineItems
        .filter((l) => l.remainingQuantity > 0)
        .map((l) => ({ id: l.id, quantity: l.remainingQuantity }));
    for (const w of wanted) {
      const fol = fo.lineItems.find((l) => l.id === w.id);
      if (!fol)
        return fail(
          userError(
            ["fulfillment", "lineItemsByFulfillmentOrder", String(i), "fulfillmentOrderLineItems"],
            `Fulfillment order line item ${w.id} does not belong to fulfillment order ${fo.id}.`,
          ),
        );
      if (!Number.isInteger(w.quantity) || w.quantity < 1 || w.quantity > fol.remainingQuantity) {
        return fail(
          userError(
            ["fulfillment", "lineItemsByFulfillmentOrder", String(i), "fulfillmentOrderLineItems"],
            `Invalid quantity ${w.quantity} for fulfillment order line item ${fol.id}: ${fol.remainingQuantity} remaining.`,
          ),
        );
      }
      planned.push({ fo, fol, quantity: w.quantity });
    }
  }
  if (planned.length === 0)
    return fail(
      userError(["fulfillment"], "Nothing to fulfill: the fulfillment orders have no remaining line items."),
    );
  const order = s.orders.get(orderId!)!;
  const now = s.now();
  const first = planned[0]!.fo;
  const fulfillment: FulfillmentRecord = {
    id: s.nextId("Fulfillment"),
    orderId: order.id,
    fulfillmentOrderId: first.id,
    locationId: first.locationId,
    status: "SUCCESS",
    lines: [],
    trackingNumber: opts.trackingNumber ?? null,
    trackingCompany: opts.trackingCompany ?? null,
    trackingUrl: opts.trackingUrl ?? null,
    notifyCustomer: opts.notifyCustomer ?? false,
    createdAt: now,
    updatedAt: now,
  };
  for (const { fo, fol, quantity } of planned) {
    const line = s.lineItems.get(fol.lineItemId)!;
    fol.remainingQuantity -= quantity;
    line.fulfilledQuantity += quantity;
    if (line.tracked && line.variantId !== null) {
      const variant = s.variants.get(line.variantId);
      const level = variant ? s.itemOf(variant).levels.get(fo.locationId) : undefined;
      // committed goes down and with it on_hand; available does not move.
      if (level) s.changeQuantity(tx, level, "committed", -quantity);
    }
    fulfillment.lines.push({ lineItemId: line.id, fulfillmentOrderLineItemId: fol.id, quantity });
    fo.status = fo.lineItems.every((l) => l.remainingQuantity === 0) ? "CLOSED" : "IN_PROGRESS";
    fo.updatedAt = now;
  }
  s.fulfillments.set(fulfillment.id, fulfillment);
  order.fulfillmentIds.push(fulfillment.id);
  order.updatedAt = now;
  const allDone = s.lineItemsOf(order).every((l) => s.unfulfilledQuantity(l) === 0);
  if (allDone) order.closedAt = now;
  tx.orderTopic(allDone ? "orders/fulfilled" : "orders/partially_fulfilled", order.id);
  tx.orderUpdated(order.id);
  return ok(fulfillment);
}
