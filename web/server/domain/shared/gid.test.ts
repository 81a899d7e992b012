import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../errors.js";
import { compareDigits, compareGids, gidNumericId, isGid, parseGid, parseGids, toGid } from "./gid.js";

describe("parseGid", () => {
  it.each([
    { name: "an order", resource: "Order", value: "gid://shopify/Order/450789469", ok: true },
    {
      name: "a 64-bit id",
      resource: "LineItem",
      value: "gid://shopify/LineItem/18446744073709551615",
      ok: true,
    },
    { name: "another resource", resource: "Order", value: "gid://shopify/LineItem/1", ok: false },
    { name: "a bare number", resource: "Order", value: "450789469", ok: false },
    { name: "a JS number", resource: "Order", value: 450789469, ok: false },
    { name: "a leading zero", resource: "Order", value: "gid://shopify/Order/01", ok: false },
    { name: "a query string", resource: "Order", value: "gid://shopify/Order/1?x=1", ok: false },
  ])("$name", ({ resource, value, ok }) => {
    const run = () => parseGid(resource, value);
    if (ok) expect(run()).toBe(value);
    else expect(run).toThrow(ValidationError);
  });

  it("builds from a string or bigint id without rounding", () => {
    expect(toGid("Order", 9007199254740993n)).toBe("gid://shopify/Order/9007199254740993");
    expect(gidNumericId(toGid("Order", "9007199254740993"))).toBe("9007199254740993");
  });
});

describe("isGid", () => {
  it.each([
    { value: "gid://shopify/ProductVariant/1", resource: "ProductVariant", ok: true },
    { value: "gid://shopify/ProductVariant/1", resource: "Product", ok: false },
    { value: "gid://shopify/Product/1", resource: "ProductVariant", ok: false },
    { value: "gid://shopify/Collection/", resource: "Collection", ok: false },
    { value: "gid://shopify/Collection/1a", resource: "Collection", ok: false },
    { value: "gid://shopify/Collection/123456789012345678901", resource: "Collection", ok: false },
    { value: "GID://shopify/Collection/1", resource: "Collection", ok: false },
    { value: null, resource: "Collection", ok: false },
  ])("$value is a $resource GID: $ok", ({ value, resource, ok }) => {
    expect(isGid(resource, value)).toBe(ok);
  });
});

describe("parseGids", () => {
  it.each([
    { name: "all good", values: ["gid://shopify/Collection/1", "gid://shopify/Collection/2"], error: null },
    { name: "none", values: [], error: null },
    {
      name: "the second is another resource",
      values: ["gid://shopify/Collection/1", "gid://shopify/Product/2"],
      error: /^collections\.1: expected a gid:\/\/shopify\/Collection\/<id>/,
    },
  ])("$name", ({ values, error }) => {
    const run = () => parseGids("Collection", values, "collections");
    if (error === null) expect(run()).toEqual(values);
    else expect(run).toThrow(error);
  });
});

describe("compareGids", () => {
  it("orders by numeric id, beyond the precision of a JS number", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 64n }), fc.bigInt({ min: 1n, max: 2n ** 64n }), (a, b) => {
        const expected = a < b ? -1 : a > b ? 1 : 0;
        expect(Math.sign(compareGids(toGid("Order", a), toGid("Order", b)))).toBe(expected);
        expect(Math.sign(compareDigits(a.toString(), b.toString()))).toBe(expected);
      }),
    );
  });
});
