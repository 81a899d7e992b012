/**
 * `npm run db:migrate -- <name>`: after editing prisma/schema/models.prisma, write the migration for BOTH providers
 * (two histories, one model): prisma/sqlite/migrations/<stamp>_<name>/migration.sql and the same under
 * prisma/postgresql. Nothing is applied; read both files, then run the storage contracts (`npm run test:pg`).
 *
 * Each file is `prisma migrate diff` from that provider's migration history to the model. Not `prisma migrate dev`:
 * the histories hold SQL written by hand that models.prisma cannot express (scripts/migration-diff.ts names it), so
 * `migrate dev` sees drift, wants to reset the database and, being non-interactive here, stops. The diff would drop
 * those objects: their drops are left out and named on the console, and what the new migration undoes otherwise
 * (triggers of a redefined table, a column's compression) is printed as a warning to write by hand.
 *
 * PostgreSQL: the diff replays the history into a scratch database it creates on DATABASE_URL_TEST's server
 * (default postgresql://postgres@127.0.0.1:5432/postgres) and drops after.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  handWritten,
  migrateDiff,
  planMigration,
  readMigrations,
  type MigrationPlan,
  type Provider,
} from "./migration-diff.js";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migrate -- <migration_name>   (lowercase letters, digits, underscores)");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");

/** The model's difference from a provider's history, as the new migration's blocks (see migration-diff.ts). */
function diff(provider: Provider, url: string): MigrationPlan {
  return planMigration(migrateDiff(root, provider, url), handWritten(readMigrations(root, provider)));
}

function scratchSqlite<T>(run: (url: string) => T): T {
  // The CLI opens DATABASE_URL even for a diff; the shadow database it replays into is its own.
  const file = path.join(root, "data", `migrate-scratch-${process.pid}.db`);
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    return run(`file:${file}`);
  } finally {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  }
}

function postgresDiff() {
  const url = process.env.DATABASE_URL_TEST ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  try {
    return diff("postgresql", url);
  } catch (e) {
    console.error(
      `\nThe PostgreSQL migration needs a server that lets ${new URL(url).username || "the user"} create ` +
        `databases: ${url.replace(/:[^:@/]*@/, ":***@")} (set DATABASE_URL_TEST).`,
    );
    throw e;
  }
}

const diffs = { sqlite: scratchSqlite((url) => diff("sqlite", url)), postgresql: postgresDiff() };

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
let written = 0;
for (const provider of ["sqlite", "postgresql"] as const) {
  const { blocks, leftOut, warnings } = diffs[provider];
  if (leftOut.length > 0) {
    console.log(`${provider}: left out the drops of what the migrations made by hand: ${leftOut.join(", ")}`);
  }
  if (blocks.length === 0) {
    console.log(`${provider}: models.prisma matches the migration history; nothing to write.`);
    continue;
  }
  const dir = path.join(root, "prisma", provider, "migrations", `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), `${blocks.join("\n\n")}\n`);
  console.log(`${provider}: wrote ${path.relative(root, dir)}/migration.sql`);
  for (const warning of warnings) console.warn(`${provider}: ${warning}.`);
  written++;
}
if (written === 1)
  console.warn("Only one provider changed: both histories follow the one model, read the diffs.");
if (written > 0) execFileSync("npm", ["run", "db:generate"], { cwd: root, stdio: "inherit" });
