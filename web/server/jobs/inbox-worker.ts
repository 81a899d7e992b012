import { ZodError } from "zod";
import type { Config } from "../config.js";
import { ValidationError } from "../errors.js";
import {
  REDACTED_PAYLOAD,
  type Clock,
  type InboxEvent,
  type InboxRepository,
  type Logger,
} from "../use-cases/ports.js";
import { parseShopifyJson } from "../use-cases/shopify-json.js";
import { handlerFor, type WebhookHandlers, type WebhookLane } from "../use-cases/webhook-handlers.js";
import { groupUnits, supersede, unitMustFollow, type Unit } from "./inbox-units.js";

type InboxConfig = Config["inbox"];

export interface InboxWorkerSettings extends Omit<
  InboxConfig,
  "worker" | "thread" | "threadNice" | "maxBackoffMs" | "batchSize" | "batching" | "leaseMs"
> {
  /** How long a claimed row stays ours; after a crash it is taken again once this runs out. Default 60 s. */
  leaseMs?: number;
  /** A handler still running after this counts as failed (its row is retried). Default leaseMs / 2. */
  handlerTimeoutMs?: number;
  /** Rows claimed per round. Default 10. */
  batchSize?: number;
  /** Ceiling of one backoff delay. Default 1 h (config.inbox.maxBackoffMs). */
  maxBackoffMs?: number;
  /** Hand rows of a shop whose handlers share a lane over together (default true); false: every row alone. */
  batching?: boolean;
}

export interface InboxWorkerDeps {
  inbox: InboxRepository;
  handlers: WebhookHandlers;
  clock: Clock;
  logger: Logger;
  settings: InboxWorkerSettings;
  /** In [0, 1); spreads retries so that a burst of failures does not come back at once. Default Math.random. */
  random?: () => number;
  /** A failed row is due again at `next` (a job queue sends its job for then; polling finds it by itself). */
  onRetry?: (event: InboxEvent, next: Date) => void;
  /** A row was dead-lettered (merchant alerts); called once the DEAD state is written, not awaited. */
  onDead?: (event: InboxEvent, error: string) => void;
}

export interface InboxWorker {
  /** Polls every pollIntervalMs (sooner when nudged) until stop(). Rows left unfinished by a crash are taken first. */
  start(): void;
  /** Stops polling and resolves once the rows in hand are finished. */
  stop(): Promise<void>;
  /** Something new is due: look now instead of at the next poll. */
  nudge(): void;
  /** Processes until nothing is due at clock.now(); resolves to the number of rows handled. For tests and scripts. */
  drain(): Promise<number>;
  /**
   * Claims these rows (those still due: a row already processed, or leased by another worker, is skipped) and
   * processes them as one batch; resolves to the number handled. What a job queue's webhook jobs run.
   */
  processRows(ids: string[]): Promise<number>;
}

/**
 * Exponential backoff with jitter: base × 2^(attempt−1), capped, plus up to half of that again at random.
 * `attempt` is the attempt that just failed (1 for the first). With the defaults (30 s base, 1 h cap, 10 attempts)
 * the nine waits add up to between 3.1 h and 4.6 h (see retryWindowMs), in the spirit of Shopify's own webhook
 * retries (8 retries over 4 hours, https://shopify.dev/docs/apps/build/webhooks/troubleshooting-webhooks), so an
 * outage of Shopify or of the database shorter than that dead-letters nothing.
 */
export function backoffDelayMs(
  attempt: number,
  settings: Pick<InboxWorkerSettings, "backoffBaseMs" | "maxBackoffMs">,
  random: () => number,
): number {
  const exponential = settings.backoffBaseMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(exponential, settings.maxBackoffMs ?? 3_600_000);
  return Math.round(capped + (capped / 2) * random());
}

/** The shortest and longest total wait between the first and the last attempt (no jitter / all jitter). */
export function retryWindowMs(
  settings: Pick<InboxWorkerSettings, "backoffBaseMs" | "maxBackoffMs" | "maxAttempts">,
): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (let attempt = 1; attempt < settings.maxAttempts; attempt++) {
    min += backoffDelayMs(attempt, settings, () => 0);
    max += backoffDelayMs(attempt, settings, () => 1);
  }
  return { min, max };
}

/**
 * Runs inbox rows through their topic's handler: PROCESSED on success; on failure back to PENDING with backoff until
 * maxAttempts, then DEAD (listed and replayable in the admin). Nothing a handler does can crash the process.
 */
export function createInboxWorker(deps: InboxWorkerDeps): InboxWorker {
  const { inbox, handlers, clock, logger, settings } = deps;
  const random = deps.random ?? Math.random;
  const leaseMs = settings.leaseMs ?? 60_000;
  const handlerTimeoutMs = settings.handlerTimeoutMs ?? Math.floor(leaseMs / 2);
  const batchSize = settings.batchSize ?? 10;
  const concurrency = Math.max(1, settings.concurrency);
  const batching = settings.batching ?? true;

  let running = false;
  let loopDone: Promise<void> = Promise.resolve();
  let nudged = false;
  let wake: (() => void) | null = null;
  // One round at a time, whether it comes from the polling loop or from drain().
  let turn: Promise<unknown> = Promise.resolve();

  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = turn.then(fn, fn);
    turn = result.catch(() => undefined);
    return result;
  }

  async function round(): Promise<number> {
    const events = await inbox.claimDue(clock.now(), batchSize, leaseMs);
    await runClaimed(events);
    return events.length;
  }

  /** A claimed batch: rows made redundant by a newer one settled first, then the rest in units. */
  async function runClaimed(events: InboxEvent[]): Promise<void> {
    if (!batching) return runBatch(groupUnits(events, () => undefined, mustFollow));
    const { kept, superseded } = supersede(
      events,
      (event) => handlerFor(handlers, event.topic)?.snapshot === true,
    );
    await settleProcessed(
      superseded.map(({ event }) => event),
      (event) => ({ supersededBy: superseded.find((s) => s.event === event)!.by.id }),
    );
    await runBatch(groupUnits(kept, (event) => handlerFor(handlers, event.topic)?.lane?.lane, mustFollow));
  }

  /**
   * Handles a claimed batch with up to `concurrency` units in flight (most of a row's time is spent waiting on the
   * database or the Admin API). A unit starts once no earlier unit of the batch that it must follow (`mustFollow`)
   * is still waiting or running; among the units free to start, the earliest claimed goes first, so concurrency 1 is
   * the claim order. Rows about different resources of one shop may interleave: Shopify promises no order between
   * them either, and the backorder engine takes its per-shop lock (use-cases/backorder/index.ts) for every
   * read-decide-store step. Resolves once every row is finished.
   */
  function runBatch(units: Unit[]): Promise<void> {
    const waiting = [...units];
    const inFlight = new Set<Unit>();
    const follows = (later: Unit, earlier: Unit) => unitMustFollow(later, earlier, mustFollow);
    return new Promise((resolve) => {
      const startWhatCan = () => {
        for (let i = 0; i < waiting.length && inFlight.size < concurrency;) {
          const unit = waiting[i]!;
          // A unit in flight that the waiting one must follow is always earlier in the batch: a later unit only
          // starts once every earlier unit it must follow has finished.
          const blocked =
            waiting.slice(0, i).some((earlier) => follows(unit, earlier)) ||
            [...inFlight].some((earlier) => follows(unit, earlier));
          if (blocked) {
            i += 1;
            continue;
          }
          waiting.splice(i, 1);
          inFlight.add(unit);
          // processOne and processLane record every failure themselves; only a throwing logger could make them reject.
          void (unit.lane ? processLane(unit.events, unit.lane) : processOne(unit.events[0]!))
            .catch(() => undefined)
            .then(() => {
              inFlight.delete(unit);
              startWhatCan();
            });
        }
        if (waiting.length === 0 && inFlight.size === 0) resolve();
      };
      startWhatCan();
    });
  }

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

  function pause(ms: number): Promise<void> {
    if (nudged) {
      nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref?.();
      function done() {
        clearTimeout(timer);
        wake = null;
        nudged = false;
        resolve();
      }
      wake = done;
    });
  }

  async function loop(): Promise<void> {
    while (running) {
      let handled = 0;
      try {
        handled = await exclusive(round);
      } catch (error) {
        logger.error("inbox worker could not claim rows", { error: String(error) });
      }
      if (!running) break;
      // A full batch means more may be due right now.
      if (handled < batchSize) await pause(settings.pollIntervalMs);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loopDone = loop();
    },
    async stop() {
      running = false;
      wake?.();
      await loopDone;
    },
    nudge() {
      nudged = true;
      wake?.();
    },
    async processRows(ids) {
      const events = await inbox.claimDue(clock.now(), ids.length, leaseMs, ids);
      await runClaimed(events);
      return events.length;
    },
    async drain() {
      let total = 0;
      for (;;) {
        const handled = await exclusive(round);
        if (handled === 0) return total;
        total += handled;
      }
    },
  };
}

/**
 * Rows of one shop and resource (the order, inventory item or product the payload is about) run one after another in
 * claim order; a row without a resource (app/uninstalled, shop/redact, customers/…) runs alone in its shop, after
 * every earlier row of the shop and before every later one.
 */
function mustFollow(later: InboxEvent, earlier: InboxEvent): boolean {
  if (later.shop !== earlier.shop) return false;
  return later.resourceId === null || earlier.resourceId === null || later.resourceId === earlier.resourceId;
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
