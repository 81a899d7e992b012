import express, { Router } from "express";
import { exchangeToken, type TokenExchangeDeps } from "../auth/token-exchange.js";
import type { createAdminApi } from "./admin-api.js";

/** What apps call: `/admin/api/{version}/graphql.json` and `/admin/oauth/access_token`, as on https://{shop}. */
export interface AdminRouteDeps {
  adminApi: ReturnType<typeof createAdminApi>;
  tokenExchange: Omit<TokenExchangeDeps, "nowMs">;
  wallClock: () => number;
}

export function adminRoutes(deps: AdminRouteDeps): Router {
  const router = Router();
  // The GraphQL body is read as text: the version and the token are checked before the body is judged, as on Shopify.
  const text = express.text({ type: () => true, limit: "1mb" });

  router.post("/admin/api/:version/graphql.json", text, async (req, res) => {
    const result = await deps.adminApi.handle({
      version: String(req.params.version),
      accessToken: req.get("X-Shopify-Access-Token"),
      contentType: req.get("Content-Type"),
      rawBody: typeof req.body === "string" ? req.body : "",
    });
    res.status(result.status).json(result.body);
  });

  router.post("/admin/oauth/access_token", text, (req, res) => {
    const raw = typeof req.body === "string" ? req.body : "";
    const result = exchangeToken(parseForm(raw, req.get("Content-Type")), {
      ...deps.tokenExchange,
      nowMs: deps.wallClock(),
    });
    res.status(result.ok ? 200 : result.status).json(result.body);
  });

  return router;
}

/** Shopify's OAuth endpoint takes JSON or form-encoded bodies. */
function parseForm(raw: string, contentType: string | undefined): unknown {
  if (contentType?.includes("application/x-www-form-urlencoded"))
    return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    return {};
  }
}
