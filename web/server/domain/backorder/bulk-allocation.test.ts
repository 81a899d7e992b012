import { describe, expect, it } from "vitest";
import { planStockAllocation } from "./bulk-allocation.js";
import { at, JOB, line, lineId, settle, supply, type LineSpec } from "./test-fixtures.js";
import type { AllocationRules, StockLevel } from "./types.js";

interface Case {
  name: string;
  /** Settled first (decided and stored), as the engine leaves lines between events. */
  input: { stock: StockLevel[]; lines: LineSpec[]; rules?: Partial<AllocationRules> };
  chosen: number[];
  expected: Record<number, number>;
}

const cases: Case[] = [
  {
    name: "free units go to the chosen lines first come first served, whatever order they were chosen in",
    input: {
      stock: [supply(3)],
      lines: [
        { id: 1, qty: 2, status: "backordered" },
        { id: 2, qty: 2, status: "backordered" },
        { id: 3, qty: 2, status: "backordered" },
      ],
      rules: { partial: "never" },
    },
    chosen: [3, 2],
    // The rules give line 1 two of the 3 units; the one left goes to line 2 (older than 3), line 3 gets nothing.
    expected: { 2: 1, 3: 0 },
  },
  {
    name: "lines the rules already served in full get nothing more",
    input: {
      stock: [supply(10)],
      lines: [
        { id: 1, qty: 5, status: "backordered" },
        { id: 2, qty: 1, status: "backordered" },
      ],
      rules: { partial: "never" },
    },
    chosen: [1, 2],
    expected: { 1: 0, 2: 0 },
  },
  {
    name: "units stuck by a minimum-partial rule are handed out by hand",
    input: {
      stock: [supply(3)],
      lines: [
        { id: 1, qty: 5, status: "backordered" },
        { id: 2, qty: 4, status: "backordered" },
      ],
      rules: { minPartialUnits: 4 },
    },
    chosen: [1, 2],
    expected: { 1: 3, 2: 0 },
  },
  {
    name: "pools are independent; an unknown or closed line gets 0",
    input: {
      stock: [supply(1, 1), supply(2, 2)],
      lines: [
        { id: 1, qty: 3, item: 1, status: "backordered" },
        { id: 2, qty: 3, item: 2, status: "backordered" },
        { id: 3, qty: 0, item: 2, status: "cancelled" },
      ],
      rules: { partial: "never" },
    },
    chosen: [1, 2, 3, 9],
    expected: { 1: 1, 2: 2, 3: 0, 9: 0 },
  },
];

describe("planStockAllocation", () => {
  it.each(cases)("$name", ({ input, chosen, expected }) => {
    const lines = settle(input.lines.map(line), input.stock, input.rules);
    const plan = planStockAllocation(
      { stock: input.stock, lines, rules: input.rules ?? {} },
      chosen.map(lineId),
      at(20_000),
      JOB,
    );
    expect(Object.fromEntries([...plan].map(([id, units]) => [Number(id.split("/").pop()), units]))).toEqual(
      expected,
    );
  });
});
