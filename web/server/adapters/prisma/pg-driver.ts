/**
 * Prisma's PostgreSQL driver adapter (@prisma/adapter-pg) on a pool of our own making, one that keeps a connection
 * when a statement of it fails.
 *
 * The adapter sends every statement outside a transaction through `Pool#query`, and pg-pool hands the client back with
 * the statement's error, which closes it (pg-pool: `client.release(err)` removes the client): a unique violation that
 * a repository expects and handles (an upsert's insert racing another, the catalog mirror's stale copy) cost a new
 * connection, i.e. a new PostgreSQL backend process that re-reads the catalog before its first statement. In the
 * max-rate sale that was 300 connections in 45 s on the worker's pool of 10. An error the server reports at ERROR
 * severity ends the statement, not the session (the server skips to the Sync pg sends with every statement and is
 * ready again), so the client goes back to the pool; a FATAL one, a broken socket or anything that is not the
 * server's answer still closes it. https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY
 */
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

export function pgAdapter(config: pg.PoolConfig): PrismaPg {
  // disposeExternalPool: $disconnect ends the pool, as it does the pool the adapter makes itself (without it, the
  // adapter only drops its error listener and leaves the idle connections open, whose errors then go unheard).
  return new PrismaPg(keepingPool(config), { disposeExternalPool: true });
}

/** A pg.Pool whose promise-form `query` returns the client to the pool after a statement error (see above). */
export function keepingPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  // An idle connection the server ends (a restart, the database dropped) reports it here; the pool drops it and the
  // next statement opens another. Without a listener the event would throw.
  pool.on("error", () => undefined);
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((...args: unknown[]) => {
    // The callback form (unused by the adapter) keeps pg-pool's own behaviour.
    if (args.some((a) => typeof a === "function")) return query(...args);
    return queryKeeping(pool, args[0] as pg.QueryConfig, args[1] as unknown[] | undefined);
  }) as typeof pool.query;
  return pool;
}

async function queryKeeping(
  pool: pg.Pool,
  config: pg.QueryConfig,
  values?: unknown[],
): Promise<pg.QueryResult> {
  const client = await pool.connect();
  let result: pg.QueryResult;
  try {
    result = await client.query(config, values);
  } catch (error) {
    client.release(statementOnly(error) ? undefined : (error as Error));
    throw error;
  }
  client.release();
  return result;
}

/** The server's ErrorResponse for one statement: the session goes on. */
export function statementOnly(error: unknown): boolean {
  return error instanceof pg.DatabaseError && error.severity === "ERROR";
}
