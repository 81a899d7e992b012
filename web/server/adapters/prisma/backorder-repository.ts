import { randomBytes } from "node:crypto";
import {
  TERMINAL_STATUSES,
  compareFirstComeFirstServed,
  type BackorderLine,
  type LineEvent,
  type LineHistoryEntry,
  type LineQuantities,
  type LineStatus,
  type StockLevel,
} from "../../domain/backorder/index.js";
import { InvalidValueError } from "../../domain/shared/errors.js";
import {
  compareForSort,
  decodeLineCursor,
  encodeLineCursor,
  lineSearchText,
  normaliseSearch,
  orderSearchText,
  rejectDuplicates,
  writesOf,
  sortPriorityOf,
  type LineCursor,
} from "../backorder-rows.js";
import {
  compareGids,
  type InventoryItemGid,
  type LineItemGid,
  type LocationGid,
  type OrderGid,
  type ProductVariantGid,
} from "../../domain/shared/gid.js";
import { toEpochMs } from "../../domain/shared/instant.js";
import { assertUnits } from "../../domain/shared/quantity.js";
import {
  SEARCH_ORDER_LIMIT,
  type BackorderRepository,
  type DecisionChange,
  type QueuedWrite,
  type EngineOrder,
  type HoldRecord,
  type LineFilter,
  type LineSort,
  type StoredLine,
  type VariantInfo,
} from "../../use-cases/backorder/ports.js";
import type { Clock, ShopDomain } from "../../use-cases/ports.js";
import type { Db } from "./client.js";
import {
  Prisma,
  type BackorderLine as LineRow,
  type BackorderOrder as OrderRow,
  type InventoryLevelMirror as LevelRow,
  type LineHistory as HistoryRow,
  type ShopifyWrite as WriteRow,
  type VariantMirror as VariantRow,
} from "./generated/sqlite/client.js";

type SavedLine = BackorderLine & {
  productTitle?: string | null;
  variantTitle?: string | null;
  sku?: string | null;
};
type Pool = { inventoryItemId: string; locationId: string };
type SqlValue = string | number | boolean | Date | null;

/** Keeps IN lists well under SQLite's and PostgreSQL's bound-parameter limits (32766 / 65535). */
const IN_CHUNK = 500;
/** Bound parameters per multi-row statement: rows per statement = this / columns. */
const PARAMS_PER_STATEMENT = 10_000;
/** Int columns are 32-bit on PostgreSQL. */
const INT32_MAX = 2_147_483_647;

/** Every status, spelled once: the Record makes the compiler reject a missing or unknown one. */
const STATUS_SET: Record<LineStatus, true> = {
  new: true,
  in_stock: true,
  backordered: true,
  partially_allocated: true,
  allocated: true,
  released: true,
  fulfilled: true,
  cancelled: true,
  substituted: true,
};
const OPEN_STATUSES = (Object.keys(STATUS_SET) as LineStatus[]).filter((s) => !TERMINAL_STATUSES.has(s));

const ORDER_COLUMNS = [
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
  "searchText",
  "createdAt",
  "updatedAt",
] as const;
const WRITE_COLUMNS = ["shop", "kind", "targetId", "urgency", "version", "dueAt", "createdAt"] as const;
const LINE_COLUMNS = [
  "shop",
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
  "waitingUnits",
  "sortPriority",
  "createdAt",
  "updatedAt",
] as const;
const DISPLAY_COLUMNS = ["productTitle", "variantTitle", "sku"] as const;
const HISTORY_COLUMNS = [
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
const VARIANT_COLUMNS = [
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
 * PostgreSQL, one code path).
 *
 * Times are stored as UTC milliseconds. Instants come back as ISO strings in the form "2026-11-24T08:00:00.000Z"
 * (a line's `orderCreatedAt`, a history entry's `at`, a level's `asOf`), whatever offset they were saved with; the
 * fields the port types as Date (orders, variants, `updatedAt`) come back as Dates.
 *
 * Big writes (saveDecision, upsertVariants) are multi-row `INSERT … ON CONFLICT … DO UPDATE` statements, which both
 * databases accept as written: a restock touching thousands of lines costs a few statements, not one per row
 * (10,000 new lines with their orders and history: about 1.5 s on SQLite and 2.3 s on PostgreSQL here, against some
 * 27 s and 42 s with one upsert per row).
 */
export class PrismaBackorderRepository implements BackorderRepository {
  private lastHistoryMs = 0;
  private historySeq = 0;

  constructor(
    private readonly db: Db,
    /** Stamps createdAt/updatedAt of what saveDecision and markSynced write. */
    private readonly clock: Clock = { now: () => new Date() },
  ) {}

  // ---- inventory mirror

  async upsertLevel(shop: ShopDomain, level: StockLevel & { asOf: Date }): Promise<boolean> {
    const id = { shop, inventoryItemId: level.inventoryItemId, locationId: level.locationId };
    const data = { available: level.available, asOf: level.asOf };
    // A conditional update first (it only touches a row whose asOf is not newer: an equal asOf is the same level
    // delivered again), then an insert. An insert that loses a race to a concurrent one (P2002) retries the update.
    const update = () =>
      this.db.inventoryLevelMirror.updateMany({ where: { ...id, asOf: { lte: level.asOf } }, data });
    if ((await update()).count > 0) return true;
    try {
      await this.db.inventoryLevelMirror.create({ data: { ...id, ...data } });
      return true;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
    return (await update()).count > 0;
  }

  async getLevels(shop: ShopDomain, pools: Pool[]): Promise<StockLevel[]> {
    const rows = await this.findByPools(pools, (locationId, itemIds) =>
      this.db.inventoryLevelMirror.findMany({
        where: { shop, locationId, inventoryItemId: { in: itemIds } },
      }),
    );
    // In the order asked for, each pool once.
    const byPool = new Map(rows.map((r) => [poolKey(r), r]));
    return [...new Set(pools.map(poolKey))].flatMap((k) => {
      const row = byPool.get(k);
      return row ? [toLevel(row)] : [];
    });
  }

  async levelsOfItem(shop: ShopDomain, inventoryItemId: string): Promise<StockLevel[]> {
    const rows = await this.db.inventoryLevelMirror.findMany({
      where: { shop, inventoryItemId },
      orderBy: { locationId: "asc" },
    });
    return rows.map(toLevel);
  }

  // ---- variant mirror

  async upsertVariants(shop: ShopDomain, variants: VariantInfo[]): Promise<void> {
    // One row per variant, the newest (the last of equals), as if they had been applied one by one. PostgreSQL also
    // refuses a statement that would upsert one row twice.
    const newest = new Map<string, VariantInfo>();
    for (const v of variants) {
      const seen = newest.get(v.variantId);
      if (!seen || seen.asOf.getTime() <= v.asOf.getTime()) newest.set(v.variantId, v);
    }
    const now = this.clock.now();
    const rows = [...newest.values()].map((v): SqlValue[] => [
      shop,
      v.variantId,
      v.productId,
      v.inventoryItemId,
      v.sku,
      v.tracked,
      v.inventoryPolicy,
      toDate(v.asOf, "asOf"),
      now,
    ]);
    // The conflict update only happens when the stored asOf is not newer, all in one statement: two concurrent first
    // inserts cannot both insert (the primary key decides) and the loser's row still goes through the asOf check.
    for (const chunk of chunks(rows, rowsPerStatement(VARIANT_COLUMNS.length))) {
      await this.db.$executeRaw(
        insertStatement({
          table: "VariantMirror",
          columns: VARIANT_COLUMNS,
          rows: chunk,
          onConflict: {
            key: ["shop", "variantId"],
            onlyIf: Prisma.sql`"VariantMirror"."asOf" <= excluded."asOf"`,
          },
        }),
      );
    }
  }

  async getVariants(shop: ShopDomain, variantIds: string[]): Promise<VariantInfo[]> {
    const ids = [...new Set(variantIds)];
    const rows: VariantRow[] = [];
    for (const chunk of chunks(ids, IN_CHUNK)) {
      rows.push(...(await this.db.variantMirror.findMany({ where: { shop, variantId: { in: chunk } } })));
    }
    const byId = new Map(rows.map((r) => [r.variantId, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toVariant(row)] : [];
    });
  }

  async variantsOfItem(shop: ShopDomain, inventoryItemId: string): Promise<VariantInfo[]> {
    const rows = await this.db.variantMirror.findMany({
      where: { shop, inventoryItemId },
      orderBy: { variantId: "asc" },
    });
    return rows.map(toVariant);
  }

  // ---- orders and lines

  async getOrder(shop: ShopDomain, orderId: string): Promise<EngineOrder | null> {
    const row = await this.db.backorderOrder.findUnique({ where: { shop_orderId: { shop, orderId } } });
    return row ? toOrder(row) : null;
  }

  async getOrders(shop: ShopDomain, orderIds: string[]): Promise<EngineOrder[]> {
    const rows: OrderRow[] = [];
    for (const chunk of chunks([...new Set(orderIds)], IN_CHUNK)) {
      rows.push(...(await this.db.backorderOrder.findMany({ where: { shop, orderId: { in: chunk } } })));
    }
    return rows.map(toOrder);
  }

  async linesOfOrder(shop: ShopDomain, orderId: string): Promise<StoredLine[]> {
    const rows = await this.db.backorderLine.findMany({ where: { shop, orderId } });
    return rows.map(toLine).sort((a, b) => compareGids(a.lineItemId, b.lineItemId));
  }

  async openLinesOfPools(shop: ShopDomain, pools: Pool[]): Promise<StoredLine[]> {
    // shop = · AND locationId = · AND inventoryItemId IN (…) AND status IN (…): a range scan of the
    // (shop, inventoryItemId, locationId, status) index per item.
    const rows = await this.findByPools(pools, (locationId, itemIds) =>
      this.db.backorderLine.findMany({
        where: { shop, locationId, inventoryItemId: { in: itemIds }, status: { in: OPEN_STATUSES } },
      }),
    );
    // Sorted here rather than by the database: the engine's tie-break compares ids numerically, SQL as text.
    return rows.map(toLine).sort(compareFirstComeFirstServed);
  }

  async openLinesOfVariants(
    shop: ShopDomain,
    variantIds: string[],
    statuses: LineStatus[] = OPEN_STATUSES,
  ): Promise<StoredLine[]> {
    // shop = · AND status IN (…) AND variantId IN (…): the (shop, status) index; waiting lines are few.
    const rows: LineRow[] = [];
    for (const chunk of chunks([...new Set(variantIds)], IN_CHUNK)) {
      rows.push(
        ...(await this.db.backorderLine.findMany({
          where: { shop, variantId: { in: chunk }, status: { in: statuses } },
        })),
      );
    }
    return rows.map(toLine).sort(compareFirstComeFirstServed);
  }

  async saveDecision(shop: ShopDomain, change: DecisionChange): Promise<void> {
    rejectDuplicates(change);
    const now = this.clock.now();
    // Rows are converted (and checked) just before each statement, inside the transaction: a bad value anywhere
    // rolls back what was already written.
    await this.db.$transaction(
      async (tx) => {
        for (const chunk of chunks(change.orders, rowsPerStatement(ORDER_COLUMNS.length))) {
          await tx.$executeRaw(
            insertStatement({
              table: "BackorderOrder",
              columns: ORDER_COLUMNS,
              rows: chunk.map((o) => orderValues(shop, o, now)),
              onConflict: { key: ["shop", "orderId"], keep: ["createdAt"] },
            }),
          );
        }
        // Display fields left undefined keep what is stored (the engine passes lines without them), so lines are
        // written in groups of the display fields they carry.
        for (const [display, lines] of groupByDisplayFields(change.lines)) {
          // The search text follows the display fields when all of them come (it is made of them).
          const search = display.length === DISPLAY_COLUMNS.length ? (["searchText"] as const) : [];
          const columns = [...LINE_COLUMNS, ...display, ...search];
          for (const chunk of chunks(lines, rowsPerStatement(columns.length))) {
            await tx.$executeRaw(
              insertStatement({
                table: "BackorderLine",
                columns,
                rows: chunk.map((l) => [
                  ...lineValues(shop, l, now),
                  ...display.map((c) => l[c] ?? null),
                  ...search.map(() => lineSearchText(l)),
                ]),
                onConflict: { key: ["shop", "lineItemId"], keep: ["createdAt"] },
              }),
            );
          }
        }
        for (const chunk of chunks(change.history, rowsPerStatement(HISTORY_COLUMNS.length))) {
          await tx.$executeRaw(
            insertStatement({
              table: "LineHistory",
              columns: HISTORY_COLUMNS,
              rows: chunk.map((h) => historyValues(this.historyId(), shop, h)),
            }),
          );
        }
        const writes = writesOf(change);
        for (const chunk of chunks(writes, rowsPerStatement(WRITE_COLUMNS.length))) {
          await tx.$executeRaw(
            upsertWrites(chunk.map((w) => [shop, w.kind, w.targetId, w.urgency, 1, now, now])),
          );
        }
      },
      // A restock over a huge queue writes every line it moves in this one transaction (100,000 lines ≈ a minute on
      // PostgreSQL here, BENCHMARKS.md): the time allowed grows with the rows, from 30 s.
      { maxWait: 10_000, timeout: Math.max(30_000, rowCount(change) * 2) },
    );
  }

  async ordersNeedingSync(shop: ShopDomain, limit: number): Promise<EngineOrder[]> {
    const rows = await this.db.backorderOrder.findMany({
      where: { shop, needsSync: true },
      orderBy: [{ orderCreatedAt: "asc" }, { orderId: "asc" }],
      take: Math.max(0, Math.floor(limit)),
    });
    return rows.map(toOrder);
  }

  async markSynced(
    shop: ShopDomain,
    orderId: string,
    state: { syncedMetafield: string; holds: HoldRecord[]; backordered: boolean; needsSync?: boolean },
  ): Promise<void> {
    // updateMany: a no-op for an order deleted in between (shop/redact).
    await this.db.backorderOrder.updateMany({
      where: { shop, orderId },
      data: {
        syncedMetafield: state.syncedMetafield,
        holds: JSON.stringify(state.holds),
        backordered: state.backordered,
        needsSync: state.needsSync ?? false,
        shopifyTouched: true,
        updatedAt: this.clock.now(),
      },
    });
  }

  // ---- Shopify write outbox

  async shopsWithDueWrites(now: Date): Promise<ShopDomain[]> {
    const rows = await this.db.shopifyWrite.findMany({
      where: { dueAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      distinct: ["shop"],
      select: { shop: true },
    });
    return rows.map((r) => r.shop).sort();
  }

  async claimWrites(shop: ShopDomain, now: Date, limit: number, leaseMs: number): Promise<QueuedWrite[]> {
    const free = { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] };
    const candidates = await this.db.shopifyWrite.findMany({
      where: { shop, dueAt: { lte: now }, ...free },
      orderBy: [{ urgency: "asc" }, { dueAt: "asc" }, { targetId: "asc" }],
      take: Math.max(1, Math.floor(limit)),
    });
    const lockedUntil = new Date(now.getTime() + leaseMs);
    const claimed: QueuedWrite[] = [];
    // One conditional update per row: another writer process that took the row first makes ours match nothing.
    for (const row of candidates) {
      const { count } = await this.db.shopifyWrite.updateMany({
        where: { shop, kind: row.kind, targetId: row.targetId, version: row.version, ...free },
        data: { lockedUntil },
      });
      if (count === 1) claimed.push(toWrite(row));
    }
    return claimed;
  }

  async finishWrite(write: QueuedWrite): Promise<void> {
    const key = { shop: write.shop, kind: write.kind, targetId: write.targetId };
    const { count } = await this.db.shopifyWrite.deleteMany({ where: { ...key, version: write.version } });
    // A change came in while the write ran: its row stays, due now, for the next round.
    if (count === 0) await this.db.shopifyWrite.updateMany({ where: key, data: { lockedUntil: null } });
  }

  async retryWrite(write: QueuedWrite, dueAt: Date, error: string): Promise<void> {
    await this.db.shopifyWrite.updateMany({
      where: { shop: write.shop, kind: write.kind, targetId: write.targetId },
      data: { dueAt, attempts: { increment: 1 }, lastError: error.slice(0, 1000), lockedUntil: null },
    });
  }

  async pendingWrites(shop: ShopDomain): Promise<QueuedWrite[]> {
    const rows = await this.db.shopifyWrite.findMany({
      where: { shop },
      orderBy: [{ urgency: "asc" }, { dueAt: "asc" }, { targetId: "asc" }],
    });
    return rows.map(toWrite);
  }

  // ---- admin

  async listLines(
    shop: ShopDomain,
    filter: LineFilter,
  ): Promise<{ lines: StoredLine[]; nextCursor: string | null; searchTruncated?: boolean }> {
    const limit = Math.max(1, Math.floor(filter.limit));
    const sort = filter.sort ?? "newest";
    const after = filter.cursor ? decodeLineCursor(filter.cursor, sort).keys : null;
    const where: Prisma.Sql[] = [Prisma.sql`"shop" = ${shop}`];
    if (filter.variantId !== undefined) where.push(Prisma.sql`"variantId" = ${filter.variantId}`);
    if (filter.orderId !== undefined) where.push(Prisma.sql`"orderId" = ${filter.orderId}`);
    if (filter.createdBefore) where.push(Prisma.sql`"orderCreatedAt" < ${filter.createdBefore}`);
    if (filter.customerId !== undefined) {
      // Lines carry no customer: it is their order's. The schema has no line → order relation to join on, so the
      // customer's order ids (index shop, customerId) are read first; a customer has few orders.
      const orders = await this.db.backorderOrder.findMany({
        where: { shop, customerId: filter.customerId },
        select: { orderId: true },
      });
      if (orders.length === 0) return { lines: [], nextCursor: null };
      where.push(Prisma.sql`"orderId" IN (${Prisma.join(orders.map((o) => o.orderId))})`);
    }
    let searchTruncated: boolean | undefined;
    const term = filter.search !== undefined ? normaliseSearch(filter.search) : "";
    if (term) {
      // Order name and customer live on the order: the matching orders first (bounded), then their lines.
      const orders = await this.db.backorderOrder.findMany({
        where: { shop, searchText: { contains: term } },
        select: { orderId: true },
        orderBy: { orderId: "asc" },
        take: SEARCH_ORDER_LIMIT + 1,
      });
      searchTruncated = orders.length > SEARCH_ORDER_LIMIT;
      const ids = orders.slice(0, SEARCH_ORDER_LIMIT).map((o) => o.orderId);
      const like = Prisma.sql`"searchText" LIKE ${`%${term.replace(/[\\%_]/g, "\\$&")}%`} ESCAPE '\\'`;
      where.push(ids.length > 0 ? Prisma.sql`(${like} OR "orderId" IN (${Prisma.join(ids)}))` : like);
    }
    if (after) where.push(keysetAfter(sort, after));
    // One sub-query per status, in one statement: each walks its (shop, status, sort key) index in order and stops
    // after a page, where one `status IN (…)` query would sort every matching line first. Merged here.
    const statuses = [...new Set(filter.status ?? (Object.keys(STATUS_SET) as LineStatus[]))];
    if (statuses.length === 0) return { lines: [], nextCursor: null };
    const conditions = Prisma.join(where, " AND ");
    const branches = statuses.map(
      (status, i) =>
        Prisma.sql`SELECT * FROM (SELECT * FROM "BackorderLine" WHERE "status" = ${status} AND ${conditions}
          ORDER BY ${Prisma.raw(ORDER_BY[sort])} LIMIT ${limit + 1}) ${Prisma.raw(`s${i}`)}`,
    );
    const raw = await this.db.$queryRaw<Record<string, unknown>[]>(Prisma.join(branches, " UNION ALL "));
    const compare = compareForSort(sort);
    const rows = raw
      .map(fromRawLine)
      .sort((a, b) => compare(a, b))
      .slice(0, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      lines: page.map(toLine),
      nextCursor: rows.length > limit && last ? encodeLineCursor(sort, last) : null,
      ...(searchTruncated !== undefined ? { searchTruncated } : {}),
    };
  }

  async getLine(shop: ShopDomain, lineItemId: string): Promise<StoredLine | null> {
    const row = await this.db.backorderLine.findUnique({ where: { shop_lineItemId: { shop, lineItemId } } });
    return row ? toLine(row) : null;
  }

  async lineHistory(shop: ShopDomain, lineItemId: string): Promise<LineHistoryEntry[]> {
    const rows = await this.db.lineHistory.findMany({
      where: { shop, lineItemId },
      orderBy: [{ at: "asc" }, { id: "asc" }],
    });
    return rows.map(toHistory);
  }

  async stats(shop: ShopDomain): Promise<{
    lines: Partial<Record<LineStatus, number>>;
    waitingUnits: number;
    backorderedOrders: number;
  }> {
    const [groups, open, backorderedOrders] = await Promise.all([
      this.db.backorderLine.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } }),
      this.db.backorderLine.aggregate({
        where: { shop, status: { in: OPEN_STATUSES } },
        _sum: { quantity: true, inStock: true, allocated: true },
      }),
      this.db.backorderOrder.count({ where: { shop, backordered: true } }),
    ]);
    const lines: Partial<Record<LineStatus, number>> = {};
    for (const g of groups) lines[g.status as LineStatus] = g._count._all;
    const sum = open._sum;
    const waitingUnits = (sum.quantity ?? 0) - (sum.inStock ?? 0) - (sum.allocated ?? 0);
    return { lines, waitingUnits, backorderedOrders };
  }

  // ---- privacy (GDPR)

  async redactCustomer(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<number> {
    // Orders already blank are left alone, so a repeated customers/redact reports 0.
    const where = {
      shop,
      ...customerFilter(customerId, orderIds),
      NOT: { customerEmail: null, customerName: null },
    };
    return this.db.$transaction(async (tx) => {
      const orders = await tx.backorderOrder.findMany({ where, select: { orderId: true, name: true } });
      // The search text held the customer's name and email too: it keeps only the order name.
      for (const o of orders) {
        await tx.backorderOrder.update({
          where: { shop_orderId: { shop, orderId: o.orderId } },
          data: {
            customerEmail: null,
            customerName: null,
            searchText: orderSearchText({ name: o.name, customerName: null, customerEmail: null }),
          },
        });
      }
      return orders.length;
    });
  }

  async ordersOfCustomer(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<EngineOrder[]> {
    const rows = await this.db.backorderOrder.findMany({
      where: { shop, ...customerFilter(customerId, orderIds) },
      orderBy: [{ orderCreatedAt: "asc" }, { orderId: "asc" }],
    });
    return rows.map(toOrder);
  }

  async deleteByShop(shop: ShopDomain): Promise<void> {
    const where = { where: { shop } };
    await this.db.$transaction([
      this.db.inventoryLevelMirror.deleteMany(where),
      this.db.variantMirror.deleteMany(where),
      this.db.backorderOrder.deleteMany(where),
      this.db.backorderLine.deleteMany(where),
      this.db.shopifyWrite.deleteMany(where),
      this.db.lineHistory.deleteMany(where),
    ]);
  }

  /**
   * The save time (base 36), a counter and 48 random bits: unique across processes, and increasing within this
   * repository, so entries with the same `at` read back in the order they were saved (lineHistory sorts on at, id).
   */
  private historyId(): string {
    this.lastHistoryMs = Math.max(this.lastHistoryMs, Date.now());
    const seq = (this.historySeq++).toString(36).padStart(8, "0");
    return `${this.lastHistoryMs.toString(36).padStart(9, "0")}${seq}${randomBytes(6).toString("hex")}`;
  }

  /** One query per location and IN-chunk of items: pools almost always share a location (pools.ts). */
  private async findByPools<T>(
    pools: Pool[],
    query: (locationId: string, itemIds: string[]) => Promise<T[]>,
  ): Promise<T[]> {
    const byLocation = new Map<string, Set<string>>();
    for (const p of pools) {
      const items = byLocation.get(p.locationId) ?? new Set<string>();
      items.add(p.inventoryItemId);
      byLocation.set(p.locationId, items);
    }
    const rows: T[] = [];
    for (const [locationId, items] of byLocation) {
      for (const chunk of chunks([...items], IN_CHUNK)) rows.push(...(await query(locationId, chunk)));
    }
    return rows;
  }
}

// ---------------------------------------------------------------- writing

/**
 * `INSERT INTO table (columns) VALUES (…), (…)`, with `ON CONFLICT (key) DO UPDATE SET c = excluded.c` for every
 * column but the key and `keep`, the update guarded by `onlyIf`. SQLite (3.24+) and PostgreSQL read it the same way.
 * Bound Dates are stored exactly as Prisma's own writes store them (ISO text on SQLite, UTC on PostgreSQL whatever
 * the session time zone). Table and column names are the constants above, never input.
 */
function insertStatement(s: {
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

function rowCount(change: { orders: unknown[]; lines: unknown[]; history: unknown[] }): number {
  return change.orders.length + change.lines.length + change.history.length;
}

function rowsPerStatement(columns: number): number {
  return Math.floor(PARAMS_PER_STATEMENT / columns);
}

type DisplayColumn = (typeof DISPLAY_COLUMNS)[number];

function groupByDisplayFields(lines: SavedLine[]): [DisplayColumn[], SavedLine[]][] {
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

function orderValues(shop: ShopDomain, o: EngineOrder, now: Date): SqlValue[] {
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
function upsertWrites(rows: SqlValue[][]): Prisma.Sql {
  const t = (c: string) => Prisma.raw(`"ShopifyWrite"."${c}"`);
  const x = (c: string) => Prisma.raw(`excluded."${c}"`);
  return Prisma.sql`INSERT INTO "ShopifyWrite" (${Prisma.join(WRITE_COLUMNS.map((c) => Prisma.raw(`"${c}"`)))})
    VALUES ${Prisma.join(rows.map((row) => Prisma.sql`(${Prisma.join(row)})`))}
    ON CONFLICT ("shop", "kind", "targetId") DO UPDATE SET
      "version" = ${t("version")} + 1,
      "urgency" = CASE WHEN ${x("urgency")} < ${t("urgency")} THEN ${x("urgency")} ELSE ${t("urgency")} END,
      "dueAt" = CASE WHEN ${x("dueAt")} < ${t("dueAt")} THEN ${x("dueAt")} ELSE ${t("dueAt")} END`;
}

function toWrite(row: WriteRow): QueuedWrite {
  return {
    shop: row.shop,
    kind: row.kind === "variant" ? "variant" : "order",
    targetId: row.targetId,
    urgency: row.urgency,
    version: row.version,
    dueAt: row.dueAt,
    attempts: row.attempts,
    lastError: row.lastError,
  };
}

/** In LINE_COLUMNS order. Raw statements skip Prisma's type checks, so the numbers are checked here. */
function lineValues(shop: ShopDomain, l: SavedLine, now: Date): SqlValue[] {
  if (!Object.hasOwn(STATUS_SET, l.status)) {
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

function historyValues(id: string, shop: ShopDomain, h: LineHistoryEntry): SqlValue[] {
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

function assertInt(value: number, field: string, allowNegative = false): number {
  assertUnits(value, field, { allowNegative });
  if (Math.abs(value) > INT32_MAX)
    throw new InvalidValueError(field, `${value} does not fit a 32-bit integer`);
  return value;
}

function toDate(value: string | Date, field: string): Date {
  return new Date(toEpochMs(value, field));
}

// ---------------------------------------------------------------- reading
// GIDs and statuses were checked when they were written; the casts only restore their brands.

function toLevel(row: LevelRow): StockLevel {
  return {
    inventoryItemId: row.inventoryItemId as InventoryItemGid,
    locationId: row.locationId as LocationGid,
    available: row.available,
    asOf: row.asOf.toISOString(),
  };
}

function toVariant(row: VariantRow): VariantInfo {
  return {
    variantId: row.variantId,
    productId: row.productId,
    inventoryItemId: row.inventoryItemId,
    sku: row.sku,
    tracked: row.tracked,
    inventoryPolicy: row.inventoryPolicy as VariantInfo["inventoryPolicy"],
    asOf: row.asOf,
  };
}

function toOrder(row: OrderRow): EngineOrder {
  return {
    shop: row.shop,
    orderId: row.orderId,
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

function toLine(row: LineRow): StoredLine {
  return {
    lineItemId: row.lineItemId as LineItemGid,
    orderId: row.orderId as OrderGid,
    orderCreatedAt: row.orderCreatedAt.toISOString(),
    variantId: row.variantId as ProductVariantGid,
    inventoryItemId: row.inventoryItemId as InventoryItemGid,
    locationId: row.locationId as LocationGid,
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
    updatedAt: row.updatedAt,
  };
}

function toHistory(row: HistoryRow): LineHistoryEntry {
  return {
    lineItemId: row.lineItemId as LineItemGid,
    at: row.at.toISOString(),
    cause: { kind: row.causeKind as LineHistoryEntry["cause"]["kind"], ref: row.causeRef },
    event: JSON.parse(row.event) as LineEvent,
    from: row.fromStatus as LineStatus,
    to: row.toStatus as LineStatus,
    before: JSON.parse(row.before) as LineQuantities,
    after: JSON.parse(row.after) as LineQuantities,
  };
}

// ---------------------------------------------------------------- list order

/** ORDER BY of each sort (backorder-rows.ts compareForSort says the same in code). */
const ORDER_BY: Record<LineSort, string> = {
  newest: `"orderCreatedAt" DESC, "orderId" DESC, "lineItemId" ASC`,
  oldest: `"orderCreatedAt" ASC, "orderId" ASC, "lineItemId" ASC`,
  priority: `"sortPriority" ASC, "orderCreatedAt" ASC, "orderId" ASC, "lineItemId" ASC`,
  units: `"waitingUnits" DESC, "orderCreatedAt" DESC, "orderId" DESC, "lineItemId" DESC`,
};

/**
 * Lines after the cursor's in the sort's order, as an index range: a row-value comparison where every key runs the
 * same way (both databases walk the index from there), the expanded form for "newest" (line id ascending).
 */
function keysetAfter(sort: LineSort, k: LineCursor["keys"]): Prisma.Sql {
  const { orderCreatedAt: at, orderId, lineItemId } = k;
  switch (sort) {
    case "newest":
      return Prisma.sql`("orderCreatedAt" < ${at} OR ("orderCreatedAt" = ${at} AND "orderId" < ${orderId})
        OR ("orderCreatedAt" = ${at} AND "orderId" = ${orderId} AND "lineItemId" > ${lineItemId}))`;
    case "oldest":
      return Prisma.sql`("orderCreatedAt", "orderId", "lineItemId") > (${at}, ${orderId}, ${lineItemId})`;
    case "priority":
      return Prisma.sql`("sortPriority", "orderCreatedAt", "orderId", "lineItemId")
        > (${k.sortPriority}, ${at}, ${orderId}, ${lineItemId})`;
    case "units":
      return Prisma.sql`("waitingUnits", "orderCreatedAt", "orderId", "lineItemId")
        < (${k.waitingUnits}, ${at}, ${orderId}, ${lineItemId})`;
  }
}

/** A row of a raw `SELECT *` as Prisma would type it: drivers differ on booleans and integers. */
function fromRawLine(r: Record<string, unknown>): LineRow {
  const int = (v: unknown) => Number(v);
  const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    shop: String(r.shop),
    lineItemId: String(r.lineItemId),
    orderId: String(r.orderId),
    orderCreatedAt: date(r.orderCreatedAt),
    variantId: String(r.variantId),
    inventoryItemId: String(r.inventoryItemId),
    locationId: String(r.locationId),
    tracked: r.tracked === true || r.tracked === 1 || r.tracked === 1n || r.tracked === "1",
    tags: String(r.tags),
    priority: r.priority === null || r.priority === undefined ? null : int(r.priority),
    status: String(r.status),
    quantity: int(r.quantity),
    inStock: int(r.inStock),
    allocated: int(r.allocated),
    partialAllocations: int(r.partialAllocations),
    productTitle: text(r.productTitle),
    variantTitle: text(r.variantTitle),
    sku: text(r.sku),
    waitingUnits: int(r.waitingUnits),
    sortPriority: int(r.sortPriority),
    searchText: String(r.searchText),
    createdAt: date(r.createdAt),
    updatedAt: date(r.updatedAt),
  };
}

// ---------------------------------------------------------------- helpers

function customerFilter(customerId: string, orderIds: string[]): Prisma.BackorderOrderWhereInput {
  return {
    OR: [{ customerId }, ...(orderIds.length > 0 ? [{ orderId: { in: orderIds } }] : [])],
  };
}

function poolKey(p: Pool): string {
  return `${p.inventoryItemId}\u0000${p.locationId}`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}
