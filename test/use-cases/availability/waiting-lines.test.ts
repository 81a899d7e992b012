import { describe, expect, it } from "vitest";
import { MemoryBackorderRepository } from "../../../web/server/adapters/memory/backorder-repository.js";
import type { BackorderLine, LineStatus } from "../../../web/server/domain/backorder/index.js";
import { DEFAULT_SHOP_SETTINGS, type ShopRecord } from "../../../web/server/use-cases/ports.js";
import { queueOrder } from "../../../web/server/use-cases/availability/sync-variants.js";
import { engineWaitingLines } from "../../../web/server/use-cases/availability/waiting-lines.js";

const SHOP = "shop-a.myshopify.com";
const vid = (n: number) => `gid://shopify/ProductVariant/${n}`;

function line(
  n: number,
  variant: number,
  q: { quantity: number; inStock?: number; allocated?: number; status?: LineStatus },
  extra: Partial<BackorderLine> = {},
): BackorderLine {
  return {
    lineItemId: `gid://shopify/LineItem/${n}`,
    orderId: `gid://shopify/Order/${n}`,
    orderCreatedAt: `2026-11-20T10:0${n}:00Z`,
    variantId: vid(variant),
    inventoryItemId: `gid://shopify/InventoryItem/${variant}`,
    locationId: "gid://shopify/Location/0",
    tracked: true,
    tags: [],
    priority: null,
    status: q.status ?? "backordered",
    quantity: q.quantity,
    inStock: q.inStock ?? 0,
    allocated: q.allocated ?? 0,
    partialAllocations: 0,
    ...extra,
  } as BackorderLine;
}

async function source(lines: BackorderLine[], priorityTags: string[] = []) {
  const backorders = new MemoryBackorderRepository();
  await backorders.saveDecision(SHOP, { orders: [], lines, history: [] });
  const settings = {
    ...DEFAULT_SHOP_SETTINGS,
    allocation: { ...DEFAULT_SHOP_SETTINGS.allocation, priorityTags },
  };
  return engineWaitingLines({
    backorders,
    shops: {
      get: async (domain): Promise<ShopRecord> => ({
        domain,
        name: null,
        scopes: null,
        settings,
        installedAt: new Date(0),
        uninstalledAt: null,
      }),
    },
  });
}

describe("engineWaitingLines", () => {
  it("reads the engine's waiting lines of the variants asked and counts only units still waiting", async () => {
    const lines = await (
      await source([
        line(1, 11, { quantity: 5, inStock: 1, allocated: 1, status: "partially_allocated" }),
        line(2, 11, { quantity: 2, allocated: 2, status: "allocated" }),
        line(3, 11, { quantity: 4 }, { priority: 1 }),
        line(4, 11, { quantity: 1, inStock: 1, status: "in_stock" }),
        line(5, 11, { quantity: 1, status: "cancelled" }),
        line(6, 12, { quantity: 1 }),
      ])
    ).waitingLines(SHOP, [vid(11)]);
    expect(lines).toEqual([
      expect.objectContaining({ lineItemId: "gid://shopify/LineItem/1", waiting: 3, tagRank: 0 }),
      expect.objectContaining({ lineItemId: "gid://shopify/LineItem/3", waiting: 4, priority: 1 }),
    ]);
    expect(lines[0]?.orderCreatedAt).toEqual(new Date("2026-11-20T10:01:00Z"));
  });

  it("ranks lines as the engine allocates: staff priority, then the shop's priority tags, then order time", async () => {
    const lines = await (
      await source(
        [
          line(1, 11, { quantity: 1 }),
          line(2, 11, { quantity: 1 }, { tags: ["Wholesale"] }),
          line(3, 11, { quantity: 1 }, { tags: ["vip"] }),
          line(4, 11, { quantity: 1 }, { priority: 2 }),
          line(5, 11, { quantity: 1 }, { priority: 1, tags: ["wholesale"] }),
        ],
        ["VIP", "wholesale"],
      )
    ).waitingLines(SHOP, [vid(11), vid(11)]);
    expect(queueOrder(lines).map((l) => [l.lineItemId.split("/").pop(), l.tagRank])).toEqual([
      ["5", 0],
      ["4", 0],
      ["3", 0],
      ["2", 1],
      ["1", 2],
    ]);
  });

  it("ranks by the settings the caller read, without reading them again", async () => {
    const backorders = new MemoryBackorderRepository();
    await backorders.saveDecision(SHOP, {
      orders: [],
      lines: [line(1, 11, { quantity: 1 }), line(2, 11, { quantity: 1 }, { tags: ["vip"] })],
      history: [],
    });
    const settings = {
      ...DEFAULT_SHOP_SETTINGS,
      allocation: { ...DEFAULT_SHOP_SETTINGS.allocation, priorityTags: ["VIP"] },
    };
    const lines = await engineWaitingLines({
      backorders,
      shops: {
        get: () => {
          throw new Error("the settings were given");
        },
      },
    }).waitingLines(SHOP, [vid(11)], settings);
    expect(queueOrder(lines).map((l) => [l.lineItemId.split("/").pop(), l.tagRank])).toEqual([
      ["2", 0],
      ["1", 1],
    ]);
  });

  it("asks nothing for no variants", async () => {
    expect(await (await source([line(1, 11, { quantity: 1 })])).waitingLines(SHOP, [])).toEqual([]);
  });
});
