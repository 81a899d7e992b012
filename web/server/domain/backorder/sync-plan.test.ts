import { describe, expect, it } from "vitest";
import { summarizeOrder } from "./order-summary.js";
import { holdHandle, planOrderSync, type PlanFulfillmentOrder, type SyncPlan } from "./sync-plan.js";
import { at, line, lineId, orderId } from "./test-fixtures.js";

const ORDER = orderId(1);
const fo = (
  id: number,
  items: [foLine: number, line: number, remaining: number][],
  holds: PlanFulfillmentOrder["holds"] = [],
  status = "OPEN",
): PlanFulfillmentOrder => ({
  id: `gid://shopify/FulfillmentOrder/${id}`,
  status,
  holds,
  lineItems: items.map(([foLine, l, remaining]) => ({
    id: `gid://shopify/FulfillmentOrderLineItem/${foLine}`,
    lineItemId: lineId(l),
    remainingQuantity: remaining,
  })),
});
const ours = (id: number, handle: string) => ({
  id: `gid://shopify/FulfillmentHold/${id}`,
  handle,
  heldByRequestingApp: true,
});
const foLine = (n: number) => `gid://shopify/FulfillmentOrderLineItem/${n}`;

// Line 11: 1 unit in stock; line 12: 3 units, 1 in stock, 2 wait.
const mixed = [
  line({ id: 11, order: 1, qty: 1, status: "in_stock", inStock: 1 }),
  line({ id: 12, order: 1, qty: 3, status: "backordered", inStock: 1, item: 2 }),
];
const settled = [
  line({ id: 11, order: 1, qty: 1, status: "in_stock", inStock: 1 }),
  line({ id: 12, order: 1, qty: 3, status: "in_stock", inStock: 3, item: 2 }),
];
const summary = (lines = mixed) => summarizeOrder(ORDER, lines, at(5));
const writtenMetafield = summary().metafield;
const SETTINGS = { backorderTag: "backorder", shipTogether: false };

interface Case {
  name: string;
  lines?: typeof mixed;
  tags?: string[];
  metafield?: typeof writtenMetafield | null;
  fulfillmentOrders: PlanFulfillmentOrder[];
  shipTogether?: boolean;
  expected: Partial<SyncPlan>;
}

const cases: Case[] = [
  {
    name: "first sync of a mixed cart: tag, metafield, hold only the waiting units of line 12",
    fulfillmentOrders: [
      fo(100, [
        [1, 11, 1],
        [2, 12, 3],
      ]),
    ],
    expected: {
      tagsAdd: ["backorder"],
      tagsRemove: [],
      metafield: writtenMetafield,
      fulfillmentOrders: [
        {
          fulfillmentOrderId: "gid://shopify/FulfillmentOrder/100",
          release: [],
          hold: {
            handle: "waitwell-12",
            fulfillmentOrderLineItems: [{ id: foLine(2), quantity: 2 }],
            lines: [{ lineItemId: lineId(12), quantity: 2 }],
          },
        },
      ],
    },
  },
  {
    name: "re-run after the writes landed (split fulfillment order held by us): nothing",
    tags: ["Backorder"],
    metafield: writtenMetafield,
    fulfillmentOrders: [
      fo(100, [[2, 12, 2]], [ours(7, "waitwell-12")], "ON_HOLD"),
      fo(101, [
        [1, 11, 1],
        [3, 12, 1],
      ]),
    ],
    expected: {
      tagsAdd: [],
      tagsRemove: [],
      metafield: null,
      fulfillmentOrders: [],
      kept: [
        {
          fulfillmentOrderId: "gid://shopify/FulfillmentOrder/100",
          holdId: "gid://shopify/FulfillmentHold/7",
          handle: "waitwell-12",
          lines: [{ lineItemId: lineId(12), quantity: 2 }],
        },
      ],
    },
  },
  {
    name: "all units arrived: release our hold, remove the tag, rewrite the metafield",
    lines: settled,
    tags: ["backorder", "vip"],
    metafield: writtenMetafield,
    fulfillmentOrders: [
      fo(100, [[2, 12, 2]], [ours(7, "waitwell-12")], "ON_HOLD"),
      fo(101, [
        [1, 11, 1],
        [3, 12, 1],
      ]),
    ],
    expected: {
      tagsAdd: [],
      tagsRemove: ["backorder"],
      metafield: summary(settled).metafield,
      fulfillmentOrders: [
        {
          fulfillmentOrderId: "gid://shopify/FulfillmentOrder/100",
          release: ["gid://shopify/FulfillmentHold/7"],
          hold: null,
        },
      ],
    },
  },
  {
    name: "fewer units wait than our hold covers: release and hold the new quantity",
    lines: [mixed[0]!, line({ id: 12, order: 1, qty: 3, status: "backordered", inStock: 2, item: 2 })],
    tags: ["backorder"],
    metafield: writtenMetafield,
    fulfillmentOrders: [
      fo(100, [[2, 12, 2]], [ours(7, "waitwell-12")], "ON_HOLD"),
      fo(101, [
        [1, 11, 1],
        [3, 12, 1],
      ]),
    ],
    expected: {
      fulfillmentOrders: [
        {
          fulfillmentOrderId: "gid://shopify/FulfillmentOrder/100",
          release: ["gid://shopify/FulfillmentHold/7"],
          hold: {
            handle: "waitwell-12",
            fulfillmentOrderLineItems: [{ id: foLine(2), quantity: 1 }],
            lines: [{ lineItemId: lineId(12), quantity: 1 }],
          },
        },
      ],
    },
  },
  {
    name: "another app's hold and the merchant's are never released",
    lines: settled,
    fulfillmentOrders: [
      fo(
        100,
        [
          [1, 11, 1],
          [2, 12, 3],
        ],
        [
          { id: "gid://shopify/FulfillmentHold/8", handle: "waitwell-12", heldByRequestingApp: false },
          { id: "gid://shopify/FulfillmentHold/9", handle: "other", heldByRequestingApp: true },
        ],
        "ON_HOLD",
      ),
    ],
    expected: { fulfillmentOrders: [], tagsAdd: [], tagsRemove: [], metafield: null },
  },
  {
    name: "ship together: the whole fulfillment order is held under one hashed handle",
    shipTogether: true,
    fulfillmentOrders: [
      fo(100, [
        [1, 11, 1],
        [2, 12, 3],
      ]),
      fo(102, [], [], "CLOSED"),
    ],
    expected: {
      fulfillmentOrders: [
        {
          fulfillmentOrderId: "gid://shopify/FulfillmentOrder/100",
          release: [],
          hold: {
            handle: holdHandle([
              { lineItemId: lineId(11), quantity: 1 },
              { lineItemId: lineId(12), quantity: 3 },
            ]),
            fulfillmentOrderLineItems: [
              { id: foLine(1), quantity: 1 },
              { id: foLine(2), quantity: 3 },
            ],
            lines: [
              { lineItemId: lineId(11), quantity: 1 },
              { lineItemId: lineId(12), quantity: 3 },
            ],
          },
        },
      ],
    },
  },
  {
    name: "an order never backordered and never written: nothing at all",
    lines: settled,
    fulfillmentOrders: [
      fo(100, [
        [1, 11, 1],
        [2, 12, 3],
      ]),
    ],
    expected: { tagsAdd: [], tagsRemove: [], metafield: null, fulfillmentOrders: [], kept: [] },
  },
];

describe("planOrderSync", () => {
  it.each(cases)("$name", (c) => {
    const plan = planOrderSync({
      summary: summary(c.lines ?? mixed),
      shopify: { tags: c.tags ?? [], metafield: c.metafield ?? null, fulfillmentOrders: c.fulfillmentOrders },
      settings: { ...SETTINGS, shipTogether: c.shipTogether ?? false },
    });
    expect(plan).toMatchObject(c.expected);
  });

  it("waiting units spread over several fulfillment orders of one line", () => {
    const waiting = [line({ id: 12, order: 1, qty: 3, status: "backordered", inStock: 0, item: 2 })];
    const plan = planOrderSync({
      summary: summary(waiting),
      shopify: {
        tags: [],
        metafield: null,
        fulfillmentOrders: [fo(100, [[2, 12, 2]]), fo(101, [[3, 12, 1]])],
      },
      settings: SETTINGS,
    });
    expect(
      plan.fulfillmentOrders.map((a) => [a.fulfillmentOrderId, a.hold?.fulfillmentOrderLineItems]),
    ).toEqual([
      ["gid://shopify/FulfillmentOrder/100", [{ id: foLine(2), quantity: 2 }]],
      ["gid://shopify/FulfillmentOrder/101", [{ id: foLine(3), quantity: 1 }]],
    ]);
  });
});

describe("holdHandle", () => {
  it.each([
    { lines: [{ lineItemId: lineId(12), quantity: 2 }], expected: "waitwell-12" },
    { lines: [{ lineItemId: lineId(12), quantity: 5 }], expected: "waitwell-12" },
  ])("one line: waitwell-<line id> ($expected)", ({ lines, expected }) => {
    expect(holdHandle(lines)).toBe(expected);
  });

  it("several lines: stable for the same set in any order, different for other quantities, ≤ 64 chars", () => {
    const a = holdHandle([
      { lineItemId: lineId(11), quantity: 1 },
      { lineItemId: lineId(12), quantity: 3 },
    ]);
    const b = holdHandle([
      { lineItemId: lineId(12), quantity: 3 },
      { lineItemId: lineId(11), quantity: 1 },
    ]);
    const c = holdHandle([
      { lineItemId: lineId(11), quantity: 1 },
      { lineItemId: lineId(12), quantity: 2 },
    ]);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^waitwell-[0-9a-f]{16}$/);
    expect(a.length).toBeLessThanOrEqual(64);
  });
});
