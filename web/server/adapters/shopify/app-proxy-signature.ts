import { createHmac, timingSafeEqual } from "node:crypto";
import { parseShopDomain, type ShopDomain } from "../../domain/shared/shop-domain.js";
import type { Clock } from "../../use-cases/ports.js";

export type AppProxyCheck =
  | { valid: true; shop: ShopDomain }
  | {
      valid: false;
      reason:
        | "missing_signature"
        | "duplicate_parameter"
        | "invalid_timestamp"
        | "stale_timestamp"
        | "invalid_shop"
        | "invalid_signature";
    };

/** Shopify's clock tolerance for signed query strings (REFERENCE 4.3, 4.4). */
const TOLERANCE_SEC = 90;
/** Parameters that name the request itself: sent once by Shopify, so a second copy is a forgery attempt. */
const SINGLE = ["signature", "shop", "timestamp"];

/**
 * Verifies an app proxy request (https://shopify.dev/docs/apps/build/online-store/app-proxies/authenticate-app-proxies):
 * every query parameter but `signature`, with decoded values, repeated keys joined by ",", as `key=value` strings
 * sorted and concatenated without separator; hex HMAC-SHA256 with the app secret; compared in constant time.
 *
 * Not @shopify/shopify-api's `utils.validateHmac(query, {signator: "appProxy"})` (v13.1): it sorts keys with
 * localeCompare (Shopify sorts the pairs by byte), lets a missing or repeated `timestamp` through its ±90 s check
 * (Number(undefined) is NaN, and NaN > 90 is false), and reads the wall clock instead of ours.
 */
export function createAppProxyVerifier(options: { apiSecret: string; clock: Clock }) {
  return function verify(query: URLSearchParams): AppProxyCheck {
    const values = new Map<string, string[]>();
    for (const [key, value] of query) values.set(key, [...(values.get(key) ?? []), value]);

    if (SINGLE.some((key) => (values.get(key)?.length ?? 0) > 1))
      return { valid: false, reason: "duplicate_parameter" };
    const signature = values.get("signature")?.[0];
    if (!signature) return { valid: false, reason: "missing_signature" };
    const timestamp = values.get("timestamp")?.[0] ?? "";
    if (!/^\d{1,12}$/.test(timestamp)) return { valid: false, reason: "invalid_timestamp" };
    if (Math.abs(options.clock.now().getTime() / 1000 - Number(timestamp)) > TOLERANCE_SEC) {
      return { valid: false, reason: "stale_timestamp" };
    }
    const shop = parseShopDomain(values.get("shop")?.[0]);
    if (!shop) return { valid: false, reason: "invalid_shop" };

    const expected = signAppProxyQuery(values, options.apiSecret);
    const given = Buffer.from(signature.toLowerCase(), "utf8");
    const ok = given.length === expected.length && timingSafeEqual(given, Buffer.from(expected, "utf8"));
    return ok ? { valid: true, shop } : { valid: false, reason: "invalid_signature" };
  };
}

export type AppProxyVerifier = ReturnType<typeof createAppProxyVerifier>;

/** The hex signature Shopify computes for these parameters (`signature` itself left out). */
export function signAppProxyQuery(values: Map<string, string[]> | URLSearchParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of values instanceof URLSearchParams ? values : flatten(values)) {
    if (key !== "signature") grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  // Shopify's reference sorts the "key=value" strings (Ruby `sort`: byte order), not the keys: "a-b=…" comes
  // before "a=…".
  const message = [...grouped.entries()]
    .map(([key, list]) => Buffer.from(`${key}=${list.join(",")}`, "utf8"))
    .sort(Buffer.compare)
    .map((pair) => pair.toString("utf8"))
    .join("");
  return createHmac("sha256", secret).update(message, "utf8").digest("hex");
}

function* flatten(values: Map<string, string[]>): Generator<[string, string]> {
  for (const [key, list] of values) for (const value of list) yield [key, value];
}
