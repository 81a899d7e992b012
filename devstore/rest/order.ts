import { gid } from "../model/ids.js";
import { toCents, formatCents } from "../model/money.js";
import { discountedUnitCents } from "../model/orders.js";
import type { ShopState } from "../model/shop-state.js";
import type {
  AddressRecord,
  CustomerRecord,
  FulfillmentRecord,
  LineItemRecord,
  OrderEditRecord,
  OrderRecord,
  RefundRecord,
} from "../model/types.js";
import { moneySet, restTags, restTime, restTimeOrNull } from "./format.js";

/**
 * The REST Order resource as orders/create, orders/updated, orders/cancelled, orders/fulfilled and
 * orders/partially_fulfilled deliver it (API 2026-07; Shopify's sample:
 * https://shopify.dev/docs/api/webhooks/2026-07?reference=toml#list-of-topics-orders/create).
 * The dev store charges neither tax nor shipping and applies no discounts, so those totals are zero.
 */

/** Shopify's own sales channel apps (REST `app_id`), so the app can tell channels apart as on a real shop. */
const CHANNEL_APP_IDS = { online_store: 580111, pos: 129785, draft_order: 1354745 } as const;
const GATEWAYS = { online_store: ["bogus"], pos: ["cash"], draft_order: ["manual"] } as const;

export function restAddress(a: AddressRecord | null): Record<string, unknown> | null {
  if (!a) return null;
  const name = [a.firstName, a.lastName].filter(Boolean).join(" ");
  return {
    first_name: a.firstName,
    address1: a.address1,
    phone: a.phone,
    city: a.city,
    zip: a.zip,
    province: a.province,
    country: a.country,
    last_name: a.lastName,
    address2: a.address2,
    company: a.company,
    latitude: null,
    longitude: null,
    name,
    country_code: a.countryCode,
    province_code: a.provinceCode,
  };
}

export function restCustomer(s: ShopState, c: CustomerRecord): Record<string, unknown> {
  const tz = s.shop.ianaTimezone;
  const out: Record<string, unknown> = {
    id: c.id,
    email: c.email,
    created_at: restTime(c.createdAt, tz),
    updated_at: restTime(c.updatedAt, tz),
    first_name: c.firstName,
    last_name: c.lastName,
    state: c.state.toLowerCase(),
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    phone: c.phone,
    currency: s.shop.currency,
    tags: restTags(c.tags),
    tax_exemptions: [],
    admin_graphql_api_id: gid("Customer", c.id),
  };
  if (c.defaultAddress) {
    const { latitude: _lat, longitude: _lng, ...address } = restAddress(c.defaultAddress)!;
    out.default_address = {
      ...address,
      id: c.defaultAddress.id,
      customer_id: c.id,
      country_name: c.defaultAddress.country,
      default: true,
    };
  }
  return out;
}

function lineFulfillmentStatus(s: ShopState, line: LineItemRecord): string | null {
  if (line.fulfilledQuantity === 0) return null;
  return s.unfulfilledQuantity(line) === 0 ? "fulfilled" : "partial";
}

export function restLineItem(
  s: ShopState,
  line: LineItemRecord,
  quantity = line.quantity,
): Record<string, unknown> {
  const currency = s.shop.currency;
  return {
    id: line.id,
    admin_graphql_api_id: gid("LineItem", line.id),
    attributed_staffs: [],
    current_quantity: line.currentQuantity,
    fulfillable_quantity: s.unfulfilledQuantity(line),
    fulfillment_service: "manual",
    fulfillment_status: lineFulfillmentStatus(s, line),
    gift_card: false,
    grams: 0,
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    price: line.price,
    price_set: moneySet(toCents(line.price), currency),
    product_exists: line.productId !== null && s.products.has(line.productId),
    product_id: line.productId,
    properties: line.properties.map((p) => ({ name: p.name, value: p.value })),
    quantity,
    requires_shipping: line.requiresShipping,
    sales_line_item_group_id: null,
    sku: line.sku ?? "",
    taxable: line.taxable,
    title: line.title,
    total_discount: formatCents((toCents(line.price) - discountedUnitCents(line)) * line.quantity),
    total_discount_set: moneySet((toCents(line.price) - discountedUnitCents(line)) * line.quantity, currency),
    variant_id: line.variantId,
    variant_inventory_management: line.tracked ? "shopify" : null,
    variant_title: line.variantTitle,
    vendor: line.vendor,
    tax_lines: [],
    duties: [],
    discount_allocations: [],
  };
}

function restFulfillment(
  s: ShopState,
  order: OrderRecord,
  f: FulfillmentRecord,
  index: number,
): Record<string, unknown> {
  const tz = s.shop.ianaTimezone;
  return {
    id: f.id,
    admin_graphql_api_id: gid("Fulfillment", f.id),
    created_at: restTime(f.createdAt, tz),
    location_id: f.locationId,
    name: `${order.name}.${index + 1}`,
    order_id: order.id,
    origin_address: {},
    receipt: {},
    service: "manual",
    shipment_status: null,
    status: f.status.toLowerCase(),
    tracking_company: f.trackingCompany,
    tracking_number: f.trackingNumber,
    tracking_numbers: f.trackingNumber ? [f.trackingNumber] : [],
    tracking_url: f.trackingUrl,
    tracking_urls: f.trackingUrl ? [f.trackingUrl] : [],
    updated_at: restTime(f.updatedAt, tz),
    line_items: f.lines.map((l) => restLineItem(s, s.lineItems.get(l.lineItemId)!, l.quantity)),
  };
}

/** refunds/create, and each of orders/updated's `refunds` (Shopify's sample: https://shopify.dev/docs/api/webhooks/2026-07?reference=toml#list-of-topics-refunds/create). */
export function refundPayload(s: ShopState, r: RefundRecord): Record<string, unknown> {
  return restRefund(s, s.orders.get(r.orderId)!, r);
}

function restRefund(s: ShopState, order: OrderRecord, r: RefundRecord): Record<string, unknown> {
  const tz = s.shop.ianaTimezone;
  const currency = s.shop.currency;
  return {
    id: r.id,
    admin_graphql_api_id: gid("Refund", r.id),
    created_at: restTime(r.createdAt, tz),
    note: r.note,
    order_id: order.id,
    processed_at: restTime(r.createdAt, tz),
    restock: r.lines.some((l) => l.restockType !== "NO_RESTOCK"),
    total_duties_set: moneySet(0, currency),
    user_id: null,
    order_adjustments: [],
    transactions: r.transactions.map((t) => ({
      id: t.id,
      admin_graphql_api_id: gid("OrderTransaction", t.id),
      order_id: order.id,
      kind: "refund",
      gateway: t.gateway,
      status: "success",
      message: null,
      created_at: restTime(t.createdAt, tz),
      processed_at: restTime(t.createdAt, tz),
      test: false,
      authorization: null,
      location_id: null,
      user_id: null,
      parent_id: t.parentId,
      device_id: null,
      error_code: null,
      source_name: "external",
      receipt: {},
      amount: t.amount,
      currency,
      payment_id: `r${t.id}`,
      total_unsettled_set: moneySet(0, currency),
      manual_payment_gateway: false,
    })),
    refund_line_items: r.lines.map((l) => ({
      id: l.id,
      line_item_id: l.lineItemId,
      location_id: l.locationId,
      quantity: l.quantity,
      restock_type: l.restockType.toLowerCase(),
      subtotal: Number(l.subtotal),
      subtotal_set: moneySet(toCents(l.subtotal), currency),
      total_tax: 0,
      total_tax_set: moneySet(0, currency),
      line_item: restLineItem(s, s.lineItems.get(l.lineItemId)!),
    })),
    duties: [],
    return: null,
    additional_fees: [],
    total_additional_fees_set: moneySet(0, currency),
    refund_shipping_lines: [],
  };
}

export function orderFulfillmentStatus(s: ShopState, order: OrderRecord): "fulfilled" | "partial" | null {
  let fulfilled = 0;
  let unfulfilled = 0;
  for (const line of s.lineItemsOf(order)) {
    fulfilled += line.fulfilledQuantity;
    unfulfilled += s.unfulfilledQuantity(line);
  }
  if (fulfilled === 0) return null;
  return unfulfilled === 0 ? "fulfilled" : "partial";
}

export interface OrderTotals {
  lineItemsCents: number;
  currentSubtotalCents: number;
  refundedCents: number;
}

export function orderTotals(s: ShopState, order: OrderRecord): OrderTotals {
  let lineItemsCents = 0;
  let currentSubtotalCents = 0;
  for (const line of s.lineItemsOf(order)) {
    const unit = discountedUnitCents(line);
    lineItemsCents += unit * line.quantity;
    currentSubtotalCents += unit * line.currentQuantity;
  }
  let refundedCents = 0;
  for (const id of order.refundIds) refundedCents += toCents(s.refunds.get(id)!.amount);
  return { lineItemsCents, currentSubtotalCents, refundedCents };
}

export function orderPayload(s: ShopState, order: OrderRecord): Record<string, unknown> {
  const tz = s.shop.ianaTimezone;
  const currency = order.currency;
  const totals = orderTotals(s, order);
  const customer = order.customerId !== null ? s.customers.get(order.customerId) : undefined;
  const zero = moneySet(0, currency);
  const payload: Record<string, unknown> = {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    app_id: CHANNEL_APP_IDS[order.channel],
    browser_ip: null,
    buyer_accepts_marketing: false,
    cancel_reason: order.cancelReason,
    cancelled_at: restTimeOrNull(order.cancelledAt, tz),
    cart_token: null,
    checkout_token: null,
    client_details: null,
    closed_at: restTimeOrNull(order.closedAt, tz),
    confirmation_number: order.token.slice(0, 9).toUpperCase(),
    confirmed: true,
    contact_email: order.email,
    created_at: restTime(order.createdAt, tz),
    currency,
    current_shipping_price_set: zero,
    current_subtotal_price: formatCents(totals.currentSubtotalCents),
    current_subtotal_price_set: moneySet(totals.currentSubtotalCents, currency),
    current_total_additional_fees_set: null,
    current_total_discounts: "0.00",
    current_total_discounts_set: zero,
    current_total_duties_set: null,
    current_total_price: formatCents(totals.currentSubtotalCents),
    current_total_price_set: moneySet(totals.currentSubtotalCents, currency),
    current_total_tax: "0.00",
    current_total_tax_set: zero,
    customer_locale: order.customerLocale,
    device_id: null,
    discount_codes: [],
    duties_included: false,
    email: order.email,
    estimated_taxes: false,
    financial_status: order.financialStatus,
    fulfillment_status: orderFulfillmentStatus(s, order),
    landing_site: null,
    landing_site_ref: null,
    location_id: order.locationId,
    merchant_business_entity_id: Buffer.from(String(s.shop.id)).toString("base64").replace(/=+$/, ""),
    merchant_of_record_app_id: null,
    name: order.name,
    note: order.note,
    note_attributes: order.noteAttributes.map((a) => ({ name: a.name, value: a.value })),
    number: order.number - 1000,
    order_number: order.number,
    order_status_url: `https://${s.shop.domain}/${s.shop.id}/orders/${order.token}/authenticate?key=${order.token.slice(0, 16)}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: [...GATEWAYS[order.channel]],
    phone: null,
    po_number: null,
    presentment_currency: currency,
    processed_at: restTime(order.processedAt, tz),
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: order.sourceName,
    source_url: null,
    subtotal_price: formatCents(totals.lineItemsCents),
    subtotal_price_set: moneySet(totals.lineItemsCents, currency),
    tags: restTags(order.tags),
    tax_exempt: false,
    tax_lines: [],
    taxes_included: false,
    test: false,
    token: order.token,
    total_cash_rounding_payment_adjustment_set: zero,
    total_cash_rounding_refund_adjustment_set: zero,
    total_discounts: "0.00",
    total_discounts_set: zero,
    total_line_items_price: formatCents(totals.lineItemsCents),
    total_line_items_price_set: moneySet(totals.lineItemsCents, currency),
    total_outstanding: "0.00",
    total_price: formatCents(totals.lineItemsCents),
    total_price_set: moneySet(totals.lineItemsCents, currency),
    total_shipping_price_set: zero,
    total_tax: "0.00",
    total_tax_set: zero,
    total_tip_received: "0.00",
    total_weight: 0,
    updated_at: restTime(order.updatedAt, tz),
    user_id: null,
    billing_address: restAddress(order.billingAddress),
    discount_applications: [],
    fulfillments: order.fulfillmentIds.map((id, i) => restFulfillment(s, order, s.fulfillments.get(id)!, i)),
    line_items: s.lineItemsOf(order).map((line) => restLineItem(s, line)),
    payment_terms: null,
    refunds: order.refundIds.map((id) => restRefund(s, order, s.refunds.get(id)!)),
    shipping_address: restAddress(order.shippingAddress),
    shipping_lines: [],
    returns: [],
    line_item_groups: [],
  };
  // Shopify leaves `customer` out of orders that have none (a POS sale to a walk-in shopper).
  if (customer) payload.customer = restCustomer(s, customer);
  return payload;
}

/** orders/edited: the committed edit's line deltas (Shopify's sample: https://shopify.dev/docs/api/webhooks/2026-07?reference=toml#list-of-topics-orders/edited). */
export function orderEditPayload(
  s: ShopState,
  edit: OrderEditRecord,
  appId: number | null,
): Record<string, unknown> {
  const tz = s.shop.ianaTimezone;
  const additions: { id: number; delta: number }[] = [];
  const removals: { id: number; delta: number }[] = [];
  edit.additions.forEach((a, i) => {
    const lineId = edit.addedLineItemIds[i];
    if (lineId !== undefined && lineId !== null && a.quantity > 0)
      additions.push({ id: lineId, delta: a.quantity });
  });
  for (const [lineItemId, change] of edit.quantityChanges) {
    const before = change.before;
    if (change.quantity > before) additions.push({ id: lineItemId, delta: change.quantity - before });
    if (change.quantity < before) removals.push({ id: lineItemId, delta: before - change.quantity });
  }
  return {
    order_edit: {
      id: edit.id,
      app_id: appId,
      created_at: restTime(edit.createdAt, tz),
      committed_at: restTime(edit.committedAt ?? edit.createdAt, tz),
      notify_customer: edit.notifyCustomer,
      order_id: edit.orderId,
      staff_note: edit.staffNote ?? "",
      user_id: null,
      line_items: { additions, removals },
      discounts: { line_item: { additions: [], removals: [] } },
      shipping_lines: { additions: [], removals: [] },
    },
  };
}
