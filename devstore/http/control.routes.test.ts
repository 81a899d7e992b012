import request from "supertest";
import { describe, expect, it } from "vitest";
import { verifyHs256 } from "../auth/jwt.js";
import { DevStoreError } from "../model/errors.js";
import { CostBucketLimiter } from "../throttle/leaky-bucket.js";
import type { DeliveryRecord } from "../webhooks/dispatcher.js";
import { createAdminApi } from "./admin-api.js";
import { createDevStoreApp } from "./create-app.js";
import { fakeControlDeps } from "./fake-store.test-support.js";
import { buildSchema } from "graphql";

function setup(opts: Parameters<typeof fakeControlDeps>[0] = {}) {
  const fake = fakeControlDeps(opts);
  const adminApi = createAdminApi({
    schema: buildSchema("type Query { a: Int }"),
    prepare: () => ({ errors: [] }),
    execute: async () => ({ data: {} }),
    limiter: new CostBucketLimiter({ restoreRate: 1, bucketSize: 1, enabled: true }, () => 0),
    versions: new Set(),
    shopForAccessToken: () => null,
  });
  const app = createDevStoreApp({
    admin: {
      adminApi,
      wallClock: Date.now,
      tokenExchange: { findApp: () => undefined, install: () => ({ accessToken: "", scope: "" }) },
    },
    control: fake.deps,
    log: () => {},
  });
  return { ...fake, http: request(app) };
}

describe("control API", () => {
  it("places an order, turning numeric ids into GIDs and defaulting the only shop", async () => {
    const { http, calls } = setup();
    const res = await http.post("/_devstore/orders").send({
      lines: [
        { variantId: 4000000001, quantity: 2 },
        { variantId: "gid://shopify/ProductVariant/4000000002", quantity: 1 },
      ],
      customer: { email: "ada@example.com", firstName: "Ada" },
      channel: "pos",
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: "gid://shopify/Order/5000000001",
      name: "#1001",
      lineItems: [],
      fulfillmentOrders: [],
    });
    expect(calls).toEqual([
      {
        method: "placeOrder",
        args: [
          "demo.myshopify.com",
          {
            lines: [
              { variantId: "gid://shopify/ProductVariant/4000000001", quantity: 2 },
              { variantId: "gid://shopify/ProductVariant/4000000002", quantity: 1 },
            ],
            customer: { email: "ada@example.com", firstName: "Ada" },
            channel: "pos",
          },
        ],
      },
    ]);
  });

  it.each([
    ["no lines", { lines: [] }, /lines: an order needs at least one line/],
    ["a zero quantity", { lines: [{ variantId: "1", quantity: 0 }] }, /lines\.0\.quantity/],
    ["an unknown channel", { lines: [{ variantId: "1", quantity: 1 }], channel: "web" }, /channel/],
    [
      "a malformed shop",
      { shop: "demo", lines: [{ variantId: "1", quantity: 1 }] },
      /shop: expected \{name\}\.myshopify\.com/,
    ],
  ])("answers 400 naming the problem for %s", async (_name, body, message) => {
    const { http, calls } = setup();
    const res = await http.post("/_devstore/orders").send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(message);
    expect(calls).toEqual([]);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const res = await setup()
      .http.post("/_devstore/orders")
      .set("Content-Type", "application/json")
      .send("{oops");
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: "the body is not valid JSON" });
  });

  it("passes the store's refusal through with its status", async () => {
    const { http, refuseNext } = setup();
    refuseNext(new DevStoreError("Only 0 units of SKU-1 are available", 422));
    const res = await http.post("/_devstore/orders").send({ lines: [{ variantId: "1", quantity: 3 }] });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: "Only 0 units of SKU-1 are available" });
  });

  it("requires the shop when the dev store holds several", async () => {
    const { http } = setup({ shops: ["a.myshopify.com", "b.myshopify.com"] });
    const res = await http.post("/_devstore/stock/receive").send({ variantId: "1", quantity: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("shop is required (one of a.myshopify.com, b.myshopify.com)");
  });

  it.each([
    [
      "/_devstore/orders/5000000001/cancel",
      { restock: true, reason: "customer" },
      "cancelOrder",
      ["demo.myshopify.com", "gid://shopify/Order/5000000001", { restock: true, reason: "CUSTOMER" }],
    ],
    [
      "/_devstore/customers/6500000001/data-request",
      {},
      "requestCustomerData",
      ["demo.myshopify.com", "gid://shopify/Customer/6500000001"],
    ],
    [
      "/_devstore/customers/6500000001/redact",
      {},
      "redactCustomer",
      ["demo.myshopify.com", "gid://shopify/Customer/6500000001"],
    ],
    [
      "/_devstore/stock/receive",
      { variantId: "7", quantity: 5, locationId: 60000001 },
      "receiveStock",
      [
        "demo.myshopify.com",
        {
          variantId: "gid://shopify/ProductVariant/7",
          locationId: "gid://shopify/Location/60000001",
          quantity: 5,
        },
      ],
    ],
    [
      "/_devstore/incoming",
      { variantId: "7", quantity: 5, expectedAt: "2026-04-01" },
      "scheduleIncoming",
      [
        "demo.myshopify.com",
        { variantId: "gid://shopify/ProductVariant/7", quantity: 5, expectedAt: "2026-04-01" },
      ],
    ],
    [
      `/_devstore/incoming/${encodeURIComponent("gid://shopify/InventoryScheduledChange/1")}/receive`,
      {},
      "receiveIncoming",
      ["demo.myshopify.com", "gid://shopify/InventoryScheduledChange/1"],
    ],
    [
      "/_devstore/fulfill",
      { fulfillmentOrderId: "9", lines: [{ fulfillmentOrderLineItemId: "3", quantity: 1 }] },
      "fulfill",
      [
        "demo.myshopify.com",
        {
          fulfillmentOrderId: "gid://shopify/FulfillmentOrder/9",
          lines: [{ fulfillmentOrderLineItemId: "gid://shopify/FulfillmentOrderLineItem/3", quantity: 1 }],
        },
      ],
    ],
    [
      "/_devstore/variants/7/policy",
      { policy: "CONTINUE" },
      "setVariantPolicy",
      ["demo.myshopify.com", "gid://shopify/ProductVariant/7", "CONTINUE"],
    ],
    ["/_devstore/clock/advance", { days: 2, hours: 1 }, "advanceClock", [49 * 3600 * 1000]],
    ["/_devstore/apps/key/uninstall", {}, "uninstallApp", ["demo.myshopify.com", "key"]],
  ])("POST %s calls the store", async (path, body, method, args) => {
    const { http, calls } = setup();
    const res = await http.post(path).send(body);
    expect(res.status).toBeLessThan(300);
    expect(calls).toEqual([{ method, args }]);
  });

  it("seeds from a catalog and refuses one without locations", async () => {
    const { http } = setup();
    const catalog = {
      shop: { domain: "new.myshopify.com", name: "New" },
      locations: [{ name: "W" }],
      products: [{ title: "T", variants: [{ title: "D", price: "1.00" }] }],
    };
    expect((await http.post("/_devstore/seed").send(catalog)).body).toEqual({ shop: "new.myshopify.com" });
    const bad = await http.post("/_devstore/seed").send({ ...catalog, locations: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^locations:/);
  });

  it("refuses an unknown app for uninstall with 404", async () => {
    const res = await setup().http.post("/_devstore/apps/nope/uninstall").send({});
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: "unknown app nope" });
  });

  it("mints a session token for the staff user, signed with the app secret", async () => {
    const { http } = setup();
    const res = await http.post("/_devstore/session-token").send({ shop: "demo.myshopify.com" });
    expect(res.status).toBe(201);
    const verified = verifyHs256(res.body.token, "secret", {
      nowSeconds: Date.parse("2026-03-01T00:00:00Z") / 1000,
    });
    expect(verified).toMatchObject({
      valid: true,
      claims: { aud: "key", sub: "1", dest: "https://demo.myshopify.com" },
    });
    expect((await http.post("/_devstore/session-token").send({ shop: "other.myshopify.com" })).status).toBe(
      404,
    );
  });

  it("configures faults and the rate limit, refusing unknown settings", async () => {
    const { http, deps } = setup();
    expect((await http.post("/_devstore/faults").send({ duplicate: 0.25, seed: 9 })).body).toMatchObject({
      duplicate: 0.25,
      seed: 9,
      drop: 0,
    });
    expect(deps.faults.config().duplicate).toBe(0.25);
    expect((await http.post("/_devstore/faults").send({ reset: true })).body).toMatchObject({ duplicate: 0 });
    expect((await http.post("/_devstore/faults").send({ duplicates: 1 })).status).toBe(400);
    expect((await http.post("/_devstore/faults").send({ drop: 2 })).status).toBe(400);

    expect(
      (await http.post("/_devstore/rate-limit").send({ restoreRate: 1000, bucketSize: 20000 })).body,
    ).toEqual({
      restoreRate: 1000,
      bucketSize: 20000,
      enabled: true,
    });
    expect((await http.get("/_devstore/rate-limit")).body.restoreRate).toBe(1000);
  });

  it("reads what each app + shop spent since the limits were set, filtered by shop", async () => {
    const { http, deps } = setup();
    deps.limiter.take("key|demo.myshopify.com", 40);
    deps.limiter.refund("key|demo.myshopify.com", 30);
    deps.limiter.take("key|other.myshopify.com", 7);
    const res = await http.get("/_devstore/rate-limit?shop=demo.myshopify.com");
    expect(res.body.usage).toEqual([
      {
        apiKey: "key",
        shop: "demo.myshopify.com",
        calls: 1,
        throttled: 0,
        requestedPoints: 40,
        actualPoints: 10,
      },
    ]);
  });

  it("reads the state of a shop and the filtered delivery log", async () => {
    const delivery = (topic: string, state: DeliveryRecord["state"]) =>
      ({ topic, state, shop: "demo.myshopify.com" }) as DeliveryRecord;
    const { http } = setup({
      deliveries: [
        delivery("orders/create", "delivered"),
        delivery("orders/create", "failed"),
        delivery("app/uninstalled", "delivered"),
      ],
    });
    expect((await http.get("/_devstore/state?shop=demo.myshopify.com")).body).toEqual({
      shop: "demo.myshopify.com",
    });
    expect(
      (await http.get("/_devstore/webhooks?topic=orders/create&state=failed")).body.deliveries,
    ).toHaveLength(1);
    expect(
      (await http.get("/_devstore/webhooks?limit=2")).body.deliveries.map((d: DeliveryRecord) => d.topic),
    ).toEqual(["orders/create", "app/uninstalled"]);
    expect((await http.get("/_devstore/webhooks?state=lost")).status).toBe(400);
  });

  it("answers unknown control routes with a 404 JSON error", async () => {
    const res = await setup().http.post("/_devstore/nothing").send({});
    expect(res.status).toBe(404);
    expect(res.body.error).toMatch(/no control route POST \/_devstore\/nothing/);
  });
});
