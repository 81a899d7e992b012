import { Parser } from "csv-parse";
import { validateSupplierFeed, type CalendarDate, type FeedVariant } from "../../domain/eta/index.js";
import type { SupplierFeedRow } from "../../domain/eta/supplier-feed.js";
import { LimitExceededError, ValidationError } from "../../errors.js";
import type { FeedCheck, FeedLimits } from "../../use-cases/availability/ports.js";

/** Header names suppliers use for each column, compared trimmed, lower-cased, spaces and dashes as "_". */
const COLUMNS = {
  sku: ["sku", "variant_sku"],
  barcode: ["barcode", "gtin", "ean", "upc"],
  eta: ["eta", "expected_on", "expected_date", "expected_at", "date"],
  quantity: ["quantity", "qty"],
} as const;

type Column = keyof typeof COLUMNS;

/** Progress is reported every this many data rows. */
const PROGRESS_EVERY = 2_000;

/**
 * Stream-parses a supplier's CSV as its chunks arrive: one row per record, every cell a string (the domain's
 * validateSupplierFeed judges them). The first record is the header. Comma, semicolon (European spreadsheets) and
 * tab separate fields; a UTF-8 BOM is dropped; trailing blank lines are ignored, a blank line in the middle stays a
 * row (it is row N of the merchant's spreadsheet, and the report should say so). Only the four known columns of each
 * row are kept, so memory follows the rows, not the file.
 *
 * Refusals (end() rejects with the first): not CSV, no "eta" column, no "sku" or "barcode" column, no data rows
 * (ValidationError); more than `maxColumns` columns in a record or more than `maxRows` data rows (LimitExceededError
 * 422, naming FEED_MAX_COLUMNS / FEED_MAX_ROWS). Reading stops at the first refusal.
 */
export function createFeedParser(
  limits: Pick<FeedLimits, "maxRows" | "maxColumns">,
  onProgress?: (rowsRead: number) => void,
) {
  const parser = new Parser({
    bom: true,
    delimiter: [",", ";", "\t"],
    relax_column_count: true,
    skip_empty_lines: false,
  });
  const rows: SupplierFeedRow[] = [];
  let index: Map<Column, number> | null = null;
  let pendingBlank = 0;
  let failure: Error | null = null;
  let settle: (() => void) | null = null;
  const done = new Promise<void>((resolve) => (settle = resolve));

  const fail = (error: Error) => {
    failure ??= error;
    parser.destroy();
    settle?.();
  };

  parser.on("data", (record: string[]) => {
    if (failure) return;
    if (record.length > limits.maxColumns) {
      return fail(
        new LimitExceededError(
          422,
          `Row ${rows.length + pendingBlank + (index ? 2 : 1)} has ${record.length} columns; a feed may have at most ${limits.maxColumns} (FEED_MAX_COLUMNS)`,
          { name: "FEED_MAX_COLUMNS", max: limits.maxColumns },
        ),
      );
    }
    if (!index) {
      try {
        index = headerIndex(record);
      } catch (e) {
        fail(e as Error);
      }
      return;
    }
    if (isBlank(record)) {
      pendingBlank += 1;
      return;
    }
    if (rows.length + pendingBlank + 1 > limits.maxRows) {
      return fail(
        new LimitExceededError(
          422,
          `The file has more than ${limits.maxRows} rows; a feed may have at most ${limits.maxRows} (FEED_MAX_ROWS)`,
          { name: "FEED_MAX_ROWS", max: limits.maxRows },
        ),
      );
    }
    for (; pendingBlank > 0; pendingBlank--) rows.push(rowOf([], index));
    rows.push(rowOf(record, index));
    if (onProgress && rows.length % PROGRESS_EVERY === 0) onProgress(rows.length);
  });
  parser.on("error", (e: Error & { lines?: number }) => {
    const line = e.lines;
    fail(
      new ValidationError(
        `The file is not valid CSV${line ? ` (near line ${line})` : ""}: ${e.message.replace(/^.*?: /, "")}`,
        [{ field: "csv", message: "not valid CSV" }],
      ),
    );
  });
  parser.on("end", () => settle?.());

  return {
    write(chunk: Uint8Array | string): void {
      if (!failure) parser.write(typeof chunk === "string" ? chunk : Buffer.from(chunk));
    },
    /** The data rows, or the first refusal. */
    async end(): Promise<SupplierFeedRow[]> {
      if (!failure) parser.end();
      await done;
      if (failure) throw failure;
      if (!index) throw new ValidationError("The file is empty", [{ field: "csv", message: "empty" }]);
      if (rows.length === 0) {
        throw new ValidationError("The file has a header but no rows", [
          { field: "csv", message: "no rows" },
        ]);
      }
      onProgress?.(rows.length);
      return rows;
    },
    destroy(): void {
      fail(new ValidationError("reading stopped"));
    },
  };
}

/** Matches parsed rows against the catalog; keeps the first `maxReportedErrors` problems and counts the rest. */
export function checkFeedRows(
  rows: readonly SupplierFeedRow[],
  variants: readonly FeedVariant[],
  today: CalendarDate,
  maxReportedErrors: number,
): FeedCheck {
  const { valid, errors } = validateSupplierFeed(rows, variants, { today, firstRow: 2 });
  return {
    rows: rows.length,
    valid,
    errors: errors.slice(0, maxReportedErrors),
    errorCount: errors.length,
    unknownKeys: errors.some((e) => e.code === "unknown_sku" || e.code === "unknown_barcode"),
  };
}

function headerIndex(header: string[]): Map<Column, number> {
  const index = new Map<Column, number>();
  header.forEach((name, i) => {
    const key = name
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
    for (const [column, aliases] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
      if (aliases.includes(key) && !index.has(column)) index.set(column, i);
    }
  });
  const problems: string[] = [];
  if (!index.has("eta")) {
    const found = header.slice(0, 10).map((h) => `"${h.slice(0, 40)}"`);
    problems.push(`an "eta" column (found: ${found.join(", ")}${header.length > 10 ? ", …" : ""})`);
  }
  if (!index.has("sku") && !index.has("barcode")) problems.push('a "sku" or a "barcode" column');
  if (problems.length > 0) {
    throw new ValidationError(`The file needs ${problems.join(" and ")}`, [
      { field: "csv", message: `missing ${problems.join(" and ")}` },
    ]);
  }
  return index;
}

function rowOf(record: string[], index: Map<Column, number>): SupplierFeedRow {
  const cell = (column: Column): string | undefined => {
    const i = index.get(column);
    return i === undefined ? undefined : (record[i] ?? "");
  };
  const sku = cell("sku");
  const barcode = cell("barcode");
  const quantity = cell("quantity");
  return {
    ...(sku !== undefined ? { sku } : {}),
    ...(barcode !== undefined ? { barcode } : {}),
    eta: cell("eta") ?? "",
    ...(quantity !== undefined ? { quantity } : {}),
  };
}

function isBlank(record: string[]): boolean {
  return record.every((cell) => cell.trim() === "");
}
