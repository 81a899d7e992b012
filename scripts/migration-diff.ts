/**
 * What `npm run db:migrate` writes out of `prisma migrate diff`, and what it leaves out or warns about. The histories
 * hold SQL written by hand that models.prisma cannot express: SQLite's FTS5 search tables and the triggers that keep
 * them in step, PostgreSQL's trigram (GIN) indexes (migration list_search_and_all_tab), LZ4 compression of the inbox
 * payload (migration inbox_payload_lz4). The diff would drop the objects, and a table or column it makes again loses
 * the triggers or the compression. All of it is read from the migrations themselves rather than listed here, so a
 * new hand-written object is covered the day its migration lands.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export type Provider = "sqlite" | "postgresql";

export interface HandWritten {
  /** FTS5 tables with their shadow tables, triggers, indexes with an access method: the diff must not drop them. */
  objects: Set<string>;
  /** Tables with hand-written triggers: a SQLite redefinition of one (new_X copied over X) drops them. */
  triggerTables: Set<string>;
  /** `Table.column` with a compression set by hand: dropping and adding the column again loses it. */
  compressedColumns: Set<string>;
}

/** The tables SQLite makes for each FTS5 table (https://www.sqlite.org/fts5.html, "shadow tables"). */
const FTS5_SHADOW_TABLES = ["data", "idx", "content", "docsize", "config"];

const NAME = String.raw`"([^"]+)"`;
const VIRTUAL_TABLE = new RegExp(String.raw`^CREATE VIRTUAL TABLE (?:IF NOT EXISTS )?${NAME}`, "gim");
const TRIGGER = new RegExp(String.raw`^CREATE TRIGGER (?:IF NOT EXISTS )?${NAME}[^;]*?\bON ${NAME}`, "gim");
/** An index with an access method other than the default B-tree: models.prisma, shared with SQLite, has none. */
const INDEX_WITH_METHOD = new RegExp(
  String.raw`^CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?${NAME} ON ${NAME} USING (?!btree\b)\w+`,
  "gim",
);
const COMPRESSION = new RegExp(
  String.raw`^ALTER TABLE ${NAME} ALTER COLUMN ${NAME} SET COMPRESSION (?!default\b)\w+`,
  "gim",
);
const DROP = new RegExp(String.raw`^DROP (?:TABLE|INDEX|TRIGGER|VIEW) (?:IF EXISTS )?${NAME}`, "gm");
const REDEFINED_TABLE = new RegExp(String.raw`^CREATE TABLE "new_([^"]+)"`, "gm");
const ALTERED_TABLE = new RegExp(String.raw`^ALTER TABLE ${NAME}`, "m");
const DROPPED_COLUMN = new RegExp(String.raw`DROP COLUMN ${NAME}`, "g");

/** What the given migrations wrote by hand. */
export function handWritten(migrations: readonly string[]): HandWritten {
  const found: HandWritten = { objects: new Set(), triggerTables: new Set(), compressedColumns: new Set() };
  for (const sql of migrations.map(withoutComments)) {
    for (const [, table] of sql.matchAll(VIRTUAL_TABLE)) {
      found.objects.add(table!);
      for (const shadow of FTS5_SHADOW_TABLES) found.objects.add(`${table}_${shadow}`);
    }
    for (const [, trigger, table] of sql.matchAll(TRIGGER)) {
      found.objects.add(trigger!);
      found.triggerTables.add(table!);
    }
    for (const [, index] of sql.matchAll(INDEX_WITH_METHOD)) found.objects.add(index!);
    for (const [, table, column] of sql.matchAll(COMPRESSION))
      found.compressedColumns.add(`${table}.${column}`);
  }
  return found;
}

/**
 * `prisma migrate diff` from a provider's migration history to the model, as SQL. The CLI opens `url` (DATABASE_URL)
 * even for a diff; on PostgreSQL it replays the history into a scratch database it creates on that server.
 */
export function migrateDiff(root: string, provider: Provider, url: string): string {
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  return execFileSync(
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
}

/** Every migration.sql of a provider's history, oldest first. */
export function readMigrations(root: string, provider: Provider): string[] {
  const dir = path.join(root, "prisma", provider, "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

export interface MigrationPlan {
  /** The blocks ("-- Kind" then its statements) the new migration holds. */
  blocks: string[];
  /** Hand-written objects whose drops were left out. */
  leftOut: string[];
  /** What the new migration undoes of the hand-written SQL and must write again, one sentence each. */
  warnings: string[];
}

/** The diff's SQL as the new migration: blocks that only drop hand-written objects left out, losses named. */
export function planMigration(sql: string, written: HandWritten): MigrationPlan {
  const all = sql
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block.split("\n").some((line) => line && !line.startsWith("--")));
  const onlyDropsHandWritten = (block: string) => {
    const names = dropped(block);
    return names.length > 0 && names.every((name) => written.objects.has(name));
  };
  const blocks = all.filter((block) => !onlyDropsHandWritten(block));
  return {
    blocks,
    leftOut: all.filter(onlyDropsHandWritten).flatMap(dropped),
    warnings: blocks.flatMap((block) => losses(block, written)),
  };
}

function losses(block: string, written: HandWritten): string[] {
  const warnings: string[] = [];
  for (const [, table] of block.matchAll(REDEFINED_TABLE)) {
    if (written.triggerTables.has(table!)) {
      warnings.push(
        `it redefines "${table}", which drops its hand-written triggers: create them again and rebuild the index, ` +
          "as migration list_search_and_all_tab does (test/contracts/list-search-index.test.ts checks)",
      );
    }
  }
  const altered = ALTERED_TABLE.exec(block)?.[1];
  for (const [, column] of altered ? block.matchAll(DROPPED_COLUMN) : []) {
    if (written.compressedColumns.has(`${altered}.${column}`)) {
      warnings.push(
        `it drops "${altered}"."${column}", which loses its hand-written SET COMPRESSION: set it again, ` +
          "as migration inbox_payload_lz4 does",
      );
    }
  }
  return warnings;
}

function dropped(block: string): string[] {
  return [...block.matchAll(DROP)].map(([, name]) => name!);
}

function withoutComments(sql: string): string {
  return sql.replace(/^\s*--.*$/gm, "");
}
