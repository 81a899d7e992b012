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
/** 2^53 has 16 digits: an integer with fewer is always safe. */
const LONG_DIGITS = /[0-9]{16,}/g;
const BACKSLASH = 92;

/**
 * Wraps unsafe integer literals in quotes. Only whole, valid integer tokens outside strings are touched.
 *
 * This runs on every webhook at intake and in the worker, so it works from the runs of 16 or more digits (found by
 * the regex engine; most bodies have none) instead of walking the text character by character: it hops from string
 * to string (indexOf) only as far as the last run, to tell the runs inside strings from the numbers.
 */
export function quoteUnsafeIntegers(text: string): string {
  LONG_DIGITS.lastIndex = 0;
  let run = LONG_DIGITS.exec(text);
  if (run === null) return text;
  let out = "";
  let from = 0;
  /** Where the scan is, outside any string. */
  let at = 0;
  while (run !== null) {
    const start = run.index;
    // Skip the strings that open before the run; if one of them holds it, the run is text, not a number.
    let inString = false;
    for (;;) {
      const open = text.indexOf('"', at);
      if (open === -1 || open > start) break;
      const close = closingQuote(text, open);
      if (close === -1) return text; // unterminated string: JSON.parse reports it
      at = close + 1;
      if (close > start) {
        inString = true;
        break;
      }
    }
    if (!inString) {
      // The whole token: the number characters around the run.
      let first = start;
      while (first > at && isNumberChar(text.charCodeAt(first - 1))) first--;
      let end = start + run[0].length;
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
      const token = text.slice(first, end);
      if (INTEGER.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(from, first)}"${token}"`;
        from = end;
      }
      at = end;
    }
    LONG_DIGITS.lastIndex = Math.max(at, start + run[0].length);
    run = LONG_DIGITS.exec(text);
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
