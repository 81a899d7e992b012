import { describe, expect, it } from "vitest";
import { ShopifyApiError, ShopifyThrottledError, ShopifyUserError, UnauthorizedError } from "../../errors.js";
import { createKeyedLock } from "../../use-cases/backorder/keyed-lock.js";
import { heldShopLock, markingHeldShopLock } from "../held-shop-lock.js";
import { createMemoryLogger } from "../logger.js";
import { assertNoUserErrors, createAdminClient, operation, throttleWaitMs } from "./admin-client.js";

const SHOP = "shop-a.myshopify.com";
const OP = operation<{ shop: { name: string } }>(`#graphql
  query WaitwellTestShop {
    shop {
      name
    }
  }
`);

function scripted(responses: { status?: number; body: unknown }[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = responses.shift();
    if (!next) throw new Error("no more scripted responses");
    return new Response(JSON.stringify(next.body), { status: next.status ?? 200 });
  }) as unknown as typeof globalThis.fetch;
  return { calls, fetch };
}

const cost = (available: number) => ({
  cost: {
    requestedQueryCost: 10,
    actualQueryCost: null,
    throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate: 100 },
  },
});

/** An answer asking 50 points, spending 5, with this much left of a bucket restored at 10 points/s. */
const answerWithBucket = (available: number, maximumAvailable: number) => ({
  data: { shop: { name: "A" } },
  extensions: {
    cost: {
      requestedQueryCost: 50,
      actualQueryCost: 5,
      throttleStatus: { maximumAvailable, currentlyAvailable: available, restoreRate: 10 },
    },
  },
});

function client(
  responses: { status?: number; body: unknown }[],
  extra: { onUnauthorized?: (s: string) => Promise<void>; holdsShopLock?: () => boolean } = {},
) {
  const script = scripted(responses);
  const sleeps: number[] = [];
  let nowMs = 1_000_000;
  const c = createAdminClient({
    adminOrigin: "http://127.0.0.1:9",
    accessToken: async () => "shpat_test",
    logger: createMemoryLogger(),
    fetch: script.fetch,
    now: () => nowMs,
    sleep: async (ms) => {
      sleeps.push(ms);
      nowMs += ms;
    },
    ...extra,
  });
  return { c, sleeps, calls: script.calls, advance: (ms: number) => void (nowMs += ms) };
}

describe("admin client", () => {
  it("posts the named operation to the pinned version with the shop's token", async () => {
    const { c, calls } = client([{ body: { data: { shop: { name: "A" } } } }]);
    expect(await c.request(SHOP, OP)).toEqual({ shop: { name: "A" } });
    expect(calls[0]!.url).toBe("http://127.0.0.1:9/admin/api/2026-07/graphql.json");
    expect((calls[0]!.init.headers as Record<string, string>)["X-Shopify-Access-Token"]).toBe("shpat_test");
    expect(JSON.parse(String(calls[0]!.init.body))).toMatchObject({ operationName: "WaitwellTestShop" });
  });

  it("paces by the bucket Shopify reported: waits until it holds what the operation asked for, no longer", async () => {
    const ok = (available: number) => answerWithBucket(available, 100);
    const { c, sleeps, calls, advance } = client([{ body: ok(20) }, { body: ok(60) }, { body: ok(60) }]);
    await c.request(SHOP, OP); // nothing known yet: sent at once; 20 points left
    advance(1_000); // 10 points restored: 30 < 50
    await c.request(SHOP, OP);
    expect(sleeps).toEqual([2_000]); // the 20 missing points at 10/s
    await c.request(SHOP, OP); // 60 left: no wait
    expect(sleeps).toEqual([2_000]);
    expect(calls).toHaveLength(3);
  });

  it("calls sent at once queue on the bucket: each spends its own points, none counts another's", async () => {
    const ok = (available: number) => answerWithBucket(available, 1000);
    const { c, sleeps } = client([{ body: ok(120) }, { body: ok(70) }, { body: ok(20) }, { body: ok(0) }]);
    await c.request(SHOP, OP); // 120 points left, 50 per call
    await Promise.all([c.request(SHOP, OP), c.request(SHOP, OP), c.request(SHOP, OP)]);
    // Two fit (100 of 120); the third waits for its 30 missing points at 10/s.
    expect(sleeps).toEqual([3_000]);
  });

  it("waits out a THROTTLED answer for as long as the bucket needs, then retries", async () => {
    const throttled = {
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
      extensions: cost(4),
    };
    const { c, sleeps } = client([{ body: throttled }, { body: { data: { shop: { name: "A" } } } }]);
    expect(await c.request(SHOP, OP)).toEqual({ shop: { name: "A" } });
    expect(sleeps).toEqual([throttleWaitMs(10, cost(4).cost.throttleStatus)]);
    expect(sleeps[0]).toBe(110); // (10 − 4) points at 100/s = 60 ms, plus a 50 ms margin
  });

  it("inside a shop's lock, fails a THROTTLED answer at once instead of sleeping through it", async () => {
    const throttled = {
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
      extensions: cost(4),
    };
    const lock = markingHeldShopLock(createKeyedLock());
    const { c, sleeps, calls } = client([{ body: throttled }, { body: { data: { shop: { name: "A" } } } }], {
      holdsShopLock: () => heldShopLock() !== undefined,
    });
    const inside = lock.run(SHOP, () => c.request(SHOP, OP));
    await expect(inside).rejects.toBeInstanceOf(ShopifyThrottledError);
    await expect(inside).rejects.toMatchObject({ retryAfterMs: 110 });
    expect(sleeps).toEqual([]);
    expect(calls).toHaveLength(1);
    // Outside the lock the same client waits and retries.
    expect(await c.request(SHOP, OP)).toEqual({ shop: { name: "A" } });
    expect(heldShopLock()).toBeUndefined();
  });

  it.each([
    ["a 401 drops the token and says so", { status: 401, body: {} }, UnauthorizedError, true],
    [
      "GraphQL errors",
      { body: { errors: [{ message: "Field 'x' doesn't exist" }] } },
      ShopifyApiError,
      false,
    ],
  ] as const)("%s", async (_name, response, errorClass, unauthorized) => {
    const dropped: string[] = [];
    const { c } = client([response], { onUnauthorized: async (shop) => void dropped.push(shop) });
    await expect(c.request(SHOP, OP)).rejects.toBeInstanceOf(errorClass);
    expect(dropped).toEqual(unauthorized ? [SHOP] : []);
  });

  it("turns userErrors into a typed error", () => {
    expect(() => assertNoUserErrors("WaitwellX", { userErrors: [] })).not.toThrow();
    expect(() =>
      assertNoUserErrors("WaitwellX", { userErrors: [{ field: ["id"], message: "bad id" }] }),
    ).toThrow(ShopifyUserError);
  });
});
