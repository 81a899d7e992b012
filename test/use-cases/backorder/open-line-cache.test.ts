import { describe, expect, it } from "vitest";
import { MemoryBackorderRepository } from "../../../web/server/adapters/memory/backorder-repository.js";
import type { BackorderRepository } from "../../../web/server/use-cases/backorder/ports.js";
import { createOpenLineCache } from "../../../web/server/use-cases/backorder/open-line-cache.js";

type SavedLine = Parameters<BackorderRepository["saveDecision"]>[1]["lines"][number];

const SHOP = "cache.myshopify.com";
const POOL = {
  inventoryItemId: "gid://shopify/InventoryItem/1",
  locationId: "gid://shopify/Location/1",
} as const;
const OTHER = {
  inventoryItemId: "gid://shopify/InventoryItem/2",
  locationId: "gid://shopify/Location/1",
} as const;
const T0 = Date.UTC(2026, 11, 8, 9, 0, 0);

function line(n: number, overrides: Partial<SavedLine> = {}): SavedLine {
  return {
    lineItemId: `gid://shopify/LineItem/${n}`,
    orderId: `gid://shopify/Order/${n}`,
    orderCreatedAt: new Date(T0 + (100 - n) * 60_000).toISOString(), // later ids ordered earlier
    variantId: "gid://shopify/ProductVariant/1",
    ...POOL,
    tracked: true,
    tags: [],
    priority: null,
    status: "backordered",
    quantity: 2,
    inStock: 0,
    allocated: 0,
    partialAllocations: 0,
    ...overrides,
  };
}

/** The memory repository, counting the lines read in full. */
function counted() {
  const repo = new MemoryBackorderRepository();
  const read: string[][] = [];
  const getLines = repo.getLines.bind(repo);
  repo.getLines = async (shop, ids) => {
    read.push([...ids].sort());
    return getLines(shop, ids);
  };
  const save = (lines: SavedLine[]) => repo.saveDecision(SHOP, { orders: [], lines, history: [] });
  return { repo, read, save };
}

describe("open line cache", () => {
  it("reads in full only the lines written since the last read, and returns what the repository holds", async () => {
    const { repo, read, save } = counted();
    await save([line(1), line(2), line(3, { status: "fulfilled" }), line(4, OTHER)]);
    const openLines = createOpenLineCache(repo);

    expect(await openLines(SHOP, [POOL])).toEqual(await repo.openLinesOfPools(SHOP, [POOL]));
    expect(read).toEqual([["gid://shopify/LineItem/1", "gid://shopify/LineItem/2"]]);

    read.length = 0;
    expect(await openLines(SHOP, [POOL])).toEqual(await repo.openLinesOfPools(SHOP, [POOL]));
    expect(read).toEqual([]);

    // One line changed, one new, one closed: only the changed and the new one are read again.
    await save([line(1, { status: "in_stock", inStock: 2 }), line(5), line(2, { status: "cancelled" })]);
    await repo.setPromisedDays(SHOP, [{ lineItemId: "gid://shopify/LineItem/5", day: "2026-12-24" }]);
    const now = await openLines(SHOP, [POOL]);
    expect(now).toEqual(await repo.openLinesOfPools(SHOP, [POOL]));
    expect(now.map((l) => l.lineItemId)).toEqual(["gid://shopify/LineItem/5", "gid://shopify/LineItem/1"]);
    expect(now[0]!.promisedDay).toBe("2026-12-24");
    expect(read).toEqual([["gid://shopify/LineItem/1", "gid://shopify/LineItem/5"]]);

    // Another pool read together with a known one: only its lines are new.
    read.length = 0;
    expect(await openLines(SHOP, [POOL, OTHER])).toEqual(await repo.openLinesOfPools(SHOP, [POOL, OTHER]));
    expect(read).toEqual([["gid://shopify/LineItem/4"]]);
    expect(Object.isFrozen(now[0])).toBe(true);
  });

  it("keeps shops apart", async () => {
    const { repo, read, save } = counted();
    await save([line(1)]);
    await repo.saveDecision("other.myshopify.com", {
      orders: [],
      lines: [line(1, { quantity: 7 })],
      history: [],
    });
    const openLines = createOpenLineCache(repo);
    await openLines(SHOP, [POOL]);
    const other = await openLines("other.myshopify.com", [POOL]);
    expect(other.map((l) => l.quantity)).toEqual([7]);
    expect(read).toHaveLength(2);
  });

  it("forgets the pools read longest ago past its size, and reads them in full again", async () => {
    const { repo, read, save } = counted();
    await save([line(1), line(2), line(3, OTHER)]);
    const openLines = createOpenLineCache(repo, { maxLines: 2 });
    await openLines(SHOP, [POOL]);
    await openLines(SHOP, [OTHER]); // 3 lines kept: the first pool goes
    read.length = 0;
    await openLines(SHOP, [OTHER]);
    expect(read).toEqual([]);
    expect(await openLines(SHOP, [POOL])).toHaveLength(2);
    expect(read).toEqual([["gid://shopify/LineItem/1", "gid://shopify/LineItem/2"]]);
  });

  it("reads the lines themselves where the database keeps no row versions", async () => {
    const { repo, read, save } = counted();
    await save([line(1)]);
    const openLines = createOpenLineCache({
      openLinesOfPools: (shop, pools) => repo.openLinesOfPools(shop, pools),
      getLines: (shop, ids) => repo.getLines(shop, ids),
      openLineVersionsOfPools: async () => null,
    });
    expect(await openLines(SHOP, [POOL])).toEqual(await repo.openLinesOfPools(SHOP, [POOL]));
    expect(read).toEqual([]);
  });
});
