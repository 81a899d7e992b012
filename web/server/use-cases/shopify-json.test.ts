import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { parseShopifyJson } from "./shopify-json.js";

describe("parseShopifyJson", () => {
  it.each([
    ["an id past 2^53", '{"id":820982911946154508}', { id: "820982911946154508" }],
    ["a negative unsafe integer", "[-9007199254740993]", ["-9007199254740993"]],
    ["safe integers as numbers", '{"a":9007199254740991,"b":-3,"c":0}', { a: 9007199254740991, b: -3, c: 0 }],
    [
      "decimals and exponents as numbers",
      '{"p":"1.5","q":12345678901234567.5,"r":1e21}',
      { p: "1.5", q: Number("12345678901234567.5"), r: 1e21 },
    ],
    [
      "digits inside strings",
      '{"s":"820982911946154508","t":"a\\"820982911946154508"}',
      { s: "820982911946154508", t: 'a"820982911946154508' },
    ],
    [
      "nested arrays",
      '{"orders":[299938, 820982911946154508 ,1]}',
      { orders: [299938, "820982911946154508", 1] },
    ],
    [
      "unicode around numbers",
      '{"n":"Grüße 🚚","id":271878346596884015}',
      { n: "Grüße 🚚", id: "271878346596884015" },
    ],
  ])("keeps %s exact", (_name, text, expected) => {
    expect(parseShopifyJson(text)).toEqual(expected);
  });

  it.each([["{"], ["not json"], [""], ['{"id":0123456789012345678}'], ['{"id":820982911946154508']])(
    "rejects %j",
    (text) => {
      expect(() => parseShopifyJson(text)).toThrow(ValidationError);
    },
  );
});
