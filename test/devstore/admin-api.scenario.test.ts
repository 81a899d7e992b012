import { afterEach, describe, expect, it } from "vitest";
import { SHOP, startHarness } from "./support/harness.js";

/** The Admin API over real HTTP on Shopify's real schema: auth, validation and cost-based throttling. */

let harness: Awaited<ReturnType<typeof startHarness>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const INVALID_TOKEN = {
  errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
};

describe("Admin API (scenario)", () => {
  it("exchanges a staff session token for an offline token that opens the Admin API", async () => {
    harness = await startHarness();
    const exchanged = await harness.tokenExchange(await harness.sessionToken());
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.access_token).toEqual(expect.any(String));
    expect(exchanged.body.scope).toContain("write_orders");

    const res = await harness.graphql(
      exchanged.body.access_token!,
      "query WaitwellShop { shop { name myshopifyDomain } }",
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ shop: { name: "Scenario Goods", myshopifyDomain: SHOP } });
    expect(res.body.extensions.cost).toEqual({
      requestedQueryCost: 1,
      actualQueryCost: 1,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 },
    });
  });

  it("refuses a session token signed with another secret, and a wrong client secret", async () => {
    harness = await startHarness();
    const token = await harness.sessionToken();
    const forged = token.slice(0, token.lastIndexOf(".") + 1) + "AAAA";
    expect(await harness.tokenExchange(forged)).toEqual({
      status: 400,
      body: {
        error: "invalid_subject_token",
        error_description: "Token exchange cannot be performed due to an invalid subject token.",
      },
    });
    expect((await harness.tokenExchange(token, "not-the-secret")).body.error).toBe("invalid_client");
  });

  it("answers 401 for a missing or unknown access token", async () => {
    harness = await startHarness();
    expect(await harness.graphql(null, "{ shop { name } }")).toEqual({ status: 401, body: INVALID_TOKEN });
    expect(await harness.graphql("shpat_unknown", "{ shop { name } }")).toEqual({
      status: 401,
      body: INVALID_TOKEN,
    });
  });

  it("answers 404 for an API version the app does not use", async () => {
    harness = await startHarness();
    const token = await harness.install();
    const res = await fetch(`${harness.devstore.url}/admin/api/2020-01/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect(res.status).toBe(404);
  });

  it("rejects a field Shopify's Admin schema does not have", async () => {
    harness = await startHarness();
    const token = await harness.install();
    const res = await harness.graphql(token, "{ shop { name backorderPromise } }");
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        message: "Field 'backorderPromise' doesn't exist on type 'Shop'",
        extensions: { code: "undefinedField", typeName: "Shop", fieldName: "backorderPromise" },
      }),
    ]);
  });

  it("refuses a query over 1000 points with MAX_COST_EXCEEDED", async () => {
    harness = await startHarness();
    const token = await harness.install();
    const res = await harness.graphql(
      token,
      "{ orders(first: 250) { nodes { id lineItems(first: 10) { nodes { id } } } } }",
    );
    expect(res.body.errors[0].extensions).toEqual({
      code: "MAX_COST_EXCEEDED",
      cost: 3252,
      maxCost: 1000,
      documentation: "https://shopify.dev/api/usage/rate-limits",
    });
    expect(res.body.data).toBeUndefined();
  });

  it("throttles a burst with the documented body and recovers after the clock advances", async () => {
    harness = await startHarness({ devstore: { rateLimit: { restoreRate: 10, bucketSize: 50 } } });
    const token = await harness.install();
    // Requests 2 + 10 × 1 = 12 points; the catalog has 2 variants, so 4 are charged and 8 refunded.
    const query = "query WaitwellVariants { productVariants(first: 10) { nodes { id inventoryQuantity } } }";

    const burst = [];
    for (let i = 0; i < 15; i++) burst.push(await harness.graphql(token, query));
    const codes = burst.map((r) => r.body.errors?.[0]?.extensions?.code ?? "ok");
    expect(codes).toEqual([...Array(10).fill("ok"), ...Array(5).fill("THROTTLED")]);
    expect(burst[9]!.body.extensions.cost).toEqual({
      requestedQueryCost: 12,
      actualQueryCost: 4,
      throttleStatus: { maximumAvailable: 50, currentlyAvailable: 10, restoreRate: 10 },
    });
    for (const r of burst.slice(10)) {
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        errors: [
          {
            message: "Throttled",
            extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
          },
        ],
        extensions: {
          cost: {
            requestedQueryCost: 12,
            actualQueryCost: null,
            throttleStatus: { maximumAvailable: 50, currentlyAvailable: 10, restoreRate: 10 },
          },
        },
      });
    }

    // The bucket restores on the dev store's clock (fixed in this test), so only advancing it lets the app through.
    expect((await harness.control("POST", "/clock/advance", { seconds: 1 })).status).toBe(200);
    const recovered = await harness.graphql(token, query);
    expect(recovered.body.errors).toBeUndefined();
    expect(recovered.body.data.productVariants.nodes).toHaveLength(2);
    expect(recovered.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(16);
  });

  it("serves without limit when rate limiting is disabled through the control API", async () => {
    harness = await startHarness({ devstore: { rateLimit: { restoreRate: 1, bucketSize: 10 } } });
    const token = await harness.install();
    await harness.control("POST", "/rate-limit", { enabled: false });
    for (let i = 0; i < 5; i++) {
      const res = await harness.graphql(token, "{ productVariants(first: 5) { nodes { id } } }");
      expect(res.body.errors).toBeUndefined();
    }
  });
});
