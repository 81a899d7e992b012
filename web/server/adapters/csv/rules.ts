import { parse } from "csv-parse/sync";
import { RULE_COLUMNS } from "../../domain/selling-rules/index.js";
import { ValidationError } from "../../errors.js";
import type { RuleCsvParser } from "../../use-cases/availability/ports.js";

/** What the export's formula guard (http/csv-writer.ts) put in front of a cell: `'=…`, `'+…`, `'-…`, `'@…`. */
const GUARDED = /^'(?=[=+\-@\t\r])/;
const REQUIRED = ["scope", "mode", "eta_source"] as const;

/**
 * A rules CSV (the admin's export, edited in a spreadsheet) → one record per data row keyed by column name. Header
 * names are compared trimmed and lower-cased with spaces as "_"; comma, semicolon and tab separate fields; a UTF-8 BOM
 * is dropped and trailing blank lines ignored. The apostrophe the export puts before a formula-like cell is taken off
 * again, so an exported file imports back unchanged.
 */
export const parseRulesCsv: RuleCsvParser = (text) => {
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: [",", ";", "\t"], relax_column_count: true }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new ValidationError(`The file is not valid CSV${line ? ` (near line ${line})` : ""}`, [
      { field: "csv", message: "not valid CSV" },
    ]);
  }
  while (records.length > 0 && records[records.length - 1]!.every((c) => c.trim() === "")) records.pop();
  const [header, ...data] = records;
  if (!header) throw new ValidationError("The file is empty", [{ field: "csv", message: "empty" }]);
  const names = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, "_"));
  const missing = REQUIRED.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    throw new ValidationError(
      `The file needs the columns ${missing.join(", ")} (the export's header is ${RULE_COLUMNS.join(",")})`,
      [{ field: "csv", message: `missing ${missing.join(", ")}` }],
    );
  }
  if (data.length === 0) {
    throw new ValidationError("The file has a header but no rows", [{ field: "csv", message: "no rows" }]);
  }
  return {
    records: data.map((cells) =>
      Object.fromEntries(names.map((name, i) => [name, (cells[i] ?? "").replace(GUARDED, "")])),
    ),
    firstRow: 2,
  };
};
