import express, { Router, type Request } from "express";
import { PASSED_RESPONSE_HEADERS, proxiedUrl } from "./app-proxy.js";
import type { Carts } from "./cart.js";
import type { StorefrontContext } from "./context.js";
import { currentCart, errorPage, localeOf } from "./http.js";
import type { StorefrontPages } from "./pages.js";

/**
 * Each installed app's `[app_proxy]`: `/{prefix}/{subpath}/*` on the storefront goes to the app, signed (app-proxy.ts).
 * The method, body and content type travel; cookies do not (Shopify strips them). An `application/liquid` answer is
 * rendered with the shop's Liquid objects inside the theme's layout; anything else is passed back as it came.
 */

export interface AppProxyRouteDeps {
  ctx: StorefrontContext;
  pages: StorefrontPages;
  carts: Carts;
  wallClock: () => number;
  fetch?: typeof fetch;
}

function queryOf(req: Request): URLSearchParams {
  const url = req.originalUrl;
  const at = url.indexOf("?");
  return new URLSearchParams(at === -1 ? "" : url.slice(at + 1));
}

export function appProxyRoutes(deps: AppProxyRouteDeps): Router {
  const router = Router();
  const send = deps.fetch ?? fetch;

  router.all(
    "/:prefix/:subpath{/*rest}",
    express.raw({ type: () => true, limit: "1mb" }),
    async (req, res, next) => {
      const base = `/${String(req.params.prefix)}/${String(req.params.subpath)}`;
      const app = deps.ctx.installed().find((a) => a.appProxy?.path === base);
      if (!app?.appProxy) return next();
      try {
        const rest = req.path.slice(base.length);
        const url = proxiedUrl({ ...app.appProxy, apiSecret: app.apiSecret }, rest, queryOf(req), {
          shop: deps.ctx.shop(),
          customerId: null,
          now: new Date(deps.wallClock()),
        });
        const hasBody =
          !["GET", "HEAD"].includes(req.method) && Buffer.isBuffer(req.body) && req.body.length > 0;
        const headers: Record<string, string> = { "X-Forwarded-For": req.ip ?? "" };
        if (hasBody && req.get("content-type")) headers["Content-Type"] = req.get("content-type")!;
        if (req.get("accept")) headers.Accept = req.get("accept")!;
        const answer = await send(url, {
          method: req.method,
          headers,
          redirect: "manual",
          ...(hasBody ? { body: new Uint8Array(req.body as Buffer) } : {}),
        });
        const type = answer.headers.get("content-type") ?? "";
        if (/^application\/liquid\b/i.test(type) && answer.ok) {
          const html = await deps.pages.proxied(
            await answer.text(),
            currentCart(deps.carts, req),
            localeOf(res),
          );
          res.status(answer.status).type("html").send(html);
          return;
        }
        for (const name of PASSED_RESPONSE_HEADERS) {
          const value = answer.headers.get(name);
          if (value) res.setHeader(name, value);
        }
        res.status(answer.status).send(Buffer.from(await answer.arrayBuffer()));
      } catch (e) {
        // Shopify shows the shopper an error page when the app does not answer.
        if (e instanceof TypeError) {
          errorPage(res, 502, "Something went wrong", "The app behind this page did not answer.");
          return;
        }
        next(e);
      }
    },
  );

  return router;
}
