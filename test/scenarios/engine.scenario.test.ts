/**
 * The backorder engine over the dev store, end to end: orders placed on the dev store reach Waitwell as webhooks,
 * the engine decides, and the holds, tags and metafield it writes are read back from the dev store's state. SQLite
 * always, PostgreSQL when reachable. One stack per database; each scenario uses its own variants of the demo catalog.
 *
 * Waitwell's inventory mirror starts empty (reconciliation, which seeds it, is not part of this slice), so the
 * variants are chosen where the locations an order does not touch hold no stock, or where under-counting them
 * cannot change the outcome.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaRepositories } from "../../web/server/adapters/prisma/index.js";
import type { CallRecord } from "../../web/server/adapters/shopify/admin-client.js";
import { signWebhook } from "../http/harness.js";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/db.js";
import { devStoreControl, eventually, startTestStack } from "../support/stack.js";

type Stack = Awaited<ReturnType<typeof startTestStack>>;

interface StoreFulfillmentOrder {
  id: string;
  status: string;
  lineItems: { id: string; lineItemId: string; remainingQuantity: number }[];
  holds: { id: string; handle: string; reason: string; apiKey: string | null }[];
}
interface StoreOrder {
  id: string;
  createdAt: string;
  tags: string[];
  lineItems: { id: string; variantId: string | null; sku: string | null; quantity: number }[];
  fulfillmentOrders: StoreFulfillmentOrder[];
}
interface StoreState {
  products: { variants: { id: string; sku: string }[] }[];
  orders: StoreOrder[];
  metafields: { ownerId: string; namespace: string; key: string; value: string }[];
}

const kinds: ("sqlite" | "postgresql")[] = [
  "sqlite",
  ...((await postgresAvailable()) ? (["postgresql"] as const) : []),
];

describe.each(kinds)("backorder engine over the dev store (%s)", (kind) => {
  let stack: Stack;
  let database: TestDatabase | undefined;
  const calls: CallRecord[] = [];

  beforeAll(async () => {
    database = kind === "postgresql" ? await createTestDatabase("postgresql") : undefined;
    await database?.db.$disconnect();
    stack = await startTestStack({
      ...(database ? { databaseUrl: database.url } : {}),
      onAdminCall: (call) => calls.push(call),
    });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await database?.cleanup();
  });

  const state = async (): Promise<StoreState> =>
    (await (await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`)).json()) as StoreState;
  const variant = async (sku: string) => {
    const found = (await state()).products.flatMap((p) => p.variants).find((v) => v.sku === sku);
    if (!found) throw new Error(`no variant ${sku}`);
    return found.id;
  };
  const placeOrder = async (
    lines: [sku: string, quantity: number][],
    extra: { channel?: "online_store" | "pos" | "draft_order"; tags?: string[] } = {},
  ) => {
    const resolved = await Promise.all(
      lines.map(async ([sku, quantity]) => ({ variantId: await variant(sku), quantity })),
    );
    const placed = await devStoreControl<{ id: string }>(stack, "/orders", {
      shop: stack.shop,
      lines: resolved,
      ...extra,
    });
    return placed.id;
  };
  const heldUnits = (o: StoreOrder) => [...heldByUs(o).values()].reduce((a, b) => a + b, 0);
  const order = async (id: string) => (await state()).orders.find((o) => o.id === id)!;
  /** Units our holds cover, per line item of the order. */
  const heldByUs = (o: StoreOrder) => {
    const held = new Map<string, number>();
    for (const fo of o.fulfillmentOrders) {
      if (!fo.holds.some((h) => h.handle.startsWith("waitwell-"))) continue;
      for (const li of fo.lineItems)
        held.set(li.lineItemId, (held.get(li.lineItemId) ?? 0) + li.remainingQuantity);
    }
    return held;
  };
  const lineOf = (o: StoreOrder, sku: string) => o.lineItems.find((l) => l.sku === sku)!.id;
  const metafieldOf = (s: StoreState, orderId: string) =>
    s.metafields.find((m) => m.ownerId === orderId && m.key === "backorder");
  const engineLines = async (orderId: string) =>
    createPrismaRepositories(stack.app.db).backorders.linesOfOrder(stack.shop, orderId);
  /** Every webhook so far delivered and processed by the inbox. */
  const settle = async () => {
    await stack.devStore.webhooksIdle();
    await stack.app.worker.drain();
  };

  it("a mixed cart: only the waiting units of the out-of-stock line are held, tagged, with the metafield", async () => {
    // MTS-SM: 40 + 15 in stock. RDP-24-MOS (continue selling): 1 in stock, 3 ordered → 1 ships, 2 wait.
    const id = await placeOrder([
      ["MTS-SM", 1],
      ["RDP-24-MOS", 3],
    ]);
    // The hold and tag and the metafield are separate Admin writes, and a later webhook of the same order (its
    // inventory and product updates) can refine them: read the dev store once everything has been processed.
    await eventually(async () => {
      const current = await order(id);
      return (
        current.tags.includes("backorder") && heldByUs(current).size > 0 && metafieldOf(await state(), id)
      );
    });
    await settle();
    const o = await order(id);
    const metafield = JSON.parse(metafieldOf(await state(), id)!.value);
    expect(Object.fromEntries(heldByUs(o))).toEqual({ [lineOf(o, "RDP-24-MOS")]: 2 });
    expect(metafield.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          lineItemId: lineOf(o, "MTS-SM"),
          shipNow: 1,
          waiting: 0,
          status: "in_stock",
        }),
        expect.objectContaining({
          lineItemId: lineOf(o, "RDP-24-MOS"),
          shipNow: 1,
          waiting: 2,
          status: "backordered",
        }),
      ]),
    );
    const hold = o.fulfillmentOrders.flatMap((fo) => fo.holds)[0]!;
    expect(hold).toMatchObject({
      reason: "INVENTORY_OUT_OF_STOCK",
      handle: `waitwell-${lineOf(o, "RDP-24-MOS").split("/").pop()}`,
    });
  });

  it("an order with every line in stock costs zero Admin API calls and gets no tag", async () => {
    // A first order mirrors the variants (products/update); the measured one then needs nothing from the Admin API.
    const warm = await placeOrder([
      ["MTS-LXL", 1],
      ["SDJ-S", 1],
    ]);
    await eventually(
      async () =>
        (await engineLines(warm)).every((l) => l.status === "in_stock") &&
        (await engineLines(warm)).length === 2,
    );
    await settle();
    const before = calls.length;
    const id = await placeOrder([
      ["MTS-LXL", 2],
      ["SDJ-S", 1],
    ]);
    await eventually(async () => {
      const lines = await engineLines(id);
      return lines.length === 2 && lines.every((l) => l.status === "in_stock");
    });
    await settle();
    // The engine's own operations only: the availability services (another feature) read on stock moves.
    const engineOperations = new Set([
      "WaitwellVariantsForEngine",
      "WaitwellOrderForSync",
      "WaitwellSyncBackorder",
    ]);
    expect(calls.slice(before).filter((c) => engineOperations.has(c.operation))).toEqual([]);
    const o = await order(id);
    expect(o.tags).not.toContain("backorder");
    expect(heldByUs(o).size).toBe(0);
    expect(metafieldOf(await state(), id)).toBeUndefined();
  });

  it("a restock releases the oldest waiting line's hold first", async () => {
    const first = await placeOrder([["TB-BOOT-09", 1]]);
    const second = await placeOrder([["TB-BOOT-09", 1]]);
    await eventually(
      async () => heldByUs(await order(first)).size === 1 && heldByUs(await order(second)).size === 1,
    );
    await devStoreControl(stack, "/stock/receive", {
      shop: stack.shop,
      variantId: await variant("TB-BOOT-09"),
      quantity: 1,
    });
    await eventually(async () => heldByUs(await order(first)).size === 0);
    await settle();
    expect(heldByUs(await order(second)).size).toBe(1);
    expect((await order(first)).tags).not.toContain("backorder");
    expect((await order(second)).tags).toContain("backorder");
  });

  it("a cancellation frees units for the next waiting line", async () => {
    // TB-BOOT-11: 3 at the warehouse. The first order takes them; the second waits until the first is cancelled.
    const first = await placeOrder([["TB-BOOT-11", 3]]);
    const second = await placeOrder([["TB-BOOT-11", 1]]);
    await eventually(async () => heldByUs(await order(second)).size === 1);
    expect(heldByUs(await order(first)).size).toBe(0);
    await devStoreControl(stack, `/orders/${first.split("/").pop()}/cancel`, {
      shop: stack.shop,
      restock: true,
      reason: "customer",
    });
    await eventually(async () => heldByUs(await order(second)).size === 0);
    await eventually(async () => (await engineLines(second))[0]?.status === "released");
    await eventually(async () => (await engineLines(first))[0]?.status === "cancelled");
  });

  it("a flash sale with duplicated and reordered webhooks ends with exactly 7 units held", async () => {
    const sku = "RDP-24-EMB"; // nothing in stock anywhere; receive 3
    const variantId = await variant(sku);
    await devStoreControl(stack, "/stock/receive", { shop: stack.shop, variantId, quantity: 3 });
    await settle();
    await devStoreControl(stack, "/faults", {
      seed: 11,
      duplicate: 0.3,
      reorderWindow: 4,
      reorderMaxHoldMs: 100,
    });
    try {
      const ids = await Promise.all(Array.from({ length: 10 }, () => placeOrder([[sku, 1]])));
      const held = async () => {
        const s = await state();
        return ids.reduce(
          (sum, id) =>
            sum + [...heldByUs(s.orders.find((o) => o.id === id)!).values()].reduce((a, b) => a + b, 0),
          0,
        );
      };
      await eventually(async () => (await held()) === 7, 20_000);
      await settle();
      expect(await held()).toBe(7);
      const statuses = (await Promise.all(ids.map(engineLines))).flat().map((l) => l.status);
      // Ship-now units may come from the checkout pass (in_stock) or, when a level update overtook the orders'
      // webhooks, from the allocation pass (released): either way exactly 3 lines ship and 7 wait.
      expect(statuses.filter((s) => s === "in_stock" || s === "released")).toHaveLength(3);
      expect(statuses.filter((s) => s === "backordered")).toHaveLength(7);
      // First come, first served by order time, whatever order the webhooks came in: the three oldest ship.
      const s = await state();
      const byAge = ids
        .map((id) => s.orders.find((o) => o.id === id)!)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || numericId(a.id) - numericId(b.id));
      expect(byAge.map(heldUnits)).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    } finally {
      await devStoreControl(stack, "/faults", { reset: true });
    }
  });

  it("a POS sale and a draft order are caught like online orders", async () => {
    // TB-BOOT-10: out of stock, continue selling. Neither channel goes through a theme.
    const pos = await placeOrder([["TB-BOOT-10", 2]], { channel: "pos" });
    const draft = await placeOrder([["TB-BOOT-10", 1]], { channel: "draft_order" });
    await eventually(async () => heldUnits(await order(pos)) === 2 && heldUnits(await order(draft)) === 1);
    expect((await order(pos)).tags).toContain("backorder");
    expect((await order(draft)).tags).toContain("backorder");
  });

  it("a partial restock goes to the priority tag first, then the oldest line", async () => {
    await createPrismaRepositories(stack.app.db).shops.updateSettings(stack.shop, {
      allocation: {
        priorityTags: ["VIP"],
        completeLinesFirst: true,
        partial: "allow",
        minPartialUnits: 1,
        maxPartialAllocations: null,
      },
    });
    try {
      // SDJ-L: none in stock anywhere; the merchant opens it to backorders.
      const sku = "SDJ-L";
      await devStoreControl(stack, `/variants/${(await variant(sku)).split("/").pop()}/policy`, {
        shop: stack.shop,
        policy: "CONTINUE",
      });
      const oldest = await placeOrder([[sku, 1]]);
      const middle = await placeOrder([[sku, 1]]);
      const vip = await placeOrder([[sku, 1]], { tags: ["vip"] });
      await eventually(async () => {
        const held = await Promise.all([oldest, middle, vip].map(async (id) => heldUnits(await order(id))));
        return held.every((h) => h === 1);
      });
      await devStoreControl(stack, "/stock/receive", {
        shop: stack.shop,
        variantId: await variant(sku),
        quantity: 2,
      });
      await eventually(async () => heldUnits(await order(vip)) === 0 && heldUnits(await order(oldest)) === 0);
      await settle();
      expect(heldUnits(await order(middle))).toBe(1);
      expect((await engineLines(middle))[0]).toMatchObject({ status: "backordered" });
    } finally {
      await createPrismaRepositories(stack.app.db).shops.updateSettings(stack.shop, {
        allocation: {
          priorityTags: [],
          completeLinesFirst: true,
          partial: "allow",
          minPartialUnits: 1,
          maxPartialAllocations: null,
        },
      });
    }
  });

  it("shipping the in-stock units of a line keeps the hold on its waiting units", async () => {
    // ALP-HL-300: 2 at the Downtown Store, continue selling. 4 ordered: 2 ship now, 2 wait.
    const id = await placeOrder([["ALP-HL-300", 4]]);
    await eventually(async () => heldUnits(await order(id)) === 2);
    const open = (await order(id)).fulfillmentOrders.find(
      (fo) => fo.status === "OPEN" && !fo.holds.some((h) => h.handle.startsWith("waitwell-")),
    )!;
    await devStoreControl(stack, "/fulfill", { shop: stack.shop, fulfillmentOrderId: open.id });
    await eventually(async () => (await engineLines(id))[0]?.quantity === 2);
    await settle();
    expect((await engineLines(id))[0]).toMatchObject({ status: "backordered", inStock: 0, quantity: 2 });
    expect(heldUnits(await order(id))).toBe(2);
  });

  it(
    "re-delivering every webhook so far, in random order, changes no outcome",
    { timeout: 90_000 },
    async () => {
      await settle();
      const outcome = async () => {
        const s = await state();
        const orders = s.orders.map((o) => ({
          id: o.id,
          tags: [...o.tags].sort(),
          held: Object.fromEntries(heldByUs(o)),
          metafield: metafieldOf(s, o.id)?.value ?? null,
        }));
        const lines = (await Promise.all(s.orders.map((o) => engineLines(o.id))))
          .flat()
          .map((l) => ({ id: l.lineItemId, status: l.status, inStock: l.inStock, allocated: l.allocated }));
        return { orders, lines };
      };
      const before = await outcome();
      const delivered = await stack.app.db.webhookEvent.findMany({ where: { shop: stack.shop } });
      expect(delivered.length).toBeGreaterThan(20);
      let seed = 7;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const shuffled = delivered
        .map((d) => ({ d, k: random() }))
        .sort((a, b) => a.k - b.k)
        .map(({ d }) => d);
      for (const event of shuffled) {
        const res = await fetch(`${stack.app.url}/webhooks`, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "X-Shopify-Topic": event.topic,
            "X-Shopify-Hmac-Sha256": signWebhook(event.payload, stack.config.shopify.apiSecret),
            "X-Shopify-Shop-Domain": stack.shop,
            "X-Shopify-API-Version": event.apiVersion,
            ...(event.triggeredAt ? { "X-Shopify-Triggered-At": event.triggeredAt.toISOString() } : {}),
            // A new id: the inbox would drop the same id as a duplicate; this must reach the engine again.
            "X-Shopify-Webhook-Id": randomUUID(),
          },
          body: event.payload,
        });
        expect(res.status).toBe(200);
      }
      await settle();
      expect(await outcome()).toEqual(before);
    },
  );
});

function numericId(gid: string): number {
  return Number(gid.split("/").pop());
}
