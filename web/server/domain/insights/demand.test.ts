import { describe, expect, it } from "vitest";
import { demandSeries, demandWeeks } from "./demand.js";

describe("demand", () => {
  it("splits the last weeks into seven-day spans ending now, oldest first", () => {
    const weeks = demandWeeks("2026-07-31T12:00:00.000Z", 2);
    expect(weeks.map((w) => [w.from.toISOString(), w.to.toISOString()])).toEqual([
      ["2026-07-17T12:00:00.000Z", "2026-07-24T12:00:00.000Z"],
      ["2026-07-24T12:00:00.000Z", "2026-07-31T12:00:00.000Z"],
    ]);
  });

  it.each([
    ["no orders", [], 2, 5, []],
    [
      "one variant, weeks without orders at zero",
      [{ week: 1, variantId: "a", units: 3 }],
      3,
      5,
      [{ variantId: "a", units: [0, 3, 0], total: 3 }],
    ],
    [
      "the top variants, then the rest as one series",
      [
        { week: 0, variantId: "a", units: 1 },
        { week: 1, variantId: "b", units: 5 },
        { week: 1, variantId: "c", units: 2 },
        { week: 0, variantId: "c", units: 2 },
      ],
      2,
      1,
      [
        { variantId: "b", units: [0, 5], total: 5 },
        { variantId: null, units: [3, 2], total: 5 },
      ],
    ],
    ["weeks outside the span are ignored", [{ week: 5, variantId: "a", units: 9 }], 2, 5, []],
  ] as const)("%s", (_name, rows, weeks, top, expected) => {
    expect(demandSeries(rows, weeks, top)).toEqual(expected);
  });
});
