import { inventoryItemPayload, inventoryLevelPayload, productPayload } from "../rest/catalog.js";
import { orderPayload, refundPayload } from "../rest/order.js";
import type { ChangeLog, ShopState } from "./shop-state.js";
import type { InventoryLevelRecord } from "./types.js";

/** One webhook-worthy change, its payload built when the operation finishes (so it shows the final state). */
export interface PendingEvent {
  topic: string;
  build: () => Record<string, unknown>;
  apiKey?: string;
}

/**
 * Collects the events of one operation. An operation validates before it mutates, so when it throws nothing has
 * changed and the collected events are dropped; when it returns, the store builds and publishes them in order.
 * Events are de-duplicated per object: ten inventory moves on one level in one order make one inventory_levels/update.
 */
export class Tx implements ChangeLog {
  readonly events: PendingEvent[] = [];
  private readonly seen = new Set<string>();

  constructor(readonly state: ShopState) {}

  emit(topic: string, key: string | number, build: () => Record<string, unknown>, apiKey?: string): void {
    const k = `${topic}|${key}`;
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.events.push(apiKey === undefined ? { topic, build } : { topic, build, apiKey });
  }

  has(topic: string, key: string | number): boolean {
    return this.seen.has(`${topic}|${key}`);
  }

  orderCreated(orderId: number): void {
    const s = this.state;
    this.emit("orders/create", orderId, () => orderPayload(s, s.orders.get(orderId)!));
    // A new order's own changes (its inventory moves) are part of its creation, not an update.
    this.seen.add(`orders/updated|${orderId}`);
  }

  orderUpdated(orderId: number): void {
    const s = this.state;
    this.emit("orders/updated", orderId, () => orderPayload(s, s.orders.get(orderId)!));
  }

  orderTopic(topic: string, orderId: number): void {
    const s = this.state;
    this.emit(topic, orderId, () => orderPayload(s, s.orders.get(orderId)!));
  }

  refundCreated(refundId: number): void {
    const s = this.state;
    this.emit("refunds/create", refundId, () => refundPayload(s, s.refunds.get(refundId)!));
  }

  levelUpdated(level: InventoryLevelRecord): void {
    const s = this.state;
    this.emit("inventory_levels/update", `${level.inventoryItemId}:${level.locationId}`, () =>
      inventoryLevelPayload(s, level),
    );
  }

  productUpdated(productId: number): void {
    const s = this.state;
    this.emit("products/update", productId, () => productPayload(s, s.products.get(productId)!));
  }

  inventoryItemUpdated(itemId: number): void {
    const s = this.state;
    this.emit("inventory_items/update", itemId, () => inventoryItemPayload(s, s.inventoryItems.get(itemId)!));
  }
}
