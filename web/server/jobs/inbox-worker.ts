import type { Config } from "../config.js";
import { ValidationError } from "../errors.js";
import type { Clock, InboxEvent, InboxRepository, Logger } from "../use-cases/ports.js";
import { parseShopifyJson } from "../use-cases/shopify-json.js";
import type { WebhookHandlers } from "../use-cases/webhook-handlers.js";

type InboxConfig = Config["inbox"];

export interface InboxWorkerSettings extends Omit<InboxConfig, "worker" | "thread"> {
  /** How long a claimed row stays ours; after a crash it is taken again once this runs out. Default 60 s. */
  leaseMs?: number;
  /** A handler still running after this counts as failed (its row is retried). Default leaseMs / 2. */
  handlerTimeoutMs?: number;
  /** Rows claimed per round. Default 10. */
  batchSize?: number;
  /** Ceiling of one backoff delay. Default 1 h. */
  maxBackoffMs?: number;
}

export interface InboxWorkerDeps {
  inbox: InboxRepository;
  handlers: WebhookHandlers;
  clock: Clock;
  logger: Logger;
  settings: InboxWorkerSettings;
  /** In [0, 1); spreads retries so that a burst of failures does not come back at once. Default Math.random. */
  random?: () => number;
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
}

/**
 * Exponential backoff with jitter: base × 2^(attempt−1), plus up to half of that again at random, capped.
 * `attempt` is the attempt that just failed (1 for the first).
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
    await runBatch(events);
    return events.length;
  }

  /**
   * Handles a claimed batch with up to `concurrency` rows in flight (most of a row's time is spent waiting on the
   * database or the Admin API). A row starts once no earlier row of the batch that it must follow (`mustFollow`) is
   * still waiting or running; among the rows free to start, the earliest claimed goes first, so concurrency 1 is the
   * claim order. Rows about different resources of one shop may interleave: Shopify promises no order between them
   * either, and the backorder engine takes its per-shop lock (use-cases/backorder/index.ts) for every
   * read-decide-store step. Resolves once every row is finished.
   */
  function runBatch(events: InboxEvent[]): Promise<void> {
    const waiting = [...events];
    const inFlight = new Set<InboxEvent>();
    return new Promise((resolve) => {
      const startWhatCan = () => {
        for (let i = 0; i < waiting.length && inFlight.size < concurrency;) {
          const event = waiting[i]!;
          // A row in flight that the waiting one must follow is always earlier in the batch: a later row only
          // starts once every earlier row it must follow has finished.
          const blocked =
            waiting.slice(0, i).some((earlier) => mustFollow(event, earlier)) ||
            [...inFlight].some((earlier) => mustFollow(event, earlier));
          if (blocked) {
            i += 1;
            continue;
          }
          waiting.splice(i, 1);
          inFlight.add(event);
          // processOne records every failure itself; only a throwing logger could make it reject.
          void processOne(event)
            .catch(() => undefined)
            .then(() => {
              inFlight.delete(event);
              startWhatCan();
            });
        }
        if (waiting.length === 0 && inFlight.size === 0) resolve();
      };
      startWhatCan();
    });
  }

  async function processOne(event: InboxEvent): Promise<void> {
    const fields = { id: event.id, shop: event.shop, topic: event.topic, attempt: event.attempts };
    try {
      const handler = handlers[event.topic];
      if (!handler) throw new ValidationError(`No handler for topic ${event.topic}`);
      await withTimeout(handler.handle(event, parseShopifyJson(event.payload)), handlerTimeoutMs);
      await inbox.markProcessed(event.id, clock.now());
      logger.debug("inbox event processed", fields);
    } catch (error) {
      await settleFailure(event, error, fields).catch((e: unknown) =>
        // The lease runs out and the row is taken again; nothing else to do.
        logger.error("inbox worker could not record a failure", { ...fields, error: String(e) }),
      );
    }
  }

  async function settleFailure(
    event: InboxEvent,
    error: unknown,
    fields: Record<string, unknown>,
  ): Promise<void> {
    const message = describe(error);
    // A payload that does not fit will not fit any better next time.
    if (error instanceof ValidationError || event.attempts >= settings.maxAttempts) {
      await inbox.markDead(event.id, message);
      logger.error("inbox event dead-lettered", { ...fields, error: message });
      return;
    }
    const next = new Date(clock.now().getTime() + backoffDelayMs(event.attempts, settings, random));
    await inbox.markRetry(event.id, message, next);
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

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`handler did not finish within ${ms} ms`)), ms);
  });
  // A late rejection of the abandoned handler must not become an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 1000);
}
