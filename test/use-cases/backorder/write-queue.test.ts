import { describe, expect, it } from "vitest";
import { MemoryBackorderRepository } from "../../../web/server/adapters/memory/backorder-repository.js";
import { createMemoryLogger } from "../../../web/server/adapters/logger.js";
import { ShopifyThrottledError } from "../../../web/server/errors.js";
import type { SyncResult } from "../../../web/server/use-cases/backorder/sync-order.js";
import { createWriteQueue } from "../../../web/server/use-cases/backorder/write-queue.js";

const SHOP = "shop-a.myshopify.com";
const order = (n: number) => `gid://shopify/Order/${n}`;
const variant = (n: number) => `gid://shopify/ProductVariant/${n}`;

function setup(
  options: {
    failOrders?: Map<string, Error>;
    /** Orders whose presence fails a batch of several orders as a whole (as a record that cannot be stored). */
    failBatchesWith?: string;
  } = {},
) {
  let nowMs = Date.UTC(2026, 11, 7, 8, 0, 0);
  const clock = { now: () => new Date(nowMs) };
  const repository = new MemoryBackorderRepository(clock);
  const calls: string[] = [];
  const batches: string[][] = [];
  const run = createWriteQueue({
    repository,
    syncOrders: async (_shop, orderIds) => {
      batches.push(orderIds);
      if (options.failBatchesWith && orderIds.includes(options.failBatchesWith))
        throw new Error(orderIds.length > 1 ? "the batch's record failed" : "this order cannot be recorded");
      const results = new Map<string, SyncResult>();
      for (const orderId of orderIds) {
        calls.push(`order ${orderId}`);
        const error = options.failOrders?.get(orderId);
        results.set(orderId, error ? { error } : { outcome: "synced" });
      }
      return results;
    },
    syncVariants: async (_shop, ids) => void calls.push(`variants ${ids.join(",")}`),
    clock,
    logger: createMemoryLogger(),
  });
  const queue = (writes: { kind: "order" | "variant"; targetId: string; urgency: number }[]) =>
    repository.saveDecision(SHOP, { orders: [], lines: [], history: [], writes });
  return { repository, calls, batches, run, queue, advance: (ms: number) => (nowMs += ms) };
}

describe("Shopify write queue", () => {
  it("writes a cap's variant flip first, then new holds, then tags and metafields; once per target", async () => {
    const s = setup();
    await s.queue([{ kind: "order", targetId: order(1), urgency: 2 }]);
    await s.queue([{ kind: "order", targetId: order(2), urgency: 1 }]);
    // Three changes to order 1 before its write: still one write.
    await s.queue([{ kind: "order", targetId: order(1), urgency: 2 }]);
    await s.queue([{ kind: "order", targetId: order(1), urgency: 2 }]);
    await s.queue([
      { kind: "variant", targetId: variant(7), urgency: 0 },
      { kind: "variant", targetId: variant(8), urgency: 0 },
    ]);

    const report = await s.run(SHOP);

    expect(s.calls).toEqual([
      `variants ${variant(7)},${variant(8)}`,
      `order ${order(2)}`,
      `order ${order(1)}`,
    ]);
    expect(report).toEqual({ done: 4, failed: 0, more: false });
    expect(await s.repository.pendingWrites(SHOP)).toEqual([]);
  });

  it("a failed write stays queued until its retry time; a throttled one waits what Shopify said", async () => {
    const s = setup({
      failOrders: new Map<string, Error>([
        [order(1), new Error("Shopify is down")],
        [order(2), new ShopifyThrottledError("throttled", 3_000)],
      ]),
    });
    await s.queue([
      { kind: "order", targetId: order(1), urgency: 2 },
      { kind: "order", targetId: order(2), urgency: 2 },
    ]);
    expect(await s.run(SHOP)).toMatchObject({ done: 0, failed: 2 });
    const pending = await s.repository.pendingWrites(SHOP);
    expect(pending.map((w) => [w.targetId, w.attempts, w.lastError?.slice(0, 20)])).toEqual([
      [order(1), 1, "Error: Shopify is do"],
      [order(2), 1, "ShopifyThrottledErro"],
    ]);
    // Nothing is due before the retry times: 1 s (first backoff) and 3 s (the throttle's wait).
    expect(await s.run(SHOP)).toMatchObject({ done: 0, failed: 0 });
    s.advance(1_500);
    s.calls.length = 0;
    await s.run(SHOP);
    expect(s.calls).toEqual([`order ${order(1)}`]);
  });

  it("syncs a claim's orders as one batch; a failed order is retried alone, the others are done", async () => {
    const s = setup({ failOrders: new Map([[order(2), new Error("Shopify is down for it")]]) });
    await s.queue([1, 2, 3].map((n) => ({ kind: "order" as const, targetId: order(n), urgency: 2 })));
    expect(await s.run(SHOP)).toEqual({ done: 2, failed: 1, more: false });
    expect(s.batches).toEqual([[order(1), order(2), order(3)]]);
    const pending = await s.repository.pendingWrites(SHOP);
    expect(pending.map((w) => [w.targetId, w.attempts])).toEqual([[order(2), 1]]);
  });

  it("a batch that fails as a whole is tried order by order, so one bad order holds no other back", async () => {
    const s = setup({ failBatchesWith: order(2) });
    await s.queue([1, 2, 3].map((n) => ({ kind: "order" as const, targetId: order(n), urgency: 2 })));
    expect(await s.run(SHOP)).toEqual({ done: 2, failed: 1, more: false });
    expect(s.batches).toEqual([[order(1), order(2), order(3)], [order(1)], [order(2)], [order(3)]]);
    const pending = await s.repository.pendingWrites(SHOP);
    expect(pending.map((w) => [w.targetId, w.lastError])).toEqual([
      [order(2), "Error: this order cannot be recorded"],
    ]);
  });
});
