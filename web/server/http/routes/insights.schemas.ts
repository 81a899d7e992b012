import { z } from "zod";

/** GET /api/insights/accuracy: the window of ship dates looked at, in days (default 90). */
export const accuracyQuery = z.strictObject({
  days: z.coerce.number().int().min(7).max(730).default(90),
});

/** The other insights routes take no parameters. */
export const noQuery = z.strictObject({});
