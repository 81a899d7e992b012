import { orderTotals } from "../rest/order.js";
import { formatCents, isMoney, normaliseMoney, toCents } from "./money.js";
import { fail, ok, userError, type Outcome, type UserErrorRecord } from "./outcome.js";
import type { ShopState } from "./shop-state.js";
import type { Tx } from "./tx.js";
import type { OrderRecord, RefundRecord, RestockType } from "./types.js";
import { releaseUnits } from "./order-inventory.js";
import { discountedUnitCents } from "./orders.js";

export interface RefundTransactionInput {
  /** OrderTransactionInput.amount (a Money decimal string). */
  amount: string;
  gateway: string;
  kind: string;
  /** OrderTransactionInput.orderId, already checked to be the refunded order's. */
  parentId: number | null;
}

export interface RefundLineInput {
  lineItemId: number;
  quantity: number;
  restockType: RestockType;
  locationId: number | null;
}

/**
 * refundCreate (https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/refundCreate). Money moves only through
 * `transactions` (kind REFUND, at most what the order received less what was refunded, unless allowOverRefunding);
 * line items say which units the refund covers and what happens to their stock.
 * The inventory side: Unfulfilled units leave the order's fulfillment orders (CANCEL restocks them,
 * NO_RESTOCK lets them go); RETURN puts fulfilled units back into available at the given (or original) location.
 */
export function createRefund(
  s: ShopState,
  tx: Tx,
  order: OrderRecord,
  lines: RefundLineInput[],
  note: string | null,
  transactions: RefundTransactionInput[] = [],
  allowOverRefunding = false,
): Outcome<RefundRecord> {
  const errors: UserErrorRecord[] = checkTransactions(s, order, transactions, allowOverRefunding);
  const perLine = new Map<number, number>();
  lines.forEach((l, i) => {
    const line = s.lineItems.get(l.lineItemId);
    if (!line || line.orderId !== order.id) {
      errors.push(
        userError(["refundLineItems", String(i), "lineItemId"], "Line item does not exist on this order."),
      );
      return;
    }
    const total = (perLine.get(line.id) ?? 0) + l.quantity;
    perLine.set(line.id, total);
    if (l.quantity < 1)
      errors.push(userError(["refundLineItems", String(i), "quantity"], "Quantity must be greater than 0."));
    const unfulfilled = s.unfulfilledQuantity(line);
    const fulfilled = line.currentQuantity - unfulfilled;
    if (l.restockType === "CANCEL" && l.quantity > unfulfilled) {
      errors.push(
        userError(
          ["refundLineItems", String(i), "quantity"],
          `Cannot cancel ${l.quantity} of line item ${line.id}: only ${unfulfilled} unfulfilled.`,
        ),
      );
    }
    if (l.restockType === "RETURN" && l.quantity > fulfilled) {
      errors.push(
        userError(
          ["refundLineItems", String(i), "quantity"],
          `Cannot return ${l.quantity} of line item ${line.id}: only ${fulfilled} fulfilled.`,
        ),
      );
    }
    if (total > line.currentQuantity) {
      errors.push(
        userError(
          ["refundLineItems", String(i), "quantity"],
          `Quantity cannot refund more items than were purchased (${line.currentQuantity} refundable).`,
        ),
      );
    }
    if (l.locationId !== null && !s.locations.has(l.locationId))
      errors.push(userError(["refundLineItems", String(i), "locationId"], "Location does not exist."));
  });
  if (errors.length > 0) return fail(...errors);

  const now = s.now();
  const refund: RefundRecord = {
    id: s.nextId("Refund"),
    orderId: order.id,
    note,
    lines: [],
    transactions: transactions.map((t) => ({
      id: s.nextId("OrderTransaction"),
      kind: "REFUND" as const,
      gateway: t.gateway,
      amount: normaliseMoney(t.amount),
      parentId: t.parentId,
      createdAt: now,
    })),
    amount: formatCents(transactions.reduce((n, t) => n + toCents(t.amount), 0)),
    createdAt: now,
  };
  for (const l of lines) {
    const line = s.lineItems.get(l.lineItemId)!;
    let left = l.quantity;
    let restockLocation: number | null = l.locationId;
    const takeUnfulfilled = l.restockType !== "RETURN";
    if (takeUnfulfilled) {
      // Unfulfilled units come off the fulfillment orders, last one first.
      const fols = [...(s.foLinesByLineItem.get(line.id) ?? [])].reverse();
      for (const fol of fols) {
        if (left === 0) break;
        const take = Math.min(left, fol.remainingQuantity);
        if (take === 0) continue;
        const fo = s.fulfillmentOrders.get(fol.fulfillmentOrderId)!;
        fol.remainingQuantity -= take;
        fol.totalQuantity -= take;
        releaseUnits(s, tx, line, fo.locationId, take, l.restockType !== "NO_RESTOCK");
        restockLocation ??= fo.locationId;
        if (fo.lineItems.every((x) => x.remainingQuantity === 0) && fo.status !== "CLOSED") {
          fo.status = "CLOSED";
          fo.updatedAt = now;
        }
        left -= take;
      }
    }
    if (left > 0 && (l.restockType === "RETURN" || l.restockType === "LEGACY_RESTOCK")) {
      const locationId =
        restockLocation ??
        s.fulfillmentOrders.get(s.foLinesByLineItem.get(line.id)?.[0]?.fulfillmentOrderId ?? -1)
          ?.locationId ??
        s.primaryLocation().id;
      restockLocation = locationId;
      if (line.tracked && line.variantId !== null) {
        const variant = s.variants.get(line.variantId);
        const level = variant ? s.itemOf(variant).levels.get(locationId) : undefined;
        if (level) s.changeQuantity(tx, level, "available", left);
      }
    }
    line.currentQuantity -= l.quantity;
    line.refundedQuantity += l.quantity;
    const subtotal = discountedUnitCents(line) * l.quantity;
    refund.lines.push({
      id: s.nextId("RefundLineItem"),
      lineItemId: line.id,
      quantity: l.quantity,
      restockType: l.restockType,
      locationId: l.restockType === "NO_RESTOCK" ? null : restockLocation,
      subtotal: formatCents(subtotal),
    });
  }
  s.refunds.set(refund.id, refund);
  order.refundIds.push(refund.id);
  const { lineItemsCents, refundedCents } = orderTotals(s, order);
  if (refundedCents > 0)
    order.financialStatus = refundedCents >= lineItemsCents ? "refunded" : "partially_refunded";
  order.updatedAt = now;
  tx.refundCreated(refund.id);
  tx.orderUpdated(order.id);
  return ok(refund);
}

function checkTransactions(
  s: ShopState,
  order: OrderRecord,
  transactions: RefundTransactionInput[],
  allowOverRefunding: boolean,
): UserErrorRecord[] {
  const errors: UserErrorRecord[] = [];
  let cents = 0;
  transactions.forEach((t, i) => {
    const at = (field: string) => ["transactions", String(i), field];
    if (t.kind !== "REFUND")
      errors.push(userError(at("kind"), "Kind must be refund for a refund transaction."));
    if (!t.gateway.trim()) errors.push(userError(at("gateway"), "Gateway can't be blank."));
    if (!isMoney(t.amount) || toCents(t.amount) <= 0)
      errors.push(userError(at("amount"), "Amount must be greater than 0."));
    else cents += toCents(t.amount);
  });
  const { lineItemsCents, refundedCents } = orderTotals(s, order);
  const refundable = (order.financialStatus === "voided" ? 0 : lineItemsCents) - refundedCents;
  if (!allowOverRefunding && cents > refundable)
    errors.push(
      userError(
        ["transactions"],
        `Refund amount ${formatCents(cents)} is greater than the refundable amount of ${formatCents(Math.max(0, refundable))}.`,
      ),
    );
  return errors;
}
