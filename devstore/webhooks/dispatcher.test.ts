import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startReceiver, waitFor } from "../../test/devstore/support/receiver.js";
import { FaultController } from "./faults.js";
import {
  shopifyTimestamp,
  WebhookDispatcher,
  type DispatcherOptions,
  type WebhookEvent,
} from "./dispatcher.js";

const SHOP = "demo.myshopify.com";
const SECRET = "app-secret";
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

let eventCounter = 0;
function event(topic = "orders/create", extra: Partial<WebhookEvent> = {}): WebhookEvent {
  eventCounter++;
  return {
    shop: SHOP,
    topic,
    payload: { id: eventCounter, note: "ünïcödé" },
    triggeredAt: new Date("2026-03-01T10:00:00.123Z"),
    eventId: `event-${eventCounter}`,
    ...extra,
  };
}

async function setup(
  opts: Partial<DispatcherOptions> & {
    status?: (i: number) => number | { status: number; delayMs: number };
  } = {},
) {
  const receiver = await startReceiver((_h, i) => opts.status?.(i) ?? 200);
  const faults = opts.faults ?? new FaultController(7);
  const dispatcher = new WebhookDispatcher({
    apps: [
      {
        apiKey: "app",
        apiSecret: SECRET,
        apiVersion: "2026-07",
        subscriptions: [
          { topics: ["orders/create", "app/uninstalled"], url: `${receiver.url}/webhooks` },
          { topics: ["orders/create"], url: `${receiver.url}/second`, name: "second-sub" },
        ],
      },
    ],
    faults,
    isInstalled: () => true,
    backoffScale: 0.0001,
    ...opts,
  });
  cleanup.push(
    () => dispatcher.close(),
    () => receiver.close(),
  );
  return { receiver, dispatcher, faults };
}

describe("WebhookDispatcher", () => {
  it("sends one signed delivery per subscription naming the topic, with Shopify's headers", async () => {
    const { receiver, dispatcher } = await setup();
    const e = event();
    dispatcher.handle(e);
    await dispatcher.idle();

    expect(receiver.received.map((r) => r.path).sort()).toEqual(["/second", "/webhooks"]);
    const [a, b] = receiver.received;
    for (const hook of [a!, b!]) {
      expect(hook.rawBody.toString("utf8")).toBe(JSON.stringify(e.payload));
      expect(hook.headers["x-shopify-hmac-sha256"]).toBe(
        createHmac("sha256", SECRET).update(hook.rawBody).digest("base64"),
      );
      expect(hook.headers).toMatchObject({
        "content-type": "application/json",
        "x-shopify-topic": "orders/create",
        "x-shopify-shop-domain": SHOP,
        "x-shopify-api-version": "2026-07",
        "x-shopify-event-id": e.eventId,
        "x-shopify-triggered-at": "2026-03-01T10:00:00.123000Z",
      });
    }
    expect(a!.headers["x-shopify-webhook-id"]).not.toBe(b!.headers["x-shopify-webhook-id"]);
    expect(receiver.received.find((r) => r.path === "/second")!.headers["x-shopify-name"]).toBe("second-sub");
    expect(dispatcher.deliveries().map((d) => d.state)).toEqual(["delivered", "delivered"]);
  });

  it("reads the log filtered by shop, topic and state, the newest `limit` of them, as copies", async () => {
    const { dispatcher } = await setup({ status: (i) => (i === 0 ? 500 : 200), maxRetries: 0 });
    dispatcher.handle(event("app/uninstalled", { apiKey: "app" }));
    dispatcher.handle(event("orders/create"));
    dispatcher.handle(event("orders/create", { shop: "other.myshopify.com" }));
    await dispatcher.idle();
    const keys = (filter: Parameters<WebhookDispatcher["deliveries"]>[0]) =>
      dispatcher.deliveries(filter).map((d) => `${d.shop}|${d.topic}|${d.url.split("/").pop()}|${d.state}`);

    expect(keys({ state: "failed" })).toEqual([`${SHOP}|app/uninstalled|webhooks|failed`]);
    expect(keys({ shop: SHOP, topic: "orders/create" })).toEqual([
      `${SHOP}|orders/create|webhooks|delivered`,
      `${SHOP}|orders/create|second|delivered`,
    ]);
    expect(keys({ topic: "orders/create", limit: 3 })).toEqual([
      `${SHOP}|orders/create|second|delivered`,
      "other.myshopify.com|orders/create|webhooks|delivered",
      "other.myshopify.com|orders/create|second|delivered",
    ]);
    expect(keys({ state: "pending" })).toEqual([]);
    expect(dispatcher.deliveries()).toHaveLength(5);
    dispatcher.deliveries({ state: "failed" })[0]!.attempts.pop();
    expect(dispatcher.deliveries({ state: "failed" })[0]!.attempts).toHaveLength(1);
  });

  it("sends nothing for shops the app is not installed on, but always sends an event addressed to the app", async () => {
    const { receiver, dispatcher } = await setup({ isInstalled: () => false });
    dispatcher.handle(event("orders/create"));
    dispatcher.handle(event("app/uninstalled", { apiKey: "app" }));
    dispatcher.handle(event("app/uninstalled", { apiKey: "another-app" }));
    await dispatcher.idle();
    expect(receiver.received.map((r) => r.headers["x-shopify-topic"])).toEqual(["app/uninstalled"]);
  });

  it("retries a failed delivery with the same body, webhook id and trigger time until it succeeds", async () => {
    const { receiver, dispatcher } = await setup({ status: (i) => (i < 2 ? 500 : 200) });
    dispatcher.handle(event("app/uninstalled", { apiKey: "app" }));
    await dispatcher.idle();

    expect(receiver.received).toHaveLength(3);
    const [first, ...rest] = receiver.received;
    for (const retry of rest) {
      expect(retry.rawBody.equals(first!.rawBody)).toBe(true);
      expect(retry.headers["x-shopify-webhook-id"]).toBe(first!.headers["x-shopify-webhook-id"]);
      expect(retry.headers["x-shopify-triggered-at"]).toBe(first!.headers["x-shopify-triggered-at"]);
      expect(retry.headers["x-shopify-hmac-sha256"]).toBe(first!.headers["x-shopify-hmac-sha256"]);
    }
    const [record] = dispatcher.deliveries();
    expect(record!.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(record!.state).toBe("delivered");
  });

  it("waits exponentially longer before each retry", async () => {
    const { receiver, dispatcher } = await setup({ status: (i) => (i < 3 ? 503 : 200), backoffScale: 0.001 });
    dispatcher.handle(event("app/uninstalled", { apiKey: "app" }));
    await dispatcher.idle();
    const gaps = receiver.received.slice(1).map((r, i) => r.receivedAt - receiver.received[i]!.receivedAt);
    // 60 s, 120 s, 240 s scaled by 1/1000.
    expect(gaps[0]).toBeGreaterThanOrEqual(59);
    expect(gaps[1]).toBeGreaterThanOrEqual(119);
    expect(gaps[2]).toBeGreaterThanOrEqual(239);
  });

  it("spreads the retries of deliveries that failed together (jitter: no herd)", async () => {
    const { dispatcher } = await setup({ status: (i) => (i < 20 ? 503 : 200), backoffScale: 1 });
    for (let i = 0; i < 20; i++) dispatcher.handle(event("app/uninstalled", { apiKey: "app" }));
    await waitFor(
      () =>
        dispatcher.deliveries().length === 20 &&
        dispatcher.deliveries().every((d) => d.nextAttemptAt !== null),
    );
    const due = dispatcher.deliveries().map((d) => Date.parse(d.nextAttemptAt!));
    const first = Math.min(...due);
    // 60 s after the failure, plus up to 30 s: spread over more than 10 s, none before 60 s.
    expect(new Set(due).size).toBe(20);
    expect(Math.max(...due) - first).toBeGreaterThan(10_000);
    for (const d of dispatcher.deliveries()) {
      const failedAt = Date.parse(d.attempts[0]!.at);
      expect(Date.parse(d.nextAttemptAt!) - failedAt).toBeGreaterThanOrEqual(60_000);
      expect(Date.parse(d.nextAttemptAt!) - failedAt).toBeLessThanOrEqual(90_000 + 1_000);
    }
  });

  it("gives up after 8 retries (9 attempts) and marks the delivery failed", async () => {
    const { receiver, dispatcher } = await setup({ status: () => 500, backoffScale: 0.00001 });
    dispatcher.handle(event("app/uninstalled", { apiKey: "app" }));
    await dispatcher.idle();
    expect(receiver.received).toHaveLength(9);
    expect(dispatcher.deliveries()[0]).toMatchObject({ state: "failed", nextAttemptAt: null });
  });

  it("treats a redirect as a failure", async () => {
    const { dispatcher } = await setup({ status: (i) => (i === 0 ? 302 : 200) });
    dispatcher.handle(event("app/uninstalled", { apiKey: "app" }));
    await dispatcher.idle();
    expect(dispatcher.deliveries()[0]!.attempts.map((a) => a.status)).toEqual([302, 200]);
  });

  it("counts an answer slower than the timeout as a failed attempt and retries", async () => {
    const { dispatcher } = await setup({
      status: (i) => (i === 0 ? { status: 200, delayMs: 300 } : 200),
      timeoutMs: 50,
    });
    dispatcher.handle(event("app/uninstalled", { apiKey: "app" }));
    await dispatcher.idle();
    const attempts = dispatcher.deliveries()[0]!.attempts;
    expect(attempts[0]).toMatchObject({ status: null, error: "timeout after 50 ms" });
    expect(attempts[1]!.status).toBe(200);
  });

  it("records a connection failure and retries", async () => {
    const { dispatcher, receiver } = await setup({ maxRetries: 1 });
    await receiver.close();
    dispatcher.handle(event("app/uninstalled", { apiKey: "app" }));
    await dispatcher.idle();
    const [record] = dispatcher.deliveries();
    expect(record!.state).toBe("failed");
    expect(record!.attempts).toHaveLength(2);
    expect(record!.attempts[0]!.error).toMatch(/ECONNREFUSED/);
  });
});

describe("WebhookDispatcher faults", () => {
  it("drops every delivery at drop = 1 and logs them as dropped", async () => {
    const faults = new FaultController(1);
    faults.configure({ drop: 1 });
    const { receiver, dispatcher } = await setup({ faults });
    dispatcher.handle(event());
    await dispatcher.idle();
    expect(receiver.received).toHaveLength(0);
    expect(dispatcher.deliveries().map((d) => d.state)).toEqual(["dropped", "dropped"]);
  });

  it("sends every delivery twice at duplicate = 1, with the same webhook id and body", async () => {
    const faults = new FaultController(1);
    faults.configure({ duplicate: 1 });
    const { receiver, dispatcher } = await setup({ faults });
    dispatcher.handle(event("app/uninstalled", { apiKey: "app" }));
    await dispatcher.idle();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.headers["x-shopify-webhook-id"]).toBe(
      receiver.received[1]!.headers["x-shopify-webhook-id"],
    );
    expect(receiver.received[0]!.rawBody.equals(receiver.received[1]!.rawBody)).toBe(true);
    expect(dispatcher.deliveries().map((d) => d.duplicate)).toEqual([false, true]);
  });

  it("applies fractions deterministically for a seed, and only to the chosen topics", async () => {
    const run = async (seed: number) => {
      const faults = new FaultController(seed);
      faults.configure({ drop: 0.5, topics: ["orders/create"] });
      const { dispatcher } = await setup({ faults });
      for (let i = 0; i < 20; i++) dispatcher.handle(event("orders/create"));
      dispatcher.handle(event("app/uninstalled", { apiKey: "app" }));
      await dispatcher.idle();
      return dispatcher.deliveries().map((d) => `${d.topic}:${d.state}`);
    };
    const a = await run(42);
    expect(a).toEqual(await run(42));
    const dropped = a.filter((s) => s === "orders/create:dropped").length;
    expect(dropped).toBeGreaterThan(5);
    expect(dropped).toBeLessThan(35);
    expect(a.at(-1)).toBe("app/uninstalled:delivered");
  });

  it("holds a window of deliveries and releases them shuffled", async () => {
    const faults = new FaultController(3);
    faults.configure({ reorderWindow: 6 });
    const { receiver, dispatcher } = await setup({ faults });
    const sent: number[] = [];
    for (let i = 0; i < 6; i++) {
      const e = event("app/uninstalled", { apiKey: "app" });
      sent.push(e.payload.id as number);
      dispatcher.handle(e);
    }
    await dispatcher.idle();
    const order = receiver.received.map((r) => JSON.parse(r.rawBody.toString()).id as number);
    expect([...order].sort((x, y) => x - y)).toEqual(sent);
    expect(order).not.toEqual(sent);
  });

  it("releases a partly filled reorder window after reorderMaxHoldMs", async () => {
    const faults = new FaultController(3);
    faults.configure({ reorderWindow: 10, reorderMaxHoldMs: 30 });
    const { receiver, dispatcher } = await setup({ faults });
    dispatcher.handle(event("app/uninstalled", { apiKey: "app" }));
    await waitFor(() => receiver.received.length === 1, 2000, "the held delivery");
    await dispatcher.idle();
  });

  it("delays the first attempt by delayMs", async () => {
    const faults = new FaultController(3);
    faults.configure({ delayMs: 80 });
    const { receiver, dispatcher } = await setup({ faults });
    const started = Date.now();
    dispatcher.handle(event("app/uninstalled", { apiKey: "app" }));
    await dispatcher.idle();
    expect(receiver.received[0]!.receivedAt - started).toBeGreaterThanOrEqual(75);
  });
});

describe("shopifyTimestamp", () => {
  it("writes microseconds like X-Shopify-Triggered-At", () => {
    expect(shopifyTimestamp(new Date("2025-07-10T16:15:47Z"))).toBe("2025-07-10T16:15:47.000000Z");
  });
});
