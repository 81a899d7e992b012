import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSellingRuleResolver, resolveSellingRule } from "./resolve.js";
import { MUG, collectionId, productId, rule, variantId } from "./test-fixtures.js";
import type { SellingRule, ScopeKind } from "./types.js";

const ALL: SellingRule[] = [
  rule("shop", { kind: "shop" }),
  rule("vendor", { kind: "vendor", vendor: "acme" }),
  rule("tag", { kind: "tag", tag: "sale" }),
  rule("collection", { kind: "collection", collectionId: collectionId(100) }),
  rule("product", { kind: "product", productId: productId(1) }),
  rule("variant", { kind: "variant", variantId: variantId(11) }),
];

describe("resolveSellingRule: most specific wins", () => {
  it.each<[ScopeKind, string]>([
    ["variant", "variant"],
    ["product", "product"],
    ["collection", "collection"],
    ["tag", "tag"],
    ["vendor", "vendor"],
    ["shop", "shop"],
  ])("with every rule from the %s down, the %s rule applies", (kind) => {
    const from = ALL.findIndex((r) => r.scope.kind === kind);
    const resolved = resolveSellingRule(ALL.slice(0, from + 1), MUG);
    expect(resolved?.rule.id).toBe(kind);
    expect(resolved?.matchedBy).toBe(kind);
  });

  it("lists every matching rule, winner first, for the admin's explanation", () => {
    expect(resolveSellingRule(ALL, MUG)?.candidates.map((r) => r.id)).toEqual([
      "variant",
      "product",
      "collection",
      "tag",
      "vendor",
      "shop",
    ]);
  });

  it.each<[string, SellingRule[]]>([
    ["another variant's rule", [rule("x", { kind: "variant", variantId: variantId(12) })]],
    ["another product's rule", [rule("x", { kind: "product", productId: productId(2) })]],
    [
      "a collection the product is not in",
      [rule("x", { kind: "collection", collectionId: collectionId(300) })],
    ],
    ["a tag the product lacks", [rule("x", { kind: "tag", tag: "clearance" })]],
    ["another vendor", [rule("x", { kind: "vendor", vendor: "Globex" })]],
    ["no rules at all", []],
  ])("%s does not apply: the variant is unmanaged (null)", (_name, rules) => {
    expect(resolveSellingRule(rules, MUG)).toBeNull();
  });

  it("matches tags and vendors trimmed and case-insensitively", () => {
    expect(resolveSellingRule([rule("t", { kind: "tag", tag: "  SALE " })], MUG)?.rule.id).toBe("t");
    expect(resolveSellingRule([rule("v", { kind: "vendor", vendor: "ACME" })], MUG)?.rule.id).toBe("v");
  });
});

describe("resolveSellingRule: ties within one scope kind", () => {
  it.each<[string, SellingRule[], string]>([
    [
      "two collections: the lower priority number wins",
      [
        rule("c100", { kind: "collection", collectionId: collectionId(100) }, { priority: 5 }),
        rule("c200", { kind: "collection", collectionId: collectionId(200) }, { priority: 1 }),
      ],
      "c200",
    ],
    [
      "two tags at the same priority: the most recently updated wins",
      [
        rule("sale", { kind: "tag", tag: "Sale" }, { updatedAt: "2026-11-02T00:00:00Z" }),
        rule("mugs", { kind: "tag", tag: "Mugs" }, { updatedAt: "2026-11-03T00:00:00Z" }),
      ],
      "mugs",
    ],
    [
      "update times compared as instants, not strings",
      [
        rule("a", { kind: "tag", tag: "Sale" }, { updatedAt: "2026-11-02T23:00:00-05:00" }),
        rule("b", { kind: "tag", tag: "Mugs" }, { updatedAt: "2026-11-03T01:00:00Z" }),
      ],
      "a",
    ],
    [
      "same priority and time: the smallest id wins",
      [
        rule("r2", { kind: "collection", collectionId: collectionId(200) }),
        rule("r1", { kind: "collection", collectionId: collectionId(100) }),
      ],
      "r1",
    ],
    [
      "priority never lets a less specific scope win",
      [
        rule("shop", { kind: "shop" }, { priority: 0 }),
        rule("vendor", { kind: "vendor", vendor: "Acme" }, { priority: 99 }),
      ],
      "vendor",
    ],
  ])("%s", (_name, rules, expected) => {
    expect(resolveSellingRule(rules, MUG)?.rule.id).toBe(expected);
  });
});

describe("properties", () => {
  const arbRule = fc
    .record({
      id: fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"),
      scope: fc.oneof(
        fc.constant({ kind: "shop" as const }),
        fc.constantFrom("Acme", "Globex").map((vendor) => ({ kind: "vendor" as const, vendor })),
        fc.constantFrom("sale", "Mugs", "other").map((tag) => ({ kind: "tag" as const, tag })),
        fc
          .constantFrom(100, 200, 300)
          .map((n) => ({ kind: "collection" as const, collectionId: collectionId(n) })),
        fc.constantFrom(1, 2).map((n) => ({ kind: "product" as const, productId: productId(n) })),
        fc.constantFrom(11, 12).map((n) => ({ kind: "variant" as const, variantId: variantId(n) })),
      ),
      priority: fc.nat(3),
      minute: fc.nat(5),
    })
    .map(({ id, scope, priority, minute }) =>
      rule(id, scope, { priority, updatedAt: `2026-11-01T00:0${minute}:00Z` }),
    );
  const arbRules = fc.uniqueArray(arbRule, { selector: (r) => r.id, maxLength: 8 });

  it("the winner does not depend on the order rules are stored in", () => {
    fc.assert(
      fc.property(arbRules, fc.func(fc.integer()), (rules, key) => {
        const shuffled = [...rules].sort((a, b) => key(a.id) - key(b.id) || (a.id < b.id ? -1 : 1));
        expect(resolveSellingRule(shuffled, MUG)?.candidates.map((r) => r.id)).toEqual(
          resolveSellingRule(rules, MUG)?.candidates.map((r) => r.id),
        );
      }),
    );
  });

  it("removing a rule that lost never changes the winner; a resolver built once agrees with one-off resolution", () => {
    fc.assert(
      fc.property(arbRules, (rules) => {
        const resolved = createSellingRuleResolver(rules)(MUG);
        expect(resolved).toEqual(resolveSellingRule(rules, MUG));
        if (!resolved) return;
        for (const loser of resolved.candidates.slice(1)) {
          expect(
            resolveSellingRule(
              rules.filter((r) => r !== loser),
              MUG,
            )?.rule,
          ).toBe(resolved.rule);
        }
        expect(resolved.rule.scope.kind).toBe(resolved.matchedBy);
      }),
    );
  });
});
