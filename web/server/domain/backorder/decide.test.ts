import { describe, expect, it } from "vitest";
import { ValidationError } from "../../errors.js";
import { decideBackorders } from "./decide.js";
import { MissingStockLevelError } from "./errors.js";
import { transition } from "./line-state.js";
import type { AllocationRules, LineStatus, StockLevel } from "./types.js";
import { JOB, at, level, line, lineId, orderId, settle, supply, type LineSpec } from "./test-fixtures.js";

/** [status, inStock, allocated, waiting] */
type Expected = [LineStatus, number, number, number];

interface Case {
  name: string;
  input: { stock: StockLevel[]; lines: LineSpec[]; rules?: Partial<AllocationRules> };
  expected: {
    lines: Record<number, Expected>;
    leftover?: number;
    ordersToSync?: number[];
    fullyAllocated?: number[];
  };
}

const detection: Case[] = [
  {
    name: "plenty of stock: every line ships and no order costs an API call",
    input: {
      stock: [supply(10)],
      lines: [
        { id: 1, qty: 2 },
        { id: 2, qty: 3 },
      ],
    },
    expected: {
      lines: { 1: ["in_stock", 2, 0, 0], 2: ["in_stock", 3, 0, 0] },
      leftover: 5,
      ordersToSync: [],
    },
  },
  {
    name: "the last units go to the earliest orders",
    input: {
      stock: [supply(2)],
      lines: [
        { id: 3, qty: 1 },
        { id: 1, qty: 1 },
        { id: 2, qty: 1 },
      ],
    },
    expected: {
      lines: { 1: ["in_stock", 1, 0, 0], 2: ["in_stock", 1, 0, 0], 3: ["backordered", 0, 0, 1] },
      ordersToSync: [3],
    },
  },
  {
    name: "orders of the same second: the lower order id first, compared as numbers",
    input: {
      stock: [supply(1)],
      lines: [
        { id: 1, order: 10, minute: 5, qty: 1 },
        { id: 2, order: 9, minute: 5, qty: 1 },
      ],
    },
    expected: { lines: { 1: ["backordered", 0, 0, 1], 2: ["in_stock", 1, 0, 0] }, ordersToSync: [10] },
  },
  {
    name: "a line partly in stock ships what there is and waits for the rest",
    input: { stock: [supply(2)], lines: [{ id: 1, qty: 5 }] },
    expected: { lines: { 1: ["backordered", 2, 0, 3] }, leftover: 0, ordersToSync: [1] },
  },
  {
    name: "untracked variants never wait and need no stock level",
    input: { stock: [], lines: [{ id: 1, qty: 3, tracked: false }] },
    expected: { lines: { 1: ["in_stock", 3, 0, 0] }, ordersToSync: [] },
  },
  {
    name: "each inventory item and location is its own pool",
    input: {
      stock: [supply(1, 1, 1), supply(0, 1, 2), supply(1, 2, 1)],
      lines: [
        { id: 1, qty: 1, location: 1 },
        { id: 2, qty: 1, location: 2 },
        { id: 3, qty: 1, item: 2 },
      ],
    },
    expected: { lines: { 1: ["in_stock", 1, 0, 0], 2: ["backordered", 0, 0, 1], 3: ["in_stock", 1, 0, 0] } },
  },
  {
    name: "available already net of the orders Shopify saw: their units are added back",
    input: {
      stock: [level(-1, 10)],
      lines: [
        { id: 1, minute: 1, qty: 1 },
        { id: 2, minute: 2, qty: 1 },
      ],
    },
    expected: { lines: { 1: ["in_stock", 1, 0, 0], 2: ["backordered", 0, 0, 1] } },
  },
  {
    name: "an order created after the snapshot is not added back: it draws on available",
    input: {
      stock: [level(1, 0)],
      lines: [
        { id: 1, minute: 1, qty: 1 },
        { id: 2, minute: 2, qty: 1 },
      ],
    },
    expected: { lines: { 1: ["in_stock", 1, 0, 0], 2: ["backordered", 0, 0, 1] } },
  },
  {
    name: "supply below zero holds everything and leaves nothing over",
    input: { stock: [level(-3, 10)], lines: [{ id: 1, minute: 1, qty: 1 }] },
    expected: { lines: { 1: ["backordered", 0, 0, 1] }, leftover: 0 },
  },
];

const bo = (spec: Omit<LineSpec, "status">): LineSpec => ({ ...spec, status: "backordered" });

const allocation: Case[] = [
  {
    // A webhook places an order to the millisecond (X-Shopify-Triggered-At); reconciliation reads whole seconds.
    // Order 22 came after order 20 although its recorded time is earlier within the second: ids decide.
    name: "orders of one second, one known to the millisecond and one to the second: the lower order id first",
    input: {
      stock: [supply(1)],
      lines: [
        bo({ id: 1, order: 20, minute: 5 + 271 / 60_000, qty: 1 }),
        bo({ id: 2, order: 22, minute: 5, qty: 1 }),
      ],
    },
    expected: { lines: { 1: ["allocated", 0, 1, 0], 2: ["backordered", 0, 0, 1] }, fullyAllocated: [1] },
  },
  {
    name: "arriving stock goes to the oldest waiting line",
    input: { stock: [supply(3)], lines: [bo({ id: 1, qty: 2 }), bo({ id: 2, qty: 2 })] },
    expected: {
      lines: { 1: ["allocated", 0, 2, 0], 2: ["partially_allocated", 0, 1, 1] },
      fullyAllocated: [1],
      ordersToSync: [1, 2],
    },
  },
  {
    name: "priority tags go first, in the order listed, matched case-insensitively",
    input: {
      stock: [supply(2)],
      lines: [
        bo({ id: 1, qty: 1 }),
        bo({ id: 2, qty: 1, tags: ["wholesale"] }),
        bo({ id: 3, qty: 1, tags: [" vip"] }),
      ],
      rules: { priorityTags: ["VIP", "Wholesale"] },
    },
    expected: {
      lines: { 1: ["backordered", 0, 0, 1], 2: ["allocated", 0, 1, 0], 3: ["allocated", 0, 1, 0] },
    },
  },
  {
    name: "the first listed tag wins when an order carries several",
    input: {
      stock: [supply(1)],
      lines: [bo({ id: 1, qty: 1, tags: ["wholesale"] }), bo({ id: 2, qty: 1, tags: ["wholesale", "VIP"] })],
      rules: { priorityTags: ["VIP", "wholesale"] },
    },
    expected: { lines: { 1: ["backordered", 0, 0, 1], 2: ["allocated", 0, 1, 0] } },
  },
  {
    name: "a staff priority goes before every tag",
    input: {
      stock: [supply(1)],
      lines: [bo({ id: 1, qty: 1, tags: ["VIP"] }), bo({ id: 2, qty: 1, priority: 0 })],
      rules: { priorityTags: ["VIP"] },
    },
    expected: { lines: { 1: ["backordered", 0, 0, 1], 2: ["allocated", 0, 1, 0] } },
  },
  {
    name: "complete lines first: skip the line the stock cannot complete, then hand out the rest",
    input: { stock: [supply(3)], lines: [bo({ id: 1, qty: 5 }), bo({ id: 2, qty: 2 })] },
    expected: { lines: { 1: ["partially_allocated", 0, 1, 4], 2: ["allocated", 0, 2, 0] }, leftover: 0 },
  },
  {
    name: "without complete-first the oldest line takes what there is",
    input: {
      stock: [supply(3)],
      lines: [bo({ id: 1, qty: 5 }), bo({ id: 2, qty: 2 })],
      rules: { completeLinesFirst: false },
    },
    expected: { lines: { 1: ["partially_allocated", 0, 3, 2], 2: ["backordered", 0, 0, 2] }, leftover: 0 },
  },
  {
    name: "never partial: the stock waits for a line it can complete",
    input: {
      stock: [supply(3)],
      lines: [bo({ id: 1, qty: 5 }), bo({ id: 2, qty: 2 })],
      rules: { partial: "never", completeLinesFirst: false },
    },
    expected: { lines: { 1: ["backordered", 0, 0, 5], 2: ["allocated", 0, 2, 0] }, leftover: 1 },
  },
  {
    name: "a minimum partial quantity keeps a single unit back",
    input: { stock: [supply(1)], lines: [bo({ id: 1, qty: 5 })], rules: { minPartialUnits: 2 } },
    expected: { lines: { 1: ["backordered", 0, 0, 5] }, leftover: 1 },
  },
  {
    name: "a line at its cap of partial allocations only takes a grant that completes it",
    input: {
      stock: [supply(4)],
      lines: [
        { id: 1, qty: 5, status: "partially_allocated", allocated: 1, partials: 1 },
        bo({ id: 2, qty: 4, minute: 2 }),
      ],
      rules: { maxPartialAllocations: 1, completeLinesFirst: false },
    },
    expected: {
      lines: { 1: ["partially_allocated", 0, 1, 4], 2: ["partially_allocated", 0, 3, 1] },
      leftover: 0,
    },
  },
  {
    name: "a later VIP order does not take the unit of an order that was in stock",
    input: {
      stock: [supply(1)],
      lines: [
        { id: 1, qty: 1, status: "in_stock", inStock: 1 },
        { id: 2, qty: 1, tags: ["VIP"] },
      ],
      rules: { priorityTags: ["VIP"] },
    },
    expected: { lines: { 1: ["in_stock", 1, 0, 0], 2: ["backordered", 0, 0, 1] }, ordersToSync: [2] },
  },
  {
    name: "a late webhook of an earlier order takes its unit back from a later one",
    input: {
      stock: [supply(1)],
      lines: [
        { id: 2, qty: 1, status: "in_stock", inStock: 1 },
        { id: 1, qty: 1 },
      ],
    },
    expected: { lines: { 1: ["in_stock", 1, 0, 0], 2: ["backordered", 0, 0, 1] }, ordersToSync: [2] },
  },
  {
    name: "a new order does not jump the queue of lines already waiting",
    input: { stock: [supply(2)], lines: [bo({ id: 1, qty: 2 }), { id: 2, qty: 1 }] },
    expected: { lines: { 1: ["allocated", 0, 2, 0], 2: ["backordered", 0, 0, 1] }, leftover: 0 },
  },
  {
    name: "stock that shrinks takes back the reservation last in priority first",
    input: {
      stock: [supply(2)],
      lines: [
        { id: 1, qty: 3, status: "partially_allocated", allocated: 2 },
        { id: 2, qty: 1, status: "released", allocated: 1 },
      ],
    },
    expected: {
      lines: { 1: ["partially_allocated", 0, 2, 1], 2: ["backordered", 0, 0, 1] },
      ordersToSync: [2],
    },
  },
  {
    name: "stock that shrinks takes in-stock units from the latest order first",
    input: {
      stock: [supply(1)],
      lines: [
        { id: 1, qty: 1, status: "in_stock", inStock: 1 },
        { id: 2, qty: 1, status: "in_stock", inStock: 1 },
      ],
    },
    expected: { lines: { 1: ["in_stock", 1, 0, 0], 2: ["backordered", 0, 0, 1] } },
  },
  {
    // A level that counted an order of its own instant it had not seen yet (or a whole-second order time) makes
    // the supply look a unit larger for a moment: order 2, waiting, is granted it; the next level puts it right.
    name: "stock that shrinks takes a later order's reservation before an earlier order's in-stock unit",
    input: {
      stock: [supply(1)],
      lines: [
        { id: 1, qty: 1, status: "in_stock", inStock: 1 },
        { id: 2, qty: 1, status: "allocated", allocated: 1 },
      ],
    },
    expected: { lines: { 1: ["in_stock", 1, 0, 0], 2: ["backordered", 0, 0, 1] }, ordersToSync: [2] },
  },
  {
    name: "units added by an edit queue up; a later line keeps its in-stock unit",
    input: {
      stock: [supply(2)],
      lines: [bo({ id: 1, qty: 3, inStock: 1 }), { id: 2, qty: 1, status: "in_stock", inStock: 1 }],
    },
    expected: { lines: { 1: ["backordered", 1, 0, 2], 2: ["in_stock", 1, 0, 0] }, ordersToSync: [] },
  },
  {
    name: "a fully allocated line stays listed for release until the release is recorded",
    input: { stock: [supply(1)], lines: [{ id: 1, qty: 1, status: "allocated", allocated: 1 }] },
    expected: { lines: { 1: ["allocated", 0, 1, 0] }, fullyAllocated: [1], ordersToSync: [] },
  },
  {
    name: "closed lines are left alone and hold no stock",
    input: {
      stock: [supply(1)],
      lines: [{ id: 1, qty: 0, status: "cancelled" }, bo({ id: 2, qty: 1 })],
    },
    expected: { lines: { 1: ["cancelled", 0, 0, 0], 2: ["allocated", 0, 1, 0] } },
  },
];

describe("decideBackorders", () => {
  it.each([...detection, ...allocation])("$name", ({ input, expected }) => {
    const lines = input.lines.map(line);
    const decision = decideBackorders({ stock: input.stock, lines, rules: input.rules });

    const got = Object.fromEntries(
      decision.lines.map((d) => [
        Number(d.lineItemId.split("/").pop()),
        [d.status, d.inStock, d.allocated, d.waiting],
      ]),
    );
    expect(got).toEqual(expected.lines);
    if (expected.leftover !== undefined) expect(decision.pools[0]?.leftover).toBe(expected.leftover);
    if (expected.ordersToSync) expect(decision.ordersToSync).toEqual(expected.ordersToSync.map(orderId));
    if (expected.fullyAllocated) expect(decision.fullyAllocated).toEqual(expected.fullyAllocated.map(lineId));
  });

  it("compares order times as instants, whatever their offset", () => {
    // 10:30+02:00 is 08:30Z, earlier than 09:00Z although it sorts later as a string.
    const lines = [
      { ...line({ id: 1, qty: 1 }), orderCreatedAt: "2024-01-01T09:00:00Z" },
      { ...line({ id: 2, qty: 1 }), orderCreatedAt: "2024-01-01T10:30:00+02:00" },
    ];
    const decision = decideBackorders({ stock: [supply(1)], lines });
    expect(decision.lines.map((d) => d.status)).toEqual(["backordered", "in_stock"]);
  });

  it("frees a cancelled line's units for the next line in the queue", () => {
    let lines = settle([line({ id: 1, qty: 2 }), line({ id: 2, qty: 1 })], [supply(2)]);
    expect(lines.map((l) => l.status)).toEqual(["in_stock", "backordered"]);

    const cancelled = transition(lines[0]!, { type: "cancel" }, at(50), { kind: "webhook", ref: "w-1" });
    if (!cancelled.ok) throw cancelled.error;
    lines = settle([cancelled.line, lines[1]!], [supply(2)]);

    expect(lines.map((l) => [l.status, l.allocated])).toEqual([
      ["cancelled", 0],
      ["allocated", 1],
    ]);
  });

  it("frees the units removed by an edit or refund", () => {
    let lines = settle([line({ id: 1, qty: 3 }), line({ id: 2, qty: 2 })], [supply(3)]);
    const edited = transition(lines[0]!, { type: "change_quantity", quantity: 1 }, at(50), JOB);
    if (!edited.ok) throw edited.error;
    lines = settle([edited.line, lines[1]!], [supply(3)]);
    expect(lines.map((l) => [l.status, l.inStock, l.allocated])).toEqual([
      ["in_stock", 1, 0],
      ["allocated", 0, 2],
    ]);
  });

  it("names every pool without a stock level", () => {
    const lines = [line({ id: 1, qty: 1, item: 7 }), line({ id: 2, qty: 1, item: 8, location: 3 })];
    expect(() => decideBackorders({ stock: [], lines })).toThrow(MissingStockLevelError);
    expect(() => decideBackorders({ stock: [], lines })).toThrow(/InventoryItem\/7.*InventoryItem\/8/);
  });

  it.each([
    {
      name: "a fractional quantity",
      lines: [{ ...line({ id: 1, qty: 1 }), quantity: 1.5 }],
      field: /quantity/,
    },
    {
      name: "a malformed line id",
      lines: [{ ...line({ id: 1, qty: 1 }), lineItemId: "123" }],
      field: /lineItemId/,
    },
    {
      name: "the same line twice",
      lines: [line({ id: 1, qty: 1 }), line({ id: 1, qty: 1 })],
      field: /twice/,
    },
    { name: "more in stock than ordered", lines: [line({ id: 1, qty: 1, inStock: 2 })], field: /exceeds/ },
    {
      name: "a time without a zone",
      lines: [{ ...line({ id: 1, qty: 1 }), orderCreatedAt: "2024-01-01 10:00" }],
      field: /orderCreatedAt/,
    },
  ])("rejects $name", ({ lines, field }) => {
    const run = () => decideBackorders({ stock: [supply(1)], lines: lines as never });
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(field);
  });

  it("checks a frozen line once, and a line that can change at every call", () => {
    const frozen = Object.freeze(line({ id: 1, qty: 1 }));
    const open = line({ id: 2, qty: 1 });
    const first = decideBackorders({ stock: [supply(2)], lines: [frozen, open] });
    expect(decideBackorders({ stock: [supply(2)], lines: [frozen, open] })).toEqual(first);
    open.quantity = 1.5;
    expect(() => decideBackorders({ stock: [supply(2)], lines: [frozen, open] })).toThrow(
      /lines\[1\]\.quantity/,
    );
    // A Date inside a frozen line can still be set: its time is read again.
    const dated = Object.freeze({ ...line({ id: 3, qty: 1 }), orderCreatedAt: new Date(at(5)) });
    decideBackorders({ stock: [supply(1)], lines: [dated] });
    dated.orderCreatedAt.setTime(Number.NaN);
    expect(() => decideBackorders({ stock: [supply(1)], lines: [dated] })).toThrow(/orderCreatedAt/);
  });

  it.each([
    { rules: { minPartialUnits: 0 }, field: /minPartialUnits/ },
    { rules: { partial: "sometimes" }, field: /partial/ },
    { rules: { priorityTags: [""] }, field: /priorityTags/ },
    { rules: { maxPartialAllocations: -1 }, field: /maxPartialAllocations/ },
  ])("rejects the rules $rules", ({ rules, field }) => {
    const run = () => decideBackorders({ stock: [supply(1)], lines: [], rules: rules as never });
    expect(run).toThrow(field);
  });
});
