import { toCents } from "./money.js";
import { idOf } from "./ids.js";
import { fail, ok, userError, type Outcome, type UserErrorRecord } from "./outcome.js";
import type { ShopState } from "./shop-state.js";
import type { Tx } from "./tx.js";
import type {
  CustomerRecord,
  FulfillmentOrderLineItemRecord,
  FulfillmentOrderRecord,
  LineItemRecord,
  OrderChannel,
  OrderRecord,
  PlaceOrderInput,
  VariantRecord,
} from "./types.js";
import { type Demand, routeLines, denyShortfalls, commitUnits, releaseUnits } from "./order-inventory.js";

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

/** A BCP 47 language tag as Shopify's shop locales use them: `en`, `fr`, `pt-BR`, `zh-CN`. */
const LOCALE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

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
  if (input.customerLocale !== undefined && !LOCALE.test(input.customerLocale))
    errors.push(
      userError(["customerLocale"], "Customer locale is not a valid locale (e.g. en, fr, pt-BR)", "INVALID"),
    );
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
  const customer = input.customer
    ? findOrCreateCustomer(s, input.customer, input.customerLocale ?? "en")
    : null;
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
    customerLocale: input.customerLocale ?? "en",
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

function findOrCreateCustomer(
  s: ShopState,
  input: NonNullable<PlaceOrderInput["customer"]>,
  locale: string,
): CustomerRecord {
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
    locale,
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

/** What a customer pays for one unit of the line: its price less a discount an order edit put on it. */
export function discountedUnitCents(line: LineItemRecord): number {
  return toCents(line.price) - (line.discount?.perUnitCents ?? 0);
}
