import type { Database, Statement } from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { DriverSql } from "./driver-sql.js";

/**
 * Prisma's better-sqlite3 adapter, with two changes to the connection it opens:
 *
 * - **Transactions take the write lock when they begin** (`BEGIN IMMEDIATE` instead of `BEGIN`). A deferred
 *   transaction that reads and then writes fails at once with "database is locked" when another connection (the
 *   webhook intake, writing all through a sale) committed in between: SQLite cannot upgrade a read snapshot that is
 *   no longer the newest, and does not call the busy handler for it (https://www.sqlite.org/isolation.html,
 *   https://www.sqlite.org/lang_transaction.html). An immediate transaction waits its turn (busy_timeout) instead.
 * - **Prepared statements are kept** (the last 500 by SQL text). The adapter prepares every query anew; Prisma sends
 *   the same few hundred statements again and again.
 *
 * The adapter only ever calls `prepare("BEGIN").run()`, or `prepare(sql).bind(args)` and then one of `run()`,
 * `columns()`, `raw().all()` on the result, synchronously: a kept statement is bound per call instead (better-sqlite3 binds a statement for good).
 */
export function sqliteAdapter(url: string): { adapter: PrismaBetterSQLite3; driver: DriverSql } {
  const factory = new PrismaBetterSQLite3({ url });
  const connect = factory.connect.bind(factory);
  let reads: ((sql: string) => Statement) | undefined;
  factory.connect = async () => {
    const adapter = await connect();
    const driver = adapter as unknown as { client: Database };
    const db = driver.client;
    reads = keptStatements(db, (stmt) => stmt.safeIntegers(false));
    driver.client = keepingStatements(db);
    return adapter;
  };
  return { adapter: factory, driver: sqliteDriver(() => reads) };
}

/**
 * SELECTs on the Prisma client's own connection (driver-sql.ts), which createDb opened (its PRAGMAs), with statements
 * of their own: Int columns as numbers (the adapter has the connection hand out bigints), rows as objects.
 */
function sqliteDriver(reads: () => ((sql: string) => Statement) | undefined): DriverSql {
  return {
    async rows(sql, params) {
      const statement = reads();
      if (!statement) throw new Error("the SQLite client is not connected");
      return statement(sql).all(...params) as Record<string, unknown>[];
    },
  };
}

const KEPT_STATEMENTS = 500;

/** The last KEPT_STATEMENTS statements prepared on the connection, by SQL text. */
function keptStatements(
  db: Database,
  prepared: (stmt: Statement) => void = () => {},
): (sql: string) => Statement {
  const kept = new Map<string, Statement>();
  return (sql: string): Statement => {
    let stmt = kept.get(sql);
    if (stmt) {
      kept.delete(sql); // most recently used last
    } else {
      stmt = db.prepare(sql);
      prepared(stmt);
      if (kept.size >= KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
    }
    kept.set(sql, stmt);
    return stmt;
  };
}

function keepingStatements(db: Database): Database {
  const statement = keptStatements(db);
  const prepare = (sql: string) => {
    const stmt = statement(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
    return {
      reader: stmt.reader,
      run: () => stmt.run(),
      bind: (args: unknown[]) => ({
        reader: stmt.reader,
        run: () => stmt.run(args),
        columns: () => stmt.columns(),
        raw: () => ({ all: () => stmt.raw(true).all(args) }),
      }),
    };
  };
  return new Proxy(db, {
    get(target, key, receiver) {
      if (key === "prepare") return prepare;
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
