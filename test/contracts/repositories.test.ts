/**
 * Every repository implementation against the same contract: in memory (what use-case tests use), SQLite (the
 * embedded default) and PostgreSQL. PostgreSQL runs wherever it is reachable; in CI (CI=true) and under
 * `npm run test:pg` (WAITWELL_REQUIRE_PG=1) an unreachable server fails the run instead of skipping.
 */
import { describe, it } from "vitest";
import { createMemoryRepositories } from "../../web/server/adapters/memory/index.js";
import { createPrismaRepositories } from "../../web/server/adapters/prisma/index.js";
import { redactUrl } from "../../web/server/adapters/prisma/client.js";
import { createTestDatabase, postgresAdminUrl, postgresSuiteMode, type DatabaseKind } from "../support/db.js";
import { backorderRepositoryContract } from "./backorder.contract.js";
import { dataExportRepositoryContract } from "./data-export-repository.contract.js";
import type { StoreFactory } from "./harness.js";
import { inboxRepositoryContract } from "./inbox-repository.contract.js";
import { sessionRepositoryContract } from "./session-repository.contract.js";
import { shopRepositoryContract } from "./shop-repository.contract.js";

const memory: StoreFactory = async () => {
  const repos = createMemoryRepositories();
  return { repos, connect: async () => repos, cleanup: async () => {} };
};

function prisma(kind: DatabaseKind): StoreFactory {
  return async () => {
    const database = await createTestDatabase(kind);
    return {
      repos: createPrismaRepositories(database.db),
      connect: async () => createPrismaRepositories(await database.connect()),
      cleanup: database.cleanup,
    };
  };
}

const contracts = [
  sessionRepositoryContract,
  shopRepositoryContract,
  inboxRepositoryContract,
  dataExportRepositoryContract,
  backorderRepositoryContract,
];

const pgMode = await postgresSuiteMode();
if (pgMode === "skip") {
  console.warn(
    `\n  ⚠ PostgreSQL contract suites SKIPPED: nothing answers on 127.0.0.1:5432 and DATABASE_URL_TEST is unset.\n` +
      `    Set WAITWELL_REQUIRE_PG=1 (or CI=true) to make this a failure.\n`,
  );
}

const implementations: { name: string; factory: StoreFactory; mode: "run" | "skip" | "fail" }[] = [
  { name: "memory", factory: memory, mode: "run" },
  { name: "sqlite", factory: prisma("sqlite"), mode: "run" },
  { name: "postgresql", factory: prisma("postgresql"), mode: pgMode },
];

for (const { name, factory, mode } of implementations) {
  describe(`${name} repositories`, () => {
    if (mode === "fail") {
      it("needs a reachable PostgreSQL (CI=true or WAITWELL_REQUIRE_PG=1)", () => {
        throw new Error(`PostgreSQL is required but unreachable at ${redactUrl(postgresAdminUrl())}`);
      });
      return;
    }
    describe.skipIf(mode === "skip")("contract", () => {
      for (const contract of contracts) contract(factory);
    });
  });
}
