import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createMemoryLogger } from "../adapters/logger.js";
import { createMemoryRepositories } from "../adapters/memory/index.js";
import { ValidationError } from "../errors.js";
import type { InboxDelivery, InboxEvent, ShopDomain } from "../use-cases/ports.js";
import type { WebhookHandler, WebhookLane } from "../use-cases/webhook-handlers.js";
import { backoffDelayMs, createInboxWorker, type InboxWorkerSettings } from "./inbox-worker.js";

const SHOP: ShopDomain = "shop-a.myshopify.com";
const SETTINGS: InboxWorkerSettings = {
  maxAttempts: 3,
  backoffBaseMs: 1_000,
  pollIntervalMs: 20,
  leaseMs: 60_000,
  concurrency: 4,
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
      // Not async: a handler that throws synchronously throws at the worker.
      handle: (event: InboxEvent, payload: unknown) => {
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

  it.each(["__proto__", "constructor", "hasOwnProperty", "toString"])(
    "dead-letters a row whose topic is %s (an Object.prototype member is not a handler)",
    async (topic) => {
      const t = setup(async () => undefined);
      const e = await t.record({ topic });
      await t.worker.drain();
      expect(await t.inbox.get(SHOP, e.id)).toMatchObject({
        status: "DEAD",
        attempts: 1,
        lastError: `ValidationError: No handler for topic ${topic}`,
      });
    },
  );

  it("dead-letters at once a payload that fails its schema, with the reason", async () => {
    const t = setup(
      async (_e, payload) => void z.object({ line_items: z.array(z.unknown()) }).parse(payload),
    );
    const e = await t.record();
    await t.worker.drain();
    expect(await t.inbox.get(SHOP, e.id)).toMatchObject({
      status: "DEAD",
      attempts: 1,
      lastError: expect.stringContaining("line_items"),
    });
  });

  it("settles as processed, without its handler, a row whose payload customers/redact erased while it waited", async () => {
    const t = setup(async (_e, payload) => void z.object({ id: z.unknown() }).parse(payload));
    const e = await t.record({ customerId: "gid://shopify/Customer/7" });
    expect(await t.inbox.redactCustomer(SHOP, "gid://shopify/Customer/7", [])).toBe(1);
    await t.worker.drain();
    expect(await t.inbox.get(SHOP, e.id)).toMatchObject({ status: "PROCESSED", lastError: null });
    expect(t.calls).toEqual([]);
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

  it("a shop's turn claims only that shop's due rows, a batch at a time, until a claim comes back short", async () => {
    const t = setup(async () => undefined, { settings: { batchSize: 2 } });
    const other = "shop-b.myshopify.com" as ShopDomain;
    const mine = [await t.record(), await t.record(), await t.record()];
    const theirs = await t.record({ shop: other });
    expect(await t.worker.processShop(SHOP, 60_000)).toEqual({ handled: 3, more: false });
    expect(t.calls.map((e) => e.id).sort()).toEqual(mine.map((e) => e.id).sort());
    expect((await t.inbox.get(other, theirs.id))?.status).toBe("PENDING");
    // Nothing left of the shop: an empty turn.
    expect(await t.worker.processShop(SHOP, 60_000)).toEqual({ handled: 0, more: false });
  });

  it("a shop's turn past its time leaves the rest for the next turn", async () => {
    const t = setup(async () => undefined, { settings: { batchSize: 2 } });
    for (let i = 0; i < 5; i++) await t.record();
    // No time at all: one full batch, then the turn ends with more to do.
    expect(await t.worker.processShop(SHOP, 0)).toEqual({ handled: 2, more: true });
    expect(await t.worker.processShop(SHOP, 60_000)).toEqual({ handled: 3, more: false });
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

/**
 * A handler whose calls are held until the test finishes or fails them; it records starts and ends in order and the
 * most calls it saw in flight at once. Rows are named by their webhookId.
 */
function gatedHandler() {
  const log: string[] = [];
  const held = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  let maxInFlight = 0;
  const settle = (name: string, outcome: "end" | "fail") => {
    const call = held.get(name);
    if (!call) throw new Error(`${name} is not running (running: ${[...held.keys()].join(", ")})`);
    held.delete(name);
    log.push(`${outcome} ${name}`);
    return call;
  };
  return {
    log,
    /** Names of the rows in the handler now, in start order. */
    running: () => [...held.keys()],
    maxInFlight: () => maxInFlight,
    handle: ((event: InboxEvent) => {
      log.push(`start ${event.webhookId}`);
      return new Promise<void>((resolve, reject) => {
        held.set(event.webhookId, { resolve, reject });
        maxInFlight = Math.max(maxInFlight, held.size);
      });
    }) as WebhookHandler["handle"],
    finish: (name: string) => settle(name, "end").resolve(),
    fail: (name: string) => settle(name, "fail").reject(new Error(`${name} failed`)),
  };
}

/** Lets the worker react (memory storage and handlers settle on microtasks). */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("inbox worker, rows handled at the same time", () => {
  const OTHER_SHOP: ShopDomain = "shop-b.myshopify.com";
  const ORDER_1 = "gid://shopify/Order/1";
  const ORDER_2 = "gid://shopify/Order/2";
  const ITEM_3 = "gid://shopify/InventoryItem/3";

  function parallelSetup(concurrency = 4) {
    const gate = gatedHandler();
    const t = setup(gate.handle, { settings: { concurrency, pollIntervalMs: 60_000 } });
    const row = (name: string, resourceId: string | null, shop = SHOP) =>
      t.record({ webhookId: name, resourceId, shop });
    return { ...t, gate, row };
  }

  it("runs rows of one shop and resource one after another, in claim order", async () => {
    const t = parallelSetup();
    await t.row("o1-a", ORDER_1);
    await t.row("o2-a", ORDER_2);
    await t.row("o1-b", ORDER_1);
    await t.row("o1-c", ORDER_1);
    const draining = t.worker.drain();
    await tick();
    expect(t.gate.running()).toEqual(["o1-a", "o2-a"]);
    t.gate.finish("o2-a");
    await tick();
    expect(t.gate.running()).toEqual(["o1-a"]);
    t.gate.finish("o1-a");
    await tick();
    expect(t.gate.running()).toEqual(["o1-b"]);
    t.gate.finish("o1-b");
    await tick();
    t.gate.finish("o1-c");
    expect(await draining).toBe(4);
    expect(t.gate.log.filter((l) => l.includes("o1-"))).toEqual([
      "start o1-a",
      "end o1-a",
      "start o1-b",
      "end o1-b",
      "start o1-c",
      "end o1-c",
    ]);
  });

  it("runs rows about different resources of one shop at the same time, up to `concurrency`", async () => {
    const t = parallelSetup(3);
    const rows = [
      await t.row("o1", ORDER_1),
      await t.row("o2", ORDER_2),
      await t.row("i3", ITEM_3),
      await t.row("o4", "gid://shopify/Order/4"),
    ];
    const draining = t.worker.drain();
    await tick();
    expect(t.gate.running()).toEqual(["o1", "o2", "i3"]);
    t.gate.finish("o2");
    await tick();
    expect(t.gate.running()).toEqual(["o1", "i3", "o4"]);
    for (const name of ["i3", "o4", "o1"]) t.gate.finish(name);
    expect(await draining).toBe(4);
    expect(t.gate.maxInFlight()).toBe(3);
    for (const e of rows) expect((await t.inbox.get(SHOP, e.id))?.status).toBe("PROCESSED");
  });

  it("runs a row without a resource alone in its shop, after the earlier rows and before the later ones", async () => {
    const t = parallelSetup();
    await t.row("o1-a", ORDER_1);
    await t.row("o2-a", ORDER_2);
    await t.row("uninstalled", null);
    await t.row("o1-b", ORDER_1);
    await t.row("i3", ITEM_3);
    await t.row("other-shop", ORDER_1, OTHER_SHOP);
    const draining = t.worker.drain();
    await tick();
    expect(t.gate.running()).toEqual(["o1-a", "o2-a", "other-shop"]);
    t.gate.finish("o1-a");
    await tick();
    expect(t.gate.running()).toEqual(["o2-a", "other-shop"]);
    t.gate.finish("o2-a");
    await tick();
    expect(t.gate.running()).toEqual(["other-shop", "uninstalled"]);
    t.gate.finish("uninstalled");
    await tick();
    expect(t.gate.running()).toEqual(["other-shop", "o1-b", "i3"]);
    for (const name of ["o1-b", "i3", "other-shop"]) t.gate.finish(name);
    expect(await draining).toBe(6);
  });

  it("runs rows of different shops at the same time, rows without a resource included", async () => {
    const t = parallelSetup();
    await t.row("a-redact", null);
    await t.row("b-redact", null, OTHER_SHOP);
    await t.row("a-o1", ORDER_1);
    await t.row("b-o1", ORDER_1, OTHER_SHOP);
    const draining = t.worker.drain();
    await tick();
    expect(t.gate.running()).toEqual(["a-redact", "b-redact"]);
    t.gate.finish("a-redact");
    await tick();
    expect(t.gate.running()).toEqual(["b-redact", "a-o1"]);
    t.gate.finish("b-redact");
    await tick();
    expect(t.gate.running()).toEqual(["a-o1", "b-o1"]);
    t.gate.finish("a-o1");
    t.gate.finish("b-o1");
    expect(await draining).toBe(4);
  });

  it("with concurrency 1, handles the rows one by one in claim order", async () => {
    const t = parallelSetup(1);
    const names = ["o1", "o2", "none", "other-shop", "i3"];
    await t.row("o1", ORDER_1);
    await t.row("o2", ORDER_2);
    await t.row("none", null);
    await t.row("other-shop", ORDER_2, OTHER_SHOP);
    await t.row("i3", ITEM_3);
    const draining = t.worker.drain();
    for (const name of names) {
      await tick();
      expect(t.gate.running()).toEqual([name]);
      t.gate.finish(name);
    }
    expect(await draining).toBe(5);
    expect(t.gate.log).toEqual(names.flatMap((n) => [`start ${n}`, `end ${n}`]));
  });

  it("does not hold the other rows back for a failing one, which is retried with backoff", async () => {
    const t = parallelSetup();
    const failing = await t.row("o1-a", ORDER_1);
    const next = await t.row("o1-b", ORDER_1);
    const other = await t.row("o2", ORDER_2);
    const draining = t.worker.drain();
    await tick();
    expect(t.gate.running()).toEqual(["o1-a", "o2"]);
    t.gate.fail("o1-a");
    await tick();
    expect(t.gate.running()).toEqual(["o2", "o1-b"]);
    t.gate.finish("o1-b");
    t.gate.finish("o2");
    expect(await draining).toBe(3);
    expect(await t.inbox.get(SHOP, failing.id)).toMatchObject({
      status: "PENDING",
      attempts: 1,
      lastError: "Error: o1-a failed",
      nextAttemptAt: new Date(t.now().getTime() + 1_000),
    });
    for (const e of [next, other]) expect((await t.inbox.get(SHOP, e.id))?.status).toBe("PROCESSED");

    t.advance(1_000);
    const retrying = t.worker.drain();
    await tick();
    t.gate.finish("o1-a");
    expect(await retrying).toBe(1);
    expect(await t.inbox.get(SHOP, failing.id)).toMatchObject({ status: "PROCESSED", attempts: 2 });
  });

  it("drain() waits for every row in flight", async () => {
    const t = parallelSetup();
    await t.row("o1", ORDER_1);
    await t.row("o2", ORDER_2);
    let drained = false;
    const draining = t.worker.drain().then((n) => ((drained = true), n));
    await tick();
    t.gate.finish("o2");
    await tick();
    expect(drained).toBe(false);
    t.gate.finish("o1");
    expect(await draining).toBe(2);
  });

  it("stop() waits for every row in flight", async () => {
    const t = parallelSetup();
    const rows = [await t.row("o1", ORDER_1), await t.row("o2", ORDER_2)];
    t.worker.start();
    await expect.poll(() => t.gate.running()).toEqual(["o1", "o2"]);
    let stopped = false;
    const stopping = t.worker.stop().then(() => (stopped = true));
    t.gate.finish("o1");
    await tick();
    expect(stopped).toBe(false);
    t.gate.finish("o2");
    await stopping;
    for (const e of rows) expect((await t.inbox.get(SHOP, e.id))?.status).toBe("PROCESSED");
  });

  it("contains a handler that throws synchronously while other rows run", async () => {
    const gate = gatedHandler();
    const t = setup((event, payload) => {
      if (event.webhookId === "crash") throw new TypeError("x is undefined");
      return gate.handle(event, payload);
    });
    const crash = await t.record({ webhookId: "crash", resourceId: ORDER_1 });
    const after = await t.record({ webhookId: "o1-after", resourceId: ORDER_1 });
    const other = await t.record({ webhookId: "o2", resourceId: ORDER_2 });
    const draining = t.worker.drain();
    await tick();
    expect(gate.running()).toEqual(["o2", "o1-after"]);
    gate.finish("o1-after");
    gate.finish("o2");
    expect(await draining).toBe(3);
    expect(await t.inbox.get(SHOP, crash.id)).toMatchObject({
      status: "PENDING",
      attempts: 1,
      lastError: "TypeError: x is undefined",
    });
    for (const e of [after, other]) expect((await t.inbox.get(SHOP, e.id))?.status).toBe("PROCESSED");
  });
});

describe("inbox worker, rows of a lane handed over together", () => {
  function laneSetup(options: { batching?: boolean; failing?: ReadonlySet<string> } = {}) {
    const clock = { now: () => new Date(Date.UTC(2026, 10, 24, 8, 0, 0)) };
    const repos = createMemoryRepositories({ clock });
    const batches: string[][] = [];
    const alone: string[] = [];
    /** Every row as it is handled, in a lane or alone. */
    const handled: string[] = [];
    const lane: WebhookLane<string> = {
      async handleAll(_shop, items) {
        batches.push(items);
        handled.push(...items);
        return items.map((item) => (options.failing?.has(item) ? new Error(`${item} failed`) : null));
      },
    };
    const laneHandler: WebhookHandler<{ id: number }> = {
      identify: () => ({ resourceId: null, customerId: null }),
      parse: (payload) => z.object({ id: z.number() }).parse(payload),
      handle: async (event) => void alone.push(event.webhookId),
      lane: { lane: lane as WebhookLane, item: (event) => event.webhookId },
    };
    const handlers = {
      "orders/create": laneHandler,
      "inventory_levels/update": laneHandler,
      "products/update": {
        identify: () => ({ resourceId: null, customerId: null }),
        handle: async (event: InboxEvent) => {
          alone.push(event.webhookId);
          handled.push(event.webhookId);
        },
        snapshot: true,
      },
    } as Record<string, WebhookHandler>;
    const worker = createInboxWorker({
      inbox: repos.inbox,
      handlers,
      clock,
      logger: createMemoryLogger(),
      settings: { ...SETTINGS, batchSize: 50, batching: options.batching ?? true },
      random: () => 0,
    });
    let n = 0;
    const record = async (shop: ShopDomain, topic: string, webhookId: string, resourceId: string | null) =>
      (
        await repos.inbox.record({
          shop,
          webhookId,
          eventId: null,
          topic,
          apiVersion: "2026-07",
          triggeredAt: null,
          payload: `{"id":${++n}}`,
          resourceId,
          customerId: null,
        })
      ).event;
    return { inbox: repos.inbox, worker, batches, alone, handled, record };
  }

  it("gives a shop's lane rows to the lane at once, in claim order, shop by shop", async () => {
    const t = laneSetup();
    await t.record(SHOP, "orders/create", "o1", "gid://shopify/Order/1");
    await t.record(SHOP, "inventory_levels/update", "l1", "gid://shopify/InventoryItem/1");
    await t.record("shop-b.myshopify.com", "orders/create", "b1", "gid://shopify/Order/1");
    await t.record(SHOP, "inventory_levels/update", "l2", "gid://shopify/InventoryItem/1");
    await t.record(SHOP, "orders/create", "o2", "gid://shopify/Order/2");
    expect(await t.worker.drain()).toBe(5);
    expect(t.batches.sort()).toEqual([["b1"], ["o1", "l1", "l2", "o2"]]);
    expect(t.alone).toEqual([]);
  });

  it("ends a shop's lane unit at a row without a resource, which runs between the two units", async () => {
    const t = laneSetup();
    await t.record(SHOP, "orders/create", "o1", "gid://shopify/Order/1");
    await t.record(SHOP, "products/update", "p1", null);
    await t.record(SHOP, "orders/create", "o2", "gid://shopify/Order/2");
    await t.worker.drain();
    expect(t.batches).toEqual([["o1"], ["o2"]]);
    expect(t.alone).toEqual(["p1"]);
  });

  it("keeps a lane's unit across a row about another resource, and ends it at a row it must follow", async () => {
    const t = laneSetup();
    const order1 = "gid://shopify/Order/1";
    await t.record(SHOP, "orders/create", "o1", order1);
    // Not of the lane, about order 1 (its unit runs after o1's, and before o1 again).
    await t.record(SHOP, "products/update", "x1", order1);
    await t.record(SHOP, "orders/create", "o2", "gid://shopify/Order/2");
    await t.record(SHOP, "orders/create", "o1-again", order1);
    await t.record(SHOP, "orders/create", "o3", "gid://shopify/Order/3");
    await t.worker.drain();
    expect(t.batches).toEqual([
      ["o1", "o2"],
      ["o1-again", "o3"],
    ]);
    expect(t.handled).toEqual(["o1", "o2", "x1", "o1-again", "o3"]);
  });

  it("settles each row with its own outcome: a failed one is retried, the others are processed", async () => {
    const t = laneSetup({ failing: new Set(["o2"]) });
    const rows = [
      await t.record(SHOP, "orders/create", "o1", "gid://shopify/Order/1"),
      await t.record(SHOP, "orders/create", "o2", "gid://shopify/Order/2"),
      await t.record(SHOP, "orders/create", "o3", "gid://shopify/Order/3"),
    ];
    await t.worker.drain();
    const statuses = await Promise.all(rows.map(async (r) => (await t.inbox.get(SHOP, r.id))?.status));
    expect(statuses).toEqual(["PROCESSED", "PENDING", "PROCESSED"]);
    expect((await t.inbox.get(SHOP, rows[1]!.id))?.lastError).toContain("o2 failed");
  });

  it("settles a lane row whose payload customers/redact erased as processed, without handing it to the lane", async () => {
    const t = laneSetup();
    const kept = await t.record(SHOP, "orders/create", "kept", "gid://shopify/Order/1");
    const erased = await t.inbox.record({
      shop: SHOP,
      webhookId: "erased",
      eventId: null,
      topic: "orders/create",
      apiVersion: "2026-07",
      triggeredAt: null,
      payload: '{"id":99}',
      resourceId: "gid://shopify/Order/2",
      customerId: "gid://shopify/Customer/7",
    });
    await t.inbox.redactCustomer(SHOP, "gid://shopify/Customer/7", []);
    await t.worker.drain();
    expect(t.handled).toEqual(["kept"]);
    for (const id of [kept.id, erased.event.id])
      expect(await t.inbox.get(SHOP, id)).toMatchObject({ status: "PROCESSED", lastError: null });
  });

  it("dead-letters a row whose payload does not fit, without handing it to the lane", async () => {
    const t = laneSetup();
    const good = await t.record(SHOP, "orders/create", "o1", "gid://shopify/Order/1");
    const bad = (
      await t.inbox.record({
        shop: SHOP,
        webhookId: "bad",
        eventId: null,
        topic: "orders/create",
        apiVersion: "2026-07",
        triggeredAt: null,
        payload: '{"id":"not a number"}',
        resourceId: "gid://shopify/Order/9",
        customerId: null,
      })
    ).event;
    await t.worker.drain();
    expect(t.batches).toEqual([["o1"]]);
    expect((await t.inbox.get(SHOP, good.id))?.status).toBe("PROCESSED");
    expect((await t.inbox.get(SHOP, bad.id))?.status).toBe("DEAD");
  });

  it("handles only the newest of a batch's snapshot rows about one product, in the place of the last", async () => {
    const t = laneSetup();
    const product = "gid://shopify/Product/1";
    const rows = [
      await t.record(SHOP, "products/update", "p1", product),
      await t.record(SHOP, "orders/create", "o1", "gid://shopify/Order/1"),
      await t.record(SHOP, "products/update", "p2", product),
      await t.record(SHOP, "orders/create", "o2", "gid://shopify/Order/2"),
      await t.record(SHOP, "products/update", "p3", product),
      await t.record(SHOP, "orders/create", "o3", "gid://shopify/Order/3"),
    ];
    expect(await t.worker.drain()).toBe(6);
    expect(t.alone).toEqual(["p3"]);
    // The superseded rows no longer split the lane's unit, nor does the kept one (another resource).
    expect(t.batches).toEqual([["o1", "o2", "o3"]]);
    const statuses = await Promise.all(rows.map(async (r) => (await t.inbox.get(SHOP, r.id))?.status));
    expect(statuses).toEqual(Array(6).fill("PROCESSED"));
  });

  it("with batching off, hands every row to its handler alone", async () => {
    const t = laneSetup({ batching: false });
    await t.record(SHOP, "orders/create", "o1", "gid://shopify/Order/1");
    await t.record(SHOP, "orders/create", "o2", "gid://shopify/Order/2");
    await t.record(SHOP, "products/update", "p1", "gid://shopify/Product/1");
    await t.record(SHOP, "products/update", "p2", "gid://shopify/Product/1");
    await t.worker.drain();
    expect(t.batches).toEqual([]);
    expect(t.alone.sort()).toEqual(["o1", "o2", "p1", "p2"]);
  });
});
