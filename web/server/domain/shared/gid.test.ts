import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../errors.js";
import { compareDigits, compareGids, gidNumericId, parseGid, toGid } from "./gid.js";

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
