/**
 * Building blocks of the admin API's shapes. Everything under web/shared/api is imported by the routes (which
 * validate requests with these schemas) and by the admin in the browser (which takes its types from them): zod and
 * pure domain helpers only, never server code (eslint.config.js keeps it so; `npm run build` bundles it).
 */
import { z } from "zod";
import { isGid } from "../../server/domain/shared/gid.js";
const NUMERIC_ID = /^[1-9]\d{0,19}$/;
/**
 * An id at the edge (a path parameter, a query parameter, a body field): a GID of `resource`, or its bare numeric id
 * (what the admin's URLs and Shopify's REST ids carry), typed as the Gid it is. Anything else fails the request with
 * a 400 naming the field, so a use case never receives an id it has to trust blindly.
 * https://shopify.dev/docs/api/usage/gids
 */
export function gidParam(resource) {
    const message = `expected a gid://shopify/${resource}/<id> or its numeric id`;
    return z
        .string()
        .max(128)
        .transform((value, ctx) => {
        const gid = NUMERIC_ID.test(value) ? `gid://shopify/${resource}/${value}` : value;
        if (isGid(resource, gid))
            return gid;
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
    });
}
/** A point in time: a Date on the server, an ISO 8601 string on the wire and in the browser. */
export const instant = z
    .union([z.date(), z.iso.datetime({ offset: true })])
    .transform((v) => (typeof v === "string" ? v : v.toISOString()));
export const units = z.number().int().min(0);
//# sourceMappingURL=common.js.map