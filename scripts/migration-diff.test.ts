import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { postgresAdminUrl, postgresSuiteMode } from "../test/support/db.js";
import { handWritten, migrateDiff, planMigration, readMigrations, type Provider } from "./migration-diff.js";

const root = path.resolve(import.meta.dirname, "..");
const sqlite = handWritten(readMigrations(root, "sqlite"));
const postgresql = handWritten(readMigrations(root, "postgresql"));

describe("what the migrations wrote by hand", () => {
  it("SQLite: the two FTS5 search tables with their shadow tables, and the triggers on the two searched tables", () => {
    const searchTables = ["BackorderLineSearch", "BackorderOrderSearch"].flatMap((table) => [
      table,
      ...["data", "idx", "content", "docsize", "config"].map((shadow) => `${table}_${shadow}`),
    ]);
    const triggers = ["BackorderLine", "BackorderOrder"].flatMap((table) =>
      ["insert", "delete", "update"].map((event) => `${table}_search_${event}`),
    );
    expect([...sqlite.objects].sort()).toEqual([...searchTables, ...triggers].sort());
    expect([...sqlite.triggerTables].sort()).toEqual(["BackorderLine", "BackorderOrder"]);
    expect([...sqlite.compressedColumns]).toEqual([]);
  });

  it("PostgreSQL: the two trigram indexes and the LZ4 inbox payload", () => {
    expect([...postgresql.objects].sort()).toEqual([
      "BackorderLine_search_trgm_idx",
      "BackorderOrder_search_trgm_idx",
    ]);
    expect([...postgresql.triggerTables]).toEqual([]);
    expect([...postgresql.compressedColumns]).toEqual(["WebhookEvent.payload"]);
  });

  it("ignores statements in comments and B-tree indexes", () => {
    const found = handWritten([
      '-- CREATE TRIGGER "old" AFTER INSERT ON "A" BEGIN\nCREATE INDEX "A_b_idx" ON "A" USING btree ("b");\n' +
        'CREATE INDEX "A_c_idx" ON "A"("c");',
    ]);
    expect([...found.objects]).toEqual([]);
  });
});

describe("the new migration out of a diff", () => {
  it("leaves out the blocks that only drop hand-written objects, keeps every other drop", () => {
    const sql = [
      '-- DropTable\nPRAGMA foreign_keys=off;\nDROP TABLE "BackorderLineSearch_idx";\nPRAGMA foreign_keys=on;',
      '-- DropIndex\nDROP INDEX "BackorderLine_shop_status_idx";',
      '-- DropIndex\nDROP INDEX "BackorderLine_search_update";\nDROP INDEX "Other_idx";',
      '-- AlterTable\nALTER TABLE "Shop" ADD COLUMN "note" TEXT;',
    ].join("\n\n");
    const plan = planMigration(sql, sqlite);
    expect(plan.leftOut).toEqual(["BackorderLineSearch_idx"]);
    expect(plan.blocks).toEqual([
      '-- DropIndex\nDROP INDEX "BackorderLine_shop_status_idx";',
      '-- DropIndex\nDROP INDEX "BackorderLine_search_update";\nDROP INDEX "Other_idx";',
      '-- AlterTable\nALTER TABLE "Shop" ADD COLUMN "note" TEXT;',
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it.each([
    [
      "a SQLite redefinition of a table with search triggers",
      "sqlite" as Provider,
      '-- RedefineTables\nPRAGMA defer_foreign_keys=ON;\nCREATE TABLE "new_BackorderLine" ("id" TEXT);\n' +
        'INSERT INTO "new_BackorderLine" SELECT * FROM "BackorderLine";\nDROP TABLE "BackorderLine";',
      /redefines "BackorderLine", which drops its hand-written triggers/,
    ],
    [
      "a PostgreSQL column dropped and added again",
      "postgresql" as Provider,
      '-- AlterTable\nALTER TABLE "WebhookEvent" DROP COLUMN "payload",\nADD COLUMN "payload" BYTEA NOT NULL;',
      /drops "WebhookEvent"."payload", which loses its hand-written SET COMPRESSION/,
    ],
  ])("warns about %s", (_name, provider, sql, warning) => {
    const plan = planMigration(sql, provider === "sqlite" ? sqlite : postgresql);
    expect(plan.blocks).toHaveLength(1);
    expect(plan.warnings).toEqual([expect.stringMatching(warning)]);
  });

  it("does not warn about other tables and columns", () => {
    const sql =
      '-- RedefineTables\nCREATE TABLE "new_Shop" ("id" TEXT);\n\n' +
      '-- AlterTable\nALTER TABLE "WebhookEvent" DROP COLUMN "topic";';
    expect(planMigration(sql, sqlite).warnings).toEqual([]);
    expect(planMigration(sql, postgresql).warnings).toEqual([]);
  });
});

const scratch = mkdtempSync(path.join(tmpdir(), "waitwell-migrate-diff-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const pgMode = await postgresSuiteMode();

// models.prisma and both histories must agree: a model change without its migrations fails here.
describe.each([
  { provider: "sqlite" as Provider, url: () => `file:${path.join(scratch, "diff.db")}`, mode: "run" },
  { provider: "postgresql" as Provider, url: postgresAdminUrl, mode: pgMode },
])("$provider: the model against its migration history", ({ provider, url, mode }) => {
  it.skipIf(mode === "skip")(
    "differs only by the hand-written objects, whose drops are all left out",
    () => {
      const written = provider === "sqlite" ? sqlite : postgresql;
      const plan = planMigration(migrateDiff(root, provider, url()), written);
      expect(plan.blocks).toEqual([]);
      expect(plan.leftOut.length).toBeGreaterThan(0);
      for (const name of plan.leftOut) expect(written.objects).toContain(name);
    },
    60_000,
  );
});
