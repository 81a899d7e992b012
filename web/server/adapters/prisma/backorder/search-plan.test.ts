import { describe, expect, it } from "vitest";
import { planSearch, sampleOf, trigramHashes } from "./search-plan.js";

/** Lines as a shop of 2,000 variants stores them: every text starts "sku-0", most SKUs "sku-00". */
const lineTexts = Array.from({ length: 2000 }, (_, i) => {
  const v = i + 1;
  return `sku-${String(v).padStart(5, "0")} | product ${Math.floor(v / 4)} | size ${v % 4}`;
});
/** Orders: "#1001 | customer 17 | customer17@example.com", 5,000 customers. */
const orderTexts = Array.from(
  { length: 2000 },
  (_, i) => `#${1001 + i} | customer ${1 + ((i * 31) % 5000)} | customer${1 + ((i * 31) % 5000)}@example.com`,
);
/** The sample of a million-row table of those texts. */
const lines = sampleOf(lineTexts, 1_000_000);
const orders = sampleOf(orderTexts, 500_000);
const LIMIT = 10_000;

describe("the list search's plan", () => {
  it.each([
    // term, table, SQLite's parts, PostgreSQL's parts
    ["sku-00123", lines, ["00123"], ["00123"]],
    // The space is held by the trigram "r 4", common; pg_trgm would read it as "a word starts with 4".
    ["customer 4242", orders, [" 4242"], ["4242"]],
    // Quotes, percent and underscore are text like any other (list-search.ts quotes them for FTS5 and LIKE);
    // pg_trgm only indexes letters and digits.
    ['50% "off"_x', lines, ['50% "'], ["off"]],
    // Unknown to the sample: its first three trigrams, which no sampled row holds.
    ["teapot", lines, ["teapo"], ["teapo"]],
  ])("asks the index for the rarest part of %j", (term, sample, any, word) => {
    expect(planSearch(sample, term, LIMIT, "any")).toEqual({ kind: "index", parts: any });
    expect(planSearch(sample, term, LIMIT, "word")).toEqual({ kind: "index", parts: word });
  });

  it("walks the sort index for a term many rows hold", () => {
    // "product 1" is in 1 row of 5 (products 1, 10–19, 100–199, 1000+ of 500): 200,000 rows.
    expect(planSearch(lines, "product 1", LIMIT, "any")).toEqual({ kind: "scan" });
    expect(planSearch(lines, "sku-0", LIMIT, "word")).toEqual({ kind: "scan" });
    expect(planSearch(orders, "@example.com", LIMIT, "any")).toEqual({ kind: "scan" });
  });

  it("asks for the whole term when its trigrams are all common but it is rare", () => {
    // Every trigram of it is in most rows; the text never is (the SKU comes first).
    expect(planSearch(lines, "size 1 | sku", LIMIT, "word")).toEqual({
      kind: "index",
      parts: ["size 1 | sku"],
    });
  });

  it("walks for terms shorter than a trigram, and asks for anything in an empty table", () => {
    expect(planSearch(lines, "ab", LIMIT, "any")).toEqual({ kind: "scan" });
    expect(planSearch(sampleOf([], 0), "kettle", LIMIT, "any")).toEqual({ kind: "index", parts: ["kettl"] });
  });

  it("cuts trigrams by character, not by UTF-16 unit", () => {
    expect(trigramHashes("🫖ab")).toHaveLength(1);
    expect(trigramHashes("éclat")).toHaveLength(3);
    expect(planSearch(sampleOf([], 0), "🫖🫖x", LIMIT, "any")).toEqual({ kind: "index", parts: ["🫖🫖x"] });
  });
});
