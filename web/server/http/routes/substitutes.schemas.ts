import { z } from "zod";
import { gidParam } from "./parse.js";

/** `/api/variants/:variantId/…`: the numeric id, or the GID URL-encoded. */
export const variantParams = z.object({ variantId: gidParam("ProductVariant") });

/** PUT /api/variants/:variantId/substitutes replaces the picks (in order) and the exclusions. */
export const substitutesBody = z.strictObject({
  picks: z.array(gidParam("ProductVariant")).max(50).default([]),
  excludedVariantIds: z.array(gidParam("ProductVariant")).max(250).default([]),
  excludedProductIds: z.array(gidParam("Product")).max(250).default([]),
});
