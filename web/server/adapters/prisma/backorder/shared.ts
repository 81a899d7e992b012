import {
  LINE_STATUSES,
  TERMINAL_STATUSES,
  type BackorderLine,
  type LineEvent,
  type LineHistoryEntry,
  type LineQuantities,
  type LineStatus,
  type StockLevel,
} from "../../../domain/backorder/index.js";
import { InvalidValueError } from "../../../domain/shared/errors.js";
import { NO_PROMISE_DAY } from "../../backorder-rows.js";
import { toEpochMs } from "../../../domain/shared/instant.js";
import { assertUnits } from "../../../domain/shared/quantity.js";
import {
  type QueuedWrite,
  type EngineOrder,
  type HoldRecord,
  type StoredLine,
  type VariantInfo,
} from "../../../use-cases/backorder/ports.js";
import type { Clock } from "../../../use-cases/ports.js";
import type { Db } from "../client.js";
import {
  Prisma,
  type BackorderLine as LineRow,
  type BackorderOrder as OrderRow,
  type InventoryLevelMirror as LevelRow,
  type LineHistory as HistoryRow,
  type ShopifyWrite as WriteRow,
  type VariantMirror as VariantRow,
} from "../generated/sqlite/client.js";
import { storedGid } from "../gid-column.js";
import { storedShop } from "../shop-column.js";
import type { SearchSamples } from "./search-sample.js";

export type SavedLine = BackorderLine & {
  productTitle?: string | null;
  variantTitle?: string | null;
  sku?: string | null;
};
export type Pool = { inventoryItemId: string; locationId: string };
export type SqlValue = string | number | boolean | Date | null;

/** Keeps IN lists well under SQLite's and PostgreSQL's bound-parameter limits (32766 / 65535). */
export const IN_CHUNK = 500;
/** Bound parameters per multi-row statement: rows per statement = this / columns. */
export const PARAMS_PER_STATEMENT = 10_000;
/** Int columns are 32-bit on PostgreSQL. */
export const INT32_MAX = 2_147_483_647;

export const OPEN_STATUSES = LINE_STATUSES.filter((s) => !TERMINAL_STATUSES.has(s));

/** The columns toOrder reads (what rows.ts selects). */
export const ORDER_FIELDS = [
  "shop",
  "orderId",
  "name",
  "orderCreatedAt",
  "sourceUpdatedAt",
  "customerId",
  "customerEmail",
  "customerName",
  "tags",
  "cancelled",
  "syncedMetafield",
  "holds",
  "backordered",
  "needsSync",
  "shopifyTouched",
] as const satisfies readonly (keyof OrderRow)[];
export const ORDER_COLUMNS = [...ORDER_FIELDS, "searchText", "createdAt", "updatedAt"] as const;
export const WRITE_COLUMNS = [
  "shop",
  "kind",
  "targetId",
  "urgency",
  "version",
  "dueAt",
  "createdAt",
] as const;
/** A line's own state, in the order LINE_COLUMNS and LINE_FIELDS list it. */
const LINE_STATE = [
  "lineItemId",
  "orderId",
  "orderCreatedAt",
  "variantId",
  "inventoryItemId",
  "locationId",
  "tracked",
  "tags",
  "priority",
  "status",
  "quantity",
  "inStock",
  "allocated",
  "partialAllocations",
] as const satisfies readonly (keyof LineRow)[];
export const LINE_COLUMNS = [
  "shop",
  ...LINE_STATE,
  "waitingUnits",
  "sortPriority",
  "createdAt",
  "updatedAt",
] as const;
export const DISPLAY_COLUMNS = ["productTitle", "variantTitle", "sku"] as const;
/** The columns toLine reads (what rows.ts selects). */
export const LINE_FIELDS = [...LINE_STATE, ...DISPLAY_COLUMNS, "sortPromise", "updatedAt"] as const;
export const HISTORY_COLUMNS = [
  "id",
  "shop",
  "lineItemId",
  "at",
  "causeKind",
  "causeRef",
  "event",
  "fromStatus",
  "toStatus",
  "before",
  "after",
] as const;
export const LEVEL_COLUMNS = [
  "shop",
  "inventoryItemId",
  "locationId",
  "available",
  "asOf",
  "updatedAt",
] as const;
export const VARIANT_COLUMNS = [
  "shop",
  "variantId",
  "productId",
  "inventoryItemId",
  "sku",
  "tracked",
  "inventoryPolicy",
  "asOf",
  "updatedAt",
] as const;

/**
 * The backorder engine's inventory and variant mirrors, orders, lines and line history, in Prisma (SQLite and

/** What the repository's modules work with. */
export type Ctx = { db: Db; clock: Clock; historyId: () => string; textSearch: TextSearch };

/** How the list's text search reads (list-search.ts). */
export interface TextSearch {
  /** false: never through the trigram indexes (the baseline bench/list.bench.ts measures them against). */
  index: boolean;
  /** Candidate rows an index read stops at before the search walks the sort index instead. */
  candidateLimit: number;
  samples: SearchSamples;
}

export function toWrite(row: WriteRow): QueuedWrite {
  return {
    shop: storedShop(row.shop),
    kind: row.kind === "variant" ? "variant" : "order",
    targetId: row.targetId,
    urgency: row.urgency,
    version: row.version,
    dueAt: row.dueAt,
    attempts: row.attempts,
    lastError: row.lastError,
  };
}

export function assertInt(value: number, field: string, allowNegative = false): number {
  assertUnits(value, field, { allowNegative });
  if (Math.abs(value) > INT32_MAX)
    throw new InvalidValueError(field, `${value} does not fit a 32-bit integer`);
  return value;
}

export function toDate(value: string | Date, field: string): Date {
  return new Date(toEpochMs(value, field));
}

// ---------------------------------------------------------------- reading
// GIDs were checked when they were written (storedGid checks them again, cheaply); statuses too.

export function toLevel(row: LevelRow): StockLevel {
  return {
    inventoryItemId: storedGid("InventoryItem", row.inventoryItemId),
    locationId: storedGid("Location", row.locationId),
    available: row.available,
    asOf: row.asOf.toISOString(),
  };
}

export function toVariant(row: VariantRow): VariantInfo {
  return {
    variantId: storedGid("ProductVariant", row.variantId),
    productId: storedGid("Product", row.productId),
    inventoryItemId: storedGid("InventoryItem", row.inventoryItemId),
    sku: row.sku,
    tracked: row.tracked,
    inventoryPolicy: row.inventoryPolicy as VariantInfo["inventoryPolicy"],
    asOf: row.asOf,
  };
}

export type OrderFields = Pick<OrderRow, (typeof ORDER_FIELDS)[number]>;
export type LineFields = Pick<LineRow, (typeof LINE_FIELDS)[number]>;

export function toOrder(row: OrderFields): EngineOrder {
  return {
    shop: storedShop(row.shop),
    orderId: storedGid("Order", row.orderId),
    name: row.name,
    orderCreatedAt: row.orderCreatedAt,
    sourceUpdatedAt: row.sourceUpdatedAt,
    customerId: row.customerId,
    customerEmail: row.customerEmail,
    customerName: row.customerName,
    tags: JSON.parse(row.tags) as string[],
    cancelled: row.cancelled,
    syncedMetafield: row.syncedMetafield,
    holds: JSON.parse(row.holds) as HoldRecord[],
    backordered: row.backordered,
    needsSync: row.needsSync,
    shopifyTouched: row.shopifyTouched,
  };
}

export function toLine(row: LineFields): StoredLine {
  return {
    lineItemId: storedGid("LineItem", row.lineItemId),
    orderId: storedGid("Order", row.orderId),
    orderCreatedAt: row.orderCreatedAt.toISOString(),
    variantId: storedGid("ProductVariant", row.variantId),
    inventoryItemId: storedGid("InventoryItem", row.inventoryItemId),
    locationId: storedGid("Location", row.locationId),
    tracked: row.tracked,
    tags: JSON.parse(row.tags) as string[],
    priority: row.priority,
    status: row.status as LineStatus,
    quantity: row.quantity,
    inStock: row.inStock,
    allocated: row.allocated,
    partialAllocations: row.partialAllocations,
    productTitle: row.productTitle,
    variantTitle: row.variantTitle,
    sku: row.sku,
    // Only a dated promise shows (as the memory repository does).
    ...(row.sortPromise === NO_PROMISE_DAY ? {} : { promisedDay: row.sortPromise }),
    updatedAt: row.updatedAt,
  };
}

export function toHistory(row: HistoryRow): LineHistoryEntry {
  return {
    lineItemId: storedGid("LineItem", row.lineItemId),
    at: row.at.toISOString(),
    cause: { kind: row.causeKind as LineHistoryEntry["cause"]["kind"], ref: row.causeRef },
    event: JSON.parse(row.event) as LineEvent,
    from: row.fromStatus as LineStatus,
    to: row.toStatus as LineStatus,
    before: JSON.parse(row.before) as LineQuantities,
    after: JSON.parse(row.after) as LineQuantities,
  };
}

// ---------------------------------------------------------------- helpers

export function customerFilter(customerId: string, orderIds: string[]): Prisma.BackorderOrderWhereInput {
  return {
    OR: [{ customerId }, ...(orderIds.length > 0 ? [{ orderId: { in: orderIds } }] : [])],
  };
}

export function poolKey(p: Pool): string {
  return `${p.inventoryItemId}\u0000${p.locationId}`;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

export function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}
