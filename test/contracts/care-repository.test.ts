/**
 * The customer-care storage contract on every implementation: memory (use-case tests), SQLite and PostgreSQL (skipped
 * locally when unreachable, a failure under CI=true or WAITWELL_REQUIRE_PG=1), as repositories.test.ts does.
 */
import { describe, it } from "vitest";
import { MemoryCareRepository } from "../../web/server/adapters/memory/care-repository.js";
import { redactUrl } from "../../web/server/adapters/prisma/client.js";
import { PrismaCareRepository } from "../../web/server/adapters/prisma/care-repository.js";
import { createTestDatabase, postgresAdminUrl, postgresSuiteMode, type DatabaseKind } from "../support/db.js";
import { careRepositoryContract, type CareStoreFactory } from "./care.contract.js";

const memory: CareStoreFactory = async () => ({ repo: new MemoryCareRepository(), cleanup: async () => {} });

function prisma(kind: DatabaseKind): CareStoreFactory {
  return async () => {
    const database = await createTestDatabase(kind);
    return { repo: new PrismaCareRepository(database.db), cleanup: database.cleanup };
  };
}

const pgMode = await postgresSuiteMode();

for (const { name, factory, mode } of [
  { name: "memory", factory: memory, mode: "run" as const },
  { name: "sqlite", factory: prisma("sqlite"), mode: "run" as const },
  { name: "postgresql", factory: prisma("postgresql"), mode: pgMode },
]) {
  describe(`${name} care repository`, () => {
    if (mode === "fail") {
      it("needs a reachable PostgreSQL (CI=true or WAITWELL_REQUIRE_PG=1)", () => {
        throw new Error(`PostgreSQL is required but unreachable at ${redactUrl(postgresAdminUrl())}`);
      });
      return;
    }
    describe.skipIf(mode === "skip")("contract", () => careRepositoryContract(factory));
  });
}
