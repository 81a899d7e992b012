import { gid, type IdSequences, type IdType } from "./ids.js";
import type { SeededSource } from "./random.js";
import type {
  CustomerRecord,
  DiscountRecord,
  FulfillmentHoldRecord,
  FulfillmentOrderLineItemRecord,
  FulfillmentOrderRecord,
  FulfillmentRecord,
  IncomingRecord,
  InstallationRecord,
  InventoryItemRecord,
  InventoryLevelRecord,
  LineItemRecord,
  LocationRecord,
  MetafieldRecord,
  OrderEditRecord,
  OrderRecord,
  ProductRecord,
  RefundRecord,
  ShopRecord,
  StoredQuantityName,
  VariantRecord,
} from "./types.js";

/**
 * Where ShopState announces the changes it makes (an operation's Tx, which turns them into webhooks). Declared here so
 * the state does not depend on the payload builders.
 */
export interface ChangeLog {
  levelUpdated(level: InventoryLevelRecord): void;
  productUpdated(productId: number): void;
  orderUpdated(orderId: number): void;
}

/** What a shop's operations need from the store: the clock, id sequences and seeded randomness. */
export interface StoreEnv {
  now(): Date;
  ids: IdSequences;
  random: SeededSource;
}

/**
 * One shop's objects, indexed by id (every lookup is a Map get). Types that GraphQL paginates also keep an array in
 * ascending id order; ids only grow, so appending keeps it sorted and cursors resolve by binary search.
 */
export class ShopState {
  readonly locations = new Map<number, LocationRecord>();
  readonly locationList: LocationRecord[] = [];
  readonly products = new Map<number, ProductRecord>();
  readonly productList: ProductRecord[] = [];
  readonly variants = new Map<number, VariantRecord>();
  readonly variantList: VariantRecord[] = [];
  readonly inventoryItems = new Map<number, InventoryItemRecord>();
  readonly inventoryItemList: InventoryItemRecord[] = [];
  readonly incoming = new Map<number, IncomingRecord>();
  /** Incoming schedules by "inventoryItemId:locationId", for InventoryLevel.scheduledChanges. */
  readonly incomingByLevel = new Map<string, IncomingRecord[]>();
  readonly customers = new Map<number, CustomerRecord>();
  readonly customerList: CustomerRecord[] = [];
  readonly customerByEmail = new Map<string, CustomerRecord>();
  readonly orders = new Map<number, OrderRecord>();
  readonly orderList: OrderRecord[] = [];
  readonly lineItems = new Map<number, LineItemRecord>();
  readonly fulfillmentOrders = new Map<number, FulfillmentOrderRecord>();
  readonly fulfillmentOrderList: FulfillmentOrderRecord[] = [];
  readonly foLineItems = new Map<number, FulfillmentOrderLineItemRecord>();
  /** Fulfillment order line items by LineItem id (a line can be spread over several fulfillment orders). */
  readonly foLinesByLineItem = new Map<number, FulfillmentOrderLineItemRecord[]>();
  readonly holds = new Map<number, FulfillmentHoldRecord>();
  readonly fulfillments = new Map<number, FulfillmentRecord>();
  readonly refunds = new Map<number, RefundRecord>();
  readonly edits = new Map<number, OrderEditRecord>();
  readonly metafields = new Map<number, MetafieldRecord>();
  /** owner GID → "namespace\u0000key" → metafield. */
  readonly metafieldsByOwner = new Map<string, Map<string, MetafieldRecord>>();
  readonly discounts = new Map<number, DiscountRecord>();
  readonly discountByCode = new Map<string, DiscountRecord>();
  /** Installed apps by API key. */
  readonly installations = new Map<string, InstallationRecord>();
  /** Order ids by customer id, for Customer.orders and customers/* compliance payloads. */
  readonly ordersByCustomer = new Map<number, number[]>();

  constructor(
    readonly shop: ShopRecord,
    readonly env: StoreEnv,
  ) {}

  get gid(): string {
    return gid("Shop", this.shop.id);
  }

  now(): Date {
    return this.env.now();
  }

  nextId(type: IdType): number {
    return this.env.ids.take(type);
  }

  /** The location orders are routed to first and stock is received at by default (Shopify's primary location). */
  primaryLocation(): LocationRecord {
    const first = this.locationList[0];
    if (!first) throw new Error(`shop ${this.shop.domain} has no location`);
    return first;
  }

  variantOf(item: InventoryItemRecord): VariantRecord {
    return this.variants.get(item.variantId)!;
  }

  itemOf(variant: VariantRecord): InventoryItemRecord {
    return this.inventoryItems.get(variant.inventoryItemId)!;
  }

  /** `inventoryQuantity` / REST `inventory_quantity`: available summed over every location. */
  inventoryQuantity(variant: VariantRecord): number {
    let sum = 0;
    for (const level of this.itemOf(variant).levels.values()) sum += level.quantities.available;
    return sum;
  }

  /** on_hand = available + committed + reserved + the unavailable states (damaged, quality_control, safety_stock). */
  onHand(level: InventoryLevelRecord): number {
    const q = level.quantities;
    return q.available + q.committed + q.reserved + q.damaged + q.quality_control + q.safety_stock;
  }

  quantity(level: InventoryLevelRecord, name: string): number {
    if (name === "on_hand") return this.onHand(level);
    return level.quantities[name as StoredQuantityName] ?? 0;
  }

  /**
   * The one place inventory quantities change. It stamps the level, and announces what Shopify announces: an
   * inventory_levels/update when `available` moves, and products/update (inventory_quantity changed).
   */
  changeQuantity(tx: ChangeLog, level: InventoryLevelRecord, name: StoredQuantityName, delta: number): void {
    if (delta === 0) return;
    const now = this.now();
    level.quantities[name] += delta;
    level.quantityUpdatedAt[name] = now;
    level.updatedAt = now;
    if (name === "available") {
      tx.levelUpdated(level);
      const variant = this.variantOf(this.inventoryItems.get(level.inventoryItemId)!);
      tx.productUpdated(variant.productId);
    }
  }

  metafieldsOf(ownerGid: string): Map<string, MetafieldRecord> | undefined {
    return this.metafieldsByOwner.get(ownerGid);
  }

  lineItemsOf(order: OrderRecord): LineItemRecord[] {
    return order.lineItemIds.map((id) => this.lineItems.get(id)!);
  }

  fulfillmentOrdersOf(order: OrderRecord): FulfillmentOrderRecord[] {
    return order.fulfillmentOrderIds.map((id) => this.fulfillmentOrders.get(id)!);
  }

  /** Remaining (unfulfilled) units of a line item over its fulfillment orders. */
  unfulfilledQuantity(line: LineItemRecord): number {
    let sum = 0;
    for (const fol of this.foLinesByLineItem.get(line.id) ?? []) sum += fol.remainingQuantity;
    return sum;
  }

  addFoLine(fol: FulfillmentOrderLineItemRecord): void {
    this.foLineItems.set(fol.id, fol);
    const list = this.foLinesByLineItem.get(fol.lineItemId);
    if (list) list.push(fol);
    else this.foLinesByLineItem.set(fol.lineItemId, [fol]);
  }

  touchOrder(tx: ChangeLog, order: OrderRecord): void {
    order.updatedAt = this.now();
    tx.orderUpdated(order.id);
  }
}
