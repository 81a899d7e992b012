/**
 * Verifies a webhook delivery on its raw bytes, synchronously, with node:crypto: the HMAC-SHA256 of the exact body
 * with the app's secret, base64, in `X-Shopify-Hmac-Sha256`, compared in constant time; then the headers every
 * delivery carries. https://shopify.dev/docs/apps/build/webhooks/verify-deliveries
 *
 * Same rules as @shopify/shopify-api's `webhooks.validate` (which the endpoint used before): its `X-Shopify-*`
 * headers, or the `Shopify-*` names of event deliveries (which also require the event id). Done here because the
 * library's version canonicalises every header and goes through Web Crypto on each call, a measurable part of the
 * endpoint's time under load (BENCHMARKS.md, intake).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export type WebhookCheck =
  | {
      valid: true;
      topic: string;
      domain: string;
      apiVersion: string;
      webhookId: string;
      eventId: string | null;
      triggeredAt: string | null;
    }
  | { valid: false; reason: "missing_body" | "missing_hmac" | "invalid_hmac" }
  | { valid: false; reason: "missing_headers"; missingHeaders: string[] };

const REQUIRED = ["topic", "shop-domain", "api-version", "webhook-id"] as const;

export function createWebhookSignatureVerifier(apiSecret: string) {
  return function verify(header: (name: string) => string | undefined, rawBody: Buffer): WebhookCheck {
    if (rawBody.length === 0) return { valid: false, reason: "missing_body" };
    // Event deliveries name their headers without the X- prefix.
    const prefix = header("shopify-hmac-sha256") ? "shopify-" : "x-shopify-";
    const hmac = header(`${prefix}hmac-sha256`);
    if (!hmac) return { valid: false, reason: "missing_hmac" };
    const given = Buffer.from(hmac, "base64");
    const expected = createHmac("sha256", apiSecret).update(rawBody).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { valid: false, reason: "invalid_hmac" };
    }
    const required = prefix === "shopify-" ? [...REQUIRED, "event-id"] : REQUIRED;
    const missingHeaders = required.filter((name) => !header(`${prefix}${name}`)).map((n) => `${prefix}${n}`);
    if (missingHeaders.length > 0) return { valid: false, reason: "missing_headers", missingHeaders };
    return {
      valid: true,
      topic: header(`${prefix}topic`)!,
      domain: header(`${prefix}shop-domain`)!,
      apiVersion: header(`${prefix}api-version`)!,
      webhookId: header(`${prefix}webhook-id`)!,
      eventId: header(`${prefix}event-id`) ?? null,
      triggeredAt: header(`${prefix}triggered-at`) ?? null,
    };
  };
}

export type WebhookSignatureVerifier = ReturnType<typeof createWebhookSignatureVerifier>;
