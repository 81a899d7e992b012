import { describe, expect, it } from "vitest";
import { fromCents, toCents } from "../shared/money.js";
import { swapMoney } from "./swap.js";

describe("swapMoney: the customer never pays more; a cheaper substitute's difference is refunded or kept", () => {
  it.each([
    // paid, substitute, units, policy → refund, kept
    ["20.00", "20.00", 2, "refund", null, null],
    ["20.00", "25.00", 2, "refund", null, null], // dearer: capped at the price paid, the merchant absorbs it
    ["20.00", "25.00", 2, "keep", null, null],
    ["20.00", "17.50", 2, "refund", "5.00", null],
    ["20.00", "17.50", 2, "keep", null, "5.00"],
    ["19.99", "0.99", 3, "refund", "57.00", null],
    ["0.10", "0.05", 1, "refund", "0.05", null],
  ] as const)(
    "paid %s, substitute %s × %i (%s) → refund %s, kept %s",
    (paid, sub, units, policy, refund, kept) => {
      expect(swapMoney(paid, sub, units, policy)).toEqual({ priceCap: paid, refund, kept });
    },
  );

  it("an unknown price paid caps nothing and moves no money", () => {
    expect(swapMoney(null, "5.00", 1, "refund")).toEqual({ priceCap: null, refund: null, kept: null });
  });
});

describe("money in cents", () => {
  it.each([
    ["188.0", 18800],
    ["12.5", 1250],
    ["7", 700],
    ["0.05", 5],
    ["-3.20", -320],
    ["1.999", 199],
  ])("%s is %i cents", (amount, cents) => {
    expect(toCents(amount)).toBe(cents);
  });
  it("round-trips whole cents", () => {
    for (const cents of [0, 1, 99, 100, 12345, -5, -250]) expect(toCents(fromCents(cents))).toBe(cents);
  });
  it("refuses what is not a decimal amount", () => {
    expect(() => toCents("12,50")).toThrow(RangeError);
    expect(() => toCents("")).toThrow(RangeError);
    expect(() => fromCents(1.5)).toThrow(RangeError);
  });
});
