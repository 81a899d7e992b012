import type { BackorderEngine, EngineEvent } from "./backorder/index.js";
import type { StoredLine } from "./backorder/ports.js";
import type { AvailabilityServices } from "./availability/index.js";
import type { OrderEvents } from "./customer-care/order-events.js";
import type { InventoryLevelChange } from "./inventory-level-changed.js";
import type { createNoteShopEvent } from "./note-shop-event.js";
import type { ReceivedOrder } from "./order-received.js";
import type { ShopDomain } from "./ports.js";
import type { WebhookLane } from "./webhook-handlers.js";

/** A row of the engine's lane: an order topic's order, or a stock level. */
export type EngineLaneItem =
  { kind: "order"; received: ReceivedOrder } | { kind: "level"; change: InventoryLevelChange };

export interface EngineLaneDeps {
  backorders: Pick<BackorderEngine, "decideBatch">;
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
  care?: Pick<OrderEvents, "recordOrder" | "recordOrders"> | undefined;
  availability?: Pick<AvailabilityServices, "onInventoryItemsChanged"> | undefined;
}

/**
 * orders/create, orders/updated, orders/cancelled and inventory_levels/update of one shop, together: what
 * order-received.ts and inventory-level-changed.ts do for one row, for a batch of rows in claim order. The engine
 * decides them in one step (exactly as one by one, decide-batch.ts); customer care then records the orders together
 * (exactly as one by one, customer-care/order-batch.ts); the storefront availability of the batch's inventory items
 * is re-evaluated once, all items together (it reads the state as it is now, so once after the last level is what
 * once per level would end on).
 */
export function createEngineLane(deps: EngineLaneDeps): WebhookLane<EngineLaneItem> {
  return {
    async handleAll(shop: ShopDomain, items: EngineLaneItem[]): Promise<(unknown | null)[]> {
      const failures: (unknown | null)[] = items.map(() => null);
      const events: { index: number; event: EngineEvent }[] = [];
      items.forEach((item, index) => {
        if (item.kind === "order") {
          const { order, webhookId } = item.received;
          events.push({ index, event: { kind: "order", order, webhookId } });
          return;
        }
        const { inventoryItemId, locationId, available, updatedAt, webhookId } = item.change;
        void deps.noteShopEvent({
          shop,
          topic: item.change.topic,
          resourceId: inventoryItemId,
          summary: { location: locationId, available },
        });
        // A null `available` is an untracked item: nothing to decide.
        if (available === null) return;
        const level = { inventoryItemId, locationId, available, updatedAt };
        events.push({ index, event: { kind: "level", level, webhookId } });
      });
      const outcomes = await deps.backorders.decideBatch(
        shop,
        events.map((e) => e.event),
      );
      // The lines of the batch's orders as the engine stored them: customer care does not read them again.
      const linesOf = new Map<string, StoredLine[]>();
      outcomes.forEach((outcome, i) => {
        if (!outcome.ok) failures[events[i]!.index] = outcome.error;
        const event = events[i]!.event;
        if (outcome.ok && outcome.lines && event.kind === "order")
          linesOf.set(event.order.orderId, outcome.lines);
      });
      const orderItems: { index: number; received: ReceivedOrder }[] = [];
      const levelItems = new Map<string, number[]>();
      for (const [index, item] of items.entries()) {
        if (failures[index] !== null) continue;
        if (item.kind === "order") {
          orderItems.push({ index, received: item.received });
        } else {
          const indexes = levelItems.get(item.change.inventoryItemId) ?? [];
          levelItems.set(item.change.inventoryItemId, [...indexes, index]);
        }
      }
      if (deps.care) await recordCare(deps.care, shop, orderItems, failures, linesOf);
      if (deps.availability) await reevaluateItems(deps.availability, shop, levelItems, failures);
      return failures;
    },
  };
}

/**
 * Customer care for the batch's decided orders, together; if that fails, one by one, so only the rows that fail
 * again are retried (each step is idempotent: the facts are upserted, consents and messages keyed).
 */
async function recordCare(
  care: Pick<OrderEvents, "recordOrder" | "recordOrders">,
  shop: ShopDomain,
  orders: { index: number; received: ReceivedOrder }[],
  failures: (unknown | null)[],
  linesOf: ReadonlyMap<string, readonly StoredLine[]>,
): Promise<void> {
  if (orders.length === 0) return;
  try {
    await care.recordOrders(
      shop,
      orders.map((o) => o.received.care),
      linesOf,
    );
  } catch {
    for (const { index, received } of orders) {
      await care.recordOrder(shop, received.care).catch((e: unknown) => (failures[index] = e));
    }
  }
}

/**
 * The storefront availability of the batch's inventory items, in one evaluation; if that fails, item by item, so only
 * the rows of an item that fails again are retried (the evaluation writes only what differs from Shopify's state).
 */
async function reevaluateItems(
  availability: Pick<AvailabilityServices, "onInventoryItemsChanged">,
  shop: ShopDomain,
  levelItems: Map<string, number[]>,
  failures: (unknown | null)[],
): Promise<void> {
  if (levelItems.size === 0) return;
  try {
    await availability.onInventoryItemsChanged(shop, [...levelItems.keys()]);
  } catch (e) {
    for (const [inventoryItemId, indexes] of levelItems) {
      const error =
        levelItems.size === 1
          ? e
          : await availability.onInventoryItemsChanged(shop, [inventoryItemId]).then(
              () => null,
              (again: unknown) => again,
            );
      if (error !== null) indexes.forEach((index) => (failures[index] = error));
    }
  }
}
