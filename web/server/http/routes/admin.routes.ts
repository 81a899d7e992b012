import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Shopify } from "@shopify/shopify-api";
import express, { Router } from "express";
import { z } from "zod";
import { isLoopbackHost, type Config } from "../../config.js";
import { parseShopDomain } from "../../domain/shared/shop-domain.js";
import { ForbiddenError, NotFoundError, ShopifyApiError, ValidationError } from "../../errors.js";

export const APP_BRIDGE_MARKER = "<!--waitwell:app-bridge-->";

export interface AdminRouteDeps {
  /** The admin build (vite's outDir), holding index.html and assets/. */
  staticDir: string;
  config: Config;
  shopify: Pick<Shopify, "utils">;
  fetch?: typeof fetch;
}

/**
 * Serves the embedded admin. index.html gets App Bridge put in place of its marker (web/frontend/README.md):
 * Shopify's CDN script in shopify mode; in local mode, where no admin surrounds the page, a stand-in whose
 * `idToken()` gets a session token minted by the dev store, exactly as App Bridge would get one from Shopify.
 */
export function adminRoutes(deps: AdminRouteDeps): Router {
  const router = Router();
  const { config } = deps;
  const doFetch = deps.fetch ?? ((input, init) => globalThis.fetch(input, init));

  router.get(["/", "/index.html"], async (req, res) => {
    const html = await readFile(path.join(deps.staticDir, "index.html"), "utf8").catch(() => {
      throw new NotFoundError("The admin is not built yet: run `npm run build`");
    });
    const shop = typeof req.query.shop === "string" ? deps.shopify.utils.sanitizeShop(req.query.shop) : null;
    // Only Shopify admin (and, locally, the dev store) may frame the app
    // (https://shopify.dev/docs/apps/build/security/set-up-iframe-protection).
    const ancestors = [
      shop ? `https://${shop}` : null,
      "https://admin.shopify.com",
      config.shopify.adminOrigin,
    ];
    res
      .set("Content-Security-Policy", `frame-ancestors ${ancestors.filter(Boolean).join(" ")};`)
      .set("Cache-Control", "no-store")
      .type("html")
      .send(html.replace(APP_BRIDGE_MARKER, appBridgeHead(config)));
  });

  router.use(express.static(deps.staticDir, { index: false }));

  if (config.mode === "local" && config.shopify.adminOrigin) {
    const devStore = config.shopify.adminOrigin;
    const query = z.object({ shop: z.string() });
    router.get("/local/session-token", async (req, res) => {
      // DNS rebinding: a page on attacker.example whose name resolves to 127.0.0.1 reaches this route from the
      // browser with its own name in Host. Only loopback names may have a token.
      const host = hostname(req.get("Host") ?? "");
      if (!isLoopbackHost(host)) {
        throw new ForbiddenError("Local session tokens are only served to localhost, 127.0.0.1 or [::1]");
      }
      const parsed = query.safeParse(req.query);
      const shop = parsed.success ? parseShopDomain(parsed.data.shop) : null;
      if (!shop) throw new ValidationError("shop: expected a {name}.myshopify.com domain");
      const minted = await doFetch(`${devStore}/_devstore/session-token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ shop, apiKey: config.shopify.apiKey }),
      }).catch((cause: unknown) => {
        throw new ShopifyApiError("dev store unreachable", undefined, { cause });
      });
      if (!minted.ok) throw new ShopifyApiError(`dev store refused a session token: HTTP ${minted.status}`);
      const { token } = z.object({ token: z.string() }).parse(await minted.json());
      res.set("Cache-Control", "no-store").json({ token });
    });
  }

  return router;
}

export function appBridgeHead(config: Config): string {
  if (config.mode === "shopify") {
    // App Bridge must be the first script and load synchronously (https://shopify.dev/docs/api/app-bridge-library).
    return (
      `<meta name="shopify-api-key" content="${escapeAttribute(config.shopify.apiKey)}" />\n` +
      `    <script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>`
    );
  }
  const settings = scriptJson({ apiKey: config.shopify.apiKey });
  return `<script>
      (() => {
        const { apiKey } = ${settings};
        const shop = new URLSearchParams(location.search).get("shop") || "";
        window.shopify = {
          config: { shop, apiKey },
          async idToken() {
            const res = await fetch("/local/session-token?shop=" + encodeURIComponent(shop));
            if (!res.ok) throw new Error("local session token: HTTP " + res.status);
            return (await res.json()).token;
          },
          toast: { show: (message, options) => (options && options.isError ? console.error : console.info)(message) },
        };
      })();
    </script>`;
}

/** "127.0.0.1:3000" → "127.0.0.1", "[::1]:3000" → "::1", "localhost" → "localhost". */
function hostname(hostHeader: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hostHeader);
  if (bracketed) return bracketed[1]!;
  return hostHeader.replace(/:\d+$/, "");
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** JSON that cannot close the surrounding <script>. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}
