/**
 * SELECTs sent to the database driver itself (pg, better-sqlite3), past Prisma's query compiler, client and adapter,
 * for the hottest reads (backorder/orders.ts, availability/line-promises.ts): a sale's worker read ~100,000 line rows
 * and ~20,000 promises through Prisma, most of its CPU. Only reads go here, never inside a transaction (a transaction's statements belong to its own
 * connection); writes stay with Prisma (and its raw statements).
 *
 * A statement is written once for both databases, with `?` placeholders (numbered for PostgreSQL here) and quoted
 * identifiers; values come back as each driver gives them, and `column` below reads them the same way.
 */
import { chunks, IN_CHUNK } from "./backorder/shared.js";
import type { Db } from "./client.js";

export type DriverParam = string | number;
export type DriverRow = Record<string, unknown>;

export interface DriverSql {
  /** The rows of one SELECT. */
  rows(sql: string, params: readonly DriverParam[]): Promise<DriverRow[]>;
}

const drivers = new WeakMap<Db, DriverSql>();

/** createDb (client.ts) registers the driver under the client it made. */
export function registerDriver(db: Db, driver: DriverSql): void {
  drivers.set(db, driver);
}

export function driverOf(db: Db): DriverSql {
  const driver = drivers.get(db);
  if (!driver) throw new Error("this Prisma client was not made by createDb: no driver to read through");
  return driver;
}

/** A condition on top of `"shop" = ?`, its parameters, and the ids of an IN list that ends it (in chunks). */
export interface RowFilter {
  where?: string;
  params?: DriverParam[];
  /** `AND "column" IN (…)`, one statement per IN_CHUNK distinct ids. */
  in?: { column: string; ids: readonly string[] };
}

/** `SELECT fields FROM table WHERE "shop" = ? AND …`: a shop's rows, as the driver gives them. */
export async function selectRows(
  db: Db,
  table: string,
  fields: readonly string[],
  shop: string,
  filter: RowFilter = {},
): Promise<DriverRow[]> {
  const driver = driverOf(db);
  const base = `SELECT ${fields.map((f) => `"${f}"`).join(", ")} FROM "${table}" WHERE "shop" = ?`;
  const sql = filter.where ? `${base} AND ${filter.where}` : base;
  const params = [shop, ...(filter.params ?? [])];
  if (!filter.in) return driver.rows(sql, params);
  const rows: DriverRow[] = [];
  for (const chunk of chunks([...new Set(filter.in.ids)], IN_CHUNK)) {
    const statement = `${sql} AND "${filter.in.column}" IN (${placeholders(chunk.length)})`;
    for (const row of await driver.rows(statement, [...params, ...chunk])) rows.push(row);
  }
  return rows;
}

/** `?` becomes `$1`, `$2`…: the statements never hold a `?` of their own (no literals, no JSON operators). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** "?, ?, ?" for an IN list. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => "?").join(", ");
}

/** Column values as Prisma's own reads would give them. */
export const column = {
  /**
   * A DateTime column: PostgreSQL's `timestamp(3)` comes as its text ("2026-12-07 21:00:00.123", UTC: Prisma stores
   * UTC, see pg-driver.ts), SQLite's as ISO text with an offset or, when written as a number, epoch milliseconds.
   */
  date(value: unknown): Date {
    if (value instanceof Date) return value;
    if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
    if (typeof value !== "string") throw new TypeError(`not a stored instant: ${String(value)}`);
    const utc = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(" ", "T")}Z`;
    const date = new Date(utc);
    if (Number.isNaN(date.getTime())) throw new TypeError(`not a stored instant: ${value}`);
    return date;
  },
  /** A Boolean column: PostgreSQL's true/false, SQLite's 1/0. */
  bool(value: unknown): boolean {
    return value === true || value === 1 || value === 1n;
  },
};
