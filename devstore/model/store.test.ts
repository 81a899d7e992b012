import { describe, expect, it } from "vitest";
import { APP_KEY, APP_SCOPES, demoCatalog, demoHarness } from "../graphql/harness.test-support.js";
import { DevStore, DevStoreError, SHOP_REDACT_DELAY_MS } from "./store.js";

/** The control API's view of Shopify's inventory semantics (REFERENCE 2.1) and of installs, clock and determinism. */

describe("inventory semantics", () => {
  it("a CONTINUE variant sells below zero: available goes negative, committed holds the units", () => {
    const h = demoHarness();
    expect(h.levels("TB-BOOT-09", "Main Warehouse")).toMatchObject({
      available: 0,
      committed: 0,
      on_hand: 0,
    });
    h.store.placeOrder(h.shop, { lines: [{ variantId: h.variant("TB-BOOT-09"), quantity: 3 }] });
    expect(h.levels("TB-BOOT-09", "Main Warehouse")).toMatchObject({
      available: -3,
      committed: 3,
      on_hand: 0,
    });
    const level = h.events.find((e) => e.topic === "inventory_levels/update")!;
    expect(level.payload.available).toBe(-3);
  });

  it("a DENY variant refuses an oversell with a clear message and changes nothing", () => {
    const h = demoHarness();
    const before = JSON.stringify(h.store.snapshot(h.shop));
    // SDJ-M: 2 at Main Warehouse + 2 at Downtown Store = 4 available.
    let error: unknown;
    try {
      h.store.placeOrder(h.shop, { lines: [{ variantId: h.variant("SDJ-M"), quantity: 5 }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DevStoreError);
    expect((error as DevStoreError).status).toBe(422);
    expect((error as DevStoreError).message).toMatch(/SDJ-M.*5 requested, 4 available.*DENY/);
    expect(JSON.stringify(h.store.snapshot(h.shop))).toBe(before);
    expect(h.events).toEqual([]);
  });

  it("DENY counts every location and every line of the same variant", () => {
    const h = demoHarness();
    expect(() =>
      h.store.placeOrder(h.shop, {
        lines: [
          { variantId: h.variant("SDJ-M"), quantity: 3 },
          { variantId: h.variant("SDJ-M"), quantity: 2 },
        ],
      }),
    ).toThrow(/5 requested, 4 available/);
    const order = h.store.placeOrder(h.shop, { lines: [{ variantId: h.variant("SDJ-M"), quantity: 4 }] });
    // No single location has 4: the line is split over both, one fulfillment order per location.
    expect(order.fulfillmentOrders.map((fo) => [fo.locationId, fo.lineItems[0]!.totalQuantity])).toEqual([
      [h.location("Main Warehouse"), 2],
      [h.location("Downtown Store"), 2],
    ]);
    expect(h.levels("SDJ-M", "Main Warehouse")).toMatchObject({ available: 0, committed: 2 });
    expect(h.levels("SDJ-M", "Downtown Store")).toMatchObject({ available: 0, committed: 2 });
  });

  it("untracked variants always sell and move no quantities", () => {
    const h = demoHarness();
    h.store.placeOrder(h.shop, { lines: [{ variantId: h.variant("BCM-12OZ"), quantity: 50 }] });
    expect(h.levels("BCM-12OZ", "Main Warehouse")).toMatchObject({ available: 0, committed: 0 });
    expect(h.topics()).toEqual(["orders/create"]);
  });

  it("routes an order to the first location that has every line, else line by line", () => {
    const h = demoHarness();
    const one = h.store.placeOrder(h.shop, {
      lines: [
        { variantId: h.variant("MTS-SM"), quantity: 2 },
        { variantId: h.variant("RDP-24-SLT"), quantity: 1 },
      ],
    });
    expect(one.fulfillmentOrders).toHaveLength(1);
    expect(one.fulfillmentOrders[0]!.locationId).toBe(h.location("Main Warehouse"));
    // The headlamp is only stocked downtown; the boots only at the warehouse.
    const two = h.store.placeOrder(h.shop, {
      lines: [
        { variantId: h.variant("ALP-HL-300"), quantity: 1 },
        { variantId: h.variant("TB-BOOT-11"), quantity: 1 },
      ],
    });
    expect(two.fulfillmentOrders.map((fo) => fo.locationId).sort()).toEqual(
      [h.location("Main Warehouse"), h.location("Downtown Store")].sort(),
    );
  });

  it("a fulfillment takes units from committed and on_hand, not from available", () => {
    const h = demoHarness();
    const order = h.store.placeOrder(h.shop, { lines: [{ variantId: h.variant("MTS-SM"), quantity: 4 }] });
    expect(h.levels("MTS-SM", "Main Warehouse")).toMatchObject({ available: 36, committed: 4, on_hand: 40 });
    const fo = order.fulfillmentOrders[0]!;
    h.store.fulfill(h.shop, {
      fulfillmentOrderId: fo.id,
      lines: [{ fulfillmentOrderLineItemId: fo.lineItems[0]!.id, quantity: 1 }],
    });
    expect(h.levels("MTS-SM", "Main Warehouse")).toMatchObject({ available: 36, committed: 3, on_hand: 39 });
    expect(h.store.orderSummary(h.shop, order.id).fulfillmentOrders[0]).toMatchObject({
      status: "IN_PROGRESS",
    });
    h.store.fulfill(h.shop, { fulfillmentOrderId: fo.id });
    expect(h.levels("MTS-SM", "Main Warehouse")).toMatchObject({ available: 36, committed: 0, on_hand: 36 });
    expect(h.store.orderSummary(h.shop, order.id).fulfillmentOrders[0]).toMatchObject({ status: "CLOSED" });
    expect(() => h.store.fulfill(h.shop, { fulfillmentOrderId: fo.id })).toThrow(
      /unfulfillable status= closed/,
    );
  });

  it.each([
    { restock: true, available: 40, onHand: 40 },
    { restock: false, available: 36, onHand: 36 },
  ])(
    "cancel with restock=$restock: committed returns to available only when restocking",
    ({ restock, available, onHand }) => {
      const h = demoHarness();
      const order = h.store.placeOrder(h.shop, { lines: [{ variantId: h.variant("MTS-SM"), quantity: 4 }] });
      const cancelled = h.store.cancelOrder(h.shop, order.id, { restock, reason: "customer" });
      expect(cancelled.cancelledAt).not.toBeNull();
      expect(h.levels("MTS-SM", "Main Warehouse")).toMatchObject({
        available,
        committed: 0,
        on_hand: onHand,
      });
      expect(h.topics().filter((t) => t.startsWith("orders/"))).toEqual([
        "orders/create",
        "orders/cancelled",
        "orders/updated",
      ]);
      expect(() => h.store.cancelOrder(h.shop, order.id)).toThrow(/already been cancelled/);
    },
  );

  it("receiving stock raises available and on_hand; incoming stock waits with its date until received", () => {
    const h = demoHarness();
    h.store.receiveStock(h.shop, { variantId: h.variant("TB-BOOT-09"), quantity: 5 });
    expect(h.levels("TB-BOOT-09", "Main Warehouse")).toMatchObject({ available: 5, on_hand: 5 });
    const { id } = h.store.scheduleIncoming(h.shop, {
      variantId: h.variant("TB-BOOT-09"),
      locationId: h.location("Downtown Store"),
      quantity: 12,
      expectedAt: "2026-04-01",
    });
    expect(h.levels("TB-BOOT-09", "Downtown Store")).toMatchObject({
      available: 0,
      incoming: 12,
      on_hand: 0,
    });
    h.store.receiveIncoming(h.shop, id);
    expect(h.levels("TB-BOOT-09", "Downtown Store")).toMatchObject({
      available: 12,
      incoming: 0,
      on_hand: 12,
    });
    expect(() => h.store.receiveIncoming(h.shop, id)).toThrow(/already received/);
  });

  it.each([
    ["unknown variant", () => ({ variantId: "gid://shopify/ProductVariant/1", quantity: 1 }), 404],
    [
      "zero quantity",
      (h: ReturnType<typeof demoHarness>) => ({ variantId: h.variant("MTS-SM"), quantity: 0 }),
      400,
    ],
    [
      "location that does not stock it",
      (h: ReturnType<typeof demoHarness>) => ({
        variantId: h.variant("TB-BOOT-11"),
        locationId: h.location("Downtown Store"),
        quantity: 1,
      }),
      422,
    ],
  ] as const)("receiveStock refuses a %s", (_name, input, status) => {
    const h = demoHarness();
    try {
      h.store.receiveStock(h.shop, input(h));
      expect.unreachable();
    } catch (e) {
      expect((e as DevStoreError).status).toBe(status);
    }
  });

  it.each([
    ["online_store", "web"],
    ["pos", "pos"],
    ["draft_order", "shopify_draft_order"],
  ] as const)("channel %s is source_name %s", (channel, sourceName) => {
    const h = demoHarness();
    const order = h.store.placeOrder(h.shop, {
      lines: [{ variantId: h.variant("MTS-SM"), quantity: 1 }],
      channel,
    });
    expect(order.sourceName).toBe(sourceName);
    expect(h.events[0]).toMatchObject({ topic: "orders/create", payload: { source_name: sourceName } });
  });

  it("setVariantPolicy flips the policy and emits products/update once", () => {
    const h = demoHarness();
    h.store.setVariantPolicy(h.shop, h.variant("SDJ-L"), "CONTINUE");
    h.store.setVariantPolicy(h.shop, h.variant("SDJ-L"), "CONTINUE");
    expect(h.topics()).toEqual(["products/update"]);
    h.store.placeOrder(h.shop, { lines: [{ variantId: h.variant("SDJ-L"), quantity: 1 }] });
    expect(h.levels("SDJ-L", "Main Warehouse").available).toBe(-1);
  });
});

describe("apps, tokens and the clock", () => {
  it("installApp is idempotent per app and shop; tokens resolve to their shop", () => {
    const h = demoHarness();
    const again = h.store.installApp(h.shop, { apiKey: APP_KEY, scopes: APP_SCOPES });
    const other = h.store.installApp(h.shop, { apiKey: "another-app", scopes: [] });
    expect(other.accessToken).not.toBe(again.accessToken);
    expect(again.accessToken).toMatch(/^shpat_[0-9a-f]{32}$/);
    expect(h.store.shopForAccessToken(again.accessToken)).toEqual({ shop: h.shop, apiKey: APP_KEY });
    expect(h.store.shopForAccessToken("shpat_nope")).toBeNull();
  });

  it("uninstall revokes the token, emits app/uninstalled now and shop/redact 48 hours later", () => {
    const h = demoHarness();
    const { accessToken } = h.store.installApp(h.shop, { apiKey: APP_KEY, scopes: APP_SCOPES });
    h.store.uninstallApp(h.shop, APP_KEY);
    expect(h.store.shopForAccessToken(accessToken)).toBeNull();
    expect(h.topics()).toEqual(["app/uninstalled"]);
    h.store.advanceClock(SHOP_REDACT_DELAY_MS - 1);
    expect(h.topics()).toEqual(["app/uninstalled"]);
    h.store.advanceClock(1);
    expect(h.topics()).toEqual(["app/uninstalled", "shop/redact"]);
    expect(h.events[1]!.payload).toEqual({ shop_id: h.state.shop.id, shop_domain: h.shop });
    expect(() => h.store.uninstallApp(h.shop, APP_KEY)).toThrow(/not installed/);
  });

  it("reinstalling within 48 hours cancels the pending shop/redact", () => {
    const h = demoHarness();
    h.store.uninstallApp(h.shop, APP_KEY);
    h.store.advanceClock(60_000);
    h.store.installApp(h.shop, { apiKey: APP_KEY, scopes: APP_SCOPES });
    h.store.advanceClock(SHOP_REDACT_DELAY_MS);
    expect(h.topics()).toEqual(["app/uninstalled"]);
  });

  it("several shops coexist with their own ids and data", () => {
    const store = new DevStore({ now: () => new Date("2026-01-01T00:00:00Z") });
    const a = store.seed(demoCatalog()).shop;
    const other = demoCatalog();
    other.shop.domain = "second-shop.myshopify.com";
    const b = store.seed(other).shop;
    expect(store.shops()).toEqual([a, b]);
    expect(() => store.seed(demoCatalog())).toThrow(/already exists/);
    const variantOfA = (store.snapshot(a) as { products: { variants: { id: string }[] }[] }).products[0]!
      .variants[0]!.id;
    expect(() => store.placeOrder(b, { lines: [{ variantId: variantOfA, quantity: 1 }] })).toThrow(
      /does not exist in second-shop/,
    );
  });

  it("rejects a malformed catalog with every problem listed", () => {
    const store = new DevStore();
    const bad = demoCatalog();
    bad.shop.domain = "not a domain";
    bad.products[0]!.variants[0]!.price = "12,00";
    bad.products[0]!.variants[0]!.stock = { Nowhere: 1 };
    try {
      store.seed(bad);
      expect.unreachable();
    } catch (e) {
      expect((e as DevStoreError).status).toBe(400);
      expect((e as Error).message).toMatch(/shop\.domain/);
      expect((e as Error).message).toMatch(/products\.0\.variants\.0\.price/);
      expect((e as Error).message).toMatch(/unknown location "Nowhere"/);
    }
  });
});

describe("determinism", () => {
  function script(seed: number) {
    const h = demoHarness({ seed });
    const order = h.store.placeOrder(h.shop, {
      lines: [
        { variantId: h.variant("TB-BOOT-10"), quantity: 2 },
        { variantId: h.variant("MTS-LXL"), quantity: 1 },
      ],
      customer: { email: "new.shopper@example.com", firstName: "New", lastName: "Shopper" },
      tags: ["vip"],
    });
    h.store.fulfill(h.shop, {
      fulfillmentOrderId: order.fulfillmentOrders[0]!.id,
      lines: [{ fulfillmentOrderLineItemId: order.fulfillmentOrders[0]!.lineItems[1]!.id, quantity: 1 }],
    });
    h.store.scheduleIncoming(h.shop, {
      variantId: h.variant("TB-BOOT-10"),
      quantity: 6,
      expectedAt: "2026-05-01",
    });
    h.store.cancelOrder(
      h.shop,
      h.store.placeOrder(h.shop, { lines: [{ variantId: h.variant("SDJ-S"), quantity: 1 }] }).id,
    );
    return {
      snapshot: JSON.stringify(h.store.snapshot(h.shop)),
      events: JSON.stringify(h.events),
      token: h.store.installApp(h.shop, { apiKey: APP_KEY, scopes: [] }).accessToken,
    };
  }

  it("the same seed and the same actions give identical state, events and tokens", () => {
    expect(script(7)).toEqual(script(7));
  });

  it("another seed changes tokens and event ids, not the model's ids", () => {
    const a = script(7);
    const b = script(8);
    expect(a.token).not.toBe(b.token);
    expect(a.events).not.toBe(b.events);
    expect(JSON.parse(a.snapshot).orders.map((o: { id: string }) => o.id)).toEqual(
      JSON.parse(b.snapshot).orders.map((o: { id: string }) => o.id),
    );
  });
});

describe("speed", () => {
  it("keeps lookups indexed: thousands of orders do not slow a single order's placement down", () => {
    const h = demoHarness();
    const variantId = h.variant("RDP-24-EMB");
    const time = (n: number) => {
      const start = performance.now();
      for (let i = 0; i < n; i++) h.store.placeOrder(h.shop, { lines: [{ variantId, quantity: 1 }] });
      return (performance.now() - start) / n;
    };
    const early = time(500);
    time(3000);
    const late = time(500);
    // Linear scans per placement would make the late batch several times slower than the early one.
    expect(late).toBeLessThan(early * 3 + 0.2);
    expect(h.state.orderList).toHaveLength(4000);
  });
});
