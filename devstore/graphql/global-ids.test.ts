import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseGid, parseGlobalId, storeKey } from "../model/ids.js";
import { demoHarness } from "./harness.test-support.js";

/** Shopify's own sample products/update payload names this product: above 2^53, so a JavaScript number rounds it. */
const SAMPLE_PRODUCT = "gid://shopify/Product/788032119674292922";

describe("global ids are opaque, as in Shopify (https://shopify.dev/docs/api/usage/gids)", () => {
  it("answers null for a well-formed id the shop does not know, however large", async () => {
    const h = demoHarness();
    const d = await h.data(
      `query WaitwellProduct($id: ID!) { product(id: $id) { id } productVariant(id: "gid://shopify/ProductVariant/18446744073709551617") { id } }`,
      { id: SAMPLE_PRODUCT },
    );
    expect(d).toEqual({ product: null, productVariant: null });
    const n = await h.data(`{ nodes(ids: ["${SAMPLE_PRODUCT}", "gid://shopify/Order/abc-123"]) { id } }`);
    expect(n.nodes).toEqual([null, null]);
  });

  it("never rounds a large id onto an object the store has", async () => {
    const h = demoHarness();
    const real = `gid://shopify/ProductVariant/${h.state.variantList[0]!.id}`;
    const tail = real.slice(real.lastIndexOf("/") + 1);
    // 2^53 + 1 style: a tail with extra digits whose float rounds to… anything but itself names nothing.
    const near = `gid://shopify/ProductVariant/${tail}000000000`;
    const d = await h.data(
      `{ a: productVariant(id: "${real}") { id } b: productVariant(id: "${near}") { id } }`,
    );
    expect(d.a.id).toBe(real);
    expect(d.b).toBeNull();
    expect(storeKey("9007199254740993")).toBeNull();
    expect(storeKey("9007199254740991")).toBe(9007199254740991);
    expect(storeKey("0012")).toBeNull();
  });

  it("refuses a malformed literal id before anything runs, in graphql-ruby's words", async () => {
    const h = demoHarness();
    const result = await h.gql(`query WaitwellOrder { order(id: "1001") { id } }`);
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(result.errors![0]))).toEqual({
      message: "Invalid global id '1001'",
      locations: [{ line: 1, column: 29 }],
      path: ["query WaitwellOrder", "order", "id"],
      extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" },
    });
  });

  it("refuses a malformed id in a variable, naming where it sits", async () => {
    const h = demoHarness();
    const result = await h.gql(
      `mutation WaitwellTags($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { userErrors { message } } }`,
      { id: "788032119674292922", tags: ["x"] },
    );
    expect(result.data).toBeUndefined();
    expect(JSON.parse(JSON.stringify(result.errors))).toEqual([
      {
        message: "Variable $id of type ID! was provided invalid value",
        locations: [{ line: 1, column: 23 }],
        extensions: {
          code: "INVALID_VARIABLE",
          value: "788032119674292922",
          problems: [{ path: [], explanation: "Invalid global id '788032119674292922'" }],
        },
      },
    ]);
    const nested = await h.gql(
      `mutation WaitwellSet($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`,
      {
        m: [
          {
            ownerId: "gid://shopify/Product/1",
            namespace: "a",
            key: "b",
            value: "c",
            type: "single_line_text_field",
          },
          { ownerId: "Product/2", namespace: "a", key: "b", value: "c", type: "single_line_text_field" },
        ],
      },
    );
    expect(nested.errors![0]!.extensions).toMatchObject({
      code: "INVALID_VARIABLE",
      problems: [{ path: [1, "ownerId"], explanation: "Invalid global id 'Product/2'" }],
    });
  });

  it("the control API answers 404 for an id it does not know, however large", () => {
    const h = demoHarness();
    let status = 0;
    try {
      h.store.setVariantPolicy(h.shop, "gid://shopify/ProductVariant/788032119674292922", "CONTINUE");
    } catch (err) {
      status = (err as { status: number }).status;
    }
    expect(status).toBe(404);
  });

  it("parses ids as opaque strings: the tail is kept exactly as sent", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 30n }), (n) => {
        const value = `gid://shopify/Product/${n}`;
        const g = parseGlobalId(value);
        expect(g?.tail).toBe(String(n));
        const p = parseGid(value);
        // Either the exact key, or nothing: never a rounded neighbour.
        if (p) expect(BigInt(p.id)).toBe(n);
        else expect(n > BigInt(Number.MAX_SAFE_INTEGER) || String(n).length > 16).toBe(true);
      }),
    );
    expect(parseGlobalId("gid://shopify/InventoryLevel/1?inventory_item_id=2")?.params).toEqual({
      inventory_item_id: "2",
    });
    for (const bad of [
      "1001",
      "gid://shopify/Product/",
      "gid://shopify//1",
      "gid://other/Product/1",
      "Product/1",
    ])
      expect(parseGlobalId(bad)).toBeNull();
  });
});
