import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { buildClientSchema, buildSchema, parse, type GraphQLSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { actualQueryCost, requestedQueryCost } from "./query-cost.js";

const schema = buildSchema(`
  interface Node { id: ID! }
  type Shop { name: String! plan: Plan! primaryDomain: Domain }
  type Domain { host: String! }
  enum Plan { BASIC ADVANCED }
  type PageInfo { hasNextPage: Boolean! }
  type Product implements Node { id: ID! title: String! variants(first: Int, last: Int): VariantConnection! featured: Variant }
  type Variant implements Node { id: ID! sku: String product: Product! options: [Option!]! }
  type Option { name: String! }
  type VariantEdge { cursor: String! node: Variant! }
  type VariantConnection { edges: [VariantEdge!]! nodes: [Variant!]! pageInfo: PageInfo! }
  type ProductEdge { cursor: String! node: Product! }
  type ProductConnection { edges: [ProductEdge!]! nodes: [Product!]! pageInfo: PageInfo! }
  type Query {
    shop: Shop!
    products(first: Int, last: Int): ProductConnection!
    node(id: ID!): Node
    nodes(ids: [ID!]!): [Node]!
  }
  type Payload { product: Product }
  type Mutation { productUpdate(title: String): Payload tagsAdd(id: ID!): Payload }
`);

const cost = (query: string, variables: Record<string, unknown> = {}, s: GraphQLSchema = schema) =>
  requestedQueryCost(s, parse(query), undefined, variables);

describe("requestedQueryCost (Shopify's cost table)", () => {
  it.each([
    ["scalars on the query root are free", "{ __typename }", 0],
    ["an object costs 1, its scalars and enums 0", "{ shop { name plan } }", 1],
    ["nested objects add up", "{ shop { primaryDomain { host } } }", 2],
    ["a connection is 2 + first × one item", "{ products(first: 10) { edges { node { id title } } } }", 12],
    ["`nodes` on a connection prices like edges", "{ products(first: 10) { nodes { id } } }", 12],
    ["`last` sizes a connection too", "{ products(last: 5) { nodes { id } } }", 7],
    [
      "pageInfo and cursors ride on the base 2",
      "{ products(first: 3) { pageInfo { hasNextPage } edges { cursor node { id } } } }",
      5,
    ],
    [
      "nested connections multiply",
      "{ products(first: 10) { edges { node { variants(first: 5) { edges { node { sku } } } } } } }",
      2 + 10 * (1 + 2 + 5 * 1),
    ],
    [
      "a plain list of objects counts once",
      "{ products(first: 1) { nodes { featured { options { name } } } } }",
      2 + 1 * (1 + 1 + 1),
    ],
    ["nodes(ids:) counts every id", '{ nodes(ids: ["a", "b", "c"]) { id } }', 3],
    [
      "an interface field costs its dearest branch",
      '{ node(id: "x") { id ... on Variant { product { title } } ... on Product { title } } }',
      2,
    ],
    ["named fragments are expanded", "{ shop { ...S } } fragment S on Shop { primaryDomain { host } }", 2],
    ["a connection without first/last counts one item", "{ products { nodes { id } } }", 3],
    [
      "every mutation field costs 10",
      'mutation { productUpdate(title: "x") { product { id variants(first: 50) { nodes { id } } } } }',
      10,
    ],
    [
      "two mutation fields cost 20",
      'mutation { a: productUpdate(title: "x") { product { id } } tagsAdd(id: "1") { product { id } } }',
      20,
    ],
  ])("%s", (_name, query, expected) => {
    expect(cost(query)).toBe(expected);
  });

  it("reads first/last from variables", () => {
    expect(cost("query Q($n: Int) { products(first: $n) { nodes { id } } }", { n: 40 })).toBe(42);
  });
});

describe("actualQueryCost (priced on the data returned)", () => {
  const actual = (query: string, data: unknown) => actualQueryCost(schema, parse(query), undefined, {}, data);

  it("charges a connection for the items it returned, not the ones it asked for", () => {
    const query = "{ products(first: 50) { edges { node { id } } } }";
    expect(cost(query)).toBe(52);
    expect(actual(query, { products: { edges: [{ node: { id: "1" } }, { node: { id: "2" } }] } })).toBe(4);
  });

  it("charges nothing for an object that came back null", () => {
    expect(actual('{ node(id: "x") { id } }', { node: null })).toBe(0);
  });

  it("prices the branch of an interface that actually ran, following aliases", () => {
    const query = '{ n: node(id: "x") { id ... on Variant { product { title } } ... on Product { title } } }';
    expect(actual(query, { n: { id: "x", title: "T" } })).toBe(1);
    expect(actual(query, { n: { id: "x", product: { title: "T" } } })).toBe(2);
  });

  it("charges 10 per mutation field that ran", () => {
    expect(
      actual('mutation { productUpdate(title: "x") { product { id } } }', {
        productUpdate: { product: null },
      }),
    ).toBe(10);
  });
});

describe("on Shopify's Admin schema (2025-01, from @shopify/dev-mcp)", () => {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("@shopify/dev-mcp/package.json"));
  const admin = buildClientSchema(
    JSON.parse(gunzipSync(readFileSync(path.join(dir, "data/admin_schema_2025-01.json.gz"))).toString()).data,
  );

  it.each([
    ["{ shop { name } }", 1],
    ['{ productVariant(id: "gid://shopify/ProductVariant/1") { id inventoryPolicy inventoryQuantity } }', 1],
    ["{ products(first: 10) { edges { node { id title } } } }", 12],
    [
      '{ inventoryItem(id: "gid://shopify/InventoryItem/1") { inventoryLevels(first: 5) { nodes { quantities(names: ["available", "committed"]) { name quantity } } } } }',
      1 + 2 + 5 * (1 + 1),
    ],
    ['mutation { tagsAdd(id: "gid://shopify/Order/1", tags: ["a"]) { userErrors { message } } }', 10],
  ])("%s costs %i", (query, expected) => {
    expect(cost(query, {}, admin)).toBe(expected);
  });

  it("prices a page of orders with line items above Shopify's 1000-point ceiling", () => {
    const query = "{ orders(first: 250) { nodes { id lineItems(first: 10) { nodes { id } } } } }";
    expect(cost(query, {}, admin)).toBe(2 + 250 * (1 + 2 + 10));
  });
});
