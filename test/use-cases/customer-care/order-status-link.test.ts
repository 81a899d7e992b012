import { describe, expect, it } from "vitest";
import { createSelfServiceTokens } from "../../../web/server/adapters/crypto/self-service-tokens.js";
import {
  ORDER_STATUS_LINK_DAYS,
  ORDER_STATUS_LINK_RENEW_DAYS,
  orderStatusLink,
} from "../../../web/server/use-cases/customer-care/context.js";

const DAY = 86_400_000;
const SHOP = "a.myshopify.com" as const;
const ORDER = "gid://shopify/Order/1";
const tokens = createSelfServiceTokens("app-secret");

function deps(now: Date) {
  return { tokens, clock: { now: () => now }, storefrontOrigin: (shop: string) => `https://${shop}` };
}
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

describe("the order-status self-service link", () => {
  const start = new Date("2026-12-01T10:00:00Z");
  const first = orderStatusLink(deps(start), SHOP, ORDER, null);

  it("is the shop's app proxy page with a token signed for this shop and order, good for a year", () => {
    expect(first.startsWith("https://a.myshopify.com/apps/waitwell/orders?token=")).toBe(true);
    const inAYear = new Date(start.getTime() + (ORDER_STATUS_LINK_DAYS - 1) * DAY);
    expect(tokens.verify(tokenOf(first), inAYear)).toEqual({ ok: true, shop: SHOP, orderId: ORDER });
    const after = new Date(start.getTime() + (ORDER_STATUS_LINK_DAYS + 1) * DAY);
    expect(tokens.verify(tokenOf(first), after)).toEqual({ ok: false, reason: "expired" });
  });

  it("is kept while it has long to run (no metafield write for a new token), renewed when it has not", () => {
    const soon = new Date(start.getTime() + 30 * DAY);
    expect(orderStatusLink(deps(soon), SHOP, ORDER, first)).toBe(first);
    const late = new Date(
      start.getTime() + (ORDER_STATUS_LINK_DAYS - ORDER_STATUS_LINK_RENEW_DAYS + 1) * DAY,
    );
    const renewed = orderStatusLink(deps(late), SHOP, ORDER, first);
    expect(renewed).not.toBe(first);
    expect(tokens.verify(tokenOf(renewed), late)).toMatchObject({ ok: true, orderId: ORDER });
  });

  it.each([
    ["another order's link", orderStatusLink(deps(start), SHOP, "gid://shopify/Order/2", null)],
    ["another shop's link", orderStatusLink(deps(start), "b.myshopify.com", ORDER, null)],
    ["a tampered token", `${first.slice(0, -3)}xyz`],
    ["another page", first.replace("/apps/waitwell/orders", "/apps/other/orders")],
    [
      "a token signed with another secret",
      `https://a.myshopify.com/apps/waitwell/orders?token=${createSelfServiceTokens("x").sign({ shop: SHOP, orderId: ORDER, expiresAt: new Date("2030-01-01") })}`,
    ],
  ])("replaces %s", (_name, previous) => {
    const link = orderStatusLink(deps(start), SHOP, ORDER, previous);
    expect(link).not.toBe(previous);
    expect(tokens.verify(tokenOf(link), start)).toEqual({ ok: true, shop: SHOP, orderId: ORDER });
  });
});
