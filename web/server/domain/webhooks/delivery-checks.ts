/**
 * Checks on a webhook delivery that the HMAC does not cover. Shopify signs the body only
 * (https://shopify.dev/docs/apps/build/webhooks/verify-deliveries): the X-Shopify-Shop-Domain and
 * X-Shopify-Triggered-At headers could be changed on a replayed, genuinely signed body. Pure: time comes in.
 */

/** Topics every app must handle whatever the shop's state (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance). */
export const PRIVACY_TOPICS: ReadonlySet<string> = new Set([
  "customers/data_request",
  "customers/redact",
  "shop/redact",
]);

/**
 * Where a topic's body names its shop: the privacy topics' `shop_domain` (always sent), app/uninstalled's Shop
 * resource `myshopify_domain`, which Shopify's own sample for the topic sends as `null`
 * (https://shopify.dev/docs/api/webhooks/2026-07?reference=toml#list-of-topics-app/uninstalled): a body that names
 * no shop contradicts nothing, and refusing it would lose a genuine uninstall.
 */
const BODY_SHOP_FIELD: ReadonlyMap<string, { field: string; required: boolean }> = new Map([
  ["customers/data_request", { field: "shop_domain", required: true }],
  ["customers/redact", { field: "shop_domain", required: true }],
  ["shop/redact", { field: "shop_domain", required: true }],
  ["app/uninstalled", { field: "myshopify_domain", required: false }],
]);

/**
 * How old a delivery may be. Shopify retries a failed delivery 8 times over 4 hours
 * (https://shopify.dev/docs/apps/build/webhooks/troubleshooting-webhooks); 24 hours leaves room for that, for an
 * outage of ours and for clock skew, and refuses a signed body captured and replayed days later.
 */
export const DEFAULT_WEBHOOK_MAX_AGE_MS = 24 * 3_600_000;

export type DeliveryCheck = { ok: true } | { ok: false; reason: string };

/** A topic whose body names the shop must name the header's shop (both compared lower-cased). */
export function checkBodyShop(topic: string, shop: string, payload: unknown): DeliveryCheck {
  const rule = BODY_SHOP_FIELD.get(topic);
  if (!rule) return { ok: true };
  const { field } = rule;
  const named =
    typeof payload === "object" && payload !== null && Object.hasOwn(payload, field)
      ? (payload as Record<string, unknown>)[field]
      : undefined;
  if (!rule.required && named == null && typeof payload === "object" && payload !== null) return { ok: true };
  if (typeof named !== "string") return { ok: false, reason: `${topic} body: ${field} is missing` };
  if (named.toLowerCase() !== shop) {
    return { ok: false, reason: `${topic} body: ${field} does not match X-Shopify-Shop-Domain` };
  }
  return { ok: true };
}

/** Refuses a delivery triggered more than `maxAgeMs` before `now`. A delivery without the header passes. */
export function checkDeliveryAge(triggeredAt: Date | null, now: Date, maxAgeMs: number): DeliveryCheck {
  if (!triggeredAt) return { ok: true };
  const age = now.getTime() - triggeredAt.getTime();
  if (age > maxAgeMs) {
    return {
      ok: false,
      reason: `X-Shopify-Triggered-At is ${Math.floor(age / 3_600_000)} h old; deliveries older than ${Math.round(
        maxAgeMs / 3_600_000,
      )} h are refused`,
    };
  }
  return { ok: true };
}
