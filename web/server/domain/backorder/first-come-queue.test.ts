import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FirstComeQueue } from "./first-come-queue.js";
import { compareFirstComeFirstServed, inQueueOrder } from "./queue-order.js";
import { at, line } from "./test-fixtures.js";
import type { BackorderLine } from "./types.js";

/** A line with an order time to the millisecond, in the shop's offset or UTC, as Shopify and the mirror give them. */
const arbLine = fc
  .record({
    id: fc.integer({ min: 1, max: 30 }),
    order: fc.integer({ min: 1, max: 12 }),
    // Few distinct seconds, so that the order id and line id tie-breaks decide often.
    second: fc.integer({ min: 0, max: 3 }),
    ms: fc.integer({ min: 0, max: 999 }),
    offset: fc.boolean(),
    qty: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ id, order, second, ms, offset, qty }): BackorderLine => {
    const instant = new Date(Date.parse(at(0)) + second * 1000 + ms);
    const iso = instant.toISOString();
    return {
      ...line({ id, order, qty }),
      orderCreatedAt: offset
        ? new Date(instant.getTime() + 5 * 3_600_000).toISOString().replace("Z", "+05:00")
        : ms % 2 === 0
          ? iso
          : instant,
    };
  });

type Step = { kind: "put"; line: BackorderLine } | { kind: "delete"; id: number };

const arbSteps: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    { arbitrary: arbLine.map((l): Step => ({ kind: "put", line: l })), weight: 4 },
    { arbitrary: fc.integer({ min: 1, max: 30 }).map((id): Step => ({ kind: "delete", id })), weight: 1 },
  ),
  { maxLength: 60 },
);

/** What the queue must read as: the latest version of each line, sorted as the engine sorts a pool. */
function replay(steps: readonly Step[]): BackorderLine[] {
  const byId = new Map<string, BackorderLine>();
  for (const step of steps) {
    if (step.kind === "put") byId.set(step.line.lineItemId, step.line);
    else byId.delete(line({ id: step.id, qty: 1 }).lineItemId);
  }
  return [...byId.values()].sort(compareFirstComeFirstServed);
}

function queueOf(steps: readonly Step[]): FirstComeQueue<BackorderLine> {
  const queue = new FirstComeQueue<BackorderLine>();
  for (const step of steps) {
    if (step.kind === "put") queue.put(step.line);
    else queue.delete(line({ id: step.id, qty: 1 }).lineItemId);
  }
  return queue;
}

describe("FirstComeQueue", () => {
  it("reads as sorting the latest version of every line put and not deleted, whatever the steps", () => {
    fc.assert(
      fc.property(arbSteps, (steps) => {
        const queue = queueOf(steps);
        const expected = replay(steps);
        expect(queue.lines()).toEqual(expected);
        expect(queue.size).toBe(expected.length);
      }),
      { numRuns: 500 },
    );
  });

  it("puts many lines at once as it puts them one by one", () => {
    fc.assert(
      fc.property(arbSteps, fc.array(arbLine, { maxLength: 30 }), (steps, many) => {
        const queue = queueOf(steps);
        queue.putMany(many);
        const expected = replay([...steps, ...many.map((l): Step => ({ kind: "put", line: l }))]);
        expect(queue.lines()).toEqual(expected);
        expect(queue.size).toBe(expected.length);
      }),
      { numRuns: 300 },
    );
    const fresh = new FirstComeQueue<BackorderLine>();
    const lines = [3, 1, 2].map((id) => line({ id, qty: 1 }));
    fresh.putMany(lines);
    expect(fresh.lines().map((l) => l.lineItemId)).toEqual(
      [1, 2, 3].map((id) => line({ id, qty: 1 }).lineItemId),
    );
  });

  it("merges queues, leaving out what keep refuses and placing extra lines, as one sort would", () => {
    fc.assert(
      fc.property(arbSteps, arbSteps, fc.array(arbLine, { maxLength: 5 }), (a, b, extra) => {
        const extraIds = new Set(extra.map((l) => l.lineItemId));
        const qa = queueOf(a);
        // The same line id in two queues is not a case: the batch store holds each line in one pool.
        const inA = new Set(qa.lines().map((l) => l.lineItemId));
        const bOnly = b.filter((s) => s.kind === "delete" || !inA.has(s.line.lineItemId));
        const qb = queueOf(bOnly);
        const keep = (l: BackorderLine) => !extraIds.has(l.lineItemId) && l.quantity !== 2;
        const expected = [...qa.lines(), ...qb.lines()].filter(keep);
        const uniqueExtra = [...new Map(extra.map((l) => [l.lineItemId, l])).values()];
        expect(FirstComeQueue.merge([qa, qb], keep, uniqueExtra)).toEqual(
          [...expected, ...uniqueExtra].sort(compareFirstComeFirstServed),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("moves a line whose order time changes to another second, and keeps it in place within the second", () => {
    const queue = new FirstComeQueue<BackorderLine>();
    const first = line({ id: 1, order: 5, qty: 1, minute: 0 });
    const second = line({ id: 2, order: 6, qty: 1, minute: 0 });
    queue.put(first);
    queue.put(second);
    queue.put({ ...first, orderCreatedAt: at(1) });
    expect(queue.lines().map((l) => l.lineItemId)).toEqual([second.lineItemId, first.lineItemId]);
    const sharper = {
      ...second,
      orderCreatedAt: new Date(Date.parse(at(0)) + 250),
      status: "backordered" as const,
    };
    queue.put(sharper);
    expect(queue.lines()).toEqual([sharper, { ...first, orderCreatedAt: at(1) }]);
    expect(queue.delete(first.lineItemId)).toBe(true);
    expect(queue.delete(first.lineItemId)).toBe(false);
    expect(queue.lines()).toEqual([sharper]);
  });
});

describe("inQueueOrder", () => {
  it("sorts as compareFirstComeFirstServed does", () => {
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 40 }), (lines) => {
        expect(inQueueOrder(lines)).toEqual([...lines].sort(compareFirstComeFirstServed));
      }),
    );
  });
});
