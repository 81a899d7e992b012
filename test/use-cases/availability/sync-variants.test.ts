import { describe, expect, it } from "vitest";
import { ShopifyUserError } from "../../../web/server/errors.js";
import { parseAvailability } from "../../../web/server/domain/storefront/index.js";
import type { SellingRuleSettings } from "../../../web/server/domain/selling-rules/index.js";
import {
  SETTINGS,
  SHOP,
  pid,
  product,
  createAvailabilityWorld,
  variant,
  vid,
  type AvailabilityWorld,
} from "../../support/availability.js";

async function ruleFor(w: AvailabilityWorld, n: number, settings: Partial<SellingRuleSettings> = {}) {
  return w.services.rules.create(SHOP, {
    scope: { kind: "variant", variantId: vid(n) as never },
    priority: 0,
    settings: { ...SETTINGS, ...settings },
  });
}

const availability = (w: AvailabilityWorld, n: number) =>
  parseAvailability(w.shopify.metafield(SHOP, vid(n)));
const writes = (w: AvailabilityWorld) => ({
  policies: w.shopify.callsOf("updateInventoryPolicies").length,
  metafields: w.shopify.callsOf("setMetafields").length,
});

describe("syncing a variant to its rule", () => {
  it("opens backorders with the incoming date, shows it with substitutes, and writes nothing the second time", async () => {
    const w = createAvailabilityWorld();
    await ruleFor(w, 11, { cap: 5 });
    w.shopify.setStock(SHOP, vid(11), 0);
    w.shopify.setIncoming(SHOP, vid(11), [{ expectedAt: "2026-12-03T00:00:00Z", quantity: 10 }]);

    const report = await w.services.onVariantsChanged(SHOP, [vid(11)]);

    expect(report).toMatchObject({ evaluated: 1, metafieldCalls: 1, metafieldsWritten: 1 });
    expect(report.policyUpdates).toEqual([
      { productId: pid(1), variants: [{ id: vid(11), inventoryPolicy: "CONTINUE" }] },
    ]);
    expect(w.shopify.variant(SHOP, vid(11)).inventoryPolicy).toBe("CONTINUE");
    expect(availability(w, 11)).toEqual({
      v: 1,
      state: "backorder",
      // Arrives Thursday 3 Dec, ships one business day later.
      eta: { from: "2026-12-04", to: "2026-12-04", source: "incoming" },
      capacity: 5,
      substitutes: [
        {
          variantId: vid(12),
          productTitle: "Trail Boot",
          variantTitle: "Variant 12",
          url: "/products/product-1?variant=12",
          price: "100.00",
          reason: "same_product",
        },
        expect.objectContaining({ variantId: vid(13), reason: "same_product" }),
        expect.objectContaining({ variantId: vid(21), reason: "same_type", productTitle: "Hiking Shoe" }),
      ],
    });
    expect(await w.repository.variantSyncs(SHOP, [vid(11)])).toEqual([
      expect.objectContaining({ policy: "CONTINUE", availability: w.shopify.metafield(SHOP, vid(11)) }),
    ]);

    const before = writes(w);
    const again = await w.services.onVariantsChanged(SHOP, [vid(11)]);
    expect(again).toMatchObject({ evaluated: 1, policyUpdates: [], metafieldCalls: 0 });
    expect(writes(w)).toEqual(before);
  });

  it("gives a variant the same substitutes whether it is evaluated alone or with others", async () => {
    const payloadOf11 = async (evaluated: number[]) => {
      const w = createAvailabilityWorld();
      await w.services.catalog.refresh(SHOP);
      await ruleFor(w, 11, { cap: 5 });
      await ruleFor(w, 12);
      w.shopify.setStock(SHOP, vid(11), 0);
      // Variant 12 sold out since the catalog was read: only a live read knows.
      w.shopify.setStock(SHOP, vid(12), 0);
      await w.services.onVariantsChanged(SHOP, evaluated.map(vid));
      return availability(w, 11);
    };
    const alone = await payloadOf11([11]);
    expect(alone?.substitutes.map((s) => s.variantId)).toContain(vid(12));
    expect(await payloadOf11([11, 12])).toEqual(alone);
  });

  it("denies at the cap (sold out, no date), and opens again when stock comes back", async () => {
    const w = createAvailabilityWorld();
    await ruleFor(w, 11, {
      cap: 5,
      etaSource: { kind: "lead_time", minBusinessDays: 5, maxBusinessDays: 5 },
    });
    w.shopify.setStock(SHOP, vid(11), -2);
    await w.services.onVariantsChanged(SHOP, [vid(11)]);
    expect(w.shopify.variant(SHOP, vid(11)).inventoryPolicy).toBe("CONTINUE");
    // Five business days from Tuesday 24 Nov, plus one handling day.
    expect(availability(w, 11)).toMatchObject({
      state: "backorder",
      capacity: 3,
      eta: { from: "2026-12-02", to: "2026-12-02", source: "lead_time" },
    });

    w.shopify.setStock(SHOP, vid(11), -5);
    await w.services.onVariantsChanged(SHOP, [vid(11)]);
    expect(w.shopify.variant(SHOP, vid(11)).inventoryPolicy).toBe("DENY");
    expect(availability(w, 11)).toMatchObject({ state: "sold_out", eta: null, capacity: 0 });

    w.shopify.setStock(SHOP, vid(11), 4);
    await w.services.onVariantsChanged(SHOP, [vid(11)]);
    expect(w.shopify.variant(SHOP, vid(11)).inventoryPolicy).toBe("CONTINUE");
    expect(availability(w, 11)).toMatchObject({ state: "in_stock", eta: null, substitutes: [] });
  });

  it.each<[string, Partial<SellingRuleSettings>, unknown[], string]>([
    ["no ETA when one is required", { requireEta: true }, [], "no_eta"],
    [
      "an ETA beyond the maximum lead time",
      { maxLeadTimeDays: 7 },
      [{ expectedAt: "2026-12-10T00:00:00Z", quantity: 5 }],
      "eta_beyond_max_lead_time",
    ],
    ["mode off", { mode: "off" }, [], "mode_off"],
  ])("denies on %s", async (_name, settings, incoming, reason) => {
    const w = createAvailabilityWorld();
    w.shopify.variant(SHOP, vid(12)).inventoryPolicy = "CONTINUE";
    w.shopify.setStock(SHOP, vid(12), 0);
    w.shopify.setIncoming(SHOP, vid(12), incoming as never);
    await ruleFor(w, 12, settings);
    const [evaluation] = await w.services.syncVariants.evaluate(SHOP, [vid(12)]);
    expect(evaluation).toMatchObject({ policy: "DENY", reason, currentPolicy: "CONTINUE" });
    await w.services.onVariantsChanged(SHOP, [vid(12)]);
    expect(w.shopify.variant(SHOP, vid(12)).inventoryPolicy).toBe("DENY");
    expect(availability(w, 12)).toMatchObject({ state: "sold_out" });
  });

  it("takes dates from the supplier feed when the rule says so", async () => {
    const w = createAvailabilityWorld();
    await ruleFor(w, 11, { etaSource: { kind: "supplier_feed" }, handlingDays: 0 });
    w.shopify.setStock(SHOP, vid(11), -3);
    const result = await w.importCsv("sku,eta,quantity\nSKU-11,2026-12-07,2\nSKU-11,2026-12-14,\n", {
      filename: "feed.csv",
    });
    expect(result).toMatchObject({ status: "applied", rows: 2 });
    expect(w.requested).toContainEqual({ shop: SHOP, variantIds: [vid(11)] });
    await w.services.onVariantsChanged(SHOP, [vid(11)]);
    // Units 1–2 ride the 7 Dec batch; the fourth unit (3 wait) rides the open-ended 14 Dec one.
    expect(availability(w, 11)).toMatchObject({
      state: "backorder",
      eta: { from: "2026-12-14", to: "2026-12-14", source: "supplier_feed" },
    });
  });
});

describe("writes", () => {
  it("one productVariantsBulkUpdate per product, metafields in batches of at most 25", async () => {
    const w = createAvailabilityWorld();
    const many = Array.from({ length: 30 }, (_, i) => variant(100 + i, { available: 0 }));
    w.shopify.seed(SHOP, [product(5, many.slice(0, 20)), product(6, many.slice(20))]);
    await w.services.rules.create(SHOP, { scope: { kind: "shop" }, priority: 0, settings: SETTINGS });

    const report = await w.services.syncVariants.sync(SHOP, "all");

    expect(report.evaluated).toBe(30);
    expect(report.policyUpdates.map((u) => [u.productId, u.variants.length])).toEqual([
      [pid(5), 20],
      [pid(6), 10],
    ]);
    expect(w.shopify.callsOf("updateInventoryPolicies")).toHaveLength(2);
    const batches = w.shopify.callsOf("setMetafields").map((c) => (c.detail as unknown[]).length);
    expect(batches).toEqual([25, 5]);
  });

  it("a product Shopify refuses does not hold back the others, nor announce a policy it does not have", async () => {
    const w = createAvailabilityWorld();
    await w.services.rules.create(SHOP, {
      scope: { kind: "tag", tag: "boots" },
      priority: 0,
      settings: SETTINGS,
    });
    w.shopify.setStock(SHOP, vid(11), 0);
    w.shopify.setStock(SHOP, vid(21), 0);
    w.shopify.refuse.add(pid(1));

    await expect(w.services.syncVariants.sync(SHOP, "all")).rejects.toThrow(ShopifyUserError);
    expect(w.shopify.variant(SHOP, vid(21)).inventoryPolicy).toBe("CONTINUE");
    expect(availability(w, 21)).toMatchObject({ state: "backorder" });
    expect(w.shopify.metafield(SHOP, vid(11))).toBeNull();

    // The retry finishes the job and leaves what was already right alone.
    const retry = await w.services.syncVariants.sync(SHOP, "all");
    expect(retry.policyUpdates).toEqual([
      {
        productId: pid(1),
        variants: [
          { id: vid(11), inventoryPolicy: "CONTINUE" },
          { id: vid(12), inventoryPolicy: "CONTINUE" },
          { id: vid(13), inventoryPolicy: "CONTINUE" },
        ],
      },
    ]);
    expect(availability(w, 11)).toMatchObject({ state: "backorder" });
  });

  it("a variant whose rule is gone keeps its policy and its storefront data follows Shopify", async () => {
    const w = createAvailabilityWorld();
    const rule = await ruleFor(w, 11);
    w.shopify.setStock(SHOP, vid(11), 0);
    await w.services.onVariantsChanged(SHOP, [vid(11)]);
    expect(availability(w, 11)).toMatchObject({ state: "backorder" });

    await w.services.rules.remove(SHOP, rule.id);
    w.shopify.variant(SHOP, vid(11)).inventoryPolicy = "DENY"; // the merchant closes it by hand
    const report = await w.services.syncVariants.sync(SHOP, "all");
    expect(report.policyUpdates).toEqual([]);
    expect(w.shopify.variant(SHOP, vid(11)).inventoryPolicy).toBe("DENY");
    expect(availability(w, 11)).toMatchObject({ state: "sold_out", eta: null, capacity: null });
  });

  it("variants no rule governs are not touched, and evaluating them explains why", async () => {
    const w = createAvailabilityWorld();
    w.shopify.setStock(SHOP, vid(31), 0);
    const report = await w.services.syncVariants.sync(SHOP, "all");
    expect(report).toMatchObject({ evaluated: 0, policyUpdates: [], metafieldCalls: 0 });
    const [why] = await w.services.syncVariants.evaluate(SHOP, [vid(31)], { includeUnmanaged: true });
    expect(why).toMatchObject({ rule: null, reason: "no_rule", policy: null, currentPolicy: "DENY" });
  });

  it("reads a product the mirror does not know yet before deciding", async () => {
    const w = createAvailabilityWorld();
    await w.services.catalog.refresh(SHOP);
    w.shopify.seed(SHOP, [
      ...w.shopify["shops"].get(SHOP)!.products,
      product(9, [variant(91, { available: 0 })], { tags: ["new"] }),
    ]);
    await w.services.rules.create(SHOP, {
      scope: { kind: "tag", tag: "NEW" },
      priority: 0,
      settings: SETTINGS,
    });
    const report = await w.services.onVariantsChanged(SHOP, [vid(91)]);
    expect(report.policyUpdates).toEqual([
      { productId: pid(9), variants: [{ id: vid(91), inventoryPolicy: "CONTINUE" }] },
    ]);
    expect((await w.repository.listProducts(SHOP)).map((p) => p.productId)).toContain(pid(9));
  });
});

describe("ETAs of waiting lines", () => {
  const line = (n: number, waiting: number, minute: number) => ({
    lineItemId: `gid://shopify/LineItem/${n}`,
    orderId: `gid://shopify/Order/${n}`,
    variantId: vid(11),
    orderCreatedAt: new Date(Date.UTC(2026, 10, 20, 10, minute)),
    priority: null,
    waiting,
  });

  it("promises each line its place in the queue once, and records a slip when the date moves past it", async () => {
    const w = createAvailabilityWorld();
    await ruleFor(w, 11);
    w.shopify.setStock(SHOP, vid(11), -12);
    w.waitingLines.lines = [line(2, 6, 2), line(1, 6, 1)];
    w.shopify.setIncoming(SHOP, vid(11), [
      { expectedAt: "2026-12-03T00:00:00Z", quantity: 10 },
      { expectedAt: "2026-12-10T00:00:00Z", quantity: 10 },
    ]);

    const first = await w.services.onVariantsChanged(SHOP, [vid(11)]);
    expect(first).toMatchObject({ promisesCreated: 2, slips: 0 });
    const promised = await w.repository.linePromises(SHOP, [
      "gid://shopify/LineItem/1",
      "gid://shopify/LineItem/2",
    ]);
    // Line 1 (first order) rides the 3 Dec batch; line 2's units straddle both batches.
    expect(Object.fromEntries(promised.map((p) => [p.lineItemId, p.promised]))).toEqual({
      "gid://shopify/LineItem/1": { kind: "date", date: "2026-12-04", source: "incoming" },
      "gid://shopify/LineItem/2": { kind: "range", from: "2026-12-04", to: "2026-12-11", source: "incoming" },
    });

    // The supplier pushes most of the stock a week out.
    w.shopify.setIncoming(SHOP, vid(11), [
      { expectedAt: "2026-12-03T00:00:00Z", quantity: 4 },
      { expectedAt: "2026-12-17T00:00:00Z", quantity: 20 },
    ]);
    w.clock.advance(3_600_000);
    const moved = await w.services.onVariantsChanged(SHOP, [vid(11)]);
    expect(moved).toMatchObject({ promisesCreated: 0, slips: 2 });
    const slips = await w.repository.listSlips(SHOP, { limit: 10 });
    expect(slips.find((s) => s.lineItemId === "gid://shopify/LineItem/1")).toMatchObject({
      promised: { kind: "date", date: "2026-12-04" },
      revised: { kind: "range", from: "2026-12-04", to: "2026-12-18" },
      detectedAt: w.clock.now(),
    });
    const after = await w.repository.linePromises(SHOP, ["gid://shopify/LineItem/1"]);
    expect(after[0]).toMatchObject({
      promised: { kind: "date", date: "2026-12-04" },
      current: { kind: "range", to: "2026-12-18" },
    });

    // The same late date again is not a new slip; an earlier one is an improvement, not a slip.
    expect(await w.services.onVariantsChanged(SHOP, [vid(11)])).toMatchObject({ slips: 0 });
    w.shopify.setIncoming(SHOP, vid(11), [{ expectedAt: "2026-12-03T00:00:00Z", quantity: 20 }]);
    expect(await w.services.onVariantsChanged(SHOP, [vid(11)])).toMatchObject({ slips: 0 });
    expect(await w.repository.listSlips(SHOP, { limit: 10 })).toHaveLength(2);
    expect((await w.repository.linePromises(SHOP, ["gid://shopify/LineItem/2"]))[0]).toMatchObject({
      promised: { kind: "range", from: "2026-12-04", to: "2026-12-11" },
      current: { kind: "date", date: "2026-12-04" },
    });
  });

  it("counts the engine's waiting lines against the cap even before Shopify shows them oversold", async () => {
    const w = createAvailabilityWorld();
    await ruleFor(w, 11, { cap: 10 });
    w.shopify.setStock(SHOP, vid(11), 0);
    w.waitingLines.lines = [line(1, 6, 1), line(2, 4, 2)];
    await w.services.onVariantsChanged(SHOP, [vid(11)]);
    expect(w.shopify.variant(SHOP, vid(11)).inventoryPolicy).toBe("DENY");
  });

  it("staff priority goes first in the queue", async () => {
    const w = createAvailabilityWorld();
    await ruleFor(w, 11);
    w.shopify.setStock(SHOP, vid(11), -6);
    w.waitingLines.lines = [line(1, 3, 1), { ...line(2, 3, 2), priority: 1 }];
    w.shopify.setIncoming(SHOP, vid(11), [
      { expectedAt: "2026-12-03T00:00:00Z", quantity: 3 },
      { expectedAt: "2026-12-10T00:00:00Z", quantity: 3 },
    ]);
    const [evaluation] = await w.services.syncVariants.evaluate(SHOP, [vid(11)]);
    expect(evaluation?.lines.map((l) => [l.lineId, l.eta])).toEqual([
      ["gid://shopify/LineItem/2", { kind: "date", date: "2026-12-04", source: "incoming" }],
      ["gid://shopify/LineItem/1", { kind: "date", date: "2026-12-11", source: "incoming" }],
    ]);
  });
});
