/**
 * The engine's reads of orders and lines (orders.ts), as driver-level SELECTs (../driver-sql.ts): Prisma decoded
 * every row of the hot variant's open lines for each batch, and the Shopify writer's orders and lines again, which
 * was most of the worker's CPU in a sale. Rows become the same domain values as through Prisma (toOrder, toLine).
 */
import type { StoredLine, EngineOrder } from "../../../use-cases/backorder/ports.js";
import { column, selectRows, type DriverRow, type RowFilter } from "../driver-sql.js";
import {
  type Ctx,
  type LineFields,
  type OrderFields,
  LINE_FIELDS,
  ORDER_FIELDS,
  toLine,
  toOrder,
} from "./shared.js";

export async function readLines(ctx: Ctx, shop: string, filter: RowFilter): Promise<StoredLine[]> {
  return (await selectRows(ctx.db, "BackorderLine", LINE_FIELDS, shop, filter)).map(lineOf);
}

export async function readOrders(ctx: Ctx, shop: string, filter: RowFilter): Promise<EngineOrder[]> {
  return (await selectRows(ctx.db, "BackorderOrder", ORDER_FIELDS, shop, filter)).map(orderOf);
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
