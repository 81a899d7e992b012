import { z } from "zod";
import { toGid, type LineItemGid, type OrderGid, type ProductVariantGid } from "../domain/shared/gid.js";
import type { BackorderEngine, IncomingOrder } from "../use-cases/backorder/index.js";
import type { createNoteShopEvent } from "../use-cases/note-shop-event.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import type { OrderEvents } from "../use-cases/customer-care/order-events.js";
import { careOrderPayload, toCareOrder } from "./care-order.js";
import { orderRecordingHandler } from "./order-recording.js";
import { identifyOrder, numericId, parsePayload, preciseInstant } from "./payloads.js";

/** The REST Order fields the backorder engine reads (orders/create, orders/updated, orders/cancelled). */
const engineOrderPayload = z.object({
  id: numericId,
  name: z.string().default(""),
  created_at: z.string().datetime({ offset: true }),
  updated_at: z.string().datetime({ offset: true }).nullish(),
  cancelled_at: z.string().nullish(),
  tags: z.string().nullish(),
  customer: z
    .object({
      id: numericId,
      email: z.string().nullish(),
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
      tags: z.string().nullish(),
    })
    .nullish(),
  line_items: z.array(
    z.object({
      id: numericId,
      variant_id: numericId.nullish(),
      quantity: z.number().int(),
      current_quantity: z.number().int().nullish(),
      fulfillable_quantity: z.number().int().nullish(),
      variant_inventory_management: z.string().nullish(),
      title: z.string().nullish(),
      variant_title: z.string().nullish(),
      sku: z.string().nullish(),
    }),
  ),
});

/** REST joins tags with ", ". */
const splitTags = (tags: string | null | undefined) =>
  (tags ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);

/** `createdAt`: the order's creation instant, to the millisecond when the delivery's trigger time places it. */
export function toIncomingOrder(
  payload: z.output<typeof engineOrderPayload>,
  createdAt: Date = new Date(payload.created_at),
  updatedAt: Date = new Date(payload.updated_at ?? payload.created_at),
): IncomingOrder {
  const name = [payload.customer?.first_name, payload.customer?.last_name].filter(Boolean).join(" ");
  return {
    orderId: toGid("Order", payload.id) as OrderGid,
    name: payload.name,
    createdAt,
    updatedAt,
    cancelled: Boolean(payload.cancelled_at),
    tags: splitTags(payload.tags),
    customer: payload.customer
      ? {
          id: toGid("Customer", payload.customer.id),
          email: payload.customer.email ?? null,
          name: name || null,
          tags: splitTags(payload.customer.tags),
        }
      : null,
    lines: payload.line_items.map((l) => ({
      lineItemId: toGid("LineItem", l.id) as LineItemGid,
      variantId: l.variant_id ? (toGid("ProductVariant", l.variant_id) as ProductVariantGid) : null,
      quantity: l.quantity,
      currentQuantity: l.current_quantity ?? null,
      fulfillableQuantity: l.fulfillable_quantity ?? null,
      inventoryManagement: l.variant_inventory_management ?? null,
      title: l.title ?? null,
      variantTitle: l.variant_title ?? null,
      sku: l.sku ?? null,
    })),
  };
}

/**
 * orders/create, orders/updated and orders/cancelled: the backorder engine ingests the order (a cancellation is an
 * update with cancelled_at). Without an engine (tests of the intake alone) the order is only recorded.
 */
export function engineOrderHandler(deps: {
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
  backorders?: Pick<BackorderEngine, "ingestOrder"> | undefined;
  /** Customer care keeps the contact facts of orders with waiting lines (absent in tests of the engine alone). */
  care?: Pick<OrderEvents, "recordOrder"> | undefined;
}): WebhookHandler {
  const engine = deps.backorders;
  if (!engine) return orderRecordingHandler(deps);
  return {
    identify: identifyOrder,
    async handle(event, payload) {
      const order = parsePayload(engineOrderPayload, payload, event.topic);
      // orders/create is triggered by the creation itself: its trigger time is the creation instant.
      const createdAt =
        event.topic === "orders/create"
          ? preciseInstant(order.created_at, event.triggeredAt, event.receivedAt)
          : new Date(order.created_at);
      // Every order topic is triggered by the change it reports: its trigger time orders two changes of one second
      // (a fast fulfilment after the creation must not look as old as the creation).
      const updatedAt = preciseInstant(
        order.updated_at ?? order.created_at,
        event.triggeredAt,
        event.receivedAt,
      );
      await engine.ingestOrder(event.shop, toIncomingOrder(order, createdAt, updatedAt), event.webhookId);
      if (deps.care) {
        await deps.care.recordOrder(
          event.shop,
          toCareOrder(parsePayload(careOrderPayload, payload, event.topic)),
        );
      }
    },
  };
}
