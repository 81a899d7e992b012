import { describe, expect, it } from "vitest";
import { scopedAccessTokens } from "./session-scope.js";

const A = "a.myshopify.com";
const B = "b.myshopify.com";

function setup() {
  const stored = new Map<string, string>([
    [A, "token-a1"],
    [B, "token-b1"],
  ]);
  const loads: string[] = [];
  const tokens = scopedAccessTokens(async (shop) => {
    loads.push(shop);
    const token = stored.get(shop);
    if (!token) throw new Error(`${shop} is not installed`);
    return token;
  });
  return { stored, loads, tokens };
}

describe("scoped access tokens", () => {
  it("outside a batch, reads the session store at every request", async () => {
    const s = setup();
    await s.tokens.accessToken(A);
    await s.tokens.accessToken(A);
    expect(s.loads).toEqual([A, A]);
  });

  it("in a batch, reads the shop's token once; the next batch sees a new install's token or an uninstall", async () => {
    const s = setup();
    const batch = () =>
      s.tokens.scope(A, async () => [await s.tokens.accessToken(A), await s.tokens.accessToken(A)]);
    expect(await batch()).toEqual(["token-a1", "token-a1"]);
    expect(s.loads).toEqual([A]);
    s.stored.set(A, "token-a2");
    expect(await batch()).toEqual(["token-a2", "token-a2"]);
    s.stored.delete(A);
    await expect(batch()).rejects.toThrow("not installed");
    // The failed read is not repeated within the batch.
    expect(s.loads).toEqual([A, A, A]);
  });

  it("keeps only the batch's shop, and reads again after Shopify refused the token", async () => {
    const s = setup();
    await s.tokens.scope(A, async () => {
      await s.tokens.accessToken(B);
      await s.tokens.accessToken(B);
      await s.tokens.accessToken(A);
      s.stored.set(A, "token-a2");
      s.tokens.forget(A);
      expect(await s.tokens.accessToken(A)).toBe("token-a2");
    });
    expect(s.loads).toEqual([B, B, A, A]);
  });

  it("a batch inside a batch of the same shop is part of it; inside another shop's, it is its own", async () => {
    const s = setup();
    await s.tokens.scope(A, async () => {
      await s.tokens.accessToken(A);
      await s.tokens.scope(A, () => s.tokens.accessToken(A));
      await s.tokens.scope(B, async () => {
        await s.tokens.accessToken(B);
        await s.tokens.accessToken(B);
      });
      await s.tokens.accessToken(A);
    });
    expect(s.loads).toEqual([A, B]);
  });
});
