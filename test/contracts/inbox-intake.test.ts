/**
 * The webhook endpoint's driver-level inbox write (adapters/prisma/inbox-intake.ts) against the Prisma repository
 * that reads the rows back: same fields, same timestamps, due for the worker at once, duplicates answered with the
 * stored row. SQLite, and PostgreSQL where it answers.
 */
import Database from "better-sqlite3";
import { statSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createInboxIntake, type InboxIntake } from "../../web/server/adapters/prisma/inbox-intake.js";
import { createPrismaRepositories } from "../../web/server/adapters/prisma/index.js";
import { createTestDatabase, postgresSuiteMode, type TestDatabase } from "../support/db.js";
import { SHOP_A, afterNow, delivery } from "./harness.js";

const pgMode = await postgresSuiteMode();
const kinds = pgMode === "run" ? (["sqlite", "postgresql"] as const) : (["sqlite"] as const);

describe.each(kinds)("inbox intake on %s", (kind) => {
  let database: TestDatabase | undefined;
  let intake: InboxIntake | undefined;
  afterEach(async () => {
    await intake?.close();
    await database?.cleanup();
    intake = undefined;
    database = undefined;
  });

  async function setUp() {
    database = await createTestDatabase(kind);
    intake = await createInboxIntake(database.url, { now: () => new Date() });
    const repositories = createPrismaRepositories(database.db);
    return { intake, inbox: repositories.inbox, shops: repositories.shops };
  }

  it("knows which shops are installed, as the shop repository records them", async () => {
    const { intake, shops } = await setUp();
    expect(await intake.isInstalled(SHOP_A)).toBe(false);
    await shops.upsertInstalled({ domain: SHOP_A, name: null, scopes: null, at: new Date() });
    expect(await intake.isInstalled(SHOP_A)).toBe(true);
    await shops.markUninstalled(SHOP_A, new Date());
    expect(await intake.isInstalled(SHOP_A)).toBe(false);
    await shops.upsertInstalled({ domain: SHOP_A, name: null, scopes: null, at: new Date() });
    await shops.delete(SHOP_A);
    expect(await intake.isInstalled(SHOP_A)).toBe(false);
  });

  it("writes rows the repository reads back exactly, due at once, in arrival order", async () => {
    const { intake, inbox } = await setUp();
    const before = Date.now();
    const items = [delivery(), delivery({ eventId: null, triggeredAt: null, customerId: null }), delivery()];
    const results = await intake.recordBatch(items.map((d) => ({ delivery: d, status: "PENDING" as const })));
    expect(results.map((r) => r.duplicate)).toEqual([false, false, false]);
    for (const [i, d] of items.entries()) {
      const row = await inbox.get(SHOP_A, results[i]!.id);
      expect(row).toMatchObject({
        ...d,
        status: "PENDING",
        attempts: 0,
        lockedUntil: null,
        processedAt: null,
      });
      expect(row!.receivedAt.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(row!.receivedAt.getTime()).toBeLessThanOrEqual(Date.now());
    }
    const claimed = await inbox.claimDue(afterNow(), 10, 60_000);
    expect(claimed.map((e) => e.id)).toEqual(results.map((r) => r.id));
    expect(await inbox.claimDue(new Date(before - 60_000), 10, 60_000)).toEqual([]);
  });

  it("answers redeliveries with the stored row, in and across batches", async () => {
    const { intake, inbox } = await setUp();
    const { event: stored } = await inbox.record(delivery());
    const fresh = delivery();
    const results = await intake.recordBatch([
      { delivery: fresh, status: "PENDING" },
      { delivery: { ...stored, payload: "{}" }, status: "PENDING" },
      { delivery: fresh, status: "PENDING" },
      { delivery: delivery({ topic: "carts/update" }), status: "IGNORED" },
    ]);
    expect(results).toEqual([
      { id: expect.any(String), status: "PENDING", duplicate: false },
      { id: stored.id, status: "PENDING", duplicate: true },
      { id: results[0]!.id, status: "PENDING", duplicate: true },
      { id: expect.any(String), status: "IGNORED", duplicate: false },
    ]);
    expect(await inbox.depth()).toBe(2);
    expect((await inbox.get(SHOP_A, stored.id))?.payload).toBe(stored.payload);
  });
  it("writes its batches at once as far as it says it can, one row per delivery however they overlap", async () => {
    const { intake, inbox } = await setUp();
    expect(intake.writesAtOnce).toBe(kind === "sqlite" ? 1 : 3);
    const shared = delivery();
    const batches = [0, 1, 2].map(() => [
      { delivery: shared, status: "PENDING" as const },
      { delivery: delivery(), status: "PENDING" as const },
    ]);
    const results = await Promise.all(batches.map((b) => intake.recordBatch(b)));
    const sharedAnswers = results.map((r) => r[0]!);
    expect(new Set(sharedAnswers.map((a) => a.id)).size).toBe(1);
    expect(sharedAnswers.filter((a) => !a.duplicate)).toHaveLength(1);
    expect(await inbox.depth()).toBe(4);
  });

  it.runIf(kind === "postgresql")(
    "stores payloads compressed with LZ4 (pglz cost the intake's INSERT ~110 us a 15 KB row)",
    async () => {
      const { intake, inbox } = await setUp();
      const rows = await database!.db.$queryRaw<{ method: string }[]>`
      SELECT attcompression::text AS method FROM pg_attribute
       WHERE attrelid = '"WebhookEvent"'::regclass AND attname = 'payload'`;
      expect(rows).toEqual([{ method: "l" }]);
      const payload = JSON.stringify({ id: 820982911946154508n.toString(), note: "Grüße ".repeat(2_000) });
      const [result] = await intake.recordBatch([{ delivery: delivery({ payload }), status: "PENDING" }]);
      expect((await inbox.get(SHOP_A, result!.id))?.payload).toBe(payload);
    },
  );
});

describe("inbox intake on sqlite, while another connection holds the write lock", () => {
  let database: TestDatabase | undefined;
  let intake: InboxIntake | undefined;
  afterEach(async () => {
    await intake?.close();
    await database?.cleanup();
  });

  it("waits for the lock without stopping the event loop, then writes", async () => {
    database = await createTestDatabase("sqlite");
    intake = await createInboxIntake(database.url, { now: () => new Date() });
    const other = new Database(path.resolve(database.url.replace(/^file:/, "").split("?")[0]!));
    other.prepare("BEGIN IMMEDIATE").run();
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 5);
    let settled = false;
    const writing = intake.recordBatch([{ delivery: delivery(), status: "PENDING" }]);
    void writing.then(
      () => (settled = true),
      () => (settled = true),
    );
    // Timers keep running while the lock is held, however slow the machine: a synchronous busy wait inside
    // recordBatch would have run no timer until it gave up (and the write would have failed by then).
    while (ticks < 20) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(settled).toBe(false);
    other.prepare("COMMIT").run();
    other.close();
    clearInterval(ticker);
    const [result] = await writing;
    expect(result).toMatchObject({ duplicate: false, status: "PENDING" });
    expect(await createPrismaRepositories(database.db).inbox.get(SHOP_A, result!.id)).not.toBeNull();
  });

  it("copies the WAL back into the database file from a thread of its own", async () => {
    database = await createTestDatabase("sqlite");
    const file = path.resolve(database.url.replace(/^file:/, "").split("?")[0]!);
    intake = await createInboxIntake(database.url, { now: () => new Date() });
    const before = statSync(file).size;
    const payload = JSON.stringify({ id: 1, note: "x".repeat(60_000) });
    // ~5 MB in one commit: in the WAL, and in the database file only once a checkpoint has copied it back.
    const items = Array.from({ length: 80 }, () => ({
      delivery: delivery({ payload }),
      status: "PENDING" as const,
    }));
    await intake.recordBatch(items);
    const started = Date.now();
    while (statSync(file).size - before < 4_000_000 && Date.now() - started < 3_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(statSync(file).size - before).toBeGreaterThan(4_000_000);
  });
});
