import { z } from "zod";
import { toGid } from "../domain/shared/gid.js";
import { makeTextStorable } from "../domain/shared/text.js";
import { ValidationError } from "../errors.js";
import type { InboxEvent, ShopDomain } from "../use-cases/ports.js";
import { NO_IDENTITY, type DeliveryIdentity, type WebhookHandler } from "../use-cases/webhook-handlers.js";

/**
 * Pieces shared by the topic handlers. Payloads arrive from parseShopifyJson, so a 64-bit id is either a safe integer
 * or, past 2^53, a string of digits; both become exact GIDs here.
 */
export const numericId = z
  .union([z.number().int().positive(), z.string().regex(/^[1-9][0-9]*$/)])
  .transform((id) => String(id));

/**
 * A payload that does not fit is a ValidationError: the worker dead-letters it instead of retrying. Text the database
 * cannot store (a NUL or half a surrogate pair, as JSON escapes in a name or a note) becomes U+FFFD: the order is
 * still recorded instead of failing every attempt at the write.
 */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown, topic: string): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return makeTextStorable(result.data);
  const problems = result.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`);
  throw new ValidationError(`${topic} payload: ${problems.join("; ")}`);
}

/**
 * A topic's handler from its payload schema: the worker parses the payload once with `payload` and hands the result
 * to `handle`, which calls one use case.
 */
export function webhookHandler<S extends z.ZodType>(spec: {
  payload: S;
  identify: (payload: unknown) => DeliveryIdentity;
  handle: (event: InboxEvent, payload: z.output<S>) => Promise<unknown>;
  snapshot?: boolean;
}): WebhookHandler<z.output<S>> {
  return {
    ...(spec.snapshot ? { snapshot: true } : {}),
    identify: spec.identify,
    parse: (payload, topic) => parsePayload(spec.payload, payload, topic),
    async handle(event, payload) {
      await spec.handle(event, payload);
    },
  };
}

/** orders/create, orders/updated, orders/cancelled while no backorder engine runs: the REST Order, as recorded. */
export const orderPayload = z.object({
  id: numericId,
  name: z.string().optional(),
  updated_at: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  customer: z.object({ id: numericId }).nullish(),
  line_items: z.array(z.object({ id: numericId, quantity: z.number().int() })),
});

/**
 * numericId's rule without zod, for the ids intake reads from every delivery: zod's union and object parsing were
 * ~13 us of a 15 KB order's ~0.4 ms on the thread that answers webhooks (BENCHMARKS.md, intake). Same answers as
 * `numericId.safeParse` (payloads.test.ts compares them).
 */
export function exactId(value: unknown): string | null {
  if (typeof value === "number") return Number.isSafeInteger(value) && value > 0 ? String(value) : null;
  return typeof value === "string" && DIGITS.test(value) ? value : null;
}
const DIGITS = /^[1-9][0-9]*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The order and its customer; nothing when the id, or a customer present without an id, does not fit. */
export function identifyOrder(payload: unknown): DeliveryIdentity {
  if (!isObject(payload)) return NO_IDENTITY;
  const id = exactId(payload.id);
  const customer = payload.customer;
  if (id === null) return NO_IDENTITY;
  if (customer === null || customer === undefined)
    return { resourceId: toGid("Order", id), customerId: null };
  const customerId = isObject(customer) ? exactId(customer.id) : null;
  if (customerId === null) return NO_IDENTITY;
  return { resourceId: toGid("Order", id), customerId: toGid("Customer", customerId) };
}

/** Ids of one resource type at a payload key, e.g. identifyResource("Product", "id"). */
export function identifyResource(resource: string, key: string): (payload: unknown) => DeliveryIdentity {
  return (payload) => {
    const id = isObject(payload) ? exactId(payload[key]) : null;
    return id ? { resourceId: toGid(resource, id), customerId: null } : NO_IDENTITY;
  };
}

/** customers/redact and customers/data_request: the customer, and the orders the request is about. */
const customerRequestPayload = z.object({
  customer: z.object({ id: numericId }),
  orders_to_redact: z.array(numericId).optional(),
  orders_requested: z.array(numericId).optional(),
  data_request: z.object({ id: numericId }).nullish(),
});
export type CustomerRequestPayload = z.output<typeof customerRequestPayload>;

/** The shop, customer and orders of a customers/* request, as the privacy use cases take them. */
export interface CustomerRequest {
  shop: ShopDomain;
  customerId: string;
  orderIds: string[];
}

/**
 * A customers/* topic's handler: both topics share the payload and its identity and differ in which list names the
 * orders (`orders_requested`, `orders_to_redact`) and in the use case `handle` calls.
 */
export function customerRequestHandler(
  ordersOf: (payload: CustomerRequestPayload) => string[] | undefined,
  handle: (request: CustomerRequest, payload: CustomerRequestPayload) => Promise<unknown>,
): WebhookHandler<CustomerRequestPayload> {
  return webhookHandler({
    payload: customerRequestPayload,
    identify: identifyCustomerRequest,
    handle: (event, payload) =>
      handle(
        {
          shop: event.shop,
          customerId: customerGid(payload.customer.id),
          orderIds: (ordersOf(payload) ?? []).map(orderGid),
        },
        payload,
      ),
  });
}

function identifyCustomerRequest(payload: unknown): DeliveryIdentity {
  const parsed = z.object({ customer: z.object({ id: numericId }) }).safeParse(payload);
  return parsed.success
    ? { resourceId: null, customerId: toGid("Customer", parsed.data.customer.id) }
    : NO_IDENTITY;
}

export const identifyNothing = (): DeliveryIdentity => NO_IDENTITY;

export const orderGid = (id: string) => toGid("Order", id);
export const customerGid = (id: string) => toGid("Customer", id);

/**
 * Shopify's REST timestamps have whole seconds; `X-Shopify-Triggered-At` has microseconds. When the trigger time falls
 * inside the resource timestamp's second it places the change exactly, and the engine needs that precision: an
 * inventory level counts the orders created before it, and in a flash sale an order and the level it moved share
 * a second with their neighbours. Used for a level's `updated_at` and for orders/create's `created_at` (both
 * triggered by the change itself); otherwise the whole second is kept.
 */
export function preciseInstant(
  timestamp: string | null | undefined,
  triggeredAt: Date | null,
  fallback: Date,
): Date {
  const second = timestamp ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(second)) return triggeredAt ?? fallback;
  const precise = triggeredAt?.getTime();
  return precise !== undefined && precise >= second && precise < second + 1000
    ? new Date(precise)
    : new Date(second);
}
