/**
 * The dev store's data model. Records are plain objects keyed by sequential numeric ids (one counter per type, so
 * the same seed and the same actions always produce the same ids). GraphQL exposes them as GIDs
 * (`gid://shopify/Order/1001`), REST payloads as numbers.
 */

/** A state change Shopify would announce with a webhook. `payload` is the REST JSON body for API version 2026-07. */
export interface StoreEvent {
  shop: string;
  /** REST-style topic, as in X-Shopify-Topic: "orders/create". */
  topic: string;
  payload: Record<string, unknown>;
  triggeredAt: Date;
  eventId: string;
  /**
   * Set when the event concerns one app only (app/uninstalled and shop/redact go to the app that was uninstalled).
   * Undefined: every app installed on the shop that subscribes to the topic.
   */
  apiKey?: string;
}

/** A seed file: `devstore/catalogs/*.json`. */
export interface Catalog {
  shop: { domain: string; name: string; email?: string; currency?: string; ianaTimezone?: string };
  locations: { name: string; address?: CatalogAddress }[];
  products: CatalogProduct[];
  customers?: CatalogCustomer[];
}

export interface CatalogCustomer {
  firstName: string;
  lastName: string;
  email: string;
  tags?: string[];
  phone?: string;
  address?: CatalogAddress;
}

export interface CatalogAddress {
  address1: string;
  address2?: string;
  city: string;
  province: string;
  provinceCode: string;
  country: string;
  countryCode: string;
  zip: string;
  phone?: string;
  company?: string;
}

export interface CatalogProduct {
  title: string;
  handle?: string;
  vendor?: string;
  productType?: string;
  tags?: string[];
  variants: CatalogVariant[];
}

export interface CatalogVariant {
  title: string;
  sku?: string;
  barcode?: string;
  price: string;
  inventoryPolicy?: InventoryPolicy;
  tracked?: boolean;
  /** Unit cost (inventory item), a decimal string. */
  cost?: string;
  compareAtPrice?: string;
  /** Available units per location name; locations left out are not stocked. Omitted: stocked everywhere at 0. */
  stock?: Record<string, number>;
}

export type InventoryPolicy = "DENY" | "CONTINUE";
export type OrderChannel = "online_store" | "pos" | "draft_order";

/** The named inventory quantities the dev store keeps (https://shopify.dev/docs/apps/fulfillment/inventory-management-apps#inventory-states). */
export const STORED_QUANTITY_NAMES = [
  "available",
  "committed",
  "reserved",
  "damaged",
  "quality_control",
  "safety_stock",
  "incoming",
] as const;
export type StoredQuantityName = (typeof STORED_QUANTITY_NAMES)[number];
/** `on_hand` is derived: available + committed + reserved + the unavailable states. */
export const QUANTITY_NAMES = [...STORED_QUANTITY_NAMES, "on_hand"] as const;
export type QuantityName = (typeof QUANTITY_NAMES)[number];

export interface PlaceOrderInput {
  lines: { variantId: string; quantity: number; properties?: { name: string; value: string }[] }[];
  customer?: { email: string; firstName?: string; lastName?: string };
  channel?: OrderChannel;
  tags?: string[];
  /** REST `note_attributes` / GraphQL `customAttributes`; a storefront cart's attributes arrive here. */
  noteAttributes?: { name: string; value: string }[];
  note?: string;
  /** The locale the shopper checked out in (REST `customer_locale`, GraphQL `customerLocale`); default "en". */
  customerLocale?: string;
  /** POS sales happen at a location; without it, the order is routed like an online order. */
  locationId?: string;
}

export interface AddressRecord {
  id: number;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string;
  address2: string | null;
  city: string;
  province: string;
  provinceCode: string;
  country: string;
  countryCode: string;
  zip: string;
  phone: string | null;
}

export interface ShopRecord {
  id: number;
  domain: string;
  name: string;
  email: string;
  currency: string;
  ianaTimezone: string;
  createdAt: Date;
  updatedAt: Date;
  nextOrderNumber: number;
}

export interface LocationRecord {
  id: number;
  name: string;
  address: Omit<AddressRecord, "id" | "firstName" | "lastName"> | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProductRecord {
  id: number;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: "ACTIVE" | "ARCHIVED" | "DRAFT";
  variantIds: number[];
  createdAt: Date;
  updatedAt: Date;
}

export interface VariantRecord {
  id: number;
  productId: number;
  inventoryItemId: number;
  title: string;
  sku: string | null;
  barcode: string | null;
  price: string;
  compareAtPrice: string | null;
  inventoryPolicy: InventoryPolicy;
  taxable: boolean;
  position: number;
  /** Sum of available over all locations at the last products/update, for `old_inventory_quantity`. */
  oldInventoryQuantity: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface InventoryItemRecord {
  id: number;
  variantId: number;
  sku: string | null;
  tracked: boolean;
  requiresShipping: boolean;
  cost: string | null;
  countryCodeOfOrigin: string | null;
  harmonizedSystemCode: string | null;
  /** Keyed by location id, in location order. */
  levels: Map<number, InventoryLevelRecord>;
  createdAt: Date;
  updatedAt: Date;
}

/** Shopify's level GID is `InventoryLevel/{locationId}?inventory_item_id={itemId}`: a level has no id of its own. */
export interface InventoryLevelRecord {
  inventoryItemId: number;
  locationId: number;
  quantities: Record<StoredQuantityName, number>;
  quantityUpdatedAt: Partial<Record<StoredQuantityName, Date>>;
  createdAt: Date;
  updatedAt: Date;
}

export interface IncomingRecord {
  id: number;
  inventoryItemId: number;
  locationId: number;
  quantity: number;
  expectedAt: string;
  status: "pending" | "received";
  createdAt: Date;
  receivedAt: Date | null;
}

export interface CustomerRecord {
  id: number;
  firstName: string | null;
  lastName: string | null;
  email: string;
  phone: string | null;
  tags: string[];
  state: "ENABLED" | "DISABLED";
  /** The customer's language (GraphQL `Customer.locale`): a new customer takes their first checkout's locale. */
  locale: string;
  defaultAddress: AddressRecord | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderRecord {
  id: number;
  number: number;
  name: string;
  email: string | null;
  customerId: number | null;
  channel: OrderChannel;
  sourceName: string;
  tags: string[];
  note: string | null;
  noteAttributes: { name: string; value: string }[];
  customerLocale: string;
  currency: string;
  shippingAddress: AddressRecord | null;
  billingAddress: AddressRecord | null;
  /** The POS location of a POS sale. */
  locationId: number | null;
  /** REST `token` / order status URL key. */
  token: string;
  financialStatus: "paid" | "partially_refunded" | "refunded" | "voided" | "pending";
  cancelledAt: Date | null;
  cancelReason: string | null;
  closedAt: Date | null;
  lineItemIds: number[];
  fulfillmentOrderIds: number[];
  fulfillmentIds: number[];
  refundIds: number[];
  /** Applied (committed) edits, for orders/edited. */
  editIds: number[];
  createdAt: Date;
  updatedAt: Date;
  processedAt: Date;
}

/** A line item discount staged in an order edit: `perUnitCents` off each unit (never more than the unit price). */
export interface LineDiscountRecord {
  id: number;
  description: string | null;
  /** What was asked: a fixed amount per unit, or a percentage of the unit price. */
  value: { kind: "fixed"; cents: number } | { kind: "percent"; percent: number };
  perUnitCents: number;
}

export interface LineItemRecord {
  id: number;
  orderId: number;
  variantId: number | null;
  productId: number | null;
  title: string;
  variantTitle: string | null;
  vendor: string | null;
  sku: string | null;
  /** Quantity when the order was placed (or the line added by an edit); never changes. */
  quantity: number;
  /** After edits and refund removals. */
  currentQuantity: number;
  fulfilledQuantity: number;
  /** Units refunded (any restock type); they no longer count in currentQuantity. */
  refundedQuantity: number;
  price: string;
  /** A discount on each unit, from an order edit (orderEditAddLineItemDiscount on a line the edit added). */
  discount?: LineDiscountRecord;
  properties: { name: string; value: string }[];
  requiresShipping: boolean;
  taxable: boolean;
  tracked: boolean;
}

export type FulfillmentOrderStatus =
  "OPEN" | "IN_PROGRESS" | "ON_HOLD" | "SCHEDULED" | "INCOMPLETE" | "CLOSED" | "CANCELLED";

export interface FulfillmentOrderRecord {
  id: number;
  orderId: number;
  locationId: number;
  status: FulfillmentOrderStatus;
  lineItems: FulfillmentOrderLineItemRecord[];
  holds: FulfillmentHoldRecord[];
  createdAt: Date;
  updatedAt: Date;
}

export interface FulfillmentOrderLineItemRecord {
  id: number;
  fulfillmentOrderId: number;
  lineItemId: number;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface FulfillmentHoldRecord {
  id: number;
  fulfillmentOrderId: number;
  handle: string;
  reason: string;
  reasonNotes: string | null;
  externalId: string | null;
  /** The app that placed the hold (API key); null when the merchant placed it. */
  heldByApiKey: string | null;
  createdAt: Date;
}

export interface FulfillmentRecord {
  id: number;
  orderId: number;
  fulfillmentOrderId: number;
  locationId: number;
  status: "SUCCESS" | "CANCELLED";
  lines: { lineItemId: number; fulfillmentOrderLineItemId: number; quantity: number }[];
  trackingNumber: string | null;
  trackingCompany: string | null;
  trackingUrl: string | null;
  notifyCustomer: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type RestockType = "NO_RESTOCK" | "CANCEL" | "RETURN" | "LEGACY_RESTOCK";

export interface RefundTransactionRecord {
  id: number;
  kind: "REFUND";
  gateway: string;
  amount: string;
  parentId: number | null;
  createdAt: Date;
}

export interface RefundRecord {
  id: number;
  orderId: number;
  note: string | null;
  lines: {
    id: number;
    lineItemId: number;
    quantity: number;
    restockType: RestockType;
    locationId: number | null;
    subtotal: string;
  }[];
  /** The money refunded: its REFUND transactions (a refund without transactions returns goods, not money). */
  transactions: RefundTransactionRecord[];
  /** The sum of the transactions. */
  amount: string;
  createdAt: Date;
}

export interface OrderEditRecord {
  /** The CalculatedOrder id. */
  id: number;
  orderId: number;
  apiKey: string;
  /** Lines added by this edit; their CalculatedLineItem ids are fresh. */
  additions: {
    calculatedLineItemId: number;
    variantId: number;
    quantity: number;
    locationId: number | null;
    discount?: LineDiscountRecord;
  }[];
  /** New quantities for existing line items (keyed by LineItem id, which is also the CalculatedLineItem id). */
  quantityChanges: Map<number, { quantity: number; restock: boolean; before: number }>;
  committedAt: Date | null;
  /** Filled at commit: the LineItem ids created for `additions`. */
  addedLineItemIds: (number | null)[];
  staffNote: string | null;
  notifyCustomer: boolean;
  createdAt: Date;
}

export interface MetafieldRecord {
  id: number;
  ownerGid: string;
  /** The stored namespace (`app--{appId}--backorder` for `$app:backorder`). */
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface DiscountRecord {
  id: number;
  title: string;
  code: string;
  startsAt: Date;
  endsAt: Date | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  value: { percentage: number } | { amount: string; appliesOnEachItem: boolean };
  /** Who may use the code: null = all customers, else these customers (`customerSelection.customers.add`). */
  customerIds: number[] | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface InstallationRecord {
  id: number;
  appId: number;
  apiKey: string;
  scopes: string[];
  accessToken: string;
  installedAt: Date;
}

export interface AppRecord {
  id: number;
  apiKey: string;
}
