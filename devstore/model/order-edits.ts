import { orderEditPayload } from "../rest/order.js";
import { idOf } from "./ids.js";
import { commitUnits, releaseUnits, routeLines } from "./order-inventory.js";
import { addFoLine, newFulfillmentOrder, newLineItem } from "./orders.js";
import { fail, ok, userError, type Outcome } from "./outcome.js";
import type { ShopState } from "./shop-state.js";
import type { Tx } from "./tx.js";
import { isMoney, toCents } from "./money.js";
import type {
  FulfillmentOrderRecord,
  LineDiscountRecord,
  LineItemRecord,
  OrderEditRecord,
  OrderRecord,
} from "./types.js";

/**
 * Order editing (https://shopify.dev/docs/apps/build/orders-fulfillment/order-management-apps/edit-orders):
 * begin opens a CalculatedOrder, changes are staged on it, and only commit touches the order and its inventory.
 * A CalculatedLineItem of an existing line shares that LineItem's number, as on Shopify; added lines get new ids.
 */

function editable(edit: OrderEditRecord | undefined): Outcome<OrderEditRecord> {
  if (!edit) return fail(userError(["id"], "The calculated order does not exist."));
  if (edit.committedAt) return fail(userError(["id"], "The calculated order has already been committed."));
  return ok(edit);
}

export function beginEdit(
  s: ShopState,
  order: OrderRecord | undefined,
  apiKey: string,
): Outcome<OrderEditRecord> {
  if (!order) return fail(userError(["id"], "The order does not exist."));
  if (order.cancelledAt) return fail(userError(["id"], "The order cannot be edited: it has been cancelled."));
  const edit: OrderEditRecord = {
    id: s.nextId("CalculatedOrder"),
    orderId: order.id,
    apiKey,
    additions: [],
    quantityChanges: new Map(),
    committedAt: null,
    addedLineItemIds: [],
    staffNote: null,
    notifyCustomer: false,
    createdAt: s.now(),
  };
  s.edits.set(edit.id, edit);
  return ok(edit);
}

export function addVariant(
  s: ShopState,
  edit: OrderEditRecord | undefined,
  input: {
    variantId: string;
    quantity: number;
    locationId?: string | null;
    allowDuplicates?: boolean | null;
  },
): Outcome<{ edit: OrderEditRecord; calculatedLineItemId: number }> {
  const checked = editable(edit);
  if (!checked.ok) return checked;
  const e = checked.value;
  const variantId = idOf(input.variantId, "ProductVariant");
  const variant = variantId === null ? undefined : s.variants.get(variantId);
  if (!variant) return fail(userError(["variantId"], "The variant does not exist."));
  if (input.quantity < 1)
    return fail(userError(["quantity"], "Quantity must be greater than or equal to 1."));
  let locationId: number | null = null;
  if (input.locationId) {
    locationId = idOf(input.locationId, "Location");
    if (locationId === null || !s.locations.has(locationId))
      return fail(userError(["locationId"], "The location does not exist."));
  }
  const order = s.orders.get(e.orderId)!;
  const present =
    s.lineItemsOf(order).some((l) => l.variantId === variant.id && l.currentQuantity > 0) ||
    e.additions.some((a) => a.variantId === variant.id && a.quantity > 0);
  if (present && !input.allowDuplicates) {
    return fail(
      userError(
        ["variantId"],
        "Variant is already on the order. Pass allowDuplicates: true to add it as a separate line item.",
      ),
    );
  }
  const calculatedLineItemId = s.nextId("CalculatedLineItem");
  e.additions.push({ calculatedLineItemId, variantId: variant.id, quantity: input.quantity, locationId });
  return ok({ edit: e, calculatedLineItemId });
}

/**
 * orderEditAddLineItemDiscount (https://shopify.dev/docs/api/admin-graphql/latest/mutations/orderEditAddLineItemDiscount):
 * a discount on a line the edit added (OrderStagedChangeAddLineItemDiscount: "the discount applied to an item that was
 * added during the current order edit"); existing lines keep their price. A fixed value is taken off each unit, in the
 * shop's currency and never below zero; a percentage is of the unit price. One discount per added line: a second one
 * replaces the first.
 */
export function addLineItemDiscount(
  s: ShopState,
  edit: OrderEditRecord | undefined,
  input: {
    lineItemId: string;
    description: string | null;
    fixedValue: { amount: string; currencyCode: string } | null;
    percentValue: number | null;
  },
): Outcome<{ edit: OrderEditRecord; calculatedLineItemId: number; discountId: number }> {
  const checked = editable(edit);
  if (!checked.ok) return checked;
  const e = checked.value;
  const id = idOf(input.lineItemId, "CalculatedLineItem");
  const added = id === null ? undefined : e.additions.find((a) => a.calculatedLineItemId === id);
  if (!added) {
    const existing = id !== null && s.lineItems.get(id)?.orderId === e.orderId;
    return fail(
      userError(
        ["lineItemId"],
        existing
          ? "Discounts can only be added to line items added during this edit."
          : "The calculated line item does not exist.",
      ),
    );
  }
  if ((input.fixedValue === null) === (input.percentValue === null))
    return fail(userError(["discount"], "Provide exactly one of fixedValue or percentValue."));
  const unit = toCents(s.variants.get(added.variantId)!.price);
  let perUnitCents: number;
  let value: LineDiscountRecord["value"];
  if (input.fixedValue) {
    if (input.fixedValue.currencyCode !== s.shop.currency)
      return fail(
        userError(["discount", "fixedValue", "currencyCode"], "Currency must match the order's currency."),
      );
    const cents = isMoney(input.fixedValue.amount) ? toCents(input.fixedValue.amount) : -1;
    if (cents <= 0)
      return fail(userError(["discount", "fixedValue", "amount"], "Amount must be greater than 0."));
    perUnitCents = Math.min(cents, unit);
    value = { kind: "fixed", cents };
  } else {
    const percent = input.percentValue!;
    if (!(percent > 0 && percent <= 100))
      return fail(userError(["discount", "percentValue"], "Percentage must be between 0 and 100."));
    perUnitCents = Math.round((unit * percent) / 100);
    value = { kind: "percent", percent };
  }
  const discountId = s.nextId("OrderStagedChange");
  added.discount = { id: discountId, description: input.description, value, perUnitCents };
  return ok({ edit: e, calculatedLineItemId: added.calculatedLineItemId, discountId });
}

export function setQuantity(
  s: ShopState,
  edit: OrderEditRecord | undefined,
  input: { lineItemId: string; quantity: number; restock?: boolean | null },
): Outcome<{ edit: OrderEditRecord; calculatedLineItemId: number }> {
  const checked = editable(edit);
  if (!checked.ok) return checked;
  const e = checked.value;
  const id = idOf(input.lineItemId, "CalculatedLineItem");
  if (id === null) return fail(userError(["lineItemId"], "The calculated line item does not exist."));
  if (input.quantity < 0)
    return fail(userError(["quantity"], "Quantity must be greater than or equal to 0."));
  const added = e.additions.find((a) => a.calculatedLineItemId === id);
  if (added) {
    added.quantity = input.quantity;
    return ok({ edit: e, calculatedLineItemId: id });
  }
  const line = s.lineItems.get(id);
  if (!line || line.orderId !== e.orderId)
    return fail(userError(["lineItemId"], "The calculated line item does not exist."));
  const fulfilled = line.currentQuantity - s.unfulfilledQuantity(line);
  if (input.quantity < fulfilled) {
    return fail(
      userError(["quantity"], `Quantity can't be lower than the fulfilled quantity (${fulfilled}).`),
    );
  }
  e.quantityChanges.set(line.id, {
    quantity: input.quantity,
    restock: input.restock ?? false,
    before: line.currentQuantity,
  });
  return ok({ edit: e, calculatedLineItemId: id });
}

/** An OPEN, un-held fulfillment order of the order at a location, or a new one. */
function openFulfillmentOrder(s: ShopState, order: OrderRecord, locationId: number): FulfillmentOrderRecord {
  const existing = s
    .fulfillmentOrdersOf(order)
    .find((fo) => fo.locationId === locationId && fo.status === "OPEN" && fo.holds.length === 0);
  return existing ?? newFulfillmentOrder(s, order, locationId);
}

function reduceLine(s: ShopState, tx: Tx, line: LineItemRecord, units: number, restock: boolean): void {
  let left = units;
  const fols = [...(s.foLinesByLineItem.get(line.id) ?? [])].reverse();
  for (const fol of fols) {
    if (left === 0) break;
    const take = Math.min(left, fol.remainingQuantity);
    if (take === 0) continue;
    const fo = s.fulfillmentOrders.get(fol.fulfillmentOrderId)!;
    fol.remainingQuantity -= take;
    fol.totalQuantity -= take;
    releaseUnits(s, tx, line, fo.locationId, take, restock);
    if (fo.lineItems.every((l) => l.remainingQuantity === 0) && fo.status !== "CLOSED") fo.status = "CLOSED";
    fo.updatedAt = s.now();
    left -= take;
  }
}

export function commitEdit(
  s: ShopState,
  tx: Tx,
  edit: OrderEditRecord | undefined,
  input: { notifyCustomer?: boolean | null; staffNote?: string | null },
  appId: number | null,
): Outcome<OrderRecord> {
  const checked = editable(edit);
  if (!checked.ok) return checked;
  const e = checked.value;
  const order = s.orders.get(e.orderId)!;
  if (order.cancelledAt) return fail(userError(["id"], "The order cannot be edited: it has been cancelled."));
  const now = s.now();
  for (const [lineId, change] of e.quantityChanges) {
    const line = s.lineItems.get(lineId)!;
    const delta = change.quantity - line.currentQuantity;
    if (delta < 0) reduceLine(s, tx, line, -delta, change.restock);
    if (delta > 0 && line.variantId !== null) {
      const variant = s.variants.get(line.variantId)!;
      const fol = (s.foLinesByLineItem.get(line.id) ?? []).find((l) => {
        const fo = s.fulfillmentOrders.get(l.fulfillmentOrderId)!;
        return fo.status === "OPEN" && fo.holds.length === 0;
      });
      if (fol) {
        fol.totalQuantity += delta;
        fol.remainingQuantity += delta;
        commitUnits(s, tx, variant, s.fulfillmentOrders.get(fol.fulfillmentOrderId)!.locationId, delta);
      } else {
        const [first] = routeLines(s, [{ variant, quantity: delta }], null);
        const fo = openFulfillmentOrder(s, order, first!.locationId);
        addFoLine(s, fo, line.id, delta);
        commitUnits(s, tx, variant, fo.locationId, delta);
      }
    }
    line.currentQuantity = change.quantity;
    line.quantity = Math.max(line.quantity, line.currentQuantity);
  }
  for (const a of e.additions) {
    if (a.quantity === 0) {
      e.addedLineItemIds.push(null);
      continue;
    }
    const variant = s.variants.get(a.variantId)!;
    const line = newLineItem(s, order, variant, a.quantity, []);
    if (a.discount) line.discount = a.discount;
    e.addedLineItemIds.push(line.id);
    const allocation =
      a.locationId !== null
        ? [{ lineIndex: 0, locationId: a.locationId, quantity: a.quantity }]
        : routeLines(s, [{ variant, quantity: a.quantity }], null);
    for (const part of allocation) {
      const fo = openFulfillmentOrder(s, order, part.locationId);
      addFoLine(s, fo, line.id, part.quantity);
      commitUnits(s, tx, variant, part.locationId, part.quantity);
    }
  }
  e.committedAt = now;
  e.notifyCustomer = input.notifyCustomer ?? false;
  e.staffNote = input.staffNote ?? null;
  order.editIds.push(e.id);
  order.updatedAt = now;
  tx.emit("orders/edited", e.id, () => orderEditPayload(s, e, appId));
  tx.orderUpdated(order.id);
  return ok(order);
}
