import { describe, expect, it } from "vitest";
import { ageBucketBounds, ageBucketOf, ageing, waitedDays } from "./ageing.js";

const now = "2026-07-31T12:00:00.000Z";

describe("ageing", () => {
  it.each([
    ["placed now", "2026-07-31T12:00:00.000Z", 0, "0-7"],
    ["7 days 23 hours ago", "2026-07-23T13:00:00.000Z", 7, "0-7"],
    ["exactly 8 days ago", "2026-07-23T12:00:00.000Z", 8, "8-14"],
    ["14 days ago", "2026-07-17T12:00:00.000Z", 14, "8-14"],
    ["15 days ago", "2026-07-16T12:00:00.000Z", 15, "15-30"],
    ["30 days ago", "2026-07-01T12:00:00.000Z", 30, "15-30"],
    ["31 days ago", "2026-06-30T12:00:00.000Z", 31, "30+"],
    ["a year ago", "2025-07-31T12:00:00.000Z", 365, "30+"],
    ["stamped in the future", "2026-08-02T12:00:00.000Z", 0, "0-7"],
  ])("%s: %s waited %i days → %s", (_name, placed, days, bucket) => {
    expect(waitedDays(placed, now)).toBe(days);
    expect(ageBucketOf(waitedDays(placed, now))).toBe(bucket);
  });

  it("gives the query bounds that agree with the buckets", () => {
    const bounds = ageBucketBounds(now);
    expect(bounds.map((b) => [b.bucket, b.after?.toISOString() ?? null])).toEqual([
      ["0-7", "2026-07-23T12:00:00.000Z"],
      ["8-14", "2026-07-16T12:00:00.000Z"],
      ["15-30", "2026-06-30T12:00:00.000Z"],
      ["30+", null],
    ]);
  });

  it("lists every bucket in order, zeros included", () => {
    expect(ageing(new Map([["15-30", { units: 4, lines: 2 }]]))).toEqual([
      { bucket: "0-7", units: 0, lines: 0 },
      { bucket: "8-14", units: 0, lines: 0 },
      { bucket: "15-30", units: 4, lines: 2 },
      { bucket: "30+", units: 0, lines: 0 },
    ]);
  });
});
