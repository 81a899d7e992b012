/**
 * The engine's reads of orders and lines (orders.ts), as driver-level SELECTs (../driver-sql.ts): Prisma decoded
 * every row of the hot variant's open lines for each batch, and the Shopify writer's orders and lines again, which
 * was most of the worker's CPU in a sale. Rows become the same domain values as through Prisma (toOrder, toLine).
 */
import type { StoredLine, EngineOrder } from "../../../use-cases/backorder/ports.js";
import { column, driverOf, placeholders, type DriverParam, type DriverRow } from "../driver-sql.js";
import {
  type Ctx,
  type LineFields,
  type OrderFields,
  IN_CHUNK,
  LINE_FIELDS,
  ORDER_FIELDS,
  chunks,
  toLine,
  toOrder,
} from "./shared.js";

const select = (fields: readonly string[], table: string) =>
  `SELECT ${fields.map((f) => `"${f}"`).join(", ")} FROM "${table}" WHERE "shop" = ?`;
const LINES = select(LINE_FIELDS, "BackorderLine");
const ORDERS = select(ORDER_FIELDS, "BackorderOrder");

/** A condition on top of `"shop" = ?`, its parameters, and the ids of an IN list that ends it (in chunks). */
export interface RowFilter {
  where?: string;
  params?: DriverParam[];
  /** `AND "column" IN (…)`, one statement per IN_CHUNK ids. */
  in?: { column: string; ids: readonly string[] };
}

async function read(ctx: Ctx, base: string, shop: string, filter: RowFilter): Promise<DriverRow[]> {
  const driver = driverOf(ctx.db);
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

export async function readLines(ctx: Ctx, shop: string, filter: RowFilter): Promise<StoredLine[]> {
  return (await read(ctx, LINES, shop, filter)).map(lineOf);
}

export async function readOrders(ctx: Ctx, shop: string, filter: RowFilter): Promise<EngineOrder[]> {
  return (await read(ctx, ORDERS, shop, filter)).map(orderOf);
}

/** The row is the driver's own object: its instants and flags are read in place. */
function lineOf(row: DriverRow): StoredLine {
  row.orderCreatedAt = column.date(row.orderCreatedAt);
  row.updatedAt = column.date(row.updatedAt);
  row.tracked = column.bool(row.tracked);
  return toLine(row as LineFields);
}

function orderOf(row: DriverRow): EngineOrder {
  row.orderCreatedAt = column.date(row.orderCreatedAt);
  row.sourceUpdatedAt = column.date(row.sourceUpdatedAt);
  for (const flag of ["cancelled", "backordered", "needsSync", "shopifyTouched"])
    row[flag] = column.bool(row[flag]);
  return toOrder(row as OrderFields);
}
