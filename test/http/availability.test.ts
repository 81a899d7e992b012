import { describe, expect, it } from "vitest";
import { importAnswer, importListAnswer } from "../../web/server/http/routes/etas.schemas.js";
import { OTHER_SHOP, SETTINGS, SHOP, createAvailabilityApp, vid } from "../support/availability.js";

const RULE = {
  scope: { kind: "variant", variantId: vid(11) },
  settings: { mode: "when_out_of_stock", cap: 10, etaSource: { kind: "incoming" } },
};

describe("rules API", () => {
  it("creates a rule with defaults filled in, lists it, and re-syncs the shop in the background", async () => {
    const h = createAvailabilityApp();
    const created = await h.post("/api/rules").send(RULE);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      scope: { kind: "variant", variantId: vid(11) },
      priority: 0,
      settings: { ...SETTINGS, cap: 10 },
      updatedAt: h.clock.now().toISOString(),
    });
    expect(h.requested).toEqual([{ shop: SHOP, variantIds: "all" }]);
    expect((await h.get("/api/rules")).body).toEqual({
      rules: [created.body],
      titles: { [vid(11)]: "Trail Boot – Variant 11" },
    });
    expect((await h.get(`/api/rules/${created.body.id}`)).body).toEqual(created.body);
    expect((await h.get("/api/rules", OTHER_SHOP)).body).toEqual({ rules: [], titles: {} });
  });

  it("400 names the field when the shape is wrong", async () => {
    const h = createAvailabilityApp();
    const bad = await h
      .post("/api/rules")
      .send({ ...RULE, settings: { ...RULE.settings, mode: "sometimes" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid body: settings\.mode: /);
    const extra = await h.post("/api/rules").send({ ...RULE, colour: "red" });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/colour/);
    const notJson = await h.post("/api/rules").set("Content-Type", "application/json").send("{");
    expect(notJson.status).toBe(400);
  });

  it("400 lists every problem the rule has at once", async () => {
    const h = createAvailabilityApp();
    const res = await h.post("/api/rules").send({
      scope: { kind: "variant", variantId: "gid://shopify/Product/1" },
      settings: {
        mode: "always",
        etaSource: { kind: "fixed", from: "2026-12-10", to: "2026-12-01" },
        maxLeadTimeDays: 30,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "Invalid rule: scope.variantId: expected a gid://shopify/ProductVariant/<id>; settings.etaSource.to: must not be before from",
    );
    expect(h.requested).toEqual([]);
  });

  it("409 for a second rule on the same scope; a PUT replaces a rule; 404 for another shop's rule", async () => {
    const h = createAvailabilityApp();
    const { body: rule } = await h.post("/api/rules").send(RULE);
    expect((await h.post("/api/rules").send(RULE)).status).toBe(409);

    const replaced = await h.put(`/api/rules/${rule.id}`).send({
      scope: { kind: "tag", tag: "Boots" },
      priority: 2,
      settings: { mode: "off", etaSource: { kind: "incoming" } },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: rule.id, scope: { kind: "tag", tag: "boots" }, priority: 2 });

    expect((await h.put(`/api/rules/${rule.id}`, OTHER_SHOP).send(RULE)).status).toBe(404);
    expect((await h.get(`/api/rules/${rule.id}`, OTHER_SHOP)).status).toBe(404);
    expect((await h.delete(`/api/rules/${rule.id}`, OTHER_SHOP)).status).toBe(404);
    expect((await h.delete(`/api/rules/${rule.id}`)).status).toBe(204);
    expect((await h.delete(`/api/rules/${rule.id}`)).status).toBe(404);
  });

  it("401 without a session token", async () => {
    const h = createAvailabilityApp();
    const { default: request } = await import("supertest");
    expect((await request(h.app).get("/api/rules")).status).toBe(401);
  });
});

describe("supplier ETA import API", () => {
  const CSV = "sku,barcode,eta,quantity\nSKU-11,,2026-12-03,40\n,0840000000121,2026-12-10,\n";

  function withBarcode(h: ReturnType<typeof createAvailabilityApp>) {
    h.shopify.variant(SHOP, vid(12)).barcode = "0840000000121";
  }

  it("imports a CSV in one request (201), lists the import, and re-syncs the variants it names", async () => {
    const h = createAvailabilityApp();
    withBarcode(h);
    const res = await h
      .post("/api/etas/import?filename=december.csv")
      .set("Content-Type", "text/csv")
      .send(CSV);
    expect(res.status).toBe(201);
    const detail = importAnswer.parse(res.body).import;
    expect(res.body).toEqual({
      imported: true,
      import: {
        id: expect.any(String),
        filename: "december.csv",
        dryRun: false,
        status: "applied",
        phase: "done",
        progress: 100,
        bytes: Buffer.byteLength(CSV),
        rows: 2,
        matched: 2,
        variants: 2,
        errorCount: 0,
        errors: [],
        failure: null,
        slipCount: 0,
        slips: [],
        createdAt: h.clock.now().toISOString(),
        finishedAt: h.clock.now().toISOString(),
      },
    });
    expect(await h.repository.supplierEtas(SHOP, [vid(11), vid(12)])).toEqual([
      expect.objectContaining({ variantId: vid(11), expectedOn: "2026-12-03", quantity: 40 }),
      expect.objectContaining({ variantId: vid(12), expectedOn: "2026-12-10", quantity: null }),
    ]);
    expect(h.requested).toEqual([{ shop: SHOP, variantIds: [vid(11), vid(12)] }]);
    const list = importListAnswer.parse((await h.get("/api/etas/imports")).body);
    const { errors: _errors, slips: _slips, ...summary } = detail;
    expect(list.imports).toEqual([summary]);
    expect((await h.get("/api/etas/imports", OTHER_SHOP)).body).toEqual({ imports: [] });
    const foreign = await h.get(`/api/etas/imports/${detail.id}`, OTHER_SHOP);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ error: { code: "not_found", message: `No import ${detail.id}` } });
  });

  it("takes JSON {csv, filename} too", async () => {
    const h = createAvailabilityApp();
    withBarcode(h);
    const res = await h.post("/api/etas/import").send({ csv: CSV, filename: "feed.csv" });
    expect(res.status).toBe(201);
    expect(res.body.import.filename).toBe("feed.csv");
  });

  it("422 with the rows' problems when any row fails, and no ETA is written", async () => {
    const h = createAvailabilityApp();
    const csv =
      "sku,eta,quantity\nSKU-11,2026-12-03,40\nNOPE,2026-12-03,1\nSKU-12,03/12/2026,-1\nSKU-13,2026-11-01,\n";
    const res = await h.post("/api/etas/import").set("Content-Type", "text/csv").send(csv);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      error: { code: "rows_rejected", message: "4 problems in the file; nothing was imported" },
      imported: false,
      import: { status: "rejected", rows: 4, matched: 1, errorCount: 4 },
    });
    expect(res.body.import.errors).toEqual([
      { row: 3, field: "sku", code: "unknown_sku", message: "no variant has SKU NOPE" },
      { row: 4, field: "eta", code: "invalid_date", message: expect.stringContaining("YYYY-MM-DD") },
      { row: 4, field: "quantity", code: "invalid_quantity", message: expect.any(String) },
      { row: 5, field: "eta", code: "date_in_past", message: "2026-11-01 is before today (2026-11-24)" },
    ]);
    expect(await h.repository.supplierEtas(SHOP, [vid(11)])).toEqual([]);
    expect(await h.repository.listSupplierImports(SHOP, 10)).toEqual([]);
    expect(h.requested).toEqual([]);
  });

  it("a dry run checks and reports, and writes no ETA", async () => {
    const h = createAvailabilityApp();
    withBarcode(h);
    const res = await h.post("/api/etas/import?dryRun=1").set("Content-Type", "text/csv").send(CSV);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      imported: false,
      dryRun: true,
      import: { status: "checked", rows: 2, matched: 2 },
    });
    expect(await h.repository.supplierEtas(SHOP, [vid(11), vid(12)])).toEqual([]);
  });

  it("in steps: create (201), send the file (202), follow it until it is done", async () => {
    const h = createAvailabilityApp();
    withBarcode(h);
    const created = await h.post("/api/etas/imports").send({ filename: "feed.csv", dryRun: true, bytes: 80 });
    expect(created.status).toBe(201);
    expect(created.body.import).toMatchObject({ status: "uploading", progress: 0 });
    const id = created.body.import.id as string;
    const sent = await h.put(`/api/etas/imports/${id}/file`).set("Content-Type", "text/csv").send(CSV);
    expect(sent.status).toBe(202);
    expect(sent.body.import).toMatchObject({ id, status: "running", rows: 2 });
    await h.services.supplierImports.idle();
    const followed = importAnswer.parse((await h.get(`/api/etas/imports/${id}`)).body).import;
    expect(followed).toMatchObject({ status: "checked", progress: 100, matched: 2 });
    const again = await h.put(`/api/etas/imports/${id}/file`).set("Content-Type", "text/csv").send(CSV);
    expect(again.status).toBe(409);
  });

  it("400 for a file without the columns it needs, an empty body, or a body that is neither CSV nor JSON", async () => {
    const h = createAvailabilityApp();
    const noEta = await h
      .post("/api/etas/import")
      .set("Content-Type", "text/csv")
      .send("sku,qty\nSKU-11,1\n");
    expect(noEta.status).toBe(400);
    expect(noEta.body.error.message).toMatch(/eta/);
    expect((await h.post("/api/etas/import").set("Content-Type", "text/csv").send("")).status).toBe(400);
    const form = await h.post("/api/etas/import").type("form").send({ csv: "x" });
    expect(form.status).toBe(400);
    expect((await h.post("/api/etas/import").send({ csv: "" })).body.error.message).toMatch(
      /^Invalid body: csv/,
    );
  });
});

describe("supplier ETA import limits (issue 11 item 9)", () => {
  const header = "sku,eta\n";
  const line = "SKU-11,2026-12-03\n";

  it("413 naming FEED_MAX_BYTES for a body over the limit, declared or streamed", async () => {
    const h = createAvailabilityApp({ FEED_MAX_BYTES: "1000" });
    const big = header + line.repeat(100);
    const res = await h.post("/api/etas/import").set("Content-Type", "text/csv").send(big);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      error: {
        code: "limit_exceeded",
        message: expect.stringContaining("(FEED_MAX_BYTES)"),
        limit: { name: "FEED_MAX_BYTES", max: 1000 },
      },
    });
    const early = await h.post("/api/etas/imports").send({ dryRun: true, bytes: 1001 });
    expect(early.status).toBe(413);
    expect(early.body.error.limit).toEqual({ name: "FEED_MAX_BYTES", max: 1000 });
    // Refused from the declared length, before any import was recorded: it holds no place in flight.
    expect((await h.get("/api/etas/imports")).body.imports).toEqual([]);
    const created = await h.post("/api/etas/imports").send({ dryRun: true });
    expect(created.status).toBe(201);
    // Streamed past the limit (the length is not declared up front): refused, and the import says why.
    const id = created.body.import.id as string;
    const streamed = await h.put(`/api/etas/imports/${id}/file`).set("Content-Type", "text/csv").send(big);
    expect(streamed.status).toBe(413);
    expect(streamed.body.error.limit).toEqual({ name: "FEED_MAX_BYTES", max: 1000 });
    expect((await h.get(`/api/etas/imports/${id}`)).body.import).toMatchObject({
      status: "rejected",
      failure: expect.stringContaining("FEED_MAX_BYTES"),
    });
  });

  it("422 naming FEED_MAX_ROWS and FEED_MAX_COLUMNS", async () => {
    const h = createAvailabilityApp({ FEED_MAX_ROWS: "10", FEED_MAX_COLUMNS: "5" });
    const rows = await h
      .post("/api/etas/import")
      .set("Content-Type", "text/csv")
      .send(header + line.repeat(11));
    expect(rows.status).toBe(422);
    expect(rows.body.error).toMatchObject({
      code: "limit_exceeded",
      limit: { name: "FEED_MAX_ROWS", max: 10 },
    });
    const wide = await h
      .post("/api/etas/import")
      .set("Content-Type", "text/csv")
      .send(`${header}a,b,c,d,e,f\n`);
    expect(wide.status).toBe(422);
    expect(wide.body.error).toMatchObject({
      message: "Row 2 has 6 columns; a feed may have at most 5 (FEED_MAX_COLUMNS)",
      limit: { name: "FEED_MAX_COLUMNS", max: 5 },
    });
  });

  it("reports the first FEED_MAX_REPORTED_ERRORS row problems and the count of all", async () => {
    const h = createAvailabilityApp({ FEED_MAX_REPORTED_ERRORS: "3" });
    const bad = header + Array.from({ length: 500 }, (_, i) => `NOPE-${i},2026-12-03\n`).join("");
    const res = await h.post("/api/etas/import").set("Content-Type", "text/csv").send(bad);
    expect(res.status).toBe(422);
    expect(res.body.import).toMatchObject({ errorCount: 500 });
    expect(res.body.import.errors.map((e: { row: number }) => e.row)).toEqual([2, 3, 4]);
    expect(JSON.stringify(res.body).length).toBeLessThan(2_000);
  });

  it("429 naming FEED_MAX_IN_FLIGHT while the shop has an import in progress", async () => {
    const h = createAvailabilityApp({ FEED_MAX_IN_FLIGHT: "1" });
    expect((await h.post("/api/etas/imports").send({ dryRun: true })).status).toBe(201);
    const second = await h.post("/api/etas/imports").send({ dryRun: true });
    expect(second.status).toBe(429);
    expect(second.body.error).toMatchObject({
      code: "limit_exceeded",
      limit: { name: "FEED_MAX_IN_FLIGHT", max: 1 },
    });
    const oneRequest = await h
      .post("/api/etas/import")
      .set("Content-Type", "text/csv")
      .send(header + line);
    expect(oneRequest.status).toBe(429);
  });
});

describe("substitutes API", () => {
  it("replaces a variant's picks and exclusions, reads them back, and re-syncs the variant", async () => {
    const h = createAvailabilityApp();
    const put = await h.put(`/api/variants/${encodeURIComponent(vid(11))}/substitutes`).send({
      picks: ["31", vid(21)],
      excludedVariantIds: [vid(13)],
      excludedProductIds: ["gid://shopify/Product/3"],
    });
    expect(put.status).toBe(200);
    const expected = {
      variantId: vid(11),
      picks: [vid(31), vid(21)],
      excludedVariantIds: [vid(13)],
      excludedProductIds: ["gid://shopify/Product/3"],
    };
    expect(put.body).toEqual(expected);
    expect((await h.get("/api/variants/11/substitutes")).body).toEqual(expected);
    expect(h.requested).toEqual([{ shop: SHOP, variantIds: [vid(11)] }]);
  });

  it("400 names each bad id; 404 for a variant of another shop", async () => {
    const h = createAvailabilityApp();
    const bad = await h.put("/api/variants/11/substitutes").send({
      picks: [vid(11), vid(999)],
      excludedVariantIds: [],
      excludedProductIds: ["gid://shopify/Product/77"],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      `Invalid substitutes: picks.0: a variant cannot replace itself; picks.1: no variant ${vid(999)} in this shop; excludedProductIds.0: no product gid://shopify/Product/77 in this shop`,
    );
    const shape = await h.put("/api/variants/11/substitutes").send({ picks: ["gid://shopify/Product/1"] });
    expect(shape.status).toBe(400);
    expect(shape.body.error.message).toMatch(/^Invalid body: picks\.0: /);
    expect((await h.get("/api/variants/abc/substitutes")).status).toBe(400);
    expect((await h.get("/api/variants/11/substitutes", OTHER_SHOP)).status).toBe(404);
    expect((await h.put("/api/variants/11/substitutes", OTHER_SHOP).send({ picks: [] })).status).toBe(404);
  });

  it("GET availability explains the decision: rule, policy now and wanted, reason, payload, sync state", async () => {
    const h = createAvailabilityApp();
    const { body: rule } = await h
      .post("/api/rules")
      .send({ ...RULE, settings: { ...RULE.settings, cap: 2 } });
    h.shopify.setStock(SHOP, vid(11), -2);
    const res = await h.get("/api/variants/11/availability");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      variantId: vid(11),
      rule: { id: rule.id, matchedBy: "variant" },
      stock: { tracked: true, available: -2 },
      policy: { current: "DENY", desired: "DENY", reason: "cap_reached" },
      capacity: 0,
      waitingUnits: 2,
      availability: { v: 1, state: "sold_out", eta: null, capacity: 0 },
      synced: null,
      lines: [],
    });
    const unmanaged = await h.get("/api/variants/31/availability");
    expect(unmanaged.body).toMatchObject({ rule: null, policy: { desired: null, reason: "no_rule" } });
    expect((await h.get("/api/variants/11/availability", OTHER_SHOP)).status).toBe(404);
  });
});
