import { z } from "zod";
import { gidParam } from "./parse.js";

/**
 * GET {proxy url}/availability?variant=… Shopify adds shop, logged_in_customer_id, path_prefix, timestamp and
 * signature (checked before this); other parameters are ignored.
 */
export const availabilityQuery = z.object({
  variant: gidParam("ProductVariant"),
  format: z.enum(["json", "liquid"]).default("json"),
});
