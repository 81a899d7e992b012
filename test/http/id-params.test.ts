/**
 * Ids at the HTTP edge: every route parameter, query parameter or body field that names a Shopify resource goes
 * through one parser (gidParam), so a malformed id, or the id of another resource, is a 400 whose JSON names the
 * field, and the use case behind the route only ever receives a checked GID.
 */
import { describe, expect, it } from "vitest";
import { createAvailabilityApp } from "../support/availability.js";

const enc = encodeURIComponent;

describe("ids at the HTTP edge", () => {
  it.each([
    [
      "a variant id that is no id",
      "get",
      "/api/variants/abc/substitutes",
      undefined,
      /^Invalid params: variantId: /,
    ],
    [
      "a product GID where a variant is expected",
      "get",
      `/api/variants/${enc("gid://shopify/Product/1")}/availability`,
      undefined,
      /^Invalid params: variantId: expected a gid:\/\/shopify\/ProductVariant\/<id>/,
    ],
    [
      "a numeric id with a leading zero",
      "get",
      "/api/variants/012/substitutes/overview",
      undefined,
      /variantId/,
    ],
    [
      "a picked product instead of a variant",
      "put",
      "/api/variants/1/substitutes",
      { picks: ["gid://shopify/Product/2"] },
      /^Invalid body: picks\.0: expected a gid:\/\/shopify\/ProductVariant\/<id>/,
    ],
    [
      "an excluded product given as a variant",
      "put",
      "/api/variants/1/substitutes",
      { excludedProductIds: ["gid://shopify/ProductVariant/2"] },
      /^Invalid body: excludedProductIds\.0: expected a gid:\/\/shopify\/Product\/<id>/,
    ],
    [
      "a number where a GID string is expected",
      "put",
      "/api/variants/1/substitutes",
      { excludedVariantIds: [2] },
      /excludedVariantIds\.0/,
    ],
    [
      "a slip filter on an order id",
      "get",
      `/api/etas/slips?lineItemId=${enc("gid://shopify/Order/1")}`,
      undefined,
      /^Invalid query: lineItemId: expected a gid:\/\/shopify\/LineItem\/<id>/,
    ],
    [
      "a slip filter with a query string smuggled in",
      "get",
      `/api/etas/slips?lineItemId=${enc("gid://shopify/LineItem/1?x=1")}`,
      undefined,
      /lineItemId/,
    ],
  ] as const)("400 naming the field for %s", async (_name, method, url, body, message) => {
    const h = createAvailabilityApp();
    const req = method === "put" ? h.put(url).send(body) : h.get(url);
    const res = await req;
    expect(res.status).toBe(400);
    expect(res.type).toBe("application/json");
    expect(res.body.error.code).toBe("invalid_request");
    expect(res.body.error.message).toMatch(message);
  });

  it("accepts the bare numeric id and the GID alike, as the same variant", async () => {
    const h = createAvailabilityApp();
    const numeric = await h.get("/api/variants/1/substitutes");
    const gid = await h.get(`/api/variants/${enc("gid://shopify/ProductVariant/1")}/substitutes`);
    expect(numeric.status).not.toBe(400);
    expect(gid.status).toBe(numeric.status);
    expect(gid.body).toEqual(numeric.body);
  });

  it("answers the app proxy's malformed variant with a 400 naming it", async () => {
    const h = createAvailabilityApp();
    const res = await h.proxy({ variant: "gid://shopify/Product/1" });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/variant/);
  });
});
