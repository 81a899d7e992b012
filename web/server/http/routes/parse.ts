import { z } from "zod";
import { isStorableText } from "../../domain/shared/text.js";
import { ValidationError } from "../../errors.js";

// The id parameter every route uses lives with the API's schemas (web/shared/api), where the admin reads it too.
export { gidParam } from "../../../shared/api/common.js";

/** zod at the edge: a 400 whose message names every bad field, e.g. `Invalid query: limit: Too big: …`. */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: "query" | "params" | "body",
): z.output<S> {
  const unstorable = unstorableTextAt(value);
  if (unstorable !== null) {
    const field = unstorable || part;
    const message = "text with a NUL character or an unpaired UTF-16 surrogate";
    throw new ValidationError(`Invalid ${part}: ${field}: ${message}`, [{ field, message }]);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => ({ field: i.path.join(".") || part, message: i.message }));
  throw new ValidationError(
    `Invalid ${part}: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
    problems,
  );
}

/**
 * Where the input holds a string (or a key) no database of ours can store (domain/shared/text.ts), which would be a
 * 500 after the request was taken. The path of the first one ("" for the value itself; "…" past 8 levels), or null. Iterative: a 64 kB body
 * nests 30,000 deep.
 */
export function unstorableTextAt(value: unknown): string | null {
  const stack: [unknown, string, number][] = [[value, "", 0]];
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === "string") {
      if (!isStorableText(v)) return path;
    } else if (typeof v === "object" && v !== null) {
      for (const [key, child] of Object.entries(v)) {
        const at = depth >= 8 ? path : path ? `${path}.${key}` : key;
        if (!isStorableText(key)) return at;
        stack.push([child, depth === 8 ? `${at}.…` : at, depth + 1]);
      }
    }
  }
  return null;
}
