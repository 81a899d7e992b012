/**
 * First come first served stays exact when a stock level counts the orders around it imprecisely for a moment. The
 * supply of a pool is `available` plus the units of the lines created at or before the level's `asOf`; two cases make
 * it a unit too large until the next level arrives, and the flash sale benchmark met both on a loaded machine
 * ("fcfs 2 out of turn"):
 *
 * - two orders in the same millisecond: their orders/create and inventory_levels/update share one trigger time, so
 *   the level of the first (which has not counted the second) adds both back;
 * - an order whose trigger time falls past the second of its `created_at` (the dev store paused between the two) is
 *   placed at the start of that second (webhooks/payloads.ts preciseInstant), before the level of an order that came
 *   earlier, which then adds it back.
 *
 * Meanwhile a waiting line was granted the unit too many as a reservation. Reservations used to be kept ahead of every
 * in-stock unit, so when the next level put the supply right, the earlier order lost its unit to the later one's
 * reservation, for good. Each case runs the webhooks in the order that did it, one batch per webhook (as a loaded
 * worker runs them) and all in one batch.
 */
import { describe, expect, it } from "vitest";
import type { EngineEvent, IncomingOrder } from "../../../web/server/use-cases/backorder/index.js";
import {
  ENGINE_SHOP as SHOP,
  T,
  engineLevel,
  engineOrder,
  memoryEngine,
  placeOnShopify,
} from "../../support/backorder-fakes.js";

const ms = (minute: number, millis: number) => new Date(T(minute).getTime() + millis);

/** Order n: one unit of variant 1 (item 1), created at `createdAt`. */
const order = (n: number, createdAt: Date): IncomingOrder =>
  engineOrder(n, 5, [[n * 10, 1, 1]], { createdAt, updatedAt: createdAt });

const level = (available: number, asOf: Date, webhookId: string): EngineEvent => ({
  kind: "level",
  level: { ...engineLevel(1, available, 0), updatedAt: asOf },
  webhookId,
});

async function decide(events: readonly EngineEvent[], batchSize: number) {
  const { repository, fake, engine } = memoryEngine();
  for (const e of events) if (e.kind === "order") placeOnShopify(fake, e.order);
  for (let i = 0; i < events.length; i += batchSize) {
    for (const outcome of await engine.decideBatch(SHOP, events.slice(i, i + batchSize)))
      if (!outcome.ok) throw outcome.error;
  }
  const orderIds = events.flatMap((e) => (e.kind === "order" ? [e.order.orderId] : []));
  const lines = await repository.linesOfOrders(SHOP, orderIds);
  return Object.fromEntries(
    lines.map((l) => [l.orderId.split("/").pop()!, [l.status, l.inStock, l.allocated]]),
  );
}

describe("first come first served after a supply counted a unit too many", () => {
  it("two orders of the same millisecond, the first one's level last but one", async () => {
    // One unit left. Orders 1 and 2 come in the same millisecond: level -> 0 after order 1, -> -1 after order 2.
    const t = ms(5, 123);
    const a = order(1, t);
    const b = order(2, t);
    const events: EngineEvent[] = [
      level(1, T(0), "l0"),
      { kind: "order", order: b, webhookId: "b" }, // reordered: order 2 first takes the unit,
      { kind: "order", order: a, webhookId: "a" }, // order 1 takes it back; order 2 waits
      level(0, t, "la"), // counts order 1 only, yet both are added back: a unit too many, granted to order 2
      level(-1, t, "lb"), // the right supply: one unit
    ];
    const expected = { 1: ["in_stock", 1, 0], 2: ["backordered", 0, 0] };
    expect(await decide(events, 1)).toEqual(expected);
    expect(await decide(events, events.length)).toEqual(expected);
  });

  it("an order placed at the start of its second, after the level of an earlier order of that second", async () => {
    // One unit left. Order 1 at 12.500 s; order 2 at 12.999 s, known only as 12.000 s (its trigger time fell in the
    // next second); order 3 at 13.200 s.
    const [a, b, c] = [order(1, ms(5, 12_500)), order(2, ms(5, 12_000)), order(3, ms(5, 13_200))];
    const events: EngineEvent[] = [
      level(1, T(0), "l0"),
      { kind: "order", order: a, webhookId: "a" },
      { kind: "order", order: b, webhookId: "b" },
      level(0, ms(5, 12_500), "la"), // order 1's level adds order 2 back too: granted to order 2
      { kind: "order", order: c, webhookId: "c" },
      level(-2, ms(5, 13_200), "lc"), // the right supply: one unit
    ];
    const expected = { 1: ["in_stock", 1, 0], 2: ["backordered", 0, 0], 3: ["backordered", 0, 0] };
    expect(await decide(events, 1)).toEqual(expected);
    expect(await decide(events, events.length)).toEqual(expected);
  });
});
