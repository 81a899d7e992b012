import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { createMemoryLogger } from "../logger.js";
import { createAppProxyVerifier, signAppProxyQuery } from "./app-proxy-signature.js";
import { createShopifyLib } from "./shopify-lib.js";

const SECRET = "hush";
const NOW = 1_317_327_555;
const clock = { now: () => new Date(NOW * 1000) };
const verify = createAppProxyVerifier({ apiSecret: SECRET, clock });
const hmac = (message: string, secret = SECRET) => createHmac("sha256", secret).update(message).digest("hex");

/** The forwarded query of Shopify's documented example (REFERENCE 4.4), signed. */
function shopifyQuery(overrides: Record<string, string> = {}, timestamp = NOW): URLSearchParams {
  const query = new URLSearchParams(
    "extra=1&extra=2&shop=shop-a.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews",
  );
  query.set("timestamp", String(timestamp));
  for (const [k, v] of Object.entries(overrides)) query.set(k, v);
  query.set("signature", signAppProxyQuery(query, SECRET));
  return query;
}

describe("app proxy signature", () => {
  it("signs the documented message: decoded values, repeats joined with commas, sorted pairs, no separator", () => {
    expect(signAppProxyQuery(shopifyQuery(), SECRET)).toBe(
      hmac(
        "extra=1,2logged_in_customer_id=1path_prefix=/apps/awesome_reviewsshop=shop-a.myshopify.comtimestamp=1317327555",
      ),
    );
  });

  it("sorts the key=value strings by byte, as Shopify's reference does", () => {
    const query = new URLSearchParams("a=1&a-b=2&Zeta=3");
    expect(signAppProxyQuery(query, SECRET)).toBe(hmac("Zeta=3a-b=2a=1"));
  });

  it("accepts Shopify's request and names the shop", () => {
    expect(verify(shopifyQuery())).toEqual({ valid: true, shop: "shop-a.myshopify.com" });
  });

  it("agrees with @shopify/shopify-api on an ordinary request", async () => {
    const lib = createShopifyLib(
      loadConfig({
        SHOPIFY_API_KEY: "k",
        SHOPIFY_API_SECRET: SECRET,
        SHOPIFY_APP_URL: "https://app.example.com",
      }),
      createMemoryLogger(),
    );
    const now = Math.floor(Date.now() / 1000);
    const query = shopifyQuery({}, now);
    const ours = createAppProxyVerifier({ apiSecret: SECRET, clock: { now: () => new Date() } });
    expect(ours(query)).toMatchObject({ valid: true });
    // A repeated parameter as the library's runtime takes it (an array), although its type only says string.
    const asObject = { ...Object.fromEntries(query), extra: query.getAll("extra") } as unknown as Record<
      string,
      string
    >;
    await expect(lib.utils.validateHmac(asObject, { signator: "appProxy" })).resolves.toBe(true);
  });

  it.each<[string, (q: URLSearchParams) => void, string]>([
    ["no signature", (q) => q.delete("signature"), "missing_signature"],
    ["a changed value", (q) => q.set("logged_in_customer_id", "2"), "invalid_signature"],
    ["an added parameter", (q) => q.append("variant", "1"), "invalid_signature"],
    [
      "a signature made with another secret",
      (q) => q.set("signature", hmac("x", "other")),
      "invalid_signature",
    ],
    [
      "a truncated signature",
      (q) => q.set("signature", q.get("signature")!.slice(0, 10)),
      "invalid_signature",
    ],
    ["a second shop", (q) => q.append("shop", "shop-b.myshopify.com"), "duplicate_parameter"],
    ["a second timestamp", (q) => q.append("timestamp", String(NOW)), "duplicate_parameter"],
    ["no timestamp", (q) => q.delete("timestamp"), "invalid_timestamp"],
    ["a timestamp that is not a number", (q) => q.set("timestamp", "soon"), "invalid_timestamp"],
  ])("refuses %s", (_name, tamper, reason) => {
    const query = shopifyQuery();
    tamper(query);
    expect(verify(query)).toEqual({ valid: false, reason });
  });

  it("refuses a timestamp more than 90 s away, either way, even when signed", () => {
    expect(verify(shopifyQuery({}, NOW - 90))).toMatchObject({ valid: true });
    expect(verify(shopifyQuery({}, NOW + 90))).toMatchObject({ valid: true });
    expect(verify(shopifyQuery({}, NOW - 91))).toEqual({ valid: false, reason: "stale_timestamp" });
    expect(verify(shopifyQuery({}, NOW + 91))).toEqual({ valid: false, reason: "stale_timestamp" });
  });

  it("refuses a signed shop that is not a myshopify domain", () => {
    expect(verify(shopifyQuery({ shop: "evil.example.com" }))).toEqual({
      valid: false,
      reason: "invalid_shop",
    });
  });
});
