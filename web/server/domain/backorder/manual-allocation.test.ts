import { describe, expect, it } from "vitest";
import { InvalidValueError } from "../shared/errors.js";
import { allocationRoom, type AllocationRoom } from "./manual-allocation.js";
import { line, lineId, settle, supply, type LineSpec } from "./test-fixtures.js";
import type { AllocationRules, StockLevel } from "./types.js";

interface Case {
  name: string;
  /** The lines are settled first (decided and stored), as the engine leaves them between events. */
  input: { stock: StockLevel[]; lines: LineSpec[]; rules?: Partial<AllocationRules> };
  line: number;
  expected: AllocationRoom;
}

const cases: Case[] = [
  {
    name: "every unit is taken: nothing is free",
    input: {
      stock: [supply(3)],
      lines: [
        { id: 1, qty: 3 },
        { id: 2, qty: 2 },
      ],
    },
    line: 2,
    expected: { waiting: 2, supply: 3, claimedByOthers: 3, free: 0, max: 0 },
  },
  {
    name: "partials forbidden: staff may still hand the stuck units to a line by hand",
    input: {
      stock: [supply(2)],
      lines: [
        { id: 1, qty: 3, status: "backordered" },
        { id: 2, qty: 5, status: "backordered" },
      ],
      rules: { partial: "never" },
    },
    line: 2,
    expected: { waiting: 5, supply: 2, claimedByOthers: 0, free: 2, max: 2 },
  },
  {
    name: "below the smallest partial worth making: the free units are offered, not more than wait",
    input: {
      stock: [supply(6)],
      lines: [
        { id: 1, qty: 4 },
        { id: 2, qty: 10, status: "backordered" },
      ],
      rules: { minPartialUnits: 5 },
    },
    line: 2,
    expected: { waiting: 10, supply: 6, claimedByOthers: 4, free: 2, max: 2 },
  },
  {
    name: "the line's own reservations are not free again",
    input: {
      stock: [supply(4)],
      lines: [
        { id: 1, qty: 5, status: "partially_allocated", allocated: 2, partials: 1 },
        { id: 2, qty: 1, status: "backordered" },
      ],
      rules: { maxPartialAllocations: 1, completeLinesFirst: false },
    },
    line: 1,
    expected: { waiting: 3, supply: 4, claimedByOthers: 1, free: 1, max: 1 },
  },
  {
    name: "fewer units wait than are free: the waiting units bound it",
    input: {
      stock: [supply(9)],
      lines: [
        { id: 1, qty: 10, status: "backordered" },
        { id: 2, qty: 2, status: "backordered" },
      ],
      rules: { partial: "never" },
    },
    line: 2,
    expected: { waiting: 0, supply: 9, claimedByOthers: 0, free: 7, max: 0 },
  },
  {
    name: "lines of another pool claim nothing of this one",
    input: {
      stock: [supply(1), supply(50, 2)],
      lines: [
        { id: 1, qty: 40, item: 2 },
        { id: 2, qty: 3, status: "backordered" },
      ],
      rules: { partial: "never" },
    },
    line: 2,
    expected: { waiting: 3, supply: 1, claimedByOthers: 0, free: 1, max: 1 },
  },
  {
    name: "an untracked line waits for nothing",
    input: { stock: [supply(5)], lines: [{ id: 1, qty: 2, tracked: false }] },
    line: 1,
    expected: { waiting: 0, supply: 0, claimedByOthers: 0, free: 0, max: 0 },
  },
  {
    name: "a cancelled line is in no pool",
    input: { stock: [supply(5)], lines: [{ id: 1, qty: 0, status: "cancelled" }] },
    line: 1,
    expected: { waiting: 0, supply: 0, claimedByOthers: 0, free: 0, max: 0 },
  },
];

describe("allocationRoom", () => {
  it.each(cases)("$name", ({ input, line: n, expected }) => {
    const lines = settle(input.lines.map(line), input.stock, input.rules);
    const room = allocationRoom({ stock: input.stock, lines, rules: input.rules ?? {} }, lineId(n));
    expect(room).toEqual(expected);
  });

  it("refuses a line that is not among the lines given", () => {
    expect(() => allocationRoom({ stock: [supply(1)], lines: [line({ id: 1, qty: 1 })] }, lineId(2))).toThrow(
      InvalidValueError,
    );
  });
});
