/**
 * Batched decisions are exactly one-by-one decisions: for random orders, edits, fulfilments, cancellations and stock
 * levels, delivered out of order and more than once, deciding them in batches (decideBatch) leaves the same lines,
 * orders, queued Shopify writes and, once those are written, the same holds, tags and metafields on Shopify as
 * handling each webhook on its own, in the same order.
 *
 * The line history too, but for one thing a batch does not record: a decision that a later decision of the same
 * batch undid (the line back to the same status and units, no partial reservation counted), typically a stock level
 * processed a moment before the order it counts (flip-flop.test.ts). Nothing outside saw that state: the batch is
 * stored, and its writes queued, only once it is done. So the expected history is the one-by-one history with
 * exactly those pairs taken out, batch by batch (`withoutUndoneInBatch` below, written apart from the engine's own
 * withoutUndoneDecisions): every entry a batch keeps is one the one-by-one run wrote, in the same order, and only
 * pairs of one batch that cancel out may be missing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryBackorderRepository } from "../../../web/server/adapters/memory/backorder-repository.js";
import { createMemoryLogger } from "../../../web/server/adapters/logger.js";
import type { AllocationRules, LineHistoryEntry } from "../../../web/server/domain/backorder/index.js";
import { DEFAULT_SHOP_SETTINGS } from "../../../web/server/use-cases/ports.js";
import type { StoredLine } from "../../../web/server/use-cases/backorder/ports.js";
import {
  createBackorderEngine,
  type EngineEvent,
  type IncomingOrder,
} from "../../../web/server/use-cases/backorder/index.js";
import {
  ENGINE_SHOP as SHOP,
  T,
  engineLevel,
  engineOrder,
  fakeBackorderShopify,
  memoryEngine,
  placeOnShopify,
} from "../../support/backorder-fakes.js";

// ------------------------------------------------------------------ generators

interface OrderSpec {
  minute: number;
  vip: boolean;
  lines: { variant: 1 | 2; qty: number }[];
  /** What a later orders/updated says happened: nothing, a cancellation, units shipped, or units removed. */
  later: { kind: "none" | "cancel" | "fulfil" | "edit"; units: number };
}

const arbOrder: fc.Arbitrary<OrderSpec> = fc.record({
  minute: fc.integer({ min: 0, max: 12 }),
  vip: fc.boolean(),
  lines: fc.array(
    fc.record({ variant: fc.constantFrom(1 as const, 2 as const), qty: fc.integer({ min: 1, max: 3 }) }),
    { minLength: 1, maxLength: 2 },
  ),
  later: fc.record({
    kind: fc.constantFrom(
      "none" as const,
      "none" as const,
      "cancel" as const,
      "fulfil" as const,
      "edit" as const,
    ),
    units: fc.integer({ min: 1, max: 2 }),
  }),
});

const arbLevel = fc.record({
  item: fc.constantFrom(1, 2),
  available: fc.integer({ min: -4, max: 6 }),
  minute: fc.integer({ min: 0, max: 20 }),
});

const arbRules: fc.Arbitrary<Partial<AllocationRules>> = fc.record({
  priorityTags: fc.constantFrom([], ["VIP"]),
  completeLinesFirst: fc.boolean(),
  partial: fc.constantFrom("allow" as const, "never" as const),
  minPartialUnits: fc.integer({ min: 1, max: 2 }),
});

const arbScenario = fc.record({
  orders: fc.array(arbOrder, { minLength: 1, maxLength: 10 }),
  levels: fc.array(arbLevel, { minLength: 1, maxLength: 8 }),
  rules: arbRules,
  /** A sort key per delivery: Shopify promises no order between webhooks. */
  shuffle: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 40, maxLength: 40 }),
  /** Deliveries that come twice (indexes into the shuffled list). */
  duplicates: fc.array(fc.integer({ min: 0, max: 39 }), { maxLength: 6 }),
  /** How the deliveries are cut into batches. */
  batches: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 40 }),
});
type Scenario = typeof arbScenario extends fc.Arbitrary<infer S> ? S : never;

function ordersOf(n: number, spec: OrderSpec): IncomingOrder[] {
  const lines = spec.lines.map((l, j): [number, number, number] => [n * 10 + j, l.variant, l.qty]);
  const created = engineOrder(n, spec.minute, lines, { tags: spec.vip ? ["VIP"] : [] });
  if (spec.later.kind === "none") return [created];
  const updated: IncomingOrder = {
    ...created,
    updatedAt: T(spec.minute + 1),
    cancelled: spec.later.kind === "cancel",
    lines: created.lines.map((l, j) => {
      if (j !== 0 || spec.later.kind === "cancel") return l;
      const units = Math.min(spec.later.units, l.quantity);
      // Shipped units leave fulfillable_quantity; removed units leave current_quantity too.
      return spec.later.kind === "fulfil"
        ? { ...l, fulfillableQuantity: l.quantity - units }
        : { ...l, currentQuantity: l.quantity - units, fulfillableQuantity: l.quantity - units };
    }),
  };
  return [created, updated];
}

function deliveries(s: Scenario): EngineEvent[] {
  const events: EngineEvent[] = [];
  s.orders.forEach((spec, i) =>
    ordersOf(i + 1, spec).forEach((order, k) =>
      events.push({ kind: "order", order, webhookId: `o${i + 1}-${k}` }),
    ),
  );
  s.levels.forEach((l, i) =>
    events.push({ kind: "level", level: engineLevel(l.item, l.available, l.minute), webhookId: `l${i}` }),
  );
  const shuffled = events
    .map((e, i) => ({ e, key: s.shuffle[i % s.shuffle.length]! * 100 + i }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.e);
  for (const d of s.duplicates) {
    const copy = shuffled[d % shuffled.length]!;
    shuffled.splice(Math.min(shuffled.length, (d % shuffled.length) + 1 + (d % 3)), 0, copy);
  }
  return shuffled;
}

/** The batch each delivery goes in: `batches` cuts the list in turn. */
function batchOf(s: Scenario, count: number): number[] {
  const out: number[] = [];
  for (let b = 0; out.length < count; b++)
    for (let n = s.batches[b % s.batches.length]!; n > 0 && out.length < count; n--) out.push(b);
  return out;
}

/** A line's one-by-one history without the decisions undone later in the same batch (see the header). */
function withoutUndoneInBatch(entries: readonly LineHistoryEntry[], batches: readonly number[]) {
  const stateBefore = (e: LineHistoryEntry) => JSON.stringify([e.from, e.before]);
  const stateAfter = (e: LineHistoryEntry) => JSON.stringify([e.to, e.after]);
  const countsPartial = (e: LineHistoryEntry) =>
    e.after.allocated > e.before.allocated && e.after.waiting > 0;
  const kept: { entry: LineHistoryEntry; batch: number }[] = [];
  entries.forEach((entry, i) => {
    const last = kept[kept.length - 1];
    const undone =
      last !== undefined &&
      last.batch === batches[i] &&
      last.entry.event.type === "decide" &&
      entry.event.type === "decide" &&
      !countsPartial(last.entry) &&
      !countsPartial(entry) &&
      stateAfter(entry) === stateBefore(last.entry);
    if (undone) kept.pop();
    else kept.push({ entry, batch: batches[i]! });
  });
  return kept.map((k) => k.entry);
}

// ------------------------------------------------------------------ the two ways

async function run(s: Scenario, events: readonly EngineEvent[], batched: boolean) {
  const settings = {
    ...DEFAULT_SHOP_SETTINGS,
    allocation: { ...DEFAULT_SHOP_SETTINGS.allocation, ...s.rules },
  };
  // The writes wait in the outbox until the end, whichever way: what is compared is what was queued.
  const { repository, fake, engine } = memoryEngine(settings);
  for (const e of events)
    if (e.kind === "order" && !fake.orders.has(e.order.orderId)) placeOnShopify(fake, e.order);
  const orderIds = [...new Set(events.flatMap((e) => (e.kind === "order" ? [e.order.orderId] : [])))];
  const batches = batchOf(s, events.length);
  // One by one: the batch of each history entry's delivery, per line.
  const entryBatches = new Map<string, number[]>();
  if (batched) {
    let at = 0;
    for (let b = 0; at < events.length; b++) {
      const size = s.batches[b % s.batches.length]!;
      const batch = events.slice(at, at + size);
      const outcomes = await engine.decideBatch(SHOP, batch);
      for (const [i, o] of outcomes.entries()) {
        if (!o.ok) throw o.error;
        // An order's lines as the batch hands them to customer care are those stored.
        const e = batch[i]!;
        if (e.kind !== "order") continue;
        const strip = (lines: readonly StoredLine[]) => lines.map(({ updatedAt: _, ...l }) => l);
        expect(strip(o.lines ?? [])).toEqual(strip(await repository.linesOfOrder(SHOP, e.order.orderId)));
      }
      at += size;
    }
  } else {
    for (const [i, e] of events.entries()) {
      if (e.kind === "order") await engine.ingestOrder(SHOP, e.order, e.webhookId);
      else await engine.applyInventoryLevel(SHOP, e.level, e.webhookId);
      for (const line of await repository.linesOfOrders(SHOP, orderIds)) {
        const tags = entryBatches.get(line.lineItemId) ?? [];
        const count = (await repository.lineHistory(SHOP, line.lineItemId)).length;
        while (tags.length < count) tags.push(batches[i]!);
        entryBatches.set(line.lineItemId, tags);
      }
    }
  }
  const lines = await repository.linesOfOrders(SHOP, orderIds);
  const state = {
    lines: lines.map(({ updatedAt: _, ...l }) => l),
    history: await Promise.all(lines.map((l) => repository.lineHistory(SHOP, l.lineItemId))),
    orders: (await repository.getOrders(SHOP, orderIds)).sort((a, b) => (a.orderId < b.orderId ? -1 : 1)),
    levels: [
      ...(await repository.levelsOfItem(SHOP, engineLevel(1, 0, 0).inventoryItemId)),
      ...(await repository.levelsOfItem(SHOP, engineLevel(2, 0, 0).inventoryItemId)),
    ],
    writes: (await repository.pendingWrites(SHOP)).map((w) => [w.kind, w.targetId, w.urgency]),
  };
  const withoutUndone = state.history.map((entries, i) =>
    withoutUndoneInBatch(entries, entryBatches.get(lines[i]!.lineItemId) ?? []),
  );
  await engine.runWrites(SHOP);
  return { state, withoutUndone, shopify: [...fake.orders.entries()].sort(([a], [b]) => (a < b ? -1 : 1)) };
}

describe("decideBatch", () => {
  it("decides, stores and queues exactly what one-by-one processing does, in any batches", async () => {
    await fc.assert(
      fc.asyncProperty(arbScenario, async (s) => {
        const events = deliveries(s);
        const one = await run(s, events, false);
        const batched = await run(s, events, true);
        const { history, ...rest } = batched.state;
        const { history: oneByOneHistory, ...oneByOneRest } = one.state;
        expect(rest).toEqual(oneByOneRest);
        expect(batched.shopify).toEqual(one.shopify);
        expect(oneByOneHistory.length).toBe(history.length);
        expect(history).toEqual(one.withoutUndone);
      }),
      { numRuns: 100 },
    );
  });

  it("a failing event fails alone: the rest of its batch is stored", async () => {
    const s: Scenario = {
      orders: [{ minute: 1, vip: false, lines: [{ variant: 1, qty: 2 }], later: { kind: "none", units: 1 } }],
      levels: [{ item: 1, available: 1, minute: 0 }],
      rules: {},
      shuffle: [],
      duplicates: [],
      batches: [10],
    };
    const events = deliveries(s);
    // A level with an instant that is no date: the step throws inside the batch.
    const broken: EngineEvent = {
      kind: "level",
      level: { ...engineLevel(2, 3, 2), updatedAt: new Date(Number.NaN) },
      webhookId: "bad",
    };
    const repository = new MemoryBackorderRepository({ now: () => T(30) });
    const engine = createBackorderEngine({
      repository,
      shopify: fakeBackorderShopify().shopify,
      shops: { get: async () => ({ settings: DEFAULT_SHOP_SETTINGS }) as never },
      clock: { now: () => T(30) },
      logger: createMemoryLogger(),
      onWritesQueued: () => undefined,
    });
    const outcomes = await engine.decideBatch(SHOP, [events[0]!, broken, events[1]!]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    const lines = await repository.linesOfOrders(SHOP, [
      events.find((e) => e.kind === "order")!.order.orderId,
    ]);
    expect(lines.map((l) => [l.status, l.inStock])).toEqual([["backordered", 1]]);
  });
});
