import { z } from "zod";
import { isGid, type Gid } from "../../domain/shared/gid.js";
import { ValidationError } from "../../errors.js";

const NUMERIC_ID = /^[1-9]\d{0,19}$/;

/**
 * An id at the edge (a path parameter, a query parameter, a body field): a GID of `resource`, or its bare numeric id
 * (what the admin's URLs and Shopify's REST ids carry), typed as the Gid it is. Anything else fails the request with
 * a 400 naming the field, so a use case never receives an id it has to trust blindly.
 */
export function gidParam<R extends string>(resource: R) {
  const message = `expected a gid://shopify/${resource}/<id> or its numeric id`;
  return z
    .string()
    .max(128)
    .transform((value, ctx): Gid<R> => {
      const gid = NUMERIC_ID.test(value) ? `gid://shopify/${resource}/${value}` : value;
      if (isGid(resource, gid)) return gid;
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    });
}

/** zod at the edge: a 400 whose message names every bad field, e.g. `Invalid query: limit: Too big: …`. */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: "query" | "params" | "body",
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => ({ field: i.path.join(".") || part, message: i.message }));
  throw new ValidationError(
    `Invalid ${part}: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
    problems,
  );
}
