import { describe, expect, it } from "vitest";
import { gid, parseGid } from "./ids.js";
import { formatCents, formatDecimal, isMoney, toCents } from "./money.js";

describe("money as decimal strings", () => {
  it.each([
    ["19.99", 1999, "19.99", "19.99"],
    ["10", 1000, "10.00", "10.0"],
    ["0.5", 50, "0.50", "0.5"],
    ["-3.25", -325, "-3.25", "-3.25"],
    ["149.00", 14900, "149.00", "149.0"],
  ])("%s is %i cents, REST %s, GraphQL Decimal %s", (input, cents, rest, decimal) => {
    expect(toCents(input)).toBe(cents);
    expect(formatCents(cents)).toBe(rest);
    expect(formatDecimal(cents)).toBe(decimal);
  });

  it.each(["12,00", "1.234", "abc", ""])("rejects %j", (input) => {
    expect(isMoney(input)).toBe(false);
    expect(() => toCents(input)).toThrow(RangeError);
  });
});

describe("GIDs", () => {
  it.each([
    ["gid://shopify/Order/5000000001", { type: "Order", id: 5000000001, params: {} }],
    [
      "gid://shopify/InventoryLevel/60000001?inventory_item_id=4500000003",
      { type: "InventoryLevel", id: 60000001, params: { inventory_item_id: "4500000003" } },
    ],
    ["gid://shopify/Order/abc", null],
    ["5000000001", null],
    ["gid://shopify/Order/99999999999999999999", null],
  ])("parses %s", (value, expected) => {
    expect(parseGid(value)).toEqual(expected);
  });

  it("round-trips with params", () => {
    const value = gid("InventoryLevel", 7, { inventory_item_id: 9 });
    expect(value).toBe("gid://shopify/InventoryLevel/7?inventory_item_id=9");
    expect(parseGid(value)).toEqual({ type: "InventoryLevel", id: 7, params: { inventory_item_id: "9" } });
  });
});
