import express, { Router } from "express";
import type { CartActions } from "./cart-actions.js";
import { CartError, type Carts } from "./cart.js";
import type { CheckoutBundler } from "./checkout-extensions.js";
import type { StorefrontContext } from "./context.js";
import { currentCart, localeOf, localized, page, storefrontUrl } from "./http.js";
import type { StorefrontPages } from "./pages.js";

/**
 * Checkout: the page (`/checkout`), the extension frames (`/checkouts/frames/{entry}`) and their bundles
 * (`/cdn/shop/checkout/*`), the extensions' `apply*` calls (`POST /checkout/apply` → `{result, state}`), placing the
 * order (`POST /checkout`, the email is the one field the dev store asks for) and the thank-you page
 * (`/checkouts/thank-you/{order token}`).
 */

export interface CheckoutRouteDeps {
  ctx: StorefrontContext;
  pages: StorefrontPages;
  actions: CartActions;
  carts: Carts;
  bundler: CheckoutBundler;
}

export function checkoutRoutes(deps: CheckoutRouteDeps): Router {
  const { ctx, pages, actions, carts, bundler } = deps;
  const router = Router();

  router.get(
    "/checkout",
    page(async (req, res) => {
      const cart = currentCart(carts, req);
      if (!cart || cart.lines.length === 0) return void res.redirect(303, localized(res, "/cart"));
      cart.locale = localeOf(res);
      res.type("html").send(await pages.checkoutPage(cart, storefrontUrl(req), { email: "", error: null }));
    }),
  );

  router.post(
    "/checkout",
    express.urlencoded({ extended: false, limit: "20kb" }),
    page(async (req, res) => {
      const cart = currentCart(carts, req);
      if (!cart || cart.lines.length === 0) return void res.redirect(303, localized(res, "/cart"));
      const email = String((req.body as Record<string, unknown>).email ?? "").trim();
      try {
        const order = actions.placeOrder(cart, email);
        res.redirect(303, localized(res, `/checkouts/thank-you/${order.token}`));
      } catch (e) {
        if (!(e instanceof CartError)) throw e;
        res
          .status(e.status)
          .type("html")
          .send(await pages.checkoutPage(cart, storefrontUrl(req), { email, error: e.message }));
      }
    }),
  );

  router.post("/checkout/apply", express.json({ limit: "20kb" }), (req, res) => {
    const cart = currentCart(carts, req);
    if (!cart) return void res.status(404).json({ error: "no cart: add something to the cart first" });
    const body = (req.body ?? {}) as { method?: unknown; change?: unknown };
    const result = actions.apply(cart, String(body.method), body.change);
    res.json({ result, state: pages.checkoutState(cart, storefrontUrl(req)) });
  });

  router.get(
    "/checkouts/thank-you/:token",
    page(async (req, res) => {
      res.type("html").send(await pages.thankYouPage(String(req.params.token), storefrontUrl(req)));
    }),
  );

  router.get("/checkouts/frames/:entry", (req, res) => {
    const entry = String(req.params.entry);
    const extension = ctx
      .installed()
      .flatMap((a) => a.uiExtensions)
      .find((e) => e.targeting.some((t) => t.entry === entry));
    if (!extension) return void res.status(404).json({ error: `no extension target ${entry}` });
    res
      .type("html")
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${extension.name.replace(/[<>&]/g, "")}</title>` +
          `<style>html,body{margin:0;padding:0;background:transparent;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a}` +
          `body{padding:.25rem 0}body:empty{padding:0}</style>` +
          `<script type="module" src="/cdn/shop/checkout/${encodeURIComponent(entry)}.js"></script></head><body></body></html>`,
      );
  });

  router.get("/cdn/shop/checkout/{*file}", async (req, res, next) => {
    try {
      const name = ([] as string[]).concat(req.params.file as string | string[]).join("/");
      const code = await bundler.file(name);
      if (code === null) return void res.status(404).end();
      res.type("text/javascript").setHeader("Cache-Control", "no-cache").send(code);
    } catch (e) {
      next(e);
    }
  });

  return router;
}
