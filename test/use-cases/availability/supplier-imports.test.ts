import { describe, expect, it } from "vitest";
import { LimitExceededError } from "../../../web/server/errors.js";
import type { SellingRuleSettings } from "../../../web/server/domain/selling-rules/index.js";
import {
  SETTINGS,
  SHOP,
  createAvailabilityWorld,
  product,
  variant,
  vid,
  type AvailabilityWorld,
} from "../../support/availability.js";

const rows = (n: number, row: (i: number) => string) =>
  ["sku,eta", ...Array.from({ length: n }, (_, i) => row(i))].join("\n");

describe("supplier feed import", () => {
  it("reads the catalog again once when a SKU is unknown: the product may be new since the last read", async () => {
    const w = createAvailabilityWorld();
    await w.services.catalog.refresh(SHOP);
    w.shopify.seed(SHOP, [product(7, [variant(71, { sku: "NEW-71" })])]);
    const run = await w.importCsv("sku,eta\nNEW-71,2026-12-09\n");
    expect(run).toMatchObject({ status: "applied", matched: 1, variants: 1, errorCount: 0 });
    expect(await w.repository.supplierEtas(SHOP, [vid(71)])).toEqual([
      expect.objectContaining({ expectedOn: "2026-12-09", quantity: null, importId: run.importId }),
    ]);
  });

  it("reads the catalog at most once per import, however many SKUs are unknown", async () => {
    const w = createAvailabilityWorld();
    w.shopify.seed(SHOP, [product(1, [variant(11)])]);
    await w.services.catalog.refresh(SHOP);
    const before = w.shopify.callsOf("readCatalogPage").length;
    const run = await w.importCsv(
      rows(40, (i) => `GONE-${i},2026-12-09`),
      { dryRun: true },
    );
    expect(run).toMatchObject({ status: "rejected", matched: 0, errorCount: 40 });
    expect(run.errors.map((e) => e.code)).toEqual(Array(40).fill("unknown_sku"));
    // One refresh (it may take several pages of one read), not one per unknown row.
    const pages = w.shopify.callsOf("readCatalogPage").slice(before);
    expect(pages.filter((c) => c.detail === null)).toHaveLength(1);
  });

  it("reads the catalog once, not twice, when the mirror is empty and a SKU is unknown (issue 11 item 10)", async () => {
    const w = createAvailabilityWorld();
    const run = await w.importCsv("sku,eta\nGONE-1,2026-12-09\n", { dryRun: true });
    expect(run).toMatchObject({ status: "rejected", errorCount: 1 });
    expect(w.shopify.callsOf("readCatalogPage").filter((c) => c.detail === null)).toHaveLength(1);
  });

  it("judges dates against the shop's today, in its time zone", async () => {
    const w = createAvailabilityWorld();
    w.shopify.seed(SHOP, [product(1, [variant(11)])], "Pacific/Kiritimati"); // UTC+14: already 25 Nov there
    w.clock.set("2026-11-24T12:00:00Z");
    const run = await w.importCsv("sku,eta\nSKU-11,2026-11-24\n", { dryRun: true });
    expect(run).toMatchObject({
      status: "rejected",
      errors: [{ row: 2, code: "date_in_past", message: "2026-11-24 is before today (2026-11-25)" }],
    });
  });

  it("reports the first FEED_MAX_REPORTED_ERRORS problems and counts the rest; nothing is written", async () => {
    const w = createAvailabilityWorld({ feedLimits: { maxReportedErrors: 25 } });
    const run = await w.importCsv(rows(300, (i) => (i === 0 ? "SKU-11,2026-12-09" : `SKU-12,bad-${i}`)));
    expect(run).toMatchObject({ status: "rejected", rows: 300, matched: 1, errorCount: 299 });
    expect(run.errors).toHaveLength(25);
    expect(run.errors[0]).toMatchObject({
      row: 3,
      code: "invalid_date",
      message: expect.stringContaining("bad-1"),
    });
    expect(run.errors[24]).toMatchObject({ row: 27 });
    expect(await w.repository.supplierEtas(SHOP, [vid(11), vid(12)])).toEqual([]);
    expect(w.requested).toEqual([]);
  });

  it("a dry run checks and writes nothing but its own record", async () => {
    const w = createAvailabilityWorld();
    const run = await w.importCsv("sku,eta\nSKU-11,2026-12-09\nSKU-12,2026-12-10\n", { dryRun: true });
    expect(run).toMatchObject({ status: "checked", dryRun: true, rows: 2, matched: 2, importId: null });
    expect(await w.repository.supplierEtas(SHOP, [vid(11), vid(12)])).toEqual([]);
    expect(await w.repository.listSupplierImports(SHOP, 10)).toEqual([]);
    expect(w.requested).toEqual([]);
    expect(await w.services.supplierImports.list(SHOP, 10)).toEqual([run]);
  });
});

describe("supplier feed limits", () => {
  it("one import in flight per shop (FEED_MAX_IN_FLIGHT): a second is refused with 429 until the first ends", async () => {
    const w = createAvailabilityWorld();
    const imports = w.services.supplierImports;
    const first = await imports.create(SHOP, { filename: "a.csv", dryRun: true });
    const refused = imports.create(SHOP, { filename: "b.csv", dryRun: true });
    await expect(refused).rejects.toBeInstanceOf(LimitExceededError);
    await expect(refused).rejects.toMatchObject({
      status: 429,
      limit: { name: "FEED_MAX_IN_FLIGHT", max: 1 },
    });
    // Another shop has its own allowance.
    await expect(
      imports.create("shop-b.myshopify.com", { filename: null, dryRun: true }),
    ).resolves.toBeTruthy();
    await imports.upload(SHOP, first.id, ["sku,eta\nSKU-11,2026-12-09\n"]);
    await imports.finished(SHOP, first.id);
    await expect(imports.create(SHOP, { filename: "b.csv", dryRun: true })).resolves.toMatchObject({
      status: "uploading",
    });
  });

  it("two creations at the same moment do not both get the last place", async () => {
    const w = createAvailabilityWorld();
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => w.services.supplierImports.create(SHOP, { filename: null, dryRun: true })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("an import abandoned mid-way (its process died) stops counting after 15 minutes", async () => {
    const w = createAvailabilityWorld();
    const stale = await w.services.supplierImports.create(SHOP, { filename: null, dryRun: true });
    w.clock.advance(16 * 60_000);
    await w.services.supplierImports.create(SHOP, { filename: null, dryRun: true });
    expect(await w.runs.getRun(SHOP, stale.id)).toMatchObject({ status: "failed", failure: /interrupted/ });
  });

  it("a file over FEED_MAX_BYTES is refused with 413 (declared or counted), and its import is rejected", async () => {
    const w = createAvailabilityWorld({ feedLimits: { maxBytes: 64 } });
    const imports = w.services.supplierImports;
    await expect(imports.create(SHOP, { filename: null, dryRun: true, bytes: 65 })).rejects.toMatchObject({
      status: 413,
      limit: { name: "FEED_MAX_BYTES", max: 64 },
    });
    const run = await imports.create(SHOP, { filename: null, dryRun: true });
    const chunks = ["sku,eta\n", ...Array.from({ length: 10 }, () => "SKU-11,2026-12-09\n")];
    await expect(imports.upload(SHOP, run.id, chunks)).rejects.toMatchObject({ status: 413 });
    expect(await w.runs.getRun(SHOP, run.id)).toMatchObject({
      status: "rejected",
      failure: expect.stringContaining("FEED_MAX_BYTES"),
    });
    expect(await w.runs.countInFlight(SHOP)).toBe(0);
  });
});

describe("slips an import causes", () => {
  const line = (n: number, minute: number, waiting: number) => ({
    lineItemId: `gid://shopify/LineItem/${n}`,
    orderId: `gid://shopify/Order/${n}`,
    variantId: vid(11),
    orderCreatedAt: new Date(Date.UTC(2026, 10, 20, 10, minute)),
    priority: null,
    waiting,
  });

  async function promisedWorld(): Promise<AvailabilityWorld> {
    const w = createAvailabilityWorld();
    const settings: SellingRuleSettings = {
      ...SETTINGS,
      etaSource: { kind: "supplier_feed" },
      handlingDays: 0,
    };
    await w.services.rules.create(SHOP, {
      scope: { kind: "variant", variantId: vid(11) as never },
      priority: 0,
      settings,
    });
    w.shopify.setStock(SHOP, vid(11), -3);
    w.waitingLines.lines = [line(1, 1, 2), line(2, 2, 1)];
    w.orders.set("gid://shopify/Order/1", {
      name: "#1001",
      customerName: "Ada Lovelace",
      customerEmail: "ada@example.com",
    });
    w.orders.set("gid://shopify/Order/2", {
      name: "#1002",
      customerName: "Alan Turing",
      customerEmail: null,
    });
    // The first feed: 2 units on 7 Dec, more on 9 Dec; each line is promised its date.
    await w.importCsv("sku,eta,quantity\nSKU-11,2026-12-07,2\nSKU-11,2026-12-09,\n");
    await w.services.onVariantsChanged(SHOP, [vid(11)]);
    return w;
  }

  it("a dry run shows the lines it would make late, with order and customer, and records nothing else", async () => {
    const w = await promisedWorld();
    const run = await w.importCsv("sku,eta,quantity\nSKU-11,2026-12-14,\n", { dryRun: true });
    expect(run).toMatchObject({ status: "checked", slipCount: 2 });
    const detail = await w.services.supplierImports.get(SHOP, run.id);
    expect(detail?.slips).toEqual([
      {
        lineItemId: "gid://shopify/LineItem/1",
        orderId: "gid://shopify/Order/1",
        variantId: vid(11),
        orderName: "#1001",
        customerName: "Ada Lovelace",
        customerEmail: "ada@example.com",
        promised: { kind: "date", date: "2026-12-07", source: "supplier_feed" },
        previous: { kind: "date", date: "2026-12-07", source: "supplier_feed" },
        revised: { kind: "date", date: "2026-12-14", source: "supplier_feed" },
      },
      expect.objectContaining({
        lineItemId: "gid://shopify/LineItem/2",
        orderName: "#1002",
        customerName: "Alan Turing",
        promised: { kind: "date", date: "2026-12-09", source: "supplier_feed" },
        revised: { kind: "date", date: "2026-12-14", source: "supplier_feed" },
      }),
    ]);
    expect(await w.repository.listSlips(SHOP, { limit: 10 })).toEqual([]);
  });

  it("an applied import records its slips; a feed that keeps every promise records none", async () => {
    const w = await promisedWorld();
    const kept = await w.importCsv("sku,eta,quantity\nSKU-11,2026-12-07,5\n");
    expect(kept).toMatchObject({ status: "applied", slipCount: 0 });
    await w.services.onVariantsChanged(SHOP, [vid(11)]);
    const late = await w.importCsv("sku,eta,quantity\nSKU-11,2026-12-07,2\nSKU-11,2026-12-21,\n");
    expect(late).toMatchObject({ status: "applied", slipCount: 1 });
    const detail = await w.services.supplierImports.get(SHOP, late.id);
    expect(detail?.slips.map((s) => [s.orderName, s.customerName, s.revised])).toEqual([
      ["#1002", "Alan Turing", { kind: "date", date: "2026-12-21", source: "supplier_feed" }],
    ]);
  });
});
