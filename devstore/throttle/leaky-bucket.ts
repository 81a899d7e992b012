/**
 * Shopify's per app + shop leaky bucket for Admin GraphQL (https://shopify.dev/docs/api/usage/limits, REFERENCE 2.4).
 * A query needs its requested cost available up front, takes it, and gets the difference to the actual cost back after
 * it ran. Time comes from the clock it is given, so tests decide when points restore.
 */

export interface RateLimitConfig {
  /** Points restored per second (Standard plan: 100). */
  restoreRate: number;
  /** throttleStatus.maximumAvailable (not stated for the new tiers; 2000 by default, configurable). */
  bucketSize: number;
  /** false turns throttling off (benchmarks); costs are still computed and reported. */
  enabled: boolean;
}

export const STANDARD_PLAN: RateLimitConfig = { restoreRate: 100, bucketSize: 2000, enabled: true };

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface Bucket {
  available: number;
  at: number;
}

/**
 * What one app + shop has spent since the limits were last configured: a test harness's read (Shopify reports the
 * same figures per response in `extensions.cost`; this sums them so a benchmark need not see every response).
 */
export interface BucketUsage {
  /** Queries that ran (their requested cost was taken). */
  calls: number;
  /** THROTTLED answers: the requested cost was not available; nothing ran, nothing was charged. */
  throttled: number;
  requestedPoints: number;
  /** Requested minus refunds: what the bucket was charged for the queries that ran. */
  actualPoints: number;
}

export class CostBucketLimiter {
  private settings: RateLimitConfig;
  private readonly buckets = new Map<string, Bucket>();
  private readonly spent = new Map<string, BucketUsage>();

  constructor(
    config: RateLimitConfig,
    private readonly now: () => number,
  ) {
    this.settings = { ...config };
  }

  config(): RateLimitConfig {
    return { ...this.settings };
  }

  /**
   * Changing the limits starts every bucket full again, as a plan change on Shopify would, and starts the usage
   * counters from zero.
   */
  configure(patch: Partial<RateLimitConfig>): RateLimitConfig {
    this.settings = { ...this.settings, ...patch };
    this.buckets.clear();
    this.spent.clear();
    return this.config();
  }

  /** Usage per bucket key since the last `configure`, throttled or not (counted with the limiter off too). */
  usage(): Map<string, BucketUsage> {
    return new Map([...this.spent].map(([key, u]) => [key, { ...u }]));
  }

  /** Takes `cost` points if they are available; otherwise takes nothing. */
  take(key: string, cost: number): { ok: boolean; status: ThrottleStatus } {
    const bucket = this.level(key);
    const usage = this.usageOf(key);
    if (this.settings.enabled && cost > bucket.available) {
      usage.throttled += 1;
      return { ok: false, status: this.report(bucket) };
    }
    usage.calls += 1;
    usage.requestedPoints += cost;
    usage.actualPoints += cost;
    if (this.settings.enabled) bucket.available -= cost;
    return { ok: true, status: this.report(bucket) };
  }

  /** Returns points taken for a query that turned out cheaper than requested. */
  refund(key: string, points: number): ThrottleStatus {
    const bucket = this.level(key);
    if (points > 0) this.usageOf(key).actualPoints -= points;
    if (this.settings.enabled && points > 0)
      bucket.available = Math.min(this.settings.bucketSize, bucket.available + points);
    return this.report(bucket);
  }

  status(key: string): ThrottleStatus {
    return this.report(this.level(key));
  }

  private usageOf(key: string): BucketUsage {
    let usage = this.spent.get(key);
    if (!usage) {
      usage = { calls: 0, throttled: 0, requestedPoints: 0, actualPoints: 0 };
      this.spent.set(key, usage);
    }
    return usage;
  }

  private level(key: string): Bucket {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { available: this.settings.bucketSize, at: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const elapsedSeconds = Math.max(0, now - bucket.at) / 1000;
    bucket.available = Math.min(
      this.settings.bucketSize,
      bucket.available + elapsedSeconds * this.settings.restoreRate,
    );
    bucket.at = now;
    return bucket;
  }

  private report(bucket: Bucket): ThrottleStatus {
    return {
      maximumAvailable: this.settings.bucketSize,
      currentlyAvailable: this.settings.enabled ? Math.floor(bucket.available) : this.settings.bucketSize,
      restoreRate: this.settings.restoreRate,
    };
  }
}
