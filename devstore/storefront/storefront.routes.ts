import path from "node:path";
import express, { Router, type Request, type Response } from "express";
import type { CartActions } from "./cart-actions.js";
import { CartError, type Carts } from "./cart.js";
import type { StorefrontContext } from "./context.js";
import {
  ajaxError,
  cartFor,
  currentCart,
  fieldPairs,
  localeOf,
  localized,
  page,
  positiveInt,
} from "./http.js";
import { cartObject } from "./liquid-objects.js";
import type { StorefrontPages } from "./pages.js";
import { THEME_DIR } from "./theme.js";

/**
 * The online store's pages and Shopify's Ajax Cart API (https://shopify.dev/docs/api/ajax/reference/cart) at their
 * Shopify paths: `/`, `/collections/all`, `/products/{handle}?variant=`, `/cart`, `/cart/add`, `/cart/change`,
 * `/cart/update` (each also as `.js`, answering JSON), `/cart.js`; and the CDN paths of the theme's and the theme app
 * extensions' assets.
 */

export interface StorefrontRouteDeps {
  ctx: StorefrontContext;
  pages: StorefrontPages;
  actions: CartActions;
  carts: Carts;
}

export function storefrontRoutes(deps: StorefrontRouteDeps): Router {
  const { ctx, pages, actions, carts } = deps;
  const router = Router();
  const forms = express.urlencoded({ extended: false, limit: "100kb" });
  const json = express.json({ limit: "100kb" });

  const html = (res: Response, body: string, status = 200) => res.status(status).type("html").send(body);
  const cartJson = (req: Request) => cartObject(ctx.state(), currentCart(carts, req));

  router.get(
    "/",
    page(async (req, res) => void html(res, await pages.home(currentCart(carts, req), localeOf(res)))),
  );
  router.get(
    "/collections/:handle",
    page(
      async (req, res) =>
        void html(
          res,
          await pages.collection(String(req.params.handle), currentCart(carts, req), localeOf(res)),
        ),
    ),
  );
  router.get(
    "/products/:handle",
    page(async (req, res) => {
      const variant = /^\d+$/.test(String(req.query.variant ?? "")) ? Number(req.query.variant) : null;
      html(
        res,
        await pages.product(String(req.params.handle), variant, currentCart(carts, req), localeOf(res)),
      );
    }),
  );
  router.get(
    "/cart",
    page(async (req, res) => void html(res, await pages.cart(currentCart(carts, req), localeOf(res)))),
  );
  router.get("/cart.js", (req, res) => void res.json(cartJson(req)));

  /** One item (`id`, `quantity`, `properties`) answers the line; `items: [...]` answers `{items}`, all or none. */
  router.post("/cart/add.js", json, forms, (req, res) => {
    try {
      const cart = cartFor(carts, req, res, ctx.shop());
      const body = req.body as Record<string, unknown>;
      const many = Array.isArray(body.items);
      const items = (many ? (body.items as unknown[]) : [body]).map((raw) => {
        const item = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
        return {
          id: Number(item.id),
          quantity: positiveInt(item.quantity, 1),
          properties: fieldPairs(item, "properties"),
        };
      });
      const before = structuredClone(cart.lines);
      let keys: string[];
      try {
        keys = items.map((i) => String(actions.add(cart, i.id, i.quantity, i.properties).id));
      } catch (e) {
        cart.lines = before;
        throw e;
      }
      const added = cartObject(ctx.state(), cart, localized(res, "")).items.filter((i) =>
        keys.includes(i.key),
      );
      res.json(many ? { items: added } : added[0]);
    } catch (e) {
      ajaxError(res, e);
    }
  });

  router.post("/cart/clear.js", (req, res) => {
    const cart = currentCart(carts, req);
    if (cart) carts.clear(cart);
    res.json(cartJson(req));
  });

  router.post(
    "/cart/add",
    forms,
    page(async (req, res) => {
      const cart = cartFor(carts, req, res, ctx.shop());
      const body = req.body as Record<string, unknown>;
      try {
        actions.add(cart, Number(body.id), positiveInt(body.quantity, 1), fieldPairs(body, "properties"));
      } catch (e) {
        if (!(e instanceof CartError)) throw e;
        html(res, await pages.cart(cart, localeOf(res), e.message), e.status);
        return;
      }
      res.redirect(303, localized(res, "/cart"));
    }),
  );

  /** `/cart/change.js`: `line` (1-based) or `id` (the line key) and `quantity`. */
  router.post("/cart/change.js", json, forms, (req, res) => {
    try {
      const cart = cartFor(carts, req, res, ctx.shop());
      const body = req.body as Record<string, unknown>;
      const key = body.line !== undefined ? cart.lines[Number(body.line) - 1]?.id : Number(body.id);
      if (key === undefined) throw new CartError(`The cart has no line ${String(body.line)}`, 400);
      actions.setQuantities(cart, new Map([[key, positiveInt(body.quantity, 1)]]));
      res.json(cartObject(ctx.state(), cart));
    } catch (e) {
      ajaxError(res, e);
    }
  });

  const update = (req: Request, res: Response) => {
    const cart = cartFor(carts, req, res, ctx.shop());
    const body = req.body as Record<string, unknown>;
    const updates = new Map<number, number>();
    for (const { name, value } of fieldPairs(body, "updates"))
      updates.set(Number(name), positiveInt(value, 0));
    actions.setQuantities(cart, updates);
    const attributes = Object.fromEntries(fieldPairs(body, "attributes").map((p) => [p.name, p.value]));
    actions.setAttributes(cart, attributes);
    if (typeof body.note === "string") cart.note = body.note || null;
    return cart;
  };

  router.post("/cart/update.js", json, forms, (req, res) => {
    try {
      res.json(cartObject(ctx.state(), update(req, res)));
    } catch (e) {
      ajaxError(res, e);
    }
  });

  // The cart form: "Update cart", or "Check out" (Shopify's `checkout` button name) which goes on to checkout.
  const cartForm = page(async (req, res) => {
    try {
      update(req, res);
    } catch (e) {
      if (!(e instanceof CartError)) throw e;
      html(res, await pages.cart(currentCart(carts, req), localeOf(res), e.message), e.status);
      return;
    }
    res.redirect(
      303,
      localized(res, (req.body as Record<string, unknown>).checkout !== undefined ? "/checkout" : "/cart"),
    );
  });
  router.post("/cart", forms, cartForm);
  router.post("/cart/update", forms, cartForm);

  router.get("/cdn/shop/theme/:file", (req, res) => {
    const file = String(req.params.file);
    if (!/^[a-z-]+\.(css|js)$/.test(file)) return void res.status(404).end();
    res.sendFile(path.join(THEME_DIR, "assets", file), (e) => e && !res.headersSent && res.status(404).end());
  });
  router.get("/cdn/shop/extensions/:handle/assets/:file", (req, res) => {
    const app = ctx.installed().find((a) => a.themeExtensions.has(String(req.params.handle)));
    const file = app?.themeExtensions.get(String(req.params.handle))?.assetPath(String(req.params.file));
    if (!file) return void res.status(404).end();
    res.sendFile(file);
  });

  return router;
}
