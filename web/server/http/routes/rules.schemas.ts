import { z } from "zod";

/**
 * The shape of a rule as the admin sends it. zod checks the shape and names the field; what it cannot see (real
 * GIDs and dates, a window that ends after it starts) is validateSellingRule's job in the use case, which lists every
 * problem at once.
 */
const scope = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("variant"), variantId: z.string().min(1) }),
  z.strictObject({ kind: z.literal("product"), productId: z.string().min(1) }),
  z.strictObject({ kind: z.literal("collection"), collectionId: z.string().min(1) }),
  z.strictObject({ kind: z.literal("tag"), tag: z.string().trim().min(1).max(255) }),
  z.strictObject({ kind: z.literal("vendor"), vendor: z.string().trim().min(1).max(255) }),
  z.strictObject({ kind: z.literal("shop") }),
]);

const days = z.number().int().min(0).max(365);

const etaSource = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("incoming") }),
  z.strictObject({ kind: z.literal("supplier_feed") }),
  z.strictObject({ kind: z.literal("fixed"), from: z.string(), to: z.string() }),
  z.strictObject({ kind: z.literal("lead_time"), minBusinessDays: days, maxBusinessDays: days }),
]);

/** Settings with the defaults a new rule most often wants: one handling day, no cap, no lead-time limit. */
const settings = z.strictObject({
  mode: z.enum(["off", "when_out_of_stock", "always"]),
  cap: z.number().int().min(0).nullable().default(null),
  etaSource,
  handlingDays: days.default(1),
  maxLeadTimeDays: days.nullable().default(null),
  requireEta: z.boolean().default(false),
});

/** POST /api/rules and PUT /api/rules/:id (a PUT replaces the whole rule). */
export const ruleBody = z.strictObject({
  scope,
  priority: z.number().int().min(0).max(1_000_000).default(0),
  settings,
});

export const ruleParams = z.object({ id: z.string().min(1).max(128) });

/** POST /api/rules/preview: the rule as it would be saved; `ruleId` when it edits a saved rule. */
export const rulePreviewBody = ruleBody.extend({ ruleId: z.string().min(1).max(128).optional() });

/** POST /api/rules/import?dryRun=1 with the CSV as the text/csv body. */
export const ruleImportQuery = z.object({
  dryRun: z
    .enum(["1", "0", "true", "false"])
    .optional()
    .transform((v) => v === "1" || v === "true"),
});

/** GET /api/catalog/products?query=…&after=…: the admin's picker outside Shopify admin. */
export const productSearchQuery = z.object({
  query: z.string().max(200).default(""),
  after: z.string().min(1).max(512).optional(),
});

export type RuleBody = z.infer<typeof ruleBody>;
export type RulePreviewBody = z.infer<typeof rulePreviewBody>;
