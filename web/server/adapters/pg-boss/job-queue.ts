/**
 * The job queue on pg-boss (PostgreSQL): any number of web processes send, any number of worker processes consume,
 * one database. https://github.com/timgit/pg-boss (v12: queues must exist before send/work; `notify` queues with
 * `useListenNotify` wake a worker in milliseconds instead of at its next poll).
 *
 * | queue                      | job                      | policy                                                        |
 * | -------------------------- | ------------------------ | ------------------------------------------------------------- |
 * | waitwell-webhooks          | { ids } of inbox rows    | standard: batches of rows, as the inbox worker claims them     |
 * | waitwell-shopify-writes    | { shop }                 | stately on shop: one turn at a time per shop (its cost bucket) |
 * | waitwell-availability      | { shop, variantIds }     | key_strict_fifo on shop                                        |
 * | waitwell-reconcile         | { shop }                 | singleton on shop, sent once per RECONCILE_INTERVAL_MS slot    |
 * | waitwell-reconcile-pass    | scheduled every minute   | sends the reconcile job of each shop due (one per slot)        |
 * | waitwell-availability-pass | scheduled every 15 min   | the periodic availability pass                                 |
 * | waitwell-sweep             | scheduled every minute   | re-sends jobs for inbox rows and writes that have none         |
 *
 * The inbox stays the source of truth (the admin lists and replays it; retries and dead letters are its states): a
 * webhook job claims its row under the row's lease, so a job run twice, or a row whose job was lost with a crashed
 * process (the sweep sends another), is processed once. Within a batch the inbox worker runs a resource's rows in
 * order; across batches and processes the shop lock serialises the engine's steps and the engine's result does not
 * depend on the order webhooks arrive in (Shopify promises none), so a strict per-resource queue, which would let a
 * hot item's level updates through one per poll, is not needed.
 *
 * A webhook job names the rows one insert sent (up to ROWS_PER_JOB, those recorded together): a job row per inbox row
 * made pg-boss's own writes (insert, fetch, completion of each job, in a table with five indexes) a third of
 * PostgreSQL's work in a burst of deliveries, on the connections the web thread acknowledges them with.
 *
 * Privacy: a job carries ids (inbox row ids, the shop's domain, variant GIDs), never a payload, and a failed
 * job's row keeps only the queue and the error's class (pg-boss stores a thrown error's message and stack in the
 * row's `output`; Waitwell's errors can quote what Shopify answered), so a job row names no customer. shop/redact
 * deletes every job that names the shop, in every state (`forgetShop`: pg-boss's findJobs by data and deleteJob,
 * https://pgboss.io/api/jobs#findjobs-name-options).
 */
import { PgBoss, type Job } from "pg-boss";
import type { Clock, InboxRowRef, Logger, ShopDomain } from "../../use-cases/ports.js";
import { ASYNC_COMMIT } from "../prisma/client.js";
import type { JobQueue, JobWork } from "../../jobs/job-queue.js";

export const QUEUES = {
  webhook: "waitwell-webhooks",
  writes: "waitwell-shopify-writes",
  availability: "waitwell-availability",
  reconcile: "waitwell-reconcile",
  reconcilePass: "waitwell-reconcile-pass",
  availabilityPass: "waitwell-availability-pass",
  sweep: "waitwell-sweep",
} as const;

/** Inbox rows one webhook job names at most. */
export const ROWS_PER_JOB = 25;

/** The poll of a queue whose workers NOTIFY wakes (seconds): a backstop. */
const NOTIFIED_BACKSTOP_SECONDS = 5;

export interface PgBossJobQueueSettings {
  /** Inbox rows per webhook batch (one claim, one batch of the inbox worker). Default 25. */
  batchSize?: number;
  /** Webhook batches one process runs at once. Default 2. */
  concurrency?: number;
  /** Fallback poll when no NOTIFY arrives (ms). Default 500. */
  pollIntervalMs?: number;
  /** The inbox lease (ms): a webhook job still active after twice this is taken again. Default 60 s. */
  leaseMs?: number;
  /** A nudged shop's writes start after this delay, so a burst's changes coalesce (ms). Default 100. */
  settleMs?: number;
  /**
   * Webhook jobs wait this long before their insert, and between two inserts, so the rows of a burst share a few
   * inserts (ms). Default 50: each insert's NOTIFY wakes every idle webhook worker of every process, and each wake is
   * a fetch, a claim and an engine step of its own; with two web processes at 20 ms the 1,000-order flash sale made
   * 1,200 webhook jobs where one process made 700, and the workers' smaller batches cost 1.7x the statements per order
   * (bench/load/scale-out.ts). A decision waits seconds in a flash sale's queue; 30 ms more before its job is sent
   * does not show.
   */
  coalesceMs?: number;
  /** How long an inbox row may be due with no worker on it before the sweep re-sends its job (ms). Default lease/2. */
  strandedAfterMs?: number;
  /** How often expired jobs of dead workers are failed and retried (pg-boss's superviseIntervalSeconds). Default 15. */
  superviseSeconds?: number;
}

export interface PgBossJobQueueDeps {
  connectionString: string;
  /** The PostgreSQL schema of pg-boss's tables. Default "pgboss". */
  schema?: string;
  /** Worker roles consume and schedule; a web process only sends. */
  consume: boolean;
  work: JobWork;
  clock: Clock;
  logger: Logger;
  settings?: PgBossJobQueueSettings;
}

interface WebhookJob {
  ids: string[];
  /** A job of a release that sent one per row, still queued after an upgrade. */
  id?: string;
}
interface ShopJob {
  shop: ShopDomain;
}
interface AvailabilityJob extends ShopJob {
  variantIds: string[] | "all";
}

export function createPgBossJobQueue(deps: PgBossJobQueueDeps): JobQueue {
  const { work, logger, clock } = deps;
  const batchSize = deps.settings?.batchSize ?? 25;
  const concurrency = deps.settings?.concurrency ?? 2;
  const pollSeconds = Math.max(0.5, (deps.settings?.pollIntervalMs ?? 500) / 1000);
  const leaseMs = deps.settings?.leaseMs ?? 60_000;
  const settleMs = deps.settings?.settleMs ?? 100;
  const coalesceMs = deps.settings?.coalesceMs ?? 50;
  const strandedAfterMs = deps.settings?.strandedAfterMs ?? leaseMs / 2;
  const superviseSeconds = deps.settings?.superviseSeconds ?? 15;
  const boss = new PgBoss({
    connectionString: deps.connectionString,
    schema: deps.schema ?? "pgboss",
    application_name: deps.consume ? "waitwell-worker" : "waitwell-web",
    max: deps.consume ? 6 : 3,
    // A job only says that work is due (the inbox and the outboxes say what): a send, fetch or completion that a
    // crash of PostgreSQL takes back is redone by the sweep or by the job's expiry, so none waits for the WAL flush
    // (~6 ms an fsync here; client.ts, DbOptions).
    options: ASYNC_COMMIT,
    useListenNotify: true,
    supervise: deps.consume,
    // Expired turns of a process that died are retried within this of their expiry. A supervise pass expires a
    // queue's jobs only when the queue's monitor pass is due too (pg-boss 12: `trySetQueueMonitorTime` gates
    // `failJobsByTimeout`), so both intervals are set: with the monitor at its default of 60 s, a dead worker's turn
    // stayed active for up to a minute past its expiry (test/kill-recovery-pg-boss.test.ts).
    // https://pgboss.io/api/constructor (superviseIntervalSeconds, monitorIntervalSeconds)
    superviseIntervalSeconds: superviseSeconds,
    monitorIntervalSeconds: superviseSeconds,
    schedule: deps.consume,
    // A persisted slow-query warning keeps the query's values (job data: shop domains) in pgboss.warning; it is off
    // by default, and stays off.
    persistWarnings: false,
  });
  boss.on("error", (e: unknown) => logger.error("pg-boss error", { error: String(e) }));
  let started: Promise<void> | null = null;
  /** Rows waiting for the next insert, each with its due time (none: now). */
  let pendingRows: { row: InboxRowRef; at: Date | undefined }[] = [];
  /** The insert loop, while it runs: at most one insert in flight, the rows that arrive meanwhile go in the next. */
  let flushing: Promise<void> | null = null;
  const sends = new Set<Promise<unknown>>();
  /** Shops whose writes job waits out settleMs in this process. */
  const settling = new Map<ShopDomain, ReturnType<typeof setTimeout>>();

  function track(send: Promise<unknown>, what: string): void {
    const p = send.catch((e: unknown) =>
      // The rows stay due in the database: the sweep sends their jobs again within a minute.
      logger.error("pg-boss: could not send a job", { what, error: String(e) }),
    );
    sends.add(p);
    void p.finally(() => sends.delete(p));
  }

  async function ready(): Promise<void> {
    if (!started) throw new Error("job queue: send before start()");
    await started;
  }

  /**
   * Sends the jobs of these rows: a group commit, one insert for every row recorded while the previous insert was on
   * its way or in the coalesceMs before it (a burst of deliveries costs a few inserts, not one each), and none waits
   * for an insert of its own. A pg-boss insert is a statement of a few hundred lines over the queue's settings,
   * planned at every call, whatever its rows: inserted back to back, one every few deliveries, they took 13–15% of a
   * core of PostgreSQL in the npm-start max-rate burst, beside the inbox's own writes.
   */
  function sendRows(rows: InboxRowRef[], at: Date | undefined): Promise<void> {
    for (const row of rows) pendingRows.push({ row, at });
    flushing ??= insertPending();
    return flushing;
  }

  async function insertPending(): Promise<void> {
    try {
      await ready();
    } catch (e) {
      // Not started (or its start failed): the rows wait for the next send after a start.
      flushing = null;
      throw e;
    }
    for (;;) {
      // Every row recorded meanwhile goes in this insert.
      await new Promise<void>((resolve) => setTimeout(resolve, coalesceMs));
      const batch = pendingRows;
      pendingRows = [];
      // Checked and cleared in one synchronous step: a row added after it starts a new loop.
      if (batch.length === 0) {
        flushing = null;
        return;
      }
      await boss.insert(QUEUES.webhook, webhookJobs(batch)).catch((e: unknown) =>
        // The rows stay due in the database: the sweep sends their jobs again.
        logger.error("pg-boss: could not send webhook jobs", { rows: batch.length, error: String(e) }),
      );
    }
  }

  async function createQueues(): Promise<void> {
    const expireInSeconds = Math.ceil((2 * leaseMs) / 1000);
    const common = { deleteAfterSeconds: 3600, retryLimit: 5, retryDelay: 2, retryBackoff: true };
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

  /**
   * A handler whose failure leaves pg-boss only the queue and the error's class: the whole error goes to the logs
   * (see Privacy above). The job is retried as before.
   */
  function guarded<T>(queue: string, handler: (jobs: Job<T>[]) => Promise<void>) {
    return async (jobs: Job<T>[]): Promise<void> => {
      try {
        await handler(jobs);
      } catch (e) {
        logger.error("pg-boss job failed", { queue, error: String(e) });
        throw new JobFailedError(queue, e);
      }
    };
  }

  async function consume(): Promise<void> {
    const polling = { pollingIntervalSeconds: pollSeconds, notifyPollingIntervalSeconds: pollSeconds };
    // Queues whose jobs are all sent startable (no startAfter): the NOTIFY of a send wakes their workers, and a
    // worker that finishes a job after one came fetches again at once, so their poll is only the backstop (a lost
    // NOTIFY, pg-boss's own retries). Four writes workers polling every 0.5 s were 40% of pg-boss's statements.
    const notified = {
      pollingIntervalSeconds: pollSeconds,
      notifyPollingIntervalSeconds: Math.max(pollSeconds, NOTIFIED_BACKSTOP_SECONDS),
    };
    await boss.work<WebhookJob>(
      QUEUES.webhook,
      { ...polling, batchSize, localConcurrency: concurrency, burstWhenBatchFull: true },
      guarded<WebhookJob>(QUEUES.webhook, async (jobs) => {
        // As many rows at once as the in-process worker claims: the fetch counts jobs, a job names several rows.
        const ids = jobs.flatMap((j) => j.data.ids ?? (j.data.id ? [j.data.id] : []));
        for (let i = 0; i < ids.length; i += batchSize)
          await work.inbox.processRows(ids.slice(i, i + batchSize));
      }),
    );
    await boss.work<ShopJob>(
      QUEUES.writes,
      { ...notified, localConcurrency: 4 },
      guarded<ShopJob>(QUEUES.writes, async ([job]) => {
        const { more } = await work.writes.run(job!.data.shop);
        // Rows left for the next turn: the next turn is queued behind this one (stately: one queued per shop).
        if (more) await sendWrites(job!.data.shop);
      }),
    );
    await boss.work<AvailabilityJob>(
      QUEUES.availability,
      { ...notified, batchSize: 20, burstWhenBatchFull: true },
      guarded<AvailabilityJob>(QUEUES.availability, async (jobs) => {
        for (const [shop, scope] of mergeByShop(jobs)) await work.availability.sync(shop, scope);
      }),
    );
    await boss.work<ShopJob>(
      QUEUES.reconcile,
      { pollingIntervalSeconds: 5 },
      guarded<ShopJob>(QUEUES.reconcile, async ([job]) => {
        await work.reconcile.run(job!.data.shop);
      }),
    );
    await boss.work(QUEUES.reconcilePass, { pollingIntervalSeconds: 5 }, async () => {
      const slotSeconds = Math.max(1, Math.round(work.reconcile.intervalMs / 1000));
      for (const shop of await work.reconcile.shops()) {
        if (!(await work.reconcile.due(shop))) continue;
        // One job per shop per slot, however many processes run this pass.
        await boss.send(QUEUES.reconcile, { shop } satisfies ShopJob, {
          singletonKey: shop,
          singletonSeconds: slotSeconds,
        });
      }
    });
    await boss.work(QUEUES.availabilityPass, { pollingIntervalSeconds: 5 }, async () => {
      await work.availability.pass();
    });
    await boss.work(QUEUES.sweep, { pollingIntervalSeconds: 2 }, async ([job]) => {
      const graceMs = (job?.data as { graceMs?: number } | undefined)?.graceMs ?? strandedAfterMs;
      await sweep(graceMs);
    });
    await boss.schedule(QUEUES.sweep, "* * * * *");
    // And once now: a worker (re)started after a crash takes up at once what the dead one left without a job, instead
    // of at the next minute (the sweep queue is a singleton: workers starting together send one).
    await boss.send(QUEUES.sweep, { graceMs: strandedAfterMs });
    await boss.schedule(QUEUES.availabilityPass, "*/15 * * * *");
    if (work.reconcile.intervalMs > 0) await boss.schedule(QUEUES.reconcilePass, "* * * * *");
    else await boss.unschedule(QUEUES.reconcilePass);
  }

  /** Jobs for what is due in the database but may have none: inbox rows, and shops with Shopify writes due. */
  async function sweep(graceMs: number): Promise<void> {
    const now = clock.now();
    for (;;) {
      const rows = await work.inbox.stranded(new Date(now.getTime() - graceMs), now, 1000);
      if (rows.length > 0) await sendRows(rows, undefined);
      if (rows.length < 1000) break;
    }
    for (const shop of await work.writes.shopsDue()) await sendWrites(shop);
  }

  async function sendWrites(shop: ShopDomain): Promise<void> {
    await ready();
    await boss.send(QUEUES.writes, { shop } satisfies ShopJob, { singletonKey: shop });
  }

  /**
   * A shop's writes job, sent settleMs after the first change of a burst (the burst's changes coalesce in one turn)
   * and startable when sent. A crash in between loses only the send: the sweep sends one for every shop with due
   * writes.
   */
  function settleWrites(shop: ShopDomain): void {
    if (settling.has(shop)) return;
    const timer = setTimeout(() => {
      settling.delete(shop);
      track(sendWrites(shop), "shopify-writes");
    }, settleMs);
    settling.set(shop, timer);
  }

  return {
    kind: "pg-boss",
    inboxRowsDue(rows, at) {
      if (rows.length === 0) {
        track(
          ready().then(() => boss.send(QUEUES.sweep, { graceMs: 0 })),
          "sweep",
        );
        return;
      }
      track(sendRows(rows, at), "webhook");
    },
    writesQueued: (shop) => settleWrites(shop),
    availabilityRequested: (shop, variantIds) =>
      track(
        ready().then(() =>
          boss.send(QUEUES.availability, { shop, variantIds } satisfies AvailabilityJob, {
            singletonKey: shop,
          }),
        ),
        "availability",
      ),
    async forgetShop(shop) {
      await ready();
      let deleted = 0;
      // The queues whose jobs carry the shop (webhook jobs carry an inbox row's id, the scheduled ones nothing).
      for (const name of [QUEUES.writes, QUEUES.availability, QUEUES.reconcile]) {
        for (;;) {
          const jobs = await boss.findJobs<ShopJob>(name, { data: { shop } satisfies ShopJob, limit: 1000 });
          if (jobs.length === 0) break;
          await boss.deleteJob(
            name,
            jobs.map((j) => j.id),
          );
          deleted += jobs.length;
        }
      }
      return deleted;
    },
    start() {
      started ??= (async () => {
        await boss.start();
        await createQueues();
        if (deps.consume) await consume();
      })();
      return started;
    },
    async stop() {
      if (!started) return;
      await started.catch(() => undefined);
      for (const [shop, timer] of settling) {
        clearTimeout(timer);
        track(sendWrites(shop), "shopify-writes");
      }
      settling.clear();
      while (sends.size > 0) await Promise.all([...sends]);
      await boss.stop({ graceful: true, timeout: 30_000 });
    },
  };
}

/** The jobs of rows sent together: those due at the same time share jobs of up to ROWS_PER_JOB rows. */
function webhookJobs(rows: { row: InboxRowRef; at: Date | undefined }[]) {
  const byDue = new Map<number | undefined, string[]>();
  for (const { row, at } of rows) {
    const due = at?.getTime();
    const ids = byDue.get(due) ?? [];
    ids.push(row.id);
    byDue.set(due, ids);
  }
  return [...byDue].flatMap(([due, ids]) =>
    Array.from({ length: Math.ceil(ids.length / ROWS_PER_JOB) }, (_, i) => ({
      data: { ids: ids.slice(i * ROWS_PER_JOB, (i + 1) * ROWS_PER_JOB) } satisfies WebhookJob,
      ...(due === undefined ? {} : { startAfter: new Date(due) }),
    })),
  );
}

function mergeByShop(jobs: Job<AvailabilityJob>[]): Map<ShopDomain, string[] | "all"> {
  const byShop = new Map<ShopDomain, Set<string> | "all">();
  for (const { data } of jobs) {
    const current = byShop.get(data.shop);
    if (current === "all" || data.variantIds === "all") byShop.set(data.shop, "all");
    else byShop.set(data.shop, new Set([...(current ?? []), ...data.variantIds]));
  }
  return new Map([...byShop].map(([shop, scope]) => [shop, scope === "all" ? "all" : [...scope]]));
}

/** What pg-boss keeps of a failed job: the queue and the error's class, never its message (see Privacy above). */
class JobFailedError extends Error {
  constructor(queue: string, cause: unknown) {
    super(`${queue}: ${cause instanceof Error ? cause.name : typeof cause} (the message is in the logs)`);
    this.name = "JobFailedError";
  }
}
