/**
 * Customer care in the background: drains the email outbox every MAIL_POLL_MS (and at once when woken), runs the
 * "queue moved" checks the engine asks for (the engine calls `queueMoved` inside its shop lock, so it must not
 * wait: the work runs here), and the periodic deadline and incentive checks of every shop (CARE_INTERVAL_MS).
 */
import type { CustomerCare } from "../use-cases/customer-care/index.js";
import type { Logger, ShopDomain } from "../use-cases/ports.js";

export interface CustomerCareJobDeps {
  care: Pick<CustomerCare, "outbox" | "onQueueMoved"> & {
    runDeadlines?: (shop: ShopDomain) => Promise<unknown>;
  };
  listShops: () => Promise<ShopDomain[]>;
  logger: Logger;
  pollIntervalMs: number;
  /** 0: no periodic deadline checks. */
  deadlineIntervalMs: number;
}

export interface CustomerCareJob {
  /** The queue of these variants moved (called inside the engine's lock: returns at once). */
  queueMoved(shop: ShopDomain, variantIds: string[]): void;
  /** Drain the outbox now (after an event queued a message). */
  wake(): void;
  start(): void;
  stop(): Promise<void>;
  /** Resolves when the pending queue checks ran and the outbox is drained (tests). */
  idle(): Promise<void>;
  /** One pass of the deadline checks over every shop. */
  runDeadlines(): Promise<void>;
}

export function createCustomerCareJob(deps: CustomerCareJobDeps): CustomerCareJob {
  const { care, logger } = deps;
  const moved = new Map<ShopDomain, Set<string>>();
  let chain: Promise<void> = Promise.resolve();
  let pollTimer: NodeJS.Timeout | null = null;
  let deadlineTimer: NodeJS.Timeout | null = null;

  /** Runs one step after the previous one; a failure is logged and the next step still runs. */
  function enqueue(step: () => Promise<unknown>, what: string): Promise<void> {
    chain = chain.then(async () => {
      try {
        await step();
      } catch (e) {
        logger.error(`customer care: ${what} failed`, { error: e instanceof Error ? e.message : String(e) });
      }
    });
    return chain;
  }

  const drain = () => enqueue(() => care.outbox.drain(), "outbox drain");

  async function runMoved(): Promise<void> {
    const work = [...moved.entries()];
    moved.clear();
    for (const [shop, variants] of work) await care.onQueueMoved(shop, [...variants]);
  }

  async function runDeadlines(): Promise<void> {
    if (!care.runDeadlines) return;
    for (const shop of await deps.listShops()) {
      await enqueue(() => care.runDeadlines!(shop), `deadlines of ${shop}`);
    }
    await drain();
  }

  return {
    queueMoved(shop, variantIds) {
      const set = moved.get(shop) ?? new Set<string>();
      for (const id of variantIds) set.add(id);
      moved.set(shop, set);
      void enqueue(runMoved, "ready-to-ship check").then(drain);
    },
    wake() {
      void drain();
    },
    start() {
      if (pollTimer) return;
      pollTimer = setInterval(() => void drain(), deps.pollIntervalMs);
      pollTimer.unref();
      if (deps.deadlineIntervalMs > 0) {
        deadlineTimer = setInterval(() => void runDeadlines(), deps.deadlineIntervalMs);
        deadlineTimer.unref();
      }
    },
    async stop() {
      if (pollTimer) clearInterval(pollTimer);
      if (deadlineTimer) clearInterval(deadlineTimer);
      pollTimer = deadlineTimer = null;
      await chain;
    },
    async idle() {
      let seen: Promise<void>;
      do {
        seen = chain;
        await seen;
      } while (seen !== chain);
      await drain();
    },
    runDeadlines,
  };
}
