import { describe, expect, it } from "vitest";
import { toGid, type LocationGid } from "../../../web/server/domain/shared/gid.js";
import { DEFAULT_SHOP_SETTINGS } from "../../../web/server/use-cases/ports.js";
import { type IncomingOrder } from "../../../web/server/use-cases/backorder/index.js";
import {
  ENGINE_SHOP as SHOP,
  LOC1,
  T,
  engineLevel as level,
  engineOrder as order,
  heldUnitsOnShopify,
  itemGid as item,
  memoryEngine,
  placeOnShopify,
  variantGid as variant,
} from "../../support/backorder-fakes.js";

const LOC2 = toGid("Location", "2") as LocationGid;

async function setup() {
  const settings = { ...DEFAULT_SHOP_SETTINGS, allocation: { ...DEFAULT_SHOP_SETTINGS.allocation } };
  const { repository, fake, engine } = memoryEngine(settings, { writes: "inline" });
  await repository.upsertVariants(
    SHOP,
    [1, 2].map((n) => ({
      variantId: variant(n),
      productId: "gid://shopify/Product/1",
      inventoryItemId: item(n),
      sku: null,
      tracked: true,
      inventoryPolicy: "CONTINUE" as const,
      asOf: T(0),
    })),
  );
  return { repository, engine, settings, ...fake };
}

describe("backorder engine use cases", () => {
  it("an order with every line in stock costs no Admin API call", async () => {
    const s = await setup();
    // 3 + 2 units over two locations; the order takes 4 of item 1 (one pool spans the locations).
    await s.engine.applyInventoryLevel(SHOP, level(1, 1, 1, LOC1), "w1");
    await s.engine.applyInventoryLevel(SHOP, level(1, -1, 1, LOC2), "w2");
    await s.engine.applyInventoryLevel(SHOP, level(2, 5, 1), "w3");
    const o = order(1, 0, [
      [11, 1, 4],
      [12, 2, 1],
    ]);
    placeOnShopify(s, o);
    await s.engine.ingestOrder(SHOP, o, "w4");
    expect(s.calls).toEqual([]);
    const lines = await s.repository.linesOfOrder(SHOP, o.orderId);
    expect(lines.map((l) => l.status)).toEqual(["in_stock", "in_stock"]);
    expect((await s.repository.getOrder(SHOP, o.orderId))?.needsSync).toBe(false);
  });

  it("a line decided after its order's metafield was written (its level came late) is written too", async () => {
    const s = await setup();
    await s.engine.applyInventoryLevel(SHOP, level(2, -2, 1), "l2"); // item 2 sold on backorder; item 1 unknown yet
    const o = order(1, 1, [
      [11, 1, 1],
      [12, 2, 3],
    ]);
    placeOnShopify(s, o);
    await s.engine.ingestOrder(SHOP, o, "w1");
    const lineIds = () =>
      JSON.parse(s.orders.get(o.orderId)!.metafield!).lines.map((l: { lineItemId: string }) => l.lineItemId);
    expect(lineIds()).toEqual([o.lines[1]!.lineItemId]); // line 11 is undecided: no level for item 1 yet
    await s.engine.applyInventoryLevel(SHOP, level(1, 4, 2), "l1");
    expect(lineIds()).toEqual([o.lines[0]!.lineItemId, o.lines[1]!.lineItemId]);
    expect((await s.repository.getOrder(SHOP, o.orderId))?.needsSync).toBe(false);
  });

  it("a mixed cart holds only the waiting units, once: one read and one write, re-deliveries cost nothing", async () => {
    const s = await setup();
    await s.engine.applyInventoryLevel(SHOP, level(1, 4, 0), "l1");
    await s.engine.applyInventoryLevel(SHOP, level(2, -2, 1), "l2"); // 1 on hand, the order took 3
    const o = order(1, 1, [
      [11, 1, 1],
      [12, 2, 3],
    ]);
    placeOnShopify(s, o);
    await s.engine.ingestOrder(SHOP, o, "w1");
    expect(s.calls).toEqual(["read", "write"]);
    const shopOrder = s.orders.get(o.orderId)!;
    expect(shopOrder.tags).toEqual(["backorder"]);
    expect(JSON.parse(shopOrder.metafield!).lines).toMatchObject([
      { shipNow: 1, waiting: 0, status: "in_stock" },
      { shipNow: 1, waiting: 2, status: "backordered" },
    ]);
    const held = shopOrder.fos.filter((f) => f.holds.length > 0);
    expect(held).toHaveLength(1);
    expect(held[0]!.lineItems).toEqual([
      expect.objectContaining({ lineItemId: o.lines[1]!.lineItemId, remainingQuantity: 2 }),
    ]);
    expect(held[0]!.holds[0]!.handle).toBe("waitwell-12");

    await s.engine.ingestOrder(SHOP, o, "w1");
    await s.engine.ingestOrder(SHOP, { ...o, updatedAt: T(2) }, "w2"); // our own tag write echoes back
    await s.engine.applyInventoryLevel(SHOP, level(2, -2, 1), "l2");
    expect(s.calls).toEqual(["read", "write"]);
    const stored = await s.repository.getOrder(SHOP, o.orderId);
    expect(stored).toMatchObject({ needsSync: false, backordered: true });
    expect(stored!.holds).toMatchObject([{ handle: "waitwell-12", lines: [{ quantity: 2 }] }]);
  });

  it("a restock releases the oldest waiting line first; a cancellation frees units for the next", async () => {
    const s = await setup();
    await s.engine.applyInventoryLevel(SHOP, level(1, 0, 0), "l0");
    const a = order(1, 1, [[11, 1, 1]]);
    const b = order(2, 2, [[21, 1, 1]]);
    const c = order(3, 3, [[31, 1, 1]]);
    for (const o of [a, b, c]) {
      placeOnShopify(s, o);
      await s.engine.ingestOrder(SHOP, o, `w${o.name}`);
    }
    await s.engine.applyInventoryLevel(SHOP, level(1, -3, 4), "l1");
    const status = async (o: IncomingOrder) => (await s.repository.linesOfOrder(SHOP, o.orderId))[0]!.status;
    expect([await status(a), await status(b), await status(c)]).toEqual([
      "backordered",
      "backordered",
      "backordered",
    ]);

    await s.engine.applyInventoryLevel(SHOP, level(1, -2, 5), "restock");
    expect([await status(a), await status(b), await status(c)]).toEqual([
      "released",
      "backordered",
      "backordered",
    ]);
    expect(s.orders.get(a.orderId)!.fos.every((f) => f.holds.length === 0)).toBe(true);
    expect(s.orders.get(a.orderId)!.tags).toEqual([]);

    // Order 1 is cancelled with a restock: its commitment goes, so its unit passes to order 2, not order 3.
    await s.engine.ingestOrder(SHOP, { ...a, cancelled: true, updatedAt: T(6) }, "cancel-a");
    await s.engine.applyInventoryLevel(SHOP, level(1, -1, 7), "restock-from-cancel");
    expect([await status(a), await status(b), await status(c)]).toEqual([
      "cancelled",
      "released",
      "backordered",
    ]);
    expect(s.orders.get(b.orderId)!.fos.every((f) => f.holds.length === 0)).toBe(true);
    expect(s.orders.get(c.orderId)!.fos.some((f) => f.holds.length === 1)).toBe(true);
  });

  it("skips a payload older than the one applied, and reads unknown variants in one batch", async () => {
    const s = await setup();
    await s.engine.applyInventoryLevel(SHOP, level(7, 10, 0), "l");
    await s.engine.applyInventoryLevel(SHOP, level(8, 10, 0), "l");
    const o = order(
      1,
      1,
      [
        [11, 7, 1],
        [12, 8, 1],
      ],
      { updatedAt: T(5) },
    );
    placeOnShopify(s, o);
    expect(await s.engine.ingestOrder(SHOP, o, "w1")).toBe("ingested");
    expect(s.calls).toEqual(["readVariants"]);
    expect(await s.engine.ingestOrder(SHOP, { ...o, updatedAt: T(3), cancelled: true }, "w0")).toBe("stale");
    expect((await s.repository.linesOfOrder(SHOP, o.orderId)).map((l) => l.status)).toEqual([
      "in_stock",
      "in_stock",
    ]);
    await s.engine.ingestOrder(SHOP, { ...o, updatedAt: T(6) }, "w2");
    expect(s.calls).toEqual(["readVariants"]);
  });

  it("a change of the allocation rules re-decides the open pools: stock nobody could take goes out", async () => {
    const s = await setup();
    s.settings.allocation = { ...s.settings.allocation, partial: "never" };
    await s.engine.applyInventoryLevel(SHOP, level(1, 0, 0), "l0");
    const a = order(1, 1, [[11, 1, 3]]);
    const b = order(2, 2, [[21, 1, 1]]);
    for (const o of [a, b]) {
      placeOnShopify(s, o);
      await s.engine.ingestOrder(SHOP, o, `w${o.name}`);
    }
    await s.engine.applyInventoryLevel(SHOP, level(1, -4, 3), "l1");
    await s.engine.applyInventoryLevel(SHOP, level(1, -2, 4), "restock"); // 2 arrive
    const line = async (o: IncomingOrder) => (await s.repository.linesOfOrder(SHOP, o.orderId))[0]!;
    // No partial allocations: order 1 needs 3, so order 2 is completed and one unit stays on the shelf.
    expect(await line(a)).toMatchObject({ status: "backordered", allocated: 0 });
    expect(await line(b)).toMatchObject({ status: "released", allocated: 1 });

    s.settings.allocation = { ...s.settings.allocation, partial: "allow" };
    expect(await s.engine.reallocate(SHOP, { kind: "staff", ref: "settings" })).toEqual({
      items: 1,
      orders: 1,
    });
    expect(await line(a)).toMatchObject({ status: "partially_allocated", allocated: 1 });
    expect(await line(b)).toMatchObject({ status: "released", allocated: 1 });
    const held = s.orders.get(a.orderId)!.fos.flatMap((f) => (f.holds.length > 0 ? f.lineItems : []));
    // A reservation stays under our hold until the line is complete (it ships whole); the metafield says so.
    expect(held.reduce((n, li) => n + li.remainingQuantity, 0)).toBe(3);
    expect(JSON.parse(s.orders.get(a.orderId)!.metafield!).lines[0]).toMatchObject({
      status: "partially_allocated",
    });
    // Nothing else to move: a second run changes nothing and calls nothing.
    const calls = s.calls.length;
    expect(await s.engine.reallocate(SHOP, { kind: "staff", ref: "settings" })).toEqual({
      items: 1,
      orders: 0,
    });
    expect(s.calls.length).toBe(calls);
  });

  it("shipping the ship-now units keeps the hold on the waiting ones; shipping the rest makes the line fulfilled", async () => {
    const s = await setup();
    await s.engine.applyInventoryLevel(SHOP, level(1, -3, 1), "l1"); // 2 on hand, the order took 5
    const o = order(1, 1, [[11, 1, 5]]);
    placeOnShopify(s, o);
    await s.engine.ingestOrder(SHOP, o, "w1");
    const line = async () => (await s.repository.linesOfOrder(SHOP, o.orderId))[0]!;
    expect(await line()).toMatchObject({ status: "backordered", inStock: 2, quantity: 5 });
    expect(heldUnitsOnShopify(s, o.orderId)).toBe(3);

    // The merchant ships the 2 units in stock: Shopify reports 3 still to fulfil.
    const shipped = (fulfillable: number, updated: number): IncomingOrder => ({
      ...o,
      updatedAt: T(updated),
      lines: o.lines.map((l) => ({ ...l, fulfillableQuantity: fulfillable })),
    });
    const calls = s.calls.length;
    await s.engine.ingestOrder(SHOP, shipped(3, 2), "w2");
    expect(await line()).toMatchObject({ status: "backordered", inStock: 0, allocated: 0, quantity: 3 });
    // The hold keeps its 3 units; the order metafield now says nothing more ships now.
    expect(heldUnitsOnShopify(s, o.orderId)).toBe(3);
    expect(s.calls.slice(calls)).toEqual(["read", "write"]);
    expect(JSON.parse(s.orders.get(o.orderId)!.metafield!).lines[0]).toMatchObject({
      shipNow: 0,
      waiting: 3,
    });

    // A refund of one waiting unit is a removal, not a shipment, though units were fulfilled before.
    await s.engine.ingestOrder(
      SHOP,
      {
        ...shipped(2, 3),
        lines: o.lines.map((l) => ({ ...l, currentQuantity: 4, fulfillableQuantity: 2 })),
      },
      "w3",
    );
    expect(await line()).toMatchObject({ status: "backordered", quantity: 2 });

    // Stock arrives (level after the refund's restock), the rest ships.
    await s.engine.applyInventoryLevel(SHOP, level(1, 0, 4), "restock");
    expect(await line()).toMatchObject({ status: "released", allocated: 2 });
    await s.engine.ingestOrder(
      SHOP,
      {
        ...o,
        updatedAt: T(5),
        lines: o.lines.map((l) => ({ ...l, currentQuantity: 4, fulfillableQuantity: 0 })),
      },
      "w4",
    );
    expect(await line()).toMatchObject({ status: "fulfilled", quantity: 0 });
    const history = await s.repository.lineHistory(SHOP, o.lines[0]!.lineItemId);
    expect(history.map((h) => h.event.type)).toEqual([
      "decide",
      "fulfil",
      "change_quantity",
      "decide",
      "release",
      "fulfil",
    ]);
  });

  it("notes on several lines at once record what applyLineEvent records one by one; an unknown line stores none", async () => {
    const run = async (together: boolean) => {
      const s = await setup();
      await s.engine.applyInventoryLevel(SHOP, level(1, 0, 0), "l1");
      const o = order(1, 1, [
        [11, 1, 2],
        [12, 1, 1],
      ]);
      placeOnShopify(s, o);
      await s.engine.ingestOrder(SHOP, o, "w1");
      const [a, b] = o.lines.map((l) => l.lineItemId);
      const notes = [
        {
          lineItemId: a!,
          event: { type: "note" as const, note: "checkout_consent" as const, detail: "x" },
          cause: { kind: "job" as const, ref: "c1" },
        },
        {
          lineItemId: b!,
          event: { type: "note" as const, note: "confirmation_sent" as const, detail: null },
          cause: { kind: "job" as const, ref: "c2" },
        },
        {
          lineItemId: a!,
          event: { type: "note" as const, note: "confirmation_sent" as const, detail: "y" },
          cause: { kind: "job" as const, ref: "c2" },
        },
      ];
      if (together) await s.engine.noteLines(SHOP, notes);
      else for (const n of notes) await s.engine.applyLineEvent(SHOP, n.lineItemId, n.event, n.cause);
      const unknown = { ...notes[0]!, lineItemId: toGid("LineItem", "404") };
      await expect(s.engine.noteLines(SHOP, [notes[1]!, unknown])).rejects.toThrow(/No backorder line/);
      return {
        lines: await s.repository.linesOfOrder(SHOP, o.orderId),
        history: [await s.repository.lineHistory(SHOP, a!), await s.repository.lineHistory(SHOP, b!)],
      };
    };
    const together = await run(true);
    expect(together).toEqual(await run(false));
    expect(together.history[0]!.map((h) => (h.event.type === "note" ? h.event.note : h.event.type))).toEqual([
      "decide",
      "checkout_consent",
      "confirmation_sent",
    ]);
  });
});
