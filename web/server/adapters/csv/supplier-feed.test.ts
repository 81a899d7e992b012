import { describe, expect, it } from "vitest";
import { LimitExceededError, ValidationError } from "../../errors.js";
import { createFeedParser } from "./supplier-feed.js";

const LIMITS = { maxRows: 1000, maxColumns: 20 };

/** Parses `text` fed in chunks of `size` characters (a chunk may end inside a field, a quote or a CRLF). */
function parse(text: string, limits = LIMITS, size = 7) {
  const parser = createFeedParser(limits);
  for (let i = 0; i < text.length; i += size) parser.write(text.slice(i, i + size));
  return parser.end();
}

describe("createFeedParser", () => {
  it("reads the columns by header name, whatever their order, case or separator", async () => {
    const text =
      "\uFEFFQty;Expected On;SKU;Notes\r\n40;2026-12-03;TB-BOOT-08;first\r\n;2026-12-10;TB-BOOT-09;\r\n\r\n";
    expect(await parse(text)).toEqual([
      { sku: "TB-BOOT-08", eta: "2026-12-03", quantity: "40" },
      { sku: "TB-BOOT-09", eta: "2026-12-10", quantity: "" },
    ]);
  });

  it("keeps quoted commas, short rows and a blank line in the middle (it is still a row of the sheet)", async () => {
    const text = 'barcode,eta,quantity\n"0840,1",2026-12-03\n\n0840000000098,2026-12-04,5\n';
    expect(await parse(text)).toEqual([
      { barcode: "0840,1", eta: "2026-12-03", quantity: "" },
      { barcode: "", eta: "", quantity: "" },
      { barcode: "0840000000098", eta: "2026-12-04", quantity: "5" },
    ]);
  });

  it("takes a UTF-8 BOM and multi-byte characters split across chunks", async () => {
    const bytes = Buffer.from("\uFEFFsku,eta\nÉTÉ-1,2026-12-03\n");
    const parser = createFeedParser(LIMITS);
    for (let i = 0; i < bytes.length; i++) parser.write(bytes.subarray(i, i + 1));
    expect(await parser.end()).toEqual([{ sku: "ÉTÉ-1", eta: "2026-12-03" }]);
  });

  it.each([
    ["", /empty/],
    ["sku,quantity\nA,1\n", /needs an "eta" column \(found: "sku", "quantity"\)/],
    ["eta,quantity\n2026-12-03,1\n", /needs a "sku" or a "barcode" column/],
    ["sku,eta\n", /header but no rows/],
    ['sku,eta\n"A,2026-12-03\n', /not valid CSV/],
  ])("refuses %j", async (text, message) => {
    await expect(parse(text)).rejects.toThrow(ValidationError);
    await expect(parse(text)).rejects.toThrow(message);
  });

  it("refuses more data rows than FEED_MAX_ROWS (trailing blank lines do not count), naming the limit", async () => {
    const rows = (n: number) =>
      ["sku,eta", ...Array.from({ length: n }, (_, i) => `S-${i},2026-12-03`)].join("\n");
    expect(await parse(`${rows(5)}\n\n\n`, { ...LIMITS, maxRows: 5 })).toHaveLength(5);
    const refused = parse(rows(6), { ...LIMITS, maxRows: 5 });
    await expect(refused).rejects.toBeInstanceOf(LimitExceededError);
    await expect(refused).rejects.toMatchObject({
      status: 422,
      limit: { name: "FEED_MAX_ROWS", max: 5 },
      message: expect.stringContaining("at most 5 (FEED_MAX_ROWS)"),
    });
  });

  it("refuses a record with more columns than FEED_MAX_COLUMNS, header or data, naming the limit", async () => {
    const wide = Array.from({ length: 21 }, (_, i) => `c${i}`).join(",");
    await expect(parse(`sku,eta\nA,2026-12-03\n${wide}\n`)).rejects.toMatchObject({
      status: 422,
      limit: { name: "FEED_MAX_COLUMNS", max: 20 },
      message: expect.stringMatching(/^Row 3 has 21 columns/),
    });
    await expect(parse(`sku,eta,${wide}\n`)).rejects.toMatchObject({ limit: { name: "FEED_MAX_COLUMNS" } });
  });
});
