import { isGid, type Gid } from "../../domain/shared/gid.js";

/**
 * A GID column read back. Rows are only written through ports that take a Gid (parsed at the edge), so the column
 * holds nothing else; the database knows it as a plain string. The check is allocation-free, and a row written some
 * other way fails here, naming the column, instead of deep inside a decision.
 */
export function storedGid<R extends string>(resource: R, value: string, column: string = resource): Gid<R> {
  if (!isGid(resource, value)) {
    throw new Error(`stored ${column} is not a gid://shopify/${resource}/<id>: ${JSON.stringify(value)}`);
  }
  return value;
}

/** A JSON array column of GIDs read back (checked as storedGid checks one). */
export function storedGids<R extends string>(
  resource: R,
  values: readonly string[],
  column: string = resource,
): Gid<R>[] {
  return values.map((value) => storedGid(resource, value, column));
}
