/**
 * A shop's permanent domain, the tenant key of every table. Shopify names shops `{name}.myshopify.com` in lower case
 * (https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens: `dest`); anything else (another
 * host, a port, a path, trailing dots or slashes) is not a shop, so `WAITWELL-DEMO.myshopify.com` and
 * `waitwell-demo.myshopify.com` are one tenant and `attacker.shop.dev` is none.
 */
import { InvalidValueError } from "./errors.js";

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/**
 * A shop's domain as the type system sees it: a plain `string` (a header, a query parameter, a JSON field) is not
 * one, so every value from outside passes `parseShopDomain` at the edge (HTTP, webhooks, session tokens, the app
 * proxy) before a use case or a port takes it. Literals in code (`"demo.myshopify.com"`) are checked by their shape.
 */
export type ShopDomain = `${string}.myshopify.com`;

/** The canonical (lower-case) shop domain, or null when `raw` is not one. */
export function parseShopDomain(raw: unknown): ShopDomain | null {
  if (typeof raw !== "string" || raw.length > 255) return null;
  const lower = raw.toLowerCase();
  return SHOP_DOMAIN.test(lower) ? (lower as ShopDomain) : null;
}

/** The shop domain in `raw`; throws InvalidValueError naming `field` when it is not one. */
export function toShopDomain(raw: unknown, field = "shop"): ShopDomain {
  const shop = parseShopDomain(raw);
  if (shop === null)
    throw new InvalidValueError(field, `expected a {name}.myshopify.com domain, got ${JSON.stringify(raw)}`);
  return shop;
}
