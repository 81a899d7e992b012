import { describe, expect, it } from "vitest";
import { MemoryBackorderRepository } from "../../../web/server/adapters/memory/backorder-repository.js";
import { createMemoryLogger } from "../../../web/server/adapters/logger.js";
import { DEFAULT_SHOP_SETTINGS, type ShopDomain } from "../../../web/server/use-cases/ports.js";
import { createBackorderEngine } from "../../../web/server/use-cases/backorder/index.js";
import type { BackorderRepository } from "../../../web/server/use-cases/backorder/ports.js";
import {
  ENGINE_SHOP as SHOP,
  T,
  engineLevel as level,
  engineOrder as order,
  fakeBackorderShopify,
  heldUnitsOnShopify,
  itemGid as item,
  placeOnShopify,
  variantGid as variant,
} from "../../support/backorder-fakes.js";

/** The repository with every call counted by method name. */
function counted(repository: BackorderRepository): { repo: BackorderRepository; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const repo = new Proxy(repository, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== "function" || typeof key !== "string") return value;
      return (...args: unknown[]) => {
        calls.set(key, (calls.get(key) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { repo, calls };
}

async function setup(failWrites: ReadonlySet<string> = new Set()) {
  const memory = new MemoryBackorderRepository({ now: () => T(30) });
  const { repo, calls: repoCalls } = counted(memory);
  const fake = fakeBackorderShopify({ failWrites });
  const reads = { settings: 0, sessions: 0, etas: [] as string[][] };
  let depth = 0;
  const engine = createBackorderEngine({
    repository: repo,
    shopify: fake.shopify,
    shops: {
      get: async () => {
        reads.settings++;
        return { settings: DEFAULT_SHOP_SETTINGS } as never;
      },
    },
    clock: { now: () => T(30) },
    logger: createMemoryLogger(),
    // The writer job runs the writes: here the test does, when it says.
    onWritesQueued: () => {},
    lineEtas: async (_shop, ids) => {
      reads.etas.push(ids);
      return new Map();
    },
    // A batch inside a batch is part of it (adapters/shopify/session-scope.ts): the outermost reads the session.
    sessionScope: async <R>(_shop: ShopDomain, task: () => Promise<R>) => {
      if (depth === 0) reads.sessions++;
      depth++;
      try {
        return await task();
      } finally {
        depth--;
      }
    },
  });
  await memory.upsertVariants(SHOP, [
    {
      variantId: variant(1),
      productId: "gid://shopify/Product/1",
      inventoryItemId: item(1),
      sku: null,
      tracked: true,
      inventoryPolicy: "CONTINUE",
      asOf: T(0),
    },
  ]);
  await engine.applyInventoryLevel(SHOP, level(1, 0, 0), "l0");
  const orders = [1, 2, 3].map((n) => order(n, n, [[n * 10 + 1, 1, 1]]));
  for (const o of orders) {
    placeOnShopify(fake, o);
    await engine.ingestOrder(SHOP, o, `w${n(o.orderId)}`);
  }
  await engine.applyInventoryLevel(SHOP, level(1, -3, 4), "l1");
  // The three orders' rows and their variant's (no availability handler here: dropped as done).
  expect((await memory.pendingWrites(SHOP)).map((w) => w.kind)).toEqual([
    "variant",
    "order",
    "order",
    "order",
  ]);
  repoCalls.clear();
  Object.assign(reads, { settings: 0, sessions: 0, etas: [] });
  return { memory, repoCalls, engine, reads, placed: orders, ...fake };
}

const n = (gid: string) => gid.split("/").pop();

describe("a write round's order syncs", () => {
  it("read the round's orders, lines and promises once, the session and settings once, and record once", async () => {
    const s = await setup();
    expect(await s.engine.runWrites(SHOP)).toEqual({ done: 4, failed: 0, more: false });
    // The Admin calls stay one read and one write per order (the orders' calls run at once: their order interleaves).
    expect([...s.calls].sort()).toEqual(["read", "read", "read", "write", "write", "write"]);
    expect(Object.fromEntries(s.repoCalls)).toEqual({
      claimWrites: 2, // the claim, then the one that finds nothing left
      getOrders: 2, // before the writes, and to record them
      linesOfOrders: 2,
      markTouched: 1,
      recordSyncs: 1,
      finishWrites: 1,
    });
    expect(s.reads.etas).toEqual([s.placed.map((o) => o.lines[0]!.lineItemId)]);
    expect(s.reads).toMatchObject({ settings: 1, sessions: 1 });
    for (const o of s.placed) {
      expect(heldUnitsOnShopify(s, o.orderId)).toBe(1);
      expect(await s.memory.getOrder(SHOP, o.orderId)).toMatchObject({
        needsSync: false,
        shopifyTouched: true,
        holds: [{ lines: [{ lineItemId: o.lines[0]!.lineItemId, quantity: 1 }] }],
      });
    }
    // Marking the orders touched queued nothing: the round left no row behind to sync again.
    expect(await s.memory.pendingWrites(SHOP)).toEqual([]);
  });

  it("leave an order whose write failed unrecorded and queued; the others of the round are recorded", async () => {
    const s = await setup(new Set([order(2, 2, []).orderId]));
    expect(await s.engine.runWrites(SHOP)).toEqual({ done: 3, failed: 1, more: false });
    const [a, b, c] = s.placed;
    for (const o of [a!, c!])
      expect(await s.memory.getOrder(SHOP, o.orderId)).toMatchObject({ needsSync: false });
    // Its record claims no hold: none was written.
    expect(await s.memory.getOrder(SHOP, b!.orderId)).toMatchObject({
      needsSync: true,
      shopifyTouched: true,
      holds: [],
    });
    expect((await s.memory.pendingWrites(SHOP)).map((w) => [w.targetId, w.attempts])).toEqual([
      [b!.orderId, 1],
    ]);
  });
});
