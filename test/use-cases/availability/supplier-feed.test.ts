import { describe, expect, it } from "vitest";
import { SHOP, product, availabilityWorld, variant, vid } from "../../support/availability.js";

describe("supplier feed import", () => {
  it("reads the catalog again once when a SKU is unknown: the product may be new since the last read", async () => {
    const w = availabilityWorld();
    await w.services.catalog.refresh(SHOP);
    w.shopify.seed(SHOP, [product(7, [variant(71, { sku: "NEW-71" })])]);
    const result = await w.services.supplierFeed.import(SHOP, {
      csv: "sku,eta\nNEW-71,2026-12-09\n",
      filename: null,
      dryRun: false,
    });
    expect(result).toMatchObject({ ok: true, matched: [{ variantId: vid(71), matchedBy: "sku" }] });
    expect(await w.repository.supplierEtas(SHOP, [vid(71)])).toEqual([
      expect.objectContaining({ expectedOn: "2026-12-09", quantity: null }),
    ]);
  });

  it("reads the catalog at most once per import, however many SKUs are unknown", async () => {
    const w = availabilityWorld();
    w.shopify.seed(SHOP, [product(1, [variant(11)])]);
    await w.services.catalog.refresh(SHOP);
    const before = w.shopify.callsOf("readCatalogPage").length;
    const csv = ["sku,eta", ...Array.from({ length: 40 }, (_, i) => `GONE-${i},2026-12-09`)].join("\n");
    const result = await w.services.supplierFeed.import(SHOP, { csv, filename: null, dryRun: true });
    expect(result).toMatchObject({ ok: false, matched: 0 });
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual(Array(40).fill("unknown_sku"));
    // One refresh (it may take several pages of one read), not one per unknown row.
    const pages = w.shopify.callsOf("readCatalogPage").slice(before);
    expect(pages.filter((c) => c.detail === null)).toHaveLength(1);
  });

  it("judges dates against the shop's today, in its time zone", async () => {
    const w = availabilityWorld();
    w.shopify.seed(SHOP, [product(1, [variant(11)])], "Pacific/Kiritimati"); // UTC+14: already 25 Nov there
    w.clock.set("2026-11-24T12:00:00Z");
    const result = await w.services.supplierFeed.import(SHOP, {
      csv: "sku,eta\nSKU-11,2026-11-24\n",
      filename: null,
      dryRun: true,
    });
    expect(result).toMatchObject({
      ok: false,
      errors: [{ row: 2, code: "date_in_past", message: "2026-11-24 is before today (2026-11-25)" }],
    });
  });
});
