/**
 * What the HMAC does not cover: the shop header, the trigger time, the topic. And shops that are not installed.
 */
import { describe, expect, it } from "vitest";
import { createHarness, OTHER_SHOP, payloads, SHOP } from "./harness.js";

const NOT_INSTALLED = "never-installed.myshopify.com";

describe("X-Shopify-Shop-Domain", () => {
  it.each([
    "attacker.shop.dev",
    "waitwell-demo.myshopify.com//",
    "shop-a.myshopify.com.",
    "shop-a.myshopify.com:443",
    "shop_a.myshopify.com",
  ])("refuses %s with 400 and writes nothing", async (domain) => {
    const h = createHarness();
    const res = await h.webhook("orders/create", payloads.order(), { "X-Shopify-Shop-Domain": domain });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("myshopify.com");
    expect(await h.inbox.depth()).toBe(0);
  });

  it("treats an upper-case domain as the same tenant, lower-cased", async () => {
    const h = createHarness();
    const res = await h.webhook("orders/create", payloads.order(), {
      "X-Shopify-Shop-Domain": SHOP.toUpperCase(),
    });
    expect(res.status).toBe(200);
    expect(await h.inbox.get(SHOP, res.body.id)).toMatchObject({ shop: SHOP, status: "PENDING" });
    // The redelivery under the other spelling is the same row.
    const again = await h.webhook("orders/create", payloads.order(), {
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-Webhook-Id": (await h.inbox.get(SHOP, res.body.id))!.webhookId,
    });
    expect(again.body).toEqual({ id: res.body.id, outcome: "duplicate" });
  });

  it.each([
    ["shop/redact", payloads.shopRedact(OTHER_SHOP)],
    ["customers/redact", payloads.customersRedact("191167", [], OTHER_SHOP)],
    ["customers/data_request", payloads.customersDataRequest("191167", [], "1", OTHER_SHOP)],
    ["app/uninstalled", payloads.appUninstalled(OTHER_SHOP)],
    ["shop/redact", "{}"],
  ])("refuses %s whose body names another shop (or none) than the header: %s", async (topic, body) => {
    const h = createHarness();
    const res = await h.webhook(topic, body, { "X-Shopify-Shop-Domain": SHOP });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/shop_domain|myshopify_domain/);
    expect(await h.inbox.depth()).toBe(0);
    expect((await h.inbox.list(SHOP, { limit: 10 })).events).toEqual([]);
  });

  it("accepts a body naming the header's shop in another case", async () => {
    const h = createHarness();
    const res = await h.webhook("shop/redact", payloads.shopRedact(SHOP.toUpperCase()));
    expect(res.status).toBe(200);
  });
});

describe("X-Shopify-Triggered-At", () => {
  it("refuses a delivery triggered more than 24 hours ago, naming the window", async () => {
    const h = createHarness();
    const old = new Date(h.clock.now().getTime() - 25 * 3_600_000).toISOString();
    const res = await h.webhook("orders/create", payloads.order(), { "X-Shopify-Triggered-At": old });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("24 h");
    expect(await h.inbox.depth()).toBe(0);
  });

  it("accepts a retry from within Shopify's retry window", async () => {
    const h = createHarness();
    const recent = new Date(h.clock.now().getTime() - 5 * 3_600_000).toISOString();
    const res = await h.webhook("orders/create", payloads.order(), { "X-Shopify-Triggered-At": recent });
    expect(res.status).toBe(200);
  });

  it("follows WEBHOOK_MAX_AGE_HOURS", async () => {
    const h = createHarness({ env: { WEBHOOK_MAX_AGE_HOURS: "1" } });
    const old = new Date(h.clock.now().getTime() - 2 * 3_600_000).toISOString();
    const res = await h.webhook("orders/create", payloads.order(), { "X-Shopify-Triggered-At": old });
    expect(res.status).toBe(400);
  });
});

describe("shops that are not installed", () => {
  it("records a never-installed shop's order as IGNORED without its payload, never processed", async () => {
    const h = createHarness();
    const res = await h.webhook("orders/create", payloads.order(), {
      "X-Shopify-Shop-Domain": NOT_INSTALLED,
    });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe("ignored");
    const row = await h.inbox.get(NOT_INSTALLED, res.body.id);
    expect(row).toMatchObject({ status: "IGNORED", resourceId: null, customerId: null });
    expect(row?.payload).not.toContain("jon@example.com");
    expect(await h.worker.drain()).toBe(0);
    expect(h.nudges.count).toBe(0);
  });

  it("ignores an uninstalled shop's orders but still takes its privacy webhooks", async () => {
    const h = createHarness();
    await h.webhook("app/uninstalled", payloads.appUninstalled());
    await h.worker.drain();
    const order = await h.webhook("orders/create", payloads.order());
    expect(order.body.outcome).toBe("ignored");
    const redact = await h.webhook("customers/redact", payloads.customersRedact());
    expect(redact.body.outcome).toBe("accepted");
    const erase = await h.webhook("shop/redact", payloads.shopRedact());
    expect(erase.body.outcome).toBe("accepted");
  });

  it("after shop/redact, a late retry of an order cannot bring the customer's data back", async () => {
    const h = createHarness();
    await h.webhook("shop/redact", payloads.shopRedact());
    await h.worker.drain();
    expect(await h.repositories.shops.get(SHOP)).toBeNull();
    const late = await h.webhook("orders/updated", payloads.order());
    expect(late.body.outcome).toBe("ignored");
    const rows = (await h.inbox.list(SHOP, { limit: 10 })).events;
    expect(rows.map((r) => r.status)).toEqual(["IGNORED"]);
    expect(JSON.stringify(rows)).not.toContain("jon@example.com");
  });
});

describe("topics that name Object.prototype members", () => {
  it.each(["__proto__", "constructor", "hasOwnProperty", "toString", "valueOf"])(
    "records %s as IGNORED (no handler), answers 200 and never hands it to the worker",
    async (topic) => {
      const h = createHarness();
      const res = await h.webhook(topic, "{}");
      expect(res.status).toBe(200);
      expect(res.body.outcome).toBe("ignored");
      expect(await h.inbox.get(SHOP, res.body.id)).toMatchObject({ status: "IGNORED", topic });
      expect(await h.worker.drain()).toBe(0);
    },
  );
});

describe("malformed percent-encoding in a path", () => {
  it.each(["/api/rules/%FF", "/api/inbox/%E0%A4%A", "/api/backorders/lines/%", "/assets/%FF.js", "/%C0%AF"])(
    "GET %s answers 400 (or 404) JSON and logs nothing at error level",
    async (path) => {
      const h = createHarness({ staticDir: "/nonexistent-dir" });
      const res = await h.http().get(path).set("Authorization", `Bearer ${h.sessionToken()}`);
      expect([400, 404]).toContain(res.status);
      expect(res.headers["content-type"]).toMatch(/json/);
      expect(res.body.error.code).toMatch(/invalid_request|not_found/);
      expect(h.logger.entries.filter((e) => e.level === "error")).toEqual([]);
    },
  );

  it("answers /api/rules/%FF with 400 naming the encoding", async () => {
    const h = createHarness();
    const res = await h.api("/api/inbox/%FF");
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("percent-encoding");
  });
});
