import { z } from "zod";
import { ShopifyApiError, UnauthorizedError } from "../../errors.js";
import type { Clock, OfflineAccessToken, ShopifyTokenExchange } from "../../use-cases/ports.js";

/**
 * Token exchange: a verified session token of a shop becomes an offline access token, without a redirect
 * (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/token-exchange, REFERENCE 4.2).
 */
export interface TokenExchangeOptions {
  apiKey: string;
  apiSecret: string;
  /** null → https://{shop}; in local mode the dev store's origin. */
  adminOrigin: string | null;
  clock: Clock;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const responseSchema = z.object({
  access_token: z.string().min(1),
  scope: z.string().nullish(),
  expires_in: z.number().int().positive().nullish(),
  refresh_token: z.string().nullish(),
  refresh_token_expires_in: z.number().int().positive().nullish(),
});

export function createShopifyTokenExchange(options: TokenExchangeOptions): ShopifyTokenExchange {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 10_000;

  return {
    async exchangeForOfflineToken({ shop, sessionToken }): Promise<OfflineAccessToken> {
      const url = `${options.adminOrigin ?? `https://${shop}`}/admin/oauth/access_token`;
      let res: Response;
      try {
        res = await doFetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify({
            client_id: options.apiKey,
            client_secret: options.apiSecret,
            grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
            subject_token: sessionToken,
            subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
            requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
            // Non-expiring offline token: there is no refresh flow yet.
            expiring: "0",
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (cause) {
        throw new ShopifyApiError(`token exchange for ${shop}: request failed`, undefined, { cause });
      }
      // Shopify answers 400 to an invalid or expired subject token: the client should fetch a new one and retry.
      if (res.status === 400) {
        throw new UnauthorizedError("Shopify refused the session token", { shop, body: await safeText(res) });
      }
      if (!res.ok) {
        throw new ShopifyApiError(`token exchange for ${shop}: HTTP ${res.status}`, {
          body: await safeText(res),
        });
      }
      const parsed = responseSchema.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success) {
        throw new ShopifyApiError(`token exchange for ${shop}: unexpected response`, parsed.error.issues);
      }
      const now = options.clock.now().getTime();
      const body = parsed.data;
      return {
        accessToken: body.access_token,
        scope: body.scope ?? null,
        expires: body.expires_in ? new Date(now + body.expires_in * 1000) : null,
        refreshToken: body.refresh_token ?? null,
        refreshTokenExpires: body.refresh_token_expires_in
          ? new Date(now + body.refresh_token_expires_in * 1000)
          : null,
      };
    },
  };
}

async function safeText(res: Response): Promise<string> {
  return (await res.text().catch(() => "")).slice(0, 500);
}
