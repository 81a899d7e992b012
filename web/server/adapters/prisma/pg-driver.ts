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
import { numberedPlaceholders, type DriverSql } from "./driver-sql.js";

export interface PgAdapterOptions {
  /** Each connection keeps its statements prepared (PreparingClient below). */
  preparedStatements?: boolean;
}

export function pgAdapter(
  config: pg.PoolConfig,
  options: PgAdapterOptions = {},
): { adapter: PrismaPg; driver: DriverSql } {
  const pool = keepingPool({ ...config, ...(options.preparedStatements ? { Client: PreparingClient } : {}) });
  // disposeExternalPool: $disconnect ends the pool, as it does the pool the adapter makes itself (without it, the
  // adapter only drops its error listener and leaves the idle connections open, whose errors then go unheard).
  return { adapter: new PrismaPg(pool, { disposeExternalPool: true }), driver: pgDriver(pool) };
}

/** Instants as their text (column.date reads them as UTC, which is how Prisma writes them), the rest as pg parses. */
const RAW_TEXT = new Set([1082, 1114, 1184]); // date, timestamp, timestamptz
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    RAW_TEXT.has(oid)
      ? (text: string) => text
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** SELECTs on the Prisma client's own pool (driver-sql.ts). */
function pgDriver(pool: pg.Pool): DriverSql {
  return {
    async rows(sql, params) {
      const result = await pool.query({ text: numberedPlaceholders(sql), values: [...params], types });
      return result.rows as Record<string, unknown>[];
    },
  };
}

/** Distinct statements one connection keeps prepared; any further ones are sent unnamed, as before. */
export const PREPARED_PER_CONNECTION = 200;

/**
 * A connection that prepares each distinct statement once, as a named statement, and from then on only binds and
 * executes it: the server parses and analyses the statement once per connection instead of at every call (the
 * adapter sends unnamed statements; Prisma's own query engine kept a cache of 100 prepared statements per
 * connection). Prisma's statements are a few dozen texts, sent over and over by the worker. Only plain DML is named
 * (BEGIN, COMMIT and the like stay unnamed); the first PREPARED_PER_CONNECTION distinct texts of a connection are
 * named and the rest, such as IN lists of every length, go unnamed, so a session's prepared statements stay bounded.
 * The server plans each execution as PostgreSQL does for prepared statements (plan_cache_mode).
 * https://www.postgresql.org/docs/current/sql-prepare.html
 */
export class PreparingClient extends pg.Client {
  private readonly names = new Map<string, string>();

  override query(...args: unknown[]): never {
    const [config] = args;
    if (
      config !== null &&
      typeof config === "object" &&
      typeof (config as pg.QueryConfig).text === "string" &&
      (config as pg.QueryConfig).name === undefined &&
      !args.some((a) => typeof a === "function")
    ) {
      const name = this.nameOf((config as pg.QueryConfig).text);
      if (name) args[0] = { ...(config as pg.QueryConfig), name };
    }
    return (pg.Client.prototype.query as (...a: unknown[]) => never).apply(this, args);
  }

  private nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= PREPARED_PER_CONNECTION) return known;
    if (!/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(text)) return undefined;
    const name = `ww_${this.names.size}`;
    this.names.set(text, name);
    return name;
  }
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
