/**
 * Known lines for the insights tests: stored through the engine's own repository (saveDecision), with promises,
 * mirrored variants and products, so every dashboard figure can be computed by hand (see the comments).
 */
import type { Db } from "../../web/server/adapters/prisma/client.js";
import { createPrismaRepositories } from "../../web/server/adapters/prisma/index.js";
import type { LineHistoryEntry } from "../../web/server/domain/backorder/index.js";
import type {
  InventoryItemGid,
  LineItemGid,
  LocationGid,
  OrderGid,
  ProductVariantGid,
} from "../../web/server/domain/shared/gid.js";
import type { DecisionChange, EngineOrder } from "../../web/server/use-cases/backorder/ports.js";

export const SHOP = "insights-shop.myshopify.com";
/** A Friday, noon UTC. */
export const NOW = new Date("2026-07-31T12:00:00.000Z");
const DAY = 86_400_000;
export const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);

export const variant = (n: number) => `gid://shopify/ProductVariant/${n}` as ProductVariantGid;
const item = (n: number) => `gid://shopify/InventoryItem/${n}` as InventoryItemGid;
const orderId = (n: number) => `gid://shopify/Order/${n}` as OrderGid;
export const lineId = (n: number) => `gid://shopify/LineItem/${n}` as LineItemGid;
const LOC = "gid://shopify/Location/1" as LocationGid;

type SavedLine = DecisionChange["lines"][number];

function order(n: number, placed: Date): EngineOrder {
  return {
    shop: SHOP,
    orderId: orderId(n),
    name: `#100${n}`,
    orderCreatedAt: placed,
    sourceUpdatedAt: placed,
    customerId: null,
    customerEmail: null,
    customerName: null,
    tags: [],
    cancelled: false,
    syncedMetafield: null,
    holds: [],
    backordered: true,
    needsSync: false,
    shopifyTouched: false,
  };
}

function line(n: number, orderN: number, placed: Date, v: number, patch: Partial<SavedLine>): SavedLine {
  const titles: Record<number, [string, string, string]> = {
    1: ["Trailblazer Boot", "9", "BOOT-9"],
    2: ["Camp Mug", "Default Title", "=MUG"],
    3: ["Rain Shell", "M", "SHELL-M"],
  };
  const [productTitle, variantTitle, sku] = titles[v]!;
  return {
    lineItemId: lineId(n),
    orderId: orderId(orderN),
    orderCreatedAt: placed.toISOString(),
    variantId: variant(v),
    inventoryItemId: item(v),
    locationId: LOC,
    tracked: true,
    tags: [],
    priority: null,
    status: "backordered",
    quantity: 1,
    inStock: 0,
    allocated: 0,
    partialAllocations: 0,
    productTitle,
    variantTitle,
    sku,
    ...patch,
  };
}

const eta = (date: string) => JSON.stringify({ kind: "date", date, source: "fixed" });

/**
 * Waiting (statuses backordered / partially_allocated):
 *   L1 variant 1, order 1, placed 2 days ago:   3 ordered, 1 in stock → 2 wait; promised 2026-07-31 (today)
 *   L2 variant 1, order 2, placed 10 days ago:  4 ordered, 1 allocated → 3 wait; promised 2026-07-25 (past)
 *   L3 variant 2, order 3, placed 40 days ago:  1 ordered → 1 waits; no promise (the oldest wait)
 *   L5 variant 3, order 4, placed 20 days ago:  5 ordered → 5 wait; promised 2026-09-30
 * Not waiting:
 *   L4 variant 2, order 2, placed 10 days ago:  2 in stock
 *   L6 variant 1, order 5, placed 15 days ago:  2 waited, shipped yesterday; promised 2026-07-28 (2 days late)
 *   L7 variant 2, order 6, placed 5 days ago:   1 in stock, shipped (never waited: no ship day recorded)
 */
export async function seedInsights(db: Db): Promise<void> {
  const repos = createPrismaRepositories(db);
  await repos.shops.upsertInstalled({ domain: SHOP, name: "Insights Shop", scopes: null, at: daysAgo(60) });
  const placed = {
    1: daysAgo(2),
    2: daysAgo(10),
    3: daysAgo(40),
    4: daysAgo(20),
    5: daysAgo(15),
    6: daysAgo(5),
  };
  await repos.backorders.saveDecision(SHOP, {
    orders: Object.entries(placed).map(([n, at]) => order(Number(n), at)),
    lines: [
      line(1, 1, placed[1], 1, { quantity: 3, inStock: 1 }),
      line(2, 2, placed[2], 1, {
        quantity: 4,
        allocated: 1,
        status: "partially_allocated",
        partialAllocations: 1,
      }),
      line(3, 3, placed[3], 2, { quantity: 1 }),
      line(4, 2, placed[2], 2, { quantity: 2, inStock: 2, status: "in_stock" }),
      line(5, 4, placed[4], 3, { quantity: 5 }),
      line(6, 5, placed[5], 1, { quantity: 2 }),
      line(7, 6, placed[6], 2, { quantity: 1, inStock: 1, status: "in_stock" }),
    ],
    history: [],
  });
  // Yesterday L6 (waiting) and L7 (in stock) shipped: the engine's fulfil transitions.
  const shipped = (n: number, from: "backordered" | "in_stock"): LineHistoryEntry => ({
    lineItemId: lineId(n),
    at: daysAgo(1).toISOString(),
    cause: { kind: "webhook", ref: "wh-fulfil" },
    event: { type: "fulfil", units: n === 6 ? 2 : 1 },
    from,
    to: "fulfilled",
    before: {
      quantity: n === 6 ? 2 : 1,
      inStock: from === "in_stock" ? 1 : 0,
      allocated: 0,
      waiting: n === 6 ? 2 : 0,
    },
    after: { quantity: 0, inStock: 0, allocated: 0, waiting: 0 },
  });
  await repos.backorders.saveDecision(SHOP, {
    orders: [],
    lines: [
      line(6, 5, placed[5], 1, { quantity: 0, status: "fulfilled" }),
      line(7, 6, placed[6], 2, { quantity: 0, inStock: 0, status: "fulfilled" }),
    ],
    history: [shipped(6, "backordered"), shipped(7, "in_stock")],
  });
  for (const [n, promised] of [
    [1, "2026-07-31"],
    [2, "2026-07-25"],
    [5, "2026-09-30"],
    [6, "2026-07-28"],
  ] as const) {
    await db.linePromise.create({
      data: {
        shop: SHOP,
        lineItemId: lineId(n),
        promised: eta(promised),
        promisedAt: daysAgo(20),
        current: eta(promised),
      },
    });
  }
  await repos.backorders.upsertVariants(
    SHOP,
    [1, 2, 3].map((v) => ({
      variantId: variant(v),
      productId: `gid://shopify/Product/${v}`,
      inventoryItemId: item(v),
      sku: null,
      tracked: true,
      inventoryPolicy: "CONTINUE" as const,
      asOf: daysAgo(1),
    })),
  );
  // Variant 3's product is not mirrored: its units have no price.
  for (const [v, title, vendor, variantTitle, sku, price] of [
    [1, "Trailblazer Boot", "Acme", "9", "BOOT-9", "20.00"],
    [2, "Camp Mug", "Zed", "Default Title", "=MUG", "5.5"],
  ] as const) {
    await db.productMirror.create({
      data: {
        shop: SHOP,
        productId: `gid://shopify/Product/${v}`,
        title,
        handle: title.toLowerCase().replace(/ /g, "-"),
        vendor,
        variants: JSON.stringify([{ variantId: variant(v), title: variantTitle, sku, barcode: null, price }]),
        asOf: daysAgo(1),
      },
    });
  }
}
