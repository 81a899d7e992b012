import {
  TERMINAL_STATUSES,
  compareFirstComeFirstServed,
  type BackorderLine,
  type LineHistoryEntry,
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
  NO_PROMISE_DAY,
  type ListKeys,
} from "../backorder-rows.js";
import { compareGids } from "../../domain/shared/gid.js";
import { toEpochMs, toIsoString } from "../../domain/shared/instant.js";
import { assertUnits } from "../../domain/shared/quantity.js";
import {
  SEARCH_ORDER_LIMIT,
  type BackorderRepository,
  type DecisionChange,
  type EngineOrder,
  type LineFilter,
  type QueuedWrite,
  type SyncRecord,
  type WriteRetry,
  type StoredLine,
  type VariantInfo,
} from "../../use-cases/backorder/ports.js";
import type { Clock, ShopDomain } from "../../use-cases/ports.js";

type SavedLine = BackorderLine & {
  productTitle?: string | null;
  variantTitle?: string | null;
  sku?: string | null;
};

/** Int columns are 32-bit on PostgreSQL. */
const INT32_MAX = 2_147_483_647;

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

interface MemoryWrite extends QueuedWrite {
  lockedUntilMs: number;
}

function publicWrite(w: MemoryWrite): QueuedWrite {
  const { lockedUntilMs: _, ...rest } = w;
  return { ...rest, dueAt: new Date(w.dueAt) };
}

function byUrgency(a: QueuedWrite, b: QueuedWrite): number {
  return (
    a.urgency - b.urgency ||
    a.dueAt.getTime() - b.dueAt.getTime() ||
    (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0)
  );
}

interface LevelRow {
  level: StockLevel;
  asOfMs: number;
}

/**
 * The backorder engine's storage in Maps. Every method does its reads and writes without an `await` in between, so
 * each one is atomic with respect to the others, as a database transaction would be. Values go in and out as copies.
 * Like the Prisma repository, it gives instants back as ISO strings ("2026-11-24T08:00:00.000Z": a line's
 * `orderCreatedAt`, a history entry's `at`, a level's `asOf`) and rejects what the database would not store.
 */
export class MemoryBackorderRepository implements BackorderRepository {
  private readonly levels = new Map<string, LevelRow>();
  private readonly variants = new Map<string, VariantInfo>();
  private readonly orders = new Map<string, EngineOrder>();
  private readonly lines = new Map<string, { shop: ShopDomain; line: StoredLine }>();
  private readonly writes = new Map<string, MemoryWrite>();
  private readonly history: { shop: ShopDomain; entry: LineHistoryEntry }[] = [];
  /** The day each line's customer holds us to (setPromisedDays), by shop and line id. */
  private readonly promisedDays = new Map<string, string>();

  constructor(private readonly clock: Clock = { now: () => new Date() }) {}

  // ---- inventory mirror

  async upsertLevel(shop: ShopDomain, level: StockLevel & { asOf: Date }): Promise<boolean> {
    return this.storeLevel(shop, level);
  }

  private storeLevel(shop: ShopDomain, level: StockLevel & { asOf: Date }): boolean {
    const k = key(shop, level.inventoryItemId, level.locationId);
    const stored = this.levels.get(k);
    const asOfMs = level.asOf.getTime();
    // An equal asOf is the same information delivered again: applying it again is harmless.
    if (stored && stored.asOfMs > asOfMs) return false;
    this.levels.set(k, {
      level: {
        inventoryItemId: level.inventoryItemId,
        locationId: level.locationId,
        available: level.available,
        asOf: level.asOf.toISOString(),
      },
      asOfMs,
    });
    return true;
  }

  async getLevels(
    shop: ShopDomain,
    pools: { inventoryItemId: string; locationId: string }[],
  ): Promise<StockLevel[]> {
    const seen = new Set<string>();
    const result: StockLevel[] = [];
    for (const p of pools) {
      const k = key(shop, p.inventoryItemId, p.locationId);
      const row = this.levels.get(k);
      if (row && !seen.has(k)) result.push(copy(row.level));
      seen.add(k);
    }
    return result;
  }

  async levelsOfItem(shop: ShopDomain, inventoryItemId: string): Promise<StockLevel[]> {
    return [...this.levels.entries()]
      .filter(([k, r]) => k.startsWith(key(shop, "")) && r.level.inventoryItemId === inventoryItemId)
      .map(([, r]) => copy(r.level))
      .sort((a, b) => compareText(a.locationId, b.locationId));
  }

  async levelsOfItems(shop: ShopDomain, inventoryItemIds: string[]): Promise<StockLevel[]> {
    const wanted = new Set(inventoryItemIds);
    return [...this.levels.entries()]
      .filter(([k, r]) => k.startsWith(key(shop, "")) && wanted.has(r.level.inventoryItemId))
      .map(([, r]) => copy(r.level));
  }

  // ---- variant mirror

  async upsertVariants(shop: ShopDomain, variants: VariantInfo[]): Promise<void> {
    for (const v of variants) toEpochMs(v.asOf, "asOf");
    for (const v of variants) {
      const k = key(shop, v.variantId);
      const stored = this.variants.get(k);
      if (stored && stored.asOf.getTime() > v.asOf.getTime()) continue;
      this.variants.set(k, copy(v));
    }
  }

  async getVariants(shop: ShopDomain, variantIds: string[]): Promise<VariantInfo[]> {
    const result: VariantInfo[] = [];
    for (const id of new Set(variantIds)) {
      const v = this.variants.get(key(shop, id));
      if (v) result.push(copy(v));
    }
    return result;
  }

  async variantsOfItem(shop: ShopDomain, inventoryItemId: string): Promise<VariantInfo[]> {
    return [...this.variants.entries()]
      .filter(([k, v]) => k.startsWith(key(shop, "")) && v.inventoryItemId === inventoryItemId)
      .map(([, v]) => copy(v))
      .sort((a, b) => compareText(a.variantId, b.variantId));
  }

  // ---- orders and lines

  async getOrder(shop: ShopDomain, orderId: string): Promise<EngineOrder | null> {
    const o = this.orders.get(key(shop, orderId));
    return o ? copy(o) : null;
  }

  async getOrders(shop: ShopDomain, orderIds: string[]): Promise<EngineOrder[]> {
    const result: EngineOrder[] = [];
    for (const id of new Set(orderIds)) {
      const o = this.orders.get(key(shop, id));
      if (o) result.push(copy(o));
    }
    return result;
  }

  async linesOfOrder(shop: ShopDomain, orderId: string): Promise<StoredLine[]> {
    return this.shopLines(shop)
      .filter((l) => l.orderId === orderId)
      .sort((a, b) => compareGids(a.lineItemId, b.lineItemId))
      .map(copy);
  }

  async linesOfOrders(shop: ShopDomain, orderIds: string[]): Promise<StoredLine[]> {
    const wanted = new Set(orderIds);
    return this.shopLines(shop)
      .filter((l) => wanted.has(l.orderId))
      .sort((a, b) => compareGids(a.lineItemId, b.lineItemId))
      .map(copy);
  }

  async openLinesOfPools(
    shop: ShopDomain,
    pools: { inventoryItemId: string; locationId: string }[],
  ): Promise<StoredLine[]> {
    const wanted = new Set(pools.map((p) => key(p.inventoryItemId, p.locationId)));
    return this.shopLines(shop)
      .filter((l) => !TERMINAL_STATUSES.has(l.status) && wanted.has(key(l.inventoryItemId, l.locationId)))
      .sort(compareFirstComeFirstServed)
      .map(copy);
  }

  async openLinesOfVariants(
    shop: ShopDomain,
    variantIds: string[],
    statuses?: LineStatus[],
  ): Promise<StoredLine[]> {
    const wanted = new Set(variantIds);
    const open = (l: StoredLine) =>
      statuses ? statuses.includes(l.status) : !TERMINAL_STATUSES.has(l.status);
    return this.shopLines(shop)
      .filter((l) => wanted.has(l.variantId) && open(l))
      .sort(compareFirstComeFirstServed)
      .map(copy);
  }

  async saveDecision(shop: ShopDomain, change: DecisionChange): Promise<void> {
    // Everything is converted (and so validated) before the first write: all of it is stored or none.
    rejectDuplicates(change);
    const now = this.clock.now();
    const orders = change.orders.map((o) => {
      toEpochMs(o.orderCreatedAt, "orderCreatedAt");
      toEpochMs(o.sourceUpdatedAt, "sourceUpdatedAt");
      return { ...copy(o), shop };
    });
    const { lines, history } = this.storedLines(shop, change, now);
    const levels = (change.levels ?? []).map((l) => {
      assertUnits(l.available, "available", { allowNegative: true });
      return { ...l, asOf: new Date(toEpochMs(l.asOf, "asOf")) };
    });

    for (const l of levels) this.storeLevel(shop, l);
    for (const o of orders) this.orders.set(key(shop, o.orderId), o);
    this.storeLines(shop, lines, history);
    for (const w of writesOf(change)) {
      const k = `${key(shop, w.kind)}|${w.targetId}`;
      const queued = this.writes.get(k);
      if (!queued) {
        this.writes.set(k, {
          ...w,
          shop,
          version: 1,
          dueAt: new Date(now),
          attempts: 0,
          lastError: null,
          lockedUntilMs: 0,
        });
        continue;
      }
      queued.version += 1;
      queued.urgency = Math.min(queued.urgency, w.urgency);
      if (queued.dueAt.getTime() > now.getTime()) queued.dueAt = new Date(now);
    }
  }

  async ordersNeedingSync(shop: ShopDomain, limit: number): Promise<EngineOrder[]> {
    return this.shopOrders(shop)
      .filter((o) => o.needsSync)
      .sort(byOrderTime)
      .slice(0, Math.max(0, Math.floor(limit)))
      .map(copy);
  }

  async markTouched(shop: ShopDomain, orderIds: string[]): Promise<void> {
    for (const id of orderIds) {
      const o = this.orders.get(key(shop, id));
      if (o) o.shopifyTouched = true;
    }
  }

  async recordSyncs(shop: ShopDomain, record: SyncRecord): Promise<void> {
    rejectDuplicates(record);
    const { lines, history } = this.storedLines(shop, record, this.clock.now());
    this.storeLines(shop, lines, history);
    for (const state of record.orders) {
      const o = this.orders.get(key(shop, state.orderId));
      if (!o) continue;
      Object.assign(o, {
        syncedMetafield: state.syncedMetafield,
        holds: copy(state.holds),
        backordered: state.backordered,
        needsSync: state.needsSync,
        shopifyTouched: true,
      });
    }
  }

  /** Lines and history as they will be stored, converted (and so validated) before anything is written. */
  private storedLines(
    shop: ShopDomain,
    change: Pick<DecisionChange, "lines" | "history">,
    now: Date,
  ): { lines: StoredLine[]; history: LineHistoryEntry[] } {
    const lines = change.lines.map((l) => {
      checkLine(l);
      const stored = this.lines.get(key(shop, l.lineItemId))?.line;
      const line: StoredLine = {
        ...domainLine(l),
        productTitle: l.productTitle !== undefined ? l.productTitle : (stored?.productTitle ?? null),
        variantTitle: l.variantTitle !== undefined ? l.variantTitle : (stored?.variantTitle ?? null),
        sku: l.sku !== undefined ? l.sku : (stored?.sku ?? null),
        updatedAt: new Date(now),
      };
      return line;
    });
    const history = change.history.map((h) => ({ ...copy(h), at: toIsoString(h.at, "history.at") }));
    return { lines, history };
  }

  private storeLines(shop: ShopDomain, lines: StoredLine[], history: LineHistoryEntry[]): void {
    for (const line of lines) this.lines.set(key(shop, line.lineItemId), { shop, line });
    for (const entry of history) this.history.push({ shop, entry });
  }

  // ---- Shopify write outbox

  async shopsWithDueWrites(now: Date): Promise<ShopDomain[]> {
    const shops = new Set<ShopDomain>();
    for (const w of this.writes.values()) if (this.isDue(w, now)) shops.add(w.shop);
    return [...shops].sort();
  }

  async claimWrites(shop: ShopDomain, now: Date, limit: number, leaseMs: number): Promise<QueuedWrite[]> {
    const due = [...this.writes.values()]
      .filter((w) => w.shop === shop && this.isDue(w, now))
      .sort(byUrgency)
      .slice(0, Math.max(1, Math.floor(limit)));
    for (const w of due) w.lockedUntilMs = now.getTime() + leaseMs;
    return due.map(publicWrite);
  }

  async finishWrites(writes: QueuedWrite[]): Promise<void> {
    for (const write of writes) {
      const k = `${key(write.shop, write.kind)}|${write.targetId}`;
      const queued = this.writes.get(k);
      if (!queued) continue;
      if (queued.version === write.version) this.writes.delete(k);
      else queued.lockedUntilMs = 0;
    }
  }

  async retryWrites(retries: WriteRetry[]): Promise<void> {
    for (const { write, dueAt, error } of retries) {
      const queued = this.writes.get(`${key(write.shop, write.kind)}|${write.targetId}`);
      if (!queued) continue;
      Object.assign(queued, {
        dueAt: new Date(dueAt),
        attempts: queued.attempts + 1,
        lastError: error.slice(0, 1000),
        lockedUntilMs: 0,
      });
    }
  }

  async pendingWrites(shop: ShopDomain): Promise<QueuedWrite[]> {
    return [...this.writes.values()]
      .filter((w) => w.shop === shop)
      .sort(byUrgency)
      .map(publicWrite);
  }

  private isDue(w: MemoryWrite, now: Date): boolean {
    return w.dueAt.getTime() <= now.getTime() && w.lockedUntilMs < now.getTime();
  }

  // ---- admin

  async listLines(
    shop: ShopDomain,
    filter: LineFilter,
  ): Promise<{ lines: StoredLine[]; nextCursor: string | null; searchTruncated?: boolean }> {
    const limit = Math.max(1, Math.floor(filter.limit));
    const sort = filter.sort ?? "newest";
    const compare = compareForSort(sort);
    const after = filter.cursor ? decodeLineCursor(filter.cursor, sort).keys : null;
    const statuses = filter.status ? new Set(filter.status) : null;
    const customerOrders =
      filter.customerId !== undefined
        ? new Set(
            this.shopOrders(shop)
              .filter((o) => o.customerId === filter.customerId)
              .map((o) => o.orderId),
          )
        : null;
    const term = filter.search !== undefined ? normaliseSearch(filter.search) : "";
    // As the Prisma repository: orders matched by name or customer, at most SEARCH_ORDER_LIMIT (oldest first).
    const searchOrders = term
      ? this.shopOrders(shop)
          .filter((o) => orderSearchText(o).includes(term))
          .sort((a, b) => compareText(a.orderId, b.orderId))
      : [];
    const searchTruncated = searchOrders.length > SEARCH_ORDER_LIMIT;
    const orderMatches = new Set(searchOrders.slice(0, SEARCH_ORDER_LIMIT).map((o) => o.orderId));
    const before = filter.createdBefore?.getTime();
    const matching = this.shopLines(shop)
      .map((l) => ({ line: l, keys: listKeys(l, this.promisedDays.get(key(shop, l.lineItemId))) }))
      .filter(
        ({ line: l, keys }) =>
          (!statuses || statuses.has(l.status)) &&
          (filter.variantId === undefined || l.variantId === filter.variantId) &&
          (filter.orderId === undefined || l.orderId === filter.orderId) &&
          (!customerOrders || customerOrders.has(l.orderId)) &&
          (before === undefined || ms(l.orderCreatedAt) < before) &&
          (!term || lineSearchText(l).includes(term) || orderMatches.has(l.orderId)) &&
          (!after || compare(keys, after) > 0),
      )
      .sort((a, b) => compare(a.keys, b.keys));
    const page = matching.slice(0, limit);
    const last = page[page.length - 1];
    return {
      lines: page.map(({ line }) => this.withPromisedDay(shop, line)),
      nextCursor: matching.length > limit && last ? encodeLineCursor(sort, last.keys) : null,
      ...(term ? { searchTruncated } : {}),
    };
  }

  async getLine(shop: ShopDomain, lineItemId: string): Promise<StoredLine | null> {
    const row = this.lines.get(key(shop, lineItemId));
    return row ? this.withPromisedDay(shop, row.line) : null;
  }

  async getLines(shop: ShopDomain, lineItemIds: string[]): Promise<StoredLine[]> {
    const result: StoredLine[] = [];
    for (const id of new Set(lineItemIds)) {
      const row = this.lines.get(key(shop, id));
      if (row) result.push(this.withPromisedDay(shop, row.line));
    }
    return result;
  }

  async setPromisedDays(shop: ShopDomain, days: { lineItemId: string; day: string | null }[]): Promise<void> {
    for (const { lineItemId, day } of days) {
      const k = key(shop, lineItemId);
      if (!this.lines.has(k)) continue; // as an UPDATE of no row
      if (day === null) this.promisedDays.delete(k);
      else this.promisedDays.set(k, day);
    }
  }

  private withPromisedDay(shop: ShopDomain, line: StoredLine): StoredLine {
    const day = this.promisedDays.get(key(shop, line.lineItemId));
    return day === undefined ? copy(line) : { ...copy(line), promisedDay: day };
  }

  async lineHistory(shop: ShopDomain, lineItemId: string): Promise<LineHistoryEntry[]> {
    // A stable sort: entries at the same time keep the order they were saved in.
    return this.history
      .filter((h) => h.shop === shop && h.entry.lineItemId === lineItemId)
      .map((h) => h.entry)
      .sort((a, b) => ms(a.at) - ms(b.at))
      .map(copy);
  }

  async stats(shop: ShopDomain): Promise<{
    lines: Partial<Record<LineStatus, number>>;
    waitingUnits: number;
    backorderedOrders: number;
  }> {
    const counts: Partial<Record<LineStatus, number>> = {};
    let waitingUnits = 0;
    for (const l of this.shopLines(shop)) {
      counts[l.status] = (counts[l.status] ?? 0) + 1;
      if (!TERMINAL_STATUSES.has(l.status)) waitingUnits += l.quantity - l.inStock - l.allocated;
    }
    const backorderedOrders = this.shopOrders(shop).filter((o) => o.backordered).length;
    return { lines: counts, waitingUnits, backorderedOrders };
  }

  // ---- privacy (GDPR)

  async redactCustomer(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<number> {
    // Orders already blank are left alone, so a repeated customers/redact reports 0.
    const touched = this.shopOrders(shop).filter(
      (o) => ofCustomer(o, customerId, orderIds) && (o.customerEmail !== null || o.customerName !== null),
    );
    for (const o of touched) Object.assign(o, { customerEmail: null, customerName: null });
    return touched.length;
  }

  async ordersOfCustomer(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<EngineOrder[]> {
    return this.shopOrders(shop)
      .filter((o) => ofCustomer(o, customerId, orderIds))
      .sort(byOrderTime)
      .map(copy);
  }

  async deleteByShop(shop: ShopDomain): Promise<void> {
    const prefix = key(shop, "");
    for (const map of [this.levels, this.variants, this.orders, this.lines, this.writes, this.promisedDays]) {
      for (const k of [...map.keys()]) if (k.startsWith(prefix)) map.delete(k);
    }
    const kept = this.history.filter((h) => h.shop !== shop);
    this.history.splice(0, this.history.length, ...kept);
  }

  private shopLines(shop: ShopDomain): StoredLine[] {
    return [...this.lines.values()].filter((r) => r.shop === shop).map((r) => r.line);
  }

  private shopOrders(shop: ShopDomain): EngineOrder[] {
    return [...this.orders.values()].filter((o) => o.shop === shop);
  }
}

/** The domain fields of a line, orderCreatedAt normalised to the ISO form storage gives back. */
function domainLine(l: SavedLine): BackorderLine {
  return {
    lineItemId: l.lineItemId,
    orderId: l.orderId,
    orderCreatedAt: toIsoString(l.orderCreatedAt, "orderCreatedAt"),
    variantId: l.variantId,
    inventoryItemId: l.inventoryItemId,
    locationId: l.locationId,
    tracked: l.tracked,
    tags: [...l.tags],
    priority: l.priority,
    status: l.status,
    quantity: l.quantity,
    inStock: l.inStock,
    allocated: l.allocated,
    partialAllocations: l.partialAllocations,
  };
}

/** The checks the Prisma repository makes before a line reaches its columns. */
function checkLine(l: SavedLine): void {
  if (!Object.hasOwn(STATUS_SET, l.status)) {
    throw new InvalidValueError("status", `unknown line status ${JSON.stringify(l.status)}`);
  }
  if (l.priority !== null) assertInt(l.priority, "priority", true);
  assertInt(l.quantity, "quantity");
  assertInt(l.inStock, "inStock");
  assertInt(l.allocated, "allocated");
  assertInt(l.partialAllocations, "partialAllocations");
}

function assertInt(value: number, field: string, allowNegative = false): void {
  assertUnits(value, field, { allowNegative });
  if (Math.abs(value) > INT32_MAX)
    throw new InvalidValueError(field, `${value} does not fit a 32-bit integer`);
}

function ofCustomer(o: EngineOrder, customerId: string, orderIds: string[]): boolean {
  return o.customerId === customerId || orderIds.includes(o.orderId);
}

function key(...parts: string[]): string {
  return parts.join("\u0000");
}

function ms(value: string | Date): number {
  return new Date(value).getTime();
}

/** Plain code-unit order: what PostgreSQL (C collation) and SQLite (BINARY) do with these ASCII ids. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byOrderTime(a: EngineOrder, b: EngineOrder): number {
  return a.orderCreatedAt.getTime() - b.orderCreatedAt.getTime() || compareText(a.orderId, b.orderId);
}

/** The keys the list sorts on, derived as the Prisma repository stores them. */
function listKeys(l: StoredLine, promisedDay: string | undefined): ListKeys {
  return {
    orderCreatedAt: l.orderCreatedAt,
    orderId: l.orderId,
    lineItemId: l.lineItemId,
    waitingUnits: l.quantity - l.inStock - l.allocated,
    sortPriority: sortPriorityOf(l.priority),
    sortPromise: promisedDay ?? NO_PROMISE_DAY,
  };
}

function copy<T>(value: T): T {
  return structuredClone(value);
}
