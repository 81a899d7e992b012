import { describe, expect, it } from "vitest";
import { MemoryBackorderRepository } from "../../../web/server/adapters/memory/backorder-repository.js";
import { createMemoryLogger } from "../../../web/server/adapters/logger.js";
import {
  toGid,
  type InventoryItemGid,
  type LineItemGid,
  type LocationGid,
  type OrderGid,
  type ProductVariantGid,
} from "../../../web/server/domain/shared/gid.js";
import {
  createBackorderEngine,
  type BackorderReconcileShopify,
  type IncomingOrder,
} from "../../../web/server/use-cases/backorder/index.js";
import { DEFAULT_SHOP_SETTINGS } from "../../../web/server/use-cases/ports.js";
import { fakeBackorderShopify, type FakeShopifyOrder } from "../../support/backorder-fakes.js";

/**
 * Reconciliation over fakes: a small Shopify (orders, fulfillment orders with holds, levels per location) that the
 * test changes while choosing which webhooks reach the engine, as a dropped delivery would. Every read pages with
 * tiny pages and batches, so the paging paths run in every case.
 */
const SHOP = "test.myshopify.com";
const T = (min: number) => new Date(Date.UTC(2026, 2, 2, 9, min));
const NOW = T(30);
const JOB = { kind: "job" as const, ref: "reconcile:test" };
const variant = (n: number) => toGid("ProductVariant", String(n)) as ProductVariantGid;
const item = (n: number) => toGid("InventoryItem", String(n)) as InventoryItemGid;
const LOC1 = toGid("Location", "1") as LocationGid;
const LOC2 = toGid("Location", "2") as LocationGid;

interface ShopifyOrder extends FakeShopifyOrder {
  order: IncomingOrder;
}

function fakeShopify() {
  const orders = new Map<string, ShopifyOrder>();
  /** inventory item → location → level */
  const levels = new Map<string, Map<string, { available: number; updatedAt: Date }>>();
  const calls: string[] = [];
  const hooks: { onLevelsRead?: () => Promise<void> } = {};
  const failWrites = new Set<string>();
  const PAGE = 2;

  const { shopify } = fakeBackorderShopify({ orders, calls, failWrites });

  const stamp = (o: IncomingOrder) => ({
    orderId: o.orderId,
    updatedAt: o.updatedAt,
    cancelled: o.cancelled,
    closed: o.cancelled, // cancelling closes an order
  });
  const page = <T>(all: T[], cursor: string | null, size: number) => {
    const start = cursor ? Number(cursor) : 0;
    return {
      items: all.slice(start, start + size),
      next: start + size < all.length ? String(start + size) : null,
    };
  };
  const levelsOf = (id: string) =>
    [...(levels.get(id) ?? new Map()).entries()].map(([locationId, l]) => ({ locationId, ...l }));

  const reconcileShopify: BackorderReconcileShopify = {
    batch: { orderStamps: 2, orders: 1, items: 1 },
    async listOrdersUpdatedSince(_shop, since, cursor) {
      calls.push("listOrders");
      const all = [...orders.values()]
        .map((o) => o.order)
        .filter((o) => o.updatedAt >= since)
        .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime());
      const p = page(all, cursor, PAGE);
      return { orders: p.items.map(stamp), nextCursor: p.next };
    },
    async readOrderStamps(_shop, ids) {
      calls.push("orderStamps");
      expect(ids.length).toBeLessThanOrEqual(2);
      return ids.flatMap((id) => (orders.has(id) ? [stamp(orders.get(id)!.order)] : []));
    },
    async readOrders(_shop, ids) {
      calls.push("orders");
      expect(ids).toHaveLength(1);
      return ids.flatMap((id) => {
        const o = orders.get(id);
        if (!o) return [];
        const p = page(o.order.lines, null, 1);
        return [
          { order: { ...structuredClone(o.order), lines: structuredClone(p.items) }, linesCursor: p.next },
        ];
      });
    },
    async readOrderLines(_shop, orderId, cursor) {
      calls.push("orderLines");
      const p = page(orders.get(orderId)!.order.lines, cursor, 1);
      return { lines: structuredClone(p.items), nextCursor: p.next };
    },
    async readInventoryLevels(_shop, ids) {
      calls.push("levels");
      expect(ids).toHaveLength(1);
      const read = ids.flatMap((id) => {
        if (!levels.has(id)) return [];
        const p = page(levelsOf(id), null, 1);
        return [{ inventoryItemId: id, levels: p.items, levelsCursor: p.next }];
      });
      await hooks.onLevelsRead?.();
      return read;
    },
    async readMoreInventoryLevels(_shop, id, cursor) {
      calls.push("moreLevels");
      const p = page(levelsOf(id), cursor, 1);
      return { levels: p.items, nextCursor: p.next };
    },
  };
  return { shopify, reconcileShopify, orders, levels, calls, hooks, failWrites };
}

async function setup() {
  const repository = new MemoryBackorderRepository({ now: () => NOW });
  const fake = fakeShopify();
  const engine = createBackorderEngine({
    repository,
    shopify: fake.shopify,
    reconcileShopify: fake.reconcileShopify,
    shops: { get: async () => ({ settings: DEFAULT_SHOP_SETTINGS }) as never },
    clock: { now: () => NOW },
    logger: createMemoryLogger(),
  });

  const setLevel = (n: number, location: string, available: number, at: Date) => {
    const byLocation = fake.levels.get(item(n)) ?? new Map();
    byLocation.set(location, { available, updatedAt: at });
    fake.levels.set(item(n), byLocation);
  };
  const level = (n: number, location: string) => fake.levels.get(item(n))!.get(location)!;
  /** The webhook for a level, as Shopify would send it now. */
  const deliverLevel = (n: number, location: string) =>
    engine.applyInventoryLevel(
      SHOP,
      {
        inventoryItemId: item(n),
        locationId: location as LocationGid,
        available: level(n, location).available,
        updatedAt: level(n, location).updatedAt,
      },
      `level-${n}-${location}`,
    );

  /** Places an order on Shopify (one unit per line unless given): `available` at LOC1 drops by what it takes. */
  const place = (n: number, minute: number, lines: [line: number, variant: number, qty?: number][]) => {
    const order: IncomingOrder = {
      orderId: toGid("Order", String(n)) as OrderGid,
      name: `#${n}`,
      createdAt: T(minute),
      updatedAt: T(minute),
      cancelled: false,
      tags: [],
      customer: null,
      lines: lines.map(([l, v, qty = 1]) => ({
        lineItemId: toGid("LineItem", String(l)) as LineItemGid,
        variantId: variant(v),
        quantity: qty,
        currentQuantity: qty,
        fulfillableQuantity: qty,
        inventoryManagement: "shopify",
        title: null,
        variantTitle: null,
        sku: null,
      })),
    };
    fake.orders.set(order.orderId, {
      order,
      tags: [],
      metafield: null,
      fos: [
        {
          id: `gid://shopify/FulfillmentOrder/${n}`,
          status: "OPEN",
          holds: [],
          lineItems: order.lines.map((l) => ({
            id: `gid://shopify/FulfillmentOrderLineItem/${l.lineItemId.split("/").pop()}`,
            lineItemId: l.lineItemId,
            remainingQuantity: l.quantity,
          })),
        },
      ],
    });
    for (const l of lines) {
      const v = l[1];
      setLevel(v, LOC1, (fake.levels.get(item(v))?.get(LOC1)?.available ?? 0) - (l[2] ?? 1), T(minute));
    }
    return order;
  };
  const deliverOrder = (o: IncomingOrder) =>
    engine.ingestOrder(SHOP, fake.orders.get(o.orderId)!.order, `order-${o.name}`);
  /** Cancels on Shopify with a restock of its units at LOC1. */
  const cancel = (o: IncomingOrder, minute: number) => {
    const stored = fake.orders.get(o.orderId)!;
    stored.order = { ...stored.order, cancelled: true, updatedAt: T(minute) };
    for (const l of stored.order.lines) {
      const n = Number(l.variantId!.split("/").pop());
      setLevel(n, LOC1, level(n, LOC1).available + l.quantity, T(minute));
    }
  };
  const statuses = async (...os: IncomingOrder[]) =>
    Promise.all(
      os.map(async (o) => (await repository.linesOfOrder(SHOP, o.orderId)).map((l) => l.status).join(",")),
    );
  /** Units our holds cover on Shopify, per order. */
  const held = (o: IncomingOrder) =>
    fake.orders
      .get(o.orderId)!
      .fos.filter((f) => f.holds.length > 0)
      .flatMap((f) => f.lineItems)
      .reduce((sum, li) => sum + li.remainingQuantity, 0);

  return {
    repository,
    engine,
    ...fake,
    setLevel,
    level,
    deliverLevel,
    place,
    deliverOrder,
    cancel,
    statuses,
    held,
  };
}

describe("backorder reconciliation", () => {
  it("ingests an order whose orders/create was dropped: it takes its place in line, and Shopify shows it", async () => {
    const s = await setup();
    s.setLevel(1, LOC1, 1, T(0));
    const a = s.place(1, 1, [[11, 1]]);
    await s.deliverOrder(a);
    const b = s.place(2, 2, [[21, 1]]); // orders/create dropped
    await s.deliverLevel(1, LOC1); // available -1 counts b, which we do not know
    expect(await s.statuses(a)).toEqual(["backordered"]); // wrong: a came first
    expect(s.held(a)).toBe(1);

    const report = await s.engine.reconcile(SHOP, JOB);

    // a's unit comes from the re-decision (allocated), and its hold is lifted in the same run.
    expect(await s.statuses(a, b)).toEqual(["released", "backordered"]);
    expect([s.held(a), s.held(b)]).toEqual([0, 1]);
    expect(s.orders.get(b.orderId)!.tags).toEqual(["backorder"]);
    expect(report).toMatchObject({
      ordersRead: 2,
      ordersFixed: 1,
      levelsRead: 1,
      levelsChanged: 0,
      linesChanged: 2,
      ordersSynced: 2,
      syncFailures: 0,
    });
    const history = await s.repository.lineHistory(SHOP, b.lines[0]!.lineItemId);
    expect(history.map((h) => h.cause)).toContainEqual(JOB);
  });

  it("repairs a dropped cancellation and dropped restocks: freed units go to the next waiting line", async () => {
    const s = await setup();
    s.setLevel(1, LOC1, 0, T(0));
    const [a, b, c] = [s.place(1, 1, [[11, 1]]), s.place(2, 2, [[21, 1]]), s.place(3, 3, [[31, 1]])];
    for (const o of [a, b, c]) await s.deliverOrder(o);
    await s.deliverLevel(1, LOC1);
    expect(await s.statuses(a, b, c)).toEqual(["backordered", "backordered", "backordered"]);

    // Every webhook of these lost: a cancelled with a restock (LOC1 -3 → -2), one unit received at LOC2.
    s.cancel(a, 5);
    s.setLevel(1, LOC2, 1, T(6));
    const report = await s.engine.reconcile(SHOP, JOB);

    expect(await s.statuses(a, b, c)).toEqual(["cancelled", "released", "backordered"]);
    expect([s.held(a), s.held(b), s.held(c)]).toEqual([0, 0, 1]);
    expect(await s.repository.levelsOfItem(SHOP, item(1))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ locationId: LOC1, available: -2 }),
        expect.objectContaining({ locationId: LOC2, available: 1 }),
      ]),
    );
    expect(report).toMatchObject({ ordersFixed: 1, levelsRead: 2, levelsChanged: 2, syncFailures: 0 });
    expect(report.linesChanged).toBeGreaterThanOrEqual(2);
  });

  it("reads orders with more lines, and items at more locations, than one page holds", async () => {
    const s = await setup();
    s.setLevel(1, LOC1, 1, T(0));
    s.setLevel(2, LOC1, 0, T(0));
    s.setLevel(2, LOC2, 1, T(0));
    const a = s.place(1, 1, [
      [11, 1],
      [12, 2, 2],
    ]); // nothing delivered at all
    await s.engine.reconcile(SHOP, JOB);
    // Item 2: LOC1 -2 + LOC2 1 = -1 available, 2 of ours open → 1 ships, 1 waits.
    expect(await s.statuses(a)).toEqual(["in_stock,backordered"]);
    expect(s.held(a)).toBe(1);
    expect(s.calls).toEqual(expect.arrayContaining(["orderLines", "moreLevels"]));
  });

  it("a second run finds nothing to fix: it reads, and compares every held order, but writes nothing", async () => {
    const s = await setup();
    s.setLevel(1, LOC1, 0, T(0));
    const orders = [s.place(1, 1, [[11, 1]]), s.place(2, 2, [[21, 1]]), s.place(3, 3, [[31, 1]])];
    await s.engine.reconcile(SHOP, JOB);
    s.calls.length = 0;

    const report = await s.engine.reconcile(SHOP, JOB);

    expect(report).toMatchObject({
      ordersRead: 3,
      ordersFixed: 0,
      levelsChanged: 0,
      linesChanged: 0,
      ordersSynced: 0,
      ordersRepaired: 0,
    });
    // One read per order Waitwell holds: Shopify's state is compared with the decision, and matches.
    expect(s.calls).toEqual(["listOrders", "listOrders", "levels", "read", "read", "read"]);
    expect(report.adminCalls).toBe(6);
    expect(orders.map(s.held)).toEqual([1, 1, 1]);
  });

  it("writes again what Shopify lost although Waitwell recorded it (the hold and the tag)", async () => {
    const s = await setup();
    s.setLevel(1, LOC1, 0, T(0));
    const waiting = s.place(1, 1, [[11, 1]]);
    await s.engine.reconcile(SHOP, JOB);
    expect(s.held(waiting)).toBe(1);
    // Shopify loses the hold Waitwell recorded (a crash between the write and its record, or a merchant's release).
    for (const fo of s.orders.get(waiting.orderId)!.fos) {
      fo.holds = [];
      fo.status = "OPEN";
    }
    s.orders.get(waiting.orderId)!.tags = [];
    expect(s.held(waiting)).toBe(0);

    const report = await s.engine.reconcile(SHOP, JOB);

    expect(report).toMatchObject({ ordersFixed: 0, ordersRepaired: 1 });
    expect(s.held(waiting)).toBe(1);
    expect(s.orders.get(waiting.orderId)!.tags).toContain("backorder");
    expect((await s.engine.reconcile(SHOP, JOB)).ordersRepaired).toBe(0);
  });

  it("checks open orders outside the window by id, and never reads an unknown order that is already cancelled", async () => {
    const s = await setup();
    s.setLevel(1, LOC1, 0, T(0));
    const a = s.place(1, 1, [[11, 1]]);
    await s.deliverOrder(a);
    await s.deliverLevel(1, LOC1);
    s.cancel(a, 5); // dropped; changed before the window below
    const gone = s.place(9, 25, [[91, 1]]);
    s.cancel(gone, 26);

    const report = await s.engine.reconcile(SHOP, JOB, { since: T(20) });

    expect(await s.statuses(a)).toEqual(["cancelled"]);
    expect(await s.repository.getOrder(SHOP, gone.orderId)).toBeNull();
    expect(s.calls.filter((c) => c === "orders")).toHaveLength(1); // a only
    expect(s.calls).toContain("orderStamps");
    expect(report).toMatchObject({ ordersRead: 2, ordersFixed: 1 });
  });

  it("takes back stock a later line got while an earlier one waits: the earliest waiting line gets it", async () => {
    const s = await setup();
    s.setLevel(1, LOC1, 1, T(0));
    const [a, b] = [s.place(1, 1, [[11, 1]]), s.place(2, 2, [[21, 1]])]; // 1 unit, 2 orders: a ships, b waits
    for (const o of [a, b]) await s.deliverOrder(o);
    await s.deliverLevel(1, LOC1);
    // A decision made on a drifted mirror: b took the unit while a waits.
    const [la] = await s.repository.linesOfOrder(SHOP, a.orderId);
    const [lb] = await s.repository.linesOfOrder(SHOP, b.orderId);
    await s.repository.saveDecision(SHOP, {
      orders: [],
      lines: [
        { ...la!, status: "backordered", inStock: 0 },
        { ...lb!, status: "in_stock", inStock: 1 },
      ],
      history: [],
    });

    await s.engine.reconcile(SHOP, JOB);

    expect(await s.statuses(a, b)).toEqual(["released", "backordered"]);
    expect([s.held(a), s.held(b)]).toEqual([0, 1]);
  });

  it("catches a cancellation stamped in the same second as the copy we hold", async () => {
    const s = await setup();
    s.setLevel(1, LOC1, 0, T(0));
    const a = s.place(1, 1, [[11, 1]]);
    await s.deliverOrder(a);
    await s.deliverLevel(1, LOC1);
    s.cancel(a, 1); // updated_at unchanged at Shopify's one-second resolution; orders/cancelled dropped
    expect(await s.engine.reconcile(SHOP, JOB)).toMatchObject({ ordersFixed: 1 });
    expect(await s.statuses(a)).toEqual(["cancelled"]);
    expect(s.held(a)).toBe(0);
  });

  it("a level webhook newer than the read wins over it; an older one loses", async () => {
    const s = await setup();
    s.setLevel(1, LOC1, 5, T(0));
    const a = s.place(1, 1, [[11, 1]]);
    await s.deliverOrder(a);
    s.hooks.onLevelsRead = async () => {
      // While the read was on its way, a stock count found a's unit missing (available -1), and its webhook
      // (stamped T31, after the read was sent at T30) landed first.
      s.setLevel(1, LOC1, -1, T(31));
      await s.deliverLevel(1, LOC1);
    };
    await s.engine.reconcile(SHOP, JOB);
    expect(await s.repository.levelsOfItem(SHOP, item(1))).toEqual([
      expect.objectContaining({ available: -1, asOf: T(31).toISOString() }),
    ]);
    expect(await s.statuses(a)).toEqual(["backordered"]);

    s.hooks.onLevelsRead = undefined;
    s.setLevel(1, LOC1, 4, T(10)); // what Shopify shows now, with an older stamp than the mirror's
    await s.engine.reconcile(SHOP, JOB);
    expect((await s.repository.levelsOfItem(SHOP, item(1)))[0]).toMatchObject({ available: -1 });
  });

  it("a failed sync is counted and left for the next run; the run goes on", async () => {
    const s = await setup();
    s.setLevel(1, LOC1, 0, T(0));
    const [a, b] = [s.place(1, 1, [[11, 1]]), s.place(2, 2, [[21, 1]])];
    s.failWrites.add(a.orderId);
    const report = await s.engine.reconcile(SHOP, JOB);
    expect(report).toMatchObject({ ordersSynced: 1, syncFailures: 1 });
    expect([s.held(a), s.held(b)]).toEqual([0, 1]);
    expect((await s.repository.getOrder(SHOP, a.orderId))!.needsSync).toBe(true);

    s.failWrites.clear();
    expect(await s.engine.reconcile(SHOP, JOB)).toMatchObject({ ordersSynced: 1, syncFailures: 0 });
    expect(s.held(a)).toBe(1);
  });
});
