import { randomUUID } from "node:crypto";
import request from "supertest";
import { describe, expect, it, vi } from "vitest";
import { createMemoryLogger } from "../../web/server/adapters/logger.js";
import { createMemoryRepositories } from "../../web/server/adapters/memory/index.js";
import { loadConfig } from "../../web/server/config.js";
import { DEFAULT_ALLOCATION_RULES, type AllocationRules } from "../../web/server/domain/backorder/index.js";
import {
  toGid,
  type InventoryItemGid,
  type LineItemGid,
  type LocationGid,
  type OrderGid,
  type ProductVariantGid,
} from "../../web/server/domain/shared/gid.js";
import { createBackorderEngine, type IncomingOrder } from "../../web/server/use-cases/backorder/index.js";
import type { ShopDomain } from "../../web/server/use-cases/ports.js";
import { fakeBackorderShopify, heldUnitsOnShopify, placeOnShopify } from "../support/backorder-fakes.js";
import { createWiredApp, signJwt, TestClock } from "./harness.js";
import { bulkOutcome, lineDetail, linesPage } from "../../web/shared/api/backorders.js";

const SHOP = "shop-a.myshopify.com";
const OTHER_SHOP = "shop-b.myshopify.com";
const BASE = Date.UTC(2026, 2, 1, 9, 0);
const DAY = 86_400_000;
/** `day` days and `minute` minutes after BASE. */
const T = (day: number, minute = 0) => new Date(BASE + day * DAY + minute * 60_000);
const variant = (n: number) => toGid("ProductVariant", String(n)) as ProductVariantGid;
const item = (n: number) => toGid("InventoryItem", String(n)) as InventoryItemGid;
const orderGid = (n: number) => toGid("Order", String(n)) as OrderGid;
const lineGid = (n: number) => toGid("LineItem", String(n)) as LineItemGid;
const LOC = toGid("Location", "1") as LocationGid;
const path = (lineItemId: string, action = "") =>
  `/api/backorders/lines/${encodeURIComponent(lineItemId)}${action}`;

const ADA = { id: "gid://shopify/Customer/7", email: "ada@example.com", name: "Ada Lovelace", tags: [] };
const GRACE = { id: "gid://shopify/Customer/8", email: "grace@example.com", name: "Grace Hopper", tags: [] };

/** The app as main.ts wires it, with the backorder engine over memory storage and a fake Shopify. */
function backorderApp() {
  const config = loadConfig({ WAITWELL_MODE: "local" });
  const clock = new TestClock(T(10).getTime());
  const logger = createMemoryLogger();
  const repositories = createMemoryRepositories({ clock });
  const fake = fakeBackorderShopify();
  const engine = createBackorderEngine({
    repository: repositories.backorders,
    shopify: fake.shopify,
    shops: repositories.shops,
    clock,
    logger,
  });
  const app = createWiredApp(config, { repositories, clock, logger, backorders: engine });

  // The library checks exp/nbf on wall-clock time, whatever the test clock says.
  const token = (shop: ShopDomain) => {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(
      {
        iss: `https://${shop}/admin`,
        dest: `https://${shop}`,
        aud: config.shopify.apiKey,
        sub: "42",
        exp: now + 60,
        nbf: now,
        iat: now,
        jti: randomUUID(),
        sid: "session-1",
      },
      config.shopify.apiSecret,
    );
  };
  const authed = (req: request.Test, shop: ShopDomain) => req.set("Authorization", `Bearer ${token(shop)}`);

  let webhook = 0;
  return {
    app,
    clock,
    engine,
    repo: repositories.backorders,
    fake,
    get: (url: string, shop: ShopDomain = SHOP) => authed(request(app).get(url), shop),
    post: (url: string, shop: ShopDomain = SHOP) => authed(request(app).post(url), shop),
    patch: (url: string, shop: ShopDomain = SHOP) => authed(request(app).patch(url), shop),

    /** Places the order on the fake Shopify and delivers it to the engine. */
    async ingest(
      n: number,
      at: Date,
      lines: [line: number, variant: number, qty: number][],
      customer: IncomingOrder["customer"] = null,
    ): Promise<IncomingOrder> {
      const o: IncomingOrder = {
        orderId: orderGid(n),
        name: `#${1000 + n}`,
        createdAt: at,
        updatedAt: at,
        cancelled: false,
        tags: [],
        customer,
        lines: lines.map(([l, v, qty]) => ({
          lineItemId: lineGid(l),
          variantId: variant(v),
          quantity: qty,
          currentQuantity: qty,
          fulfillableQuantity: qty,
          inventoryManagement: "shopify",
          title: "Kettle",
          variantTitle: `Colour ${v}`,
          sku: `KET-${v}`,
        })),
      };
      placeOnShopify(fake, o);
      await engine.ingestOrder(SHOP, o, `order-${n}`);
      return o;
    },

    /** inventory_levels/update for item `n`: Shopify's `available` (after the orders it counted) as of `at`. */
    level: (n: number, available: number, at: Date) =>
      engine.applyInventoryLevel(
        SHOP,
        { inventoryItemId: item(n), locationId: LOC, available, updatedAt: at },
        `level-${++webhook}`,
      ),

    async rules(rules: Partial<AllocationRules>) {
      await repositories.shops.upsertInstalled({ domain: SHOP, name: null, scopes: null, at: clock.now() });
      await repositories.shops.updateSettings(SHOP, {
        allocation: { ...DEFAULT_ALLOCATION_RULES, ...rules },
      });
    },
  };
}

type App = ReturnType<typeof backorderApp>;

/**
 * Item 1 is sold out: lines 11 (order 1, Ada), 21 (order 2, Grace) and 31 (order 3, no customer, nine days later)
 * wait one unit each. Item 2 is in stock: line 22 (order 2) ships.
 */
async function soldOut(h: App) {
  await h.level(1, 0, T(0));
  await h.level(2, 10, T(0));
  await h.ingest(1, T(0, 1), [[11, 1, 1]], ADA);
  await h.ingest(
    2,
    T(0, 2),
    [
      [21, 1, 1],
      [22, 2, 2],
    ],
    GRACE,
  );
  await h.ingest(3, T(9), [[31, 1, 1]]);
  await h.level(1, -3, T(9, 1));
}

const ids = (res: { body: { lines: { lineItemId: string }[] } }) =>
  res.body.lines.map((l) => Number(l.lineItemId.split("/").pop()));

describe("backorder lines API", () => {
  it("lists lines newest order first, joined with their order's name and customer", async () => {
    const h = backorderApp();
    await soldOut(h);
    const res = await h.get("/api/backorders/lines");
    expect(res.status).toBe(200);
    // The answer is what the admin's types (web/shared/api) say it is: the schema parses it, extra keys refused.
    expect(() => linesPage.strict().parse(res.body)).not.toThrow();
    expect(lineDetail.parse((await h.get(path(lineGid(21)))).body).line.lineItemId).toBe(lineGid(21));
    expect(ids(res)).toEqual([31, 21, 22, 11]);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.lines[1]).toEqual({
      lineItemId: lineGid(21),
      orderId: orderGid(2),
      orderName: "#1002",
      orderCreatedAt: T(0, 2).toISOString(),
      customer: { id: GRACE.id, name: "Grace Hopper", email: "grace@example.com" },
      variantId: variant(1),
      productTitle: "Kettle",
      variantTitle: "Colour 1",
      sku: "KET-1",
      status: "backordered",
      quantity: 1,
      inStock: 0,
      allocated: 0,
      waiting: 1,
      priority: null,
      promisedDay: null,
      updatedAt: h.clock.now().toISOString(),
    });
    expect(res.body.lines[0]).toMatchObject({ orderName: "#1003", customer: null });
    expect(res.body.lines[2]).toMatchObject({ status: "in_stock", inStock: 2, waiting: 0 });
  });

  it("filters by status, variant, order, customer and age, together, and pages with a cursor", async () => {
    const h = backorderApp();
    await soldOut(h);
    const list = async (query: string) => {
      const res = await h.get(`/api/backorders/lines?${query}`);
      expect(res.status).toBe(200);
      return ids(res);
    };
    expect(await list("status=backordered")).toEqual([31, 21, 11]);
    expect(await list("status=in_stock,backordered")).toEqual([31, 21, 22, 11]);
    expect(await list(`variantId=${encodeURIComponent(variant(2))}`)).toEqual([22]);
    expect(await list("variantId=2")).toEqual([22]); // a bare numeric id works too
    expect(await list(`orderId=${encodeURIComponent(orderGid(2))}`)).toEqual([21, 22]);
    expect(await list(`customerId=${encodeURIComponent(ADA.id)}`)).toEqual([11]);
    expect(await list("olderThanDays=5")).toEqual([21, 22, 11]);
    expect(await list("olderThanDays=5&status=backordered")).toEqual([21, 11]);
    expect(await list("status=fulfilled")).toEqual([]);

    const first = await h.get("/api/backorders/lines?limit=2");
    expect(ids(first)).toEqual([31, 21]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await h.get(`/api/backorders/lines?limit=2&cursor=${first.body.nextCursor}`);
    expect(ids(second)).toEqual([22, 11]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("never shows another shop's lines", async () => {
    const h = backorderApp();
    await soldOut(h);
    expect((await h.get("/api/backorders/lines", OTHER_SHOP)).body).toEqual({
      lines: [],
      nextCursor: null,
      searchTruncated: false,
    });
    expect((await h.get(path(lineGid(11)), OTHER_SHOP)).status).toBe(404);
    expect((await h.get("/api/backorders/stats", OTHER_SHOP)).body).toEqual({
      lines: {},
      waitingUnits: 0,
      backorderedOrders: 0,
    });
  });

  it("shows a line with its history; a bare numeric id works too; an unknown line is a 404", async () => {
    const h = backorderApp();
    await soldOut(h);
    const res = await h.get(path(lineGid(11)));
    expect(res.status).toBe(200);
    expect(res.body.line).toMatchObject({
      lineItemId: lineGid(11),
      orderName: "#1001",
      status: "backordered",
    });
    expect(res.body.history).toEqual([
      {
        at: h.clock.now().toISOString(),
        cause: { kind: "webhook", ref: "order-1" },
        event: { type: "decide", inStock: 0, allocated: 0 },
        from: "new",
        to: "backordered",
        before: { quantity: 1, inStock: 0, allocated: 0, waiting: 1 },
        after: { quantity: 1, inStock: 0, allocated: 0, waiting: 1 },
      },
    ]);
    expect((await h.get("/api/backorders/lines/11")).body).toEqual(res.body);
    const unknown = await h.get(path(lineGid(999)));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      error: { code: "not_found", message: `No backorder line ${lineGid(999)} in this shop` },
    });
  });

  it("counts lines per status, waiting units and backordered orders", async () => {
    const h = backorderApp();
    await soldOut(h);
    const res = await h.get("/api/backorders/stats");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      lines: { backordered: 3, in_stock: 1 },
      waitingUnits: 3,
      backorderedOrders: 3,
    });
  });
});

describe("staff priority", () => {
  it("puts a line first for the next restock, records who did it, and gives the place back with null", async () => {
    const h = backorderApp();
    await soldOut(h);
    const res = await h.post(path(lineGid(31), "/priority")).send({ priority: 1 });
    expect(res.status).toBe(200);
    expect(res.body.line).toMatchObject({ lineItemId: lineGid(31), priority: 1, status: "backordered" });
    const { body } = await h.get(path(lineGid(31)));
    expect(body.history.at(-1)).toMatchObject({
      cause: { kind: "staff", ref: "user:42" },
      event: { type: "reprioritise", priority: 1 },
      from: "backordered",
      to: "backordered",
    });

    // One unit arrives: it goes to the newest order, which staff put first, not to order 1.
    await h.level(1, -2, T(9, 30));
    const status = async (n: number) => (await h.get(path(lineGid(n)))).body.line.status;
    expect([await status(11), await status(21), await status(31)]).toEqual([
      "backordered",
      "backordered",
      "released",
    ]);
    expect(heldUnitsOnShopify(h.fake, orderGid(3))).toBe(0);
    expect(heldUnitsOnShopify(h.fake, orderGid(1))).toBe(1);

    // Null: back to first come, first served (order 2 now goes before order 1 only with a priority).
    await h.post(path(lineGid(21), "/priority")).send({ priority: 5 });
    expect(
      (await h.post(path(lineGid(21), "/priority")).send({ priority: null })).body.line.priority,
    ).toBeNull();
    await h.level(1, -1, T(9, 31));
    expect([await status(11), await status(21)]).toEqual(["released", "backordered"]);
  });

  it("409 for a line that no longer waits; 404 for an unknown line or another shop's", async () => {
    const h = backorderApp();
    await soldOut(h);
    const shipped = await h.post(path(lineGid(22), "/priority")).send({ priority: 1 });
    expect(shipped.status).toBe(409);
    expect(shipped.body.error.code).toBe("illegal_transition");
    expect((await h.post(path(lineGid(999), "/priority")).send({ priority: 1 })).status).toBe(404);
    expect((await h.post(path(lineGid(11), "/priority"), OTHER_SHOP).send({ priority: 1 })).status).toBe(404);
    expect((await h.get(path(lineGid(11)))).body.line.priority).toBeNull();
  });
});

describe("a change of the allocation rules", () => {
  it("re-allocates the open pools in the background and records the settings change as the cause", async () => {
    const h = backorderApp();
    await h.rules({ partial: "never" });
    await h.level(1, 0, T(0));
    await h.ingest(1, T(0, 1), [[11, 1, 2]], ADA);
    // One of the two units arrives: under "never" it waits for the second.
    await h.level(1, -1, T(0, 2));
    expect((await h.get(path(lineGid(11)))).body.line).toMatchObject({ status: "backordered", allocated: 0 });

    const res = await h.patch("/api/settings").send({ allocation: { partial: "allow" } });
    expect(res.status).toBe(200);
    await vi.waitFor(async () => {
      const { body } = await h.get(path(lineGid(11)));
      expect(body.line).toMatchObject({ status: "partially_allocated", allocated: 1 });
      expect(body.history.at(-1)).toMatchObject({ cause: { kind: "settings", ref: "allocation" } });
    });
  });
});

describe("manual allocation", () => {
  /** Line 41 waits 3 units; 2 are free, but the shop allows no partial reservations, so nobody takes them. */
  async function stuck(h: App) {
    await h.rules({ partial: "never" });
    await h.level(3, 0, T(0));
    await h.ingest(4, T(1), [[41, 3, 3]], ADA);
    await h.level(3, -3, T(1, 1));
    await h.level(3, -1, T(2));
  }

  it("reserves free units for a waiting line by hand and syncs its order", async () => {
    const h = backorderApp();
    await stuck(h);
    expect((await h.get(path(lineGid(41)))).body.line).toMatchObject({ status: "backordered", waiting: 3 });
    const calls = h.fake.calls.length;

    const res = await h.post(path(lineGid(41), "/allocate")).send({ units: 2 });
    expect(res.status).toBe(200);
    expect(res.body.line).toMatchObject({ status: "partially_allocated", allocated: 2, waiting: 1 });
    const { body } = await h.get(path(lineGid(41)));
    expect(body.history.at(-1)).toMatchObject({
      cause: { kind: "staff", ref: "user:42" },
      event: { type: "allocate", units: 2 },
      from: "backordered",
      to: "partially_allocated",
      after: { quantity: 3, inStock: 0, allocated: 2, waiting: 1 },
    });
    // The order was synced: Shopify's metafield shows the reservation.
    expect(h.fake.calls.length).toBeGreaterThan(calls);
    const metafield = JSON.parse(h.fake.orders.get(orderGid(4))!.metafield!);
    expect(metafield.lines).toMatchObject([{ status: "partially_allocated" }]);
    expect((await h.repo.getOrder(SHOP, orderGid(4)))?.needsSync).toBe(false);

    // The last unit arrives: it completes the line (a completing grant is always allowed) and the hold goes.
    await h.level(3, 0, T(3));
    expect((await h.get(path(lineGid(41)))).body.line).toMatchObject({ status: "released", waiting: 0 });
    expect(heldUnitsOnShopify(h.fake, orderGid(4))).toBe(0);
  });

  it("409 naming the numbers for more units than wait or than are free; nothing changes", async () => {
    const h = backorderApp();
    await stuck(h);
    const tooMany = await h.post(path(lineGid(41), "/allocate")).send({ units: 4 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.message).toBe(`Cannot allocate 4 units to ${lineGid(41)}: only 3 wait`);
    const notFree = await h.post(path(lineGid(41), "/allocate")).send({ units: 3 });
    expect(notFree.status).toBe(409);
    expect(notFree.body.error.message).toBe(
      `Cannot allocate 3 units to ${lineGid(41)}: only 2 of the 2 units in stock are free (0 held by other lines)`,
    );
    expect((await h.get(path(lineGid(41)))).body.line).toMatchObject({ status: "backordered", allocated: 0 });
  });

  it("409 when other lines hold the stock, or the line does not wait; 404 for unknown and foreign lines", async () => {
    const h = backorderApp();
    await soldOut(h);
    const held = await h.post(path(lineGid(11), "/allocate")).send({ units: 1 });
    expect(held.status).toBe(409);
    expect(held.body.error.message).toMatch(/only 0 of the 0 units in stock are free/);
    expect((await h.post(path(lineGid(22), "/allocate")).send({ units: 1 })).body.error.code).toBe(
      "illegal_transition",
    );
    expect((await h.post(path(lineGid(999), "/allocate")).send({ units: 1 })).status).toBe(404);
    expect((await h.post(path(lineGid(11), "/allocate"), OTHER_SHOP).send({ units: 1 })).status).toBe(404);
  });
});

describe("allocation preview", () => {
  it("shows who a restock would serve, per line before and after, and writes nothing", async () => {
    const h = backorderApp();
    await soldOut(h);
    const before = (await h.get("/api/backorders/lines")).body;
    const calls = [...h.fake.calls];

    const res = await h.get(`/api/backorders/preview?variantId=${encodeURIComponent(variant(1))}&arriving=2`);
    expect(res.status).toBe(200);
    const waiting = { status: "backordered", inStock: 0, allocated: 0, waiting: 1 };
    const served = { status: "allocated", inStock: 0, allocated: 1, waiting: 0 };
    expect(res.body).toEqual({
      inventoryItemId: item(1),
      arriving: 2,
      stock: { available: -3, asOf: T(9, 1).toISOString() },
      supply: 2,
      allocated: 2,
      leftover: 0,
      lines: [
        {
          lineItemId: lineGid(11),
          orderId: orderGid(1),
          orderName: "#1001",
          variantId: variant(1),
          priority: null,
          before: waiting,
          after: served,
          newlyAllocated: 1,
        },
        {
          lineItemId: lineGid(21),
          orderId: orderGid(2),
          orderName: "#1002",
          variantId: variant(1),
          priority: null,
          before: waiting,
          after: served,
          newlyAllocated: 1,
        },
        {
          lineItemId: lineGid(31),
          orderId: orderGid(3),
          orderName: "#1003",
          variantId: variant(1),
          priority: null,
          before: waiting,
          after: waiting,
          newlyAllocated: 0,
        },
      ],
    });

    const more = await h.get(
      `/api/backorders/preview?inventoryItemId=${encodeURIComponent(item(1))}&arriving=5`,
    );
    expect(more.body).toMatchObject({ supply: 5, allocated: 3, leftover: 2 });

    expect((await h.get("/api/backorders/lines")).body).toEqual(before);
    expect(h.fake.calls).toEqual(calls);
    expect((await h.get(path(lineGid(11)))).body.history).toHaveLength(1);
  });

  it("previews an item nobody waits for, and 404s for a variant the engine does not know", async () => {
    const h = backorderApp();
    await soldOut(h);
    const empty = await h.get("/api/backorders/preview?inventoryItemId=9&arriving=4");
    expect(empty.body).toEqual({
      inventoryItemId: item(9),
      arriving: 4,
      stock: null,
      supply: 4,
      allocated: 0,
      leftover: 4,
      lines: [],
    });
    expect((await h.get("/api/backorders/preview?variantId=9&arriving=1")).status).toBe(404);
    expect((await h.get("/api/backorders/preview?variantId=1&arriving=1", OTHER_SHOP)).status).toBe(404);
  });
});

describe("bad input", () => {
  it.each([
    ["an unknown status", "/api/backorders/lines?status=backordered,lost", /^Invalid query: status\.1: /],
    ["a page size of 0", "/api/backorders/lines?limit=0", /limit/],
    ["a page size too big", "/api/backorders/lines?limit=1000", /limit/],
    ["a negative age", "/api/backorders/lines?olderThanDays=-1", /olderThanDays/],
    ["a repeated parameter", "/api/backorders/lines?orderId=1&orderId=2", /orderId/],
    [
      "a variant id of another resource",
      "/api/backorders/lines?variantId=gid%3A%2F%2Fshopify%2FOrder%2F1",
      /variantId: expected a gid:\/\/shopify\/ProductVariant/,
    ],
    ["a forged cursor", "/api/backorders/lines?cursor=bm90LWEtY3Vyc29y", /cursor/],
    ["a line id that is no line id", "/api/backorders/lines/abc", /^Invalid params: lineItemId/],
    [
      "a preview without an item",
      "/api/backorders/preview?arriving=2",
      /exactly one of variantId and inventoryItemId/,
    ],
    [
      "a preview with both ids",
      "/api/backorders/preview?variantId=1&inventoryItemId=1&arriving=2",
      /exactly one/,
    ],
    ["a preview without arriving units", "/api/backorders/preview?variantId=1", /arriving/],
    ["negative arriving units", "/api/backorders/preview?variantId=1&arriving=-2", /arriving/],
  ])("400 for %s", async (_name, url, message) => {
    const h = backorderApp();
    const res = await h.get(url);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
    expect(res.body.error.message).toMatch(message);
  });

  it.each([
    ["/priority", { priority: "high" }, /priority/],
    ["/priority", { priority: 1.5 }, /priority/],
    ["/priority", {}, /priority/],
    ["/priority", { priority: 1, note: "vip" }, /note/],
    ["/allocate", { units: 0 }, /units/],
    ["/allocate", { units: 2.5 }, /units/],
    ["/allocate", { units: "2" }, /units/],
  ])("400 for POST %s %j", async (action, body, message) => {
    const h = backorderApp();
    await soldOut(h);
    const res = await h.post(path(lineGid(11), action)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it("400 for a body that is not JSON; 401 without a session token", async () => {
    const h = backorderApp();
    await soldOut(h);
    const res = await h
      .post(path(lineGid(11), "/allocate"))
      .set("Content-Type", "application/json")
      .send("{");
    expect(res.status).toBe(400);
    expect((await request(h.app).get("/api/backorders/lines")).status).toBe(401);
  });
});

describe("backorder list: search, sort and CSV export", () => {
  it("searches order name, customer, SKU and product, and sorts by age, priority and units", async () => {
    const h = backorderApp();
    await soldOut(h);
    expect(ids(await h.get("/api/backorders/lines?q=LOVELACE"))).toEqual([11]);
    expect(ids(await h.get("/api/backorders/lines?q=%231002"))).toEqual([21, 22]);
    expect(ids(await h.get("/api/backorders/lines?q=ket-2"))).toEqual([22]);
    expect(ids(await h.get("/api/backorders/lines?q=kettle&status=backordered&sort=oldest"))).toEqual([
      11, 21, 31,
    ]);
    expect((await h.get("/api/backorders/lines?q=kettle")).body.searchTruncated).toBe(false);
    await h
      .post(path(lineGid(31), "/priority"))
      .send({ priority: 1 })
      .expect(200);
    expect(ids(await h.get("/api/backorders/lines?status=backordered&sort=priority"))).toEqual([31, 11, 21]);
    expect(ids(await h.get("/api/backorders/lines?sort=units"))).toEqual([31, 21, 11, 22]);
    const bad = await h.get("/api/backorders/lines?sort=cheapest");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/sort/);
  });

  it("exports the filtered list as CSV, every page, with formulas neutralised", async () => {
    const h = backorderApp();
    await soldOut(h);
    await h.ingest(4, T(9, 5), [[41, 1, 2]], {
      id: "gid://shopify/Customer/9",
      email: "+mallory@example.com",
      name: '=HYPERLINK("http://evil.example","click")',
      tags: [],
    });
    const res = await h.get("/api/backorders/lines.csv?status=backordered&sort=oldest");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.headers["content-disposition"]).toMatch(
      /attachment; filename="backorders-\d{4}-\d\d-\d\d\.csv"/,
    );
    const rows = res.text
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(rows[0]).toBe(
      "Order,Order date,Customer,Email,Product,Variant,SKU,Status,Quantity,Ships now,Reserved,Waiting,Priority,Promised,Line ID,Updated",
    );
    expect(rows.slice(1).map((r) => r.split(",")[0])).toEqual(["#1001", "#1002", "#1003", "#1004"]);
    expect(rows[4]).toContain(
      `"'=HYPERLINK(""http://evil.example"",""click"")",'+mallory@example.com,Kettle`,
    );
    expect(rows[1]).toContain(",Ada Lovelace,ada@example.com,Kettle,Colour 1,KET-1,backordered,1,0,0,1,,");
    expect((await h.get("/api/backorders/lines.csv?q=nobody")).text.replace(/^\uFEFF/, "").trimEnd()).toBe(
      rows[0],
    );
    expect((await h.get("/api/backorders/lines.csv?status=lost")).status).toBe(400);
  });
});

describe("bulk actions on lines", () => {
  it("sets a priority on the waiting lines chosen: a dry run first, then the real run", async () => {
    const h = backorderApp();
    await soldOut(h);
    const body = {
      lineItemIds: [lineGid(11), lineGid(21), lineGid(22), lineGid(999)],
      action: { kind: "set_priority", priority: 5 },
    };
    const dry = await h.post("/api/backorders/lines/bulk").send(body);
    expect(dry.status).toBe(200);
    expect(bulkOutcome.parse(dry.body).dryRun).toBe(true);
    expect(dry.body.lines.map((l: { change: unknown; skipped: unknown }) => [l.change, l.skipped])).toEqual([
      [{ priority: 5 }, null],
      [{ priority: 5 }, null],
      [null, "not_waiting"],
      [null, "not_found"],
    ]);
    expect(dry.body.summary).toEqual({
      chosen: 4,
      changing: 2,
      skipped: 2,
      done: 0,
      failed: 0,
      units: 0,
      orders: 2,
      emails: 0,
    });
    // Nothing was written by the dry run.
    expect((await h.get(path(lineGid(11)))).body.line.priority).toBeNull();

    const run = await h.post("/api/backorders/lines/bulk").send({ ...body, dryRun: false });
    expect(run.body.summary).toMatchObject({ changing: 2, done: 2, failed: 0 });
    expect((await h.get(path(lineGid(21)))).body.line.priority).toBe(5);
    expect((await h.get(path(lineGid(21)))).body.history.at(-1).cause).toEqual({
      kind: "staff",
      ref: "user:42",
    });
    const again = await h.post("/api/backorders/lines/bulk").send(body);
    expect(again.body.lines[0].skipped).toBe("unchanged");
  });

  it("allocates free stock to the chosen lines, first come first served, and says which have none", async () => {
    const h = backorderApp();
    await h.rules({ partial: "never" });
    await soldOut(h);
    await h.level(3, 0, T(0));
    await h.ingest(5, T(1), [[51, 3, 3]], ADA);
    await h.ingest(6, T(2), [[61, 3, 3]], GRACE);
    await h.level(3, -4, T(3)); // 2 units arrive; neither line may take them partially
    const body = {
      lineItemIds: [lineGid(61), lineGid(51), lineGid(11)],
      action: { kind: "allocate_from_stock" },
    };
    const dry = await h.post("/api/backorders/lines/bulk").send(body);
    expect(dry.body.lines.map((l: { change: unknown; skipped: unknown }) => [l.change, l.skipped])).toEqual([
      [null, "no_free_stock"],
      [{ units: 2 }, null],
      [null, "no_free_stock"],
    ]);
    expect(dry.body.summary.units).toBe(2);
    const run = await h.post("/api/backorders/lines/bulk").send({ ...body, dryRun: false });
    expect(run.body.summary).toMatchObject({ done: 1, failed: 0, units: 2 });
    expect((await h.get(path(lineGid(51)))).body.line).toMatchObject({ allocated: 2, waiting: 1 });
  });

  it("refuses a bad request, naming the problem", async () => {
    const h = backorderApp();
    const res = await h
      .post("/api/backorders/lines/bulk")
      .send({ lineItemIds: [], action: { kind: "explode" } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/lineItemIds/);
    expect(res.body.error.message).toMatch(/action/);
  });
});
