import type { ProductVariantGid } from "../shared/gid.js";
import { isCalendarDate, type CalendarDate } from "./calendar-date.js";
import type { SupplyBatch } from "./types.js";

/** The most units one feed row may promise: a 32-bit integer, what the databases' quantity column holds. */
export const MAX_FEED_QUANTITY = 2_147_483_647;

/** One CSV row as the adapter split it: every cell a string, absent columns undefined. */
export interface SupplierFeedRow {
  sku?: string;
  barcode?: string;
  eta: string;
  quantity?: string;
}

/** A variant the feed may name. */
export interface FeedVariant {
  variantId: ProductVariantGid;
  sku: string | null;
  barcode: string | null;
}

export interface SupplierEtaRow {
  /** The row number in the file (the header is row 1 unless told otherwise). */
  row: number;
  variantId: ProductVariantGid;
  matchedBy: "sku" | "barcode";
  eta: CalendarDate;
  /** null: the supplier gave no quantity, so the date covers every waiting unit. */
  quantity: number | null;
}

export type FeedErrorCode =
  | "missing_key"
  | "unknown_sku"
  | "unknown_barcode"
  | "ambiguous_sku"
  | "ambiguous_barcode"
  | "sku_barcode_mismatch"
  | "invalid_date"
  | "date_in_past"
  | "invalid_quantity"
  | "duplicate_row";

export interface FeedRowError {
  row: number;
  field: "sku" | "barcode" | "eta" | "quantity";
  code: FeedErrorCode;
  message: string;
}

export interface FeedValidation {
  valid: SupplierEtaRow[];
  errors: FeedRowError[];
}

export interface FeedOptions {
  today: CalendarDate;
  /** The file row number of `rows[0]`; 2 when the file has one header row. */
  firstRow?: number;
}

/**
 * Checks a supplier feed row by row and matches each row to a variant by SKU or barcode. Every problem of every row is
 * reported (a row can carry several), so the merchant fixes the file once; rows with an error are left out of `valid`.
 * Whether a file with errors is imported at all is the caller's decision (the import is all or nothing).
 *
 * Matching: SKUs are trimmed and compared case-insensitively (suppliers rarely keep the case); Shopify does not make
 * SKUs unique, so a SKU shared by several variants never matches on its own. All-digit barcodes are compared without
 * leading zeros, so a UPC-A matches the same item written as EAN-13 or GTIN-14. With both columns, one key naming a
 * single variant is enough (suppliers often put their own SKU next to a correct barcode), unless the other names
 * only different variants: then the row is rejected as a mismatch. Dates must be YYYY-MM-DD: 03/12/2026 means two different days on either
 * side of the Atlantic.
 */
export function validateSupplierFeed(
  rows: readonly SupplierFeedRow[],
  variants: readonly FeedVariant[],
  options: FeedOptions,
): FeedValidation {
  const firstRow = options.firstRow ?? 2;
  const bySku = indexBy(variants, (v) => (v.sku === null ? null : normaliseSku(v.sku)));
  const byBarcode = indexBy(variants, (v) => (v.barcode === null ? null : normaliseBarcode(v.barcode)));
  const valid: SupplierEtaRow[] = [];
  const errors: FeedRowError[] = [];
  const seen = new Map<string, number>();

  rows.forEach((raw, i) => {
    const row = firstRow + i;
    const rowErrors: FeedRowError[] = [];
    const fail = (field: FeedRowError["field"], code: FeedErrorCode, message: string) =>
      rowErrors.push({ row, field, code, message });

    const sku = raw.sku?.trim() ?? "";
    const barcode = raw.barcode?.trim() ?? "";
    const skuHits = sku ? (bySku.get(normaliseSku(sku)) ?? []) : null;
    const barcodeHits = barcode ? (byBarcode.get(normaliseBarcode(barcode)) ?? []) : null;
    const found = matchVariant(skuHits, barcodeHits);
    const match = typeof found === "string" ? null : found;
    if (skuHits === null && barcodeHits === null) fail("sku", "missing_key", "give a SKU or a barcode");
    else if (found === "mismatch")
      fail("barcode", "sku_barcode_mismatch", `SKU ${sku} and barcode ${barcode} name different variants`);
    else if (found === "none") {
      if (skuHits?.length === 0) fail("sku", "unknown_sku", `no variant has SKU ${sku}`);
      if (skuHits && skuHits.length > 1)
        fail("sku", "ambiguous_sku", `${skuHits.length} variants share SKU ${sku}`);
      if (barcodeHits?.length === 0) fail("barcode", "unknown_barcode", `no variant has barcode ${barcode}`);
      if (barcodeHits && barcodeHits.length > 1) {
        fail("barcode", "ambiguous_barcode", `${barcodeHits.length} variants share barcode ${barcode}`);
      }
    }

    const etaText = raw.eta.trim();
    let eta: CalendarDate | null = null;
    if (!isCalendarDate(etaText))
      fail("eta", "invalid_date", `expected a date as YYYY-MM-DD, got "${raw.eta}"`);
    else if (etaText < options.today)
      fail("eta", "date_in_past", `${etaText} is before today (${options.today})`);
    else eta = etaText;

    const quantityText = raw.quantity?.trim() ?? "";
    let quantity: number | null = null;
    if (quantityText !== "") {
      quantity = /^[0-9]+$/.test(quantityText) ? Number(quantityText) : Number.NaN;
      if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_FEED_QUANTITY) {
        fail(
          "quantity",
          "invalid_quantity",
          `expected a whole number of units from 1 to ${MAX_FEED_QUANTITY} or nothing, got "${raw.quantity}"`,
        );
      }
    }

    if (match && eta && rowErrors.length === 0) {
      // Two rows for the same variant and day are a copy-paste slip, not two shipments: say so instead of adding them.
      const key = `${match.variantId}|${eta}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) fail("eta", "duplicate_row", `same variant and date as row ${earlier}`);
      else seen.set(key, row);
    }
    if (rowErrors.length > 0 || !match || !eta) {
      errors.push(...rowErrors);
      return;
    }
    valid.push({ row, variantId: match.variantId, matchedBy: match.matchedBy, eta, quantity });
  });
  return { valid, errors };
}

/** The feed rows of one variant as supply batches for the ETA engine. */
export function feedBatches(rows: readonly SupplierEtaRow[], variantId: ProductVariantGid): SupplyBatch[] {
  return rows
    .filter((r) => r.variantId === variantId)
    .map((r) => ({ expectedOn: r.eta, quantity: r.quantity }));
}

function normaliseSku(sku: string): string {
  return sku.trim().toLowerCase();
}

function normaliseBarcode(barcode: string): string {
  const trimmed = barcode.trim();
  return /^[0-9]+$/.test(trimmed) ? trimmed.replace(/^0+(?=.)/, "") : trimmed;
}

function indexBy(
  variants: readonly FeedVariant[],
  key: (v: FeedVariant) => string | null,
): Map<string, ProductVariantGid[]> {
  const index = new Map<string, ProductVariantGid[]>();
  for (const variant of variants) {
    const k = key(variant);
    if (k === null || k === "") continue;
    const list = index.get(k) ?? [];
    if (!list.includes(variant.variantId)) list.push(variant.variantId);
    index.set(k, list);
  }
  return index;
}

/**
 * The variant a row names. A key that names exactly one variant decides, as long as the other key (when given) does
 * not name only other variants: a supplier's own SKU next to a correct barcode still matches by barcode.
 */
function matchVariant(
  skuHits: readonly ProductVariantGid[] | null,
  barcodeHits: readonly ProductVariantGid[] | null,
): { variantId: ProductVariantGid; matchedBy: "sku" | "barcode" } | "mismatch" | "none" {
  const bySku = skuHits?.length === 1 ? skuHits[0] : undefined;
  const byBarcode = barcodeHits?.length === 1 ? barcodeHits[0] : undefined;
  const agrees = (hits: readonly ProductVariantGid[] | null, id: ProductVariantGid) =>
    hits === null || hits.length === 0 || hits.includes(id);
  if (bySku !== undefined)
    return agrees(barcodeHits, bySku) ? { variantId: bySku, matchedBy: "sku" } : "mismatch";
  if (byBarcode !== undefined)
    return agrees(skuHits, byBarcode) ? { variantId: byBarcode, matchedBy: "barcode" } : "mismatch";
  return "none";
}
