import { describe, expect, it } from "vitest";
import { parseRulesCsv } from "../../../web/server/adapters/csv/rules.js";
import { csvRow } from "../../../web/server/http/csv-writer.js";
import { RULE_COLUMNS } from "../../../web/server/domain/selling-rules/index.js";
import { ValidationError } from "../../../web/server/errors.js";
import { SETTINGS, SHOP, OTHER_SHOP, createAvailabilityWorld, pid, vid } from "../../support/availability.js";

const HEADER = RULE_COLUMNS.join(",");

/** The export as the HTTP route writes it (csv-writer's quoting and formula guard). */
async function exported(w: ReturnType<typeof createAvailabilityWorld>): Promise<string> {
  const rows = await w.services.rulesTransfer.exportRows(SHOP);
  return csvRow(RULE_COLUMNS) + rows.map((r) => csvRow(RULE_COLUMNS.map((c) => r[c]))).join("");
}

describe("rules CSV export and import", () => {
  it("exports most specific scope first, and the file imports back into another shop unchanged", async () => {
    const w = createAvailabilityWorld();
    await w.services.rules.create(SHOP, { scope: { kind: "shop" }, priority: 0, settings: SETTINGS });
    await w.services.rules.create(SHOP, {
      scope: { kind: "tag", tag: '=HYPERLINK("x")' },
      priority: 3,
      settings: {
        ...SETTINGS,
        mode: "always",
        cap: 5,
        etaSource: { kind: "lead_time", minBusinessDays: 3, maxBusinessDays: 8 },
      },
    });
    await w.services.rules.create(SHOP, {
      scope: { kind: "variant", variantId: vid(11) as never },
      priority: 0,
      settings: {
        ...SETTINGS,
        etaSource: { kind: "fixed", from: "2026-12-10" as never, to: "2026-12-12" as never },
        requireEta: true,
      },
    });
    const csv = await exported(w);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(HEADER);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["variant", "tag", "shop"]);
    // The formula-looking tag is written as text.
    expect(lines[2]).toContain(`"'=hyperlink(""x"")"`); // tags are stored lower-cased

    const result = await w.services.rulesTransfer.import(OTHER_SHOP, { csv, dryRun: false });
    expect(result).toMatchObject({ ok: true, dryRun: false, created: 3, updated: 0 });
    const strip = (rules: { scope: unknown; priority: number; settings: unknown }[]) =>
      rules.map(({ scope, priority, settings }) => ({ scope, priority, settings }));
    expect(strip(await w.repository.listRules(OTHER_SHOP))).toEqual(
      expect.arrayContaining(strip(await w.repository.listRules(SHOP))),
    );
    expect(w.requested).toContainEqual({ shop: OTHER_SHOP, variantIds: "all" });
  });

  it("a dry run says which rows create and which replace, and writes nothing", async () => {
    const w = createAvailabilityWorld();
    await w.services.rules.create(SHOP, {
      scope: { kind: "vendor", vendor: "Acme" },
      priority: 0,
      settings: SETTINGS,
    });
    const csv = `${HEADER}\r\nvendor,ACME,0,off,,incoming,,,,,1,,false\r\nproduct,${pid(1)},0,always,,supplier_feed,,,,,1,,false\r\n`;
    const result = await w.services.rulesTransfer.import(SHOP, { csv, dryRun: true });
    expect(result).toMatchObject({
      ok: true,
      dryRun: true,
      created: 1,
      updated: 1,
      rows: [
        { row: 2, action: "update" },
        { row: 3, action: "create" },
      ],
    });
    expect((await w.repository.listRules(SHOP)).map((r) => r.settings.mode)).toEqual(["when_out_of_stock"]);
    expect(w.requested).toHaveLength(1); // the create above, not the dry run
  });

  it("lists every problem of every row with its row number, and writes nothing when any row fails", async () => {
    const w = createAvailabilityWorld();
    const csv = [
      HEADER,
      "shop,,0,when_out_of_stock,,incoming,,,,,1,,false", // fine on its own
      "variant,gid://shopify/Product/1,0,off,,incoming,,,,,1,,false", // not a variant GID
      "tag,sale,0,sometimes,,fixed,2026-12-10,2026-12-01,,,1,,false", // bad mode; window ends before it starts
      "tag, SALE ,0,off,,incoming,,,,,1,,false", // same scope as row 4 (tags compare case-insensitively)
      "tag,sale,0,off,,incoming,,,,,1,,false",
    ].join("\r\n");
    const result = await w.services.rulesTransfer.import(SHOP, { csv, dryRun: false });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rows).toBe(5);
    expect(result.errors).toEqual([
      { row: 3, field: "target", message: expect.stringMatching(/ProductVariant/) },
      { row: 4, field: "mode", message: expect.stringMatching(/sometimes/) },
      { row: 6, field: "target", message: "row 5 already has a rule for this scope" },
    ]);
    expect(await w.repository.listRules(SHOP)).toEqual([]);
    expect(w.requested).toEqual([]);
  });

  it("the whole-rule checks report in file columns", async () => {
    const w = createAvailabilityWorld();
    const csv = `${HEADER}\r\ntag,sale,0,off,,fixed,2026-12-10,2026-12-01,,,1,,false\r\n`;
    const result = await w.services.rulesTransfer.import(SHOP, { csv, dryRun: true });
    expect(result).toMatchObject({ ok: false, errors: [{ row: 2, field: "eta_to" }] });
  });

  it("refuses a file without the needed columns, or with no rows, before anything else", () => {
    expect(() => parseRulesCsv("target,priority\r\nx,1\r\n")).toThrow(ValidationError);
    expect(() => parseRulesCsv(`${HEADER}\r\n`)).toThrow(/no rows/);
    expect(() => parseRulesCsv('scope,mode,eta_source\r\n"unclosed')).toThrow(/not valid CSV/);
  });
});
