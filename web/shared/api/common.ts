/**
 * Building blocks of the admin API's shapes. Everything under web/shared/api is imported by the routes (which
 * validate requests with these schemas) and by the admin in the browser (which takes its types from them): zod and
 * pure domain helpers only, never server code (eslint.config.js keeps it so; `npm run build` bundles it).
 */
import { z } from "zod";
import { isGid } from "../../server/domain/shared/gid.js";

/**
 * A Shopify GID of one resource ("gid://shopify/ProductVariant/123"); the bare numeric id is accepted too.
 * https://shopify.dev/docs/api/usage/gids
 */
export const gid = (resource: string) =>
  z
    .string()
    .max(128)
    .transform((v) => (/^[1-9]\d{0,19}$/.test(v) ? `gid://shopify/${resource}/${v}` : v))
    .refine((v) => isGid(resource, v), `expected a gid://shopify/${resource}/<id>`);

/** A point in time: a Date on the server, an ISO 8601 string on the wire and in the browser. */
export const instant = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((v) => (typeof v === "string" ? v : v.toISOString()));

export const units = z.number().int().min(0);
