import { describe, expect, it } from "vitest";
import { checkBodyShop, checkDeliveryAge, DEFAULT_WEBHOOK_MAX_AGE_MS } from "./delivery-checks.js";

const SHOP = "shop-a.myshopify.com";

describe("checkBodyShop", () => {
  it.each([
    ["shop/redact", { shop_domain: SHOP }, true],
    ["shop/redact", { shop_domain: "SHOP-A.myshopify.com" }, true],
    ["shop/redact", { shop_domain: "shop-b.myshopify.com" }, false],
    ["shop/redact", {}, false],
    ["customers/redact", { shop_domain: "shop-b.myshopify.com" }, false],
    ["customers/data_request", { shop_domain: 7 }, false],
    ["app/uninstalled", { myshopify_domain: SHOP, domain: "toys.example" }, true],
    ["app/uninstalled", { myshopify_domain: "shop-b.myshopify.com" }, false],
    // Shopify's own sample sends the Shop resource with `myshopify_domain: null`: it names no other shop.
    ["app/uninstalled", { id: 548380009, myshopify_domain: null, domain: null }, true],
    ["app/uninstalled", { myshopify_domain: 7 }, false],
    ["app/uninstalled", null, false],
    ["orders/create", { shop_domain: "shop-b.myshopify.com" }, true],
    ["shop/redact", null, false],
    ["shop/redact", "text", false],
    ["shop/redact", Object.create({ shop_domain: SHOP }), false],
  ])("%s %j → ok %s", (topic, payload, ok) => {
    expect(checkBodyShop(topic, SHOP, payload).ok).toBe(ok);
  });
});

describe("checkDeliveryAge", () => {
  const now = new Date("2026-12-07T12:00:00Z");
  it.each([
    [null, true],
    [new Date(now.getTime() - DEFAULT_WEBHOOK_MAX_AGE_MS), true],
    [new Date(now.getTime() - DEFAULT_WEBHOOK_MAX_AGE_MS - 1), false],
    [new Date("2020-01-01T00:00:00Z"), false],
    [new Date(now.getTime() + 3_600_000), true],
  ])("triggered at %s → ok %s", (at, ok) => {
    expect(checkDeliveryAge(at, now, DEFAULT_WEBHOOK_MAX_AGE_MS).ok).toBe(ok);
  });
});
