/**
 * pg-boss's queues as Waitwell uses them: their names, the data their jobs carry, their policies, and what a failed
 * job leaves in pg-boss's table.
 *
 * | queue                      | job                      | policy                                                        |
 * | -------------------------- | ------------------------ | ------------------------------------------------------------- |
 * | waitwell-inbox-shops       | { shop }                 | stately on shop: one turn at a time per shop, over its inbox   |
 * | waitwell-webhooks          | { ids } of inbox rows    | standard: rows due later (retries), at their time              |
 * | waitwell-shopify-writes    | { shop }                 | stately on shop: one turn at a time per shop (its cost bucket) |
 * | waitwell-availability      | { shop, variantIds }     | key_strict_fifo on shop                                        |
 * | waitwell-reconcile         | { shop }                 | singleton on shop, sent once per RECONCILE_INTERVAL_MS slot    |
 * | waitwell-reconcile-pass    | scheduled every minute   | sends the reconcile job of each shop due (one per slot)        |
 * | waitwell-availability-pass | scheduled every 15 min   | the periodic availability pass                                 |
 * | waitwell-sweep             | scheduled every minute   | re-sends jobs for inbox rows and writes that have none         |
 *
 * Privacy: a job carries ids (inbox row ids, the shop's domain, variant GIDs), never a payload, and a failed
 * job's row keeps only the queue and the error's class (pg-boss stores a thrown error's message and stack in the
 * row's `output`; Waitwell's errors can quote what Shopify answered), so a job row names no customer.
 */
import type { Job, PgBoss } from "pg-boss";
import type { InboxRowRef, Logger, ShopDomain } from "../../use-cases/ports.js";

export const QUEUES = {
  inboxShops: "waitwell-inbox-shops",
  webhook: "waitwell-webhooks",
  writes: "waitwell-shopify-writes",
  availability: "waitwell-availability",
  reconcile: "waitwell-reconcile",
  reconcilePass: "waitwell-reconcile-pass",
  availabilityPass: "waitwell-availability-pass",
  sweep: "waitwell-sweep",
} as const;

/** The queues whose jobs name a shop (shop/redact deletes them). */
export const SHOP_QUEUES = [QUEUES.inboxShops, QUEUES.writes, QUEUES.availability, QUEUES.reconcile] as const;

/** Inbox rows one webhook job names at most. */
export const ROWS_PER_JOB = 25;

/**
 * How long a shop's turn stays taken once its process stops answering (pg-boss's heartbeatSeconds; 10 is its
 * minimum): a worker killed mid-turn blocks the shop's next turn for about this plus a supervise interval, not for
 * the job's expiry. https://pgboss.io/api/queues (heartbeatSeconds)
 */
export const TURN_HEARTBEAT_SECONDS = 10;

export interface WebhookJob {
  ids: string[];
  /** A job of a release that sent one per row, still queued after an upgrade. */
  id?: string;
}
export interface ShopJob {
  shop: ShopDomain;
}
export interface AvailabilityJob extends ShopJob {
  variantIds: string[] | "all";
}

export async function createQueues(boss: PgBoss, leaseMs: number): Promise<void> {
  const expireInSeconds = Math.ceil((2 * leaseMs) / 1000);
  const common = { deleteAfterSeconds: 3600, retryLimit: 5, retryDelay: 2, retryBackoff: true };
  await boss.createQueue(QUEUES.inboxShops, {
    ...common,
    policy: "stately",
    notify: true,
    expireInSeconds,
    heartbeatSeconds: TURN_HEARTBEAT_SECONDS,
  });
  await boss.createQueue(QUEUES.webhook, { ...common, policy: "standard", notify: true, expireInSeconds });
  await boss.createQueue(QUEUES.writes, {
    ...common,
    policy: "stately",
    notify: true,
    // A turn held by a process that died (SIGKILL) blocks the shop's next turn until it expires: keep it short.
    expireInSeconds,
  });
  await boss.createQueue(QUEUES.availability, {
    ...common,
    policy: "key_strict_fifo",
    notify: true,
    expireInSeconds,
  });
  await boss.createQueue(QUEUES.reconcile, { ...common, policy: "singleton", expireInSeconds: 3600 });
  for (const name of [QUEUES.reconcilePass, QUEUES.availabilityPass, QUEUES.sweep]) {
    await boss.createQueue(name, { ...common, policy: "singleton", expireInSeconds: 900 });
  }
}

/** The jobs of rows due later, sent together: those due at the same time share jobs of up to ROWS_PER_JOB rows. */
export function webhookJobs(rows: { row: InboxRowRef; at: Date }[]) {
  const byDue = new Map<number, string[]>();
  for (const { row, at } of rows) {
    const ids = byDue.get(at.getTime()) ?? [];
    ids.push(row.id);
    byDue.set(at.getTime(), ids);
  }
  return [...byDue].flatMap(([due, ids]) =>
    Array.from({ length: Math.ceil(ids.length / ROWS_PER_JOB) }, (_, i) => ({
      data: { ids: ids.slice(i * ROWS_PER_JOB, (i + 1) * ROWS_PER_JOB) } satisfies WebhookJob,
      startAfter: new Date(due),
    })),
  );
}

/** The turns of these shops, one job each (a shop with a turn already queued keeps that one). */
export function shopTurnJobs(shops: Iterable<ShopDomain>) {
  return [...new Set(shops)].map((shop) => ({ data: { shop } satisfies ShopJob, singletonKey: shop }));
}

export function mergeByShop(jobs: Job<AvailabilityJob>[]): Map<ShopDomain, string[] | "all"> {
  const byShop = new Map<ShopDomain, Set<string> | "all">();
  for (const { data } of jobs) {
    const current = byShop.get(data.shop);
    if (current === "all" || data.variantIds === "all") byShop.set(data.shop, "all");
    else byShop.set(data.shop, new Set([...(current ?? []), ...data.variantIds]));
  }
  return new Map([...byShop].map(([shop, scope]) => [shop, scope === "all" ? "all" : [...scope]]));
}

/**
 * A handler whose failure leaves pg-boss only the queue and the error's class: the whole error goes to the logs
 * (see Privacy above). The job is retried as before.
 */
export function guarded<T>(logger: Logger, queue: string, handler: (jobs: Job<T>[]) => Promise<void>) {
  return async (jobs: Job<T>[]): Promise<void> => {
    try {
      await handler(jobs);
    } catch (e) {
      logger.error("pg-boss job failed", { queue, error: String(e) });
      throw new JobFailedError(queue, e);
    }
  };
}

/** What pg-boss keeps of a failed job: the queue and the error's class, never its message (see Privacy above). */
class JobFailedError extends Error {
  constructor(queue: string, cause: unknown) {
    super(`${queue}: ${cause instanceof Error ? cause.name : typeof cause} (the message is in the logs)`);
    this.name = "JobFailedError";
  }
}
