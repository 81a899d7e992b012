/**
 * A flash sale's boundary line does not flip between in stock and backordered on every order. Shopify sends an order's
 * inventory_levels/update about when it sends the order, and either may come first. A level that arrives before the
 * order it counts makes the pool's supply a unit short (the order is not known yet), so the engine takes the last
 * in-stock unit back (the boundary line waits: the missing order might be an earlier one); the order then arrives and
 * hands the unit back. One by one, that is two history entries (and a line write, and an order to sync) per order
 * past the stock, all on one line: the 1,000-order flash sale benchmark stored ~480 such rows on one line.
 *
 * Decided in one batch, the pair is only a reordering inside the batch, and nothing outside saw the state between:
 * the batch stores the same lines, orders and queued writes as one by one, without the decisions it undid itself.
 */
import { describe, expect, it } from "vitest";
import type { EngineEvent } from "../../../web/server/use-cases/backorder/index.js";
import {
  ENGINE_SHOP as SHOP,
  T,
  engineLevel,
  engineOrder,
  memoryEngine,
  placeOnShopify,
} from "../../support/backorder-fakes.js";

const STOCK = 3;
const ORDERS = 8;
/** Order k at 09:05:00.k00, one unit of variant 1. */
const at = (k: number) => new Date(T(5).getTime() + k * 100);

/** The sale as delivered: the level before the sale, then each order's level just before the order itself. */
function sale(): EngineEvent[] {
  const events: EngineEvent[] = [{ kind: "level", level: engineLevel(1, STOCK, 0), webhookId: "l0" }];
  for (let k = 1; k <= ORDERS; k++) {
    const order = engineOrder(k, 5, [[k * 10, 1, 1]], { createdAt: at(k), updatedAt: at(k) });
    const level = { ...engineLevel(1, STOCK - k, 0), updatedAt: at(k) };
    events.push({ kind: "level", level, webhookId: `l${k}` });
    events.push({ kind: "order", order, webhookId: `o${k}` });
  }
  return events;
}

/** Decides the sale in batches of `size` (1: one by one), the Shopify writer running after each batch. */
async function run(size: number) {
  const events = sale();
  const { repository, fake, engine } = memoryEngine();
  for (const e of events) if (e.kind === "order") placeOnShopify(fake, e.order);
  let historyRows = 0;
  for (let i = 0; i < events.length; i += size) {
    for (const outcome of await engine.decideBatch(SHOP, events.slice(i, i + size)))
      if (!outcome.ok) throw outcome.error;
    await engine.runWrites(SHOP);
  }
  const orderIds = events.flatMap((e) => (e.kind === "order" ? [e.order.orderId] : []));
  const lines = await repository.linesOfOrders(SHOP, orderIds);
  const history: Record<string, string[]> = {};
  for (const l of lines) {
    const entries = await repository.lineHistory(SHOP, l.lineItemId);
    historyRows += entries.length;
    history[l.orderId.split("/").pop()!] = entries.map((h) => `${h.from}>${h.to}@${h.cause.ref}`);
  }
  return {
    lines: Object.fromEntries(
      lines.map((l) => [l.orderId.split("/").pop()!, [l.status, l.inStock, l.allocated]]),
    ),
    history,
    historyRows,
    shopifyWrites: fake.calls.filter((c) => c === "write").length,
  };
}

/** `entries` in `of`, in the same order (gaps allowed). */
function isSubsequence(entries: readonly string[], of: readonly string[]): boolean {
  let at = 0;
  for (const e of entries) {
    while (at < of.length && of[at] !== e) at++;
    if (at++ >= of.length) return false;
  }
  return true;
}

/** The boundary line batched: waiting from the first early level until the last order, then its hold lifted. */
const BOUNDARY = [
  "new>in_stock@o3",
  "in_stock>backordered@l4",
  `backordered>allocated@o${ORDERS}`,
  "allocated>released@sync:gid://shopify/Order/3",
];

describe("a stock level a moment before the order it counts", () => {
  it("one by one: the boundary line flips on every order past the stock, and each flip reaches Shopify", async () => {
    const one = await run(1);
    // Orders 1-3 ship; the third line lost its unit to each early level and got it back from each order.
    expect(one.lines).toEqual({
      1: ["in_stock", 1, 0],
      2: ["in_stock", 1, 0],
      3: ["released", 1, 0],
      ...Object.fromEntries([4, 5, 6, 7, 8].map((k) => [k, ["backordered", 0, 0]])),
    });
    // Per order past the stock: to backordered (its level), back (the order), the hold lifted (the writer).
    expect(one.history[3]).toHaveLength(1 + 3 * (ORDERS - STOCK));
    // A hold placed and lifted on the boundary order for each of them, besides the hold of each waiting order.
    expect(one.shopifyWrites).toBe(3 * (ORDERS - STOCK));
  });

  it("in one batch: the same lines, without the decisions the batch undid", async () => {
    const one = await run(1);
    const batched = await run(2 * ORDERS + 1);
    expect(batched.lines).toEqual(one.lines);
    expect(batched.history[3]).toEqual(BOUNDARY);
    for (const [k, entries] of Object.entries(batched.history))
      expect(isSubsequence(entries, one.history[k]!)).toBe(true);
    expect(batched.historyRows).toBe(ORDERS + 3);
    expect(batched.shopifyWrites).toBe(ORDERS - STOCK);
  });

  it("each level in the batch of the order before it: the flips cancel across batches, one hold in all", async () => {
    const one = await run(1);
    // [l0 l1], [o1 l2], [o2 l3], ...: the line waits from l4's batch until o8's, held on Shopify meanwhile.
    const paired = await run(2);
    expect(paired.lines).toEqual(one.lines);
    expect(paired.history[3]).toEqual(BOUNDARY);
    expect(paired.shopifyWrites).toBe(ORDERS - STOCK + 2);
  });
});
