import { describe, expect, it } from "vitest";
import { storedGid, storedGids } from "./gid-column.js";

describe("storedGid", () => {
  it.each([
    { name: "a GID of the column's resource", resource: "Order", value: "gid://shopify/Order/1", ok: true },
    {
      name: "a 64-bit id",
      resource: "Location",
      value: "gid://shopify/Location/18446744073709551615",
      ok: true,
    },
    { name: "another resource", resource: "Order", value: "gid://shopify/LineItem/1", ok: false },
    { name: "a bare number", resource: "Order", value: "1", ok: false },
    { name: "an empty column", resource: "Order", value: "", ok: false },
  ])("$name", ({ resource, value, ok }) => {
    if (ok) expect(storedGid(resource, value)).toBe(value);
    else expect(() => storedGid(resource, value, "BackorderLine.orderId")).toThrow(/BackorderLine\.orderId/);
  });

  it("checks every element of a JSON array column", () => {
    expect(
      storedGids("Collection", ["gid://shopify/Collection/1", "gid://shopify/Collection/2"]),
    ).toHaveLength(2);
    expect(() => storedGids("Collection", ["gid://shopify/Collection/1", "gid://shopify/Product/2"])).toThrow(
      /Collection/,
    );
  });
});
