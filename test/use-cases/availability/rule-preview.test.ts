import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../web/server/errors.js";
import { PREVIEW_LIMIT } from "../../../web/server/use-cases/availability/rule-preview.js";
import {
  SETTINGS,
  SHOP,
  createAvailabilityWorld,
  pid,
  product,
  variant,
  vid,
} from "../../support/availability.js";

describe("rule preview (a dry run of a rule before it is saved)", () => {
  it("lists the variants the rule would govern with the policy and storefront payload the sync would write", async () => {
    const w = createAvailabilityWorld();
    w.shopify.setStock(SHOP, vid(12), 0);
    const preview = await w.services.rulePreview(SHOP, {
      scope: { kind: "product", productId: pid(1) as never },
      priority: 0,
      settings: {
        ...SETTINGS,
        cap: 4,
        etaSource: { kind: "fixed", from: "2026-12-10" as never, to: "2026-12-10" as never },
      },
    });
    expect(preview.governed).toBe(3);
    expect(preview.released).toBe(0);
    expect(preview.conflict).toBeNull();
    expect(preview.variants.map((v) => v.variantId)).toEqual([vid(11), vid(12), vid(13)]);
    const soldOut = preview.variants.find((v) => v.variantId === vid(12))!;
    expect(soldOut).toMatchObject({
      productTitle: "Trail Boot",
      variantTitle: "Variant 12",
      sku: "SKU-12",
      takenFrom: null,
      stock: { tracked: true, available: 0 },
      policy: { current: "DENY", desired: "CONTINUE" },
      capacity: 4,
      // Restocked on the 10th, shipped one handling day later: what the shopper is told.
      availability: { state: "backorder", eta: { from: "2026-12-11", to: "2026-12-11", source: "fixed" } },
    });
    expect(preview.variants.find((v) => v.variantId === vid(11))!.availability.state).toBe("in_stock");
    // Nothing was written: no rule, no Shopify write, no sync asked for.
    expect(await w.repository.listRules(SHOP)).toEqual([]);
    expect(w.shopify.callsOf("updateInventoryPolicies")).toEqual([]);
    expect(w.requested).toEqual([]);
  });

  it("a more specific rule keeps its variants; a broader rule takes the rest from the rule it replaces", async () => {
    const w = createAvailabilityWorld();
    const variantRule = await w.services.rules.create(SHOP, {
      scope: { kind: "variant", variantId: vid(11) as never },
      priority: 0,
      settings: SETTINGS,
    });
    const vendorRule = await w.services.rules.create(SHOP, {
      scope: { kind: "vendor", vendor: "Ridgeway" },
      priority: 0,
      settings: SETTINGS,
    });
    const preview = await w.services.rulePreview(SHOP, {
      scope: { kind: "tag", tag: "boots" },
      priority: 0,
      settings: { ...SETTINGS, mode: "off" },
    });
    // Variant 11 stays with its variant rule; 12, 13 (boots) and 21 (boots too) move from the vendor rule.
    expect(preview.governed).toBe(3);
    expect(preview.variants.map((v) => [v.variantId, v.takenFrom])).toEqual([
      [vid(12), { ruleId: vendorRule.id, matchedBy: "vendor" }],
      [vid(13), { ruleId: vendorRule.id, matchedBy: "vendor" }],
      [vid(21), { ruleId: vendorRule.id, matchedBy: "vendor" }],
    ]);
    expect(preview.variants.every((v) => v.policy.desired === "DENY")).toBe(true);
    expect(variantRule.id).not.toBe(vendorRule.id);
  });

  it("editing a saved rule: the narrowed rule releases variants, and a scope another rule holds is a conflict", async () => {
    const w = createAvailabilityWorld();
    const shopRule = await w.services.rules.create(SHOP, {
      scope: { kind: "shop" },
      priority: 0,
      settings: SETTINGS,
    });
    const mugRule = await w.services.rules.create(SHOP, {
      scope: { kind: "vendor", vendor: "Acme" },
      priority: 0,
      settings: SETTINGS,
    });
    const narrowed = await w.services.rulePreview(
      SHOP,
      { scope: { kind: "product", productId: pid(2) as never }, priority: 0, settings: SETTINGS },
      { ruleId: shopRule.id },
    );
    expect(narrowed.governed).toBe(1);
    // 11, 12 and 13 lose the default; 31 was never its (the vendor rule is more specific).
    expect(narrowed.released).toBe(3);
    const clash = await w.services.rulePreview(
      SHOP,
      { scope: { kind: "vendor", vendor: " acme" }, priority: 0, settings: SETTINGS },
      { ruleId: shopRule.id },
    );
    expect(clash.conflict).toEqual({ ruleId: mugRule.id });
  });

  it("checks the rule as a whole first (every problem at once)", async () => {
    const w = createAvailabilityWorld();
    await expect(
      w.services.rulePreview(SHOP, {
        scope: { kind: "variant", variantId: "not-a-gid" as never },
        priority: 0,
        settings: {
          ...SETTINGS,
          etaSource: { kind: "fixed", from: "2026-12-10" as never, to: "2026-12-01" as never },
        },
      }),
    ).rejects.toThrow(ValidationError);
  });

  it(`evaluates at most ${PREVIEW_LIMIT} variants but counts them all`, async () => {
    const w = createAvailabilityWorld();
    const many = Array.from({ length: PREVIEW_LIMIT + 5 }, (_, i) => variant(1000 + i));
    w.shopify.seed(SHOP, [product(9, many, { title: "Socks" })]);
    const preview = await w.services.rulePreview(SHOP, {
      scope: { kind: "product", productId: pid(9) as never },
      priority: 0,
      settings: SETTINGS,
    });
    expect(preview.governed).toBe(PREVIEW_LIMIT + 5);
    expect(preview.variants).toHaveLength(PREVIEW_LIMIT);
  });
});
