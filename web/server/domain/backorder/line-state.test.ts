import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IllegalTransitionError } from "./errors.js";
import { applyDecision, newLine, shippedAfterWaiting, transition } from "./line-state.js";
import {
  TERMINAL_STATUSES,
  type BackorderLine,
  type Cause,
  type LineEvent,
  type LineStatus,
} from "./types.js";
import { at, itemId, line, lineId, locationId, orderId, type LineSpec } from "./test-fixtures.js";
import { toGid } from "../shared/gid.js";

const WEBHOOK: Cause = { kind: "webhook", ref: "b2f1c3d4" };

/** [status, quantity, inStock, allocated] */
type State = [LineStatus, number, number, number];

const spec = ([status, qty, inStock, allocated]: State, extra: Partial<LineSpec> = {}): LineSpec => ({
  id: 1,
  status,
  qty,
  inStock,
  allocated,
  ...extra,
});

const legal: Array<{ name: string; from: State; event: LineEvent; to: State; partials?: number }> = [
  {
    name: "a new line found in stock",
    from: ["new", 2, 0, 0],
    event: { type: "decide", inStock: 2, allocated: 0 },
    to: ["in_stock", 2, 2, 0],
  },
  {
    name: "a new line found short",
    from: ["new", 3, 0, 0],
    event: { type: "decide", inStock: 1, allocated: 0 },
    to: ["backordered", 3, 1, 0],
  },
  {
    name: "an in-stock line that lost its unit to an earlier order",
    from: ["in_stock", 1, 1, 0],
    event: { type: "decide", inStock: 0, allocated: 0 },
    to: ["backordered", 1, 0, 0],
  },
  {
    name: "a partial reservation",
    from: ["backordered", 3, 0, 0],
    event: { type: "decide", inStock: 0, allocated: 1 },
    to: ["partially_allocated", 3, 0, 1],
    partials: 1,
  },
  {
    name: "a reservation that completes the line",
    from: ["partially_allocated", 3, 0, 1],
    event: { type: "decide", inStock: 0, allocated: 3 },
    to: ["allocated", 3, 0, 3],
    partials: 0,
  },
  {
    name: "a reservation taken back",
    from: ["released", 2, 0, 2],
    event: { type: "decide", inStock: 0, allocated: 1 },
    to: ["partially_allocated", 2, 0, 1],
  },
  {
    name: "staff allocate part of what waits",
    from: ["backordered", 4, 1, 0],
    event: { type: "allocate", units: 2 },
    to: ["partially_allocated", 4, 1, 2],
    partials: 1,
  },
  {
    name: "staff allocate the rest",
    from: ["partially_allocated", 4, 1, 2],
    event: { type: "allocate", units: 1 },
    to: ["allocated", 4, 1, 3],
  },
  {
    name: "the hold is released",
    from: ["allocated", 2, 0, 2],
    event: { type: "release" },
    to: ["released", 2, 0, 2],
  },
  {
    name: "a released line ships",
    from: ["released", 2, 0, 2],
    event: { type: "fulfil", units: 2 },
    to: ["fulfilled", 0, 0, 0],
  },
  {
    name: "in-stock units of a waiting line ship first",
    from: ["backordered", 3, 1, 0],
    event: { type: "fulfil", units: 1 },
    to: ["backordered", 2, 0, 0],
  },
  {
    name: "an in-stock line ships in two parts",
    from: ["in_stock", 3, 3, 0],
    event: { type: "fulfil", units: 1 },
    to: ["in_stock", 2, 2, 0],
  },
  {
    name: "a refund removes waiting units first",
    from: ["partially_allocated", 5, 1, 2],
    event: { type: "change_quantity", quantity: 3 },
    to: ["allocated", 3, 1, 2],
  },
  {
    name: "a refund past the waiting units frees reservations",
    from: ["partially_allocated", 5, 1, 2],
    event: { type: "change_quantity", quantity: 2 },
    to: ["allocated", 2, 1, 1],
  },
  {
    name: "a refund of every waiting unit leaves the in-stock units to ship",
    from: ["backordered", 3, 1, 0],
    event: { type: "change_quantity", quantity: 1 },
    to: ["in_stock", 1, 1, 0],
  },
  {
    name: "an edit adding units makes them wait",
    from: ["in_stock", 1, 1, 0],
    event: { type: "change_quantity", quantity: 3 },
    to: ["backordered", 3, 1, 0],
  },
  {
    name: "an edit removing the line cancels it",
    from: ["backordered", 2, 0, 0],
    event: { type: "change_quantity", quantity: 0 },
    to: ["cancelled", 0, 0, 0],
  },
  {
    name: "an undecided line keeps waiting for its decision",
    from: ["new", 2, 0, 0],
    event: { type: "change_quantity", quantity: 1 },
    to: ["new", 1, 0, 0],
  },
  {
    name: "a cancellation frees everything",
    from: ["partially_allocated", 3, 1, 1],
    event: { type: "cancel" },
    to: ["cancelled", 0, 0, 0],
  },
  {
    name: "a substitution closes a waiting line",
    from: ["backordered", 2, 0, 0],
    event: { type: "substitute", replacementLineItemId: lineId(9) },
    to: ["substituted", 0, 0, 0],
  },
  {
    name: "staff move a waiting line",
    from: ["backordered", 2, 0, 0],
    event: { type: "reprioritise", priority: 1 },
    to: ["backordered", 2, 0, 0],
  },
];

const illegal: Array<{ name: string; from: State; event: LineEvent; reason: RegExp }> = [
  {
    name: "anything on a fulfilled line",
    from: ["fulfilled", 0, 0, 0],
    event: { type: "cancel" },
    reason: /fulfilled/,
  },
  {
    name: "a decision on a cancelled line",
    from: ["cancelled", 0, 0, 0],
    event: { type: "decide", inStock: 0, allocated: 0 },
    reason: /cancelled/,
  },
  {
    name: "releasing a hold never placed",
    from: ["in_stock", 1, 1, 0],
    event: { type: "release" },
    reason: /fully allocated/,
  },
  {
    name: "releasing while units still wait",
    from: ["partially_allocated", 2, 0, 1],
    event: { type: "release" },
    reason: /fully allocated/,
  },
  {
    name: "releasing twice",
    from: ["released", 1, 0, 1],
    event: { type: "release" },
    reason: /fully allocated/,
  },
  {
    name: "allocating more than waits",
    from: ["backordered", 2, 1, 0],
    event: { type: "allocate", units: 2 },
    reason: /between 1 and the 1/,
  },
  {
    name: "allocating to a line that does not wait",
    from: ["in_stock", 1, 1, 0],
    event: { type: "allocate", units: 1 },
    reason: /nothing waits/,
  },
  {
    name: "a decision with more units than the line",
    from: ["backordered", 2, 0, 0],
    event: { type: "decide", inStock: 2, allocated: 1 },
    reason: /more units/,
  },
  {
    name: "fulfilling more than is open",
    from: ["released", 1, 0, 1],
    event: { type: "fulfil", units: 2 },
    reason: /between 1 and the 1/,
  },
  {
    name: "a fractional quantity",
    from: ["backordered", 2, 0, 0],
    event: { type: "change_quantity", quantity: 1.5 },
    reason: /whole units/,
  },
  {
    name: "substituting an in-stock line",
    from: ["in_stock", 1, 1, 0],
    event: { type: "substitute", replacementLineItemId: null },
    reason: /backordered/,
  },
  {
    name: "moving a line that does not wait",
    from: ["released", 1, 0, 1],
    event: { type: "reprioritise", priority: 0 },
    reason: /waiting/,
  },
];

describe("transition", () => {
  it.each(legal)("$name", ({ from, event, to, partials }) => {
    const before = line(spec(from));
    const result = transition(before, event, "2024-05-01T12:00:00+02:00", WEBHOOK);
    if (!result.ok) throw result.error;
    const after = result.line;
    expect([after.status, after.quantity, after.inStock, after.allocated]).toEqual(to);
    if (partials !== undefined) expect(after.partialAllocations).toBe(partials);
    expect(result.entry).toEqual({
      lineItemId: before.lineItemId,
      at: "2024-05-01T10:00:00.000Z",
      cause: WEBHOOK,
      event,
      from: from[0],
      to: to[0],
      before: {
        quantity: from[1],
        inStock: from[2],
        allocated: from[3],
        waiting: from[1] - from[2] - from[3],
      },
      after: { quantity: to[1], inStock: to[2], allocated: to[3], waiting: to[1] - to[2] - to[3] },
    });
    expect(before.status).toBe(from[0]);
  });

  it.each(illegal)("rejects $name", ({ from, event, reason }) => {
    const result = transition(line(spec(from)), event, at(1), WEBHOOK);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(IllegalTransitionError);
    expect(result.error).toMatchObject({
      from: from[0],
      event: event.type,
      status: 409,
      code: "illegal_transition",
    });
    expect(result.error.reason).toMatch(reason);
  });

  it("records nothing for an event that changes nothing (a replayed webhook)", () => {
    const before = line(spec(["backordered", 2, 1, 0]));
    const result = transition(before, { type: "change_quantity", quantity: 2 }, at(1), WEBHOOK);
    expect(result).toEqual({ ok: true, line: before, entry: null });
  });

  it("applies a decision only when it changed something", () => {
    const before = line(spec(["backordered", 2, 0, 0]));
    const same = {
      lineItemId: before.lineItemId,
      orderId: before.orderId,
      status: "backordered" as const,
      inStock: 0,
      allocated: 0,
      waiting: 2,
      newlyAllocated: 0,
      revoked: 0,
      changed: false,
    };
    expect(applyDecision(before, same, at(1), WEBHOOK)).toEqual({ ok: true, line: before, entry: null });
    const result = applyDecision(
      before,
      { ...same, status: "allocated", allocated: 2, waiting: 0, newlyAllocated: 2, changed: true },
      at(1),
      WEBHOOK,
    );
    expect(result.ok && [result.line.status, result.entry?.to]).toEqual(["allocated", "allocated"]);
    expect(() => applyDecision(before, { ...same, lineItemId: lineId(2) }, at(1), WEBHOOK)).toThrow(
      /LineItem\/2/,
    );
  });

  it("builds a new line with nothing decided", () => {
    const fresh = newLine({
      lineItemId: lineId(1),
      orderId: orderId(1),
      orderCreatedAt: at(0),
      variantId: toGid("ProductVariant", "5"),
      inventoryItemId: itemId(1),
      locationId: locationId(1),
      tracked: true,
      quantity: 2,
    });
    expect(fresh).toMatchObject({
      status: "new",
      inStock: 0,
      allocated: 0,
      partialAllocations: 0,
      tags: [],
      priority: null,
    });
  });
});

const arbEvent: fc.Arbitrary<LineEvent> = fc.oneof(
  fc.record({
    type: fc.constant("decide" as const),
    inStock: fc.integer({ min: 0, max: 6 }),
    allocated: fc.integer({ min: 0, max: 6 }),
  }),
  fc.record({ type: fc.constant("allocate" as const), units: fc.integer({ min: 0, max: 6 }) }),
  fc.constant({ type: "release" as const }),
  fc.record({ type: fc.constant("fulfil" as const), units: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ type: fc.constant("change_quantity" as const), quantity: fc.integer({ min: 0, max: 6 }) }),
  fc.constant({ type: "cancel" as const }),
  fc.constant({ type: "substitute" as const, replacementLineItemId: null }),
  fc.record({
    type: fc.constant("reprioritise" as const),
    priority: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
  }),
);

describe("transition: invariants over any sequence of events", () => {
  it("keeps quantities whole and consistent, closed lines closed, and a history that chains", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(arbEvent, { maxLength: 25 }), (qty, events) => {
        let current: BackorderLine = line({ id: 1, qty });
        events.forEach((event, i) => {
          const result = transition(current, event, at(i), WEBHOOK);
          if (TERMINAL_STATUSES.has(current.status)) expect(result.ok).toBe(false);
          if (!result.ok) return;
          const next = result.line;
          for (const n of [
            next.quantity,
            next.inStock,
            next.allocated,
            next.quantity - next.inStock - next.allocated,
          ]) {
            expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
          }
          if (result.entry === null) {
            expect(next).toBe(current);
          } else {
            expect(result.entry.from).toBe(current.status);
            expect(result.entry.to).toBe(next.status);
            expect(result.entry.before.quantity).toBe(current.quantity);
            expect(result.entry.after).toEqual({
              quantity: next.quantity,
              inStock: next.inStock,
              allocated: next.allocated,
              waiting: next.quantity - next.inStock - next.allocated,
            });
          }
          if (next.status === "released") expect(next.quantity - next.inStock - next.allocated).toBe(0);
          if (next.status === "backordered") expect(next.allocated).toBe(0);
          current = next;
        });
      }),
    );
  });
});

describe("transition: customer-care notes", () => {
  const CUSTOMER: Cause = { kind: "customer", ref: "action-1" };
  it.each(["backordered", "partially_allocated", "cancelled", "fulfilled"] as const)(
    "a note on a %s line changes nothing and is always recorded",
    (status) => {
      const before = line(spec([status, 3, 1, 0]));
      const result = transition(
        before,
        { type: "note", note: "delay_notice_sent", detail: "2026-12-15" },
        at(1),
        CUSTOMER,
      );
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.line).toBe(before);
      expect(result.entry).toMatchObject({ from: status, to: status, cause: CUSTOMER });
      expect(result.entry!.before).toEqual(result.entry!.after);
    },
  );
});

describe("shippedAfterWaiting", () => {
  const fulfil = { type: "fulfil", units: 1 } as const;
  it.each([
    ["a waiting line shipping its last units", fulfil, "backordered", "fulfilled", true],
    ["a partly allocated line shipping its last units", fulfil, "partially_allocated", "fulfilled", true],
    ["a fully allocated line (hold still on)", fulfil, "allocated", "fulfilled", true],
    ["a released line", fulfil, "released", "fulfilled", true],
    ["a line that never waited", fulfil, "in_stock", "fulfilled", false],
    ["a new line shipped at once", fulfil, "new", "fulfilled", false],
    ["a partial shipment (units still open)", fulfil, "backordered", "backordered", false],
    ["a cancellation", { type: "cancel" } as const, "backordered", "cancelled", false],
  ] as const)("%s → %s", (_name, event, from, to, expected) => {
    expect(shippedAfterWaiting({ event, from, to })).toBe(expected);
  });
});
