import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signHs256, verifyHs256 } from "./jwt.js";
import { mintSessionToken } from "./session-token.js";

const SECRET = "app-secret";
const NOW = 1_800_000_000;

describe("HS256 JWT", () => {
  it("signs a token whose signature is HMAC-SHA256 of header.payload with the secret", () => {
    const token = signHs256({ a: 1 }, SECRET);
    const [header, payload, signature] = token.split(".");
    expect(JSON.parse(Buffer.from(header!, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
    expect(signature).toBe(createHmac("sha256", SECRET).update(`${header}.${payload}`).digest("base64url"));
  });

  it.each([
    ["a valid token", signHs256({ exp: NOW + 60, nbf: NOW }, SECRET), SECRET, { valid: true }],
    [
      "the wrong secret",
      signHs256({ exp: NOW + 60 }, SECRET),
      "other",
      { valid: false, reason: "bad_signature" },
    ],
    ["an expired token", signHs256({ exp: NOW - 11 }, SECRET), SECRET, { valid: false, reason: "expired" }],
    [
      "a token expired within the 10 s tolerance",
      signHs256({ exp: NOW - 5 }, SECRET),
      SECRET,
      { valid: true },
    ],
    [
      "a token not yet valid",
      signHs256({ nbf: NOW + 30 }, SECRET),
      SECRET,
      { valid: false, reason: "not_yet_valid" },
    ],
    ["two segments", "a.b", SECRET, { valid: false, reason: "malformed" }],
    ["garbage segments", "a.b.c", SECRET, { valid: false, reason: "malformed" }],
  ])("%s", (_name, token, secret, expected) => {
    expect(verifyHs256(token, secret, { nowSeconds: NOW })).toMatchObject(expected);
  });

  it("refuses alg none even with a matching body", () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify({ exp: NOW + 60 })).toString("base64url");
    expect(verifyHs256(`${header}.${payload}.`, SECRET, { nowSeconds: NOW })).toEqual({
      valid: false,
      reason: "unsupported_alg",
    });
  });
});

describe("mintSessionToken", () => {
  it("carries Shopify's session-token claims with a one-minute life", () => {
    const { token, claims } = mintSessionToken({
      shop: "demo.myshopify.com",
      apiKey: "key",
      apiSecret: SECRET,
      staffUserId: "42",
      nowMs: NOW * 1000 + 999,
    });
    expect(claims).toMatchObject({
      iss: "https://demo.myshopify.com/admin",
      dest: "https://demo.myshopify.com",
      aud: "key",
      sub: "42",
      iat: NOW,
      nbf: NOW,
      exp: NOW + 60,
    });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.sid).toMatch(/^[0-9a-f]{32}$/);
    expect(verifyHs256(token, SECRET, { nowSeconds: NOW })).toEqual({ valid: true, claims });
  });
});
