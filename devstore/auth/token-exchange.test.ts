import { describe, expect, it } from "vitest";
import { signHs256 } from "./jwt.js";
import { mintSessionToken } from "./session-token.js";
import {
  exchangeToken,
  ID_TOKEN_TYPE,
  OFFLINE_TOKEN_TYPE,
  ONLINE_TOKEN_TYPE,
  TOKEN_EXCHANGE_GRANT,
  type ExchangeApp,
} from "./token-exchange.js";

const app: ExchangeApp = { apiKey: "key", apiSecret: "secret", scopes: ["read_orders", "write_orders"] };
const NOW_MS = 1_800_000_000_000;
const SHOP = "demo.myshopify.com";

function deps() {
  const installs: string[] = [];
  return {
    installs,
    deps: {
      findApp: (k: string) => (k === app.apiKey ? app : undefined),
      install: (shop: string, a: ExchangeApp) => {
        installs.push(shop);
        return { accessToken: "shpat_1", scope: a.scopes.join(",") };
      },
      nowMs: NOW_MS,
    },
  };
}

const sessionToken = (overrides: { secret?: string; nowMs?: number; apiKey?: string } = {}) =>
  mintSessionToken({
    shop: SHOP,
    apiKey: overrides.apiKey ?? app.apiKey,
    apiSecret: overrides.secret ?? app.apiSecret,
    staffUserId: "1",
    nowMs: overrides.nowMs ?? NOW_MS,
  }).token;

const request = (overrides: Record<string, unknown> = {}) => ({
  client_id: app.apiKey,
  client_secret: app.apiSecret,
  grant_type: TOKEN_EXCHANGE_GRANT,
  subject_token: sessionToken(),
  subject_token_type: ID_TOKEN_TYPE,
  requested_token_type: OFFLINE_TOKEN_TYPE,
  ...overrides,
});

describe("exchangeToken", () => {
  it("installs the app on the token's shop and answers {access_token, scope}", () => {
    const d = deps();
    expect(exchangeToken(request(), d.deps)).toEqual({
      ok: true,
      shop: SHOP,
      body: { access_token: "shpat_1", scope: "read_orders,write_orders" },
    });
    expect(d.installs).toEqual([SHOP]);
  });

  it.each([
    ["an unknown client_id", { client_id: "nope" }, "invalid_client"],
    ["a wrong client_secret", { client_secret: "nope" }, "invalid_client"],
    ["another grant type", { grant_type: "authorization_code" }, "unsupported_grant_type"],
    ["no subject token", { subject_token: undefined }, "missing_subject_token"],
    [
      "another subject token type",
      { subject_token_type: "urn:ietf:params:oauth:token-type:jwt" },
      "invalid_request",
    ],
    ["an online token request", { requested_token_type: ONLINE_TOKEN_TYPE }, "invalid_request"],
    [
      "a token signed with another secret",
      { subject_token: sessionToken({ secret: "other" }) },
      "invalid_subject_token",
    ],
    [
      "an expired token",
      { subject_token: sessionToken({ nowMs: NOW_MS - 120_000 }) },
      "invalid_subject_token",
    ],
    [
      "a token for another app",
      { subject_token: sessionToken({ apiKey: "other-app" }) },
      "invalid_subject_token",
    ],
    ["a token that is not a JWT", { subject_token: "shpua_123" }, "invalid_subject_token"],
    [
      "a token whose dest is not a shop",
      {
        subject_token: signHs256(
          { aud: app.apiKey, dest: "https://evil.example.com", exp: NOW_MS / 1000 + 60 },
          app.apiSecret,
        ),
      },
      "invalid_subject_token",
    ],
  ])("refuses %s with 400 %s and installs nothing", (_name, overrides, error) => {
    const d = deps();
    const result = exchangeToken(request(overrides), d.deps);
    expect(result).toMatchObject({ ok: false, status: 400, body: { error } });
    expect(d.installs).toEqual([]);
  });
});
