import { z } from "zod";

const flag = z
  .enum(["1", "0", "true", "false"])
  .optional()
  .transform((v) => v === "1" || v === "true");

/** POST /api/etas/import?dryRun=1&filename=… */
export const importQuery = z.object({
  dryRun: flag,
  filename: z.string().trim().min(1).max(255).optional(),
});

/** The JSON form of an import; a text/csv body is the file itself. */
export const importJsonBody = z.strictObject({
  csv: z.string().min(1, "expected the CSV text"),
  filename: z.string().trim().min(1).max(255).optional(),
});

export const listImportsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const listSlipsQuery = z.object({
  lineItemId: z
    .string()
    .regex(/^gid:\/\/shopify\/LineItem\/\d+$/, "expected a gid://shopify/LineItem/<id>")
    .optional(),
  unnotified: flag,
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
