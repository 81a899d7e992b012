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

describe("parseRequest and text no database can store", () => {
  const schema = z.object({ tag: z.string(), list: z.array(z.string()).optional() });

  it.each([
    ["a NUL character", { tag: "a\u0000b" }, "tag"],
    ["an unpaired high surrogate", { tag: "\ud800" }, "tag"],
    ["an unpaired low surrogate", { tag: "x\udc00" }, "tag"],
    ["a high surrogate before a non-surrogate", { tag: "\ud83dx" }, "tag"],
    ["one deep in an array", { tag: "ok", list: ["fine", "\ud800"] }, "list.1"],
    ["a key", { tag: "ok", ["k\u0000"]: 1 }, "k\u0000"],
  ])("refuses %s with a 400 naming the field", (_name, value, field) => {
    let thrown: unknown;
    try {
      parseRequest(schema, value, "body");
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).message).toBe(
      `Invalid body: ${field}: text with a NUL character or an unpaired UTF-16 surrogate`,
    );
  });

  it("takes emoji (surrogate pairs), other scripts and right-to-left marks", () => {
    const tag = "😀 Grüße ‮ שלום 🇫🇷";
    expect(parseRequest(schema, { tag }, "body")).toEqual({ tag });
  });

  it("walks a deeply nested body without overflowing the stack", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => parseRequest(z.unknown(), deep, "body")).toThrow(
      "Invalid body: 0.0.0.0.0.0.0.0.…: text with a NUL character or an unpaired UTF-16 surrogate",
    );
  });
});
