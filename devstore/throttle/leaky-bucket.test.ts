import { describe, expect, it } from "vitest";
import { CostBucketLimiter, STANDARD_PLAN } from "./leaky-bucket.js";

function limiter(config = STANDARD_PLAN) {
  let now = 0;
  const l = new CostBucketLimiter(config, () => now);
  return { l, advance: (ms: number) => (now += ms) };
}

describe("CostBucketLimiter", () => {
  it("starts full and takes the requested cost", () => {
    const { l } = limiter();
    expect(l.take("k", 50)).toEqual({
      ok: true,
      status: { maximumAvailable: 2000, currentlyAvailable: 1950, restoreRate: 100 },
    });
  });

  it("refuses without taking anything when the bucket holds less than the request", () => {
    const { l } = limiter({ restoreRate: 50, bucketSize: 100, enabled: true });
    l.take("k", 80);
    expect(l.take("k", 30)).toEqual({
      ok: false,
      status: { maximumAvailable: 100, currentlyAvailable: 20, restoreRate: 50 },
    });
    expect(l.status("k").currentlyAvailable).toBe(20);
  });

  it("restores restoreRate points per second of the clock, up to the bucket size", () => {
    const { l, advance } = limiter();
    l.take("k", 1000);
    advance(2500);
    expect(l.status("k").currentlyAvailable).toBe(1250);
    advance(60_000);
    expect(l.status("k").currentlyAvailable).toBe(2000);
  });

  it("refunds the unused part of a request, never above the bucket size", () => {
    const { l } = limiter();
    l.take("k", 500);
    expect(l.refund("k", 400).currentlyAvailable).toBe(1900);
    expect(l.refund("k", 400).currentlyAvailable).toBe(2000);
  });

  it("keeps one bucket per key (app + shop)", () => {
    const { l } = limiter();
    l.take("app|a.myshopify.com", 2000);
    expect(l.take("app|b.myshopify.com", 2000).ok).toBe(true);
    expect(l.take("app|a.myshopify.com", 1).ok).toBe(false);
  });

  it("lets everything through when disabled, reporting a full bucket", () => {
    const { l } = limiter({ ...STANDARD_PLAN, enabled: false });
    for (let i = 0; i < 10; i++) expect(l.take("k", 1000).ok).toBe(true);
    expect(l.status("k").currentlyAvailable).toBe(2000);
  });

  it("starts every bucket full after a reconfiguration", () => {
    const { l } = limiter();
    l.take("k", 2000);
    l.configure({ bucketSize: 1000, restoreRate: 50 });
    expect(l.status("k")).toEqual({ maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 50 });
  });

  it("sums what each key spent (calls, throttled answers, requested and actual points) until reconfigured", () => {
    const { l } = limiter({ restoreRate: 10, bucketSize: 100, enabled: true });
    l.take("a|s", 80);
    l.refund("a|s", 60);
    l.take("a|s", 90);
    l.take("b|s", 5);
    expect(Object.fromEntries(l.usage())).toEqual({
      "a|s": { calls: 1, throttled: 1, requestedPoints: 80, actualPoints: 20 },
      "b|s": { calls: 1, throttled: 0, requestedPoints: 5, actualPoints: 5 },
    });
    l.configure({ enabled: false });
    l.take("a|s", 500);
    expect(l.usage().get("a|s")).toEqual({ calls: 1, throttled: 0, requestedPoints: 500, actualPoints: 500 });
  });
});
