import { describe, expect, it } from "vitest";
import { createSelfServiceTokens } from "./self-service-tokens.js";

const tokens = createSelfServiceTokens("app-secret");
const now = new Date("2026-12-01T10:00:00Z");
const claims = {
  shop: "a.myshopify.com" as const,
  orderId: "gid://shopify/Order/1",
  expiresAt: new Date("2026-12-31T00:00:00Z"),
};

describe("self-service link tokens", () => {
  const token = tokens.sign(claims);

  it("verifies what it signed, until it expires", () => {
    expect(tokens.verify(token, now)).toEqual({ ok: true, shop: claims.shop, orderId: claims.orderId });
    expect(tokens.verify(token, new Date("2027-01-01T00:00:00Z"))).toEqual({ ok: false, reason: "expired" });
  });

  it.each([
    ["empty", ""],
    ["no signature", token.split(".")[0]!],
    [
      "a changed payload",
      `${Buffer.from(JSON.stringify({ s: claims.shop, o: "gid://shopify/Order/2", e: 1893456000 })).toString("base64url")}.${token.split(".")[1]}`,
    ],
    ["a changed signature", `${token.slice(0, -2)}xx`],
    ["three parts", `${token}.x`],
    ["signed with another secret", createSelfServiceTokens("other").sign(claims)],
  ])("refuses %s", (_name, bad) => {
    expect(tokens.verify(bad, now)).toEqual({ ok: false, reason: "invalid" });
  });
});
