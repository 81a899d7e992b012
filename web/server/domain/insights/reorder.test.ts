import { describe, expect, it } from "vitest";
import { reorderLine, reorderList, type ReorderInput } from "./reorder.js";

const base: ReorderInput = {
  variantId: "gid://shopify/ProductVariant/1",
  sku: "SKU-1",
  title: "Boot – 9",
  waitingUnits: 0,
  orderedInWindow: 0,
  leadTime: { days: 14, source: "default" },
  incoming: 0,
};

describe("reorderLine", () => {
  it.each([
    ["waiting only", { waitingUnits: 5 }, 0, 5],
    ["28 ordered in 28 days over 14 days of lead time", { orderedInWindow: 28 }, 14, 14],
    ["demand rounds up to a whole unit", { orderedInWindow: 1, leadTime: { days: 1, source: "rule" } }, 1, 1],
    ["waiting + demand − incoming", { waitingUnits: 4, orderedInWindow: 56, incoming: 10 }, 28, 22],
    ["incoming covers everything", { waitingUnits: 4, orderedInWindow: 28, incoming: 100 }, 14, 0],
    [
      "no lead time: only what waits",
      { waitingUnits: 3, orderedInWindow: 99, leadTime: { days: 0, source: "rule" } },
      0,
      3,
    ],
  ] as const)("%s", (_name, patch, expectedDemand, suggested) => {
    const line = reorderLine({ ...base, ...patch } as ReorderInput);
    expect(line.expectedDemand).toBe(expectedDemand);
    expect(line.suggested).toBe(suggested);
  });

  it("lists variants with something waiting or to reorder, the largest suggestion first", () => {
    const list = reorderList([
      { ...base, variantId: "a", waitingUnits: 1 },
      { ...base, variantId: "b", waitingUnits: 0, orderedInWindow: 0 },
      { ...base, variantId: "c", orderedInWindow: 56 },
      { ...base, variantId: "d", waitingUnits: 2, incoming: 5 },
    ]);
    expect(list.map((l) => [l.variantId, l.suggested])).toEqual([
      ["c", 28],
      ["a", 1],
      ["d", 0],
    ]);
  });
});
