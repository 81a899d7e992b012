import type { NextFunction, Request, Response } from "express";
import { DevStoreError } from "../model/errors.js";
import type { Cart, Carts } from "./cart.js";
import { CartError } from "./cart.js";
import { PageNotFound } from "./pages.js";

/** Shared HTTP glue of the storefront routes: the cart cookie, and how failures are answered. */

const COOKIE = "cart";

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

/** The shopper's cart, if they have one (pages render without creating one). */
export function currentCart(carts: Carts, req: Request): Cart | null {
  return carts.get(cookie(req, COOKIE));
}

/** The shopper's cart, created (and its cookie set) on first use, as Shopify's `cart` cookie; it takes the page's language. */
export function cartFor(carts: Carts, req: Request, res: Response, shop: string): Cart {
  const existing = currentCart(carts, req);
  const cart = existing && existing.shop === shop ? existing : carts.create(shop);
  if (cart !== existing) res.cookie(COOKIE, cart.token, { httpOnly: true, sameSite: "lax", path: "/" });
  cart.locale = localeOf(res);
  return cart;
}

/**
 * `/fr/products/…`: a leading published-language segment selects the language and is taken off the path, so the
 * routes below serve every language (Shopify's language subfolders).
 */
export function localePrefix(locales: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const match = /^\/([a-z]{2})(?=\/|\?|$)/.exec(req.url);
    res.locals.locale = "en";
    if (match && locales.includes(match[1]!) && match[1] !== "en") {
      res.locals.locale = match[1];
      req.url = req.url.slice(3) || "/";
      if (req.url.startsWith("?")) req.url = `/${req.url}`;
    }
    next();
  };
}

export function localeOf(res: Response): string {
  return typeof res.locals.locale === "string" ? res.locals.locale : "en";
}

/** A storefront path in the request's language. */
export function localized(res: Response, pathname: string): string {
  const locale = localeOf(res);
  return locale === "en" ? pathname : `/${locale}${pathname}`;
}

/** Ajax API (`*.js`) failures as Shopify answers them: `{status, message, description}`. */
export function ajaxError(res: Response, e: unknown): void {
  if (e instanceof CartError || e instanceof DevStoreError) {
    res.status(e.status).json({ status: e.status, message: "Cart Error", description: e.message });
    return;
  }
  throw e;
}

export function errorPage(res: Response, status: number, heading: string, message: string): void {
  const text = (v: string) => v.replace(/[<>&]/g, "");
  res
    .status(status)
    .type("html")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${text(heading)}</title></head>` +
        `<body><main><h1>${text(heading)}</h1><p>${text(message)}</p>` +
        `<p><a href="/collections/all">Continue shopping</a></p></main></body></html>`,
    );
}

export function notFoundPage(res: Response, message: string): void {
  errorPage(res, 404, "Page not found", message);
}

/** Wraps an HTML page handler: an unknown product or order is a 404 page. */
export function page(handler: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch((e: unknown) => {
      if (e instanceof PageNotFound) notFoundPage(res, e.message);
      else next(e);
    });
  };
}

export function storefrontUrl(req: Request): string {
  return `${req.protocol}://${req.get("host") ?? "127.0.0.1"}`;
}

/**
 * A bracketed form field as name/value pairs: `properties[Shipping]=…` from a form (parsed flat, so numeric keys
 * such as `updates[4000000001]` stay keys) or `{"properties":{"Shipping":…}}` from JSON.
 */
export function fieldPairs(body: Record<string, unknown>, field: string): { name: string; value: string }[] {
  const nested = body[field];
  const entries =
    nested && typeof nested === "object" && !Array.isArray(nested)
      ? Object.entries(nested as Record<string, unknown>)
      : Object.entries(body).flatMap(([key, value]): [string, unknown][] => {
          const match = /^(\w+)\[([^\]]*)\]$/.exec(key);
          return match && match[1] === field ? [[match[2]!, value]] : [];
        });
  return entries
    .filter(([, v]) => typeof v === "string" || typeof v === "number")
    .map(([name, v]) => ({ name, value: String(v) }));
}

export function positiveInt(value: unknown, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new CartError(`Quantity must be a whole number, got ${String(value)}`, 400);
  return n;
}
