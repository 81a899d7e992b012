/**
 * The job queue on pg-boss (PostgreSQL): any number of web processes send, any number of worker processes consume,
 * one database. https://github.com/timgit/pg-boss (v12: queues must exist before send/work; `notify` queues with
 * `useListenNotify` wake a worker in milliseconds instead of at its next poll). queues.ts lists the queues,
 * consumers.ts what workers run, inbox-sends.ts how inbox rows become jobs.
 *
 * The inbox stays the source of truth (the admin lists and replays it; retries and dead letters are its states): a
 * shop's turn claims the shop's due rows under their lease, so a turn run twice, or rows whose job was lost with a
 * crashed process (the sweep sends their shop's turn), are processed once. One turn per shop at a time (a stately
 * queue keyed by shop) keeps a shop's rows in one claim and one engine step per batch whatever the number of
 * processes: with batches of rows as jobs, the 1,000-order flash sale split a shop's rows over four concurrent batches
 * in two worker processes, each re-reading and re-deciding the hot inventory pool (38.7 ms of CPU per order against
 * 33 in one process). The shop lock still serialises the engine's steps across processes.
 *
 * Privacy (queues.ts): jobs carry ids, never a payload. shop/redact deletes every job that names the shop, in every
 * state (`forgetShop`: pg-boss's findJobs by data and deleteJob, https://pgboss.io/api/jobs#findjobs-name-options).
 */
import { PgBoss } from "pg-boss";
import type { Clock, Logger, ShopDomain } from "../../use-cases/ports.js";
import { ASYNC_COMMIT } from "../prisma/client.js";
import type { JobQueue, JobWork } from "../../jobs/job-queue.js";
import { consume } from "./consumers.js";
import { createInboxSends } from "./inbox-sends.js";
import { createQueues, QUEUES, SHOP_QUEUES, type AvailabilityJob, type ShopJob } from "./queues.js";

export { QUEUES, ROWS_PER_JOB } from "./queues.js";

export interface PgBossJobQueueSettings {
  /** Inbox rows per claim (one batch of the inbox worker). Default 25. */
  batchSize?: number;
  /** Shops' inbox turns one process runs at once. Default 2. */
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
  /**
   * How long one shop's inbox turn runs before it leaves the rest to its next turn (ms), so other shops get theirs.
   * Default 5 s.
   */
  turnMs?: number;
  /** How long an inbox row may be due with no worker on it before the sweep re-sends its job (ms). Default lease/2. */
  strandedAfterMs?: number;
  /** How often expired jobs of dead workers are failed and retried (pg-boss's superviseIntervalSeconds). Default 15. */
  superviseSeconds?: number;
  /**
   * The poll of the queues whose workers a send's NOTIFY wakes (Shopify writes, storefront availability): only a
   * backstop for a lost NOTIFY (ms). Default 5 s.
   */
  notifiedBackstopMs?: number;
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

export function createPgBossJobQueue(deps: PgBossJobQueueDeps): JobQueue {
  const { work, logger, clock } = deps;
  const leaseMs = deps.settings?.leaseMs ?? 60_000;
  const settleMs = deps.settings?.settleMs ?? 100;
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

  const inboxSends = createInboxSends({
    boss,
    ready,
    now: () => clock.now(),
    coalesceMs: deps.settings?.coalesceMs ?? 50,
    logger,
  });

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

  async function forgetShop(shop: ShopDomain): Promise<number> {
    await ready();
    let deleted = 0;
    // The queues whose jobs carry the shop (webhook jobs carry inbox row ids, the scheduled ones nothing).
    for (const name of SHOP_QUEUES) {
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
      track(inboxSends.rows(rows, at), "webhook");
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
    forgetShop,
    start() {
      started ??= (async () => {
        await boss.start();
        await createQueues(boss, leaseMs);
        if (!deps.consume) return;
        await consume({
          boss,
          work,
          clock,
          logger,
          inboxSends,
          sendWrites,
          batchSize: deps.settings?.batchSize ?? 25,
          concurrency: deps.settings?.concurrency ?? 2,
          pollSeconds: Math.max(0.5, (deps.settings?.pollIntervalMs ?? 500) / 1000),
          turnMs: deps.settings?.turnMs ?? 5_000,
          strandedAfterMs: deps.settings?.strandedAfterMs ?? leaseMs / 2,
          notifiedBackstopSeconds: (deps.settings?.notifiedBackstopMs ?? 5_000) / 1000,
        });
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
