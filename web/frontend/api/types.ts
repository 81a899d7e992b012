/** Shapes of Waitwell's admin API (web/server/http/routes). Timestamps are ISO 8601 strings. */

export const INBOX_STATUSES = ["PENDING", "PROCESSING", "PROCESSED", "DEAD", "IGNORED"] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

export function isInboxStatus(value: unknown): value is InboxStatus {
  return typeof value === "string" && (INBOX_STATUSES as readonly string[]).includes(value);
}

export interface ShopSettings {
  backorderTag: string;
  shipTogether: boolean;
}

export interface Shop {
  domain: string;
  name: string;
  installedAt: string;
  uninstalledAt: string | null;
  settings: ShopSettings;
}

export type InboxCounts = Record<InboxStatus, number>;

/** GET /api/shop */
export interface ShopOverview {
  shop: Shop;
  inbox: InboxCounts;
}

export interface InboxEvent {
  id: string;
  topic: string;
  webhookId: string;
  status: InboxStatus;
  attempts: number;
  receivedAt: string;
  processedAt: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
}

/** GET /api/inbox/:id */
export interface InboxEventDetail extends InboxEvent {
  payload: string;
}

/** GET /api/inbox */
export interface InboxPage {
  events: InboxEvent[];
  nextCursor: string | null;
}

export interface InboxQuery {
  status?: InboxStatus;
  topic?: string;
  limit?: number;
  cursor?: string;
}

// ---------------------------------------------------------------- backorders

export const LINE_STATUSES = [
  "new",
  "in_stock",
  "backordered",
  "partially_allocated",
  "allocated",
  "released",
  "fulfilled",
  "cancelled",
  "substituted",
] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

export function isLineStatus(value: unknown): value is LineStatus {
  return typeof value === "string" && (LINE_STATUSES as readonly string[]).includes(value);
}

/** Lines still waiting for stock: what the backorders page shows first. */
export const WAITING_STATUSES: readonly LineStatus[] = ["backordered", "partially_allocated"];

export interface LineCustomer {
  id: string;
  name: string | null;
  email: string | null;
}

/** One order line as the backorder engine sees it. quantity = inStock + allocated + waiting. */
export interface LineView {
  lineItemId: string;
  orderId: string;
  /** null until the order itself has been read from Shopify. */
  orderName: string | null;
  orderCreatedAt: string;
  customer: LineCustomer | null;
  variantId: string;
  productTitle: string | null;
  variantTitle: string | null;
  sku: string | null;
  status: LineStatus;
  quantity: number;
  inStock: number;
  allocated: number;
  waiting: number;
  priority: number | null;
  updatedAt: string;
}

export interface LineQuantities {
  quantity: number;
  inStock: number;
  allocated: number;
  waiting: number;
}

export interface LineHistoryEntry {
  at: string;
  cause: { kind: "webhook" | "job" | "staff" | "customer" | "settings"; ref: string | null };
  event: { type: string; [field: string]: unknown };
  from: LineStatus | null;
  to: LineStatus | null;
  before: LineQuantities | null;
  after: LineQuantities | null;
}

/** GET /api/backorders/lines */
export interface LinesPage {
  lines: LineView[];
  nextCursor: string | null;
  /** The search matched more orders (by name or customer) than the server looks through: refine it. */
  searchTruncated?: boolean;
}

export const LINE_SORTS = ["newest", "oldest", "priority", "units"] as const;
export type LineSort = (typeof LINE_SORTS)[number];

export function isLineSort(value: unknown): value is LineSort {
  return typeof value === "string" && (LINE_SORTS as readonly string[]).includes(value);
}

export interface LinesQuery {
  /** Comma-separated in the query string. */
  status?: readonly LineStatus[];
  /** Text in the order name, customer, SKU or product. */
  q?: string;
  sort?: LineSort;
  variantId?: string;
  orderId?: string;
  customerId?: string;
  olderThanDays?: number;
  limit?: number;
  cursor?: string;
}

/** POST /api/backorders/lines/bulk */
export type BulkAction = { kind: "set_priority"; priority: number | null } | { kind: "allocate_from_stock" };
export type BulkSkipReason = "not_found" | "not_waiting" | "unchanged" | "no_free_stock";

export interface BulkLineOutcome {
  lineItemId: string;
  orderId: string | null;
  productTitle: string | null;
  variantTitle: string | null;
  sku: string | null;
  status: LineStatus | null;
  waiting: number;
  priority: number | null;
  change: { priority: number | null } | { units: number } | null;
  skipped: BulkSkipReason | null;
  result: "done" | "failed" | null;
  error: string | null;
}

export interface BulkOutcome {
  action: BulkAction["kind"];
  dryRun: boolean;
  lines: BulkLineOutcome[];
  summary: { chosen: number; changing: number; skipped: number; done: number; failed: number; units: number };
}

/** GET /api/backorders/lines/:lineItemId */
export interface LineDetail {
  line: LineView;
  history: LineHistoryEntry[];
}

export interface PreviewLineState {
  status: LineStatus;
  inStock: number;
  allocated: number;
  waiting: number;
}

/** GET /api/backorders/preview?variantId=…&arriving=N: what N more units would do; written nowhere. */
export interface AllocationPreview {
  inventoryItemId: string;
  arriving: number;
  stock: { available: number; asOf: string } | null;
  supply: number;
  allocated: number;
  leftover: number;
  /** Lines that wait now or that the arrival changes, first come first served (the queue's order). */
  lines: {
    lineItemId: string;
    orderId: string;
    orderName: string | null;
    variantId: string;
    priority: number | null;
    before: PreviewLineState;
    after: PreviewLineState;
    newlyAllocated: number;
  }[];
}

/** GET /api/backorders/stats */
export interface BackorderStats {
  lines: Partial<Record<LineStatus, number>>;
  waitingUnits: number;
  backorderedOrders: number;
}

/**
 * A reconcile run (web/server/jobs/reconcile-scheduler.ts). Only `status`, the timestamps and `error` are read by
 * name; the numbers in it and in `report` are shown as counts, so a new count needs no change here.
 */
export interface ReconcileRun {
  id?: string;
  status?: "running" | "completed" | "failed" | string;
  trigger?: string;
  report?: Record<string, unknown> | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  error?: string | null;
  [field: string]: unknown;
}

// ---------------------------------------------------------------- settings

export interface AllocationRules {
  priorityTags: string[];
  completeLinesFirst: boolean;
  partial: "allow" | "never";
  minPartialUnits: number;
  maxPartialAllocations: number | null;
}

/** Substitutes stay within this band of the original's price, in whole percent: 20/20 keeps 80 %–120 %. */
export interface PriceBand {
  /** 0–100 */
  belowPercent: number;
  /** 0–1000 */
  abovePercent: number;
}

/** GET /api/settings. Fields this page does not edit are passed through untouched. */
export interface Settings {
  backorderTag: string;
  shipTogether: boolean;
  allocation: AllocationRules;
  holidays: string[];
  /** ISO weekdays without dispatch (1 = Monday … 7 = Sunday), ascending; at least one day stays a working day. */
  weekend: number[];
  /** null: substitutes at any price. */
  substitutePriceBand: PriceBand | null;
  [field: string]: unknown;
}

/** PATCH /api/settings */
export type SettingsPatch = Partial<
  Pick<Settings, "backorderTag" | "shipTogether" | "holidays" | "weekend" | "substitutePriceBand">
> & {
  allocation?: Partial<AllocationRules>;
};
