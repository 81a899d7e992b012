import request from "supertest";
import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { CostBucketLimiter } from "../throttle/leaky-bucket.js";
import { createAdminApi } from "./admin-api.js";
import { createDevStoreApp } from "./create-app.js";
import { fakeControlDeps } from "./fake-store.test-support.js";

function setup() {
  const fake = fakeControlDeps();
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

describe("control API: what a checkout hands the order", () => {
  it("cart attributes (a map or key/value pairs) join note_attributes; the customer locale rides along", async () => {
    const { http, calls } = setup();
    const res = await http.post("/_devstore/orders").send({
      lines: [{ variantId: 4000000001, quantity: 1 }],
      noteAttributes: [{ name: "gift", value: "yes" }],
      attributes: { "I understand some items ship later": "true" },
      customerLocale: "de",
    });
    expect(res.status).toBe(201);
    expect(calls[0]!.args[1]).toEqual({
      lines: [{ variantId: "gid://shopify/ProductVariant/4000000001", quantity: 1 }],
      noteAttributes: [
        { name: "gift", value: "yes" },
        { name: "I understand some items ship later", value: "true" },
      ],
      customerLocale: "de",
    });
    const pairs = await http.post("/_devstore/orders").send({
      lines: [{ variantId: 4000000001, quantity: 1 }],
      attributes: [{ key: "waitwell_ack", value: "1" }],
    });
    expect(pairs.status).toBe(201);
    expect(calls[1]!.args[1]).toMatchObject({ noteAttributes: [{ name: "waitwell_ack", value: "1" }] });
  });

  it("refuses attributes that are not strings, naming the field", async () => {
    const { http } = setup();
    const res = await http
      .post("/_devstore/orders")
      .send({ lines: [{ variantId: 4000000001, quantity: 1 }], attributes: { a: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^attributes/);
  });
});
