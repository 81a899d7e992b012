import { z } from "zod";

/** A numeric id or a GID of `resource`, as a GID. */
export function gidOf(resource: string) {
  const pattern = new RegExp(`^(?:gid://shopify/${resource}/)?([1-9][0-9]{0,19})$`);
  return z
    .string()
    .regex(pattern, `expected a gid://shopify/${resource}/<id> or its numeric id`)
    .transform((value) => `gid://shopify/${resource}/${pattern.exec(value)?.[1] ?? ""}`);
}

/** `/api/variants/:variantId/…`: the numeric id, or the GID URL-encoded. */
export const variantParams = z.object({ variantId: gidOf("ProductVariant") });

/** PUT /api/variants/:variantId/substitutes replaces the picks (in order) and the exclusions. */
export const substitutesBody = z.strictObject({
  picks: z.array(gidOf("ProductVariant")).max(50).default([]),
  excludedVariantIds: z.array(gidOf("ProductVariant")).max(250).default([]),
  excludedProductIds: z.array(gidOf("Product")).max(250).default([]),
});
