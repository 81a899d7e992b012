import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../eta/index.js";
import { toGid } from "../shared/gid.js";
import {
  lineHoldHandle,
  metafieldNeedsWrite,
  parseOrderMetafield,
  sameMetafield,
  summarizeOrder,
  type LineEtas,
  type OrderMetafield,
} from "./order-summary.js";
import { deriveStatus } from "./line-state.js";
import type { LineStatus } from "./types.js";
import { at, line, lineId, orderId, settle, supply, type LineSpec } from "./test-fixtures.js";

const ORDER = orderId(7);
const onOrder = (spec: Omit<LineSpec, "order">): LineSpec => ({ ...spec, order: 7 });

/** [lineItemId, shipNow, waiting, status] */
type Row = [number, number, number, LineStatus];

const cases: Array<{
  name: string;
  lines: LineSpec[];
  expected: { backordered: boolean; rows: Row[]; holds: Array<[number, string, number]> };
}> = [
  {
    name: "an order whose lines all ship is not backordered and holds nothing",
    lines: [onOrder({ id: 1, qty: 2, status: "in_stock", inStock: 2 })],
    expected: { backordered: false, rows: [[1, 2, 0, "in_stock"]], holds: [] },
  },
  {
    name: "a mixed cart holds only the waiting line",
    lines: [
      onOrder({ id: 2, qty: 1, status: "backordered" }),
      onOrder({ id: 1, qty: 1, status: "in_stock", inStock: 1 }),
    ],
    expected: {
      backordered: true,
      rows: [
        [1, 1, 0, "in_stock"],
        [2, 0, 1, "backordered"],
      ],
      holds: [[2, "waitwell-2", 1]],
    },
  },
  {
    name: "a line partly in stock ships those units and holds the rest",
    lines: [onOrder({ id: 1, qty: 5, status: "backordered", inStock: 2 })],
    expected: { backordered: true, rows: [[1, 2, 3, "backordered"]], holds: [[1, "waitwell-1", 3]] },
  },
  {
    name: "partly reserved units stay held until the line is complete",
    lines: [onOrder({ id: 1, qty: 4, status: "partially_allocated", inStock: 1, allocated: 2 })],
    expected: { backordered: true, rows: [[1, 1, 3, "partially_allocated"]], holds: [[1, "waitwell-1", 3]] },
  },
  {
    name: "a fully allocated line ships everything: the order leaves the backorder state",
    lines: [onOrder({ id: 1, qty: 2, status: "allocated", allocated: 2 })],
    expected: { backordered: false, rows: [[1, 2, 0, "allocated"]], holds: [] },
  },
  {
    name: "closed lines show zero",
    lines: [
      onOrder({ id: 1, qty: 0, status: "cancelled" }),
      onOrder({ id: 2, qty: 0, status: "substituted" }),
    ],
    expected: {
      backordered: false,
      rows: [
        [1, 0, 0, "cancelled"],
        [2, 0, 0, "substituted"],
      ],
      holds: [],
    },
  },
];

describe("summarizeOrder", () => {
  it.each(cases)("$name", ({ lines, expected }) => {
    const summary = summarizeOrder(ORDER, lines.map(line), "2024-02-01T09:00:00-05:00");
    expect(summary.backordered).toBe(expected.backordered);
    expect(summary.metafield).toEqual({
      v: 1,
      manage: null,
      updatedAt: "2024-02-01T14:00:00.000Z",
      lines: expected.rows.map(([id, shipNow, waiting, status]) => ({
        lineItemId: lineId(id),
        variantId: toGid("ProductVariant", "1"),
        shipNow,
        waiting,
        status,
        eta: null,
        promised: null,
      })),
    });
    expect(summary.holds).toEqual(
      expected.holds.map(([id, handle, quantity]) => ({ lineItemId: lineId(id), handle, quantity })),
    );
  });

  it("refuses lines of another order and lines not decided yet", () => {
    expect(() =>
      summarizeOrder(ORDER, [line({ id: 1, order: 8, qty: 1, status: "in_stock", inStock: 1 })], at(0)),
    ).toThrow(/Order\/8/);
    expect(() => summarizeOrder(ORDER, [line({ id: 1, order: 7, qty: 1 })], at(0))).toThrow(
      /not been decided/,
    );
  });
});

describe("summarizeOrder with promises", () => {
  const waitingLine = line(onOrder({ id: 1, qty: 3, status: "partially_allocated", inStock: 1 }));
  const shippedLine = line(onOrder({ id: 2, qty: 1, status: "in_stock", inStock: 1 }));
  const d = (v: string) => v as CalendarDate;
  const etas = new Map<string, LineEtas>([
    [
      lineId(1),
      {
        current: { kind: "range", from: d("2024-03-04"), to: d("2024-03-06"), source: "incoming" },
        promised: { kind: "date", date: d("2024-03-01"), source: "supplier_feed" },
      },
    ],
    [
      lineId(2),
      {
        current: { kind: "unknown", reason: "no_schedule" },
        promised: { kind: "unknown", reason: "no_schedule" },
      },
    ],
  ]);

  it.each([
    {
      name: "a waiting line shows its current ETA and its promise",
      id: 1,
      eta: { from: "2024-03-04", to: "2024-03-06", source: "incoming" },
      promised: { from: "2024-03-01", to: "2024-03-01", source: "supplier_feed" },
    },
    { name: "a line with nothing waiting shows no date", id: 2, eta: null, promised: null },
  ])("$name", ({ id, eta, promised }) => {
    const summary = summarizeOrder(ORDER, [waitingLine, shippedLine], at(1), etas);
    expect(summary.metafield.lines.find((l) => l.lineItemId === lineId(id))).toMatchObject({ eta, promised });
  });

  it("reads back what it writes, and a moved ETA is a change", () => {
    const summary = summarizeOrder(ORDER, [waitingLine], at(1), etas);
    const stored = parseOrderMetafield(JSON.stringify(summary.metafield));
    expect(stored).toEqual(summary.metafield);
    expect(metafieldNeedsWrite(stored, summarizeOrder(ORDER, [waitingLine], at(2), etas))).toBe(false);
    const moved = new Map(etas);
    moved.set(lineId(1), {
      ...etas.get(lineId(1))!,
      current: { kind: "date", date: d("2024-03-09"), source: "incoming" },
    });
    expect(metafieldNeedsWrite(stored, summarizeOrder(ORDER, [waitingLine], at(2), moved))).toBe(true);
    expect(metafieldNeedsWrite(stored, summarizeOrder(ORDER, [waitingLine], at(2)))).toBe(true);
  });
});

describe("lineHoldHandle", () => {
  it.each([
    { id: "gid://shopify/LineItem/1", handle: "waitwell-1" },
    { id: "gid://shopify/LineItem/9223372036854775807", handle: "waitwell-9223372036854775807" },
  ])("$id → $handle", ({ id, handle }) => {
    expect(lineHoldHandle(id as never)).toBe(handle);
  });

  it("is stable, at most 64 characters and distinct per line", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
        fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
        (a, b) => {
          const ha = lineHoldHandle(toGid("LineItem", a));
          expect(ha.length).toBeLessThanOrEqual(64);
          expect(lineHoldHandle(toGid("LineItem", a))).toBe(ha);
          expect(ha === lineHoldHandle(toGid("LineItem", b))).toBe(a === b);
        },
      ),
    );
  });

  it("rejects what is not a line item id", () => {
    expect(() => lineHoldHandle("gid://shopify/Order/1" as never)).toThrow(/LineItem/);
  });
});

describe("metafieldNeedsWrite", () => {
  const backordered = summarizeOrder(ORDER, [line(onOrder({ id: 1, qty: 1, status: "backordered" }))], at(1));
  const inStock = summarizeOrder(
    ORDER,
    [line(onOrder({ id: 1, qty: 1, status: "in_stock", inStock: 1 }))],
    at(1),
  );
  const written: OrderMetafield = { ...backordered.metafield, updatedAt: "2023-01-01T00:00:00.000Z" };

  it.each([
    {
      name: "never written, nothing waits: no write (zero API calls)",
      previous: null,
      next: inStock,
      expected: false,
    },
    { name: "never written, something waits", previous: null, next: backordered, expected: true },
    { name: "same content written earlier: no write", previous: written, next: backordered, expected: false },
    { name: "a line stopped waiting", previous: written, next: inStock, expected: true },
  ])("$name", ({ previous, next, expected }) => {
    expect(metafieldNeedsWrite(previous, next)).toBe(expected);
  });

  it("reads back exactly what it wrote, so a re-run writes nothing", () => {
    const arbLine = fc
      .record({ inStock: fc.nat(3), allocated: fc.nat(3), waiting: fc.nat(3), wasHeld: fc.boolean() })
      .filter((q) => q.inStock + q.allocated + q.waiting > 0);
    fc.assert(
      fc.property(fc.array(arbLine, { minLength: 1, maxLength: 5 }), (rows) => {
        const lines = rows.map((q, i) =>
          line(
            onOrder({
              id: i + 1,
              qty: q.inStock + q.allocated + q.waiting,
              inStock: q.inStock,
              allocated: q.allocated,
              status: deriveStatus(q.wasHeld ? "backordered" : "in_stock", q.waiting, q.allocated),
            }),
          ),
        );
        const first = summarizeOrder(ORDER, lines, at(1));
        const stored = parseOrderMetafield(JSON.stringify(first.metafield));
        expect(stored).toEqual(first.metafield);
        expect(metafieldNeedsWrite(stored, summarizeOrder(ORDER, [...lines].reverse(), at(99)))).toBe(false);
        expect(first.backordered).toBe(rows.some((q) => q.waiting > 0));
      }),
    );
  });
});

describe("parseOrderMetafield", () => {
  const valid = {
    v: 1,
    updatedAt: "2024-01-01T00:00:00.000Z",
    lines: [
      {
        lineItemId: "gid://shopify/LineItem/1",
        variantId: "gid://shopify/ProductVariant/1",
        shipNow: 0,
        waiting: 1,
        status: "backordered",
        eta: null,
      },
    ],
  };
  it.each([
    { name: "a JSON string", value: JSON.stringify(valid), ok: true },
    { name: "an object", value: valid, ok: true },
    { name: "broken JSON", value: "{", ok: false },
    { name: "another version", value: { ...valid, v: 2 }, ok: false },
    {
      name: "a fractional quantity",
      value: { ...valid, lines: [{ ...valid.lines[0], waiting: 0.5 }] },
      ok: false,
    },
    {
      name: "an unknown status",
      value: { ...valid, lines: [{ ...valid.lines[0], status: "new" }] },
      ok: false,
    },
    { name: "null", value: null, ok: false },
    {
      name: "an ETA range",
      value: {
        ...valid,
        lines: [{ ...valid.lines[0], eta: { from: "2024-01-02", to: "2024-01-03", source: "incoming" } }],
      },
      ok: true,
    },
    {
      name: "an ETA that ends before it starts",
      value: {
        ...valid,
        lines: [{ ...valid.lines[0], eta: { from: "2024-01-03", to: "2024-01-02", source: "incoming" } }],
      },
      ok: false,
    },
    {
      name: "an unknown ETA source",
      value: {
        ...valid,
        lines: [{ ...valid.lines[0], promised: { from: "2024-01-02", to: "2024-01-02", source: "guess" } }],
      },
      ok: false,
    },
  ])("$name", ({ value, ok }) => {
    expect(parseOrderMetafield(value) !== null).toBe(ok);
  });

  it("treats two metafields written at different times as the same", () => {
    const a = parseOrderMetafield(valid)!;
    expect(sameMetafield(a, { ...a, updatedAt: "2030-01-01T00:00:00.000Z" })).toBe(true);
    expect(sameMetafield(a, { ...a, lines: [{ ...a.lines[0]!, waiting: 2 }] })).toBe(false);
    expect(sameMetafield(a, { ...a, manage: "https://shop.example/apps/waitwell/orders?token=t" })).toBe(
      false,
    );
  });

  it("reads the self-service link, and none from a record written before it was carried", () => {
    expect(parseOrderMetafield(valid)!.manage).toBeNull();
    const link = "https://shop.example/apps/waitwell/orders?token=t";
    expect(parseOrderMetafield({ ...valid, manage: link })!.manage).toBe(link);
    expect(parseOrderMetafield({ ...valid, manage: 42 })).toBeNull();
  });
});

describe("the self-service link in the metafield", () => {
  const link = "https://shop.example/apps/waitwell/orders?token=t";
  it("is carried while a unit waits, and dropped once nothing does", () => {
    const backordered = line(onOrder({ id: 1, qty: 2, status: "backordered" }));
    const waiting = summarizeOrder(ORDER, [backordered], at(1), new Map(), link);
    expect(waiting.metafield.manage).toBe(link);
    const allocated = line(onOrder({ id: 1, qty: 2, status: "allocated", allocated: 2 }));
    expect(summarizeOrder(ORDER, [allocated], at(2), new Map(), link).metafield.manage).toBeNull();
  });
});

describe("end to end: decide, store, summarise", () => {
  it("writes once for a backordered order and never for an order that ships", () => {
    const lines = settle(
      [
        line({ id: 1, order: 1, qty: 1 }),
        line({ id: 2, order: 2, qty: 1 }),
        line({ id: 3, order: 2, qty: 1, item: 2 }),
      ],
      [supply(1), supply(5, 2)],
    );
    const order1 = summarizeOrder(orderId(1), lines.slice(0, 1), at(1));
    const order2 = summarizeOrder(orderId(2), lines.slice(1), at(1));
    expect([metafieldNeedsWrite(null, order1), metafieldNeedsWrite(null, order2)]).toEqual([false, true]);
    expect(order2.holds).toEqual([{ lineItemId: lineId(2), handle: "waitwell-2", quantity: 1 }]);
  });
});
