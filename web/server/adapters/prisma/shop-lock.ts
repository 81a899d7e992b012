/**
 * The engine's shop lock across processes sharing one PostgreSQL database (web and inbox workers, several with
 * INBOX_WORKER=on): without it two processes decide the same pool from the same stale read and count a unit twice.
 *
 * A step first queues behind the steps of its shop in this process (the keyed lock), so a process never ties up
 * more than one connection per shop, then takes a session-level advisory lock keyed by the shop on a connection of
 * the lock's own small pool, holds it while the step runs and lets go after. The step's queries go to the Prisma
 * pool, all of whose connections stay theirs. A dropped connection releases the lock too, so a killed process never
 * leaves a shop locked. Two statements on the driver per step (lock, unlock), where a Prisma interactive
 * transaction took four round trips (BEGIN, the lock, COMMIT, with set_config before) and its own bookkeeping.
 * https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
 */
import { createHash } from "node:crypto";
import pg from "pg";
import { createKeyedLock } from "../../use-cases/backorder/keyed-lock.js";
import type { ShopLock } from "../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../use-cases/ports.js";

export interface PostgresShopLockOptions {
  /**
   * How long a step waits for another process to let go of its shop (`lock_timeout` of the lock's sessions).
   * Default 4 min: the longest step measured (a restock re-deciding 100,000 lines, BENCHMARKS.md) takes ~60 s, and
   * a few processes may queue for the same shop.
   */
  lockWaitMs?: number;
  /**
   * How long a step may hold its shop. Default 10 min, so a step that waited the whole `lockWaitMs` still has 6 min,
   * six times the longest step measured. When it runs out the lock is let go and the step's result is turned into
   * an error; only a step that hangs gets there.
   */
  holdMs?: number;
  /**
   * Shops of this process that may hold (or wait for) their lock at once: the lock pool's connections. Default 5.
   */
  maxHolders?: number;
}

export interface PostgresShopLock extends ShopLock {
  /** Closes the lock's connections; call once no step runs. */
  close(): Promise<void>;
}

const MINUTE = 60_000;

export function createPostgresShopLock(
  connectionString: string,
  options: PostgresShopLockOptions = {},
): PostgresShopLock {
  const { lockWaitMs = 4 * MINUTE, holdMs = 10 * MINUTE, maxHolders = 5 } = options;
  if (!(maxHolders >= 1)) throw new Error("shop lock: maxHolders must be at least 1");
  const pool = new pg.Pool({
    connectionString,
    max: maxHolders,
    application_name: "waitwell-shop-lock",
    // Only the lock waits in these sessions; without a limit a wait for a process that hangs would never end.
    options: `-c lock_timeout=${Math.ceil(lockWaitMs)}`,
  });
  // An idle connection that drops (a restart of PostgreSQL) leaves the pool; the next step opens another.
  pool.on("error", () => undefined);
  const local = createKeyedLock();

  async function holdWhile<T>(shop: ShopDomain, task: () => Promise<T>): Promise<T> {
    const key = shopLockKey(shop).toString();
    // Waits for a free connection when maxHolders shops hold theirs.
    const session = await pool.connect();
    try {
      await session.query("SELECT pg_advisory_lock($1::bigint)", [key]);
    } catch (e) {
      session.release(true);
      throw e;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let discard = false;
    try {
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          discard = true;
          reject(new Error(`shop lock of ${shop}: the step held it past ${holdMs} ms`));
        }, holdMs);
      });
      return await Promise.race([task(), expired]);
    } finally {
      clearTimeout(timer);
      // A session whose unlock fails or finds no lock is closed: closing it is what lets go for sure.
      try {
        const { rows } = await session.query<{ released: boolean }>(
          "SELECT pg_advisory_unlock($1::bigint) AS released",
          [key],
        );
        if (rows[0]?.released !== true) discard = true;
      } catch {
        discard = true;
      }
      session.release(discard);
    }
  }

  return {
    run: (shop, task) => local.run(shop, () => holdWhile(shop, task)),
    close: () => pool.end(),
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
