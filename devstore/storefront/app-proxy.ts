import { createHmac } from "node:crypto";

/**
 * Shopify's app proxy (https://shopify.dev/docs/apps/build/online-store/app-proxies, REFERENCE 4.4): a storefront
 * request to `/{prefix}/{subpath}/rest?x=1` is forwarded to `{proxy url}/rest?x=1` with `shop`,
 * `logged_in_customer_id` (empty when logged out), `path_prefix`, `timestamp` and `signature` added. The signature is
 * the hex HMAC-SHA256, with the app's secret, of every other parameter as `key=value` (decoded values, repeated keys
 * joined by ","), sorted and concatenated without a separator
 * (https://shopify.dev/docs/apps/build/online-store/app-proxies/authenticate-app-proxies).
 */

export function signProxyParams(params: URLSearchParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key !== "signature") grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  // Ruby's `sort` on the "key=value" strings: byte order.
  const message = [...grouped]
    .map(([key, values]) => Buffer.from(`${key}=${values.join(",")}`, "utf8"))
    .sort(Buffer.compare)
    .map((b) => b.toString("utf8"))
    .join("");
  return createHmac("sha256", secret).update(message, "utf8").digest("hex");
}

export interface ProxyTarget {
  /** Storefront path, `/apps/waitwell`. */
  path: string;
  /** Where it is forwarded. */
  url: string;
  apiSecret: string;
}

/** The URL Shopify requests for a storefront path + query under the proxy, signed. */
export function proxiedUrl(
  target: ProxyTarget,
  rest: string,
  query: URLSearchParams,
  opts: { shop: string; customerId: string | null; now: Date },
): string {
  const params = new URLSearchParams(query);
  // Shopify sets these itself; whatever the shopper sent under those names is replaced.
  for (const name of ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"])
    params.delete(name);
  params.append("shop", opts.shop);
  params.append("logged_in_customer_id", opts.customerId ?? "");
  params.append("path_prefix", target.path);
  params.append("timestamp", String(Math.floor(opts.now.getTime() / 1000)));
  params.append("signature", signProxyParams(params, target.apiSecret));
  return `${target.url.replace(/\/$/, "")}${rest}?${params.toString()}`;
}

/** Response headers passed back to the shopper; cookies and hop-by-hop headers are not. */
export const PASSED_RESPONSE_HEADERS = ["content-type", "cache-control", "location", "etag", "last-modified"];
