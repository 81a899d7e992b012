import { isLineStatus, type LineHistoryEntry } from "../../../domain/backorder/index.js";
import { InvalidValueError } from "../../../domain/shared/errors.js";
import { orderSearchText, sortPriorityOf } from "../../backorder-rows.js";
import { type EngineOrder } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { Prisma } from "../generated/sqlite/client.js";
import {
  type SavedLine,
  type SqlValue,
  PARAMS_PER_STATEMENT,
  WRITE_COLUMNS,
  DISPLAY_COLUMNS,
  assertInt,
  toDate,
} from "./shared.js";

// ---------------------------------------------------------------- writing

/**
 * `INSERT INTO table (columns) VALUES (…), (…)`, with `ON CONFLICT (key) DO UPDATE SET c = excluded.c` for every
 * column but the key and `keep`, the update guarded by `onlyIf`. SQLite (3.24+) and PostgreSQL read it the same way.
 * Bound Dates are stored exactly as Prisma's own writes store them (ISO text on SQLite, UTC on PostgreSQL whatever
 * the session time zone). Table and column names are the constants above, never input.
 */
export function insertStatement(s: {
  table: string;
  columns: readonly string[];
  rows: SqlValue[][];
  onConflict?: { key: readonly string[]; keep?: readonly string[]; onlyIf?: Prisma.Sql };
}): Prisma.Sql {
  const name = (c: string) => Prisma.raw(`"${c}"`);
  const insert = Prisma.sql`INSERT INTO ${name(s.table)} (${Prisma.join(s.columns.map(name))})
    VALUES ${Prisma.join(s.rows.map((row) => Prisma.sql`(${Prisma.join(row)})`))}`;
  const conflict = s.onConflict;
  if (!conflict) return insert;
  const updated = s.columns.filter((c) => !conflict.key.includes(c) && !conflict.keep?.includes(c));
  return Prisma.sql`${insert}
    ON CONFLICT (${Prisma.join(conflict.key.map(name))})
    DO UPDATE SET ${Prisma.join(updated.map((c) => Prisma.raw(`"${c}" = excluded."${c}"`)))}
    ${conflict.onlyIf ? Prisma.sql`WHERE ${conflict.onlyIf}` : Prisma.empty}`;
}

export function rowCount(change: { orders: unknown[]; lines: unknown[]; history: unknown[] }): number {
  return change.orders.length + change.lines.length + change.history.length;
}

export function rowsPerStatement(columns: number): number {
  return Math.floor(PARAMS_PER_STATEMENT / columns);
}

export type DisplayColumn = (typeof DISPLAY_COLUMNS)[number];

export function groupByDisplayFields(lines: SavedLine[]): [DisplayColumn[], SavedLine[]][] {
  const groups = new Map<string, [DisplayColumn[], SavedLine[]]>();
  for (const l of lines) {
    const display = DISPLAY_COLUMNS.filter((c) => l[c] !== undefined);
    const k = display.join();
    const group = groups.get(k) ?? [display, []];
    group[1].push(l);
    groups.set(k, group);
  }
  return [...groups.values()];
}

export function orderValues(shop: ShopDomain, o: EngineOrder, now: Date): SqlValue[] {
  return [
    shop,
    o.orderId,
    o.name,
    toDate(o.orderCreatedAt, "orderCreatedAt"),
    toDate(o.sourceUpdatedAt, "sourceUpdatedAt"),
    o.customerId,
    o.customerEmail,
    o.customerName,
    JSON.stringify(o.tags),
    o.cancelled,
    o.syncedMetafield,
    JSON.stringify(o.holds),
    o.backordered,
    o.needsSync,
    o.shopifyTouched,
    orderSearchText(o),
    now,
    now,
  ];
}

/**
 * Queues writes, coalescing with the row already queued for the same target: its version goes up (a writer that
 * claimed the older version leaves the row in place), the more urgent urgency and the earlier due time win, and a
 * row waiting out a retry delay is due again now: the new decision deserves its write.
 */
export function upsertWrites(rows: SqlValue[][]): Prisma.Sql {
  const t = (c: string) => Prisma.raw(`"ShopifyWrite"."${c}"`);
  const x = (c: string) => Prisma.raw(`excluded."${c}"`);
  return Prisma.sql`INSERT INTO "ShopifyWrite" (${Prisma.join(WRITE_COLUMNS.map((c) => Prisma.raw(`"${c}"`)))})
    VALUES ${Prisma.join(rows.map((row) => Prisma.sql`(${Prisma.join(row)})`))}
    ON CONFLICT ("shop", "kind", "targetId") DO UPDATE SET
      "version" = ${t("version")} + 1,
      "urgency" = CASE WHEN ${x("urgency")} < ${t("urgency")} THEN ${x("urgency")} ELSE ${t("urgency")} END,
      "dueAt" = CASE WHEN ${x("dueAt")} < ${t("dueAt")} THEN ${x("dueAt")} ELSE ${t("dueAt")} END`;
}

/** In LINE_COLUMNS order. Raw statements skip Prisma's type checks, so the numbers are checked here. */
export function lineValues(shop: ShopDomain, l: SavedLine, now: Date): SqlValue[] {
  if (!isLineStatus(l.status)) {
    throw new InvalidValueError("status", `unknown line status ${JSON.stringify(l.status)}`);
  }
  if (l.priority !== null) assertInt(l.priority, "priority", true);
  return [
    shop,
    l.lineItemId,
    l.orderId,
    toDate(l.orderCreatedAt, "orderCreatedAt"),
    l.variantId,
    l.inventoryItemId,
    l.locationId,
    l.tracked,
    JSON.stringify(l.tags),
    l.priority,
    l.status,
    assertInt(l.quantity, "quantity"),
    assertInt(l.inStock, "inStock"),
    assertInt(l.allocated, "allocated"),
    assertInt(l.partialAllocations, "partialAllocations"),
    l.quantity - l.inStock - l.allocated,
    sortPriorityOf(l.priority),
    now,
    now,
  ];
}

export function historyValues(id: string, shop: ShopDomain, h: LineHistoryEntry): SqlValue[] {
  return [
    id,
    shop,
    h.lineItemId,
    toDate(h.at, "history.at"),
    h.cause.kind,
    h.cause.ref,
    JSON.stringify(h.event),
    h.from,
    h.to,
    JSON.stringify(h.before),
    JSON.stringify(h.after),
  ];
}
