import { instantMs, type Instant } from "../shared/instant.js";

/**
 * How long waiting units have waited, in whole days (24 hours) since their order was placed: 0–7, 8–14, 15–30 and
 * more than 30 days. A line placed 7 days and 23 hours ago has waited 7 days (first bucket); 8 days, the second.
 */
export const AGE_BUCKETS = [
  { id: "0-7", maxDays: 7 },
  { id: "8-14", maxDays: 14 },
  { id: "15-30", maxDays: 30 },
  { id: "30+", maxDays: null },
] as const;

export type AgeBucketId = (typeof AGE_BUCKETS)[number]["id"];

export interface AgeBucketCount {
  bucket: AgeBucketId;
  units: number;
  lines: number;
}

const DAY_MS = 86_400_000;

/** Whole days waited (an order stamped in the future counts as placed now). */
export function waitedDays(orderCreatedAt: Instant, now: Instant): number {
  return Math.max(0, Math.floor((instantMs(now) - instantMs(orderCreatedAt)) / DAY_MS));
}

export function ageBucketOf(days: number): AgeBucketId {
  const d = Math.max(0, Math.floor(days));
  for (const b of AGE_BUCKETS) if (b.maxDays === null || d <= b.maxDays) return b.id;
  return "30+";
}

/**
 * For a query that sums per bucket: a line is in bucket i when its order was placed after `after` (exclusive) and
 * not after the previous bucket's `after`; the last bucket has no lower bound (null).
 */
export function ageBucketBounds(now: Instant): { bucket: AgeBucketId; after: Date | null }[] {
  const ms = instantMs(now);
  return AGE_BUCKETS.map((b) => ({
    bucket: b.id,
    after: b.maxDays === null ? null : new Date(ms - (b.maxDays + 1) * DAY_MS),
  }));
}

/** Every bucket, in order, zeros included, from sums keyed by bucket. */
export function ageing(sums: ReadonlyMap<AgeBucketId, { units: number; lines: number }>): AgeBucketCount[] {
  return AGE_BUCKETS.map((b) => ({
    bucket: b.id,
    units: sums.get(b.id)?.units ?? 0,
    lines: sums.get(b.id)?.lines ?? 0,
  }));
}
