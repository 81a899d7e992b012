/**
 * The promise storage contract on every implementation: memory (use-case tests), SQLite and PostgreSQL (skipped
 * locally when unreachable, a failure under CI=true or WAITWELL_REQUIRE_PG=1), as repositories.test.ts does.
 */
import { describe, it } from "vitest";
import { MemoryPromiseRepository } from "../../web/server/adapters/memory/promise-repository.js";
import { redactUrl } from "../../web/server/adapters/prisma/client.js";
import { PrismaPromiseRepository } from "../../web/server/adapters/prisma/promise-repository.js";
import { createTestDatabase, postgresAdminUrl, postgresSuiteMode, type DatabaseKind } from "../support/db.js";
import { promiseRepositoryContract, type PromiseStoreFactory } from "./promise.contract.js";

const memory: PromiseStoreFactory = async () => {
  const repo = new MemoryPromiseRepository();
  return { repo, cleanup: async () => {} };
};

function prisma(kind: DatabaseKind): PromiseStoreFactory {
  return async () => {
    const database = await createTestDatabase(kind);
    return {
      repo: new PrismaPromiseRepository(database.db),
      cleanup: database.cleanup,
    };
  };
}

const pgMode = await postgresSuiteMode();

for (const { name, factory, mode } of [
  { name: "memory", factory: memory, mode: "run" as const },
  { name: "sqlite", factory: prisma("sqlite"), mode: "run" as const },
  { name: "postgresql", factory: prisma("postgresql"), mode: pgMode },
]) {
  describe(`${name} promise repository`, () => {
    if (mode === "fail") {
      it("needs a reachable PostgreSQL (CI=true or WAITWELL_REQUIRE_PG=1)", () => {
        throw new Error(`PostgreSQL is required but unreachable at ${redactUrl(postgresAdminUrl())}`);
      });
      return;
    }
    describe.skipIf(mode === "skip")("contract", () => promiseRepositoryContract(factory));
  });
}
