import { z } from "zod";
import { toGid } from "../domain/shared/gid.js";
import type { IncomingOrder } from "../use-cases/backorder/index.js";
import type { EngineLaneItem } from "../use-cases/decide-webhooks.js";
import type { OrderReceived, ReceivedOrder } from "../use-cases/order-received.js";
import type { InboxEvent } from "../use-cases/ports.js";
import type { WebhookHandler, WebhookLane } from "../use-cases/webhook-handlers.js";
import { careOrderPayload, toCareOrder } from "./care-order.js";
import { identifyOrder, numericId, preciseInstant, webhookHandler } from "./payloads.js";

/** The REST Order fields the backorder engine reads (orders/create, orders/updated, orders/cancelled). */
export const restOrderPayload = z.object({
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
export type RestOrder = z.output<typeof restOrderPayload>;

/** REST joins tags with ", ". */
const splitTags = (tags: string | null | undefined) =>
  (tags ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);

/** `createdAt`: the order's creation instant, to the millisecond when the delivery's trigger time places it. */
export function toIncomingOrder(
  payload: RestOrder,
  createdAt: Date = new Date(payload.created_at),
  updatedAt: Date = new Date(payload.updated_at ?? payload.created_at),
): IncomingOrder {
  const name = [payload.customer?.first_name, payload.customer?.last_name].filter(Boolean).join(" ");
  return {
    orderId: toGid("Order", payload.id),
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
      lineItemId: toGid("LineItem", l.id),
      variantId: l.variant_id ? toGid("ProductVariant", l.variant_id) : null,
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
 * When the change an order topic reports happened. Every order topic is triggered by that change: its trigger time
 * orders two changes of one second (a fast fulfilment after the creation must not look as old as the creation).
 */
export function orderChangedAt(
  order: RestOrder,
  event: Pick<InboxEvent, "triggeredAt" | "receivedAt">,
): Date {
  return preciseInstant(order.updated_at ?? order.created_at, event.triggeredAt, event.receivedAt);
}

/**
 * What an order topic's handler parses, once: the fields the engine reads and those customer care reads
 * (care-order.ts), from the same REST Order.
 */
export const orderTopicPayload = z.intersection(restOrderPayload, careOrderPayload);
export type OrderTopicPayload = z.output<typeof orderTopicPayload>;

/** An order topic's handler: the order is received, created at the instant `createdAt` says. */
export function orderTopicHandler(
  deps: OrderTopicDeps,
  createdAt: (order: RestOrder, event: InboxEvent) => Date,
): WebhookHandler<OrderTopicPayload> {
  const received = (event: InboxEvent, order: OrderTopicPayload): ReceivedOrder => ({
    shop: event.shop,
    webhookId: event.webhookId,
    order: toIncomingOrder(order, createdAt(order, event), orderChangedAt(order, event)),
    care: toCareOrder(order),
  });
  const handler = webhookHandler({
    payload: orderTopicPayload,
    identify: identifyOrder,
    handle: (event, order) => deps.orderReceived(received(event, order)),
  });
  const { engineLane } = deps;
  return engineLane
    ? {
        ...handler,
        lane: {
          lane: engineLane,
          item: (event, order): EngineLaneItem => ({ kind: "order", received: received(event, order) }),
        },
      }
    : handler;
}

/** What an order topic's handler calls: the use case for one row, and the engine's lane for rows in a batch. */
export interface OrderTopicDeps {
  orderReceived: OrderReceived;
  engineLane?: WebhookLane<EngineLaneItem> | undefined;
}
