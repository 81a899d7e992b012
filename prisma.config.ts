/**
 * Prisma CLI config (migrate / generate). Picks the provider from DATABASE_URL, and carries three workarounds for
 * Prisma 6.19.3 driver-adapter bugs:
 *  (a) better-sqlite3 rejects multi-statement SQL when migrate replays migrations into the shadow DB;
 *  (b) adapter-pg cannot map Postgres `name`/`char` columns returned by the schema engine's catalog queries;
 *  (c) adapter-pg drops the shadow database before closing its pool.
 */
import path from "node:path";
import crypto from "node:crypto";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const url = process.env.DATABASE_URL || "file:./data/waitwell.db";
const provider = /^postgres(ql)?:\/\//i.test(url) ? "postgresql" : "sqlite";

type SqliteAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
function multiStatementSafe(a: SqliteAdapter): SqliteAdapter {
  const executeRaw = a.executeRaw.bind(a);
  a.executeRaw = async (q) => {
    try {
      return await executeRaw(q);
    } catch (e) {
      if (q.args.length === 0 && /more than one statement/.test(String((e as Error)?.message))) {
        await a.executeScript(q.sql);
        return 0;
      }
      throw e;
    }
  };
  return a;
}
class MigrateSafeBetterSQLite3 extends PrismaBetterSQLite3 {
  override async connect() {
    return multiStatementSafe(await super.connect());
  }
  override async connectToShadowDb() {
    return multiStatementSafe(await super.connectToShadowDb());
  }
}

// node-postgres lets `connectionString` override `database`, which breaks the shadow DB: pass discrete fields.
function pgConfig(u: string): pg.PoolConfig {
  const p = new URL(u);
  return {
    host: p.hostname,
    port: Number(p.port || 5432),
    user: decodeURIComponent(p.username),
    password: decodeURIComponent(p.password),
    database: p.pathname.slice(1),
    // Let `prisma migrate deploy` exit as soon as it is done instead of waiting for idle pool connections.
    allowExitOnIdle: true,
  };
}

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
function pgNameAsText(a: PgAdapter): PgAdapter {
  type Res = { fields?: { dataTypeID: number }[] };
  const x = a as unknown as { performIO(q: unknown): Promise<Res | Res[]> };
  const performIO = x.performIO.bind(a);
  x.performIO = async (q) => {
    const r = await performIO(q);
    for (const f of Array.isArray(r) ? [] : (r.fields ?? [])) {
      if (f.dataTypeID === 19 || f.dataTypeID === 18) f.dataTypeID = 25;
      else if (f.dataTypeID === 1003) f.dataTypeID = 1009;
    }
    return r;
  };
  return a;
}

class PrismaPgFixedShadow extends PrismaPg {
  constructor(private readonly cfg: pg.PoolConfig) {
    super(cfg);
  }
  override async connect() {
    return pgNameAsText(await super.connect());
  }
  override async connectToShadowDb() {
    const name = `prisma_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
    const admin = async (sql: string) => {
      const c = new pg.Client(this.cfg);
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await admin(`CREATE DATABASE "${name}"`);
    const shadow = pgNameAsText(await new PrismaPg({ ...this.cfg, database: name }).connect());
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin(`DROP DATABASE IF EXISTS "${name}"`);
    };
    return shadow;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", provider),
  migrations: { path: path.join("prisma", provider, "migrations") },
  async adapter() {
    return provider === "postgresql"
      ? new PrismaPgFixedShadow(pgConfig(url))
      : new MigrateSafeBetterSQLite3({ url });
  },
});
