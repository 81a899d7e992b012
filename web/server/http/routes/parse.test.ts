import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "../../errors.js";
import { gidParam, parseRequest } from "./parse.js";

describe("gidParam", () => {
  it.each([
    {
      name: "a GID",
      resource: "Order",
      value: "gid://shopify/Order/450789469",
      out: "gid://shopify/Order/450789469",
    },
    { name: "a bare numeric id", resource: "LineItem", value: "17", out: "gid://shopify/LineItem/17" },
    {
      name: "a 64-bit id, kept exact",
      resource: "ProductVariant",
      value: "18446744073709551615",
      out: "gid://shopify/ProductVariant/18446744073709551615",
    },
    {
      name: "another resource's GID",
      resource: "ProductVariant",
      value: "gid://shopify/Product/1",
      out: null,
    },
    { name: "a leading zero", resource: "Order", value: "01", out: null },
    { name: "zero", resource: "Order", value: "0", out: null },
    { name: "21 digits", resource: "Order", value: "123456789012345678901", out: null },
    { name: "letters", resource: "Order", value: "abc", out: null },
    { name: "an empty string", resource: "Order", value: "", out: null },
    { name: "a query string after the id", resource: "Order", value: "gid://shopify/Order/1?x=1", out: null },
    { name: "a trailing slash", resource: "Order", value: "gid://shopify/Order/1/", out: null },
    { name: "a JS number", resource: "Order", value: 1, out: null },
    { name: "too long", resource: "Order", value: `gid://shopify/Order/${"9".repeat(120)}`, out: null },
  ])("$name", ({ resource, value, out }) => {
    const result = gidParam(resource).safeParse(value);
    if (out === null) expect(result.success).toBe(false);
    else expect(result).toEqual({ success: true, data: out });
  });

  it("names the field and what it expected in the 400", () => {
    const schema = z.object({ orderId: gidParam("Order") });
    expect(() => parseRequest(schema, { orderId: "gid://shopify/Customer/1" }, "query")).toThrow(
      ValidationError,
    );
    expect(() => parseRequest(schema, { orderId: "gid://shopify/Customer/1" }, "query")).toThrow(
      "Invalid query: orderId: expected a gid://shopify/Order/<id> or its numeric id",
    );
  });
});
