import { InvalidValueError } from "./errors.js";

/**
 * Shopify global ids, kept as strings from end to end: numeric ids go up to 2^63 and lose precision as soon as
 * `JSON.parse` turns them into numbers (https://shopify.dev/docs/api/usage/gids).
 *
 * The one module for ids: a plain `string` (a route parameter, a payload field, a GraphQL answer, a column) is not a
 * `Gid`, so a value from outside becomes one only through `parseGid`/`parseGids` (or `toGid` from a numeric id) at
 * the edge that receives it; rows read back use the adapters' `storedGid`. Inside, the types can be trusted. As with
 * `ShopDomain`, literals in code (`"gid://shopify/Order/1"`) are checked by their shape.
 */
export type Gid<R extends string> = `gid://shopify/${R}/${string}`;

export type OrderGid = Gid<"Order">;
export type LineItemGid = Gid<"LineItem">;
export type ProductVariantGid = Gid<"ProductVariant">;
export type ProductGid = Gid<"Product">;
export type CollectionGid = Gid<"Collection">;
export type InventoryItemGid = Gid<"InventoryItem">;
export type LocationGid = Gid<"Location">;
export type CustomerGid = Gid<"Customer">;

const PREFIX = "gid://shopify/";

/** Is `value` a GID of `resource` ("gid://shopify/Order/123")? Allocation-free: it runs on every line. */
export function isGid<R extends string>(resource: R, value: unknown): value is Gid<R> {
  if (typeof value !== "string" || !value.startsWith(PREFIX) || !value.startsWith(resource, PREFIX.length)) {
    return false;
  }
  const slash = PREFIX.length + resource.length;
  const digits = value.length - slash - 1;
  // "/" then 1 to 20 digits, no leading zero.
  if (value.charCodeAt(slash) !== 47 || digits < 1 || digits > 20 || value.charCodeAt(slash + 1) === 48)
    return false;
  for (let i = slash + 1; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Checks `value` is a GID of `resource`; throws InvalidValueError otherwise. */
export function parseGid<R extends string>(resource: R, value: unknown, field: string = resource): Gid<R> {
  if (!isGid(resource, value)) {
    throw new InvalidValueError(
      field,
      `expected a gid://shopify/${resource}/<id>, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Checks every value is a GID of `resource`; the error names the first bad one by its index (`field.2`). */
export function parseGids<R extends string>(
  resource: R,
  values: readonly unknown[],
  field: string = resource,
): Gid<R>[] {
  return values.map((value, i) => parseGid(resource, value, `${field}.${i}`));
}

/** Builds a GID from a numeric id given as a string or bigint (never a JS number: it may already be rounded). */
export function toGid<R extends string>(resource: R, numericId: string | bigint): Gid<R> {
  return parseGid(resource, `gid://shopify/${resource}/${numericId.toString()}`);
}

/** The numeric part, as a string of digits. */
export function gidNumericId(gid: Gid<string>): string {
  return gid.slice(gid.lastIndexOf("/") + 1);
}

/**
 * Orders GIDs of one resource by their numeric id (9 < 10), without converting to a JS number. Both share the
 * "gid://shopify/<Resource>/" prefix, so comparing length then characters compares the numbers.
 */
export function compareGids(a: Gid<string>, b: Gid<string>): number {
  return compareDigits(a, b);
}

/** Compares two strings of digits without leading zeros (or two such strings behind one shared prefix). */
export function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
