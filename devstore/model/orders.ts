import { idOf } from "./ids.js";
import { formatCents, toCents } from "./money.js";
import { fail, ok, userError, type Outcome, type UserErrorRecord } from "./outcome.js";
import type { ShopState } from "./shop-state.js";
import type { Tx } from "./tx.js";
import type {
  FulfillmentOrderLineItemRecord,
  FulfillmentOrderRecord,
  FulfillmentRecord,
  InventoryLevelRecord,
  LineItemRecord,
  OrderChannel,
  OrderRecord,
  PlaceOrderInput,
  RefundRecord,
  RestockType,
  VariantRecord,
} from "./types.js";

/**
 * Orders and their inventory effects (https://shopify.dev/docs/apps/fulfillment/inventory-management-apps#inventory-states):
 * an order moves units from available to committed at the location it ships from; a fulfillment takes them from
 * committed (and so from on_hand); cancelling with restock returns committed units to available.
 */

const SOURCE_NAMES: Record<OrderChannel, string> = {
  online_store: "web",
  pos: "pos",
  draft_order: "shopify_draft_order",
};

export const CANCEL_REASONS = ["CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "STAFF", "OTHER"] as const;

interface Demand {
  variant: VariantRecord;
  quantity: number;
}

/** Which location each unit of each line ships from: `[lineIndex, locationId, quantity]` triples. */
type Allocation = { lineIndex: number; locationId: number; quantity: number }[];

function levelAt(s: ShopState, variant: VariantRecord, locationId: number): InventoryLevelRecord | undefined {
  return s.itemOf(variant).levels.get(locationId);
}

/**
 * A simplified version of Shopify's order routing: ship everything from the first location (in location order)
 * that has every line in stock; otherwise route each line to the first location that has it in stock, splitting a
 * line over locations when none has all of it, and oversold units (CONTINUE) to the first location that stocks it.
 */
export function routeLines(s: ShopState, lines: Demand[], fixedLocationId: number | null): Allocation {
  if (fixedLocationId !== null)
    return lines.map((_, lineIndex) => ({
      lineIndex,
      locationId: fixedLocationId,
      quantity: lines[lineIndex]!.quantity,
    }));
  const all = (locationId: number): Allocation =>
    lines.map((d, lineIndex) => ({ lineIndex, locationId, quantity: d.quantity }));
  const needs = new Map<number, Demand>();
  for (const d of lines) {
    if (!s.itemOf(d.variant).tracked) continue;
    needs.set(d.variant.id, {
      variant: d.variant,
      quantity: (needs.get(d.variant.id)?.quantity ?? 0) + d.quantity,
    });
  }
  // Untracked lines ship from wherever the tracked ones do.
  if (needs.size === 0) return all(s.primaryLocation().id);
  for (const loc of s.locationList) {
    const fits = [...needs.values()].every(
      (d) => (levelAt(s, d.variant, loc.id)?.quantities.available ?? -Infinity) >= d.quantity,
    );
    if (fits) return all(loc.id);
  }
  const allocation: Allocation = [];
  lines.forEach((d, lineIndex) => {
    const item = s.itemOf(d.variant);
    const levels = [...item.levels.values()];
    const whole = levels.find((l) => l.quantities.available >= d.quantity);
    if (whole) {
      allocation.push({ lineIndex, locationId: whole.locationId, quantity: d.quantity });
      return;
    }
    let left = d.quantity;
    for (const level of levels) {
      if (left === 0) break;
      const take = Math.min(left, Math.max(0, level.quantities.available));
      if (take > 0) {
        allocation.push({ lineIndex, locationId: level.locationId, quantity: take });
        left -= take;
      }
    }
    if (left > 0) {
      const first = levels[0]?.locationId ?? s.primaryLocation().id;
      const existing = allocation.find((a) => a.lineIndex === lineIndex && a.locationId === first);
      if (existing) existing.quantity += left;
      else allocation.push({ lineIndex, locationId: first, quantity: left });
    }
  });
  return allocation;
}

/** DENY refuses what exceeds available over all locations; CONTINUE and untracked variants always sell. */
export function denyShortfalls(s: ShopState, demands: Iterable<Demand>): string[] {
  const perVariant = new Map<number, Demand>();
  for (const d of demands) {
    const prev = perVariant.get(d.variant.id);
    perVariant.set(d.variant.id, { variant: d.variant, quantity: (prev?.quantity ?? 0) + d.quantity });
  }
  const problems: string[] = [];
  for (const { variant, quantity } of perVariant.values()) {
    if (variant.inventoryPolicy !== "DENY" || !s.itemOf(variant).tracked) continue;
    const available = s.inventoryQuantity(variant);
    if (quantity > available) {
      const product = s.products.get(variant.productId)!;
      problems.push(
        `${product.title} - ${variant.title}${variant.sku ? ` (${variant.sku})` : ""}: ${quantity} requested, ` +
          `${Math.max(0, available)} available, and its inventory policy is DENY`,
      );
    }
  }
  return problems;
}

export function newFulfillmentOrder(
  s: ShopState,
  order: OrderRecord,
  locationId: number,
): FulfillmentOrderRecord {
  const now = s.now();
  const fo: FulfillmentOrderRecord = {
    id: s.nextId("FulfillmentOrder"),
    orderId: order.id,
    locationId,
    status: "OPEN",
    lineItems: [],
    holds: [],
    createdAt: now,
    updatedAt: now,
  };
  s.fulfillmentOrders.set(fo.id, fo);
  s.fulfillmentOrderList.push(fo);
  order.fulfillmentOrderIds.push(fo.id);
  return fo;
}

export function addFoLine(
  s: ShopState,
  fo: FulfillmentOrderRecord,
  lineItemId: number,
  quantity: number,
): FulfillmentOrderLineItemRecord {
  const fol: FulfillmentOrderLineItemRecord = {
    id: s.nextId("FulfillmentOrderLineItem"),
    fulfillmentOrderId: fo.id,
    lineItemId,
    totalQuantity: quantity,
    remainingQuantity: quantity,
  };
  fo.lineItems.push(fol);
  s.addFoLine(fol);
  return fol;
}

export function newLineItem(
  s: ShopState,
  order: OrderRecord,
  variant: VariantRecord,
  quantity: number,
  properties: { name: string; value: string }[],
): LineItemRecord {
  const product = s.products.get(variant.productId)!;
  const item = s.itemOf(variant);
  const line: LineItemRecord = {
    id: s.nextId("LineItem"),
    orderId: order.id,
    variantId: variant.id,
    productId: product.id,
    title: product.title,
    variantTitle: variant.title === "Default Title" ? null : variant.title,
    vendor: product.vendor,
    sku: variant.sku,
    quantity,
    currentQuantity: quantity,
    fulfilledQuantity: 0,
    refundedQuantity: 0,
    price: variant.price,
    properties,
    requiresShipping: item.requiresShipping,
    taxable: variant.taxable,
    tracked: item.tracked,
  };
  s.lineItems.set(line.id, line);
  order.lineItemIds.push(line.id);
  return line;
}

/** Moves units of a line from available to committed at a location (the effect of selling them). */
export function commitUnits(
  s: ShopState,
  tx: Tx,
  variant: VariantRecord,
  locationId: number,
  quantity: number,
): void {
  const item = s.itemOf(variant);
  if (!item.tracked) return;
  const level = item.levels.get(locationId);
  if (!level) return;
  s.changeQuantity(tx, level, "available", -quantity);
  s.changeQuantity(tx, level, "committed", quantity);
}

/** Releases committed units; with restock they return to available, without they leave on_hand. */
export function releaseUnits(
  s: ShopState,
  tx: Tx,
  line: LineItemRecord,
  locationId: number,
  quantity: number,
  restock: boolean,
): void {
  if (!line.tracked || line.variantId === null || quantity === 0) return;
  const variant = s.variants.get(line.variantId);
  if (!variant) return;
  const level = s.itemOf(variant).levels.get(locationId);
  if (!level) return;
  s.changeQuantity(tx, level, "committed", -quantity);
  if (restock) s.changeQuantity(tx, level, "available", quantity);
}

export function placeOrder(s: ShopState, tx: Tx, input: PlaceOrderInput): Outcome<OrderRecord> {
  const errors: UserErrorRecord[] = [];
  if (input.lines.length === 0) errors.push(userError(["lines"], "An order needs at least one line"));
  const demands: (Demand & { properties: { name: string; value: string }[] })[] = [];
  input.lines.forEach((line, i) => {
    const id = idOf(line.variantId, "ProductVariant");
    const variant = id === null ? undefined : s.variants.get(id);
    if (!variant)
      errors.push(
        userError(
          ["lines", i, "variantId"],
          `Variant ${line.variantId} does not exist in ${s.shop.domain}`,
          "NOT_FOUND",
        ),
      );
    if (!Number.isInteger(line.quantity) || line.quantity < 1)
      errors.push(userError(["lines", i, "quantity"], "Quantity must be a positive integer", "INVALID"));
    if (variant) demands.push({ variant, quantity: line.quantity, properties: line.properties ?? [] });
  });
  let fixedLocation: number | null = null;
  if (input.locationId !== undefined) {
    const locId = idOf(input.locationId, "Location");
    if (locId === null || !s.locations.has(locId))
      errors.push(userError(["locationId"], `Location ${input.locationId} does not exist`, "NOT_FOUND"));
    else fixedLocation = locId;
  }
  if (input.customer && !/^[^@\s]+@[^@\s]+$/.test(input.customer.email))
    errors.push(userError(["customer", "email"], "Email is invalid", "INVALID"));
  if (errors.length > 0) return fail(...errors);
  const shortfalls = denyShortfalls(s, demands);
  if (shortfalls.length > 0)
    return fail(
      ...shortfalls.map((m) => userError(["lines"], `Not enough stock: ${m}`, "INSUFFICIENT_INVENTORY")),
    );

  const now = s.now();
  const channel = input.channel ?? "online_store";
  const customer = input.customer ? findOrCreateCustomer(s, input.customer) : null;
  const address = customer?.defaultAddress ?? null;
  const number = s.shop.nextOrderNumber++;
  const order: OrderRecord = {
    id: s.nextId("Order"),
    number,
    name: `#${number}`,
    email: customer?.email ?? null,
    customerId: customer?.id ?? null,
    channel,
    sourceName: SOURCE_NAMES[channel],
    tags: normaliseTags(input.tags ?? []),
    note: input.note ?? null,
    noteAttributes: (input.noteAttributes ?? []).map((a) => ({ name: a.name, value: a.value })),
    currency: s.shop.currency,
    shippingAddress: address ? { ...address, id: s.nextId("MailingAddress") } : null,
    billingAddress: address ? { ...address, id: s.nextId("MailingAddress") } : null,
    locationId: channel === "pos" ? (fixedLocation ?? s.primaryLocation().id) : null,
    token: s.env.random.hex("order-token"),
    financialStatus: "paid",
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    lineItemIds: [],
    fulfillmentOrderIds: [],
    fulfillmentIds: [],
    refundIds: [],
    editIds: [],
    createdAt: now,
    updatedAt: now,
    processedAt: now,
  };
  s.orders.set(order.id, order);
  s.orderList.push(order);
  if (customer) {
    const list = s.ordersByCustomer.get(customer.id);
    if (list) list.push(order.id);
    else s.ordersByCustomer.set(customer.id, [order.id]);
  }
  // orders/create goes out before the inventory updates it causes (payloads are built when the order is complete).
  tx.orderCreated(order.id);
  const lines = demands.map((d) => newLineItem(s, order, d.variant, d.quantity, d.properties));
  const allocation = routeLines(s, demands, channel === "pos" ? order.locationId : fixedLocation);
  const foByLocation = new Map<number, FulfillmentOrderRecord>();
  for (const a of allocation) {
    let fo = foByLocation.get(a.locationId);
    if (!fo) {
      fo = newFulfillmentOrder(s, order, a.locationId);
      foByLocation.set(a.locationId, fo);
    }
    const line = lines[a.lineIndex]!;
    addFoLine(s, fo, line.id, a.quantity);
    commitUnits(s, tx, demands[a.lineIndex]!.variant, a.locationId, a.quantity);
  }
  return ok(order);
}

function findOrCreateCustomer(s: ShopState, input: NonNullable<PlaceOrderInput["customer"]>) {
  const email = input.email.toLowerCase();
  const existing = s.customerByEmail.get(email);
  if (existing) return existing;
  const now = s.now();
  const customer = {
    id: s.nextId("Customer"),
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    email,
    phone: null,
    tags: [],
    state: "DISABLED" as const,
    defaultAddress: null,
    createdAt: now,
    updatedAt: now,
  };
  s.customers.set(customer.id, customer);
  s.customerList.push(customer);
  s.customerByEmail.set(email, customer);
  return customer;
}

/** Shopify trims tags, splits on commas and drops case-insensitive duplicates. */
export function normaliseTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of tags.flatMap((t) => t.split(","))) {
    const tag = raw.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

export interface CancelInput {
  reason: (typeof CANCEL_REASONS)[number];
  restock: boolean;
  refund: boolean;
  staffNote?: string | null;
}

export function cancelOrder(
  s: ShopState,
  tx: Tx,
  order: OrderRecord,
  input: CancelInput,
): Outcome<OrderRecord> {
  if (order.cancelledAt) return fail(userError(["orderId"], "Order has already been cancelled", "INVALID"));
  const lines = s.lineItemsOf(order);
  if (order.fulfillmentIds.some((id) => s.fulfillments.get(id)!.status === "SUCCESS")) {
    return fail(
      userError(
        ["orderId"],
        "Cannot cancel an order with fulfilled line items; refund and return them instead",
        "INVALID",
      ),
    );
  }
  const now = s.now();
  for (const fo of s.fulfillmentOrdersOf(order)) {
    for (const fol of fo.lineItems) {
      releaseUnits(
        s,
        tx,
        s.lineItems.get(fol.lineItemId)!,
        fo.locationId,
        fol.remainingQuantity,
        input.restock,
      );
      fol.remainingQuantity = 0;
    }
    if (fo.status !== "CLOSED") fo.status = "CLOSED";
    fo.updatedAt = now;
  }
  for (const line of lines) line.currentQuantity = 0;
  order.cancelledAt = now;
  order.closedAt = now;
  order.cancelReason = input.reason.toLowerCase();
  if (input.refund) order.financialStatus = "refunded";
  order.updatedAt = now;
  tx.orderTopic("orders/cancelled", order.id);
  tx.orderUpdated(order.id);
  return ok(order);
}

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

export interface RefundLineInput {
  lineItemId: number;
  quantity: number;
  restockType: RestockType;
  locationId: number | null;
}

/**
 * refundCreate's inventory side. Unfulfilled units leave the order's fulfillment orders (CANCEL restocks them,
 * NO_RESTOCK lets them go); RETURN puts fulfilled units back into available at the given (or original) location.
 */
export function createRefund(
  s: ShopState,
  tx: Tx,
  order: OrderRecord,
  lines: RefundLineInput[],
  note: string | null,
): Outcome<RefundRecord> {
  const errors: UserErrorRecord[] = [];
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
    amount: "0.00",
    createdAt: now,
  };
  let cents = 0;
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
    const subtotal = toCents(line.price) * l.quantity;
    cents += subtotal;
    refund.lines.push({
      id: s.nextId("RefundLineItem"),
      lineItemId: line.id,
      quantity: l.quantity,
      restockType: l.restockType,
      locationId: l.restockType === "NO_RESTOCK" ? null : restockLocation,
      subtotal: formatCents(subtotal),
    });
  }
  refund.amount = formatCents(cents);
  s.refunds.set(refund.id, refund);
  order.refundIds.push(refund.id);
  const remaining = s.lineItemsOf(order).reduce((n, l) => n + l.currentQuantity, 0);
  order.financialStatus = remaining === 0 ? "refunded" : "partially_refunded";
  order.updatedAt = now;
  tx.orderUpdated(order.id);
  return ok(refund);
}
