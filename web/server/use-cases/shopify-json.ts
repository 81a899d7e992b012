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
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Wraps unsafe integer literals in quotes. Only whole, valid integer tokens outside strings are touched. Strings are
 * skipped with indexOf (native) rather than character by character: this runs on every webhook at intake.
 */
function quoteUnsafeIntegers(text: string): string {
  let out = "";
  let from = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const close = closingQuote(text, i);
      if (close === -1) return text; // unterminated string: JSON.parse reports it
      i = close;
      continue;
    }
    if (c !== 45 && (c < 48 || c > 57)) continue;
    let end = i + 1;
    while (end < n && isNumberChar(text.charCodeAt(end))) end++;
    // 2^53 has 16 digits: shorter tokens are always safe.
    if (end - i >= 16) {
      const token = text.slice(i, end);
      if (INTEGER.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(from, i)}"${token}"`;
        from = end;
      }
    }
    i = end - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** The index of the quote that closes the string opening at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  let j = open;
  for (;;) {
    j = text.indexOf('"', j + 1);
    if (j === -1) return -1;
    let backslashes = 0;
    while (text.charCodeAt(j - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return j;
  }
}

/** - + . 0-9 e E */
function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69;
}
