import { InvalidValueError } from "./errors.js";

/**
 * Shopify global ids, kept as strings from end to end: numeric ids go up to 2^63 and lose precision as soon as
 * `JSON.parse` turns them into numbers (https://shopify.dev/docs/api/usage/gids).
 */
declare const gidBrand: unique symbol;
export type Gid<R extends string> = string & { readonly [gidBrand]: R };

export type OrderGid = Gid<"Order">;
export type LineItemGid = Gid<"LineItem">;
export type ProductVariantGid = Gid<"ProductVariant">;
export type InventoryItemGid = Gid<"InventoryItem">;
export type LocationGid = Gid<"Location">;
export type CustomerGid = Gid<"Customer">;

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/([1-9][0-9]{0,19})$/;

/** Checks `value` is a GID of `resource` ("gid://shopify/Order/123"); throws InvalidValueError otherwise. */
export function parseGid<R extends string>(resource: R, value: unknown, field = resource): Gid<R> {
  const match = typeof value === "string" ? GID.exec(value) : null;
  if (!match || match[1] !== resource) {
    throw new InvalidValueError(
      field,
      `expected a gid://shopify/${resource}/<id>, got ${JSON.stringify(value)}`,
    );
  }
  return value as Gid<R>;
}

/** Builds a GID from a numeric id given as a string or bigint (never a JS number: it may already be rounded). */
export function toGid<R extends string>(resource: R, numericId: string | bigint): Gid<R> {
  return parseGid(resource, `gid://shopify/${resource}/${numericId.toString()}`);
}

/** The numeric part, as a string of digits. */
export function gidNumericId(gid: Gid<string>): string {
  return gid.slice(gid.lastIndexOf("/") + 1);
}

/** Orders GIDs of one resource by their numeric id (9 < 10), without converting to a JS number. */
export function compareGids(a: Gid<string>, b: Gid<string>): number {
  return compareDigits(gidNumericId(a), gidNumericId(b));
}

/** Compares two strings of digits without leading zeros as integers. */
export function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
