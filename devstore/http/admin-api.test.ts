import { buildSchema, execute, parse } from "graphql";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createDocumentCache } from "../graphql/execute.js";
import { CostBucketLimiter } from "../throttle/leaky-bucket.js";
import { createAdminApi, type AdminExecutor } from "./admin-api.js";
import { createDevStoreApp } from "./create-app.js";
import { fakeControlDeps } from "./fake-store.test-support.js";

const schema = buildSchema(`
  type Shop { name: String! }
  type Product { id: ID! title: String! }
  type ProductEdge { node: Product! }
  type ProductConnection { edges: [ProductEdge!]! }
  type Query { shop: Shop! products(first: Int): ProductConnection! }
  type Payload { ok: Boolean }
  type Mutation { touch: Payload }
`);

const TOKEN = "shpat_valid";

function setup(bucket = { restoreRate: 100, bucketSize: 2000, enabled: true }) {
  let now = 0;
  const limiter = new CostBucketLimiter(bucket, () => now);
  const calls: { shop: string; apiKey: string }[] = [];
  const executor: AdminExecutor = async (ctx, query, variables, operationName) => {
    calls.push(ctx);
    return execute({
      schema,
      document: parse(query),
      variableValues: variables,
      operationName,
      rootValue: {
        shop: { name: "Demo" },
        products: () => ({ edges: [{ node: { id: "1", title: "A" } }, { node: { id: "2", title: "B" } }] }),
        touch: { ok: true },
      },
    });
  };
  const adminApi = createAdminApi({
    schema,
    prepare: createDocumentCache(schema),
    execute: executor,
    limiter,
    versions: new Set(["2026-07"]),
    shopForAccessToken: (t) => (t === TOKEN ? { shop: "demo.myshopify.com", apiKey: "key" } : null),
  });
  const app = createDevStoreApp({
    admin: {
      adminApi,
      wallClock: Date.now,
      tokenExchange: { findApp: () => undefined, install: () => ({ accessToken: "", scope: "" }) },
    },
    control: fakeControlDeps().deps,
    log: () => {},
  });
  const gql = (body: unknown, token: string | null = TOKEN, version = "2026-07") => {
    const req = request(app)
      .post(`/admin/api/${version}/graphql.json`)
      .set("Content-Type", "application/json");
    if (token) req.set("X-Shopify-Access-Token", token);
    return req.send(typeof body === "string" ? body : JSON.stringify(body));
  };
  return { gql, app, calls, advance: (ms: number) => (now += ms) };
}

describe("POST /admin/api/:version/graphql.json", () => {
  it("runs the query for the token's shop and app and reports the cost", async () => {
    const { gql, calls } = setup();
    const res = await gql({ query: "query Shop { shop { name } }", operationName: "Shop" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: { shop: { name: "Demo" } },
      extensions: {
        cost: {
          requestedQueryCost: 1,
          actualQueryCost: 1,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 },
        },
      },
    });
    expect(calls).toEqual([{ shop: "demo.myshopify.com", apiKey: "key" }]);
  });

  it("refunds the difference between requested and actual cost", async () => {
    const { gql } = setup();
    const res = await gql({ query: "{ products(first: 50) { edges { node { id } } } }" });
    expect(res.body.extensions.cost).toEqual({
      requestedQueryCost: 52,
      actualQueryCost: 4,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1996, restoreRate: 100 },
    });
  });

  it("answers 404 for an API version it does not serve", async () => {
    const res = await setup().gql({ query: "{ shop { name } }" }, TOKEN, "2019-04");
    expect(res.status).toBe(404);
  });

  it.each([
    ["no token", null],
    ["an unknown token", "shpat_nope"],
  ])("answers 401 with Shopify's body for %s", async (_name, token) => {
    const res = await setup().gql({ query: "{ shop { name } }" }, token);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
    });
  });

  it.each([
    ["a body that is not JSON", "{nope"],
    ["a body without a query", { variables: {} }],
    ["variables that are not an object", { query: "{ shop { name } }", variables: [1] }],
  ])("answers 400 for %s", async (_name, body) => {
    const res = await setup().gql(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: { query: "Required parameter missing or invalid" } });
  });

  it("accepts a bare query sent as application/graphql", async () => {
    const { app } = setup();
    const res = await request(app)
      .post("/admin/api/2026-07/graphql.json")
      .set("X-Shopify-Access-Token", TOKEN)
      .set("Content-Type", "application/graphql")
      .send("{ shop { name } }");
    expect(res.body.data).toEqual({ shop: { name: "Demo" } });
  });

  it("rejects a field the schema lacks as Shopify words it, without running or charging", async () => {
    const { gql, calls } = setup();
    const res = await gql({ query: "{ shop { name backorderCount } }" });
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        message: "Field 'backorderCount' doesn't exist on type 'Shop'",
        locations: [{ line: 1, column: 15 }],
        extensions: { code: "undefinedField", typeName: "Shop", fieldName: "backorderCount" },
      }),
    ]);
    expect(res.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(2000);
    expect(calls).toHaveLength(0);
  });

  it("rejects an argument the schema lacks", async () => {
    const res = await setup().gql({
      query: "{ products(first: 1, sortKey: TITLE) { edges { node { id } } } }",
    });
    expect(res.body.errors[0]).toMatchObject({
      message: "Field 'products' doesn't accept argument 'sortKey'",
      extensions: { code: "argumentNotAccepted", argumentName: "sortKey" },
    });
  });

  it("reports a syntax error", async () => {
    const res = await setup().gql({ query: "{ shop { name }" });
    expect(res.status).toBe(200);
    expect(res.body.errors[0].message).toMatch(/^Parse error on "end of file"/);
  });

  it("refuses a query over 1000 points with MAX_COST_EXCEEDED", async () => {
    const { gql, calls } = setup();
    const res = await gql({ query: "{ products(first: 1000) { edges { node { id } } } }" });
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^Query cost is 1002, which exceeds the single query max cost limit \(1000\)\./,
        ),
        extensions: {
          code: "MAX_COST_EXCEEDED",
          cost: 1002,
          maxCost: 1000,
          documentation: "https://shopify.dev/api/usage/rate-limits",
        },
      }),
    ]);
    expect(res.body.extensions.cost.actualQueryCost).toBeNull();
    expect(calls).toHaveLength(0);
  });

  it("throttles a burst with Shopify's THROTTLED body and recovers as the clock restores points", async () => {
    const { gql, advance, calls } = setup({ restoreRate: 50, bucketSize: 100, enabled: true });
    const query = { query: "mutation { touch { ok } }" };
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await gql(query)).body.extensions.cost.throttleStatus.currentlyAvailable);
    expect(statuses).toEqual([90, 80, 70, 60, 50, 40, 30, 20, 10, 0]);

    const throttled = await gql(query);
    expect(throttled.status).toBe(200);
    expect(throttled.body).toEqual({
      errors: [
        {
          message: "Throttled",
          extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: 10,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 100, currentlyAvailable: 0, restoreRate: 50 },
        },
      },
    });
    expect(calls).toHaveLength(10);

    advance(200);
    expect((await gql(query)).body.data).toEqual({ touch: { ok: true } });
  });

  it("unknown routes answer 404", async () => {
    const res = await request(setup().app).get("/admin/api/2026-07/products.json");
    expect(res.status).toBe(404);
  });
});
