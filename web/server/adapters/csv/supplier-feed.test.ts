import { describe, expect, it } from "vitest";
import { ValidationError } from "../../errors.js";
import { parseSupplierCsv } from "./supplier-feed.js";

describe("parseSupplierCsv", () => {
  it("reads the columns by header name, whatever their order, case or separator", () => {
    const text =
      "\uFEFFQty;Expected On;SKU;Notes\r\n40;2026-12-03;TB-BOOT-08;first\r\n;2026-12-10;TB-BOOT-09;\r\n\r\n";
    expect(parseSupplierCsv(text)).toEqual({
      firstRow: 2,
      rows: [
        { sku: "TB-BOOT-08", eta: "2026-12-03", quantity: "40" },
        { sku: "TB-BOOT-09", eta: "2026-12-10", quantity: "" },
      ],
    });
  });

  it("keeps quoted commas, short rows and a blank line in the middle (it is still a row of the sheet)", () => {
    const text = 'barcode,eta,quantity\n"0840,1",2026-12-03\n\n0840000000098,2026-12-04,5\n';
    expect(parseSupplierCsv(text).rows).toEqual([
      { barcode: "0840,1", eta: "2026-12-03", quantity: "" },
      { barcode: "", eta: "", quantity: "" },
      { barcode: "0840000000098", eta: "2026-12-04", quantity: "5" },
    ]);
  });

  it.each([
    ["", /empty/],
    ["sku,quantity\nA,1\n", /needs an "eta" column \(found: "sku", "quantity"\)/],
    ["eta,quantity\n2026-12-03,1\n", /needs a "sku" or a "barcode" column/],
    ["sku,eta\n", /header but no rows/],
    ['sku,eta\n"A,2026-12-03\n', /not valid CSV/],
  ])("refuses %j", (text, message) => {
    expect(() => parseSupplierCsv(text)).toThrow(ValidationError);
    expect(() => parseSupplierCsv(text)).toThrow(message);
  });
});
