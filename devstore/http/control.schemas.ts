import { z } from "zod";

/**
 * Request bodies of the control API (`/_devstore/…`). Ids accept a GID or its numeric tail; `shop` may be left out
 * when the dev store holds exactly one shop.
 */

const shop = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9-]*\.myshopify\.com$/, "expected {name}.myshopify.com")
  .optional();
const id = z.union([z.string().min(1), z.number().int().positive()]).transform(String);
const positiveQuantity = z.number().int().positive();

export const seedBody = z.looseObject({
  shop: z.looseObject({ domain: z.string().min(1), name: z.string().min(1) }),
  locations: z.array(z.looseObject({ name: z.string().min(1) })).min(1),
  products: z.array(z.looseObject({ title: z.string().min(1), variants: z.array(z.looseObject({})).min(1) })),
});

export const placeOrderBody = z.object({
  shop,
  lines: z
    .array(
      z.object({
        variantId: id,
        quantity: positiveQuantity,
        properties: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
      }),
    )
    .min(1, "an order needs at least one line"),
  customer: z
    .object({ email: z.email(), firstName: z.string().optional(), lastName: z.string().optional() })
    .optional(),
  channel: z.enum(["online_store", "pos", "draft_order"]).optional(),
  tags: z.array(z.string()).optional(),
  note: z.string().optional(),
  noteAttributes: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  /** A storefront cart's attributes (`{key: value}` or `[{key, value}]`); Shopify turns them into note_attributes. */
  attributes: z
    .union([z.record(z.string(), z.string()), z.array(z.object({ key: z.string(), value: z.string() }))])
    .optional(),
  customerLocale: z.string().min(2).optional(),
  locationId: id.optional(),
});

export const cancelOrderBody = z.object({
  shop,
  restock: z.boolean().optional(),
  refund: z.boolean().optional(),
  reason: z
    .string()
    .transform((r) => r.toUpperCase())
    .pipe(z.enum(["CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "STAFF", "OTHER"]))
    .optional(),
});

export const receiveStockBody = z.object({
  shop,
  variantId: id,
  locationId: id.optional(),
  quantity: positiveQuantity,
});

export const scheduleIncomingBody = z.object({
  shop,
  variantId: id,
  locationId: id.optional(),
  quantity: positiveQuantity,
  expectedAt: z.iso.date().or(z.iso.datetime()),
});

export const shopOnlyBody = z.object({ shop }).default({ shop: undefined });

export const fulfillBody = z.object({
  shop,
  fulfillmentOrderId: id,
  lines: z.array(z.object({ fulfillmentOrderLineItemId: id, quantity: positiveQuantity })).optional(),
});

export const variantPolicyBody = z.object({ shop, policy: z.enum(["DENY", "CONTINUE"]) });

export const advanceClockBody = z
  .object({
    ms: z.number().nonnegative().optional(),
    seconds: z.number().nonnegative().optional(),
    minutes: z.number().nonnegative().optional(),
    hours: z.number().nonnegative().optional(),
    days: z.number().nonnegative().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: "give ms, seconds, minutes, hours or days",
  })
  .transform(
    (b) =>
      (b.ms ?? 0) +
      ((b.seconds ?? 0) + ((b.minutes ?? 0) + ((b.hours ?? 0) + (b.days ?? 0) * 24) * 60) * 60) * 1000,
  );

export const faultsBody = z
  .object({
    seed: z.number().int().optional(),
    duplicate: z.number().min(0).max(1).optional(),
    drop: z.number().min(0).max(1).optional(),
    delayMs: z.number().int().nonnegative().optional(),
    reorderWindow: z.number().int().nonnegative().optional(),
    reorderMaxHoldMs: z.number().int().nonnegative().optional(),
    topics: z.array(z.string()).optional(),
    reset: z.boolean().optional(),
  })
  .strict();

export const rateLimitBody = z
  .object({
    restoreRate: z.number().positive().optional(),
    bucketSize: z.number().positive().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export const sessionTokenBody = z.object({
  shop: shop.unwrap(),
  apiKey: z.string().min(1).optional(),
  staffUserId: z.string().optional(),
});

export const webhooksQuery = z.object({
  shop: z.string().optional(),
  topic: z.string().optional(),
  state: z.enum(["pending", "delivered", "failed", "dropped"]).optional(),
  limit: z.coerce.number().int().positive().optional(),
});
