import { describe, expect, it } from "vitest";
import { createMemoryLogger } from "../adapters/logger.js";
import { createMemoryRepositories } from "../adapters/memory/index.js";
import { ValidationError } from "../errors.js";
import type { InboxDelivery, InboxEvent } from "../use-cases/ports.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import { backoffDelayMs, createInboxWorker, type InboxWorkerSettings } from "./inbox-worker.js";

const SHOP = "shop-a.myshopify.com";
const SETTINGS: InboxWorkerSettings = {
  maxAttempts: 3,
  backoffBaseMs: 1_000,
  pollIntervalMs: 20,
  leaseMs: 60_000,
};

function setup(
  handle: WebhookHandler["handle"],
  options: { random?: number; settings?: Partial<InboxWorkerSettings> } = {},
) {
  let ms = Date.UTC(2026, 10, 24, 8, 0, 0);
  const clock = { now: () => new Date(ms) };
  const repos = createMemoryRepositories({ clock });
  const logger = createMemoryLogger();
  const calls: InboxEvent[] = [];
  const handlers = {
    "orders/create": {
      identify: () => ({ resourceId: null, customerId: null }),
      handle: async (event: InboxEvent, payload: unknown) => {
        calls.push(event);
        return handle(event, payload);
      },
    },
  };
  const settings = { ...SETTINGS, ...options.settings };
  const make = () =>
    createInboxWorker({
      inbox: repos.inbox,
      handlers,
      clock,
      logger,
      settings,
      random: () => options.random ?? 0,
    });
  const record = async (overrides: Partial<InboxDelivery> = {}) =>
    (
      await repos.inbox.record({
        shop: SHOP,
        webhookId: `wh-${Math.random()}`,
        eventId: null,
        topic: "orders/create",
        apiVersion: "2026-07",
        triggeredAt: null,
        payload: '{"id":820982911946154508}',
        resourceId: null,
        customerId: null,
        ...overrides,
      })
    ).event;
  return {
    inbox: repos.inbox,
    logger,
    calls,
    worker: make(),
    /** A second worker on the same storage: the process after a restart. */
    restart: make,
    record,
    advance: (by: number) => void (ms += by),
    now: () => new Date(ms),
  };
}

describe("backoffDelayMs", () => {
  it.each([
    [1, 0, 1_000],
    [2, 0, 2_000],
    [3, 0, 4_000],
    [8, 0, 128_000],
    [1, 0.5, 1_250],
    [3, 0.999, 5_998],
    [30, 0, 3_600_000],
  ])("attempt %i with random %f waits %i ms", (attempt, random, expected) => {
    expect(backoffDelayMs(attempt, { backoffBaseMs: 1_000 }, () => random)).toBe(expected);
  });
});

describe("inbox worker", () => {
  it("hands the parsed payload to the topic's handler and marks the row PROCESSED", async () => {
    const payloads: unknown[] = [];
    const t = setup(async (_e, payload) => void payloads.push(payload));
    const e = await t.record();
    expect(await t.worker.drain()).toBe(1);
    expect(payloads).toEqual([{ id: "820982911946154508" }]);
    expect(await t.inbox.get(SHOP, e.id)).toMatchObject({
      status: "PROCESSED",
      attempts: 1,
      processedAt: t.now(),
    });
  });

  it("retries with exponential backoff, then dead-letters after maxAttempts", async () => {
    const t = setup(async () => {
      throw new Error("Shopify answered 503");
    });
    const e = await t.record();
    await t.worker.drain();
    expect(await t.inbox.get(SHOP, e.id)).toMatchObject({
      status: "PENDING",
      attempts: 1,
      lastError: "Error: Shopify answered 503",
      nextAttemptAt: new Date(t.now().getTime() + 1_000),
    });
    t.advance(999);
    expect(await t.worker.drain()).toBe(0);
    t.advance(1);
    expect(await t.worker.drain()).toBe(1);
    expect(await t.inbox.get(SHOP, e.id)).toMatchObject({
      status: "PENDING",
      attempts: 2,
      nextAttemptAt: new Date(t.now().getTime() + 2_000),
    });
    t.advance(2_000);
    await t.worker.drain();
    expect(await t.inbox.get(SHOP, e.id)).toMatchObject({
      status: "DEAD",
      attempts: 3,
      lastError: "Error: Shopify answered 503",
    });
    t.advance(3_600_000);
    expect(await t.worker.drain()).toBe(0);
    expect(t.calls).toHaveLength(3);
    expect(t.logger.entries.filter((l) => l.msg === "inbox event dead-lettered")).toHaveLength(1);
  });

  it("adds jitter from the injected random", async () => {
    const t = setup(
      async () => {
        throw new Error("later");
      },
      { random: 0.5 },
    );
    const e = await t.record();
    await t.worker.drain();
    expect((await t.inbox.get(SHOP, e.id))?.nextAttemptAt).toEqual(new Date(t.now().getTime() + 1_250));
  });

  it("dead-letters at once a payload its handler refuses as invalid", async () => {
    const t = setup(async () => {
      throw new ValidationError("orders/create payload: line_items: Required");
    });
    const e = await t.record();
    await t.worker.drain();
    expect(await t.inbox.get(SHOP, e.id)).toMatchObject({ status: "DEAD", attempts: 1 });
  });

  it("dead-letters a row whose topic has no handler", async () => {
    const t = setup(async () => undefined);
    const e = await t.record({ topic: "orders/paid" });
    await t.worker.drain();
    expect(await t.inbox.get(SHOP, e.id)).toMatchObject({
      status: "DEAD",
      lastError: expect.stringContaining("orders/paid"),
    });
  });

  it.each([
    [
      "throws synchronously",
      () => {
        throw new TypeError("x is undefined");
      },
    ],
    ["rejects with a non-Error", () => Promise.reject("a string")],
  ])("survives a handler that %s", async (_name, behave) => {
    const t = setup(behave as WebhookHandler["handle"]);
    const e = await t.record();
    await expect(t.worker.drain()).resolves.toBe(1);
    expect(await t.inbox.get(SHOP, e.id)).toMatchObject({
      status: "PENDING",
      attempts: 1,
      lastError: expect.any(String),
    });
  });

  it("treats a handler that outlives its time limit as failed", async () => {
    const t = setup(() => new Promise(() => undefined), { settings: { handlerTimeoutMs: 10 } });
    const e = await t.record();
    await t.worker.drain();
    expect(await t.inbox.get(SHOP, e.id)).toMatchObject({
      status: "PENDING",
      lastError: "Error: handler did not finish within 10 ms",
    });
  });

  it("after a restart, takes a row left PROCESSING by a crash once its lease has run out", async () => {
    const t = setup(async () => undefined);
    const e = await t.record();
    // The crashed process had leased the row and died before finishing it.
    await t.inbox.claimDue(t.now(), 10, SETTINGS.leaseMs!);
    const afterRestart = t.restart();
    expect(await afterRestart.drain()).toBe(0);
    t.advance(SETTINGS.leaseMs!);
    expect(await afterRestart.drain()).toBe(1);
    expect(await t.inbox.get(SHOP, e.id)).toMatchObject({ status: "PROCESSED", attempts: 2 });
  });

  it("after a restart, processes rows still PENDING", async () => {
    const t = setup(async () => undefined);
    const rows = [await t.record(), await t.record()];
    expect(await t.restart().drain()).toBe(2);
    for (const e of rows) expect((await t.inbox.get(SHOP, e.id))?.status).toBe("PROCESSED");
  });

  it("runs in the background once started, wakes on nudge, and stop() waits for the row in hand", async () => {
    let release!: () => void;
    let started!: () => void;
    const inHandler = new Promise<void>((r) => (started = r));
    const t = setup(
      () => {
        started();
        return new Promise<void>((r) => (release = r));
      },
      { settings: { pollIntervalMs: 60_000 } },
    );
    t.worker.start();
    await new Promise((r) => setTimeout(r, 10)); // the first (empty) round is over; the worker sleeps a minute
    const e = await t.record();
    t.worker.nudge();
    await inHandler;
    let stopped = false;
    const stopping = t.worker.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await t.inbox.get(SHOP, e.id)).toMatchObject({ status: "PROCESSED" });
  });

  it("keeps polling when storage fails for a while", async () => {
    const t = setup(async () => undefined);
    const claimDue = t.inbox.claimDue.bind(t.inbox);
    let failures = 2;
    t.inbox.claimDue = async (...args) => {
      if (failures-- > 0) throw new Error("database is locked");
      return claimDue(...args);
    };
    const e = await t.record();
    t.worker.start();
    await expect
      .poll(async () => (await t.inbox.get(SHOP, e.id))?.status, { timeout: 2_000 })
      .toBe("PROCESSED");
    await t.worker.stop();
    expect(t.logger.entries.filter((l) => l.msg === "inbox worker could not claim rows")).toHaveLength(2);
  });
});
