/**
 * Where background work is sent and where it runs: the job queue port, and its in-process adapter.
 *
 * Two adapters, chosen by main.ts (WAITWELL_QUEUE):
 * - in-process (SQLite, the embedded default; also what tests that drive the worker by hand get): each job is a
 *   loop of this process (the inbox worker, the Shopify writer, availability sync, the reconciliation timer) and a
 *   send only wakes that loop;
 * - pg-boss (PostgreSQL, adapters/pg-boss/job-queue.ts): every send is a job in the database, taken by any worker
 *   process, so web and worker processes scale apart.
 *
 * Either way the database rows stay the source of truth (the inbox, the Shopify write outbox): a job only says
 * "this work is due", and running it twice, or a job lost with a crashed process, changes no outcome.
 */
import type { InboxRowRef, ShopDomain } from "../use-cases/ports.js";
import type { InboxWorker } from "./inbox-worker.js";

export interface JobQueue {
  readonly kind: "in-process" | "pg-boss";
  /**
   * These inbox rows are durable and due (at `at`, a retry, when given). No rows: rows became due without the
   * sender knowing which (a bulk replay of dead letters): look for them.
   */
  inboxRowsDue(rows: InboxRowRef[], at?: Date): void;
  /** The shop's Shopify write outbox has new rows. */
  writesQueued(shop: ShopDomain): void;
  /** Storefront availability of these variants (or of every governed one) needs a sync with Shopify. */
  availabilityRequested(shop: ShopDomain, variantIds: string[] | "all"): void;
  /**
   * shop/redact: deletes every job that names the shop, whatever its state; resolves to how many. Jobs carry ids
   * (the shop's domain, inbox row ids, variant GIDs), never a customer's data, so customers/redact has none to erase.
   */
  forgetShop(shop: ShopDomain): Promise<number>;
  /** Consumes and schedules the jobs (worker roles); a web-only process only sends. */
  start(): Promise<void>;
  /** Stops taking jobs and resolves once the jobs in hand are finished. */
  stop(): Promise<void>;
}

/** What the jobs do: the same functions whichever adapter runs them. */
export interface JobWork {
  inbox: Pick<InboxWorker, "processRows" | "processShop"> & {
    stranded(dueBefore: Date, now: Date, limit: number): Promise<InboxRowRef[]>;
  };
  writes: {
    /** One turn of the shop's outbox; `more` when rows were left for the next turn. */
    run(shop: ShopDomain): Promise<{ more: boolean }>;
    shopsDue(): Promise<ShopDomain[]>;
  };
  availability: {
    sync(shop: ShopDomain, variantIds: string[] | "all"): Promise<void>;
    /** The periodic pass over every shop (ETAs move with the calendar). */
    pass(): Promise<unknown>;
  };
  reconcile: {
    /** RECONCILE_INTERVAL_MS; 0 = no scheduled runs. */
    intervalMs: number;
    shops(): Promise<ShopDomain[]>;
    /** Whether the shop's last run (or, never run, its install) is at least an interval ago. */
    due(shop: ShopDomain): Promise<boolean>;
    run(shop: ShopDomain): Promise<unknown>;
  };
}

/** A loop of this process: woken by a send, started and stopped with the queue. */
interface Loop {
  start(): void;
  stop(): Promise<void>;
}

export interface InProcessJobQueueDeps {
  worker: Loop & { nudge(): void };
  writer: Loop & { nudge(shop: ShopDomain): void };
  availability: Loop & { request(shop: ShopDomain, variantIds: string[] | "all"): void };
  /** Further loops of the worker role (reconciliation, customer care). */
  others: Loop[];
  /** Whether this process runs the loops (worker roles) or only wakes them (a worker thread runs them). */
  runsLoops: boolean;
}

export function createInProcessJobQueue(deps: InProcessJobQueueDeps): JobQueue {
  const loops: Loop[] = [deps.worker, deps.writer, deps.availability, ...deps.others];
  return {
    kind: "in-process",
    inboxRowsDue: () => deps.worker.nudge(),
    writesQueued: (shop) => deps.writer.nudge(shop),
    availabilityRequested: (shop, variantIds) => deps.availability.request(shop, variantIds),
    // A loop's work is in the database (the inbox, the outbox), which the other holders of the registry erase.
    forgetShop: async () => 0,
    async start() {
      if (deps.runsLoops) for (const loop of loops) loop.start();
    },
    async stop() {
      for (const loop of loops) await loop.stop();
    },
  };
}
