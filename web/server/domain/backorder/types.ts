import type {
  InventoryItemGid,
  LineItemGid,
  LocationGid,
  OrderGid,
  ProductVariantGid,
} from "../shared/gid.js";
import type { Instant } from "../shared/instant.js";
import type { Units } from "../shared/quantity.js";

/**
 * Where a line stands. `new` is a line the engine has not decided yet; `in_stock` lines never waited (or stopped
 * waiting before a hold was needed); the rest is the backorder lifecycle:
 *
 *   backordered → partially_allocated → allocated → released → fulfilled
 *   any open state → cancelled;  backordered | partially_allocated | allocated → substituted
 *
 * `allocated` means nothing waits any more but our hold is still on the line; `released` means we lifted it.
 */
export type LineStatus =
  | "new"
  | "in_stock"
  | "backordered"
  | "partially_allocated"
  | "allocated"
  | "released"
  | "fulfilled"
  | "cancelled"
  | "substituted";

/** Every status, spelled once: the Record makes the compiler reject a missing or unknown one. */
const LINE_STATUS_SET: Record<LineStatus, true> = {
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
export const LINE_STATUSES = Object.keys(LINE_STATUS_SET) as readonly LineStatus[];

export function isLineStatus(value: string): value is LineStatus {
  return Object.hasOwn(LINE_STATUS_SET, value);
}

export const TERMINAL_STATUSES: ReadonlySet<LineStatus> = new Set(["fulfilled", "cancelled", "substituted"]);

/**
 * One order line as the engine sees it. Quantities are units still to ship (fulfilled and removed units are gone):
 * `quantity = inStock + allocated + waiting`.
 */
export interface BackorderLine {
  lineItemId: LineItemGid;
  orderId: OrderGid;
  /** The order's creation time: first come, first served is decided on it (ties: order id, then line id). */
  orderCreatedAt: Instant;
  variantId: ProductVariantGid;
  inventoryItemId: InventoryItemGid;
  /** The location expected to fulfil the line (its fulfillment order's assigned location). */
  locationId: LocationGid;
  /** Inventory tracked by Shopify (`inventory_management: "shopify"`). Untracked lines never wait. */
  tracked: boolean;
  /** Order tags and customer tags, as Shopify gives them; matched against the priority tags case-insensitively. */
  tags: readonly string[];
  /** A staff override: lines with a priority go before every tag rule, lowest number first. */
  priority: number | null;
  status: LineStatus;
  /** Open units: ordered, minus removed by edits or refunds, minus fulfilled. */
  quantity: Units;
  /** Units covered by stock that was on hand when the line was decided ("ship now" from the start). */
  inStock: Units;
  /** Units reserved for the line from stock that arrived later (restock, freed units, staff). Never taken back
   *  unless the stock itself disappears. */
  allocated: Units;
  /** How many partial reservations the line has received so far (a cap may limit them). */
  partialAllocations: number;
}

/** The stock of one inventory item at one location, as the app's inventory mirror last saw it. */
export interface StockLevel {
  inventoryItemId: InventoryItemGid;
  locationId: LocationGid;
  /** Shopify's `available`: on hand minus every commitment Shopify knew at `asOf`. Negative once oversold. */
  available: number;
  /** When Shopify computed `available` (the inventory level's `updated_at`, or the time reconciliation read it). */
  asOf: Instant;
}

/** Merchant rules for handing out stock that arrives while lines wait. */
export interface AllocationRules {
  /** Lines whose order or customer carries one of these tags go first, in this order; then everyone by order time. */
  priorityTags: readonly string[];
  /**
   * true: first complete every line that the stock can complete, in priority order, skipping the ones it cannot;
   * then hand what is left out partially, in the same order. false: one pass in priority order, each line completed
   * if it can be, otherwise given what is left (if a partial allocation is allowed).
   */
  completeLinesFirst: boolean;
  /** "never": a line only ever receives the units that complete it. */
  partial: "allow" | "never";
  /** The smallest partial reservation worth making (a grant that completes a line is always allowed). */
  minPartialUnits: number;
  /** At most this many partial reservations per line; after that only a completing grant. null: no cap. */
  maxPartialAllocations: number | null;
}

export const DEFAULT_ALLOCATION_RULES: AllocationRules = {
  priorityTags: [],
  completeLinesFirst: true,
  partial: "allow",
  minPartialUnits: 1,
  maxPartialAllocations: null,
};

/** What the engine decided for one line. */
export interface LineDecision {
  lineItemId: LineItemGid;
  orderId: OrderGid;
  status: LineStatus;
  inStock: Units;
  allocated: Units;
  /** Units with no stock behind them yet. */
  waiting: Units;
  /** Units reserved by this decision from stock that arrived. */
  newlyAllocated: Units;
  /** Reservations taken back because the pool's stock fell below them. */
  revoked: Units;
  /** Status or quantities differ from the line given: store it (and its history entry). */
  changed: boolean;
}

export interface PoolDecision {
  inventoryItemId: InventoryItemGid;
  locationId: LocationGid;
  /** Units the pool's open lines share: available + the open units of the lines `available` already counts. */
  supply: number;
  /** Units nobody could take under the rules. */
  leftover: Units;
}

export interface Decision {
  /** One per input line, in input order. */
  lines: LineDecision[];
  pools: PoolDecision[];
  /** Lines in `allocated`: nothing waits, our hold is still on; release it (idempotent, so safe after a crash). */
  fullyAllocated: LineItemGid[];
  /** Orders whose Shopify-visible state (held units, line statuses) changed. Any other order costs no API call. */
  ordersToSync: OrderGid[];
}

/**
 * Who or what caused a transition: a webhook (its id), a job (its run id), a staff member (their id), the customer
 * on the self-service page (the action's id), or a change of the shop's settings (what changed, e.g. "allocation").
 */
export interface Cause {
  kind: "webhook" | "job" | "staff" | "customer" | "settings";
  ref: string;
}

/**
 * What customer care records on a line without changing its units: a message sent (with the date it gave), a
 * consent (checkout acknowledgement or an accepted new date), a legal deadline acted on.
 */
export type LineNote =
  | "confirmation_sent"
  | "delay_notice_sent"
  | "renewed_notice_sent"
  | "ready_notice_sent"
  | "incentive_sent"
  | "checkout_consent"
  | "accepted_new_date"
  | "deadline_cancelled"
  | "deadline_to_do";

export type LineEvent =
  /** The engine's decision (detection and allocation): the line's in-stock and reserved units. */
  | { type: "decide"; inStock: Units; allocated: Units }
  /** Staff reserve units for the line by hand. */
  | { type: "allocate"; units: Units }
  /** Our hold on the line was lifted on Shopify. */
  | { type: "release" }
  | { type: "fulfil"; units: Units }
  /** An order edit or refund changed the line's open quantity; 0 removes the line. */
  | { type: "change_quantity"; quantity: Units }
  | { type: "cancel" }
  | { type: "substitute"; replacementLineItemId: LineItemGid | null }
  | { type: "reprioritise"; priority: number | null }
  /** A customer-care record; `detail` says what (e.g. the date given, "2026-12-15" or "2026-12-15..2026-12-17"). */
  | { type: "note"; note: LineNote; detail: string | null };

export interface LineQuantities {
  quantity: Units;
  inStock: Units;
  allocated: Units;
  waiting: Units;
}

export interface LineHistoryEntry {
  lineItemId: LineItemGid;
  at: string;
  cause: Cause;
  event: LineEvent;
  from: LineStatus;
  to: LineStatus;
  before: LineQuantities;
  after: LineQuantities;
}
