/**
 * /api/backorders: what the routes accept (validated with these schemas) and what they answer (typed against them,
 * and parsed in test/http/backorders.test.ts), and the types the admin's pages use (z.output of the same schemas).
 */
import { z } from "zod";
import { gidParam, instant, units } from "./common.js";
import { BULK_MAX_LINES, LINE_SORTS, LINE_STATUSES, type LineStatus } from "./line-enums.js";

export * from "./line-enums.js";

export const MAX_PAGE_SIZE = 200;
const MAX_UNITS = 1_000_000;

// ---------------------------------------------------------------- requests

/** `status=backordered,partially_allocated` (a repeated parameter arrives as an array and is refused). */
const statusList = z
  .string()
  .transform((v) => v.split(",").map((s) => s.trim()))
  .pipe(z.array(z.enum(LINE_STATUSES)).min(1));

/** The filters of the list, shared by the page (GET /api/backorders/lines) and the export (…/lines.csv). */
const lineFilters = {
  status: statusList.optional(),
  /** Text in the order name, customer name or email, SKU, product or variant title (case-insensitive). */
  q: z
    .string()
    .max(200)
    .transform((v) => v.trim())
    .optional(),
  sort: z.enum(LINE_SORTS).default("newest"),
  variantId: gidParam("ProductVariant").optional(),
  orderId: gidParam("Order").optional(),
  customerId: gidParam("Customer").optional(),
  olderThanDays: z.coerce.number().int().min(0).max(3650).optional(),
};

/** GET /api/backorders/lines */
export const listLinesQuery = z.object({
  ...lineFilters,
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  cursor: z.string().min(1).max(512).optional(),
});

/** GET /api/backorders/lines.csv: every line the filters match, in the sort, streamed. */
export const exportLinesQuery = z.object(lineFilters);

/** /api/backorders/lines/:lineItemId (the GID URL-encoded, or its numeric id). */
export const lineParams = z.object({ lineItemId: gidParam("LineItem") });

/** POST /api/backorders/lines/:lineItemId/priority; null gives the line back to the merchant's rules. */
export const priorityBody = z.strictObject({
  priority: z.number().int().min(0).max(MAX_UNITS).nullable(),
});

/** POST /api/backorders/lines/:lineItemId/allocate */
export const allocateBody = z.strictObject({
  units: z.number().int().min(1).max(MAX_UNITS),
});

/** GET /api/backorders/preview?variantId=…&arriving=N (or inventoryItemId=…): exactly one of the two ids. */
export const previewQuery = z
  .object({
    variantId: gidParam("ProductVariant").optional(),
    inventoryItemId: gidParam("InventoryItem").optional(),
    arriving: z.coerce.number().int().min(0).max(MAX_UNITS),
  })
  .transform(({ variantId, inventoryItemId, arriving }, ctx) => {
    if (variantId !== undefined && inventoryItemId === undefined) return { target: { variantId }, arriving };
    if (inventoryItemId !== undefined && variantId === undefined)
      return { target: { inventoryItemId }, arriving };
    ctx.addIssue({
      code: "custom",
      message: "give exactly one of variantId and inventoryItemId",
      path: ["variantId"],
    });
    return z.NEVER;
  });

export const bulkAction = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("set_priority"),
    priority: z.number().int().min(0).max(MAX_UNITS).nullable(),
  }),
  z.strictObject({ kind: z.literal("allocate_from_stock") }),
  /** Tell each line's customer its current date (once per date, as an automatic delay notice). */
  z.strictObject({ kind: z.literal("send_delay_notice") }),
  /** Cancel the units still waiting: refunded and restocked on Shopify, the customer told. */
  z.strictObject({ kind: z.literal("cancel_waiting") }),
]);

/** POST /api/backorders/lines/bulk: one action on up to BULK_MAX_LINES lines; `dryRun` (default true) writes nothing. */
export const bulkBody = z.strictObject({
  lineItemIds: z.array(gidParam("LineItem")).min(1).max(BULK_MAX_LINES),
  dryRun: z.boolean().default(true),
  action: bulkAction,
});

// ---------------------------------------------------------------- answers

const lineStatus = z.enum(LINE_STATUSES);

/** One order line as the backorder engine sees it. quantity = inStock + allocated + waiting. */
export const lineView = z.object({
  lineItemId: z.string(),
  orderId: z.string(),
  /** null until the order itself has been read from Shopify. */
  orderName: z.string().nullable(),
  orderCreatedAt: instant,
  customer: z
    .object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() })
    .nullable(),
  variantId: z.string(),
  productTitle: z.string().nullable(),
  variantTitle: z.string().nullable(),
  sku: z.string().nullable(),
  status: lineStatus,
  quantity: units,
  inStock: units,
  allocated: units,
  waiting: units,
  priority: z.number().int().nullable(),
  /** The day the customer holds us to (YYYY-MM-DD): an accepted date, else the promise; null when none is dated. */
  promisedDay: z.string().nullable(),
  updatedAt: instant,
});

const quantities = z.object({ quantity: units, inStock: units, allocated: units, waiting: units });

export const lineHistoryEntry = z.object({
  at: instant,
  cause: z.object({
    kind: z.enum(["webhook", "job", "staff", "customer", "settings"]),
    ref: z.string().nullable(),
  }),
  event: z.looseObject({ type: z.string() }),
  from: lineStatus.nullable(),
  to: lineStatus.nullable(),
  before: quantities.nullable(),
  after: quantities.nullable(),
});

/** GET /api/backorders/lines */
export const linesPage = z.object({
  lines: z.array(lineView),
  nextCursor: z.string().nullable(),
  /** The search matched more orders (by name or customer) than the server looks through: refine it. */
  searchTruncated: z.boolean().optional(),
});

const eta = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("date"), date: z.string(), source: z.string() }),
  z.object({ kind: z.literal("range"), from: z.string(), to: z.string(), source: z.string() }),
  z.object({ kind: z.literal("unknown"), reason: z.string() }),
]);

/**
 * GET /api/backorders/lines/:lineItemId. Customer care's side (absent when the app runs without it): `promise`, what
 * was promised at purchase (and when), the date expected now and a later date the customer accepted; `consents`,
 * what the customer was shown and agreed to; `messages`, the emails of the line's order, newest first.
 */
export const lineDetail = z.object({
  line: lineView,
  history: z.array(lineHistoryEntry),
  promise: z
    .object({ promised: eta, promisedAt: instant, current: eta, agreed: eta.nullable() })
    .nullable()
    .optional(),
  consents: z
    .array(z.object({ kind: z.string(), eta, text: z.string(), locale: z.string(), givenAt: instant }))
    .optional(),
  messages: z
    .array(
      z.object({
        kind: z.string(),
        status: z.string(),
        to: z.string(),
        subject: z.string().nullable(),
        createdAt: instant,
        sentAt: instant.nullable(),
      }),
    )
    .optional(),
});

/** POST …/priority and …/allocate */
export const lineAnswer = z.object({ line: lineView });

export const BULK_SKIP_REASONS = [
  "not_found",
  "not_waiting",
  "unchanged",
  "no_free_stock",
  "no_promise",
  "no_contact",
  "message_off",
  "already_notified",
] as const;

export const bulkLineOutcome = z.object({
  lineItemId: z.string(),
  orderId: z.string().nullable(),
  productTitle: z.string().nullable(),
  variantTitle: z.string().nullable(),
  sku: z.string().nullable(),
  status: lineStatus.nullable(),
  waiting: units,
  priority: z.number().int().nullable(),
  /** The new priority, the units reserved, the waiting units a notice tells about, or the units cancelled. */
  change: z
    .union([
      z.object({ priority: z.number().int().nullable() }),
      z.object({ units }),
      z.object({ notice: z.literal("delay"), units }),
      z.object({ cancelled: units }),
    ])
    .nullable(),
  /** Who gets an email because of it; null: nobody. */
  email: z.string().nullable(),
  skipped: z.enum(BULK_SKIP_REASONS).nullable(),
  result: z.enum(["done", "failed"]).nullable(),
  error: z.string().nullable(),
});

/** POST /api/backorders/lines/bulk */
export const bulkOutcome = z.object({
  action: z.enum(["set_priority", "allocate_from_stock", "send_delay_notice", "cancel_waiting"]),
  dryRun: z.boolean(),
  lines: z.array(bulkLineOutcome),
  summary: z.object({
    chosen: units,
    changing: units,
    skipped: units,
    done: units,
    failed: units,
    /** Units reserved, told about or cancelled. */
    units,
    /** Orders the changing lines belong to. */
    orders: units,
    /** Emails that go out. */
    emails: units,
  }),
});

const previewLineState = z.object({ status: lineStatus, inStock: units, allocated: units, waiting: units });

/** GET /api/backorders/preview?variantId=…&arriving=N: what N more units would do; written nowhere. */
export const allocationPreview = z.object({
  inventoryItemId: z.string(),
  arriving: units,
  stock: z.object({ available: z.number().int(), asOf: instant }).nullable(),
  supply: z.number().int(),
  allocated: units,
  leftover: z.number().int(),
  /** Lines that wait now or that the arrival changes, first come first served (the queue's order). */
  lines: z.array(
    z.object({
      lineItemId: z.string(),
      orderId: z.string(),
      orderName: z.string().nullable(),
      variantId: z.string(),
      priority: z.number().int().nullable(),
      before: previewLineState,
      after: previewLineState,
      newlyAllocated: units,
    }),
  ),
});

/** GET /api/backorders/stats */
export const backorderStats = z.object({
  lines: z.partialRecord(lineStatus, units),
  waitingUnits: z.number().int(),
  backorderedOrders: units,
});

/** The list's query as the admin builds it: statuses as a list (joined with commas on the wire). */
export type LinesQuery = Partial<
  Omit<z.input<typeof listLinesQuery>, "status" | "olderThanDays" | "limit">
> & {
  status?: readonly LineStatus[];
  olderThanDays?: number;
  limit?: number;
};
export type BulkAction = z.output<typeof bulkAction>;
export type LineView = z.output<typeof lineView>;
export type LineHistoryEntry = z.output<typeof lineHistoryEntry>;
export type LineQuantities = z.output<typeof quantities>;
export type LinesPage = z.output<typeof linesPage>;
export type LineDetail = z.output<typeof lineDetail>;
export type BulkSkipReason = (typeof BULK_SKIP_REASONS)[number];
export type BulkLineOutcome = z.output<typeof bulkLineOutcome>;
export type BulkOutcome = z.output<typeof bulkOutcome>;
export type LineEta = z.output<typeof eta>;
export type PreviewLineState = z.output<typeof previewLineState>;
export type AllocationPreview = z.output<typeof allocationPreview>;
export type BackorderStats = z.output<typeof backorderStats>;
