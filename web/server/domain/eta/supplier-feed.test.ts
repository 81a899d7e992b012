import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toGid, type ProductVariantGid } from "../shared/gid.js";
import { parseCalendarDate } from "./calendar-date.js";
import {
  feedBatches,
  validateSupplierFeed,
  type FeedErrorCode,
  type FeedVariant,
  type SupplierFeedRow,
} from "./supplier-feed.js";

const v = (n: number): ProductVariantGid => toGid("ProductVariant", String(n));
const TODAY = parseCalendarDate("2026-11-26");

const VARIANTS: FeedVariant[] = [
  { variantId: v(1), sku: "MUG-BLUE", barcode: "012345678905" },
  { variantId: v(2), sku: "MUG-RED", barcode: "4006381333931" },
  { variantId: v(3), sku: "SHARED", barcode: null },
  { variantId: v(4), sku: "shared ", barcode: "ABC-123" },
  { variantId: v(5), sku: null, barcode: null },
];

interface Case {
  name: string;
  row: SupplierFeedRow;
  /** The variant matched and how, or the error codes of the row (in the order reported). */
  expected: { variant: number; by: "sku" | "barcode"; quantity?: number | null } | FeedErrorCode[];
}

const cases: Case[] = [
  {
    name: "matches by SKU",
    row: { sku: "MUG-BLUE", eta: "2026-12-03" },
    expected: { variant: 1, by: "sku", quantity: null },
  },
  {
    name: "SKU ignores case and spaces",
    row: { sku: "  mug-blue ", eta: "2026-12-03" },
    expected: { variant: 1, by: "sku" },
  },
  {
    name: "matches by barcode",
    row: { barcode: "4006381333931", eta: "2026-12-03" },
    expected: { variant: 2, by: "barcode" },
  },
  {
    name: "a UPC written as GTIN-14 matches",
    row: { barcode: "00012345678905", eta: "2026-12-03" },
    expected: { variant: 1, by: "barcode" },
  },
  {
    name: "a non-numeric barcode matches as written",
    row: { barcode: "ABC-123", eta: "2026-12-03" },
    expected: { variant: 4, by: "barcode" },
  },
  {
    name: "a quantity is read as units",
    row: { sku: "MUG-RED", eta: "2026-12-03", quantity: " 40 " },
    expected: { variant: 2, by: "sku", quantity: 40 },
  },
  {
    name: "today is a valid ETA",
    row: { sku: "MUG-RED", eta: "2026-11-26" },
    expected: { variant: 2, by: "sku" },
  },
  {
    name: "the supplier's own SKU next to a correct barcode matches by barcode",
    row: { sku: "SUP-9981", barcode: "4006381333931", eta: "2026-12-03" },
    expected: { variant: 2, by: "barcode" },
  },
  {
    name: "an ambiguous SKU is settled by a barcode naming one of its variants",
    row: { sku: "shared", barcode: "ABC-123", eta: "2026-12-03" },
    expected: { variant: 4, by: "barcode" },
  },
  { name: "no key", row: { sku: " ", barcode: "", eta: "2026-12-03" }, expected: ["missing_key"] },
  { name: "unknown SKU", row: { sku: "NOPE", eta: "2026-12-03" }, expected: ["unknown_sku"] },
  { name: "unknown barcode", row: { barcode: "999", eta: "2026-12-03" }, expected: ["unknown_barcode"] },
  {
    name: "a SKU shared by two variants is not guessed",
    row: { sku: "SHARED", eta: "2026-12-03" },
    expected: ["ambiguous_sku"],
  },
  {
    name: "SKU and barcode naming different variants",
    row: { sku: "MUG-BLUE", barcode: "4006381333931", eta: "2026-12-03" },
    expected: ["sku_barcode_mismatch"],
  },
  {
    name: "a US-style date is ambiguous",
    row: { sku: "MUG-BLUE", eta: "12/03/2026" },
    expected: ["invalid_date"],
  },
  {
    name: "31 November does not exist",
    row: { sku: "MUG-BLUE", eta: "2026-11-31" },
    expected: ["invalid_date"],
  },
  {
    name: "29 Feb 2027 does not exist",
    row: { sku: "MUG-BLUE", eta: "2027-02-29" },
    expected: ["invalid_date"],
  },
  { name: "a past date", row: { sku: "MUG-BLUE", eta: "2026-11-25" }, expected: ["date_in_past"] },
  {
    name: "a fractional quantity",
    row: { sku: "MUG-BLUE", eta: "2026-12-03", quantity: "2.5" },
    expected: ["invalid_quantity"],
  },
  {
    name: "a zero quantity",
    row: { sku: "MUG-BLUE", eta: "2026-12-03", quantity: "0" },
    expected: ["invalid_quantity"],
  },
  {
    name: "a negative quantity",
    row: { sku: "MUG-BLUE", eta: "2026-12-03", quantity: "-3" },
    expected: ["invalid_quantity"],
  },
  {
    // PostgreSQL's integer column ends at 2,147,483,647: a larger quantity failed the whole import at the insert.
    name: "a quantity past what any column stores",
    row: { sku: "MUG-BLUE", eta: "2026-12-03", quantity: "2147483648" },
    expected: ["invalid_quantity"],
  },
  {
    name: "every problem of a row is reported",
    row: { sku: "NOPE", eta: "soon", quantity: "many" },
    expected: ["unknown_sku", "invalid_date", "invalid_quantity"],
  },
];

describe("validateSupplierFeed", () => {
  it.each(cases)("$name", ({ row, expected }) => {
    const result = validateSupplierFeed([row], VARIANTS, { today: TODAY });
    if (Array.isArray(expected)) {
      expect(result.valid).toEqual([]);
      expect(result.errors.map((e) => e.code)).toEqual(expected);
      expect(result.errors.every((e) => e.row === 2 && e.message.length > 0)).toBe(true);
    } else {
      expect(result.errors).toEqual([]);
      expect(result.valid).toEqual([
        expect.objectContaining({
          row: 2,
          variantId: v(expected.variant),
          matchedBy: expected.by,
          eta: row.eta.trim(),
        }),
      ]);
      if (expected.quantity !== undefined) expect(result.valid[0]?.quantity).toBe(expected.quantity);
    }
  });

  it("numbers rows from the file's first data row and flags a repeated variant and date", () => {
    const rows: SupplierFeedRow[] = [
      { sku: "MUG-BLUE", eta: "2026-12-03", quantity: "10" },
      { sku: "NOPE", eta: "2026-12-03" },
      { barcode: "012345678905", eta: "2026-12-03", quantity: "5" },
      { sku: "MUG-BLUE", eta: "2026-12-10", quantity: "5" },
    ];
    const result = validateSupplierFeed(rows, VARIANTS, { today: TODAY, firstRow: 5 });
    expect(result.valid.map((r) => r.row)).toEqual([5, 8]);
    expect(result.errors.map((e) => [e.row, e.code])).toEqual([
      [6, "unknown_sku"],
      [7, "duplicate_row"],
    ]);
    expect(result.errors[1]?.message).toContain("row 5");
  });

  it("a row fixed further down is not a duplicate of the broken one", () => {
    const rows: SupplierFeedRow[] = [
      { sku: "MUG-BLUE", eta: "2026-12-03", quantity: "ten" },
      { sku: "MUG-BLUE", eta: "2026-12-03", quantity: "10" },
    ];
    const result = validateSupplierFeed(rows, VARIANTS, { today: TODAY });
    expect(result.errors.map((e) => e.code)).toEqual(["invalid_quantity"]);
    expect(result.valid.map((r) => r.row)).toEqual([3]);
  });

  it("feedBatches gives a variant's rows as supply for the ETA engine", () => {
    const { valid } = validateSupplierFeed(
      [
        { sku: "MUG-BLUE", eta: "2026-12-03", quantity: "10" },
        { sku: "MUG-RED", eta: "2026-12-04" },
        { sku: "MUG-BLUE", eta: "2026-12-10" },
      ],
      VARIANTS,
      { today: TODAY },
    );
    expect(feedBatches(valid, v(1))).toEqual([
      { expectedOn: "2026-12-03", quantity: 10 },
      { expectedOn: "2026-12-10", quantity: null },
    ]);
  });

  it("every row ends up either valid or with at least one error, never both", () => {
    const arbRow: fc.Arbitrary<SupplierFeedRow> = fc.record(
      {
        sku: fc.constantFrom("MUG-BLUE", "mug-red", "SHARED", "NOPE", "", " "),
        barcode: fc.constantFrom("012345678905", "4006381333931", "999", ""),
        eta: fc.constantFrom("2026-12-03", "2026-11-25", "2026-02-30", "x", "2027-01-01"),
        quantity: fc.constantFrom("", "1", "0", "12", "1.5", "abc"),
      },
      { requiredKeys: ["eta"] },
    );
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 20 }), (rows) => {
        const result = validateSupplierFeed(rows, VARIANTS, { today: TODAY });
        const validRows = new Set(result.valid.map((r) => r.row));
        const errorRows = new Set(result.errors.map((e) => e.row));
        rows.forEach((_, i) => expect(validRows.has(i + 2) !== errorRows.has(i + 2)).toBe(true));
      }),
    );
  });
});
