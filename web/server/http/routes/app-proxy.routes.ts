import { Router, type Request } from "express";
import type { AvailabilityPayload } from "../../domain/storefront/index.js";
import { UnauthorizedError } from "../../errors.js";
import type { Logger, ShopDomain } from "../../use-cases/ports.js";
import type { StorefrontAvailability } from "../../use-cases/availability/storefront-availability.js";
import { availabilityQuery } from "./app-proxy.schemas.js";
import { parseRequest } from "./parse.js";

/** Where Shopify forwards `/apps/waitwell/*`: shopify.app.toml [app_proxy] url (test/http/availability-proxy.test.ts checks). */
export const APP_PROXY_PATH = "/apps/waitwell";

export interface AppProxyRoutesDeps {
  /** adapters/shopify/app-proxy-signature.ts */
  verify(query: URLSearchParams): { valid: true; shop: ShopDomain } | { valid: false; reason: string };
  storefront: Pick<StorefrontAvailability, "get">;
  logger: Logger;
}

/**
 * The app proxy fallback for themes that cannot read metafields. Nothing is answered before the signature checks
 * out; the shop comes from the signed `shop` parameter and nowhere else. Successful answers may be cached by
 * Shopify's edge and the browser for a minute (what the storefront data is worth); refusals never are.
 */
export function appProxyRoutes(deps: AppProxyRoutesDeps): Router {
  const router = Router();

  router.get("/availability", async (req, res) => {
    res.setHeader("Cache-Control", "no-store");
    const check = deps.verify(new URLSearchParams(rawQuery(req)));
    if (!check.valid) {
      deps.logger.warn("app proxy request refused", { reason: check.reason });
      throw new UnauthorizedError("App proxy signature is missing or invalid");
    }
    const query = parseRequest(availabilityQuery, req.query, "query");
    const payload = await deps.storefront.get(check.shop, query.variant);
    res.setHeader("Cache-Control", "public, max-age=60");
    if (query.format === "liquid") res.type("application/liquid").send(liquidOf(query.variant, payload));
    else res.json(payload);
  });

  return router;
}

/** The query string exactly as received: the signature covers every parameter, repeats included. */
function rawQuery(req: Request): string {
  const url = req.originalUrl;
  const at = url.indexOf("?");
  return at === -1 ? "" : url.slice(at + 1);
}

/**
 * Shopify renders an `application/liquid` answer inside the shop's theme. The payload goes out as JSON in a script
 * tag, plus an element carrying the state and dates as data attributes for the theme's CSS and script; no text, so
 * the theme's own locale decides the words. Merchant-controlled strings (titles) must not open Liquid tags or close
 * the script: `{{`, `{%` and `<` are escaped (inside JSON strings, where alone they can occur).
 */
function liquidOf(variantId: string, payload: AvailabilityPayload): string {
  const json = JSON.stringify(payload)
    .replace(/</g, "\\u003c")
    .replace(/\{(?=[{%])/g, "\\u007b");
  const attr = (name: string, value: string | number | null) =>
    value === null
      ? ""
      : ` data-${name}="${String(value).replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}"`;
  const id = variantId.slice(variantId.lastIndexOf("/") + 1);
  return (
    `<script type="application/json" data-waitwell-availability="${id}">${json}</script>\n` +
    `<div class="waitwell-availability waitwell-availability--${payload.state}"` +
    `${attr("variant-id", id)}${attr("state", payload.state)}${attr("eta-from", payload.eta?.from ?? null)}` +
    `${attr("eta-to", payload.eta?.to ?? null)}${attr("capacity", payload.capacity)}></div>\n`
  );
}
