/**
 * CSV for spreadsheets (RFC 4180: comma, CRLF, fields with a comma, quote or line break quoted, quotes doubled),
 * safe to open: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by Excel,
 * LibreOffice and Google Sheets, so it gets a leading apostrophe and shows as the text it is.
 * https://owasp.org/www-community/attacks/CSV_Injection
 */
import type { Response } from "express";

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  // Numbers are ours (never shop input): a negative number stays a number.
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}

/**
 * Streams rows as CSV: the header, then each batch as it comes, waiting for the client to drain what it was sent (a
 * slow download never holds the whole export in memory). The first batch is read before anything is sent, so a
 * failure there is an ordinary JSON error; a failure later can only cut the download short.
 */
export async function streamCsv(
  res: Response,
  filename: string,
  header: readonly string[],
  batches: AsyncIterable<readonly (readonly CsvCell[])[]>,
): Promise<void> {
  const iterator = batches[Symbol.asyncIterator]();
  let next = await iterator.next();
  res.status(200);
  res.setHeader("Content-Type", "text/csv; charset=utf-8");
  res.setHeader("Content-Disposition", `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`);
  res.setHeader("Cache-Control", "no-store");
  // A BOM so Excel reads the file as UTF-8 (names with accents).
  await write(res, "\uFEFF" + csvRow(header));
  try {
    while (!next.done) {
      if (res.destroyed) {
        await iterator.return?.();
        return;
      }
      await write(res, next.value.map(csvRow).join(""));
      next = await iterator.next();
    }
  } catch (error) {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  res.end();
}

function write(res: Response, chunk: string): Promise<void> {
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
