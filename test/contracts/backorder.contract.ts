import { describe, expect, it } from "vitest";
import type { BackorderLine, LineHistoryEntry, LineStatus } from "../../web/server/domain/backorder/index.js";
import type {
  InventoryItemGid,
  LineItemGid,
  LocationGid,
  OrderGid,
  ProductVariantGid,
} from "../../web/server/domain/shared/gid.js";
import { InvalidValueError } from "../../web/server/domain/shared/errors.js";
import { ValidationError } from "../../web/server/errors.js";
import type {
  BackorderRepository,
  EngineOrder,
  StoredLine,
  SyncedOrder,
  VariantInfo,
} from "../../web/server/use-cases/backorder/ports.js";
import { SHOP_A, SHOP_B, useStore, type StoreFactory } from "./harness.js";
import type { ShopDomain } from "../../web/server/use-cases/ports.js";

type SavedLine = Parameters<BackorderRepository["saveDecision"]>[1]["lines"][number];

const item = (n: number) => `gid://shopify/InventoryItem/${n}` as InventoryItemGid;
const loc = (n: number) => `gid://shopify/Location/${n}` as LocationGid;
const orderGid = (n: number) => `gid://shopify/Order/${n}` as OrderGid;
const lineGid = (n: number) => `gid://shopify/LineItem/${n}` as LineItemGid;
const variant = (n: number) => `gid://shopify/ProductVariant/${n}` as ProductVariantGid;
const CUSTOMER = "gid://shopify/Customer/77";

const T0 = Date.UTC(2026, 10, 24, 8, 0, 0, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

function order(n: number, overrides: Partial<EngineOrder> = {}): EngineOrder {
  return {
    shop: SHOP_A,
    orderId: orderGid(n),
    name: `#${n}`,
    orderCreatedAt: at(n),
    sourceUpdatedAt: at(n + 1),
    customerId: CUSTOMER,
    customerEmail: "grace@example.com",
    customerName: "Grace Hopper",
    tags: ["VIP", "wholesale"],
    cancelled: false,
    syncedMetafield: null,
    holds: [],
    shopifyTouched: false,
    backordered: true,
    needsSync: true,
    ...overrides,
  };
}

/** Line `n` of order `orderN`, created at the order's time. */
function line(n: number, orderN: number, overrides: Partial<SavedLine> = {}): SavedLine {
  return {
    lineItemId: lineGid(n),
    orderId: orderGid(orderN),
    orderCreatedAt: at(orderN).toISOString(),
    variantId: variant(1),
    inventoryItemId: item(1),
    locationId: loc(1),
    tracked: true,
    tags: ["VIP"],
    priority: null,
    status: "backordered",
    quantity: 3,
    inStock: 1,
    allocated: 0,
    partialAllocations: 0,
    productTitle: "Kettle",
    variantTitle: "Red",
    sku: "KET-RED",
    ...overrides,
  };
}

function entry(lineItemId: LineItemGid, when: Date | string, overrides: Partial<LineHistoryEntry> = {}) {
  const e: LineHistoryEntry = {
    lineItemId,
    at: typeof when === "string" ? when : when.toISOString(),
    cause: { kind: "webhook", ref: "wh-1" },
    event: { type: "decide", inStock: 1, allocated: 0 },
    from: "new",
    to: "backordered",
    before: { quantity: 3, inStock: 0, allocated: 0, waiting: 3 },
    after: { quantity: 3, inStock: 1, allocated: 0, waiting: 2 },
    ...overrides,
  };
  return e;
}

/** What the repository gives back for a saved line. */
function stored(l: SavedLine): StoredLine {
  return {
    ...l,
    orderCreatedAt: new Date(l.orderCreatedAt).toISOString(),
    productTitle: l.productTitle ?? null,
    variantTitle: l.variantTitle ?? null,
    sku: l.sku ?? null,
    updatedAt: expect.any(Date) as unknown as Date,
  };
}

function variantInfo(n: number, overrides: Partial<VariantInfo> = {}): VariantInfo {
  return {
    variantId: variant(n),
    productId: "gid://shopify/Product/9",
    inventoryItemId: item(1),
    sku: `SKU-${n}`,
    tracked: true,
    inventoryPolicy: "DENY",
    asOf: at(0),
    ...overrides,
  };
}

async function save(
  repo: BackorderRepository,
  shop: ShopDomain,
  change: { orders?: EngineOrder[]; lines?: SavedLine[]; history?: LineHistoryEntry[] },
) {
  await repo.saveDecision(shop, {
    orders: (change.orders ?? []).map((o) => ({ ...o, shop })),
    lines: change.lines ?? [],
    history: change.history ?? [],
  });
}

async function allPages(repo: BackorderRepository, filter: Parameters<BackorderRepository["listLines"]>[1]) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const page = await repo.listLines(SHOP_A, { ...filter, ...(cursor ? { cursor } : {}) });
    sizes.push(page.lines.length);
    ids.push(...page.lines.map((l) => l.lineItemId));
    cursor = page.nextCursor;
  } while (cursor);
  return { ids, sizes };
}

export function backorderRepositoryContract(factory: StoreFactory): void {
  describe("BackorderRepository", () => {
    const store = useStore(factory);
    const repo = () => store().repos.backorders;

    describe("inventory mirror", () => {
      const level = (available: number, asOf: Date, i = 1, l = 1) => ({
        inventoryItemId: item(i),
        locationId: loc(l),
        available,
        asOf,
      });

      it("stores a level and applies newer ones, returning asOf as an ISO string", async () => {
        expect(await repo().upsertLevel(SHOP_A, level(5, at(1)))).toBe(true);
        expect(await repo().getLevels(SHOP_A, [{ inventoryItemId: item(1), locationId: loc(1) }])).toEqual([
          { inventoryItemId: item(1), locationId: loc(1), available: 5, asOf: at(1).toISOString() },
        ]);
        expect(await repo().upsertLevel(SHOP_A, level(-2, at(2)))).toBe(true);
        expect((await repo().levelsOfItem(SHOP_A, item(1)))[0]).toMatchObject({ available: -2 });
      });

      it("discards a stale level and re-applies one with the same asOf", async () => {
        await repo().upsertLevel(SHOP_A, level(5, at(10)));
        expect(await repo().upsertLevel(SHOP_A, level(99, at(9)))).toBe(false);
        expect((await repo().levelsOfItem(SHOP_A, item(1)))[0]).toMatchObject({ available: 5 });
        expect(await repo().upsertLevel(SHOP_A, level(5, at(10)))).toBe(true);
        expect(await repo().levelsOfItem(SHOP_A, item(1))).toEqual([
          { inventoryItemId: item(1), locationId: loc(1), available: 5, asOf: at(10).toISOString() },
        ]);
      });

      it("reads levels per pool and per item, one shop only", async () => {
        await repo().upsertLevel(SHOP_A, level(1, at(1), 1, 1));
        await repo().upsertLevel(SHOP_A, level(2, at(1), 1, 2));
        await repo().upsertLevel(SHOP_A, level(3, at(1), 2, 1));
        await repo().upsertLevel(SHOP_B, level(40, at(1), 1, 1));
        const levels = await repo().getLevels(SHOP_A, [
          { inventoryItemId: item(2), locationId: loc(1) },
          { inventoryItemId: item(1), locationId: loc(2) },
          { inventoryItemId: item(3), locationId: loc(1) }, // never mirrored
          { inventoryItemId: item(2), locationId: loc(1) }, // asked twice
        ]);
        expect(levels.map((l) => l.available)).toEqual([3, 2]);
        expect((await repo().levelsOfItem(SHOP_A, item(1))).map((l) => [l.locationId, l.available])).toEqual([
          [loc(1), 1],
          [loc(2), 2],
        ]);
        expect((await repo().levelsOfItem(SHOP_B, item(1))).map((l) => l.available)).toEqual([40]);
        expect(await repo().getLevels(SHOP_A, [])).toEqual([]);
      });

      it("stores a decision's levels with it, each unless the stored one is newer", async () => {
        await repo().upsertLevel(SHOP_A, level(5, at(10), 1));
        await repo().upsertLevel(SHOP_A, level(6, at(10), 2));
        await repo().saveDecision(SHOP_A, {
          orders: [],
          lines: [],
          history: [],
          levels: [
            level(99, at(9), 1), // older than the stored one: discarded
            level(7, at(10), 2), // the same asOf: applied again
            level(8, at(3), 3), // new
            level(9, at(4), 3), // the same level twice: the newer counts
          ],
        });
        const got = await repo().levelsOfItems(SHOP_A, [item(1), item(2), item(3)]);
        expect(got.map((l) => [l.inventoryItemId, l.available, l.asOf]).sort()).toEqual([
          [item(1), 5, at(10).toISOString()],
          [item(2), 7, at(10).toISOString()],
          [item(3), 9, at(4).toISOString()],
        ]);
        // With orders and lines too: stored together.
        await repo().saveDecision(SHOP_A, {
          orders: [order(1)],
          lines: [line(1, 1)],
          history: [],
          levels: [level(-3, at(11), 1)],
        });
        expect((await repo().levelsOfItem(SHOP_A, item(1)))[0]).toMatchObject({ available: -3 });
        expect(await repo().getLine(SHOP_A, lineGid(1))).not.toBeNull();
      });

      it("reads every level of several items at once, one shop only", async () => {
        await repo().upsertLevel(SHOP_A, level(1, at(1), 1, 1));
        await repo().upsertLevel(SHOP_A, level(2, at(2), 1, 2));
        await repo().upsertLevel(SHOP_A, level(3, at(1), 2, 1));
        await repo().upsertLevel(SHOP_A, level(4, at(1), 3, 1));
        await repo().upsertLevel(SHOP_B, level(40, at(1), 1, 1));
        const levels = await repo().levelsOfItems(SHOP_A, [item(2), item(1), item(9), item(1)]);
        expect(
          levels
            .map((l) => [l.inventoryItemId, l.locationId, l.available, l.asOf])
            .sort((a, b) => String(a).localeCompare(String(b))),
        ).toEqual([
          [item(1), loc(1), 1, at(1).toISOString()],
          [item(1), loc(2), 2, at(2).toISOString()],
          [item(2), loc(1), 3, at(1).toISOString()],
        ]);
        expect(await repo().levelsOfItems(SHOP_A, [])).toEqual([]);
      });

      // One client: on PostgreSQL its pool runs the inserts on several connections. (Two Prisma clients on one SQLite
      // file in one process cannot race writes: better-sqlite3 waits for a lock synchronously.)
      it("keeps the newest level when first inserts race", async () => {
        await Promise.all(
          [1, 2, 3, 4].flatMap((i) => [
            repo().upsertLevel(SHOP_A, level(10, at(1), i)),
            repo().upsertLevel(SHOP_A, level(20, at(2), i)),
            repo().upsertLevel(SHOP_A, level(30, at(2), i)),
          ]),
        );
        for (const i of [1, 2, 3, 4]) {
          const [l] = await repo().levelsOfItem(SHOP_A, item(i));
          expect(l?.asOf).toBe(at(2).toISOString());
          expect([20, 30]).toContain(l?.available);
        }
      });
    });

    describe("variant mirror", () => {
      it("stores variants, skips stale ones, reads by id (in the order asked) and by item", async () => {
        await repo().upsertVariants(SHOP_A, [
          variantInfo(1),
          variantInfo(2, { sku: null, tracked: false, inventoryPolicy: "CONTINUE" }),
          variantInfo(3, { inventoryItemId: item(2) }),
        ]);
        await repo().upsertVariants(SHOP_A, [
          variantInfo(1, { sku: "OLD", asOf: at(-1) }), // stale
          variantInfo(2, { sku: "NEW", asOf: at(5) }),
          variantInfo(3, { inventoryItemId: item(2), sku: "SAME", asOf: at(0) }), // same asOf: re-applied
        ]);
        await repo().upsertVariants(SHOP_B, [variantInfo(1, { sku: "B" })]);

        const got = await repo().getVariants(SHOP_A, [variant(3), variant(1), variant(404), variant(2)]);
        expect(got).toEqual([
          variantInfo(3, { inventoryItemId: item(2), sku: "SAME" }),
          variantInfo(1),
          variantInfo(2, { sku: "NEW", asOf: at(5) }),
        ]);
        expect((await repo().variantsOfItem(SHOP_A, item(1))).map((v) => v.variantId)).toEqual([
          variant(1),
          variant(2),
        ]);
        expect((await repo().getVariants(SHOP_B, [variant(1), variant(2)])).map((v) => v.sku)).toEqual(["B"]);
        expect(await repo().getVariants(SHOP_A, [])).toEqual([]);
      });

      it("applies a variant given twice in one call as if one after the other", async () => {
        await repo().upsertVariants(SHOP_A, [
          variantInfo(1, { sku: "second", asOf: at(2) }),
          variantInfo(1, { sku: "first", asOf: at(1) }), // stale by then
          variantInfo(2, { sku: "a", asOf: at(1) }),
          variantInfo(2, { sku: "b", asOf: at(1) }), // same asOf: applied again
        ]);
        expect((await repo().getVariants(SHOP_A, [variant(1), variant(2)])).map((v) => v.sku)).toEqual([
          "second",
          "b",
        ]);
      });

      it("keeps the newest variant when first inserts race", async () => {
        await Promise.all(
          [1, 2, 3, 4].flatMap((n) => [
            repo().upsertVariants(SHOP_A, [variantInfo(n, { sku: "old", asOf: at(1) })]),
            repo().upsertVariants(SHOP_A, [variantInfo(n, { sku: "new", asOf: at(2) })]),
            repo().upsertVariants(SHOP_A, [variantInfo(n, { sku: "old", asOf: at(1) })]),
          ]),
        );
        const got = await repo().getVariants(
          SHOP_A,
          [1, 2, 3, 4].map((n) => variant(n)),
        );
        expect(got.map((v) => [v.sku, v.asOf])).toEqual([1, 2, 3, 4].map(() => ["new", at(2)]));
      });
    });

    describe("saveDecision", () => {
      it("stores orders, lines and history, and reads them back intact", async () => {
        const o = order(1, { holds: [{ fulfillmentOrderId: "fo1", holdId: "h1", handle: "ww", lines: [] }] });
        const lines = [line(12, 1), line(3, 1, { priority: 2, tags: [], productTitle: null })];
        const shifted = "2026-11-24T03:00:00-05:00"; // an instant with the shop's offset
        await save(repo(), SHOP_A, {
          orders: [o],
          lines,
          history: [
            entry(lineGid(12), at(30)),
            entry(lineGid(12), shifted, { from: "backordered", to: "allocated" }),
          ],
        });
        expect(await repo().getOrder(SHOP_A, o.orderId)).toEqual(o);
        expect(await repo().linesOfOrder(SHOP_A, o.orderId)).toEqual([stored(lines[1]!), stored(lines[0]!)]);
        // Several orders at once (a batch of webhooks): every line of each, by line id; unknown orders add nothing.
        expect(await repo().linesOfOrders(SHOP_A, [o.orderId, "gid://shopify/Order/404"])).toEqual([
          stored(lines[1]!),
          stored(lines[0]!),
        ]);
        expect(await repo().linesOfOrders(SHOP_B, [o.orderId])).toEqual([]);
        expect(await repo().getLine(SHOP_A, lineGid(12))).toEqual(stored(lines[0]!));
        const history = await repo().lineHistory(SHOP_A, lineGid(12));
        expect(history).toEqual([
          entry(lineGid(12), "2026-11-24T08:00:00.000Z", { from: "backordered", to: "allocated" }),
          entry(lineGid(12), at(30)),
        ]);
        expect(await repo().lineHistory(SHOP_A, lineGid(3))).toEqual([]);
      });

      it("gives a line's order time back as an ISO instant in UTC, and stamps updatedAt", async () => {
        const l = line(1, 1, { orderCreatedAt: "2026-11-24T03:00:00.123-05:00" });
        const before = Date.now();
        await save(repo(), SHOP_A, { lines: [l] });
        const after = Date.now();
        const got = await repo().getLine(SHOP_A, lineGid(1));
        expect(got?.orderCreatedAt).toBe("2026-11-24T08:00:00.123Z");
        expect(got?.updatedAt).toBeInstanceOf(Date);
        expect(got!.updatedAt.getTime()).toBeGreaterThanOrEqual(before);
        expect(got!.updatedAt.getTime()).toBeLessThanOrEqual(after);
        expect(
          (await repo().listLines(SHOP_A, { limit: 1, createdBefore: new Date("2026-11-24T08:00:00.124Z") }))
            .lines,
        ).toHaveLength(1);
        expect(
          (await repo().listLines(SHOP_A, { limit: 1, createdBefore: new Date("2026-11-24T08:00:00.123Z") }))
            .lines,
        ).toHaveLength(0);
      });

      it("replaces whole rows, keeps display fields left undefined, appends history", async () => {
        await save(repo(), SHOP_A, {
          orders: [order(1)],
          lines: [line(1, 1)],
          history: [entry(lineGid(1), at(1))],
        });
        const updatedOrder = order(1, {
          name: "#1-edited",
          customerId: null,
          customerEmail: null,
          customerName: null,
          tags: [],
          cancelled: true,
          syncedMetafield: '{"v":1}',
          backordered: false,
          needsSync: false,
          sourceUpdatedAt: at(50),
        });
        const { productTitle: _p, variantTitle: _v, sku: _s, ...bare } = line(1, 1);
        const updatedLine: BackorderLine = {
          ...bare,
          status: "allocated",
          inStock: 1,
          allocated: 2,
          partialAllocations: 1,
          priority: 1,
          tags: ["x"],
        };
        await save(repo(), SHOP_A, {
          orders: [updatedOrder],
          lines: [updatedLine],
          history: [entry(lineGid(1), at(2), { from: "backordered", to: "allocated" })],
        });
        expect(await repo().getOrder(SHOP_A, orderGid(1))).toEqual(updatedOrder);
        expect(await repo().getLine(SHOP_A, lineGid(1))).toEqual(
          stored({ ...updatedLine, productTitle: "Kettle", variantTitle: "Red", sku: "KET-RED" }),
        );
        await save(repo(), SHOP_A, { lines: [{ ...updatedLine, sku: null }] });
        expect((await repo().getLine(SHOP_A, lineGid(1)))?.sku).toBeNull();
        expect((await repo().lineHistory(SHOP_A, lineGid(1))).map((h) => h.to)).toEqual([
          "backordered",
          "allocated",
        ]);
      });

      // Each bad value sits after rows the Prisma implementations have already written inside the transaction (the
      // orders; for the history entry, the lines too): only a rollback leaves the store as it was.
      const failures: [string, Partial<SavedLine> | "history" | "duplicate line" | "duplicate order"][] = [
        ["a history time without a zone", "history"],
        ["a fractional quantity", { quantity: 1.5 }],
        ["a negative allocation", { allocated: -1 }],
        ["a quantity beyond 32 bits", { quantity: 2 ** 31 }],
        ["a fractional priority", { priority: 0.5 }],
        ["an unknown status", { status: "lost" as LineStatus }],
        ["an order time without a zone", { orderCreatedAt: "2026-11-24T08:00:00" }],
        ["a line given twice", "duplicate line"],
        ["an order given twice", "duplicate order"],
      ];
      for (const [name, bad] of failures) {
        it(`stores nothing of a decision with ${name}`, async () => {
          await save(repo(), SHOP_A, {
            orders: [order(1)],
            lines: [line(1, 1)],
            history: [entry(lineGid(1), at(1))],
          });
          const before = {
            order: await repo().getOrder(SHOP_A, orderGid(1)),
            line: await repo().getLine(SHOP_A, lineGid(1)),
          };
          const lines = [line(1, 1, { status: "allocated", allocated: 2, inStock: 1 }), line(2, 2)];
          if (typeof bad === "object") lines.push(line(3, 2, bad));
          if (bad === "duplicate line") lines.push(line(2, 2, { quantity: 1 }));
          const orders = [order(1, { name: "#changed" }), order(2)];
          if (bad === "duplicate order") orders.push(order(2, { name: "#again" }));
          const history = [entry(lineGid(1), at(5)), entry(lineGid(2), at(5))];
          if (bad === "history") history.push(entry(lineGid(2), "2026-11-24T08:00:00"));

          await expect(save(repo(), SHOP_A, { orders, lines, history })).rejects.toBeInstanceOf(
            InvalidValueError,
          );
          expect(await repo().getOrder(SHOP_A, orderGid(1))).toEqual(before.order);
          expect(await repo().getLine(SHOP_A, lineGid(1))).toEqual(before.line);
          expect(await repo().getOrder(SHOP_A, orderGid(2))).toBeNull();
          expect(await repo().getLine(SHOP_A, lineGid(2))).toBeNull();
          expect(await repo().getLine(SHOP_A, lineGid(3))).toBeNull();
          expect(await repo().lineHistory(SHOP_A, lineGid(1))).toHaveLength(1);
          expect(await repo().lineHistory(SHOP_A, lineGid(2))).toEqual([]);
        });
      }

      it("keeps history entries of the same time in the order they were saved", async () => {
        const when = at(7);
        const steps = ["change_quantity", "decide", "release"] as const;
        const [first, second, third] = steps.map((type, i) =>
          entry(lineGid(1), when, { cause: { kind: "job", ref: `${type}-${i}` } }),
        );
        await save(repo(), SHOP_A, { lines: [line(1, 1)], history: [first!, second!] });
        await save(repo(), SHOP_A, { history: [third!, entry(lineGid(1), at(6))] });
        expect((await repo().lineHistory(SHOP_A, lineGid(1))).map((h) => h.cause.ref)).toEqual([
          "wh-1",
          "change_quantity-0",
          "decide-1",
          "release-2",
        ]);
      });

      it("stores a decision of thousands of lines, keeping the display fields each line leaves out", async () => {
        const n = 1_200; // several statements' worth of rows
        const orders = Array.from({ length: n / 2 }, (_, i) => order(i + 1));
        const lines = Array.from({ length: n }, (_, i) =>
          line(i + 1, Math.floor(i / 2) + 1, { sku: `SKU-${i + 1}`, inventoryItemId: item((i % 7) + 1) }),
        );
        await save(repo(), SHOP_A, {
          orders,
          lines,
          history: lines.map((l) => entry(l.lineItemId, at(1))),
        });
        // Then a restock: every line allocated; a third carry no display fields, a third only a new SKU.
        const restocked = lines.map((l, i) => {
          const { productTitle: _p, variantTitle: _v, sku: _s, ...bare } = l;
          const allocated = { ...bare, status: "allocated" as const, inStock: 0, allocated: 3 };
          return i % 3 === 0
            ? allocated
            : i % 3 === 1
              ? { ...allocated, sku: `NEW-${i + 1}` }
              : { ...l, ...allocated };
        });
        await save(repo(), SHOP_A, {
          orders: orders.map((o) => ({ ...o, needsSync: false })),
          lines: restocked,
          history: lines.map((l) => entry(l.lineItemId, at(2), { from: "backordered", to: "allocated" })),
        });
        expect(await repo().stats(SHOP_A)).toEqual({
          lines: { allocated: n },
          waitingUnits: 0,
          backorderedOrders: n / 2,
        });
        expect(await repo().ordersNeedingSync(SHOP_A, 10)).toEqual([]);
        for (const i of [0, 1, 2, n - 3, n - 2, n - 1]) {
          expect(await repo().getLine(SHOP_A, lineGid(i + 1))).toEqual(
            stored({
              ...restocked[i]!,
              productTitle: "Kettle",
              variantTitle: "Red",
              sku: i % 3 === 1 ? `NEW-${i + 1}` : `SKU-${i + 1}`,
            }),
          );
          expect((await repo().lineHistory(SHOP_A, lineGid(i + 1))).map((h) => h.to)).toEqual([
            "backordered",
            "allocated",
          ]);
        }
      });

      it("keeps shops apart, also for the same ids", async () => {
        await save(repo(), SHOP_A, {
          orders: [order(1)],
          lines: [line(1, 1)],
          history: [entry(lineGid(1), at(1))],
        });
        await save(repo(), SHOP_B, {
          orders: [order(1, { name: "#B" })],
          lines: [line(1, 1, { quantity: 9 })],
          history: [entry(lineGid(1), at(2)), entry(lineGid(1), at(3))],
        });
        expect((await repo().getOrder(SHOP_A, orderGid(1)))?.name).toBe("#1");
        expect((await repo().getOrder(SHOP_B, orderGid(1)))?.shop).toBe(SHOP_B);
        expect((await repo().getLine(SHOP_A, lineGid(1)))?.quantity).toBe(3);
        expect((await repo().getLine(SHOP_B, lineGid(1)))?.quantity).toBe(9);
        expect(await repo().lineHistory(SHOP_A, lineGid(1))).toHaveLength(1);
        expect(await repo().lineHistory(SHOP_B, lineGid(1))).toHaveLength(2);
        expect(await repo().getOrder(SHOP_A, orderGid(404))).toBeNull();
        expect(await repo().getLine(SHOP_A, lineGid(404))).toBeNull();
      });
    });

    describe("openLinesOfPools", () => {
      it("returns the open lines of the pools, first come first served", async () => {
        const same = at(100);
        await save(repo(), SHOP_A, {
          lines: [
            line(1, 10, { orderCreatedAt: same.toISOString() }),
            line(2, 9, { orderCreatedAt: same.toISOString() }), // Order/9 before Order/10 at the same time
            line(10, 9, { orderCreatedAt: same.toISOString() }),
            line(3, 1),
            line(4, 2, { inventoryItemId: item(2), locationId: loc(2), status: "allocated" }),
            ...(["fulfilled", "cancelled", "substituted"] as LineStatus[]).map((status, i) =>
              line(20 + i, 3, { status }),
            ),
            line(5, 4, { status: "in_stock" }),
            line(6, 5, { status: "released" }),
            line(7, 6, { status: "new" }),
            line(8, 7, { inventoryItemId: item(2), locationId: loc(1) }), // another pool
          ],
        });
        await save(repo(), SHOP_B, { lines: [line(30, 1)] });
        const open = await repo().openLinesOfPools(SHOP_A, [
          { inventoryItemId: item(1), locationId: loc(1) },
          { inventoryItemId: item(2), locationId: loc(2) },
        ]);
        expect(open.map((l) => l.lineItemId)).toEqual([3, 4, 5, 6, 7, 2, 10, 1].map((n) => lineGid(n)));
        expect(await repo().openLinesOfPools(SHOP_A, [])).toEqual([]);
      });

      it("serves many pools at once", async () => {
        const lines = Array.from({ length: 620 }, (_, i) =>
          line(i + 1, i + 1, { inventoryItemId: item(i + 1), locationId: loc(1 + (i % 2)) }),
        );
        await save(repo(), SHOP_A, { lines });
        const pools = lines.map((l) => ({ inventoryItemId: l.inventoryItemId, locationId: l.locationId }));
        pools.push({ inventoryItemId: item(1), locationId: loc(2) }); // no line there
        const open = await repo().openLinesOfPools(SHOP_A, pools);
        expect(open.map((l) => l.lineItemId)).toEqual(lines.map((l) => l.lineItemId));
      });
    });

    describe("openLineVersionsOfPools", () => {
      it("gives each open line of the pools a version that moves when the line is written", async () => {
        const pool = [{ inventoryItemId: item(1), locationId: loc(1) }];
        await save(repo(), SHOP_A, {
          lines: [
            line(1, 1),
            line(2, 2, { status: "allocated" }),
            line(3, 3, { status: "fulfilled" }),
            line(4, 4, { inventoryItemId: item(2) }), // another pool
          ],
        });
        await save(repo(), SHOP_B, { lines: [line(5, 1)] });
        const first = await repo().openLineVersionsOfPools(SHOP_A, pool);
        // Without row versions (SQLite) the engine reads the lines themselves.
        if (first === null) return;
        expect([...first.keys()].sort()).toEqual([lineGid(1), lineGid(2)]);
        expect(await repo().openLineVersionsOfPools(SHOP_A, pool)).toEqual(first);

        await save(repo(), SHOP_A, { lines: [line(2, 2, { status: "allocated", quantity: 4 })] });
        const second = (await repo().openLineVersionsOfPools(SHOP_A, pool))!;
        expect(second.get(lineGid(1))).toBe(first.get(lineGid(1)));
        expect(second.get(lineGid(2))).not.toBe(first.get(lineGid(2)));

        // A write outside the engine's decisions moves the version too.
        await repo().setPromisedDays(SHOP_A, [{ lineItemId: lineGid(1), day: "2026-12-20" }]);
        const third = (await repo().openLineVersionsOfPools(SHOP_A, pool))!;
        expect(third.get(lineGid(1))).not.toBe(second.get(lineGid(1)));
        expect(third.get(lineGid(2))).toBe(second.get(lineGid(2)));

        await save(repo(), SHOP_A, { lines: [line(1, 1, { status: "cancelled" })] });
        expect([...(await repo().openLineVersionsOfPools(SHOP_A, pool))!.keys()]).toEqual([lineGid(2)]);
        expect(await repo().openLineVersionsOfPools(SHOP_A, [])).toEqual(new Map());
      });
    });

    describe("openLinesOfVariants", () => {
      it("returns the open lines of the variants, any pool, first come first served", async () => {
        const same = at(100);
        await save(repo(), SHOP_A, {
          lines: [
            line(1, 10, { orderCreatedAt: same.toISOString() }),
            line(2, 9, { orderCreatedAt: same.toISOString() }),
            line(3, 1, { inventoryItemId: item(2), locationId: loc(2), status: "partially_allocated" }),
            line(4, 2, { variantId: variant(2), status: "in_stock" }),
            line(5, 3, { variantId: variant(3) }), // not asked for
            ...(["fulfilled", "cancelled", "substituted"] as LineStatus[]).map((status, i) =>
              line(20 + i, 4, { status }),
            ),
          ],
        });
        await save(repo(), SHOP_B, { lines: [line(30, 1)] });
        const ids = (lines: StoredLine[]) => lines.map((l) => l.lineItemId);

        const open = await repo().openLinesOfVariants(SHOP_A, [variant(1), variant(2), variant(1)]);
        expect(ids(open)).toEqual([3, 4, 2, 1].map((n) => lineGid(n)));
        expect(open[0]).toEqual(
          stored(line(3, 1, { inventoryItemId: item(2), locationId: loc(2), status: "partially_allocated" })),
        );

        const waiting = await repo().openLinesOfVariants(
          SHOP_A,
          [variant(1), variant(2)],
          ["backordered", "partially_allocated"],
        );
        expect(ids(waiting)).toEqual([3, 2, 1].map((n) => lineGid(n)));
        expect(await repo().openLinesOfVariants(SHOP_A, [])).toEqual([]);
        expect(ids(await repo().openLinesOfVariants(SHOP_B, [variant(1)]))).toEqual([lineGid(30)]);
      });

      it("serves many variants at once", async () => {
        const lines = Array.from({ length: 620 }, (_, i) =>
          line(i + 1, i + 1, { variantId: variant(i + 1) }),
        );
        await save(repo(), SHOP_A, { lines });
        const open = await repo().openLinesOfVariants(
          SHOP_A,
          lines.map((l) => l.variantId),
        );
        expect(open.map((l) => l.lineItemId)).toEqual(lines.map((l) => l.lineItemId));
      });
    });

    describe("sync state", () => {
      it("lists orders needing sync, oldest first, and marks them synced", async () => {
        await save(repo(), SHOP_A, {
          orders: [order(3), order(1), order(2, { needsSync: false }), order(4)],
        });
        await save(repo(), SHOP_B, { orders: [order(5)] });
        expect((await repo().ordersNeedingSync(SHOP_A, 2)).map((o) => o.orderId)).toEqual([
          orderGid(1),
          orderGid(3),
        ]);
        const holds = [
          {
            fulfillmentOrderId: "gid://shopify/FulfillmentOrder/1",
            holdId: "h",
            handle: "waitwell",
            lines: [{ lineItemId: lineGid(1), quantity: 2 }],
          },
        ];
        const synced = (orderId: string, state: Partial<SyncedOrder> = {}): SyncedOrder => ({
          orderId,
          syncedMetafield: "x",
          holds: [],
          backordered: false,
          needsSync: false,
          ...state,
        });
        await repo().recordSyncs(SHOP_A, {
          orders: [synced(orderGid(1), { syncedMetafield: '{"s":1}', holds }), synced(orderGid(404))],
          lines: [],
          history: [],
        });
        await repo().recordSyncs(SHOP_B, { orders: [synced(orderGid(3))], lines: [], history: [] });
        expect(await repo().getOrder(SHOP_A, orderGid(1))).toEqual(
          order(1, {
            syncedMetafield: '{"s":1}',
            holds,
            backordered: false,
            needsSync: false,
            shopifyTouched: true,
          }),
        );
        expect((await repo().ordersNeedingSync(SHOP_A, 10)).map((o) => o.orderId)).toEqual([
          orderGid(3),
          orderGid(4),
        ]);
        expect(await repo().ordersNeedingSync(SHOP_B, 10)).toHaveLength(1);
      });
    });

    describe("Shopify write outbox", () => {
      const later = () => new Date(Date.now() + 3_600_000);
      const keys = (ws: { kind: string; targetId: string }[]) => ws.map((w) => `${w.kind} ${w.targetId}`);

      it("queues a write with the decision: every order saved with needsSync, and the writes given", async () => {
        await save(repo(), SHOP_A, { orders: [order(1), order(2, { needsSync: false })] });
        await repo().saveDecision(SHOP_A, {
          orders: [],
          lines: [],
          history: [],
          writes: [
            { kind: "variant", targetId: variant(7), urgency: 0 },
            { kind: "order", targetId: orderGid(3), urgency: 1 },
          ],
        });
        expect(keys(await repo().pendingWrites(SHOP_A))).toEqual([
          `variant ${variant(7)}`,
          `order ${orderGid(3)}`,
          `order ${orderGid(1)}`,
        ]);
        expect(await repo().pendingWrites(SHOP_B)).toEqual([]);
        expect(await repo().shopsWithDueWrites(later())).toEqual([SHOP_A]);
      });

      it("coalesces changes to one target into one row; a change during the write keeps the row", async () => {
        await save(repo(), SHOP_A, { orders: [order(1)] });
        await save(repo(), SHOP_A, { orders: [order(1)] });
        const [claimed, ...rest] = await repo().claimWrites(SHOP_A, later(), 10, 60_000);
        expect(rest).toEqual([]);
        expect(claimed).toMatchObject({ kind: "order", targetId: orderGid(1), urgency: 2, version: 2 });
        // Claimed rows are not handed out again while the lease runs.
        expect(await repo().claimWrites(SHOP_A, later(), 10, 60_000)).toEqual([]);
        // A decision while the write runs: the row survives the finish, unclaimed, more urgent.
        await repo().saveDecision(SHOP_A, {
          orders: [],
          lines: [],
          history: [],
          writes: [{ kind: "order", targetId: orderGid(1), urgency: 1 }],
        });
        await repo().finishWrites([claimed!]);
        const again = await repo().claimWrites(SHOP_A, later(), 10, 60_000);
        expect(again).toMatchObject([{ targetId: orderGid(1), urgency: 1, version: 3 }]);
        await repo().finishWrites([again[0]!]);
        expect(await repo().pendingWrites(SHOP_A)).toEqual([]);
      });

      it("finishes a claim's rows at once; a row changed during its write stays, due and unclaimed", async () => {
        await save(repo(), SHOP_A, { orders: [order(1), order(2), order(3)] });
        const claimed = await repo().claimWrites(SHOP_A, later(), 10, 60_000);
        expect(keys(claimed)).toEqual([1, 2, 3].map((n) => `order ${orderGid(n)}`));
        await save(repo(), SHOP_A, { orders: [order(2)] });
        await repo().finishWrites(claimed);
        expect((await repo().pendingWrites(SHOP_A)).map((w) => [w.targetId, w.version])).toEqual([
          [orderGid(2), 2],
        ]);
        expect(keys(await repo().claimWrites(SHOP_A, later(), 10, 60_000))).toEqual([`order ${orderGid(2)}`]);
      });

      it("puts failed rows back each at its own time with its own error", async () => {
        await save(repo(), SHOP_A, { orders: [order(1), order(2), order(3)] });
        const [w1, w2, w3] = await repo().claimWrites(SHOP_A, later(), 10, 60_000);
        const soon = new Date(later().getTime() + 60_000);
        const late = new Date(later().getTime() + 120_000);
        await repo().retryWrites([
          { write: w1!, dueAt: soon, error: "throttled" },
          { write: w2!, dueAt: late, error: "down" },
          { write: w3!, dueAt: soon, error: "throttled" },
        ]);
        expect(await repo().claimWrites(SHOP_A, later(), 10, 60_000)).toEqual([]);
        const first = await repo().claimWrites(SHOP_A, new Date(soon.getTime() + 1), 10, 60_000);
        expect(first.map((w) => [w.targetId, w.attempts, w.lastError])).toEqual([
          [orderGid(1), 1, "throttled"],
          [orderGid(3), 1, "throttled"],
        ]);
        const second = await repo().claimWrites(SHOP_A, new Date(late.getTime() + 1), 10, 60_000);
        expect(second.map((w) => [w.targetId, w.attempts, w.lastError])).toEqual([[orderGid(2), 1, "down"]]);
      });

      // One client: on PostgreSQL its pool runs the claims on several connections.
      it("two writers claiming at once never take the same row", async () => {
        await save(repo(), SHOP_A, { orders: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => order(n)) });
        const claims = await Promise.all(
          [1, 2, 3, 4].map(() => repo().claimWrites(SHOP_A, later(), 10, 60_000)),
        );
        const taken = claims.flatMap((c) => keys(c)).sort();
        expect(taken).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `order ${orderGid(n)}`).sort());
      });

      it("a failed write waits for its retry time, one attempt more", async () => {
        await save(repo(), SHOP_A, { orders: [order(1)] });
        const [w] = await repo().claimWrites(SHOP_A, later(), 10, 60_000);
        const retryAt = new Date(later().getTime() + 60_000);
        await repo().retryWrites([{ write: w!, dueAt: retryAt, error: "Shopify is down" }]);
        expect(await repo().claimWrites(SHOP_A, later(), 10, 60_000)).toEqual([]);
        const [retried] = await repo().claimWrites(SHOP_A, new Date(retryAt.getTime() + 1), 10, 60_000);
        expect(retried).toMatchObject({ attempts: 1, lastError: "Shopify is down" });
      });
    });

    describe("the order sync's records", () => {
      const holds = [
        {
          fulfillmentOrderId: "gid://shopify/FulfillmentOrder/1",
          holdId: "gid://shopify/FulfillmentHold/1",
          handle: "waitwell-1",
          lines: [{ lineItemId: lineGid(1), quantity: 2 }],
        },
      ];
      const synced = (n: number, state: Partial<SyncedOrder> = {}): SyncedOrder => ({
        orderId: orderGid(n),
        syncedMetafield: `{"n":${n}}`,
        holds: [],
        backordered: false,
        needsSync: false,
        ...state,
      });

      it("marks orders touched without changing anything else or queueing a write", async () => {
        await save(repo(), SHOP_A, { orders: [order(1), order(2, { needsSync: false })] });
        await save(repo(), SHOP_B, { orders: [order(1)] });
        const before = await repo().pendingWrites(SHOP_A);
        await repo().markTouched(SHOP_A, [orderGid(1), orderGid(2), orderGid(404)]);
        expect(await repo().getOrder(SHOP_A, orderGid(1))).toEqual(order(1, { shopifyTouched: true }));
        expect(await repo().getOrder(SHOP_A, orderGid(2))).toEqual(
          order(2, { needsSync: false, shopifyTouched: true }),
        );
        expect(await repo().getOrder(SHOP_A, orderGid(404))).toBeNull();
        expect((await repo().getOrder(SHOP_B, orderGid(1)))?.shopifyTouched).toBe(false);
        // The row queued with the decision is the same row, same version: a writer holding it still finishes it.
        expect(await repo().pendingWrites(SHOP_A)).toEqual(before);
      });

      it("records many orders' syncs with their released lines in one call, each order its own state", async () => {
        await save(repo(), SHOP_A, {
          orders: [order(1), order(2), order(3)],
          lines: [line(1, 1, { status: "allocated", inStock: 0, allocated: 3 }), line(2, 2)],
        });
        const [queued] = await repo().claimWrites(SHOP_A, new Date(Date.now() + 3_600_000), 1, 60_000);
        const released = line(1, 1, {
          status: "released",
          inStock: 0,
          allocated: 3,
          productTitle: undefined,
        });
        const history = entry(lineGid(1), at(5), { from: "allocated", to: "released" });
        await repo().recordSyncs(SHOP_A, {
          orders: [
            synced(1, { holds, backordered: true }),
            synced(2, { needsSync: true }),
            synced(9), // deleted meanwhile: stays deleted
          ],
          lines: [released],
          history: [history],
        });
        expect(await repo().getOrder(SHOP_A, orderGid(1))).toEqual(
          order(1, {
            syncedMetafield: '{"n":1}',
            holds,
            backordered: true,
            needsSync: false,
            shopifyTouched: true,
          }),
        );
        expect(await repo().getOrder(SHOP_A, orderGid(2))).toEqual(
          order(2, { syncedMetafield: '{"n":2}', backordered: false, needsSync: true, shopifyTouched: true }),
        );
        expect(await repo().getOrder(SHOP_A, orderGid(3))).toEqual(order(3));
        expect(await repo().getOrder(SHOP_A, orderGid(9))).toBeNull();
        expect(await repo().getLine(SHOP_A, lineGid(1))).toMatchObject({
          status: "released",
          productTitle: "Kettle",
        });
        expect(await repo().lineHistory(SHOP_A, lineGid(1))).toEqual([history]);
        // Nothing queued: the claimed row keeps its version, so its writer finishes it.
        expect((await repo().pendingWrites(SHOP_A)).map((w) => [w.targetId, w.version])).toEqual(
          [1, 2, 3].map((n) => [orderGid(n), 1]),
        );
        await repo().finishWrites([queued!]);
        expect(await repo().pendingWrites(SHOP_A)).toHaveLength(2);
      });

      it("records nothing of a batch with a bad line", async () => {
        await save(repo(), SHOP_A, { orders: [order(1)], lines: [line(1, 1)] });
        await expect(
          repo().recordSyncs(SHOP_A, {
            orders: [synced(1, { backordered: true })],
            lines: [line(1, 1, { status: "released" }), line(2, 1, { quantity: -1 })],
            history: [],
          }),
        ).rejects.toThrow();
        expect(await repo().getOrder(SHOP_A, orderGid(1))).toEqual(order(1));
        expect((await repo().getLine(SHOP_A, lineGid(1)))?.status).toBe("backordered");
      });
    });

    describe("getLines", () => {
      it("reads the lines asked for in one call, of one shop, skipping unknown ids", async () => {
        await save(repo(), SHOP_A, {
          orders: [order(1), order(2)],
          lines: [line(1, 1), line(2, 2), line(3, 2)],
        });
        await save(repo(), SHOP_B, { orders: [order(4)], lines: [line(4, 4)] });
        const found = await repo().getLines(SHOP_A, [3, 1, 3, 4, 9].map(lineGid));
        expect(found.map((l) => l.lineItemId).sort()).toEqual([lineGid(1), lineGid(3)]);
        expect(found.find((l) => l.lineItemId === lineGid(1))).toEqual(
          await repo().getLine(SHOP_A, lineGid(1)),
        );
        expect(await repo().getLines(SHOP_A, [])).toEqual([]);
      });
    });

    describe("getOrders", () => {
      it("reads the orders asked for in one call, of one shop, skipping unknown ids", async () => {
        await save(repo(), SHOP_A, { orders: [order(1), order(2, { customerId: null }), order(3)] });
        await save(repo(), SHOP_B, { orders: [order(4)] });
        const asked = [2, 1, 2, 4, 9].map(orderGid); // a repeat, another shop's, an unknown one
        const found = await repo().getOrders(SHOP_A, asked);
        const byId = new Map(found.map((o) => [o.orderId, o]));
        expect(found).toHaveLength(2);
        expect(byId.get(orderGid(1))).toEqual(order(1));
        expect(byId.get(orderGid(2))).toEqual(order(2, { customerId: null }));
        expect(await repo().getOrders(SHOP_A, [])).toEqual([]);
        expect(await repo().getOrders(SHOP_B, [orderGid(4)])).toEqual([order(4, { shop: SHOP_B })]);
      });

      it("serves a page of many orders at once", async () => {
        const orders = Array.from({ length: 620 }, (_, i) => order(i + 1));
        await save(repo(), SHOP_A, { orders });
        const found = await repo().getOrders(
          SHOP_A,
          orders.map((o) => o.orderId),
        );
        expect(found.map((o) => o.orderId).sort()).toEqual(orders.map((o) => o.orderId).sort());
      });
    });

    describe("listLines", () => {
      async function seed() {
        await save(repo(), SHOP_A, {
          orders: [order(1), order(2, { customerId: "gid://shopify/Customer/2" }), order(3)],
          lines: [
            line(11, 1),
            line(12, 1, { variantId: variant(2), status: "allocated" }),
            line(21, 2),
            line(31, 3, { status: "fulfilled" }),
            line(32, 3, { variantId: variant(2) }),
            line(33, 3),
            line(41, 4), // its order is not stored (no customer)
          ],
        });
        await save(repo(), SHOP_B, { orders: [order(1)], lines: [line(11, 1), line(99, 9)] });
      }

      it("lists newest orders first and pages through every line exactly once", async () => {
        await seed();
        const first = await repo().listLines(SHOP_A, { limit: 100 });
        expect(first.lines.map((l) => l.lineItemId)).toEqual(
          [41, 31, 32, 33, 21, 11, 12].map((n) => lineGid(n)),
        );
        expect(first.lines[0]).toEqual(stored(line(41, 4)));
        expect(first.nextCursor).toBeNull();
        const paged = await allPages(repo(), { limit: 2 });
        expect(paged.sizes).toEqual([2, 2, 2, 1]);
        expect(paged.ids).toEqual(first.lines.map((l) => l.lineItemId));
        expect(await repo().listLines(SHOP_A, { limit: 7 })).toMatchObject({ nextCursor: null });
      });

      it("applies every filter, together (AND) and across pages", async () => {
        await seed();
        const ids = async (filter: Omit<Parameters<BackorderRepository["listLines"]>[1], "limit">) =>
          (await allPages(repo(), { limit: 1, ...filter })).ids;
        expect(await ids({ status: ["allocated", "fulfilled"] })).toEqual([lineGid(31), lineGid(12)]);
        expect(await ids({ status: [] })).toEqual([]);
        expect(await ids({ variantId: variant(2) })).toEqual([lineGid(32), lineGid(12)]);
        expect(await ids({ orderId: orderGid(3) })).toEqual([lineGid(31), lineGid(32), lineGid(33)]);
        expect(await ids({ customerId: CUSTOMER })).toEqual([31, 32, 33, 11, 12].map((n) => lineGid(n)));
        expect(await ids({ customerId: "gid://shopify/Customer/404" })).toEqual([]);
        expect(await ids({ createdBefore: at(3) })).toEqual([lineGid(21), lineGid(11), lineGid(12)]);
        expect(
          await ids({
            customerId: CUSTOMER,
            status: ["backordered"],
            variantId: variant(1),
            createdBefore: at(4),
          }),
        ).toEqual([lineGid(33), lineGid(11)]);
        expect(await ids({ orderId: orderGid(2), customerId: CUSTOMER })).toEqual([]);
      });

      it("pages through orders created at the same time", async () => {
        const same = at(50).toISOString();
        await save(repo(), SHOP_A, {
          lines: [
            line(1, 8, { orderCreatedAt: same }),
            line(2, 8, { orderCreatedAt: same }),
            line(3, 7, { orderCreatedAt: same }),
            line(4, 9, { orderCreatedAt: same }),
            line(5, 1),
          ],
        });
        const all = (await repo().listLines(SHOP_A, { limit: 10 })).lines.map((l) => l.lineItemId);
        expect(all).toEqual([4, 1, 2, 3, 5].map((n) => lineGid(n)));
        for (const limit of [1, 2, 3]) expect((await allPages(repo(), { limit })).ids).toEqual(all);
      });

      it("sorts by age, promised date, staff priority and waiting units, paging each sort exactly once", async () => {
        await save(repo(), SHOP_A, {
          orders: [order(1), order(2), order(3)],
          lines: [
            line(11, 1, { quantity: 5, inStock: 0 }), // waits 5
            line(12, 1, { priority: 2 }), // waits 2
            line(21, 2, { priority: 1, quantity: 4, inStock: 0 }), // waits 4
            line(31, 3, { quantity: 5, inStock: 0, allocated: 1 }), // waits 4
            line(32, 3, { status: "allocated", quantity: 2, inStock: 0, allocated: 2, priority: 1 }), // waits 0
          ],
        });
        await repo().setPromisedDays(SHOP_A, [
          { lineItemId: lineGid(12), day: "2026-12-20" },
          { lineItemId: lineGid(21), day: "2026-12-20" },
          { lineItemId: lineGid(31), day: "2026-12-10" },
          { lineItemId: lineGid(404), day: "2026-12-01" }, // no such line: nothing happens
        ]);
        // The engine re-saving a line keeps its promised day; null clears one.
        await save(repo(), SHOP_A, { lines: [line(31, 3, { quantity: 6, inStock: 0, allocated: 2 })] });
        expect((await repo().getLine(SHOP_A, lineGid(31)))?.promisedDay).toBe("2026-12-10");
        await repo().setPromisedDays(SHOP_A, [{ lineItemId: lineGid(11), day: "2026-12-01" }]);
        await repo().setPromisedDays(SHOP_A, [{ lineItemId: lineGid(11), day: null }]);
        expect((await repo().getLine(SHOP_A, lineGid(11)))?.promisedDay ?? null).toBeNull();
        // A line given twice in one call takes the last day given.
        await repo().setPromisedDays(SHOP_A, [
          { lineItemId: lineGid(11), day: "2026-12-02" },
          { lineItemId: lineGid(11), day: null },
          { lineItemId: lineGid(32), day: "2026-12-30" },
          { lineItemId: lineGid(32), day: "2026-12-02" },
          { lineItemId: lineGid(32), day: null },
        ]);
        expect((await repo().getLine(SHOP_A, lineGid(11)))?.promisedDay ?? null).toBeNull();
        expect((await repo().getLine(SHOP_A, lineGid(32)))?.promisedDay ?? null).toBeNull();
        const expected = {
          newest: [31, 32, 21, 11, 12],
          oldest: [11, 12, 21, 31, 32],
          // Soonest promise first, a tie by age, lines without a promise last (by age).
          promised: [31, 12, 21, 11, 32],
          priority: [21, 32, 12, 11, 31],
          units: [11, 31, 21, 12, 32],
        } as const;
        for (const [sort, order] of Object.entries(expected)) {
          const want = order.map((n) => lineGid(n));
          const key = sort as keyof typeof expected;
          expect(
            (await repo().listLines(SHOP_A, { limit: 10, sort: key })).lines.map((l) => l.lineItemId),
          ).toEqual(want);
          for (const limit of [1, 2])
            expect((await allPages(repo(), { limit, sort: key })).ids).toEqual(want);
          // With a status filter each status is read on its own and merged: still one order, still every line once.
          expect(
            (await allPages(repo(), { limit: 1, sort: key, status: ["backordered", "allocated"] })).ids,
          ).toEqual(want);
        }
        const page = await repo().listLines(SHOP_A, { limit: 1, sort: "units" });
        await expect(
          repo().listLines(SHOP_A, { limit: 1, sort: "oldest", cursor: page.nextCursor! }),
        ).rejects.toBeInstanceOf(ValidationError);
      });

      it("searches order name, customer, SKU, product and variant titles, case-insensitively", async () => {
        await save(repo(), SHOP_A, {
          orders: [
            order(1, { name: "#1001" }),
            order(2, { name: "#1002", customerName: "Ada Lovelace", customerEmail: "ADA@example.com" }),
          ],
          lines: [
            line(11, 1, { sku: "KET-RED", productTitle: "Kettle", variantTitle: "Red" }),
            line(12, 1, { sku: "MUG-1", productTitle: "Mug", variantTitle: "Blue" }),
            line(21, 2, { sku: "TEA-9", productTitle: "Teapot", variantTitle: "Éclat" }),
            line(22, 2, { sku: '50%_OFF "X"\\1', productTitle: "Gift card", variantTitle: null }),
          ],
        });
        await save(repo(), SHOP_B, { orders: [order(1, { name: "#1001" })], lines: [line(11, 1)] });
        const ids = async (search: string) =>
          (await allPages(repo(), { limit: 1, search })).ids.map((id) => Number(id.split("/").pop()));
        expect(await ids("#1001")).toEqual([11, 12]);
        expect(await ids("lovelace")).toEqual([21, 22]);
        expect(await ids("ada@EXAMPLE")).toEqual([21, 22]);
        expect(await ids("mug-")).toEqual([12]);
        expect(await ids("kettle")).toEqual([11]);
        expect(await ids("BLUE")).toEqual([12]);
        expect(await ids("éclat")).toEqual([21]);
        expect(await ids("nothing like it")).toEqual([]);
        // Across fields, and characters that are patterns in LIKE or quotes in FTS5, matched as text.
        expect(await ids("red | kettle")).toEqual([11]);
        for (const term of ["%", "_", "0%_o", '"x"', '"', "\\1", "\\"]) expect(await ids(term)).toEqual([22]);
        expect(await ids("x%")).toEqual([]);
        const page = await repo().listLines(SHOP_A, { limit: 10, search: "grace", status: ["backordered"] });
        expect(page).toMatchObject({ searchTruncated: false });
        expect(page.lines.map((l) => l.lineItemId)).toEqual([lineGid(11), lineGid(12)]);
        // Redacting the customer removes them from what the search finds.
        await repo().redactCustomer(SHOP_A, CUSTOMER, []);
        expect(await ids("lovelace")).toEqual([]);
        expect(await ids("#1002")).toEqual([21, 22]);
      });

      it("never shows another shop's lines and rejects a foreign cursor", async () => {
        await seed();
        expect((await allPages(repo(), { limit: 1, orderId: orderGid(9) })).ids).toEqual([]);
        const b = await repo().listLines(SHOP_B, { limit: 10 });
        expect(b.lines.map((l) => l.lineItemId)).toEqual([lineGid(99), lineGid(11)]);
        await expect(repo().listLines(SHOP_A, { limit: 1, cursor: "not-a-cursor" })).rejects.toBeInstanceOf(
          ValidationError,
        );
      });
    });

    describe("stats", () => {
      it("counts lines per status, waiting units of open lines and backordered orders", async () => {
        expect(await repo().stats(SHOP_A)).toEqual({ lines: {}, waitingUnits: 0, backorderedOrders: 0 });
        await save(repo(), SHOP_A, {
          orders: [order(1), order(2, { backordered: false }), order(3)],
          lines: [
            line(1, 1, { quantity: 5, inStock: 1, allocated: 1 }), // 3 waiting
            line(2, 1, { status: "partially_allocated", quantity: 4, inStock: 0, allocated: 2 }), // 2
            line(3, 2, { status: "allocated", quantity: 2, inStock: 0, allocated: 2 }), // 0
            line(4, 3, { status: "cancelled", quantity: 9, inStock: 0, allocated: 0 }), // terminal
            line(5, 3, { status: "fulfilled", quantity: 7, inStock: 0, allocated: 0 }), // terminal
          ],
        });
        await save(repo(), SHOP_B, { orders: [order(1)], lines: [line(1, 1, { quantity: 50, inStock: 0 })] });
        expect(await repo().stats(SHOP_A)).toEqual({
          lines: { backordered: 1, partially_allocated: 1, allocated: 1, cancelled: 1, fulfilled: 1 },
          waitingUnits: 5,
          backorderedOrders: 2,
        });
      });
    });

    describe("privacy", () => {
      async function seed() {
        await save(repo(), SHOP_A, {
          orders: [
            order(1),
            order(2, { customerId: null }), // a guest order named by id
            order(3, { customerId: "gid://shopify/Customer/78", customerEmail: "x@example.com" }),
          ],
          lines: [line(1, 1), line(2, 2)],
          history: [entry(lineGid(1), at(1))],
        });
        await save(repo(), SHOP_B, {
          orders: [order(1)],
          lines: [line(1, 1)],
          history: [entry(lineGid(1), at(1))],
        });
        await repo().upsertLevel(SHOP_A, {
          inventoryItemId: item(1),
          locationId: loc(1),
          available: 1,
          asOf: at(1),
        });
        await repo().upsertLevel(SHOP_B, {
          inventoryItemId: item(1),
          locationId: loc(1),
          available: 2,
          asOf: at(1),
        });
        await repo().upsertVariants(SHOP_A, [variantInfo(1)]);
        await repo().upsertVariants(SHOP_B, [variantInfo(1)]);
      }

      it("finds the customer's orders by customer id or order id, in one shop", async () => {
        await seed();
        expect(
          (await repo().ordersOfCustomer(SHOP_A, CUSTOMER, [orderGid(2)])).map((o) => o.orderId),
        ).toEqual([orderGid(1), orderGid(2)]);
        expect((await repo().ordersOfCustomer(SHOP_A, CUSTOMER, [])).map((o) => o.orderId)).toEqual([
          orderGid(1),
        ]);
        expect(await repo().ordersOfCustomer(SHOP_A, "gid://shopify/Customer/404", [])).toEqual([]);
      });

      it("blanks email and name on the customer's orders of one shop, once", async () => {
        await seed();
        expect(await repo().redactCustomer(SHOP_A, CUSTOMER, [orderGid(2)])).toBe(2);
        for (const n of [1, 2]) {
          expect(await repo().getOrder(SHOP_A, orderGid(n))).toMatchObject({
            customerEmail: null,
            customerName: null,
            name: `#${n}`,
          });
        }
        expect((await repo().getOrder(SHOP_A, orderGid(3)))?.customerEmail).toBe("x@example.com");
        expect((await repo().getOrder(SHOP_B, orderGid(1)))?.customerEmail).toBe("grace@example.com");
        expect(await repo().redactCustomer(SHOP_A, CUSTOMER, [orderGid(2)])).toBe(0);
      });

      it("deletes everything of one shop", async () => {
        await seed();
        await repo().deleteByShop(SHOP_A);
        expect(await repo().getOrder(SHOP_A, orderGid(1))).toBeNull();
        expect(await repo().listLines(SHOP_A, { limit: 10 })).toEqual({ lines: [], nextCursor: null });
        expect(await repo().lineHistory(SHOP_A, lineGid(1))).toEqual([]);
        expect(await repo().levelsOfItem(SHOP_A, item(1))).toEqual([]);
        expect(await repo().variantsOfItem(SHOP_A, item(1))).toEqual([]);
        expect(await repo().stats(SHOP_A)).toEqual({ lines: {}, waitingUnits: 0, backorderedOrders: 0 });
        expect(await repo().getOrder(SHOP_B, orderGid(1))).not.toBeNull();
        expect(await repo().lineHistory(SHOP_B, lineGid(1))).toHaveLength(1);
        expect(await repo().levelsOfItem(SHOP_B, item(1))).toHaveLength(1);
        expect(await repo().variantsOfItem(SHOP_B, item(1))).toHaveLength(1);
      });
    });
  });
}
