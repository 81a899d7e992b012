import { ValidationError } from "../errors.js";

/**
 * JSON.parse for Shopify payloads that keeps 64-bit ids exact. REST-style webhook bodies carry ids such as
 * 820982911946154508, which `JSON.parse` rounds to 820982911946154500 (https://shopify.dev/docs/api/usage/gids).
 * Integer literals beyond Number.MAX_SAFE_INTEGER come back as strings of digits; everything else is untouched.
 * Throws ValidationError when the text is not JSON.
 */
export function parseShopifyJson(text: string): unknown {
  try {
    return JSON.parse(quoteUnsafeIntegers(text));
  } catch (cause) {
    throw new ValidationError("Body is not valid JSON", undefined, { cause });
  }
}

const INTEGER = /^-?(0|[1-9][0-9]*)$/;
const NUMBER_CHAR = /[-+0-9.eE]/;

/** Wraps unsafe integer literals in quotes. Only whole, valid integer tokens outside strings are touched. */
function quoteUnsafeIntegers(text: string): string {
  let out = "";
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      continue;
    }
    if (c !== "-" && (c < "0" || c > "9")) continue;
    let end = i;
    while (end < text.length && NUMBER_CHAR.test(text[end]!)) end++;
    const token = text.slice(i, end);
    if (INTEGER.test(token) && !Number.isSafeInteger(Number(token))) {
      out += `${text.slice(from, i)}"${token}"`;
      from = end;
    }
    i = end - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
