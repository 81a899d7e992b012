import { describe, expect, it } from "vitest";
import { parseShopDomain } from "./shop-domain.js";

describe("parseShopDomain", () => {
  it.each([
    ["waitwell-demo.myshopify.com", "waitwell-demo.myshopify.com"],
    ["WAITWELL-DEMO.myshopify.com", "waitwell-demo.myshopify.com"],
    ["Shop-A.MyShopify.COM", "shop-a.myshopify.com"],
    ["0shop.myshopify.com", "0shop.myshopify.com"],
  ])("accepts %s as %s", (raw, expected) => {
    expect(parseShopDomain(raw)).toBe(expected);
  });

  it.each([
    "attacker.shop.dev",
    "waitwell-demo.myshopify.com//",
    "waitwell-demo.myshopify.com.",
    "waitwell-demo.myshopify.com:443",
    "https://waitwell-demo.myshopify.com",
    "-shop.myshopify.com",
    "a.b.myshopify.com",
    "shop_a.myshopify.com",
    ".myshopify.com",
    "myshopify.com",
    " waitwell-demo.myshopify.com",
    "waitwell-demo.myshopify.com\n",
    "",
    `${"a".repeat(300)}.myshopify.com`,
    null,
    42,
  ])("refuses %j", (raw) => {
    expect(parseShopDomain(raw)).toBeNull();
  });
});
