/**
 * How the inbox worker runs one claimed unit of rows and records each row's outcome (inbox-worker.ts schedules the
 * units): the lease checked and renewed before a handler starts, the handler's time limit, PROCESSED on success, and
 * on failure back to PENDING with backoff or DEAD. Every outcome write is compare-and-set on the row's lease.
 */
import { ZodError } from "zod";
import { ValidationError } from "../errors.js";
import { REDACTED_PAYLOAD, type InboxEvent } from "../use-cases/ports.js";
import { parseShopifyJson } from "../use-cases/shopify-json.js";
import { handlerFor, type WebhookLane } from "../use-cases/webhook-handlers.js";
import { backoffDelayMs } from "./inbox-worker-backoff.js";
import type { InboxWorkerDeps } from "./inbox-worker.js";

export interface RowRunnerDeps extends InboxWorkerDeps {
  leaseMs: number;
  handlerTimeoutMs: number;
}

export interface RowRunner {
  /** A lane's rows of one shop, handled together. */
  processLane(events: InboxEvent[], lane: WebhookLane): Promise<void>;
  /** One row through its topic's handler. */
  processOne(event: InboxEvent): Promise<void>;
  /** Rows done (or made redundant), marked PROCESSED in one write. */
  settleProcessed(
    events: InboxEvent[],
    extra?: (event: InboxEvent) => Record<string, unknown>,
  ): Promise<void>;
}

export function createRowRunner(deps: RowRunnerDeps): RowRunner {
  const { inbox, handlers, clock, logger, settings, leaseMs, handlerTimeoutMs } = deps;
  const random = deps.random ?? Math.random;

  /**
   * A lane's rows: each is checked (lease, parse) on its own, then the lane handles them all at once, and each row
   * is settled with its own outcome. A time-out or a lane that throws fails every row of the unit.
   */
  async function processLane(events: InboxEvent[], lane: WebhookLane): Promise<void> {
    const fieldsOf = (event: InboxEvent) => ({
      id: event.id,
      shop: event.shop,
      topic: event.topic,
      attempt: event.attempts,
    });
    const ready: { event: InboxEvent; item: unknown }[] = [];
    const erased: InboxEvent[] = [];
    for (const event of events) {
      try {
        if (!(await leaseCoversHandler(event))) {
          leaseLost(fieldsOf(event), "started");
          continue;
        }
        if (event.payload === REDACTED_PAYLOAD) {
          erased.push(event);
          continue;
        }
        const handler = handlerFor(handlers, event.topic)!;
        const json = parseShopifyJson(event.payload);
        const payload = handler.parse ? handler.parse(json, event.topic) : json;
        ready.push({ event, item: handler.lane!.item(event, payload) });
      } catch (error) {
        await settle(event, error, false);
      }
    }
    await settleProcessed(erased);
    if (ready.length === 0) return;
    const abort = new AbortController();
    let work: Promise<(unknown | null)[]> | null = null;
    let failures: (unknown | null)[];
    try {
      work = lane.handleAll(
        ready[0]!.event.shop,
        ready.map((r) => r.item),
        abort.signal,
      );
      failures = await withTimeout(work, handlerTimeoutMs, abort);
    } catch (error) {
      if (abort.signal.aborted && work) await settledOrLeaseEnd(work, ready[0]!.event.lockedUntil);
      failures = ready.map(() => error);
    }
    await settleProcessed(ready.filter((_, i) => (failures[i] ?? null) === null).map((r) => r.event));
    for (const [i, { event }] of ready.entries())
      if ((failures[i] ?? null) !== null) await settle(event, failures[i], abort.signal.aborted);

    async function settle(event: InboxEvent, error: unknown, timedOut: boolean): Promise<void> {
      const fields = fieldsOf(event);
      try {
        await settleFailure(event, error, fields, timedOut);
      } catch (e) {
        logger.error("inbox worker could not record an outcome", { ...fields, error: String(e) });
      }
    }
  }

  /** Rows done, marked PROCESSED in one write. */
  async function settleProcessed(
    events: InboxEvent[],
    extra: (event: InboxEvent) => Record<string, unknown> = () => ({}),
  ): Promise<void> {
    if (events.length === 0) return;
    const fieldsOf = (event: InboxEvent) => ({
      id: event.id,
      shop: event.shop,
      topic: event.topic,
      attempt: event.attempts,
      ...extra(event),
    });
    try {
      const settled = await inbox.markProcessedMany(events, clock.now());
      for (const event of events) {
        if (settled.has(event.id)) logger.debug("inbox event processed", fieldsOf(event));
        else leaseLost(fieldsOf(event), "PROCESSED");
      }
    } catch (e) {
      for (const event of events)
        logger.error("inbox worker could not record an outcome", { ...fieldsOf(event), error: String(e) });
    }
  }

  async function processOne(event: InboxEvent): Promise<void> {
    const fields = { id: event.id, shop: event.shop, topic: event.topic, attempt: event.attempts };
    const abort = new AbortController();
    let work: Promise<void> | null = null;
    try {
      if (!(await leaseCoversHandler(event))) return leaseLost(fields, "started");
      const handler = handlerFor(handlers, event.topic);
      if (!handler) throw new ValidationError(`No handler for topic ${event.topic}`);
      // A payload customers/redact erased while the row waited: the customer is gone, nothing is left to do.
      if (event.payload !== REDACTED_PAYLOAD) {
        // Parsed once here: the handler's own check of the shape, then its work on the result.
        const json = parseShopifyJson(event.payload);
        const payload = handler.parse ? handler.parse(json, event.topic) : json;
        work = (async () => handler.handle(event, payload, abort.signal))();
        await withTimeout(work, handlerTimeoutMs, abort);
      }
      const settled = await inbox.markProcessed(event, clock.now());
      if (settled) logger.debug("inbox event processed", fields);
      else leaseLost(fields, "PROCESSED");
    } catch (error) {
      // Timed out: the handler was asked to stop. The row stays ours until it has (or until the lease ends), so the
      // next attempt never overlaps it.
      if (abort.signal.aborted && work) await settledOrLeaseEnd(work, event.lockedUntil);
      await settleFailure(event, error, fields, abort.signal.aborted).catch((e: unknown) =>
        // The lease runs out and the row is taken again; nothing else to do.
        logger.error("inbox worker could not record a failure", { ...fields, error: String(e) }),
      );
    }
  }

  /**
   * A row that waited in its batch may be near the end of its lease: the handler must be able to run its time limit,
   * plus half of the rest of a lease to stop once told to, inside the lease, or another worker could take the row
   * while it still runs. Renews the lease when needed (compare-and-set); false when the row is no longer ours.
   */
  async function leaseCoversHandler(event: InboxEvent): Promise<boolean> {
    const now = clock.now().getTime();
    const needed = handlerTimeoutMs + Math.max(0, leaseMs - handlerTimeoutMs) / 2;
    if (event.lockedUntil && event.lockedUntil.getTime() - now >= needed) return true;
    const lockedUntil = new Date(now + leaseMs);
    if (!(await inbox.renewLease(event, lockedUntil))) return false;
    event.lockedUntil = lockedUntil;
    return true;
  }

  function leaseLost(fields: Record<string, unknown>, outcome: string): void {
    // Another worker claimed the row after our lease ran out (or shop/redact deleted it): its outcome stands.
    logger.warn("inbox worker lost the lease before recording the outcome; nothing written", {
      ...fields,
      outcome,
    });
  }

  async function settleFailure(
    event: InboxEvent,
    error: unknown,
    fields: Record<string, unknown>,
    timedOut: boolean,
  ): Promise<void> {
    const message = describe(error);
    // A payload that does not fit will not fit any better next time: dead at once, with the reason.
    if (isPermanent(error) || event.attempts >= settings.maxAttempts) {
      if (!(await inbox.markDead(event, message))) return leaseLost(fields, "DEAD");
      logger.error("inbox event dead-lettered", { ...fields, error: message });
      deps.onDead?.(event, message);
      return;
    }
    let nextMs = clock.now().getTime() + backoffDelayMs(event.attempts, settings, random);
    // A handler that timed out and ignored the signal may still be running: not before its lease would have ended.
    if (timedOut && event.lockedUntil) nextMs = Math.max(nextMs, event.lockedUntil.getTime());
    const next = new Date(nextMs);
    if (!(await inbox.markRetry(event, message, next))) return leaseLost(fields, "PENDING");
    deps.onRetry?.(event, next);
    logger.warn("inbox event failed; will retry", {
      ...fields,
      error: message,
      nextAttemptAt: next.toISOString(),
    });
  }

  return { processLane, processOne, settleProcessed };
}

/** Past `ms` the handler's signal is aborted and the attempt counts as failed. */
function withTimeout<T>(work: Promise<T>, ms: number, abort: AbortController): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new Error(`handler did not finish within ${ms} ms`));
    }, ms);
  });
  // A late rejection of the abandoned handler must not become an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Failures no retry can fix: the payload or the topic does not fit (ValidationError, or a schema's ZodError). */
function isPermanent(error: unknown): boolean {
  return error instanceof ValidationError || error instanceof ZodError;
}

function settledOrLeaseEnd(work: Promise<unknown>, lockedUntil: Date | null): Promise<unknown> {
  const left = lockedUntil ? lockedUntil.getTime() - Date.now() : 0;
  if (left <= 0) return Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const leaseEnd = new Promise((resolve) => (timer = setTimeout(resolve, left)));
  return Promise.race([work.catch(() => undefined), leaseEnd]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 1000);
}
