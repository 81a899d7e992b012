import { parse } from "csv-parse/sync";
import { ValidationError } from "../../errors.js";
import type { SupplierFeedParser } from "../../use-cases/availability/ports.js";

/** Header names suppliers use for each column, compared trimmed, lower-cased, spaces and dashes as "_". */
const COLUMNS = {
  sku: ["sku", "variant_sku"],
  barcode: ["barcode", "gtin", "ean", "upc"],
  eta: ["eta", "expected_on", "expected_date", "expected_at", "date"],
  quantity: ["quantity", "qty"],
} as const;

type Column = keyof typeof COLUMNS;

/**
 * A supplier's CSV → one row per record, every cell a string (the domain's validateSupplierFeed judges them).
 * The first record is the header. Comma, semicolon (European spreadsheets) and tab separate fields; a UTF-8 BOM is
 * dropped; trailing blank lines are ignored, a blank line in the middle stays a row (it is row N of the merchant's
 * spreadsheet, and the report should say so). A file without an ETA column or without a SKU or barcode column, or
 * that is not CSV at all, is a ValidationError naming the problem.
 */
export const parseSupplierCsv: SupplierFeedParser = (text) => {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: [",", ";", "\t"],
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new ValidationError(
      `The file is not valid CSV${line ? ` (near line ${line})` : ""}: ${(e as Error).message.replace(/^.*?: /, "")}`,
      [{ field: "csv", message: "not valid CSV" }],
    );
  }
  while (records.length > 0 && isBlank(records[records.length - 1])) records.pop();
  const [header, ...data] = records;
  if (!header) throw new ValidationError("The file is empty", [{ field: "csv", message: "empty" }]);

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
  if (!index.has("eta")) problems.push(`an "eta" column (found: ${header.map((h) => `"${h}"`).join(", ")})`);
  if (!index.has("sku") && !index.has("barcode")) problems.push('a "sku" or a "barcode" column');
  if (problems.length > 0) {
    throw new ValidationError(`The file needs ${problems.join(" and ")}`, [
      { field: "csv", message: `missing ${problems.join(" and ")}` },
    ]);
  }
  if (data.length === 0) {
    throw new ValidationError("The file has a header but no rows", [{ field: "csv", message: "no rows" }]);
  }

  const cell = (record: string[], column: Column): string | undefined => {
    const i = index.get(column);
    return i === undefined ? undefined : (record[i] ?? "");
  };
  const rows = data.map((record) => {
    const sku = cell(record, "sku");
    const barcode = cell(record, "barcode");
    const quantity = cell(record, "quantity");
    return {
      ...(sku !== undefined ? { sku } : {}),
      ...(barcode !== undefined ? { barcode } : {}),
      eta: cell(record, "eta") ?? "",
      ...(quantity !== undefined ? { quantity } : {}),
    };
  });
  return { rows, firstRow: 2 };
};

function isBlank(record: string[] | undefined): boolean {
  return record !== undefined && record.every((cell) => cell.trim() === "");
}
