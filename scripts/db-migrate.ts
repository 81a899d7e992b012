/**
 * `npm run db:migrate -- <name>`: after editing prisma/schema/models.prisma, write the migration for BOTH providers
 * (two histories, one model): prisma/sqlite/migrations/<stamp>_<name>/migration.sql and the same under
 * prisma/postgresql. Nothing is applied; read both files, then run the storage contracts (`npm run test:pg`).
 *
 * Each file is `prisma migrate diff` from that provider's migration history to the model. Not `prisma migrate dev`:
 * the histories hold objects written by hand that models.prisma cannot name (SQLite's FTS5 search tables and their
 * triggers, PostgreSQL's trigram indexes: migration list_search_and_all_tab), so `migrate dev` sees them as drift,
 * wants to reset the database and, being non-interactive here, stops. The diff would drop them; those statements
 * are left out (HAND_WRITTEN) and named on the console.
 *
 * PostgreSQL: the diff replays the history into a scratch database it creates on DATABASE_URL_TEST's server
 * (default postgresql://postgres@127.0.0.1:5432/postgres) and drops after.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

type Provider = "sqlite" | "postgresql";

/** Objects the migrations create by hand (see the file's comment): a statement that drops one is not written. */
const HAND_WRITTEN: Record<Provider, RegExp> = {
  sqlite: /^DROP TABLE "Backorder(Line|Order)Search(_[a-z]+)?";$/m,
  postgresql: /^DROP INDEX "Backorder(Line|Order)_search_trgm_idx";$/m,
};

/** A SQLite table redefinition (new_X copied over X) drops X's triggers: the search triggers must be made again. */
const REDEFINES_SEARCHED = /CREATE TABLE "new_Backorder(Line|Order)"/;

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migrate -- <migration_name>   (lowercase letters, digits, underscores)");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");

/** The model's difference from a provider's history as SQL blocks ("-- Kind" then its statements), hand-written drops left out. */
function diff(provider: Provider, url: string): { blocks: string[]; skipped: string[] } {
  const sql = execFileSync(
    process.execPath,
    [
      cli,
      "migrate",
      "diff",
      "--from-migrations",
      path.join("prisma", provider, "migrations"),
      "--to-schema-datamodel",
      path.join("prisma", provider),
      "--script",
    ],
    {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
    },
  );
  const blocks = sql
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter((b) => b.split("\n").some((line) => line && !line.startsWith("--")));
  return {
    blocks: blocks.filter((b) => !HAND_WRITTEN[provider].test(b)),
    skipped: blocks.filter((b) => HAND_WRITTEN[provider].test(b)),
  };
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
  const { blocks, skipped } = diffs[provider];
  if (skipped.length > 0) {
    const names = skipped.map((b) => /^DROP \w+ "([^"]+)"/m.exec(b)?.[1]).join(", ");
    console.log(`${provider}: left out the drops of what the migrations made by hand: ${names}`);
  }
  if (blocks.length === 0) {
    console.log(`${provider}: models.prisma matches the migration history; nothing to write.`);
    continue;
  }
  const dir = path.join(root, "prisma", provider, "migrations", `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), `${blocks.join("\n\n")}\n`);
  console.log(`${provider}: wrote ${path.relative(root, dir)}/migration.sql`);
  if (provider === "sqlite" && blocks.some((b) => REDEFINES_SEARCHED.test(b))) {
    console.warn(
      "sqlite: this migration redefines a table that text search indexes: add its search triggers again and " +
        "rebuild the index, as migration list_search_and_all_tab does (test/contracts/list-search-index.test.ts checks).",
    );
  }
  written++;
}
if (written === 1)
  console.warn("Only one provider changed: both histories follow the one model, read the diffs.");
if (written > 0) execFileSync("npm", ["run", "db:generate"], { cwd: root, stdio: "inherit" });
