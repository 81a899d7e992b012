/**
 * The dev store's state as JSON: an order's summary (what the control API's order actions return) and a whole shop's
 * snapshot (the control API's `/state`, and determinism checks).
 */
import { gid } from "./ids.js";
import { compareDigest } from "./metafields.js";
import { formatCents } from "./money.js";
import { discountedUnitCents } from "./orders.js";
import type { ShopState } from "./shop-state.js";
import type { OrderRecord } from "./types.js";

/** What the control API's order actions return: enough GIDs to script the next step (fulfil, hold, cancel). */
export interface Order {
  id: string;
  legacyResourceId: number;
  name: string;
  sourceName: string;
  cancelledAt: string | null;
  tags: string[];
  lineItems: {
    id: string;
    variantId: string | null;
    sku: string | null;
    quantity: number;
    currentQuantity: number;
    fulfilledQuantity: number;
    /** The unit price, and what the customer pays per unit after the line's own discount. */
    price: string;
    paidUnitPrice: string;
  }[];
  fulfillmentOrders: {
    id: string;
    locationId: string;
    status: string;
    lineItems: { id: string; lineItemId: string; totalQuantity: number; remainingQuantity: number }[];
    holds: { id: string; handle: string; reason: string; apiKey: string | null }[];
  }[];
}

export function orderSummary(s: ShopState, order: OrderRecord): Order {
  return {
    id: gid("Order", order.id),
    legacyResourceId: order.id,
    name: order.name,
    sourceName: order.sourceName,
    cancelledAt: order.cancelledAt?.toISOString() ?? null,
    tags: [...order.tags],
    lineItems: s.lineItemsOf(order).map((l) => ({
      id: gid("LineItem", l.id),
      variantId: l.variantId === null ? null : gid("ProductVariant", l.variantId),
      sku: l.sku,
      quantity: l.quantity,
      currentQuantity: l.currentQuantity,
      fulfilledQuantity: l.fulfilledQuantity,
      price: l.price,
      paidUnitPrice: formatCents(discountedUnitCents(l)),
    })),
    fulfillmentOrders: s.fulfillmentOrdersOf(order).map((fo) => ({
      id: gid("FulfillmentOrder", fo.id),
      locationId: gid("Location", fo.locationId),
      status: fo.status,
      lineItems: fo.lineItems.map((l) => ({
        id: gid("FulfillmentOrderLineItem", l.id),
        lineItemId: gid("LineItem", l.lineItemId),
        totalQuantity: l.totalQuantity,
        remainingQuantity: l.remainingQuantity,
      })),
      holds: fo.holds.map((h) => ({
        id: gid("FulfillmentHold", h.id),
        handle: h.handle,
        reason: h.reason,
        apiKey: h.heldByApiKey,
      })),
    })),
  };
}

/** Every object of a shop, JSON-serialisable and in id order, for the control API and determinism checks. */
export function shopSnapshot(s: ShopState, clock: Date, scheduled: { at: string; label: string }[]): unknown {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    shop: { ...s.shop, id: s.gid, createdAt: iso(s.shop.createdAt), updatedAt: iso(s.shop.updatedAt) },
    clock: clock.toISOString(),
    locations: s.locationList.map((l) => ({
      id: gid("Location", l.id),
      name: l.name,
      isActive: l.isActive,
      address: l.address,
    })),
    products: s.productList.map((p) => ({
      id: gid("Product", p.id),
      title: p.title,
      handle: p.handle,
      vendor: p.vendor,
      productType: p.productType,
      tags: p.tags,
      status: p.status,
      updatedAt: iso(p.updatedAt),
      variants: p.variantIds.map((vid) => {
        const v = s.variants.get(vid)!;
        const item = s.itemOf(v);
        return {
          id: gid("ProductVariant", v.id),
          title: v.title,
          sku: v.sku,
          barcode: v.barcode,
          price: v.price,
          compareAtPrice: v.compareAtPrice,
          inventoryPolicy: v.inventoryPolicy,
          inventoryQuantity: s.inventoryQuantity(v),
          updatedAt: iso(v.updatedAt),
          inventoryItem: {
            id: gid("InventoryItem", item.id),
            tracked: item.tracked,
            cost: item.cost,
            levels: [...item.levels.values()].map((level) => ({
              locationId: gid("Location", level.locationId),
              location: s.locations.get(level.locationId)!.name,
              ...level.quantities,
              on_hand: s.onHand(level),
              updatedAt: iso(level.updatedAt),
            })),
          },
        };
      }),
    })),
    incoming: [...s.incoming.values()].map((i) => ({
      id: gid("InventoryScheduledChange", i.id),
      inventoryItemId: gid("InventoryItem", i.inventoryItemId),
      locationId: gid("Location", i.locationId),
      quantity: i.quantity,
      expectedAt: i.expectedAt,
      status: i.status,
      receivedAt: iso(i.receivedAt),
    })),
    customers: s.customerList.map((c) => ({
      id: gid("Customer", c.id),
      email: c.email,
      firstName: c.firstName,
      lastName: c.lastName,
      phone: c.phone,
      tags: c.tags,
      state: c.state,
    })),
    orders: s.orderList.map((o) => ({
      ...orderSummary(s, o),
      email: o.email,
      customerId: o.customerId === null ? null : gid("Customer", o.customerId),
      channel: o.channel,
      note: o.note,
      noteAttributes: o.noteAttributes,
      customerLocale: o.customerLocale,
      financialStatus: o.financialStatus,
      cancelReason: o.cancelReason,
      closedAt: iso(o.closedAt),
      createdAt: iso(o.createdAt),
      updatedAt: iso(o.updatedAt),
      fulfillments: o.fulfillmentIds.map((id) => {
        const f = s.fulfillments.get(id)!;
        return {
          id: gid("Fulfillment", f.id),
          status: f.status,
          locationId: gid("Location", f.locationId),
          lines: f.lines.map((l) => ({ lineItemId: gid("LineItem", l.lineItemId), quantity: l.quantity })),
        };
      }),
      refunds: o.refundIds.map((id) => {
        const r = s.refunds.get(id)!;
        return {
          id: gid("Refund", r.id),
          amount: r.amount,
          note: r.note,
          lines: r.lines.map((l) => ({
            lineItemId: gid("LineItem", l.lineItemId),
            quantity: l.quantity,
            restockType: l.restockType,
          })),
        };
      }),
      edits: o.editIds.map((id) => gid("CalculatedOrder", id)),
    })),
    metafields: [...s.metafields.values()].map((m) => ({
      id: gid("Metafield", m.id),
      ownerId: m.ownerGid,
      namespace: m.namespace,
      key: m.key,
      type: m.type,
      value: m.value,
      compareDigest: compareDigest(m),
      updatedAt: iso(m.updatedAt),
    })),
    discounts: [...s.discounts.values()].map((d) => ({
      id: gid("DiscountCodeNode", d.id),
      title: d.title,
      code: d.code,
      startsAt: iso(d.startsAt),
      endsAt: iso(d.endsAt),
      value: d.value,
      usageLimit: d.usageLimit,
      appliesOncePerCustomer: d.appliesOncePerCustomer,
      customerIds: d.customerIds === null ? null : d.customerIds.map((id) => gid("Customer", id)),
    })),
    installations: [...s.installations.values()].map((i) => ({
      id: gid("AppInstallation", i.id),
      appId: gid("App", i.appId),
      apiKey: i.apiKey,
      scopes: i.scopes,
      installedAt: iso(i.installedAt),
    })),
    scheduled,
  };
}
