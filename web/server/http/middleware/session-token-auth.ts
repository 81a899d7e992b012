import type { Shopify } from "@shopify/shopify-api";
import type { RequestHandler, Response } from "express";
import { parseShopDomain } from "../../domain/shared/shop-domain.js";
import { UnauthorizedError, WaitwellError } from "../../errors.js";
import type { ShopDomain } from "../../use-cases/ports.js";

export type SessionTokenVerifier = Pick<Shopify, "session" | "utils">;

/** Tells App Bridge to fetch a fresh session token and retry (REFERENCE 4.2). */
export const RETRY_INVALID_SESSION_HEADER = "X-Shopify-Retry-Invalid-Session-Request";

export interface SessionTokenAuthDeps {
  shopify: SessionTokenVerifier;
  /** Token exchange on a shop's first request; a no-op once it holds an offline token. */
  ensureInstalled(input: { shop: ShopDomain; sessionToken: string }): Promise<void>;
}

/**
 * Every /api request carries `Authorization: Bearer <session token>`
 * (https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens). The library checks the HS256
 * signature with the app secret, exp/nbf and `aud` = our API key; the shop comes from `dest` and nowhere else.
 * Handlers read it with `shopOf(res)` and scope every query to it.
 */
export function sessionTokenAuth(deps: SessionTokenAuthDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      const token = /^Bearer (\S+)$/i.exec(req.get("Authorization") ?? "")?.[1];
      if (!token) throw new UnauthorizedError("Missing session token");
      const shop = await verifiedShop(deps.shopify, token);
      await deps.ensureInstalled({ shop, sessionToken: token });
      res.locals.shop = shop;
      next();
    } catch (error) {
      if (error instanceof UnauthorizedError) res.setHeader(RETRY_INVALID_SESSION_HEADER, "1");
      next(error);
    }
  };
}

async function verifiedShop(shopify: SessionTokenVerifier, token: string): Promise<ShopDomain> {
  let payload: { dest?: unknown; iss?: unknown };
  try {
    payload = await shopify.session.decodeSessionToken(token);
  } catch {
    // The library's message quotes the token: keep it out of logs and responses.
    throw new UnauthorizedError("Invalid session token");
  }
  const shop = parseShopDomain(hostOf(payload.dest));
  // Shopify: "the top-level domains of iss and dest should match".
  if (!shop || hostOf(payload.iss)?.toLowerCase() !== shop) {
    throw new UnauthorizedError("Session token names no valid shop");
  }
  return shop;
}

function hostOf(url: unknown): string | null {
  if (typeof url !== "string") return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** The authenticated shop of this request; only under sessionTokenAuth. */
export function shopOf(res: Response): ShopDomain {
  const shop = parseShopDomain(res.locals.shop);
  if (!shop) throw new WaitwellError("shopOf() used on a route without sessionTokenAuth");
  return shop;
}
