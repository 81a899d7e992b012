/**
 * The availability storage contract on every implementation: memory (use-case tests), SQLite and PostgreSQL (skipped
 * locally when unreachable, a failure under CI=true or WAITWELL_REQUIRE_PG=1), as repositories.test.ts does.
 */
import { describe, it } from "vitest";
import { MemoryAvailabilityRepository } from "../../web/server/adapters/memory/availability-repository.js";
import { redactUrl } from "../../web/server/adapters/prisma/client.js";
import { PrismaAvailabilityRepository } from "../../web/server/adapters/prisma/availability-repository.js";
import { createTestDatabase, postgresAdminUrl, postgresSuiteMode, type DatabaseKind } from "../support/db.js";
import { availabilityRepositoryContract, type AvailabilityStoreFactory } from "./availability.contract.js";

const memory: AvailabilityStoreFactory = async () => {
  const repo = new MemoryAvailabilityRepository();
  return { repo, cleanup: async () => {} };
};

function prisma(kind: DatabaseKind): AvailabilityStoreFactory {
  return async () => {
    const database = await createTestDatabase(kind);
    return {
      repo: new PrismaAvailabilityRepository(database.db),
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
  describe(`${name} availability repository`, () => {
    if (mode === "fail") {
      it("needs a reachable PostgreSQL (CI=true or WAITWELL_REQUIRE_PG=1)", () => {
        throw new Error(`PostgreSQL is required but unreachable at ${redactUrl(postgresAdminUrl())}`);
      });
      return;
    }
    describe.skipIf(mode === "skip")("contract", () => availabilityRepositoryContract(factory));
  });
}
