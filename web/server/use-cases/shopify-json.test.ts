import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import fc from "fast-check";
import { parseShopifyJson, quoteUnsafeIntegers } from "./shopify-json.js";

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

/** The character-by-character scan that quoteUnsafeIntegers replaced: the oracle of the property tests below. */
function quoteByCharacter(text: string): string {
  const number = (c: number) =>
    (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69;
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let j = i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        if (j === -1) return text;
        let slashes = 0;
        while (text.charCodeAt(j - 1 - slashes) === 92) slashes++;
        if (slashes % 2 === 0) break;
      }
      i = j;
      continue;
    }
    if (c !== 45 && (c < 48 || c > 57)) continue;
    let end = i + 1;
    while (end < text.length && number(text.charCodeAt(end))) end++;
    const token = text.slice(i, end);
    if (end - i >= 16 && /^-?(0|[1-9][0-9]*)$/.test(token) && !Number.isSafeInteger(Number(token))) {
      out += `${text.slice(from, i)}"${token}"`;
      from = end;
    }
    i = end - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

function parsed(text: string): { value: unknown } | "throws" {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return "throws";
  }
}

/** Digits around 2^53 and far past it, signs, decimals and exponents. */
const numberToken = fc.oneof(
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.bigInt({ min: 2n ** 53n - 3n, max: 2n ** 53n + 3n }).map(String),
  fc.integer().map(String),
  fc
    .tuple(fc.bigInt({ min: 0n, max: 2n ** 64n }), fc.constantFrom(".5", "e3", "E-2", ".0e+1"))
    .map(([n, s]) => `${n}${s}`),
);

/** JSON text with such tokens as values, digits in strings and keys, escaped quotes and any spacing. */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    numberToken,
    fc
      .oneof(fc.string(), numberToken, fc.constantFrom('a"1234567890123456789', "\\", '\\"'))
      .map((s) => JSON.stringify(s)),
    fc.constantFrom("true", "false", "null"),
    fc
      .array(tie("value"), { maxLength: 4 })
      .chain((items) =>
        fc.constantFrom("", " ", "\n  ").map((gap) => `[${gap}${items.join(`,${gap}`)}${gap}]`),
      ),
    fc
      .array(fc.tuple(fc.oneof(fc.string(), numberToken), tie("value")), { maxLength: 4 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(", ")}}`),
  ),
})).value;

/** Fragments in any order: mostly not JSON, for the scanner's corners (unterminated strings, stray signs). */
const soup = fc
  .array(
    fc.oneof(
      numberToken,
      fc.constantFrom(
        '"',
        '\\"',
        "\\",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "e",
        "E",
        ".",
        "+",
        "-",
        "true",
        "x",
      ),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(""));

describe("quoteUnsafeIntegers", () => {
  it("quotes exactly what the character-by-character scan quotes, in JSON", () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        expect(parsed(text)).not.toBe("throws");
        expect(quoteUnsafeIntegers(text)).toBe(quoteByCharacter(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("parses to what the character-by-character scan parses to, or both refuse, on any text", () => {
    fc.assert(
      fc.property(soup, (text) => {
        expect(parsed(quoteUnsafeIntegers(text))).toEqual(parsed(quoteByCharacter(text)));
      }),
      { numRuns: 5000 },
    );
  });

  it("keeps every integer of a body exact: the unsafe ones as their digits", () => {
    const big = fc.bigInt({ min: 0n, max: 2n ** 64n });
    fc.assert(
      fc.property(fc.array(big, { minLength: 1, maxLength: 5 }), fc.string(), (ids, note) => {
        const text = `{"note": ${JSON.stringify(note)}, "ids": [${ids.join(", ")}], "gid": "gid://shopify/Order/${ids[0]}"}`;
        const value = parseShopifyJson(text) as { ids: unknown[]; gid: string };
        expect(value.ids).toEqual(
          ids.map((id) => (id > BigInt(Number.MAX_SAFE_INTEGER) ? String(id) : Number(id))),
        );
        expect(value.gid).toBe(`gid://shopify/Order/${ids[0]}`);
      }),
    );
  });
});
