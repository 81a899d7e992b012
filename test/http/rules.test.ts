import { describe, expect, it } from "vitest";
import { RULE_COLUMNS } from "../../web/server/domain/selling-rules/index.js";
import { OTHER_SHOP, SHOP, createAvailabilityApp, pid, vid } from "../support/availability.js";

const HEADER = RULE_COLUMNS.join(",");

describe("rule preview API", () => {
  it("POST /api/rules/preview answers what the rule would govern and writes nothing", async () => {
    const h = createAvailabilityApp();
    h.shopify.setStock(SHOP, vid(21), 0);
    const res = await h.post("/api/rules/preview").send({
      scope: { kind: "product", productId: pid(2) },
      settings: {
        mode: "when_out_of_stock",
        etaSource: { kind: "lead_time", minBusinessDays: 2, maxBusinessDays: 4 },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      governed: 1,
      released: 0,
      conflict: null,
      variants: [
        {
          variantId: vid(21),
          productTitle: "Hiking Shoe",
          policy: { current: "DENY", desired: "CONTINUE", reason: "backorder_open" },
          availability: { state: "backorder", eta: { source: "lead_time" } },
        },
      ],
    });
    expect((await h.get("/api/rules")).body).toEqual({ rules: [] });
    expect(h.requested).toEqual([]);
  });

  it("400 for a bad rule, naming the field", async () => {
    const h = createAvailabilityApp();
    const res = await h
      .post("/api/rules/preview")
      .send({ scope: { kind: "shop" }, settings: { mode: "never" } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/mode/);
  });
});

describe("rules CSV API", () => {
  it("exports a CSV attachment and imports it into another shop (dry run first, then for real)", async () => {
    const h = createAvailabilityApp();
    await h.post("/api/rules").send({
      scope: { kind: "vendor", vendor: "@acme" },
      settings: { mode: "always", etaSource: { kind: "incoming" } },
    });
    const exported = await h.get("/api/rules.csv");
    expect(exported.status).toBe(200);
    expect(exported.headers["content-type"]).toMatch(/^text\/csv/);
    expect(exported.headers["content-disposition"]).toMatch(
      /attachment; filename="backorder-rules-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const csv = exported.text.replace(/^\uFEFF/, "");
    expect(csv).toBe(`${HEADER}\r\nvendor,'@acme,0,always,,incoming,,,,,1,,false\r\n`);

    const dry = await h.post("/api/rules/import?dryRun=1", OTHER_SHOP).type("text/csv").send(csv);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ imported: false, dryRun: true, created: 1, updated: 0 });
    expect((await h.get("/api/rules", OTHER_SHOP)).body.rules).toEqual([]);

    const real = await h.post("/api/rules/import", OTHER_SHOP).type("text/csv").send(csv);
    expect(real.status).toBe(201);
    expect(real.body).toMatchObject({ imported: true, created: 1 });
    expect((await h.get("/api/rules", OTHER_SHOP)).body.rules).toMatchObject([
      { scope: { kind: "vendor", vendor: "@acme" }, settings: { mode: "always" } },
    ]);
  });

  it("422 with each row's problems, and nothing written; 400 for an empty body or missing columns", async () => {
    const h = createAvailabilityApp();
    const bad = await h
      .post("/api/rules/import")
      .type("text/csv")
      .send(`${HEADER}\r\nshop,,0,off,,incoming,,,,,1,,false\r\nvariant,,0,off,,incoming,,,,,1,,false\r\n`);
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual({
      imported: false,
      rows: 2,
      errors: [{ row: 3, field: "target", message: "a variant rule needs a target" }],
    });
    expect((await h.get("/api/rules")).body.rules).toEqual([]);
    expect((await h.post("/api/rules/import").type("text/csv").send("")).status).toBe(400);
    expect((await h.post("/api/rules/import").type("text/csv").send("a,b\r\n1,2\r\n")).status).toBe(400);
  });
});

describe("substitutes overview and picker search APIs", () => {
  it("GET overview: picks and exclusions with titles, suggestions beside them, and what shoppers see", async () => {
    const h = createAvailabilityApp();
    await h.put("/api/variants/11/substitutes").send({ picks: [vid(31)], excludedVariantIds: [vid(12)] });
    const res = await h.get("/api/variants/11/substitutes/overview");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      variant: { variantId: vid(11), productTitle: "Trail Boot", variantTitle: "Variant 11" },
      picks: [{ variantId: vid(31), productTitle: "Mug" }],
      excludedVariants: [{ variantId: vid(12) }],
      excludedProducts: [],
      limit: 3,
    });
    // Suggestions never include the excluded variant; what shoppers see starts with the pick.
    expect(res.body.suggestions.map((s: { variantId: string }) => s.variantId)).toEqual([vid(13), vid(21)]);
    expect(res.body.shown.map((s: { variantId: string; reason: string }) => [s.variantId, s.reason])).toEqual(
      [
        [vid(31), "merchant_pick"],
        [vid(13), "same_product"],
        [vid(21), "same_type"],
      ],
    );
    expect((await h.get("/api/variants/11/substitutes/overview", OTHER_SHOP)).status).toBe(404);
  });

  it("GET /api/catalog/products is 404 when no product search is wired (the dev-store stack wires one)", async () => {
    const h = createAvailabilityApp();
    expect((await h.get("/api/catalog/products?query=boot")).status).toBe(404);
  });
});
