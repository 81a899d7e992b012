/**
 * What the backorder engine stores. Implemented by adapters/prisma/backorder-repository.ts and
 * adapters/memory/backorder-repository.ts; test/contracts/backorder.contract.ts runs both (SQLite, PostgreSQL).
 * Lines use the domain's BackorderLine shape so the pure engine reads and returns them unchanged.
 */
import type {
  BackorderLine,
  LineHistoryEntry,
  LineStatus,
  StockLevel,
} from "../../domain/backorder/index.js";
import type { InventoryItemGid, OrderGid, ProductGid, ProductVariantGid } from "../../domain/shared/gid.js";
import type { ShopDomain } from "../ports.js";

export interface VariantInfo {
  variantId: ProductVariantGid;
  productId: ProductGid;
  inventoryItemId: InventoryItemGid;
  sku: string | null;
  tracked: boolean;
  inventoryPolicy: "DENY" | "CONTINUE";
  /** Shopify's updated_at for this information: an older value never overwrites a newer one. */
  asOf: Date;
}

/** One of our fulfillment holds on Shopify. */
export interface HoldRecord {
  fulfillmentOrderId: string;
  holdId: string;
  handle: string;
  lines: { lineItemId: string; quantity: number }[];
}

export interface EngineOrder {
  shop: ShopDomain;
  orderId: OrderGid;
  name: string; // "#1001"
  orderCreatedAt: Date;
  /** updated_at of the newest payload applied; an older payload is stale and skipped. */
  sourceUpdatedAt: Date;
  customerId: string | null;
  customerEmail: string | null;
  customerName: string | null;
  tags: string[];
  cancelled: boolean;
  /** The order metafield JSON we last wrote, null if never written. */
  syncedMetafield: string | null;
  holds: HoldRecord[];
  /** Some unit waits (the order carries the backorder tag on Shopify once synced). */
  backordered: boolean;
  /** Shopify does not yet show our latest decision for this order (the admin shows its Shopify state as pending). */
  needsSync: boolean;
  /**
   * Waitwell may have written to the order on Shopify: set (and stored) before the first write, never cleared. Only
   * an order without it may be settled without reading Shopify.
   */
  shopifyTouched: boolean;
}

/** What a queued Shopify write is about: an order to sync, or a variant whose availability to re-evaluate. */
export type ShopifyWriteKind = "order" | "variant";

/** Most urgent first: a variant's policy flip (a cap reached), an order needing a new hold, then the rest. */
export const WRITE_URGENCY = { variant: 0, hold: 1, order: 2 } as const;

export interface ShopifyWriteRequest {
  kind: ShopifyWriteKind;
  targetId: string;
  urgency: number;
}

/** An outbox row, as claimed by the writer. `version` counts the changes coalesced into it. */
export interface QueuedWrite extends ShopifyWriteRequest {
  shop: ShopDomain;
  version: number;
  dueAt: Date;
  attempts: number;
  lastError: string | null;
}

/** A decision's rows, stored as one transaction by saveDecision. */
export interface DecisionChange {
  orders: EngineOrder[];
  lines: (BackorderLine & {
    productTitle?: string | null;
    variantTitle?: string | null;
    sku?: string | null;
  })[];
  history: LineHistoryEntry[];
  /**
   * Shopify writes the decision needs, queued in the same transaction. Every order saved with needsSync is queued
   * too (urgency "order" unless listed here with another), so no path can store a change without its write.
   */
  writes?: ShopifyWriteRequest[];
  /**
   * Mirrored stock levels the decision applied, stored in the same transaction, each as upsertLevel stores it (not
   * over a stored level with a newer asOf); of two for one item and location, the newer (the later of equals) counts.
   */
  levels?: (StockLevel & { asOf: Date })[];
}

/** A failed outbox row and when to try it again. */
export interface WriteRetry {
  write: QueuedWrite;
  dueAt: Date;
  error: string;
}

/** What Shopify shows for one order after its sync wrote to it (recordSyncs). */
export interface SyncedOrder {
  orderId: string;
  syncedMetafield: string;
  holds: HoldRecord[];
  backordered: boolean;
  needsSync: boolean;
}

/** The record of some orders' syncs, stored as one transaction by recordSyncs. */
export interface SyncRecord {
  orders: SyncedOrder[];
  /** Lines whose hold the syncs lifted, now released. */
  lines: BackorderLine[];
  history: LineHistoryEntry[];
}

/** A line as stored: the domain line plus what the admin shows. */
export interface StoredLine extends BackorderLine {
  productTitle: string | null;
  variantTitle: string | null;
  sku: string | null;
  /** The day the customer holds us to (YYYY-MM-DD; see setPromisedDays); null or absent when none is dated. */
  promisedDay?: string | null;
  updatedAt: Date;
}

// The admin list's sorts are the API's (web/shared/api/line-enums.ts says what each means).
export { LINE_SORTS, type LineSort } from "../../../shared/api/line-enums.js";
import type { LineSort } from "../../../shared/api/line-enums.js";

/** A search matches lines through at most this many orders (by name or customer); more is reported, not hidden. */
export const SEARCH_ORDER_LIMIT = 1000;

export interface LineFilter {
  status?: LineStatus[];
  /** Case-insensitive text in the order name, customer name or email, SKU, product or variant title. */
  search?: string;
  sort?: LineSort;
  variantId?: string;
  orderId?: string;
  customerId?: string;
  /** Lines of orders created before this time (age filter). */
  createdBefore?: Date;
  limit: number;
  cursor?: string;
}

export interface BackorderRepository {
  // ---- inventory mirror
  /** Stores the level unless the stored one is newer (asOf). Returns false when the update was stale. */
  upsertLevel(shop: ShopDomain, level: StockLevel & { asOf: Date }): Promise<boolean>;
  getLevels(
    shop: ShopDomain,
    pools: { inventoryItemId: string; locationId: string }[],
  ): Promise<StockLevel[]>;
  /** All mirrored levels of an inventory item (every location). */
  levelsOfItem(shop: ShopDomain, inventoryItemId: string): Promise<StockLevel[]>;
  /** All mirrored levels of these inventory items (every location), in no particular order: one read for a batch. */
  levelsOfItems(shop: ShopDomain, inventoryItemIds: string[]): Promise<StockLevel[]>;

  // ---- variant mirror
  upsertVariants(shop: ShopDomain, variants: VariantInfo[]): Promise<void>;
  getVariants(shop: ShopDomain, variantIds: string[]): Promise<VariantInfo[]>;
  variantsOfItem(shop: ShopDomain, inventoryItemId: string): Promise<VariantInfo[]>;

  // ---- orders and lines
  getOrder(shop: ShopDomain, orderId: string): Promise<EngineOrder | null>;
  /** The orders of these ids that exist, in no particular order: one read for a page of lines. */
  getOrders(shop: ShopDomain, orderIds: string[]): Promise<EngineOrder[]>;
  linesOfOrder(shop: ShopDomain, orderId: string): Promise<StoredLine[]>;
  /** Every line of these orders (any status), by line id: one read for a batch of orders. */
  linesOfOrders(shop: ShopDomain, orderIds: string[]): Promise<StoredLine[]>;
  /** Every non-terminal line (not fulfilled/cancelled/substituted) of these pools, any order. */
  openLinesOfPools(
    shop: ShopDomain,
    pools: { inventoryItemId: string; locationId: string }[],
  ): Promise<StoredLine[]>;
  /**
   * The row version of every line `openLinesOfPools` would return (line id → version): a version changes whenever its
   * row is written, so a line read before with the same version is the same line now (open-line-cache.ts). Null when
   * the database keeps no row versions (then read the lines themselves).
   */
  openLineVersionsOfPools(
    shop: ShopDomain,
    pools: { inventoryItemId: string; locationId: string }[],
  ): Promise<Map<string, string> | null>;
  /**
   * Lines of these variants in one of `statuses` (default: every non-terminal one), any order, first come first
   * served: the queues the availability services compute ETAs from.
   */
  openLinesOfVariants(shop: ShopDomain, variantIds: string[], statuses?: LineStatus[]): Promise<StoredLine[]>;
  /**
   * One transaction: upsert the orders and lines given (whole rows), append the history entries. Either all of it is
   * stored or none (a crash half-way must not leave a line without its history).
   */
  /**
   * One transaction: upsert the orders and lines given (whole rows), append the history entries, queue the Shopify
   * writes (an order with needsSync included). Either all of it is stored or none (a crash half-way must not leave a
   * line without its history, or a decision without its write).
   */
  saveDecision(shop: ShopDomain, change: DecisionChange): Promise<void>;
  ordersNeedingSync(shop: ShopDomain, limit: number): Promise<EngineOrder[]>;
  /**
   * Waitwell is about to write to these orders on Shopify: shopifyTouched set (and never cleared) before the first
   * write, nothing else changed and no Shopify write queued. Unknown orders are skipped.
   */
  markTouched(shop: ShopDomain, orderIds: string[]): Promise<void>;
  /**
   * One transaction, after the Shopify writes of some orders succeeded: each order's state as written (what we
   * wrote, our holds, needsSync false unless a decision made while the writes ran still has to be shown), and the
   * lines released with their history. Queues no Shopify write; orders deleted meanwhile are skipped.
   */
  recordSyncs(shop: ShopDomain, record: SyncRecord): Promise<void>;

  // ---- Shopify write outbox (jobs/shopify-writer.ts drains it)
  /** Shops with a write due at `now` that no writer holds. */
  shopsWithDueWrites(now: Date): Promise<ShopDomain[]>;
  /** Takes up to `limit` due writes of the shop for `leaseMs`, most urgent first, then the longest due. */
  claimWrites(shop: ShopDomain, now: Date, limit: number, leaseMs: number): Promise<QueuedWrite[]>;
  /** Done: each row goes, unless a change came in after its claim (a newer version stays, due, unclaimed). */
  finishWrites(writes: QueuedWrite[]): Promise<void>;
  /** Failed: each row due again at its `dueAt`, one attempt more, with its error. */
  retryWrites(retries: WriteRetry[]): Promise<void>;
  /** Writes still owed to Shopify for the shop (claimed or not). */
  pendingWrites(shop: ShopDomain): Promise<QueuedWrite[]>;

  // ---- admin
  /**
   * A page of lines in the filter's sort. `searchTruncated`: the search matched more than SEARCH_ORDER_LIMIT orders
   * by name or customer, and only lines of the first of them (plus every SKU or title match) are in the list.
   */
  listLines(
    shop: ShopDomain,
    filter: LineFilter,
  ): Promise<{ lines: StoredLine[]; nextCursor: string | null; searchTruncated?: boolean }>;
  getLine(shop: ShopDomain, lineItemId: string): Promise<StoredLine | null>;
  /** The lines of these ids that exist, in no particular order: one read for many lines. */
  getLines(shop: ShopDomain, lineItemIds: string[]): Promise<StoredLine[]>;
  /**
   * The day each line's customer holds us to (YYYY-MM-DD, or null for none), for the list's "promised" sort. The
   * availability services call it when a promise is made or a new date accepted (the Prisma availability repository
   * writes the same column in its own transaction).
   */
  setPromisedDays(shop: ShopDomain, days: { lineItemId: string; day: string | null }[]): Promise<void>;
  lineHistory(shop: ShopDomain, lineItemId: string): Promise<LineHistoryEntry[]>;
  /** Counts of lines per status, and waiting units in total, for the dashboard. */
  stats(
    shop: ShopDomain,
  ): Promise<{ lines: Partial<Record<LineStatus, number>>; waitingUnits: number; backorderedOrders: number }>;

  // ---- privacy (GDPR)
  /** customers/redact: blank customer email/name on their orders. Returns orders touched. */
  redactCustomer(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<number>;
  ordersOfCustomer(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<EngineOrder[]>;
  deleteByShop(shop: ShopDomain): Promise<void>;
}

/**
 * Serialises the engine's read-decide-store steps of one shop: a pool is read, decided and stored as one step, so
 * two steps never decide the same pool from the same stale read. In one process an in-process queue is enough
 * (keyed-lock.ts); when several processes share a database the lock must span them
 * (adapters/prisma/shop-lock.ts). Not reentrant: a task must not take the lock of its own shop again.
 */
export interface ShopLock {
  run<T>(shop: ShopDomain, task: () => Promise<T>): Promise<T>;
}

/** A lock on any key (a shop, an order of a shop): tasks of one key run one after another. */
export interface KeyedLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}
