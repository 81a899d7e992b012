import { InvalidValueError } from "../shared/errors.js";
import type { ProductVariantGid } from "../shared/gid.js";
import { AVAILABILITY_METAFIELD, type AvailabilityPayload } from "./availability.js";

/** Shopify accepts at most 25 metafields per `metafieldsSet` (https://shopify.dev/docs/api/admin-graphql/latest/mutations/metafieldsSet). */
export const METAFIELDS_SET_LIMIT = 25;

/** One entry of `metafieldsSet(metafields: [MetafieldsSetInput!]!)`. */
export interface MetafieldsSetInput {
  ownerId: ProductVariantGid;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

/**
 * JSON with object keys sorted at every level (array order kept): equal content gives equal text, whatever order
 * Shopify or we produced the keys in. Undefined properties are dropped, as JSON.stringify does.
 */
export function stableStringify(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new InvalidValueError("value", `${value} has no JSON form`);
  }
  if (typeof value !== "object" || value === null) return value;
  // fromEntries defines own properties, so a "__proto__" key from parsed JSON stays a key instead of a prototype.
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .flatMap((key) => {
        const v = (value as Record<string, unknown>)[key];
        return v === undefined ? [] : [[key, canonical(v)]];
      }),
  );
}

/** The value written to the metafield: the canonical text, so what we write is exactly what we compare against. */
export function serializeAvailability(payload: AvailabilityPayload): string {
  return stableStringify(payload);
}

/**
 * Whether the metafield must be written: never written (null), unreadable, or different content. Key order and
 * whitespace (Shopify may return the JSON reformatted) do not count as changes.
 */
export function availabilityNeedsWrite(previous: unknown, next: AvailabilityPayload): boolean {
  if (previous === null || previous === undefined) return true;
  let data: unknown = previous;
  if (typeof previous === "string") {
    try {
      data = JSON.parse(previous);
    } catch {
      return true;
    }
  }
  return stableStringify(data) !== serializeAvailability(next);
}

/** Splits writes into calls of at most `size` (25 by default), keeping their order. */
export function batch<T>(items: readonly T[], size = METAFIELDS_SET_LIMIT): T[][] {
  if (!Number.isSafeInteger(size) || size < 1)
    throw new InvalidValueError("size", `expected an integer >= 1, got ${size}`);
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

export interface AvailabilityUpdate {
  variantId: ProductVariantGid;
  /** The metafield's current value (as Shopify or our mirror has it); null when never written. */
  previous: unknown;
  next: AvailabilityPayload;
}

/**
 * The `metafieldsSet` calls that bring every variant's availability metafield up to date: unchanged ones are left
 * out, the rest go in input order, ≤25 per call. A variant listed twice is refused: one call would carry two
 * values for the same metafield, and which one wins would be an accident.
 */
export function planAvailabilityWrites(updates: readonly AvailabilityUpdate[]): MetafieldsSetInput[][] {
  const seen = new Set<ProductVariantGid>();
  const writes: MetafieldsSetInput[] = [];
  updates.forEach((update, i) => {
    if (seen.has(update.variantId))
      throw new InvalidValueError(`updates[${i}]`, `${update.variantId} is listed twice`);
    seen.add(update.variantId);
    if (!availabilityNeedsWrite(update.previous, update.next)) return;
    writes.push({
      ownerId: update.variantId,
      ...AVAILABILITY_METAFIELD,
      value: serializeAvailability(update.next),
    });
  });
  return batch(writes);
}
