import { describe, expect, it } from "vitest";
import { createHarness, OTHER_SHOP, payloads, SHOP, type Harness } from "./harness.js";
import { DEFAULT_SHOP_SETTINGS } from "../../web/server/use-cases/ports.js";

async function deliver(h: Harness, topic: string, body: string, shop = SHOP): Promise<string> {
  const res = await h.webhook(topic, body, { "X-Shopify-Shop-Domain": shop });
  expect(res.status).toBe(200);
  return res.body.id as string;
}

/** Makes a row DEAD the way it happens in production: its handler keeps failing. */
function harnessWithFailingTopic() {
  let failing = true;
  const h = createHarness({
    extraHandlers: {
      "orders/paid": {
        identify: () => ({ resourceId: null, customerId: null }),
        handle: async () => {
          if (failing) throw new Error("Shopify answered 503");
        },
      },
    },
  });
  return { h, heal: () => void (failing = false) };
}

async function killRow(h: Harness, id: string): Promise<void> {
  for (let i = 0; i < h.config.inbox.maxAttempts; i++) {
    await h.worker.drain();
    h.clock.advance(3_600_000);
  }
  expect((await h.inbox.get(SHOP, id))?.status).toBe("DEAD");
}

describe("GET /api/shop", () => {
  it("returns the shop and its inbox counted by status", async () => {
    const h = createHarness();
    await deliver(h, "orders/create", payloads.order());
    await deliver(h, "carts/update", "{}");
    await deliver(h, "orders/create", payloads.order(), OTHER_SHOP);
    const res = await h.api("/api/shop");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      shop: {
        domain: SHOP,
        name: SHOP,
        scopes: "read_orders,write_orders",
        settings: DEFAULT_SHOP_SETTINGS,
        installedAt: h.clock.now().toISOString(),
        uninstalledAt: null,
      },
      inbox: { PENDING: 1, PROCESSING: 0, PROCESSED: 0, DEAD: 0, IGNORED: 1 },
    });
  });
});

describe("GET /api/inbox", () => {
  it("lists the shop's events newest first, without payloads, and pages with a cursor", async () => {
    const h = createHarness();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await deliver(h, "orders/create", payloads.order(String(1000 + i))));
      h.clock.advance(1_000);
    }
    await deliver(h, "orders/create", payloads.order(), OTHER_SHOP);
    const first = await h.api("/api/inbox?limit=2");
    expect(first.status).toBe(200);
    expect(first.body.events.map((e: { id: string }) => e.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.events[0]).not.toHaveProperty("payload");
    expect(first.body.events[0]).toMatchObject({
      topic: "orders/create",
      status: "PENDING",
      attempts: 0,
      resourceId: "gid://shopify/Order/1002",
      nextAttemptAt: expect.any(String),
    });
    const second = await h.api(`/api/inbox?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({ events: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
  });

  it("filters by status and topic", async () => {
    const h = createHarness();
    const order = await deliver(h, "orders/create", payloads.order());
    await deliver(h, "products/update", '{"id":1,"variants":[]}');
    const ignored = await deliver(h, "carts/update", "{}");
    const byTopic = await h.api("/api/inbox?topic=orders/create");
    expect(byTopic.body.events.map((e: { id: string }) => e.id)).toEqual([order]);
    const byStatus = await h.api("/api/inbox?status=IGNORED");
    expect(byStatus.body.events.map((e: { id: string }) => e.id)).toEqual([ignored]);
  });

  it.each([
    ["status=WAITING", "status"],
    ["status=DEAD&status=PENDING", "status"],
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=2.5", "limit"],
    ["limit=ten", "limit"],
    ["topic=ORDERS_CREATE", "topic"],
    ["cursor=", "cursor"],
    ["cursor=not-a-cursor", "cursor"],
  ])("answers 400 naming the field for ?%s", async (query, field) => {
    const h = createHarness();
    const res = await h.api(`/api/inbox?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
    expect(res.body.error.message).toContain(field);
  });
});

describe("GET /api/inbox/:id", () => {
  it("returns one event with its payload", async () => {
    const h = createHarness();
    const body = payloads.order();
    const id = await deliver(h, "orders/create", body);
    const res = await h.api(`/api/inbox/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      payload: body,
      customerId: "gid://shopify/Customer/115310627314723954",
    });
  });

  it("answers 404 for another shop's event and for an unknown id", async () => {
    const h = createHarness();
    const theirs = await deliver(h, "orders/create", payloads.order(), OTHER_SHOP);
    for (const id of [theirs, "evt_missing"]) {
      const res = await h.api(`/api/inbox/${id}`);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain("820982911946154508");
    }
  });
});

describe("POST /api/inbox/:id/replay", () => {
  it("puts a DEAD event back in the queue, nudges the worker, and it is processed", async () => {
    const { h, heal } = harnessWithFailingTopic();
    const id = await deliver(h, "orders/paid", "{}");
    await killRow(h, id);
    heal();
    const nudgesBefore = h.nudges.count;
    const res = await h.apiPost(`/api/inbox/${id}/replay`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: "PENDING", attempts: 0 });
    expect(h.nudges.count).toBe(nudgesBefore + 1);
    await h.worker.drain();
    expect(await h.inbox.get(SHOP, id)).toMatchObject({ status: "PROCESSED", attempts: 1 });
  });

  it("answers 409 for an event that is not DEAD, and changes nothing", async () => {
    const h = createHarness();
    const pending = await deliver(h, "orders/create", payloads.order());
    const ignored = await deliver(h, "carts/update", "{}");
    for (const id of [pending, ignored]) {
      const before = await h.inbox.get(SHOP, id);
      const res = await h.apiPost(`/api/inbox/${id}/replay`);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("conflict");
      expect(await h.inbox.get(SHOP, id)).toEqual(before);
    }
  });

  it("answers 409 naming retention for a DEAD event whose payload was purged, and leaves it dead", async () => {
    const { h, heal } = harnessWithFailingTopic();
    const id = await deliver(h, "orders/paid", "{}");
    await killRow(h, id);
    heal();
    expect(await h.inbox.purgePayloads(new Date(h.clock.now().getTime() + 1))).toBe(1);
    const before = await h.inbox.get(SHOP, id);
    const res = await h.apiPost(`/api/inbox/${id}/replay`);
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: "conflict",
      message:
        "This event cannot be replayed: its payload was removed after INBOX_RETENTION_DAYS (retention)",
    });
    expect(await h.inbox.get(SHOP, id)).toEqual(before);
  });

  it("answers 404 for another shop's DEAD event and leaves it dead", async () => {
    const { h } = harnessWithFailingTopic();
    const res0 = await h.webhook("orders/paid", "{}", { "X-Shopify-Shop-Domain": OTHER_SHOP });
    const id = res0.body.id as string;
    for (let i = 0; i < h.config.inbox.maxAttempts; i++) {
      await h.worker.drain();
      h.clock.advance(3_600_000);
    }
    expect((await h.inbox.get(OTHER_SHOP, id))?.status).toBe("DEAD");
    const res = await h.apiPost(`/api/inbox/${id}/replay`);
    expect(res.status).toBe(404);
    expect((await h.inbox.get(OTHER_SHOP, id))?.status).toBe("DEAD");
  });
});

describe("POST /api/inbox/replay (bulk)", () => {
  it("replays the shop's dead letters of one topic and time range, and they are processed", async () => {
    const { h, heal } = harnessWithFailingTopic();
    const from = h.clock.now();
    const dead = [await deliver(h, "orders/paid", "{}"), await deliver(h, "orders/paid", "{}")];
    const otherShop = await deliver(h, "orders/paid", "{}", OTHER_SHOP);
    for (let i = 0; i < h.config.inbox.maxAttempts; i++) {
      await h.worker.drain();
      h.clock.advance(3_600_000);
    }
    const to = h.clock.now();
    for (const id of dead) expect((await h.inbox.get(SHOP, id))?.status).toBe("DEAD");
    heal();
    const outside = await h
      .apiPost("/api/inbox/replay")
      .send({ topic: "orders/paid", to: from.toISOString() });
    expect(outside.body).toEqual({ replayed: 0, withoutPayload: 0 });
    const res = await h
      .apiPost("/api/inbox/replay")
      .send({ topic: "orders/paid", from: from.toISOString(), to: to.toISOString() });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ replayed: 2, withoutPayload: 0 });
    await h.worker.drain();
    for (const id of dead) expect((await h.inbox.get(SHOP, id))?.status).toBe("PROCESSED");
    expect((await h.inbox.get(OTHER_SHOP, otherShop))?.status).toBe("DEAD");
  });

  it("replays what still has a payload, says how many it could not and why, and refuses when none can be", async () => {
    const { h, heal } = harnessWithFailingTopic();
    const purged = await deliver(h, "orders/paid", "{}");
    await killRow(h, purged);
    expect(await h.inbox.purgePayloads(new Date(h.clock.now().getTime() + 1))).toBe(1);
    const refused = await h.apiPost("/api/inbox/replay").send({ topic: "orders/paid" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("1 dead letter(s) cannot be replayed");
    expect(refused.body.error.message).toContain("INBOX_RETENTION_DAYS");

    const fresh = await deliver(h, "orders/paid", "{}");
    await killRow(h, fresh);
    heal();
    const res = await h.apiPost("/api/inbox/replay").send({ topic: "orders/paid" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ replayed: 1, withoutPayload: 1 });
    expect(res.body.reason).toContain("INBOX_RETENTION_DAYS");
    await h.worker.drain();
    expect((await h.inbox.get(SHOP, fresh))?.status).toBe("PROCESSED");
    expect((await h.inbox.get(SHOP, purged))?.status).toBe("DEAD");
  });

  it.each([
    [{ topic: "Orders Paid" }, "topic"],
    [{ from: "yesterday" }, "from"],
    [{ from: "2026-12-02T00:00:00Z", to: "2026-12-01T00:00:00Z" }, "from"],
    [{ status: "DEAD" }, "status"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    const h = createHarness();
    const res = await h.apiPost("/api/inbox/replay").send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
  });
});

describe("GET /api/compliance/exports", () => {
  it("lists only the shop's customer data exports", async () => {
    const h = createHarness();
    await deliver(h, "customers/data_request", payloads.customersDataRequest("191167", [], "1"));
    await deliver(
      h,
      "customers/data_request",
      payloads.customersDataRequest("191168", [], "2", OTHER_SHOP),
      OTHER_SHOP,
    );
    await h.worker.drain();
    const res = await h.api("/api/compliance/exports");
    expect(res.status).toBe(200);
    expect(res.body.exports).toEqual([
      expect.objectContaining({ customerId: "gid://shopify/Customer/191167", dataRequestId: "1" }),
    ]);
  });

  it("pages with limit and cursor and answers nextCursor", async () => {
    const h = createHarness();
    for (const id of ["301", "302", "303"]) {
      await deliver(h, "customers/data_request", payloads.customersDataRequest(id, [], id));
    }
    await h.worker.drain();
    const first = await h.api("/api/compliance/exports?limit=2");
    expect(first.status).toBe(200);
    expect(first.body.exports).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest = await h.api(`/api/compliance/exports?limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body.exports).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();
    const ids = [...first.body.exports, ...rest.body.exports].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(3);
  });

  it.each(["limit=0", "limit=201", "limit=abc", "cursor="])("refuses %s with a 400 naming it", async (q) => {
    const h = createHarness();
    const res = await h.api(`/api/compliance/exports?${q}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(q.split("=")[0]!);
  });
});

describe("errors", () => {
  it("hides an internal failure behind a generic 500 and logs it", async () => {
    const h = createHarness();
    await h.api("/api/shop");
    h.repositories.inbox.countByStatus = async () => {
      throw new Error("SQLITE_CORRUPT: database disk image is malformed at /srv/data/waitwell.db");
    };
    const res = await h.api("/api/shop");
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: "internal_error", message: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toMatch(/SQLITE|waitwell\.db/);
    expect(h.logger.entries).toContainEqual(
      expect.objectContaining({ level: "error", fields: expect.objectContaining({ status: 500 }) }),
    );
  });

  it("answers unknown paths outside /api with 404 JSON", async () => {
    const h = createHarness();
    const res = await h.http().get("/nowhere");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });
});
