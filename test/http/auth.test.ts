import { describe, expect, it } from "vitest";
import { OTHER_SHOP, SHOP, createHarness, signJwt } from "./harness.js";

const RETRY_HEADER = "x-shopify-retry-invalid-session-request";

describe("session-token auth on /api", () => {
  const now = () => Math.floor(Date.now() / 1000);

  const badTokens: [string, (h: ReturnType<typeof createHarness>) => string | undefined][] = [
    ["no Authorization header", () => undefined],
    ["a token that is not a JWT", () => "not-a-jwt"],
    [
      "an expired token",
      (h) => h.sessionToken(SHOP, { exp: now() - 60, nbf: now() - 120, iat: now() - 120 }),
    ],
    [
      "a token not valid yet",
      (h) => h.sessionToken(SHOP, { nbf: now() + 120, iat: now() + 120, exp: now() + 180 }),
    ],
    ["a token of another app (its secret)", (h) => h.sessionToken(SHOP, {}, "another-apps-secret")],
    ["a token for another app (aud)", (h) => h.sessionToken(SHOP, { aud: "another-api-key" })],
    ["a token without dest", (h) => h.sessionToken(SHOP, { dest: undefined })],
    ["a dest that is not a shop", (h) => h.sessionToken(SHOP, { dest: "https://evil.example.com" })],
    [
      "iss and dest naming different shops",
      (h) => h.sessionToken(SHOP, { iss: `https://${OTHER_SHOP}/admin` }),
    ],
    [
      "alg none",
      (h) => {
        const t = h.sessionToken(SHOP).split(".");
        return `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${t[1]}.`;
      },
    ],
    [
      "HS512 with the right secret",
      (h) =>
        signJwt(
          {
            dest: `https://${SHOP}`,
            iss: `https://${SHOP}/admin`,
            aud: h.config.shopify.apiKey,
            exp: now() + 60,
          },
          h.config.shopify.apiSecret,
          { alg: "HS512" },
        ),
    ],
  ];

  it.each(badTokens)("refuses %s with 401, the retry header and no data", async (_name, makeToken) => {
    const h = createHarness();
    await h.api("/api/shop"); // the shop is installed and has data to leak
    const token = makeToken(h);
    let req = h.http().get("/api/shop");
    if (token !== undefined) req = req.set("Authorization", `Bearer ${token}`);
    const res = await req;
    expect(res.status).toBe(401);
    expect(res.headers[RETRY_HEADER]).toBe("1");
    expect(res.body).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toContain(SHOP);
    expect(h.tokenExchange.calls).toHaveLength(1);
  });

  it("never writes the token to the log", async () => {
    const h = createHarness();
    const token = h.sessionToken(SHOP, {}, "another-apps-secret");
    await h.http().get("/api/shop").set("Authorization", `Bearer ${token}`);
    expect(JSON.stringify(h.logger.entries)).not.toContain(token);
  });

  it("installs a new shop on its first request: token exchange, offline session, shop row", async () => {
    const h = createHarness();
    const token = h.sessionToken(SHOP);
    const res = await h.http().get("/api/shop").set("Authorization", `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(h.tokenExchange.calls).toEqual([{ shop: SHOP, sessionToken: token }]);
    expect(await h.repositories.sessions.load(`offline_${SHOP}`)).toMatchObject({
      shop: SHOP,
      isOnline: false,
      accessToken: `shpat_${SHOP}_1`,
      scope: "read_orders,write_orders",
    });
    expect(await h.repositories.shops.get(SHOP)).toMatchObject({ domain: SHOP, uninstalledAt: null });
    // Later requests use the stored token.
    await h.api("/api/shop");
    expect(h.tokenExchange.calls).toHaveLength(1);
  });

  it("exchanges once when the admin's first requests arrive together", async () => {
    const h = createHarness();
    h.tokenExchange.delayMs = 20;
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => h.api("/api/shop")));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(h.tokenExchange.calls).toHaveLength(1);
    // Another shop is not held up by, nor merged with, the first one's exchange.
    await Promise.all([h.api("/api/shop", OTHER_SHOP), h.api("/api/shop", OTHER_SHOP)]);
    expect(h.tokenExchange.calls.map((c) => c.shop)).toEqual([SHOP, OTHER_SHOP]);
  });

  it("answers 401 and stores nothing when Shopify refuses the exchange", async () => {
    const h = createHarness({ installed: [] });
    h.tokenExchange.refuse = true;
    const res = await h.api("/api/shop");
    expect(res.status).toBe(401);
    expect(res.headers[RETRY_HEADER]).toBe("1");
    expect(await h.repositories.sessions.findByShop(SHOP)).toEqual([]);
    expect(await h.repositories.shops.get(SHOP)).toBeNull();
    // The next request tries again.
    h.tokenExchange.refuse = false;
    expect((await h.api("/api/shop")).status).toBe(200);
    expect(h.tokenExchange.calls).toHaveLength(2);
  });

  it("re-installs a shop after app/uninstalled: a new exchange, the mark cleared, settings kept", async () => {
    const h = createHarness();
    await h.api("/api/shop");
    await h.repositories.shops.updateSettings(SHOP, { backorderTag: "preorder" });
    await h.webhook("app/uninstalled", `{"id":1,"myshopify_domain":"${SHOP}"}`);
    await h.worker.drain();
    expect(await h.repositories.sessions.findByShop(SHOP)).toEqual([]);
    expect((await h.repositories.shops.get(SHOP))?.uninstalledAt).not.toBeNull();

    h.clock.advance(60_000);
    const res = await h.api("/api/shop");
    expect(res.status).toBe(200);
    expect(h.tokenExchange.calls).toHaveLength(2);
    expect(res.body.shop).toMatchObject({ uninstalledAt: null, settings: { backorderTag: "preorder" } });
    expect(res.body.shop.installedAt).toBe(h.clock.now().toISOString());
  });

  it("answers unknown /api paths with 401 before auth, 404 JSON after", async () => {
    const h = createHarness();
    expect((await h.http().get("/api/nothing-here")).status).toBe(401);
    const res = await h.api("/api/nothing-here");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });
});
