/**
 * Two workers on one inbox with a short lease, on the real clock: a row is never handled by both at once, and a
 * worker that outlived its lease writes nothing over the outcome of the worker that took the row after it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryLogger } from "../adapters/logger.js";
import { createMemoryRepositories } from "../adapters/memory/index.js";
import { createPrismaRepositories } from "../adapters/prisma/index.js";
import type { InboxEvent, InboxRepository } from "../use-cases/ports.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import { createTestDatabase, postgresSuiteMode, type TestDatabase } from "../../../test/support/db.js";
import { createInboxWorker, retryWindowMs, type InboxWorkerSettings } from "./inbox-worker.js";
import { loadConfig } from "../config.js";

const SHOP = "shop-a.myshopify.com";
const clock = { now: () => new Date() };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const pgMode = await postgresSuiteMode();
const storages: {
  name: string;
  skip: boolean;
  open: () => Promise<{ inbox: InboxRepository; db?: TestDatabase }>;
}[] = [
  { name: "memory", skip: false, open: async () => ({ inbox: createMemoryRepositories({ clock }).inbox }) },
  ...(["sqlite", "postgresql"] as const).map((kind) => ({
    name: kind,
    skip: kind === "postgresql" && pgMode === "skip",
    open: async () => {
      const db = await createTestDatabase(kind);
      return { inbox: createPrismaRepositories(db.db, { clock }).inbox, db };
    },
  })),
];

function worker(
  inbox: InboxRepository,
  handle: WebhookHandler["handle"],
  settings: Partial<InboxWorkerSettings>,
) {
  return createInboxWorker({
    inbox,
    handlers: { "orders/create": { identify: () => ({ resourceId: null, customerId: null }), handle } },
    clock,
    logger: createMemoryLogger(),
    settings: {
      maxAttempts: 5,
      backoffBaseMs: 5,
      maxBackoffMs: 5,
      pollIntervalMs: 10,
      concurrency: 1,
      ...settings,
    },
    random: () => 0,
  });
}

async function recordOne(inbox: InboxRepository): Promise<InboxEvent> {
  const { event } = await inbox.record({
    shop: SHOP,
    webhookId: `wh-${Math.random()}`,
    eventId: null,
    topic: "orders/create",
    apiVersion: "2026-07",
    triggeredAt: null,
    payload: '{"id":1}',
    resourceId: "gid://shopify/Order/1",
    customerId: null,
  });
  return event;
}

for (const storage of storages) {
  describe.skipIf(storage.skip)(`inbox worker lease (${storage.name})`, () => {
    let db: TestDatabase | undefined;
    afterEach(async () => {
      await db?.cleanup();
      db = undefined;
    });

    // A's handler ignores its signal and runs past the lease: the case compare-and-set is for.
    it("a worker whose handler outlived the lease does not overwrite the next worker's outcome", async () => {
      const opened = await storage.open();
      db = opened.db;
      const { inbox } = opened;
      const e = await recordOne(inbox);
      const calls: string[] = [];
      let aStarted!: () => void;
      const started = new Promise<void>((r) => (aStarted = r));
      let releaseSlow!: () => void;
      const slow = new Promise<void>((r) => (releaseSlow = r));
      // Worker A: the handler hangs past the lease (its time limit is longer than the lease), then fails.
      const a = worker(
        inbox,
        async () => {
          calls.push("a");
          aStarted();
          await slow;
          throw new Error("A failed late");
        },
        { leaseMs: 300, handlerTimeoutMs: 10_000 },
      );
      const b = worker(inbox, async () => void calls.push("b"), { leaseMs: 5_000 });
      const aDone = a.drain();
      await started;
      // B takes the row once A's lease has run out.
      await expect.poll(() => b.drain(), { timeout: 5_000, interval: 50 }).toBe(1);
      expect((await inbox.get(SHOP, e.id))?.status).toBe("PROCESSED");
      releaseSlow();
      await aDone;
      // A's late failure must not put the row back to PENDING (it would be handled a third time).
      expect(await inbox.get(SHOP, e.id)).toMatchObject({ status: "PROCESSED", attempts: 2 });
      expect(await b.drain()).toBe(0);
      expect(calls).toEqual(["a", "b"]);
    });

    it("two polling workers with a short lease never run one row at the same time", async () => {
      const opened = await storage.open();
      db = opened.db;
      const { inbox } = opened;
      const rows = await Promise.all([1, 2, 3].map(() => recordOne(inbox)));
      const running = new Map<string, number>();
      let overlap = 0;
      let firstAttempts = 0;
      // The first attempt of each row runs past its time limit and stops when told to (the signal); later ones finish.
      const handle: WebhookHandler["handle"] = async (event, _payload, signal) => {
        running.set(event.id, (running.get(event.id) ?? 0) + 1);
        if (running.get(event.id)! > 1) overlap += 1;
        try {
          if (event.attempts === 1) {
            firstAttempts += 1;
            await new Promise<void>((resolve) => {
              if (signal?.aborted) resolve();
              signal?.addEventListener("abort", () => resolve());
            });
            await sleep(20); // winding down after the abort
          }
        } finally {
          running.set(event.id, running.get(event.id)! - 1);
        }
      };
      const settings = { leaseMs: 1_000, handlerTimeoutMs: 250 };
      const a = worker(inbox, handle, settings);
      const b = worker(inbox, handle, settings);
      a.start();
      b.start();
      await expect
        .poll(async () => (await Promise.all(rows.map((r) => inbox.get(SHOP, r.id)))).map((r) => r?.status), {
          timeout: 10_000,
          interval: 20,
        })
        .toEqual(["PROCESSED", "PROCESSED", "PROCESSED"]);
      await Promise.all([a.stop(), b.stop()]);
      expect(firstAttempts).toBeGreaterThan(0);
      expect(overlap).toBe(0);
    });
  });
}

describe("retry schedule", () => {
  it("by default spans about four hours over ten attempts with growing delays, like Shopify's own retries", () => {
    const { inbox } = loadConfig({ WAITWELL_MODE: "local" });
    expect(inbox.maxAttempts).toBeGreaterThanOrEqual(8);
    const { min, max } = retryWindowMs(inbox);
    expect(min).toBeGreaterThanOrEqual(3 * 3_600_000);
    expect(max).toBeLessThanOrEqual(5 * 3_600_000);
  });
});
