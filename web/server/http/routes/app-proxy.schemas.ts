import { z } from "zod";
import { gidOf } from "./substitutes.schemas.js";

/**
 * GET {proxy url}/availability?variant=… Shopify adds shop, logged_in_customer_id, path_prefix, timestamp and
 * signature (checked before this); other parameters are ignored.
 */
export const availabilityQuery = z.object({
  variant: gidOf("ProductVariant"),
  format: z.enum(["json", "liquid"]).default("json"),
});
