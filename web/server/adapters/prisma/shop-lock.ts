/**
 * The engine's shop lock across processes sharing one PostgreSQL database (web and inbox workers, several with
 * INBOX_WORKER=on): without it two processes decide the same pool from the same stale read and count a unit twice.
 *
 * A step first queues behind the steps of its shop in this process (the keyed lock), so a process never ties up
 * more than one connection per shop, then takes a transaction-level advisory lock keyed by the shop and holds it
 * while the step runs. The step's own queries go to other connections of the pool; the lock lives with the
 * transaction's connection until the step ends (commit or rollback releases it, and so does a dropped connection,
 * so a killed process never leaves a shop locked).
 * https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
 */
import { createHash } from "node:crypto";
import { createKeyedLock } from "../../use-cases/backorder/keyed-lock.js";
import type { ShopLock } from "../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../use-cases/ports.js";
import { PG_POOL_SIZE, type Db } from "./client.js";

export interface PostgresShopLockOptions {
  /**
   * How long a step waits for another process to let go of its shop (`lock_timeout` on the lock's connection).
   * Default 4 min: the longest step measured (a restock re-deciding 100,000 lines, BENCHMARKS.md) takes ~60 s, and
   * a few processes may queue for the same shop.
   */
  lockWaitMs?: number;
  /**
   * The transaction's `timeout`: waiting for the lock plus the step. Default 10 min, so a step that waited the whole
   * `lockWaitMs` still has 6 min, six times the longest step measured. When it runs out Prisma rolls the transaction
   * back (the lock goes) and the step's result is turned into an error; only a step that hangs gets there.
   */
  holdMs?: number;
  /**
   * The transaction's `maxWait` for a pool connection. Default 60 s: with `maxHolders` below the pool size a
   * connection frees up as soon as any query ends; Prisma's 2 s default would fail steps under a burst.
   */
  connectionWaitMs?: number;
  /**
   * Shops of this process that may hold (or wait for) their lock at once. Each ties up a connection for the whole
   * step, and the step needs another for its queries: with every connection holding a lock the steps could not run
   * at all. Default half the pool (PG_POOL_SIZE), so the steps, the webhook endpoint and the inbox always have the
   * other half.
   */
  maxHolders?: number;
}

const MINUTE = 60_000;

export function createPostgresShopLock(db: Db, options: PostgresShopLockOptions = {}): ShopLock {
  const {
    lockWaitMs = 4 * MINUTE,
    holdMs = 10 * MINUTE,
    connectionWaitMs = MINUTE,
    maxHolders = Math.floor(PG_POOL_SIZE / 2),
  } = options;
  if (!(maxHolders >= 1 && maxHolders < PG_POOL_SIZE))
    throw new Error(`shop lock: maxHolders must be between 1 and ${PG_POOL_SIZE - 1}`);
  const local = createKeyedLock();
  const holders = createSemaphore(maxHolders);
  const lockTimeout = `${Math.ceil(lockWaitMs)}ms`;

  const holdWhile = <T>(shop: ShopDomain, task: () => Promise<T>): Promise<T> =>
    db.$transaction(
      async (tx) => {
        // lock_timeout first: without it a wait for a process that hangs would outlive the transaction's timeout
        // (the rollback queues behind the blocked statement on the same connection). One statement, so taking the
        // lock costs one round trip: the lock is taken on the row the CTE yields, after set_config ran (a CTE
        // that calls a volatile function is evaluated once, never inlined).
        await tx.$executeRaw`
          WITH timeout AS (SELECT set_config('lock_timeout', ${lockTimeout}, true))
          SELECT pg_advisory_xact_lock(${shopLockKey(shop)}::bigint) FROM timeout`;
        return task();
      },
      { maxWait: connectionWaitMs, timeout: holdMs },
    );

  return {
    run: (shop, task) => local.run(shop, () => holders.use(() => holdWhile(shop, task))),
  };
}

/**
 * The advisory lock key of a shop: the first 8 bytes of sha256 as a signed 64-bit integer, the same in every
 * process and release. Prefixed so a key never equals one derived from the bare domain by other code.
 */
export function shopLockKey(shop: ShopDomain): bigint {
  return advisoryLockKey("shop-lock", shop);
}

/** An advisory lock key for one concern (`scope`) of a shop, as shopLockKey (whose scope is "shop-lock"). */
export function advisoryLockKey(scope: string, shop: ShopDomain): bigint {
  return createHash("sha256").update(`waitwell:${scope}:${shop}`).digest().readBigInt64BE(0);
}

function createSemaphore(permits: number) {
  let free = permits;
  const waiting: (() => void)[] = [];
  return {
    async use<T>(task: () => Promise<T>): Promise<T> {
      if (free > 0) free--;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        // The permit passes straight to the next waiter, if any.
        const next = waiting.shift();
        if (next) next();
        else free++;
      }
    },
  };
}
