import { buildSchema } from "graphql";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { mintSessionToken } from "../auth/session-token.js";
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "../auth/token-exchange.js";
import { CostBucketLimiter } from "../throttle/leaky-bucket.js";
import { createAdminApi } from "./admin-api.js";
import { createDevStoreApp } from "./create-app.js";
import { fakeControlDeps } from "./fake-store.test-support.js";

function setup() {
  const installs: string[] = [];
  const app = createDevStoreApp({
    admin: {
      adminApi: createAdminApi({
        schema: buildSchema("type Query { a: Int }"),
        prepare: () => ({ errors: [] }),
        execute: async () => ({ data: {} }),
        limiter: new CostBucketLimiter({ restoreRate: 1, bucketSize: 1, enabled: true }, () => 0),
        versions: new Set(),
        shopForAccessToken: () => null,
      }),
      wallClock: Date.now,
      tokenExchange: {
        findApp: (k) =>
          k === "key" ? { apiKey: "key", apiSecret: "secret", scopes: ["read_orders"] } : undefined,
        install: (shop) => {
          installs.push(shop);
          return { accessToken: "shpat_x", scope: "read_orders" };
        },
      },
    },
    control: fakeControlDeps().deps,
    log: () => {},
  });
  return { http: request(app), installs };
}

const body = (subject: string) => ({
  client_id: "key",
  client_secret: "secret",
  grant_type: TOKEN_EXCHANGE_GRANT,
  subject_token: subject,
  subject_token_type: ID_TOKEN_TYPE,
  requested_token_type: OFFLINE_TOKEN_TYPE,
});

describe("POST /admin/oauth/access_token", () => {
  const token = () =>
    mintSessionToken({
      shop: "demo.myshopify.com",
      apiKey: "key",
      apiSecret: "secret",
      staffUserId: "1",
      nowMs: Date.now(),
    }).token;

  it("exchanges a session token (JSON body) for an offline token", async () => {
    const { http, installs } = setup();
    const res = await http.post("/admin/oauth/access_token").send(body(token()));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ access_token: "shpat_x", scope: "read_orders" });
    expect(installs).toEqual(["demo.myshopify.com"]);
  });

  it("accepts a form-encoded body", async () => {
    const { http } = setup();
    const res = await http.post("/admin/oauth/access_token").type("form").send(body(token()));
    expect(res.status).toBe(200);
  });

  it("refuses a forged session token with 400 invalid_subject_token", async () => {
    const { http, installs } = setup();
    const forged = mintSessionToken({
      shop: "demo.myshopify.com",
      apiKey: "key",
      apiSecret: "guess",
      staffUserId: "1",
      nowMs: Date.now(),
    }).token;
    const res = await http.post("/admin/oauth/access_token").send(body(forged));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: "invalid_subject_token",
      error_description: "Token exchange cannot be performed due to an invalid subject token.",
    });
    expect(installs).toEqual([]);
  });

  it("refuses a body that is not JSON as a client without credentials", async () => {
    const res = await setup()
      .http.post("/admin/oauth/access_token")
      .set("Content-Type", "application/json")
      .send("{x");
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("invalid_client");
  });
});
