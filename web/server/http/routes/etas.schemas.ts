/**
 * Supplier ETA feed API: what the routes accept and answer, as zod schemas. The admin imports the inferred types
 * (type-only), so the page and the routes agree by construction; the route tests parse answers with them.
 */
import { z } from "zod";
import { gidParam } from "./parse.js";

const flag = z
  .enum(["1", "0", "true", "false"])
  .optional()
  .transform((v) => v === "1" || v === "true");

const filename = z.string().trim().min(1).max(255);

/** POST /api/etas/import?dryRun=1&filename=… (one request: the file, then the finished import) */
export const importQuery = z.object({ dryRun: flag, filename: filename.optional() });

/** The JSON form of a one-request import; a text/csv body is the file itself. */
export const importJsonBody = z.strictObject({
  csv: z.string().min(1, "expected the CSV text"),
  filename: filename.optional(),
});

/** POST /api/etas/imports: a new import waiting for its file (`bytes`: the file's size, refused early when too big). */
export const createImportBody = z.strictObject({
  filename: filename.optional(),
  dryRun: z.boolean(),
  bytes: z.number().int().min(0).optional(),
});

export const importParams = z.object({ id: z.string().min(1).max(64) });

export const listImportsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const listSlipsQuery = z.object({
  lineItemId: gidParam("LineItem").optional(),
  unnotified: flag,
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

// ---------------------------------------------------------------- answers

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const etaSource = z.enum(["incoming", "fixed", "lead_time", "supplier_feed"]);

export const etaSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("date"), date: day, source: etaSource }),
  z.object({ kind: z.literal("range"), from: day, to: day, source: etaSource }),
  z.object({
    kind: z.literal("unknown"),
    reason: z.enum(["no_schedule", "beyond_schedule", "undated_incoming", "fixed_date_passed"]),
  }),
]);

export const feedRowErrorSchema = z.object({
  row: z.number().int(),
  field: z.enum(["sku", "barcode", "eta", "quantity"]),
  code: z.string(),
  message: z.string(),
});

export const importStatusSchema = z.enum([
  "uploading",
  "running",
  "checked",
  "applied",
  "rejected",
  "failed",
]);
export const importPhaseSchema = z.enum(["uploading", "reading", "checking", "slips", "writing", "done"]);

/** One import as the list and the detail show it. `progress` is 0–100 over the whole run. */
export const importSchema = z.object({
  id: z.string(),
  filename: z.string().nullable(),
  dryRun: z.boolean(),
  status: importStatusSchema,
  phase: importPhaseSchema,
  progress: z.number().min(0).max(100),
  bytes: z.number().int(),
  rows: z.number().int(),
  matched: z.number().int(),
  variants: z.number().int(),
  errorCount: z.number().int(),
  failure: z.string().nullable(),
  slipCount: z.number().int(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const importSlipSchema = z.object({
  lineItemId: z.string(),
  orderId: z.string(),
  orderName: z.string().nullable(),
  customerName: z.string().nullable(),
  customerEmail: z.string().nullable(),
  variantId: z.string(),
  promised: etaSchema,
  previous: etaSchema,
  revised: etaSchema,
});

export const importDetailSchema = importSchema.extend({
  /** The first FEED_MAX_REPORTED_ERRORS row problems; `errorCount` counts them all. */
  errors: z.array(feedRowErrorSchema),
  slips: z.array(importSlipSchema),
});

export const importAnswer = z.object({ import: importDetailSchema });
export const importListAnswer = z.object({ imports: z.array(importSchema) });

export type FeedImport = z.infer<typeof importSchema>;
export type FeedImportDetail = z.infer<typeof importDetailSchema>;
export type FeedImportSlip = z.infer<typeof importSlipSchema>;
export type FeedRowErrorView = z.infer<typeof feedRowErrorSchema>;
export type FeedImportStatus = z.infer<typeof importStatusSchema>;
export type FeedImportPhase = z.infer<typeof importPhaseSchema>;
export type CreateFeedImport = z.input<typeof createImportBody>;
