import { InvalidValueError } from "./errors.js";

/**
 * A point in time handed to the domain: a Date, or an ISO 8601 string with a zone. Shopify timestamps carry the
 * shop's offset ("2024-03-01T10:00:00-05:00"), so they are compared as instants, never as strings.
 */
export type Instant = string | Date;

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch, or NaN when `value` is not a valid instant (a string without a zone included). */
export function instantMs(value: Instant): number {
  if (value instanceof Date) return value.getTime();
  return typeof value === "string" && ISO_WITH_ZONE.test(value) ? Date.parse(value) : Number.NaN;
}

export function toEpochMs(value: Instant, field: string): number {
  const ms = instantMs(value);
  if (!Number.isFinite(ms)) {
    throw new InvalidValueError(
      field,
      `expected a Date or an ISO 8601 time with a zone, got ${String(value)}`,
    );
  }
  return ms;
}

/** Normalises to "YYYY-MM-DDTHH:mm:ss.sssZ", the form written to storage and metafields. */
export function toIsoString(value: Instant, field = "at"): string {
  return new Date(toEpochMs(value, field)).toISOString();
}
