import { z } from "zod";
import { BULK_MAX_LINES } from "../../use-cases/backorder/bulk-actions.js";
import { LINE_SORTS } from "../../use-cases/backorder/ports.js";
import { gidParam } from "./parse.js";

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

export const MAX_PAGE_SIZE = 200;
const MAX_UNITS = 1_000_000;

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

/** POST /api/backorders/lines/bulk: one action on up to BULK_MAX_LINES lines; `dryRun` (default true) writes nothing. */
export const bulkBody = z.strictObject({
  lineItemIds: z.array(gidParam("LineItem")).min(1).max(BULK_MAX_LINES),
  dryRun: z.boolean().default(true),
  action: z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("set_priority"),
      priority: z.number().int().min(0).max(MAX_UNITS).nullable(),
    }),
    z.strictObject({ kind: z.literal("allocate_from_stock") }),
  ]),
});
