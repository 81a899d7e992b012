import { createHmac, timingSafeEqual } from "node:crypto";
import { parseShopDomain } from "../../domain/shared/shop-domain.js";
import type { SelfServiceTokens } from "../../use-cases/customer-care/ports.js";

/**
 * Self-service link tokens: base64url(JSON {s: shop, o: order id, e: expiry seconds}) + "." + HMAC-SHA256 of it,
 * keyed by a key derived from the app secret for this one purpose (so a token is never valid as anything else).
 * Stateless: a link works until it expires, and only for the shop and order it names.
 */
export function createSelfServiceTokens(appSecret: string): SelfServiceTokens {
  const key = createHmac("sha256", appSecret).update("waitwell self-service link v1").digest();
  const mac = (payload: string) => createHmac("sha256", key).update(payload).digest("base64url");
  return {
    sign({ shop, orderId, expiresAt }) {
      const payload = Buffer.from(
        JSON.stringify({ s: shop, o: orderId, e: Math.floor(expiresAt.getTime() / 1000) }),
      ).toString("base64url");
      return `${payload}.${mac(payload)}`;
    },
    verify(token, now) {
      const [payload, signature, ...rest] = token.split(".");
      if (!payload || !signature || rest.length > 0) return { ok: false, reason: "invalid" };
      const expected = Buffer.from(mac(payload));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given))
        return { ok: false, reason: "invalid" };
      let claims: unknown;
      try {
        claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      } catch {
        return { ok: false, reason: "invalid" };
      }
      const c = claims as { s?: unknown; o?: unknown; e?: unknown };
      const shop = parseShopDomain(c.s);
      if (!shop || typeof c.o !== "string" || typeof c.e !== "number")
        return { ok: false, reason: "invalid" };
      if (now.getTime() / 1000 > c.e) return { ok: false, reason: "expired" };
      return { ok: true, shop, orderId: c.o };
    },
  };
}
