/**
 * Supplier import runs and their slips (SupplierImportRunRepository) on memory, SQLite and PostgreSQL (skipped
 * locally when unreachable, a failure under CI=true or WAITWELL_REQUIRE_PG=1).
 */
import { describe, expect, it } from "vitest";
import { MemorySupplierImportRuns } from "../../web/server/adapters/memory/supplier-import-runs.js";
import { redactUrl } from "../../web/server/adapters/prisma/client.js";
import { PrismaAvailabilityRepository } from "../../web/server/adapters/prisma/availability-repository.js";
import { PrismaSupplierImportRuns } from "../../web/server/adapters/prisma/supplier-import-runs.js";
import type { SupplierImportRunRepository } from "../../web/server/use-cases/availability/supplier-import-ports.js";
import type { ShopDomain } from "../../web/server/use-cases/ports.js";
import { createTestDatabase, postgresAdminUrl, postgresSuiteMode, type DatabaseKind } from "../support/db.js";
import { SHOP_A, SHOP_B, useStore, type ContractStore } from "./harness.js";

interface RunsStore {
  runs: SupplierImportRunRepository;
  /** shop/redact as the availability holder does it (null in memory: the memory runs erase themselves). */
  eraseShop(shop: ShopDomain): Promise<void>;
  cleanup(): Promise<void>;
}

const T1 = new Date(Date.UTC(2026, 10, 1, 9, 0, 0, 111));
const T2 = new Date(Date.UTC(2026, 10, 1, 9, 30, 0, 222));
const eta = (date: string) => ({
  kind: "date" as const,
  date: date as never,
  source: "supplier_feed" as const,
});

function contract(store: () => RunsStore) {
  const runs = () => store().runs;

  it("creates a run waiting for its file, updates it, finishes it with its slips in one step", async () => {
    const created = await runs().createRun(SHOP_A, { filename: "feed.csv", dryRun: false, bytes: 120 }, T1);
    expect(created).toEqual({
      id: expect.any(String),
      filename: "feed.csv",
      dryRun: false,
      status: "uploading",
      phase: "uploading",
      done: 0,
      total: 120,
      bytes: 120,
      rows: 0,
      matched: 0,
      variants: 0,
      errorCount: 0,
      errors: [],
      failure: null,
      slipCount: 0,
      importId: null,
      createdAt: T1,
      finishedAt: null,
    });
    expect(await runs().countInFlight(SHOP_A)).toBe(1);
    expect(await runs().updateRun(SHOP_B, created.id, { status: "running" })).toBeNull();
    await runs().updateRun(SHOP_A, created.id, { status: "running", phase: "reading", done: 60 });
    const slip = {
      lineItemId: "gid://shopify/LineItem/1",
      orderId: "gid://shopify/Order/1",
      variantId: "gid://shopify/ProductVariant/11",
      promised: eta("2026-12-07"),
      previous: eta("2026-12-07"),
      revised: eta("2026-12-14"),
    };
    const errors = [{ row: 2, field: "eta" as const, code: "invalid_date" as const, message: "bad date" }];
    const finished = await runs().finishRun(
      SHOP_A,
      created.id,
      {
        status: "applied",
        phase: "done",
        rows: 3,
        matched: 3,
        errors,
        slipCount: 1,
        importId: "imp",
        finishedAt: T2,
      },
      [slip],
    );
    expect(finished).toMatchObject({
      status: "applied",
      rows: 3,
      errors,
      slipCount: 1,
      importId: "imp",
      finishedAt: T2,
    });
    expect(await runs().getRun(SHOP_A, created.id)).toEqual(finished);
    expect(await runs().getRun(SHOP_B, created.id)).toBeNull();
    expect(await runs().runSlips(SHOP_A, created.id, 10)).toEqual([slip]);
    expect(await runs().runSlips(SHOP_B, created.id, 10)).toEqual([]);
    expect(await runs().countInFlight(SHOP_A)).toBe(0);
  });

  it("lists newest first, per shop; fails runs left in flight since before a time", async () => {
    const first = await runs().createRun(SHOP_A, { filename: "a.csv", dryRun: true, bytes: 0 }, T1);
    const second = await runs().createRun(SHOP_A, { filename: "b.csv", dryRun: true, bytes: 0 }, T2);
    await runs().createRun(SHOP_B, { filename: "c.csv", dryRun: true, bytes: 0 }, T1);
    expect((await runs().listRuns(SHOP_A, 10)).map((r) => r.filename)).toEqual(["b.csv", "a.csv"]);
    expect(await runs().listRuns(SHOP_A, 1)).toHaveLength(1);
    expect(await runs().failStale(SHOP_A, new Date(T1.getTime() + 1), T2)).toBe(1);
    expect(await runs().getRun(SHOP_A, first.id)).toMatchObject({ status: "failed", finishedAt: T2 });
    expect(await runs().getRun(SHOP_A, second.id)).toMatchObject({ status: "uploading" });
    expect(await runs().countInFlight(SHOP_B)).toBe(1);
  });

  it("creates within FEED_MAX_IN_FLIGHT only: concurrent creations (other connections, other processes) never pass it", async () => {
    const input = { filename: null, dryRun: true, bytes: 0 };
    // Eight at once: on PostgreSQL each is a transaction on its own connection, as from eight processes.
    const created = await Promise.all(
      Array.from({ length: 8 }, () => runs().createRunWithin(SHOP_A, input, T1, 2)),
    );
    expect(created.filter((r) => r !== null)).toHaveLength(2);
    expect(await runs().countInFlight(SHOP_A)).toBe(2);
    // Another shop has its own limit; a run that ends frees its place.
    expect(await runs().createRunWithin(SHOP_B, input, T1, 2)).not.toBeNull();
    const first = created.find((r) => r !== null)!;
    await runs().updateRun(SHOP_A, first.id, { status: "checked", phase: "done" });
    expect(await runs().createRunWithin(SHOP_A, input, T2, 2)).not.toBeNull();
    expect(await runs().createRunWithin(SHOP_A, input, T2, 2)).toBeNull();
  });

  it("shop/redact erases the shop's runs and slips, and only them", async () => {
    const a = await runs().createRun(SHOP_A, { filename: null, dryRun: true, bytes: 0 }, T1);
    await runs().finishRun(SHOP_A, a.id, { status: "checked", slipCount: 1 }, [
      {
        lineItemId: "gid://shopify/LineItem/1",
        orderId: "gid://shopify/Order/1",
        variantId: "gid://shopify/ProductVariant/11",
        promised: eta("2026-12-07"),
        previous: eta("2026-12-07"),
        revised: eta("2026-12-14"),
      },
    ]);
    const b = await runs().createRun(SHOP_B, { filename: null, dryRun: true, bytes: 0 }, T1);
    await store().eraseShop(SHOP_A);
    expect(await runs().listRuns(SHOP_A, 10)).toEqual([]);
    expect(await runs().runSlips(SHOP_A, a.id, 10)).toEqual([]);
    expect((await runs().listRuns(SHOP_B, 10)).map((r) => r.id)).toEqual([b.id]);
  });
}

const memory = async (): Promise<RunsStore> => {
  const runs = new MemorySupplierImportRuns();
  return { runs, eraseShop: (shop) => runs.deleteByShop(shop), cleanup: async () => {} };
};

function prisma(kind: DatabaseKind) {
  return async (): Promise<RunsStore> => {
    const database = await createTestDatabase(kind);
    const availability = new PrismaAvailabilityRepository(database.db);
    return {
      runs: new PrismaSupplierImportRuns(database.db),
      eraseShop: (shop) => availability.deleteByShop(shop),
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
  describe(`${name} supplier import runs`, () => {
    if (mode === "fail") {
      it("needs a reachable PostgreSQL (CI=true or WAITWELL_REQUIRE_PG=1)", () => {
        throw new Error(`PostgreSQL is required but unreachable at ${redactUrl(postgresAdminUrl())}`);
      });
      return;
    }
    describe.skipIf(mode === "skip")("contract", () =>
      contract(useStore(factory as unknown as () => Promise<ContractStore>) as unknown as () => RunsStore),
    );
  });
}
