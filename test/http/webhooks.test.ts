import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, SHOP, createHarness, payloads, signWebhook, type Harness } from "./harness.js";

async function allRows(h: Harness) {
  return (await h.inbox.list(SHOP, { limit: 100 })).events;
}

describe("POST /webhooks", () => {
  it("records a valid delivery before answering 200, then nudges the worker", async () => {
    const h = createHarness();
    const body = payloads.order();
    const res = await h.webhook("orders/create", body, {
      "X-Shopify-Webhook-Id": "wh-1",
      "X-Shopify-Event-Id": "ev-1",
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: expect.any(String), outcome: "accepted" });
    const row = await h.inbox.get(SHOP, res.body.id);
    expect(row).toMatchObject({
      shop: SHOP,
      webhookId: "wh-1",
      eventId: "ev-1",
      topic: "orders/create",
      apiVersion: "2026-07",
      triggeredAt: h.clock.now(),
      status: "PENDING",
      payload: body,
    });
    expect(h.nudges.count).toBe(1);
  });

  it("indexes the exact 64-bit order and customer ids as GIDs at intake", async () => {
    const h = createHarness();
    const res = await h.webhook("orders/create", payloads.order("820982911946154508", "115310627314723954"));
    expect(await h.inbox.get(SHOP, res.body.id)).toMatchObject({
      resourceId: "gid://shopify/Order/820982911946154508",
      customerId: "gid://shopify/Customer/115310627314723954",
    });
  });

  it.each([
    [
      "inventory_levels/update",
      payloads.inventoryLevel(),
      "gid://shopify/InventoryItem/271878346596884015",
      null,
    ],
    [
      "inventory_items/update",
      '{"id":271878346596884015,"sku":"X"}',
      "gid://shopify/InventoryItem/271878346596884015",
      null,
    ],
    [
      "products/update",
      '{"id":788032119674292922,"variants":[]}',
      "gid://shopify/Product/788032119674292922",
      null,
    ],
    [
      "orders/edited",
      '{"order_edit":{"id":1,"order_id":820982911946154508}}',
      "gid://shopify/Order/820982911946154508",
      null,
    ],
    ["customers/redact", payloads.customersRedact("191167"), null, "gid://shopify/Customer/191167"],
    [
      "customers/data_request",
      payloads.customersDataRequest("191167"),
      null,
      "gid://shopify/Customer/191167",
    ],
    ["shop/redact", payloads.shopRedact(), null, null],
    ["orders/create", '{"unexpected":"shape"}', null, null],
  ])("indexes %s deliveries", async (topic, body, resourceId, customerId) => {
    const h = createHarness();
    const res = await h.webhook(topic, body);
    expect(res.status).toBe(200);
    expect(await h.inbox.get(SHOP, res.body.id)).toMatchObject({ resourceId, customerId });
  });

  it("keeps one row and processes it once when the same signed delivery comes three times", async () => {
    const h = createHarness();
    const headers = { "X-Shopify-Webhook-Id": "same-delivery" };
    const first = await h.webhook("orders/create", payloads.order(), headers);
    await h.worker.drain();
    const again = [
      await h.webhook("orders/create", payloads.order(), headers),
      await h.webhook("orders/create", payloads.order(), headers),
    ];
    expect([first, ...again].map((r) => r.status)).toEqual([200, 200, 200]);
    expect(again.map((r) => r.body)).toEqual([
      { id: first.body.id, outcome: "duplicate" },
      { id: first.body.id, outcome: "duplicate" },
    ]);
    expect(await h.worker.drain()).toBe(0);
    const rows = await allRows(h);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "PROCESSED", attempts: 1 });
    expect(h.logger.entries.filter((e) => e.msg === "received orders/create")).toHaveLength(1);
  });

  it("keeps one row when the three deliveries arrive at the same time", async () => {
    const h = createHarness();
    const headers = { "X-Shopify-Webhook-Id": "racing" };
    const results = await Promise.all(
      [1, 2, 3].map(() => h.webhook("orders/create", payloads.order(), headers)),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.filter((r) => r.body.outcome === "accepted")).toHaveLength(1);
    expect(await allRows(h)).toHaveLength(1);
  });

  describe("refuses and writes nothing", () => {
    const body = payloads.order();
    const cases: [string, Record<string, string | undefined>, number][] = [
      ["no HMAC header", { "X-Shopify-Hmac-Sha256": undefined }, 401],
      ["a wrong HMAC", { "X-Shopify-Hmac-Sha256": signWebhook(body, "someone-elses-secret") }, 401],
      [
        "an HMAC of other bytes",
        { "X-Shopify-Hmac-Sha256": signWebhook(body + " ", "waitwell-local-api-secret") },
        401,
      ],
      ["a hex HMAC", { "X-Shopify-Hmac-Sha256": "00ff" }, 401],
      ["no topic header", { "X-Shopify-Topic": undefined }, 401],
      ["no shop header", { "X-Shopify-Shop-Domain": undefined }, 401],
      ["no webhook id", { "X-Shopify-Webhook-Id": undefined }, 401],
      ["no API version", { "X-Shopify-API-Version": undefined }, 401],
      ["a shop that is not a shop domain", { "X-Shopify-Shop-Domain": "evil.example.com" }, 400],
    ];
    it.each(cases)("%s", async (_name, headers, status) => {
      const h = createHarness();
      const res = await h.webhook("orders/create", body, headers);
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
      expect(await allRows(h)).toEqual([]);
      expect(await h.inbox.depth()).toBe(0);
      expect(h.nudges.count).toBe(0);
    });

    it("an empty body (401: nothing was signed)", async () => {
      const h = createHarness();
      const res = await h.webhook("orders/create", "");
      expect(res.status).toBe(401);
      expect(await h.inbox.depth()).toBe(0);
    });

    it("a correctly signed body that is not JSON (400)", async () => {
      const h = createHarness();
      const res = await h.webhook("orders/create", '{"id": 1,');
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: "invalid_request", message: "Body is not valid JSON" });
      expect(await allRows(h)).toEqual([]);
    });

    it("a body that does not decode as its Content-Encoding says (400 naming it, not the path)", async () => {
      const h = createHarness();
      const res = await h.webhook("orders/create", body).set("Content-Encoding", "gzip");
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        code: "invalid_request",
        message: "Request body does not decode as its Content-Encoding says",
      });
      expect(await allRows(h)).toEqual([]);
    });

    it("a signed body that is not UTF-8 (400 naming the encoding)", async () => {
      const h = createHarness();
      const bytes = Buffer.concat([
        Buffer.from('{"id":1,"note":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}'),
      ]);
      const res = await h.webhook("orders/create", bytes, { "Content-Type": "application/octet-stream" });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/UTF-8/);
      expect(await allRows(h)).toEqual([]);
    });

    it("a body over the documented limit (413), signature unchecked", async () => {
      const h = createHarness();
      const big = JSON.stringify({ note: "x".repeat(MAX_BODY_BYTES) });
      const res = await h.webhook("orders/create", big);
      expect(res.status).toBe(413);
      expect(res.body.error).toEqual({
        code: "payload_too_large",
        message: `Request body exceeds the limit of ${MAX_BODY_BYTES} bytes`,
      });
      expect(await allRows(h)).toEqual([]);
    });

    it("a body exactly at the limit is accepted", async () => {
      const h = createHarness();
      const prefix = '{"id":1,"note":"';
      const body = prefix + "x".repeat(MAX_BODY_BYTES - prefix.length - 2) + '"}';
      expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
      expect((await h.webhook("orders/create", body)).status).toBe(200);
    });
  });

  it("verifies the exact bytes, whatever the content type and however the JSON is spaced", async () => {
    const h = createHarness();
    const body = '{ "id" : 1 ,\n "note": "Grüße 🚚" }';
    const res = await h.webhook("orders/create", body, { "Content-Type": "text/plain" });
    expect(res.status).toBe(200);
    expect((await h.inbox.get(SHOP, res.body.id))?.payload).toBe(body);
  });

  it("answers 200 to an unknown topic, logs it and records it as IGNORED, never processed", async () => {
    const h = createHarness();
    const res = await h.webhook("carts/update", '{"id":"c1"}', { "X-Shopify-Webhook-Id": "cart-1" });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe("ignored");
    expect(await h.inbox.get(SHOP, res.body.id)).toMatchObject({ status: "IGNORED", topic: "carts/update" });
    expect(h.logger.entries).toContainEqual(
      expect.objectContaining({ level: "warn", msg: "webhook topic has no handler; recorded as IGNORED" }),
    );
    expect(h.nudges.count).toBe(0);
    expect(await h.worker.drain()).toBe(0);
    expect(
      (await h.webhook("carts/update", '{"id":"c1"}', { "X-Shopify-Webhook-Id": "cart-1" })).body.outcome,
    ).toBe("duplicate");
  });

  it("accepts a delivery without the optional event-id and triggered-at headers", async () => {
    const h = createHarness();
    const body = payloads.order();
    const res = await h
      .http()
      .post("/webhooks")
      .set("content-type", "application/json")
      .set("x-shopify-topic", "orders/create")
      .set("x-shopify-hmac-sha256", signWebhook(body, h.config.shopify.apiSecret))
      .set("x-shopify-shop-domain", SHOP)
      .set("x-shopify-api-version", "2026-07")
      .set("x-shopify-webhook-id", "lower")
      .send(body);
    expect(res.status).toBe(200);
    expect(await h.inbox.get(SHOP, res.body.id)).toMatchObject({ eventId: null, triggeredAt: null });
  });
});
