/**
 * `npm run db:migrate -- <name>`: after editing prisma/schema/models.prisma, create the migration for BOTH
 * providers (two histories, one model). Uses a scratch SQLite file and a scratch PostgreSQL database, running
 * `migrate deploy` first and then `migrate dev` (the order Prisma 6.19 with driver adapters needs).
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migrate -- <migration_name>   (lowercase letters, digits, underscores)");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const prisma = (url: string, args: string[]) =>
  execFileSync(process.execPath, [cli, ...args], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
  });

const sqliteFile = path.join(root, "data", `migrate-scratch-${process.pid}.db`);
const sqliteUrl = `file:${sqliteFile}`;
prisma(sqliteUrl, ["migrate", "deploy"]);
prisma(sqliteUrl, ["migrate", "dev", "--name", name, "--skip-generate"]);
rmSync(sqliteFile, { force: true });

const base = process.env.DATABASE_URL_TEST ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const scratch = `waitwell_migrate_${process.pid}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE DATABASE ${scratch}`);
try {
  const url = new URL(base);
  url.pathname = `/${scratch}`;
  prisma(url.toString(), ["migrate", "deploy"]);
  prisma(url.toString(), ["migrate", "dev", "--name", name, "--skip-generate"]);
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  await admin.end();
}
execFileSync("npm", ["run", "db:generate"], { cwd: root, stdio: "inherit" });
