/** Test doubles for the backorder engine's Shopify port (use-case and HTTP tests). */
import type { PlanFulfillmentOrder } from "../../web/server/domain/backorder/sync-plan.js";
import {
  toGid,
  type InventoryItemGid,
  type LineItemGid,
  type LocationGid,
  type OrderGid,
  type ProductVariantGid,
} from "../../web/server/domain/shared/gid.js";
import { MemoryBackorderRepository } from "../../web/server/adapters/memory/backorder-repository.js";
import { createMemoryLogger } from "../../web/server/adapters/logger.js";
import { DEFAULT_SHOP_SETTINGS, type ShopSettings } from "../../web/server/use-cases/ports.js";
import {
  createBackorderEngine,
  type BackorderShopify,
  type BackorderWrite,
  type IncomingOrder,
} from "../../web/server/use-cases/backorder/index.js";

export interface FakeShopifyOrder {
  tags: string[];
  metafield: string | null;
  fos: PlanFulfillmentOrder[];
}

/** A Shopify stand-in with the hold semantics that matter: a partial hold splits the fulfillment order. */
export function fakeBackorderShopify<O extends FakeShopifyOrder = FakeShopifyOrder>(
  options: {
    /** Shopify's orders, when the test keeps more per order (reconciliation keeps the order itself). */
    orders?: Map<string, O>;
    /** Every call's name, shared with other fakes of the test. */
    calls?: string[];
    /** Orders whose writes fail, as if Shopify were down for them. */
    failWrites?: ReadonlySet<string>;
  } = {},
) {
  const orders = options.orders ?? new Map<string, O>();
  const calls = options.calls ?? [];
  const failWrites = options.failWrites ?? new Set<string>();
  let nextId = 1000;
  const shopify: BackorderShopify = {
    async readVariants(_shop, ids) {
      calls.push("readVariants");
      return ids.map((id) => ({
        variantId: id,
        productId: "gid://shopify/Product/1",
        inventoryItemId: `gid://shopify/InventoryItem/${id.split("/").pop()}`,
        tracked: true,
        inventoryPolicy: "CONTINUE" as const,
      }));
    },
    async readOrderForSync(_shop, orderId) {
      calls.push("read");
      const o = orders.get(orderId);
      return o
        ? structuredClone({ tags: o.tags, metafieldValue: o.metafield, fulfillmentOrders: o.fos })
        : null;
    },
    async write(_shop, w: BackorderWrite) {
      calls.push("write");
      if (failWrites.has(w.orderId)) throw new Error("Shopify is down for this order");
      const o = orders.get(w.orderId)!;
      o.tags = [...o.tags.filter((t) => !w.tagsRemove.includes(t)), ...w.tagsAdd];
      if (w.metafield) o.metafield = JSON.stringify(w.metafield);
      const fo = o.fos.find((f) => f.id === w.fulfillmentOrderId);
      if (fo && w.releaseHoldIds.length) {
        fo.holds = fo.holds.filter((h) => !w.releaseHoldIds.includes(h.id));
        if (fo.holds.length === 0) fo.status = "OPEN";
      }
      if (!fo || !w.hold) return null;
      const rest: PlanFulfillmentOrder = {
        id: `gid://shopify/FulfillmentOrder/${nextId++}`,
        status: "OPEN",
        holds: [],
        lineItems: [],
      };
      for (const li of fo.lineItems) {
        const keep = w.hold.fulfillmentOrderLineItems.find((h) => h.id === li.id)?.quantity ?? 0;
        if (li.remainingQuantity > keep)
          rest.lineItems.push({ ...li, id: `${li.id}0`, remainingQuantity: li.remainingQuantity - keep });
        li.remainingQuantity = keep;
      }
      fo.lineItems = fo.lineItems.filter((l) => l.remainingQuantity > 0);
      if (rest.lineItems.length) o.fos.push(rest);
      const holdId = `gid://shopify/FulfillmentHold/${nextId++}`;
      fo.holds.push({ id: holdId, handle: w.hold.handle, heldByRequestingApp: true });
      fo.status = "ON_HOLD";
      return { holdId, fulfillmentOrderId: fo.id };
    },
  };
  return { shopify, orders, calls };
}

export type FakeBackorderShopify = ReturnType<typeof fakeBackorderShopify>;

/** The order as Shopify holds it once placed: one open fulfillment order with every line. */
export function placeOnShopify(fake: Pick<FakeBackorderShopify, "orders">, o: IncomingOrder): void {
  fake.orders.set(o.orderId, {
    tags: [],
    metafield: null,
    fos: [
      {
        id: `gid://shopify/FulfillmentOrder/${o.orderId.split("/").pop()}`,
        status: "OPEN",
        holds: [],
        lineItems: o.lines.map((l) => ({
          id: `gid://shopify/FulfillmentOrderLineItem/${l.lineItemId.split("/").pop()}`,
          lineItemId: l.lineItemId,
          remainingQuantity: l.quantity,
        })),
      },
    ],
  });
}

/** Units of the order that our holds keep back on Shopify (the lines of its held fulfillment orders). */
export function heldUnitsOnShopify(fake: Pick<FakeBackorderShopify, "orders">, orderId: string): number {
  const o = fake.orders.get(orderId);
  if (!o) return 0;
  return o.fos
    .filter((f) => f.holds.length > 0)
    .reduce((sum, f) => sum + f.lineItems.reduce((s, li) => s + li.remainingQuantity, 0), 0);
}

// ---------------------------------------------------------------- builders for engine use-case tests

export const ENGINE_SHOP = "test.myshopify.com";
/** Minutes past 09:00 on 2 Mar 2026. */
export const T = (min: number) => new Date(Date.UTC(2026, 2, 2, 9, min));
export const variantGid = (n: number) => toGid("ProductVariant", String(n)) as ProductVariantGid;
export const itemGid = (n: number) => toGid("InventoryItem", String(n)) as InventoryItemGid;
export const LOC1 = toGid("Location", "1") as LocationGid;

/** An order as Shopify reports it after placing it: lines of [line id, variant, quantity], all tracked. */
export function engineOrder(
  n: number,
  minute: number,
  lines: [line: number, variant: number, qty: number][],
  extra: Partial<IncomingOrder> = {},
): IncomingOrder {
  return {
    orderId: toGid("Order", String(n)) as OrderGid,
    name: `#${n}`,
    createdAt: T(minute),
    updatedAt: T(minute),
    cancelled: false,
    tags: [],
    customer: null,
    lines: lines.map(([l, v, qty]) => ({
      lineItemId: toGid("LineItem", String(l)) as LineItemGid,
      variantId: variantGid(v),
      quantity: qty,
      currentQuantity: qty,
      fulfillableQuantity: qty,
      inventoryManagement: "shopify",
      title: null,
      variantTitle: null,
      sku: null,
    })),
    ...extra,
  };
}

/** An inventory_levels/update of item `n`. */
export const engineLevel = (n: number, available: number, minute: number, location: LocationGid = LOC1) => ({
  inventoryItemId: itemGid(n),
  locationId: location,
  available,
  updatedAt: T(minute),
});

/**
 * The engine over a memory repository and the fake Shopify, its clock at T(30). The writes it queues wait in the
 * outbox until the test runs them (engine.runWrites), or with `writes: "inline"` run at the end of each step, as in
 * scripts.
 */
export function memoryEngine(
  settings: ShopSettings = DEFAULT_SHOP_SETTINGS,
  { writes = "queued" }: { writes?: "queued" | "inline" } = {},
) {
  const repository = new MemoryBackorderRepository({ now: () => T(30) });
  const fake = fakeBackorderShopify();
  const engine = createBackorderEngine({
    repository,
    shopify: fake.shopify,
    shops: { get: async () => ({ settings }) as never },
    clock: { now: () => T(30) },
    logger: createMemoryLogger(),
    onWritesQueued: writes === "queued" ? () => undefined : undefined,
  });
  return { repository, fake, engine };
}
