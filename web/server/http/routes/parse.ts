import { z } from "zod";
import { ValidationError } from "../../errors.js";

// The id parameter every route uses lives with the API's schemas (web/shared/api), where the admin reads it too.
export { gidParam } from "../../../shared/api/common.js";

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
