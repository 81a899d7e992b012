import { createHmac } from "node:crypto";
import type { FaultController } from "./faults.js";
import { createPrng, seededUuid } from "./prng.js";
import type { WebhookSubscription } from "./app-config.js";
import { createHttpSender, type WebhookSender } from "./http-sender.js";

/**
 * Sends store events to apps the way Shopify does (https://shopify.dev/docs/apps/build/webhooks, REFERENCE 1.1-1.3,
 * 1.7): one delivery per subscription that names the topic, the exact JSON bytes signed with the app secret, a 5 s
 * budget per attempt, and up to 8 retries with exponential backoff that reuse the body, the webhook id and the
 * original X-Shopify-Triggered-At.
 */

export interface WebhookEvent {
  shop: string;
  topic: string;
  payload: Record<string, unknown>;
  triggeredAt: Date;
  eventId: string;
  /** The one app this event is for (app/uninstalled, shop/redact); otherwise every installed subscriber. */
  apiKey?: string;
}

export interface WebhookApp {
  apiKey: string;
  apiSecret: string;
  apiVersion: string;
  subscriptions: WebhookSubscription[];
}

export interface DeliveryAttempt {
  at: string;
  /** HTTP status, or null when the attempt timed out or could not connect. */
  status: number | null;
  error?: string;
  durationMs: number;
}

export type DeliveryState = "pending" | "delivered" | "failed" | "dropped";

export interface DeliveryRecord {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  apiKey: string;
  url: string;
  apiVersion: string;
  triggeredAt: string;
  state: DeliveryState;
  /** An extra copy sent by the duplicate fault. */
  duplicate: boolean;
  attempts: DeliveryAttempt[];
  nextAttemptAt: string | null;
  bodyBytes: number;
}

/** Which deliveries a read of the log wants: every condition given must hold; `limit` keeps the newest that match. */
export interface DeliveryFilter {
  shop?: string;
  topic?: string;
  state?: DeliveryState;
  limit?: number;
}

export function matchesDeliveryFilter(record: DeliveryRecord, filter: DeliveryFilter): boolean {
  return (
    (!filter.shop || record.shop === filter.shop) &&
    (!filter.topic || record.topic === filter.topic) &&
    (!filter.state || record.state === filter.state)
  );
}

export interface DispatcherOptions {
  apps: WebhookApp[];
  faults: FaultController;
  /** Whether the app is installed on the shop; events without an apiKey only go to installed apps. */
  isInstalled: (shop: string, apiKey: string) => boolean;
  seed?: number;
  /** Per-attempt budget; Shopify's is 5 s. */
  timeoutMs?: number;
  /** Shopify: 8 retries over about 4 hours. */
  maxRetries?: number;
  /**
   * First retry waits this long, then doubling (60 s → 2 h 8 min for the 8th; about 4 h 15 min in all), each wait
   * plus up to half of it again at random (RETRY_JITTER), so deliveries that failed together do not all come back at
   * the same moment and fail together again.
   */
  retryBaseMs?: number;
  /** Multiplies every backoff, so tests can run the whole retry schedule in milliseconds. */
  backoffScale?: number;
  /** Finished deliveries kept in the log beyond this are forgotten, oldest first. */
  logLimit?: number;
  sender?: WebhookSender;
  wallClock?: () => number;
}

interface Delivery {
  record: DeliveryRecord;
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
}

/** A retry waits its backoff plus up to this fraction of it again. */
export const RETRY_JITTER = 0.5;

export class WebhookDispatcher {
  private readonly log: Delivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private held: { delivery: Delivery; delayMs: number }[] = [];
  private heldTimer: NodeJS.Timeout | null = null;
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly nextId: () => number;
  /** Draws for the retry jitter: a stream of its own, so webhook ids stay what the seed made them. */
  private readonly jitter: () => number;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private backoffScale: number;
  private readonly logLimit: number;
  private readonly sender: WebhookSender;
  private readonly wallClock: () => number;

  constructor(private readonly opts: DispatcherOptions) {
    this.nextId = createPrng((opts.seed ?? 1) ^ 0x5eed_1d5);
    this.jitter = createPrng((opts.seed ?? 1) ^ 0x7e77e2);
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.maxRetries = opts.maxRetries ?? 8;
    this.retryBaseMs = opts.retryBaseMs ?? 60_000;
    this.backoffScale = opts.backoffScale ?? 1;
    this.logLimit = opts.logLimit ?? 10_000;
    this.sender = opts.sender ?? createHttpSender();
    this.wallClock = opts.wallClock ?? Date.now;
  }

  /** Called synchronously for every store event; sending happens in the background. */
  handle(event: WebhookEvent): void {
    if (this.closed) return;
    for (const app of this.opts.apps) {
      if (event.apiKey ? event.apiKey !== app.apiKey : !this.opts.isInstalled(event.shop, app.apiKey))
        continue;
      for (const subscription of app.subscriptions) {
        if (subscription.topics.includes(event.topic)) this.enqueue(event, app, subscription);
      }
    }
  }

  setBackoffScale(scale: number): void {
    this.backoffScale = scale;
  }

  /**
   * Copies of the logged deliveries that match, oldest first. Filters before copying: the log holds up to `logLimit`
   * deliveries and a harness polling for the pending ones wants few of them.
   */
  deliveries(filter: DeliveryFilter = {}): DeliveryRecord[] {
    const matching: DeliveryRecord[] = [];
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    for (let i = this.log.length - 1; i >= 0 && matching.length < limit; i--) {
      const record = this.log[i]!.record;
      if (matchesDeliveryFilter(record, filter))
        matching.push({ ...record, attempts: record.attempts.map((a) => ({ ...a })) });
    }
    return matching.reverse();
  }

  /** Resolves once nothing is waiting, held, in flight or scheduled for retry. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.heldTimer) clearTimeout(this.heldTimer);
    this.held = [];
    this.sender.close();
    this.pending = 0;
    this.settle();
  }

  private enqueue(event: WebhookEvent, app: WebhookApp, subscription: WebhookSubscription): void {
    const body = new TextEncoder().encode(JSON.stringify(event.payload));
    const webhookId = seededUuid(this.nextId);
    const triggeredAt = shopifyTimestamp(event.triggeredAt);
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "X-Shopify-Topic": event.topic,
      "X-Shopify-Hmac-Sha256": createHmac("sha256", app.apiSecret).update(body).digest("base64"),
      "X-Shopify-Shop-Domain": event.shop,
      "X-Shopify-API-Version": app.apiVersion,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Event-Id": event.eventId,
      "X-Shopify-Triggered-At": triggeredAt,
      ...(subscription.name ? { "X-Shopify-Name": subscription.name } : {}),
    };
    const make = (duplicate: boolean): Delivery => ({
      body,
      headers,
      record: {
        webhookId,
        eventId: event.eventId,
        topic: event.topic,
        shop: event.shop,
        apiKey: app.apiKey,
        url: subscription.url,
        apiVersion: app.apiVersion,
        triggeredAt,
        state: "pending",
        duplicate,
        attempts: [],
        nextAttemptAt: null,
        bodyBytes: body.byteLength,
      },
    });

    const decision = this.opts.faults.decide(event.topic);
    const original = make(false);
    this.remember(original);
    if (decision.drop) {
      original.record.state = "dropped";
      return;
    }
    const copies = decision.duplicate ? [original, make(true)] : [original];
    for (const delivery of copies) {
      if (delivery !== original) this.remember(delivery);
      this.pending++;
      if (decision.reorder) this.hold(delivery, decision.delayMs);
      else this.release(delivery, decision.delayMs);
    }
  }

  private hold(delivery: Delivery, delayMs: number): void {
    this.held.push({ delivery, delayMs });
    const { reorderWindow, reorderMaxHoldMs } = this.opts.faults.config();
    if (this.held.length >= reorderWindow) {
      this.flushHeld();
      return;
    }
    if (!this.heldTimer) this.heldTimer = setTimeout(() => this.flushHeld(), reorderMaxHoldMs);
  }

  private flushHeld(): void {
    if (this.heldTimer) clearTimeout(this.heldTimer);
    this.heldTimer = null;
    const batch = this.opts.faults.shuffle(this.held);
    this.held = [];
    for (const { delivery, delayMs } of batch) this.release(delivery, delayMs);
  }

  /** Released in order, then sent concurrently: Shopify does not serialise deliveries either. */
  private release(delivery: Delivery, delayMs: number): void {
    this.later(Math.max(0, delayMs), () => void this.attempt(delivery));
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const record = delivery.record;
    record.nextAttemptAt = null;
    const started = this.wallClock();
    const result = await this.sender.send(record.url, delivery.headers, delivery.body, this.timeoutMs);
    const status = "status" in result ? result.status : null;
    const error = "error" in result ? result.error : undefined;
    if (this.closed) return;

    record.attempts.push({
      at: new Date(started).toISOString(),
      status,
      ...(error ? { error } : {}),
      durationMs: this.wallClock() - started,
    });
    // Only 2xx counts: Shopify treats redirects and every other status as a failure (REFERENCE 1.3).
    if (status !== null && status >= 200 && status < 300) {
      record.state = "delivered";
      this.done();
      return;
    }
    const retriesSoFar = record.attempts.length - 1;
    if (retriesSoFar >= this.maxRetries) {
      record.state = "failed";
      this.done();
      return;
    }
    const wait =
      this.retryBaseMs * 2 ** retriesSoFar * this.backoffScale * (1 + RETRY_JITTER * this.jitter());
    record.nextAttemptAt = new Date(this.wallClock() + wait).toISOString();
    this.later(wait, () => void this.attempt(delivery));
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  private remember(delivery: Delivery): void {
    this.log.push(delivery);
    if (this.log.length <= this.logLimit) return;
    const index = this.log.findIndex((d) => d.record.state !== "pending");
    if (index >= 0) this.log.splice(index, 1);
  }

  private done(): void {
    this.pending = Math.max(0, this.pending - 1);
    this.settle();
  }

  private settle(): void {
    if (this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** Shopify's X-Shopify-Triggered-At format: microsecond precision, `Z` suffix (2025-07-10T16:15:47.000000Z). */
export function shopifyTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}
