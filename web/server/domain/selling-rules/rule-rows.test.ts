import { describe, expect, it } from "vitest";
import { ruleFromRow, ruleToRow, RULE_COLUMNS, type RuleRowInput } from "./rule-rows.js";

const base = { handlingDays: 1, maxLeadTimeDays: null, requireEta: false, cap: null } as const;

const RULES: [string, RuleRowInput][] = [
  [
    "variant, fixed date, cap",
    {
      scope: { kind: "variant", variantId: "gid://shopify/ProductVariant/11" as never },
      priority: 0,
      settings: {
        ...base,
        mode: "when_out_of_stock",
        cap: 5,
        etaSource: { kind: "fixed", from: "2026-12-10" as never, to: "2026-12-10" as never },
      },
    },
  ],
  [
    "product, date range",
    {
      scope: { kind: "product", productId: "gid://shopify/Product/1" as never },
      priority: 2,
      settings: {
        ...base,
        mode: "always",
        etaSource: { kind: "fixed", from: "2026-12-10" as never, to: "2026-12-20" as never },
      },
    },
  ],
  [
    "collection, lead time, max lead time, ETA required",
    {
      scope: { kind: "collection", collectionId: "gid://shopify/Collection/7" as never },
      priority: 1,
      settings: {
        ...base,
        mode: "when_out_of_stock",
        etaSource: { kind: "lead_time", minBusinessDays: 5, maxBusinessDays: 10 },
        handlingDays: 2,
        maxLeadTimeDays: 30,
        requireEta: true,
      },
    },
  ],
  [
    "tag, incoming",
    {
      scope: { kind: "tag", tag: "=cmd" },
      priority: 0,
      settings: { ...base, mode: "off", etaSource: { kind: "incoming" } },
    },
  ],
  [
    "vendor, supplier feed",
    {
      scope: { kind: "vendor", vendor: "Acme" },
      priority: 0,
      settings: { ...base, mode: "always", etaSource: { kind: "supplier_feed" } },
    },
  ],
  [
    "shop default",
    {
      scope: { kind: "shop" },
      priority: 0,
      settings: { ...base, mode: "when_out_of_stock", etaSource: { kind: "incoming" } },
    },
  ],
];

/** A row as the CSV gives it back: every cell a string. */
function asCells(rule: RuleRowInput): Record<string, string> {
  const row = ruleToRow(rule);
  return Object.fromEntries(RULE_COLUMNS.map((c) => [c, row[c] === null ? "" : String(row[c])]));
}

describe("rule rows", () => {
  it.each(RULES)("%s: a rule written as a row reads back as the same rule", (_name, rule) => {
    expect(ruleFromRow(asCells(rule))).toEqual({ ok: true, rule });
  });

  it("fills blank optional cells with the editor's defaults; a single fixed date needs no eta_to", () => {
    expect(
      ruleFromRow({ scope: "Shop", mode: "ALWAYS", eta_source: "fixed", eta_from: "2026-12-01" }),
    ).toEqual({
      ok: true,
      rule: {
        scope: { kind: "shop" },
        priority: 0,
        settings: {
          ...base,
          mode: "always",
          etaSource: { kind: "fixed", from: "2026-12-01", to: "2026-12-01" },
        },
      },
    });
  });

  it.each([
    [
      { scope: "aisle", mode: "off", eta_source: "incoming" },
      [["scope", /expected one of variant, product/]],
    ],
    [{ scope: "tag", mode: "off", eta_source: "incoming" }, [["target", /needs a target/]]],
    [{ scope: "shop", target: "x", mode: "off", eta_source: "incoming" }, [["target", /no target/]]],
    [
      { scope: "shop", mode: "maybe", eta_source: "soon" },
      [
        ["mode", /got "maybe"/],
        ["eta_source", /got "soon"/],
      ],
    ],
    [
      { scope: "shop", mode: "off", eta_source: "incoming", cap: "-1", priority: "x" },
      [
        ["cap", /whole number/],
        ["priority", /whole number/],
      ],
    ],
    [{ scope: "shop", mode: "off", eta_source: "fixed" }, [["eta_from", /needs a date/]]],
    [{ scope: "shop", mode: "off", eta_source: "lead_time" }, [["lead_time_min_days", /business days/]]],
    [
      { scope: "shop", mode: "off", eta_source: "incoming", require_eta: "perhaps" },
      [["require_eta", /true or false/]],
    ],
  ])("names every bad cell of a row: %j", (cells, expected) => {
    const result = ruleFromRow(cells);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.column).sort()).toEqual(expected.map(([c]) => c).sort());
    for (const [column, message] of expected) {
      expect(result.problems.find((p) => p.column === column)?.message).toMatch(message as RegExp);
    }
  });
});
