/**
 * /api/settings: the PATCH the route validates, and the answer of GET and PATCH. The shape, defaults and bounds are
 * domain/settings' (one owner); the answer carries the defaults and bounds, so the admin shows the server's, never
 * its own copy.
 */
import { z } from "zod";
import { isCalendarDate } from "../../server/domain/eta/calendar-date.js";
import { SETTINGS_LIMITS as LIMITS, } from "../../server/domain/settings/shape.js";
const tag = z.string().trim().min(1).max(LIMITS.tagLength);
/**
 * PATCH /api/settings: any subset of the settings; `allocation` may be partial too. The request's bounds are checked
 * here; the settings as a whole by validateShopSettings.
 */
export const settingsPatch = z.strictObject({
    backorderTag: tag.optional(),
    shipTogether: z.boolean().optional(),
    allocation: z
        .strictObject({
        priorityTags: z.array(tag).max(LIMITS.priorityTags).optional(),
        completeLinesFirst: z.boolean().optional(),
        partial: z.enum(["allow", "never"]).optional(),
        minPartialUnits: z.number().int().min(1).optional(),
        maxPartialAllocations: z.number().int().min(0).nullable().optional(),
    })
        .optional(),
    holidays: z
        .array(z.string().refine(isCalendarDate, "expected a real date as YYYY-MM-DD"))
        .max(LIMITS.holidays)
        .optional(),
    weekend: z.array(z.number().int().min(1).max(7)).max(7).optional(),
    substitutePriceBand: z
        .strictObject({
        belowPercent: z.number().int().min(0).max(LIMITS.belowPercent),
        abovePercent: z.number().int().min(0).max(LIMITS.abovePercent),
    })
        .nullable()
        .optional(),
});
//# sourceMappingURL=settings.js.map