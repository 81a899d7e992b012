import { z } from "zod";
import { isCalendarDate } from "../../domain/eta/index.js";

/** Shopify caps a tag at 40 characters. */
const tag = z.string().trim().min(1).max(40);

/** PATCH /api/settings: any subset of the settings; `allocation` may be partial too. */
export const settingsPatch = z.strictObject({
  backorderTag: tag.optional(),
  shipTogether: z.boolean().optional(),
  allocation: z
    .strictObject({
      priorityTags: z.array(tag).max(50).optional(),
      completeLinesFirst: z.boolean().optional(),
      partial: z.enum(["allow", "never"]).optional(),
      minPartialUnits: z.number().int().min(1).optional(),
      maxPartialAllocations: z.number().int().min(0).nullable().optional(),
    })
    .optional(),
  holidays: z
    .array(z.string().refine(isCalendarDate, "expected a real date as YYYY-MM-DD"))
    .max(366)
    .optional(),
  weekend: z.array(z.number().int().min(1).max(7)).max(7).optional(),
  substitutePriceBand: z
    .strictObject({
      belowPercent: z.number().int().min(0).max(100),
      abovePercent: z.number().int().min(0).max(1000),
    })
    .nullable()
    .optional(),
});
