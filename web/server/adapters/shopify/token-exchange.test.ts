import { describe, expect, it } from "vitest";
import { ShopifyApiError, UnauthorizedError } from "../../errors.js";
import { createShopifyTokenExchange } from "./token-exchange.js";

const SHOP = "shop-a.myshopify.com";
const NOW = new Date(Date.UTC(2026, 10, 24, 8, 0, 0));

function exchangeWith(
  respond: (url: string, init: RequestInit) => Response | Promise<Response>,
  adminOrigin: string | null = null,
) {
  const requests: { url: string; init: RequestInit }[] = [];
  const exchange = createShopifyTokenExchange({
    apiKey: "key",
    apiSecret: "secret",
    adminOrigin,
    clock: { now: () => NOW },
    fetch: async (input, init) => {
      requests.push({ url: String(input), init: init ?? {} });
      return respond(String(input), init ?? {});
    },
  });
  return {
    requests,
    run: () => exchange.exchangeForOfflineToken({ shop: SHOP, sessionToken: "the.session.token" }),
  };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("ShopifyTokenExchange over HTTP", () => {
  it("posts REFERENCE 4.2's body to https://{shop} and returns the offline token", async () => {
    const t = exchangeWith(() => json(200, { access_token: "shpat_1", scope: "read_orders" }));
    expect(await t.run()).toEqual({
      accessToken: "shpat_1",
      scope: "read_orders",
      expires: null,
      refreshToken: null,
      refreshTokenExpires: null,
    });
    const [req] = t.requests;
    expect(req?.url).toBe(`https://${SHOP}/admin/oauth/access_token`);
    expect(req?.init.method).toBe("POST");
    expect(req?.init.headers).toMatchObject({
      "Content-Type": "application/json",
      Accept: "application/json",
    });
    expect(JSON.parse(String(req?.init.body))).toEqual({
      client_id: "key",
      client_secret: "secret",
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: "the.session.token",
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      expiring: "0",
    });
  });

  it("uses the configured admin origin (the dev store in local mode)", async () => {
    const t = exchangeWith(
      () => json(200, { access_token: "shpat_1", scope: "read_orders" }),
      "http://127.0.0.1:3001",
    );
    await t.run();
    expect(t.requests[0]?.url).toBe("http://127.0.0.1:3001/admin/oauth/access_token");
  });

  it("turns expiry durations into dates", async () => {
    const t = exchangeWith(() =>
      json(200, {
        access_token: "a",
        scope: "s",
        expires_in: 3600,
        refresh_token: "r",
        refresh_token_expires_in: 7200,
      }),
    );
    expect(await t.run()).toMatchObject({
      expires: new Date(NOW.getTime() + 3_600_000),
      refreshToken: "r",
      refreshTokenExpires: new Date(NOW.getTime() + 7_200_000),
    });
  });

  it("answers UnauthorizedError when Shopify refuses the session token (400)", async () => {
    const t = exchangeWith(() => json(400, { error: "invalid_subject_token" }));
    await expect(t.run()).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it.each([
    ["a 500", () => json(500, { errors: "oops" })],
    ["a body without a token", () => json(200, { scope: "x" })],
    ["a body that is not JSON", () => new Response("<html>", { status: 200 })],
    ["a network failure", () => Promise.reject(new TypeError("fetch failed"))],
  ])("answers ShopifyApiError for %s", async (_name, respond) => {
    const t = exchangeWith(respond);
    const error = await t.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyApiError);
    expect(error).not.toBeInstanceOf(UnauthorizedError);
  });
});
