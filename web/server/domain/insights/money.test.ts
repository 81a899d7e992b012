import { describe, expect, it } from "vitest";
import { formatDecimal, parseDecimal, stockValue } from "./money.js";

describe("money", () => {
  it.each([
    ["188.0", "188.00"],
    ["12.5", "12.50"],
    ["7", "7.00"],
    ["0.125", "0.125"],
    ["-3.10", "-3.10"],
  ])("%s reads and writes back as %s", (input, output) => {
    expect(formatDecimal(parseDecimal(input))).toBe(output);
  });

  it.each(["", "abc", "1,50", "1.2.3"])("refuses %j", (input) => {
    expect(() => parseDecimal(input)).toThrow(/decimal amount/);
  });

  it.each([
    ["nothing", [], "0.00", 0],
    ["one line", [{ units: 3, unitPrice: "19.99" }], "59.97", 0],
    ["no float drift over many units", [{ units: 100_000, unitPrice: "0.10" }], "10000.00", 0],
    [
      "a variant without a price is counted apart",
      [
        { units: 2, unitPrice: "10.00" },
        { units: 5, unitPrice: null },
      ],
      "20.00",
      5,
    ],
  ] as const)("%s", (_name, items, amount, unpricedUnits) => {
    expect(stockValue(items)).toEqual({ amount, unpricedUnits });
  });
});
