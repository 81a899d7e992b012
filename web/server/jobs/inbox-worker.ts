/**
 * The inbox worker: claims due webhook rows (a polling loop, a job queue's named rows or a shop's turn) and runs each
 * claimed batch in units (inbox-units.ts), up to `concurrency` at once; inbox-worker-rows.ts runs a unit and records
 * its rows' outcomes.
 */
import type { Config } from "../config.js";
import type { Clock, InboxEvent, InboxRepository, Logger, ShopDomain } from "../use-cases/ports.js";
import { handlerFor, type WebhookHandlers } from "../use-cases/webhook-handlers.js";
import { createRowRunner } from "./inbox-worker-rows.js";
import { groupUnits, supersede, unitMustFollow, type Unit } from "./inbox-units.js";

export { backoffDelayMs, retryWindowMs } from "./inbox-worker-backoff.js";

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
  /**
   * A shop's turn (a job queue runs one at a time per shop): claims the shop's due rows a batch at a time and
   * processes each, until a claim comes back short of a full batch or `maxMs` has passed; `more` when rows may be
   * left for the next turn.
   */
  processShop(shop: ShopDomain, maxMs: number): Promise<{ handled: number; more: boolean }>;
}

/**
 * Runs inbox rows through their topic's handler: PROCESSED on success; on failure back to PENDING with backoff until
 * maxAttempts, then DEAD (listed and replayable in the admin). Nothing a handler does can crash the process.
 */
export function createInboxWorker(deps: InboxWorkerDeps): InboxWorker {
  const { inbox, handlers, clock, logger, settings } = deps;
  const leaseMs = settings.leaseMs ?? 60_000;
  const handlerTimeoutMs = settings.handlerTimeoutMs ?? Math.floor(leaseMs / 2);
  const batchSize = settings.batchSize ?? 10;
  const concurrency = Math.max(1, settings.concurrency);
  const batching = settings.batching ?? true;
  const { processLane, processOne, settleProcessed } = createRowRunner({
    ...deps,
    leaseMs,
    handlerTimeoutMs,
  });

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
      const events = await inbox.claimDue(clock.now(), ids.length, leaseMs, { ids });
      await runClaimed(events);
      return events.length;
    },
    async processShop(shop, maxMs) {
      const started = performance.now();
      let handled = 0;
      for (;;) {
        const events = await inbox.claimDue(clock.now(), batchSize, leaseMs, { shop });
        await runClaimed(events);
        handled += events.length;
        // Short of a batch: nothing more was due at the claim; what arrived since has a turn queued behind this one.
        if (events.length < batchSize) return { handled, more: false };
        if (performance.now() - started >= maxMs) return { handled, more: true };
      }
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
