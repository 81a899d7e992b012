/**
 * A shop's permanent domain, the tenant key of every table. Shopify names shops `{name}.myshopify.com` in lower case
 * (https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens: `dest`); anything else (another
 * host, a port, a path, trailing dots or slashes) is not a shop, so `WAITWELL-DEMO.myshopify.com` and
 * `waitwell-demo.myshopify.com` are one tenant and `attacker.shop.dev` is none.
 */
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** The canonical (lower-case) shop domain, or null when `raw` is not one. */
export function parseShopDomain(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length > 255) return null;
  const lower = raw.toLowerCase();
  return SHOP_DOMAIN.test(lower) ? lower : null;
}
