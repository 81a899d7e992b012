import { GraphQLError } from "graphql";
import { gid, parseGid } from "../model/ids.js";
import { compareDigest, metafieldKey, OWNER_TYPES, resolveNamespace } from "../model/metafields.js";
import { formatCents, formatDecimal, toCents } from "../model/money.js";
import type { ShopState } from "../model/shop-state.js";
import {
  QUANTITY_NAMES,
  type AddressRecord,
  type AppRecord,
  type CustomerRecord,
  type DiscountRecord,
  type FulfillmentHoldRecord,
  type FulfillmentOrderLineItemRecord,
  type FulfillmentOrderRecord,
  type FulfillmentRecord,
  type IncomingRecord,
  type InstallationRecord,
  type InventoryItemRecord,
  type InventoryLevelRecord,
  type LineItemRecord,
  type LocationRecord,
  type MetafieldRecord,
  type OrderEditRecord,
  type OrderRecord,
  type ProductRecord,
  type RefundRecord,
  type VariantRecord,
} from "../model/types.js";
import { orderTotals } from "../rest/order.js";
import { connection, listConnection, type ConnectionArgs } from "./connection.js";
import type { AdminContext } from "./context.js";

/**
 * One class per Admin GraphQL type the dev store serves. The executor's field resolver reads a property or calls a
 * method named after the field (with the field's arguments); a field a view does not define is reported as "not
 * implemented in the dev store" instead of answering null. Records are read at resolve time, so a mutation payload
 * shows the state after the mutation.
 */

type Args = Record<string, unknown>;

export function dateTime(d: Date | null | undefined): string | null {
  return d ? d.toISOString().replace(/\.\d{3}Z$/, "Z") : null;
}

export function moneyV2(cents: number, currencyCode: string): { amount: string; currencyCode: string } {
  return { amount: formatDecimal(cents), currencyCode };
}

export function moneyBag(cents: number, currencyCode: string) {
  return { shopMoney: moneyV2(cents, currencyCode), presentmentMoney: moneyV2(cents, currencyCode) };
}

export function count(n: number) {
  return { count: n, precision: "EXACT" };
}

function connArgs(args: Args): ConnectionArgs {
  return args as ConnectionArgs;
}

function namespaced(c: AdminContext, namespace: unknown): string {
  return resolveNamespace(typeof namespace === "string" ? namespace : null, c.appId);
}

/** `metafield(namespace:, key:)` and `metafields(namespace:, keys:, first:…)` on any owner. */
abstract class HasMetafields {
  abstract readonly id: string;
  constructor(protected readonly c: AdminContext) {}

  metafield(args: Args): MetafieldView | null {
    const m = this.c.s
      .metafieldsOf(this.id)
      ?.get(metafieldKey(namespaced(this.c, args.namespace), String(args.key)));
    return m ? new MetafieldView(m, this.c) : null;
  }

  metafields(args: Args) {
    const all = [...(this.c.s.metafieldsOf(this.id)?.values() ?? [])].sort((a, b) => a.id - b.id);
    const ns = typeof args.namespace === "string" ? namespaced(this.c, args.namespace) : null;
    const keys = Array.isArray(args.keys)
      ? new Set(
          (args.keys as string[]).map((k) => {
            const dot = k.lastIndexOf(".");
            return metafieldKey(namespaced(this.c, k.slice(0, dot)), k.slice(dot + 1));
          }),
        )
      : null;
    return listConnection(
      all,
      connArgs(args),
      (m) => new MetafieldView(m, this.c),
      (m) =>
        (ns === null || m.namespace === ns) && (keys === null || keys.has(metafieldKey(m.namespace, m.key))),
    );
  }
}

export class MetafieldView {
  readonly __typename = "Metafield";
  constructor(
    private readonly m: MetafieldRecord,
    private readonly c: AdminContext,
  ) {}
  get id() {
    return gid("Metafield", this.m.id);
  }
  get legacyResourceId() {
    return String(this.m.id);
  }
  get namespace() {
    return this.m.namespace;
  }
  get key() {
    return this.m.key;
  }
  get value() {
    return this.m.value;
  }
  get type() {
    return this.m.type;
  }
  get jsonValue() {
    const { type, value } = this.m;
    if (
      type === "json" ||
      type.startsWith("list.") ||
      ["money", "weight", "dimension", "volume", "rating", "rich_text_field"].includes(type)
    )
      return JSON.parse(value) as unknown;
    if (type === "number_integer") return Number(value);
    if (type === "number_decimal") return value;
    if (type === "boolean") return value === "true";
    return value;
  }
  get compareDigest() {
    return compareDigest(this.m);
  }
  get createdAt() {
    return dateTime(this.m.createdAt);
  }
  get updatedAt() {
    return dateTime(this.m.updatedAt);
  }
  get ownerType() {
    return OWNER_TYPES[parseGid(this.m.ownerGid)?.type ?? ""] ?? null;
  }
  get owner() {
    return nodeView(this.c, this.m.ownerGid);
  }
  readonly description = null;
  readonly definition = null;
  readonly reference = null;
}

export class ShopView extends HasMetafields {
  readonly __typename = "Shop";
  get id() {
    return this.c.s.gid;
  }
  private get r() {
    return this.c.s.shop;
  }
  get name() {
    return this.r.name;
  }
  get email() {
    return this.r.email;
  }
  get contactEmail() {
    return this.r.email;
  }
  get myshopifyDomain() {
    return this.r.domain;
  }
  get url() {
    return `https://${this.r.domain}`;
  }
  get primaryDomain() {
    return {
      id: gid("Domain", this.r.id),
      host: this.r.domain,
      url: `https://${this.r.domain}`,
      sslEnabled: true,
    };
  }
  get currencyCode() {
    return this.r.currency;
  }
  get enabledPresentmentCurrencies() {
    return [this.r.currency];
  }
  get ianaTimezone() {
    return this.r.ianaTimezone;
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  get plan() {
    return { displayName: "Development", partnerDevelopment: true, shopifyPlus: false };
  }
  get shopOwnerName() {
    return this.r.name;
  }
  readonly orderNumberFormatPrefix = "#";
  readonly orderNumberFormatSuffix = "";
  readonly taxesIncluded = false;
  readonly taxShipping = false;
  readonly setupRequired = false;
  readonly checkoutApiSupported = true;
  readonly transactionalSmsDisabled = false;
  readonly marketingSmsConsentEnabledAtCheckout = false;
  readonly weightUnit = "POUNDS";
  readonly unitSystem = "IMPERIAL_SYSTEM";
  readonly description = null;
}

export class LocationView extends HasMetafields {
  readonly __typename = "Location";
  constructor(
    private readonly r: LocationRecord,
    c: AdminContext,
  ) {
    super(c);
  }
  get id() {
    return gid("Location", this.r.id);
  }
  get legacyResourceId() {
    return String(this.r.id);
  }
  get name() {
    return this.r.name;
  }
  get isActive() {
    return this.r.isActive;
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  get address() {
    const a = this.r.address;
    const lines = a
      ? [a.address1, a.address2, `${a.city} ${a.provinceCode} ${a.zip}`, a.country].filter(Boolean)
      : [];
    return {
      address1: a?.address1 ?? null,
      address2: a?.address2 ?? null,
      city: a?.city ?? null,
      province: a?.province ?? null,
      provinceCode: a?.provinceCode ?? null,
      country: a?.country ?? null,
      countryCode: a?.countryCode ?? null,
      zip: a?.zip ?? null,
      phone: a?.phone ?? null,
      latitude: null,
      longitude: null,
      formatted: lines,
    };
  }
  readonly activatable = false;
  readonly deactivatable = true;
  readonly deletable = false;
  readonly deactivatedAt = null;
  readonly addressVerified = true;
  readonly fulfillsOnlineOrders = true;
  readonly hasActiveInventory = true;
  readonly shipsInventory = true;
  readonly isFulfillmentService = false;
  readonly fulfillmentService = null;
  inventoryLevel(args: Args) {
    const p = parseGid(String(args.inventoryItemId));
    const item = p?.type === "InventoryItem" ? this.c.s.inventoryItems.get(p.id) : undefined;
    const level = item?.levels.get(this.r.id);
    return level ? new InventoryLevelView(level, this.c) : null;
  }
  inventoryLevels(args: Args) {
    const levels = this.c.s.inventoryItemList.flatMap((item) => {
      const level = item.levels.get(this.r.id);
      return level ? [level] : [];
    });
    return connection(
      levels,
      connArgs(args),
      (l) => [l.inventoryItemId, l.inventoryItemId],
      (l) => new InventoryLevelView(l, this.c),
    );
  }
}

export class ProductView extends HasMetafields {
  readonly __typename = "Product";
  constructor(
    private readonly r: ProductRecord,
    c: AdminContext,
  ) {
    super(c);
  }
  private get variantRecords(): VariantRecord[] {
    return this.r.variantIds.map((id) => this.c.s.variants.get(id)!);
  }
  get id() {
    return gid("Product", this.r.id);
  }
  get legacyResourceId() {
    return String(this.r.id);
  }
  get title() {
    return this.r.title;
  }
  get handle() {
    return this.r.handle;
  }
  get vendor() {
    return this.r.vendor;
  }
  get productType() {
    return this.r.productType;
  }
  get tags() {
    return this.r.tags;
  }
  get status() {
    return this.r.status;
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  get publishedAt() {
    return dateTime(this.r.createdAt);
  }
  readonly description = "";
  readonly descriptionHtml = "";
  readonly isGiftCard = false;
  readonly requiresSellingPlan = false;
  readonly templateSuffix = null;
  readonly onlineStoreUrl = null;
  readonly featuredMedia = null;
  readonly hasVariantsThatRequiresComponents = false;
  get totalInventory() {
    return this.variantRecords.reduce((n, v) => n + this.c.s.inventoryQuantity(v), 0);
  }
  get tracksInventory() {
    return this.variantRecords.some((v) => this.c.s.itemOf(v).tracked);
  }
  get hasOnlyDefaultVariant() {
    return this.r.variantIds.length === 1 && this.variantRecords[0]!.title === "Default Title";
  }
  get hasOutOfStockVariants() {
    return this.variantRecords.some((v) => this.c.s.itemOf(v).tracked && this.c.s.inventoryQuantity(v) <= 0);
  }
  get variantsCount() {
    return count(this.r.variantIds.length);
  }
  variants(args: Args) {
    return listConnection(this.variantRecords, connArgs(args), (v) => new VariantView(v, this.c));
  }
  options() {
    const values = this.variantRecords.map((v) => v.title);
    return [
      {
        id: gid("ProductOption", this.r.id),
        name: "Title",
        position: 1,
        values,
        optionValues: values.map((name, i) => ({
          id: gid("ProductOptionValue", this.r.variantIds[i]!),
          name,
          hasVariants: true,
        })),
      },
    ];
  }
  get priceRangeV2() {
    const cents = this.variantRecords.map((v) => toCents(v.price));
    const currency = this.c.s.shop.currency;
    return {
      minVariantPrice: moneyV2(Math.min(...cents), currency),
      maxVariantPrice: moneyV2(Math.max(...cents), currency),
    };
  }
}

export class VariantView extends HasMetafields {
  readonly __typename = "ProductVariant";
  constructor(
    private readonly r: VariantRecord,
    c: AdminContext,
  ) {
    super(c);
  }
  get id() {
    return gid("ProductVariant", this.r.id);
  }
  get legacyResourceId() {
    return String(this.r.id);
  }
  get title() {
    return this.r.title;
  }
  get displayName() {
    return `${this.c.s.products.get(this.r.productId)!.title} - ${this.r.title}`;
  }
  get sku() {
    return this.r.sku;
  }
  get barcode() {
    return this.r.barcode;
  }
  get price() {
    return this.r.price;
  }
  get compareAtPrice() {
    return this.r.compareAtPrice;
  }
  get inventoryPolicy() {
    return this.r.inventoryPolicy;
  }
  get inventoryQuantity() {
    return this.c.s.inventoryQuantity(this.r);
  }
  get sellableOnlineQuantity() {
    return Math.max(0, this.c.s.inventoryQuantity(this.r));
  }
  get availableForSale() {
    return (
      this.r.inventoryPolicy === "CONTINUE" ||
      !this.c.s.itemOf(this.r).tracked ||
      this.c.s.inventoryQuantity(this.r) > 0
    );
  }
  get position() {
    return this.r.position;
  }
  get taxable() {
    return this.r.taxable;
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  get selectedOptions() {
    return [
      {
        name: "Title",
        value: this.r.title,
        optionValue: { id: gid("ProductOptionValue", this.r.id), name: this.r.title, hasVariants: true },
      },
    ];
  }
  get defaultCursor() {
    return Buffer.from(JSON.stringify({ last_id: this.r.id, last_value: this.r.id })).toString("base64");
  }
  readonly requiresComponents = false;
  readonly image = null;
  readonly taxCode = null;
  get product() {
    return new ProductView(this.c.s.products.get(this.r.productId)!, this.c);
  }
  get inventoryItem() {
    return new InventoryItemView(this.c.s.itemOf(this.r), this.c);
  }
}

export class InventoryItemView {
  readonly __typename = "InventoryItem";
  constructor(
    private readonly r: InventoryItemRecord,
    private readonly c: AdminContext,
  ) {}
  get id() {
    return gid("InventoryItem", this.r.id);
  }
  get legacyResourceId() {
    return String(this.r.id);
  }
  get sku() {
    return this.r.sku;
  }
  get tracked() {
    return this.r.tracked;
  }
  get requiresShipping() {
    return this.r.requiresShipping;
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  get unitCost() {
    return this.r.cost === null ? null : moneyV2(toCents(this.r.cost), this.c.s.shop.currency);
  }
  get countryCodeOfOrigin() {
    return this.r.countryCodeOfOrigin;
  }
  get harmonizedSystemCode() {
    return this.r.harmonizedSystemCode;
  }
  readonly provinceCodeOfOrigin = null;
  readonly inventoryHistoryUrl = null;
  get trackedEditable() {
    return { locked: false, reason: null };
  }
  get measurement() {
    return { id: gid("InventoryItemMeasurement", this.r.id), weight: { unit: "POUNDS", value: 0 } };
  }
  get locationsCount() {
    return count(this.r.levels.size);
  }
  get duplicateSkuCount() {
    if (!this.r.sku) return 0;
    return this.c.s.inventoryItemList.filter((i) => i.sku === this.r.sku && i.id !== this.r.id).length;
  }
  get variant() {
    return new VariantView(this.c.s.variants.get(this.r.variantId)!, this.c);
  }
  inventoryLevel(args: Args) {
    const p = parseGid(String(args.locationId));
    const level = p?.type === "Location" ? this.r.levels.get(p.id) : undefined;
    return level ? new InventoryLevelView(level, this.c) : null;
  }
  inventoryLevels(args: Args) {
    return connection(
      [...this.r.levels.values()],
      connArgs(args),
      (l) => [l.locationId, l.locationId],
      (l) => new InventoryLevelView(l, this.c),
    );
  }
}

export function inventoryLevelGid(level: InventoryLevelRecord): string {
  return gid("InventoryLevel", level.locationId, { inventory_item_id: level.inventoryItemId });
}

const QUANTITY_NAME_SET = new Set<string>(QUANTITY_NAMES);

export class InventoryLevelView {
  readonly __typename = "InventoryLevel";
  constructor(
    private readonly r: InventoryLevelRecord,
    private readonly c: AdminContext,
  ) {}
  get id() {
    return inventoryLevelGid(this.r);
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  readonly canDeactivate = true;
  readonly deactivationAlert = null;
  get item() {
    return new InventoryItemView(this.c.s.inventoryItems.get(this.r.inventoryItemId)!, this.c);
  }
  get location() {
    return new LocationView(this.c.s.locations.get(this.r.locationId)!, this.c);
  }
  quantities(args: Args) {
    const names = args.names as string[];
    const invalid = names.filter((n) => !QUANTITY_NAME_SET.has(n));
    if (invalid.length > 0) {
      throw new GraphQLError(
        `The quantity names ${invalid.join(", ")} are invalid. Valid values are: ${QUANTITY_NAMES.join(", ")}.`,
        { extensions: { code: "BAD_REQUEST" } },
      );
    }
    return names.map((name) => ({
      id: gid("InventoryQuantity", this.r.locationId, { inventory_item_id: this.r.inventoryItemId, name }),
      name,
      quantity: this.c.s.quantity(this.r, name),
      updatedAt: dateTime(
        name === "on_hand"
          ? this.r.updatedAt
          : (this.r.quantityUpdatedAt[name as keyof InventoryLevelRecord["quantityUpdatedAt"]] ??
              this.r.createdAt),
      ),
    }));
  }
  scheduledChanges(args: Args) {
    const key = `${this.r.inventoryItemId}:${this.r.locationId}`;
    const pending = (this.c.s.incomingByLevel.get(key) ?? []).filter((i) => i.status === "pending");
    return listConnection(pending, connArgs(args), (i) => scheduledChange(i, this));
  }
}

function scheduledChange(i: IncomingRecord, level: InventoryLevelView) {
  return {
    expectedAt: /^\d{4}-\d{2}-\d{2}$/.test(i.expectedAt)
      ? `${i.expectedAt}T00:00:00Z`
      : dateTime(new Date(i.expectedAt)),
    fromName: "incoming",
    toName: "available",
    quantity: i.quantity,
    ledgerDocumentUri: gid("InventoryScheduledChange", i.id),
    inventoryLevel: level,
  };
}

function mailingAddress(a: AddressRecord | null) {
  if (!a) return null;
  const name = [a.firstName, a.lastName].filter(Boolean).join(" ") || null;
  return {
    __typename: "MailingAddress",
    id: gid("MailingAddress", a.id, { model_name: "Address" }),
    firstName: a.firstName,
    lastName: a.lastName,
    name,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    provinceCode: a.provinceCode,
    country: a.country,
    countryCodeV2: a.countryCode,
    zip: a.zip,
    phone: a.phone,
    latitude: null,
    longitude: null,
    coordinatesValidated: false,
    timeZone: null,
    formattedArea: [a.city, a.province, a.country].filter(Boolean).join(", "),
    formatted: (args: Args) =>
      [
        args.withName ? name : null,
        args.withCompany ? a.company : null,
        a.address1,
        a.address2,
        `${a.city} ${a.provinceCode} ${a.zip}`,
        a.country,
      ].filter((x): x is string => typeof x === "string" && x.length > 0),
  };
}

export class CustomerView extends HasMetafields {
  readonly __typename = "Customer";
  constructor(
    private readonly r: CustomerRecord,
    c: AdminContext,
  ) {
    super(c);
  }
  private get orderRecords(): OrderRecord[] {
    return (this.c.s.ordersByCustomer.get(this.r.id) ?? []).map((id) => this.c.s.orders.get(id)!);
  }
  get id() {
    return gid("Customer", this.r.id);
  }
  get legacyResourceId() {
    return String(this.r.id);
  }
  get firstName() {
    return this.r.firstName;
  }
  get lastName() {
    return this.r.lastName;
  }
  get displayName() {
    return [this.r.firstName, this.r.lastName].filter(Boolean).join(" ") || this.r.email;
  }
  get email() {
    return this.r.email;
  }
  get phone() {
    return this.r.phone;
  }
  get tags() {
    return this.r.tags;
  }
  get state() {
    return this.r.state;
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  readonly verifiedEmail = true;
  readonly taxExempt = false;
  readonly taxExemptions = [];
  readonly note = null;
  readonly locale = "en";
  readonly multipassIdentifier = null;
  readonly dataSaleOptOut = false;
  get canDelete() {
    return this.orderRecords.length === 0;
  }
  get numberOfOrders() {
    return String(this.orderRecords.length);
  }
  get amountSpent() {
    const cents = this.orderRecords.reduce((n, o) => n + orderTotals(this.c.s, o).currentSubtotalCents, 0);
    return moneyV2(cents, this.c.s.shop.currency);
  }
  get lastOrder() {
    const last = this.orderRecords[this.orderRecords.length - 1];
    return last ? new OrderView(last, this.c) : null;
  }
  get defaultAddress() {
    return mailingAddress(this.r.defaultAddress);
  }
  addresses() {
    return this.r.defaultAddress ? [mailingAddress(this.r.defaultAddress)] : [];
  }
  orders(args: Args) {
    return listConnection(this.orderRecords, connArgs(args), (o) => new OrderView(o, this.c));
  }
}

const CHANNEL_APPS = {
  online_store: { id: 580111, name: "Online Store" },
  pos: { id: 129785, name: "Point of Sale" },
  draft_order: { id: 1354745, name: "Draft Orders" },
} as const;

export function displayFulfillmentStatus(s: ShopState, order: OrderRecord): string {
  let fulfilled = 0;
  let unfulfilled = 0;
  for (const line of s.lineItemsOf(order)) {
    fulfilled += line.fulfilledQuantity;
    unfulfilled += s.unfulfilledQuantity(line);
  }
  if (fulfilled > 0) return unfulfilled === 0 ? "FULFILLED" : "PARTIALLY_FULFILLED";
  const open = s.fulfillmentOrdersOf(order).filter((fo) => fo.lineItems.some((l) => l.remainingQuantity > 0));
  if (open.length > 0 && open.every((fo) => fo.status === "ON_HOLD")) return "ON_HOLD";
  return "UNFULFILLED";
}

export class OrderView extends HasMetafields {
  readonly __typename = "Order";
  constructor(
    private readonly r: OrderRecord,
    c: AdminContext,
  ) {
    super(c);
  }
  private get currency() {
    return this.r.currency;
  }
  private get totals() {
    return orderTotals(this.c.s, this.r);
  }
  private get lines() {
    return this.c.s.lineItemsOf(this.r);
  }
  get id() {
    return gid("Order", this.r.id);
  }
  get legacyResourceId() {
    return String(this.r.id);
  }
  get name() {
    return this.r.name;
  }
  get email() {
    return this.r.email;
  }
  readonly phone = null;
  readonly poNumber = null;
  readonly clientIp = null;
  readonly discountCode = null;
  readonly discountCodes = [];
  readonly shippingLine = null;
  readonly sourceIdentifier = null;
  readonly registeredSourceUrl = null;
  readonly customerLocale = "en";
  readonly customerAcceptsMarketing = false;
  readonly confirmed = true;
  readonly test = false;
  readonly taxesIncluded = false;
  readonly taxExempt = false;
  readonly dutiesIncluded = false;
  readonly estimatedTaxes = false;
  readonly canMarkAsPaid = false;
  readonly capturable = false;
  readonly hasTimelineComment = false;
  readonly returnStatus = "NO_RETURN";
  readonly taxLines = [];
  readonly currentTaxLines = [];
  readonly totalWeight = "0";
  readonly currentTotalWeight = "0";
  get confirmationNumber() {
    return this.r.token.slice(0, 9).toUpperCase();
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  get processedAt() {
    return dateTime(this.r.processedAt);
  }
  get cancelledAt() {
    return dateTime(this.r.cancelledAt);
  }
  get cancelReason() {
    return this.r.cancelReason?.toUpperCase() ?? null;
  }
  get closed() {
    return this.r.closedAt !== null;
  }
  get closedAt() {
    return dateTime(this.r.closedAt);
  }
  get tags() {
    return this.r.tags;
  }
  get note() {
    return this.r.note;
  }
  get customAttributes() {
    return this.r.noteAttributes.map((a) => ({ key: a.name, value: a.value }));
  }
  get sourceName() {
    return this.r.sourceName;
  }
  get app() {
    const app = CHANNEL_APPS[this.r.channel];
    return {
      id: gid("App", app.id),
      name: app.name,
      icon: {
        id: null,
        url: "https://cdn.shopify.com/s/images/admin/app-icon.png",
        altText: null,
        width: null,
        height: null,
      },
    };
  }
  get retailLocation() {
    return this.r.locationId === null
      ? null
      : new LocationView(this.c.s.locations.get(this.r.locationId)!, this.c);
  }
  get paymentGatewayNames() {
    return this.r.channel === "pos" ? ["cash"] : this.r.channel === "draft_order" ? ["manual"] : ["bogus"];
  }
  get statusPageUrl() {
    return `https://${this.c.s.shop.domain}/${this.c.s.shop.id}/orders/${this.r.token}/authenticate?key=${this.r.token.slice(0, 16)}`;
  }
  get customer() {
    const c = this.r.customerId === null ? undefined : this.c.s.customers.get(this.r.customerId);
    return c ? new CustomerView(c, this.c) : null;
  }
  get shippingAddress() {
    return mailingAddress(this.r.shippingAddress);
  }
  get billingAddress() {
    return mailingAddress(this.r.billingAddress);
  }
  get displayAddress() {
    return mailingAddress(this.r.billingAddress ?? this.r.shippingAddress);
  }
  get billingAddressMatchesShippingAddress() {
    return true;
  }
  get currencyCode() {
    return this.currency;
  }
  get presentmentCurrencyCode() {
    return this.currency;
  }
  get displayFinancialStatus() {
    return this.r.financialStatus.toUpperCase();
  }
  get displayFulfillmentStatus() {
    return displayFulfillmentStatus(this.c.s, this.r);
  }
  get fulfillable() {
    return this.r.cancelledAt === null && this.lines.some((l) => this.c.s.unfulfilledQuantity(l) > 0);
  }
  get unpaid() {
    return this.r.financialStatus === "pending";
  }
  get fullyPaid() {
    return this.r.financialStatus !== "pending";
  }
  get edited() {
    return this.r.editIds.length > 0;
  }
  get merchantEditable() {
    return this.r.cancelledAt === null;
  }
  get merchantEditableErrors() {
    return this.r.cancelledAt === null ? [] : ["Cancelled orders can't be edited."];
  }
  get requiresShipping() {
    return this.lines.some((l) => l.requiresShipping);
  }
  get restockable() {
    return this.lines.some((l) => l.currentQuantity > 0 && l.tracked);
  }
  get refundable() {
    return this.r.financialStatus !== "refunded" && this.r.financialStatus !== "voided";
  }
  get subtotalLineItemsQuantity() {
    return this.lines.reduce((n, l) => n + l.quantity, 0);
  }
  get currentSubtotalLineItemsQuantity() {
    return this.lines.reduce((n, l) => n + l.currentQuantity, 0);
  }
  get subtotalPriceSet() {
    return moneyBag(this.totals.lineItemsCents, this.currency);
  }
  get currentSubtotalPriceSet() {
    return moneyBag(this.totals.currentSubtotalCents, this.currency);
  }
  get totalPriceSet() {
    return moneyBag(this.totals.lineItemsCents, this.currency);
  }
  get originalTotalPriceSet() {
    return moneyBag(this.totals.lineItemsCents, this.currency);
  }
  get currentTotalPriceSet() {
    return moneyBag(this.totals.currentSubtotalCents, this.currency);
  }
  get totalReceivedSet() {
    return moneyBag(this.r.financialStatus === "voided" ? 0 : this.totals.lineItemsCents, this.currency);
  }
  get netPaymentSet() {
    return moneyBag(this.totals.lineItemsCents - this.totals.refundedCents, this.currency);
  }
  get totalRefundedSet() {
    return moneyBag(this.totals.refundedCents, this.currency);
  }
  get totalOutstandingSet() {
    return moneyBag(0, this.currency);
  }
  get totalDiscountsSet() {
    return moneyBag(0, this.currency);
  }
  get currentTotalDiscountsSet() {
    return moneyBag(0, this.currency);
  }
  get totalTaxSet() {
    return moneyBag(0, this.currency);
  }
  get currentTotalTaxSet() {
    return moneyBag(0, this.currency);
  }
  get totalShippingPriceSet() {
    return moneyBag(0, this.currency);
  }
  get currentShippingPriceSet() {
    return moneyBag(0, this.currency);
  }
  get totalTipReceivedSet() {
    return moneyBag(0, this.currency);
  }
  get totalCapturableSet() {
    return moneyBag(0, this.currency);
  }
  get currentCartDiscountAmountSet() {
    return moneyBag(0, this.currency);
  }
  lineItems(args: Args) {
    return listConnection(this.lines, connArgs(args), (l) => new LineItemView(l, this.c));
  }
  nonFulfillableLineItems(args: Args) {
    return listConnection(
      this.lines,
      connArgs(args),
      (l) => new LineItemView(l, this.c),
      (l) => this.c.s.unfulfilledQuantity(l) === 0,
    );
  }
  fulfillmentOrders(args: Args) {
    const fos = this.c.s.fulfillmentOrdersOf(this.r);
    // `displayable: true` hides fulfillment orders that ended without shipping anything (cancelled, fully refunded).
    const displayable =
      args.displayable === true
        ? (fo: FulfillmentOrderRecord) =>
            fo.lineItems.some((l) => l.totalQuantity > 0) && fo.status !== "CANCELLED"
        : undefined;
    const status =
      typeof args.query === "string" ? /status:(\w+)/.exec(args.query)?.[1]?.toUpperCase() : undefined;
    const filter = (fo: FulfillmentOrderRecord) =>
      (!displayable || displayable(fo)) && (!status || fo.status === status);
    return listConnection(fos, connArgs(args), (fo) => new FulfillmentOrderView(fo, this.c), filter);
  }
  fulfillments(args: Args) {
    const all = this.r.fulfillmentIds.map(
      (id) => new FulfillmentView(this.c.s.fulfillments.get(id)!, this.c),
    );
    return typeof args.first === "number" ? all.slice(0, args.first) : all;
  }
  get fulfillmentsCount() {
    return count(this.r.fulfillmentIds.length);
  }
  refunds(args: Args) {
    const all = this.r.refundIds.map((id) => new RefundView(this.c.s.refunds.get(id)!, this.c));
    return typeof args.first === "number" ? all.slice(0, args.first) : all;
  }
}

export class LineItemView {
  readonly __typename = "LineItem";
  constructor(
    private readonly r: LineItemRecord,
    private readonly c: AdminContext,
  ) {}
  private get currency() {
    return this.c.s.shop.currency;
  }
  private get unit() {
    return toCents(this.r.price);
  }
  get id() {
    return gid("LineItem", this.r.id);
  }
  get name() {
    return this.r.variantTitle ? `${this.r.title} - ${this.r.variantTitle}` : this.r.title;
  }
  get title() {
    return this.r.title;
  }
  get variantTitle() {
    return this.r.variantTitle;
  }
  get sku() {
    return this.r.sku;
  }
  get vendor() {
    return this.r.vendor;
  }
  get quantity() {
    return this.r.quantity;
  }
  get currentQuantity() {
    return this.r.currentQuantity;
  }
  get unfulfilledQuantity() {
    return this.c.s.unfulfilledQuantity(this.r);
  }
  get nonFulfillableQuantity() {
    return this.r.currentQuantity - this.c.s.unfulfilledQuantity(this.r);
  }
  get refundableQuantity() {
    return this.r.currentQuantity;
  }
  get restockable() {
    return this.r.tracked && this.r.currentQuantity > 0;
  }
  get merchantEditable() {
    return this.c.s.orders.get(this.r.orderId)!.cancelledAt === null;
  }
  get requiresShipping() {
    return this.r.requiresShipping;
  }
  get taxable() {
    return this.r.taxable;
  }
  readonly isGiftCard = false;
  readonly discountAllocations = [];
  readonly duties = [];
  readonly image = null;
  readonly lineItemGroup = null;
  readonly sellingPlan = null;
  readonly staffMember = null;
  readonly contract = null;
  taxLines() {
    return [];
  }
  get customAttributes() {
    return this.r.properties.map((p) => ({ key: p.name, value: p.value }));
  }
  get variant() {
    const v = this.r.variantId === null ? undefined : this.c.s.variants.get(this.r.variantId);
    return v ? new VariantView(v, this.c) : null;
  }
  get product() {
    const p = this.r.productId === null ? undefined : this.c.s.products.get(this.r.productId);
    return p ? new ProductView(p, this.c) : null;
  }
  get originalUnitPriceSet() {
    return moneyBag(this.unit, this.currency);
  }
  get discountedUnitPriceSet() {
    return moneyBag(this.unit, this.currency);
  }
  get discountedUnitPriceAfterAllDiscountsSet() {
    return moneyBag(this.unit, this.currency);
  }
  get originalTotalSet() {
    return moneyBag(this.unit * this.r.quantity, this.currency);
  }
  discountedTotalSet() {
    return moneyBag(this.unit * this.r.quantity, this.currency);
  }
  get totalDiscountSet() {
    return moneyBag(0, this.currency);
  }
  get unfulfilledOriginalTotalSet() {
    return moneyBag(this.unit * this.c.s.unfulfilledQuantity(this.r), this.currency);
  }
  get unfulfilledDiscountedTotalSet() {
    return moneyBag(this.unit * this.c.s.unfulfilledQuantity(this.r), this.currency);
  }
}

const HOLD_DISPLAY: Record<string, string> = {
  AWAITING_PAYMENT: "Awaiting payment",
  AWAITING_RETURN_ITEMS: "Awaiting return items",
  HIGH_RISK_OF_FRAUD: "High risk of fraud",
  INCORRECT_ADDRESS: "Incorrect address",
  INVENTORY_OUT_OF_STOCK: "Inventory out of stock",
  ONLINE_STORE_POST_PURCHASE_CROSS_SELL: "Online store post purchase cross sell",
  OTHER: "Other",
  UNKNOWN_DELIVERY_DATE: "Unknown delivery date",
};

export class FulfillmentHoldView {
  readonly __typename = "FulfillmentHold";
  constructor(
    private readonly r: FulfillmentHoldRecord,
    private readonly c: AdminContext,
  ) {}
  get id() {
    return gid("FulfillmentHold", this.r.id);
  }
  get handle() {
    return this.r.handle;
  }
  get reason() {
    return this.r.reason;
  }
  get reasonNotes() {
    return this.r.reasonNotes;
  }
  get displayReason() {
    return HOLD_DISPLAY[this.r.reason] ?? this.r.reason;
  }
  get heldByRequestingApp() {
    return this.r.heldByApiKey !== null && this.r.heldByApiKey === this.c.apiKey;
  }
  get heldByApp() {
    if (this.r.heldByApiKey === null) return null;
    return new AppView(this.c.store.app(this.r.heldByApiKey), this.c);
  }
}

export class FulfillmentOrderView {
  readonly __typename = "FulfillmentOrder";
  constructor(
    private readonly r: FulfillmentOrderRecord,
    private readonly c: AdminContext,
  ) {}
  private get orderRecord() {
    return this.c.s.orders.get(this.r.orderId)!;
  }
  get id() {
    return gid("FulfillmentOrder", this.r.id);
  }
  get status() {
    return this.r.status;
  }
  readonly requestStatus = "UNSUBMITTED";
  readonly fulfillBy = null;
  readonly channelId = null;
  readonly internationalDuties = null;
  readonly deliveryMethod = null;
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  get fulfillAt() {
    return dateTime(this.r.createdAt);
  }
  get orderId() {
    return gid("Order", this.r.orderId);
  }
  get orderName() {
    return this.orderRecord.name;
  }
  get orderProcessedAt() {
    return dateTime(this.orderRecord.processedAt);
  }
  get order() {
    return new OrderView(this.orderRecord, this.c);
  }
  get assignedLocation() {
    const loc = this.c.s.locations.get(this.r.locationId)!;
    const a = loc.address;
    return {
      name: loc.name,
      location: new LocationView(loc, this.c),
      address1: a?.address1 ?? null,
      address2: a?.address2 ?? null,
      city: a?.city ?? null,
      province: a?.provinceCode ?? null,
      zip: a?.zip ?? null,
      phone: a?.phone ?? null,
      countryCode: a?.countryCode ?? "US",
    };
  }
  get destination() {
    const a = this.orderRecord.shippingAddress;
    if (!a) return null;
    return {
      id: gid("FulfillmentOrderDestination", this.r.id),
      firstName: a.firstName,
      lastName: a.lastName,
      company: a.company,
      address1: a.address1,
      address2: a.address2,
      city: a.city,
      province: a.provinceCode,
      zip: a.zip,
      countryCode: a.countryCode,
      phone: a.phone,
      email: this.orderRecord.email,
      location: null,
    };
  }
  get fulfillmentHolds() {
    return this.r.holds.map((h) => new FulfillmentHoldView(h, this.c));
  }
  get supportedActions() {
    const actions: string[] = [];
    const multiLocation = this.c.s.locationList.length > 1;
    switch (this.r.status) {
      case "OPEN":
        actions.push("CREATE_FULFILLMENT", "HOLD", "SPLIT");
        if (multiLocation) actions.push("MOVE");
        break;
      case "IN_PROGRESS":
        actions.push("CREATE_FULFILLMENT", "HOLD");
        break;
      case "ON_HOLD":
        actions.push("RELEASE_HOLD", "HOLD");
        if (multiLocation) actions.push("MOVE");
        break;
      default:
        break;
    }
    return actions.map((action) => ({ action, externalUrl: null }));
  }
  lineItems(args: Args) {
    return listConnection(
      this.r.lineItems,
      connArgs(args),
      (l) => new FulfillmentOrderLineItemView(l, this.c),
      (l) => l.totalQuantity > 0,
    );
  }
  fulfillments(args: Args) {
    const list = this.orderRecord.fulfillmentIds
      .map((id) => this.c.s.fulfillments.get(id)!)
      .filter((f) =>
        f.lines.some((l) => this.r.lineItems.some((fol) => fol.id === l.fulfillmentOrderLineItemId)),
      );
    return listConnection(list, connArgs(args), (f) => new FulfillmentView(f, this.c));
  }
}

export class FulfillmentOrderLineItemView {
  readonly __typename = "FulfillmentOrderLineItem";
  constructor(
    private readonly r: FulfillmentOrderLineItemRecord,
    private readonly c: AdminContext,
  ) {}
  private get line() {
    return this.c.s.lineItems.get(this.r.lineItemId)!;
  }
  get id() {
    return gid("FulfillmentOrderLineItem", this.r.id);
  }
  get totalQuantity() {
    return this.r.totalQuantity;
  }
  get remainingQuantity() {
    return this.r.remainingQuantity;
  }
  get lineItem() {
    return new LineItemView(this.line, this.c);
  }
  get sku() {
    return this.line.sku;
  }
  get productTitle() {
    return this.line.title;
  }
  get variantTitle() {
    return this.line.variantTitle;
  }
  get vendor() {
    return this.line.vendor;
  }
  get requiresShipping() {
    return this.line.requiresShipping;
  }
  get variant() {
    const v = this.line.variantId === null ? undefined : this.c.s.variants.get(this.line.variantId);
    return v ? new VariantView(v, this.c) : null;
  }
  get inventoryItemId() {
    const v = this.line.variantId === null ? undefined : this.c.s.variants.get(this.line.variantId);
    return v ? gid("InventoryItem", v.inventoryItemId) : null;
  }
  readonly warnings = [];
  readonly image = null;
  readonly weight = null;
}

export class FulfillmentView {
  readonly __typename = "Fulfillment";
  constructor(
    private readonly r: FulfillmentRecord,
    private readonly c: AdminContext,
  ) {}
  get id() {
    return gid("Fulfillment", this.r.id);
  }
  get legacyResourceId() {
    return String(this.r.id);
  }
  get name() {
    const order = this.c.s.orders.get(this.r.orderId)!;
    return `${order.name}.${order.fulfillmentIds.indexOf(this.r.id) + 1}`;
  }
  get status() {
    return this.r.status;
  }
  get displayStatus() {
    return this.r.status === "SUCCESS" ? "FULFILLED" : "CANCELED";
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  readonly deliveredAt = null;
  readonly inTransitAt = null;
  readonly estimatedDeliveryAt = null;
  readonly requiresShipping = true;
  get totalQuantity() {
    return this.r.lines.reduce((n, l) => n + l.quantity, 0);
  }
  get order() {
    return new OrderView(this.c.s.orders.get(this.r.orderId)!, this.c);
  }
  get location() {
    return new LocationView(this.c.s.locations.get(this.r.locationId)!, this.c);
  }
  trackingInfo() {
    if (!this.r.trackingNumber && !this.r.trackingUrl) return [];
    return [{ company: this.r.trackingCompany, number: this.r.trackingNumber, url: this.r.trackingUrl }];
  }
  fulfillmentLineItems(args: Args) {
    const currency = this.c.s.shop.currency;
    const items = this.r.lines.map((l, i) => ({
      id: this.r.id * 100 + i,
      line: this.c.s.lineItems.get(l.lineItemId)!,
      quantity: l.quantity,
    }));
    return listConnection(items, connArgs(args), (x) => ({
      id: gid("FulfillmentLineItem", x.id),
      quantity: x.quantity,
      lineItem: new LineItemView(x.line, this.c),
      originalTotalSet: moneyBag(toCents(x.line.price) * x.quantity, currency),
      discountedTotalSet: moneyBag(toCents(x.line.price) * x.quantity, currency),
    }));
  }
  fulfillmentOrders(args: Args) {
    const ids = [
      ...new Set(
        this.r.lines.map(
          (l) =>
            this.c.s.foLineItems.get(l.fulfillmentOrderLineItemId)?.fulfillmentOrderId ??
            this.r.fulfillmentOrderId,
        ),
      ),
    ].sort((a, b) => a - b);
    return listConnection(
      ids.map((id) => this.c.s.fulfillmentOrders.get(id)!),
      connArgs(args),
      (fo) => new FulfillmentOrderView(fo, this.c),
    );
  }
}

export class RefundView {
  readonly __typename = "Refund";
  constructor(
    private readonly r: RefundRecord,
    private readonly c: AdminContext,
  ) {}
  get id() {
    return gid("Refund", this.r.id);
  }
  get legacyResourceId() {
    return String(this.r.id);
  }
  get note() {
    return this.r.note;
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.createdAt);
  }
  readonly duties = [];
  readonly return = null;
  readonly staffMember = null;
  get order() {
    return new OrderView(this.c.s.orders.get(this.r.orderId)!, this.c);
  }
  get totalRefundedSet() {
    return moneyBag(toCents(this.r.amount), this.c.s.shop.currency);
  }
  refundLineItems(args: Args) {
    const currency = this.c.s.shop.currency;
    return listConnection(this.r.lines, connArgs(args), (l) => {
      const line = this.c.s.lineItems.get(l.lineItemId)!;
      return {
        id: gid("RefundLineItem", l.id),
        quantity: l.quantity,
        restockType: l.restockType,
        restocked: l.restockType !== "NO_RESTOCK",
        lineItem: new LineItemView(line, this.c),
        location:
          l.locationId === null ? null : new LocationView(this.c.s.locations.get(l.locationId)!, this.c),
        priceSet: moneyBag(toCents(line.price), currency),
        subtotalSet: moneyBag(toCents(l.subtotal), currency),
        totalTaxSet: moneyBag(0, currency),
      };
    });
  }
  transactions(args: Args) {
    return listConnection([], connArgs(args), (x) => x);
  }
  refundShippingLines(args: Args) {
    return listConnection([], connArgs(args), (x) => x);
  }
  orderAdjustments(args: Args) {
    return listConnection([], connArgs(args), (x) => x);
  }
}

/** A CalculatedOrder: the order as it would be if the staged edit were committed. */
export class CalculatedOrderView {
  readonly __typename = "CalculatedOrder";
  constructor(
    private readonly e: OrderEditRecord,
    private readonly c: AdminContext,
  ) {}
  private get order() {
    return this.c.s.orders.get(this.e.orderId)!;
  }
  private get calculatedLines(): CalculatedLineItemView[] {
    const existing = this.c.s.lineItemsOf(this.order).map((l) => {
      const change = this.e.quantityChanges.get(l.id);
      return new CalculatedLineItemView(
        this.c,
        l.id,
        l,
        null,
        change ? change.quantity : l.currentQuantity,
        change?.restock ?? false,
      );
    });
    const added = this.e.additions
      .filter((a) => a.quantity > 0)
      .map(
        (a) =>
          new CalculatedLineItemView(
            this.c,
            a.calculatedLineItemId,
            null,
            this.c.s.variants.get(a.variantId)!,
            a.quantity,
            false,
          ),
      );
    return [...existing, ...added];
  }
  get id() {
    return gid("CalculatedOrder", this.e.id);
  }
  get originalOrder() {
    return new OrderView(this.order, this.c);
  }
  lineItems(args: Args) {
    return connection(
      this.calculatedLines,
      connArgs(args),
      (l) => [l.numericId, l.numericId],
      (l) => l,
    );
  }
  addedLineItems(args: Args) {
    return connection(
      this.calculatedLines.filter((l) => l.isAddition),
      connArgs(args),
      (l) => [l.numericId, l.numericId],
      (l) => l,
    );
  }
  get subtotalLineItemsQuantity() {
    return this.calculatedLines.reduce((n, l) => n + l.quantity, 0);
  }
  private get subtotalCents() {
    return this.calculatedLines.reduce((n, l) => n + l.unitCents * l.quantity, 0);
  }
  get subtotalPriceSet() {
    return moneyBag(this.subtotalCents, this.order.currency);
  }
  get totalPriceSet() {
    return moneyBag(this.subtotalCents, this.order.currency);
  }
  get totalOutstandingSet() {
    return moneyBag(
      this.subtotalCents - orderTotals(this.c.s, this.order).currentSubtotalCents,
      this.order.currency,
    );
  }
  readonly cartDiscountAmountSet = null;
  readonly taxLines = [];
  readonly shippingLines = [];
  readonly notificationPreviewTitle = "";
  readonly notificationPreviewHtml = null;
}

export class CalculatedLineItemView {
  readonly __typename = "CalculatedLineItem";
  constructor(
    private readonly c: AdminContext,
    readonly numericId: number,
    private readonly line: LineItemRecord | null,
    private readonly addedVariant: VariantRecord | null,
    readonly quantity: number,
    readonly restocking: boolean,
  ) {}
  get isAddition() {
    return this.line === null;
  }
  get unitCents() {
    return toCents(this.line ? this.line.price : this.addedVariant!.price);
  }
  private get variantRecord() {
    if (this.addedVariant) return this.addedVariant;
    return this.line?.variantId == null ? undefined : this.c.s.variants.get(this.line.variantId);
  }
  get id() {
    return gid("CalculatedLineItem", this.numericId);
  }
  get title() {
    return this.line ? this.line.title : this.c.s.products.get(this.addedVariant!.productId)!.title;
  }
  get variantTitle() {
    return this.line ? this.line.variantTitle : this.addedVariant!.title;
  }
  get sku() {
    return this.line ? this.line.sku : this.addedVariant!.sku;
  }
  get variant() {
    const v = this.variantRecord;
    return v ? new VariantView(v, this.c) : null;
  }
  private get fulfilled() {
    return this.line ? this.line.currentQuantity - this.c.s.unfulfilledQuantity(this.line) : 0;
  }
  get editableQuantity() {
    return this.quantity - this.fulfilled;
  }
  get editableQuantityBeforeChanges() {
    return this.line ? this.line.currentQuantity - this.fulfilled : 0;
  }
  get restockable() {
    return this.line !== null && this.line.tracked;
  }
  readonly hasStagedLineItemDiscount = false;
  readonly calculatedDiscountAllocations = [];
  readonly stagedChanges = [];
  readonly image = null;
  get customAttributes() {
    return this.line ? this.line.properties.map((p) => ({ key: p.name, value: p.value })) : [];
  }
  private get currency() {
    return this.c.s.shop.currency;
  }
  get originalUnitPriceSet() {
    return moneyBag(this.unitCents, this.currency);
  }
  get discountedUnitPriceSet() {
    return moneyBag(this.unitCents, this.currency);
  }
  get editableSubtotalSet() {
    return moneyBag(this.unitCents * this.editableQuantity, this.currency);
  }
  get uneditableSubtotalSet() {
    return moneyBag(this.unitCents * this.fulfilled, this.currency);
  }
}

export class AppView {
  readonly __typename = "App";
  constructor(
    private readonly r: AppRecord,
    private readonly c: AdminContext,
  ) {}
  get id() {
    return gid("App", this.r.id);
  }
  get apiKey() {
    return this.r.apiKey;
  }
  get title() {
    return this.r.apiKey;
  }
  get handle() {
    return this.r.apiKey;
  }
  readonly embedded = true;
  readonly developerType = "PARTNER";
  readonly published = false;
  readonly shopifyDeveloped = false;
  readonly webhookApiVersion = "2026-07";
  get installation() {
    const inst = this.c.s.installations.get(this.r.apiKey);
    return inst ? new AppInstallationView(inst, this.c) : null;
  }
}

export class AppInstallationView extends HasMetafields {
  readonly __typename = "AppInstallation";
  constructor(
    private readonly r: InstallationRecord,
    c: AdminContext,
  ) {
    super(c);
  }
  get id() {
    return gid("AppInstallation", this.r.id);
  }
  get app() {
    return new AppView(this.c.store.app(this.r.apiKey), this.c);
  }
  get accessScopes() {
    return this.r.scopes.map((handle) => ({ handle, description: handle.replace(/_/g, " ") }));
  }
  get launchUrl() {
    return `https://${this.c.s.shop.domain}/admin/apps/${this.r.apiKey}`;
  }
  readonly uninstallUrl = null;
  readonly activeSubscriptions = [];
}

export class DiscountCodeNodeView extends HasMetafields {
  readonly __typename = "DiscountCodeNode";
  constructor(
    private readonly r: DiscountRecord,
    c: AdminContext,
  ) {
    super(c);
  }
  get id() {
    return gid("DiscountCodeNode", this.r.id);
  }
  get codeDiscount() {
    const r = this.r;
    const now = this.c.s.now();
    const currency = this.c.s.shop.currency;
    const status = r.startsAt > now ? "SCHEDULED" : r.endsAt && r.endsAt <= now ? "EXPIRED" : "ACTIVE";
    const value =
      "percentage" in r.value
        ? { __typename: "DiscountPercentage", percentage: r.value.percentage }
        : {
            __typename: "DiscountAmount",
            amount: moneyV2(toCents(r.value.amount), currency),
            appliesOnEachItem: r.value.appliesOnEachItem,
          };
    const summary =
      "percentage" in r.value
        ? `${Math.round(r.value.percentage * 100)}% off all items`
        : `${formatCents(toCents(r.value.amount))} ${currency} off all items`;
    return {
      __typename: "DiscountCodeBasic",
      title: r.title,
      status,
      summary,
      shortSummary: summary,
      startsAt: dateTime(r.startsAt),
      endsAt: dateTime(r.endsAt),
      createdAt: dateTime(r.createdAt),
      updatedAt: dateTime(r.updatedAt),
      usageLimit: r.usageLimit,
      appliesOncePerCustomer: r.appliesOncePerCustomer,
      asyncUsageCount: 0,
      recurringCycleLimit: 0,
      hasTimelineComment: false,
      discountClass: "ORDER",
      totalSales: null,
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
      customerSelection: { __typename: "DiscountCustomerAll", allCustomers: true },
      customerGets: {
        value,
        items: { __typename: "AllDiscountItems", allItems: true },
        appliesOnOneTimePurchase: true,
        appliesOnSubscription: false,
      },
      codesCount: count(1),
      codes: (args: Args) =>
        listConnection([{ id: r.id }], connArgs(args), () => ({
          id: gid("DiscountRedeemCode", r.id),
          code: r.code,
          asyncUsageCount: 0,
          createdBy: null,
        })),
    };
  }
}

/** node(id:) / nodes(ids:): any object the dev store keeps, by GID, within the caller's shop. */
export function nodeView(c: AdminContext, id: string): unknown {
  const p = parseGid(id);
  if (!p) return null;
  const s = c.s;
  switch (p.type) {
    case "Shop":
      return p.id === s.shop.id ? new ShopView(c) : null;
    case "Location":
      return map(s.locations.get(p.id), (r) => new LocationView(r, c));
    case "Product":
      return map(s.products.get(p.id), (r) => new ProductView(r, c));
    case "ProductVariant":
      return map(s.variants.get(p.id), (r) => new VariantView(r, c));
    case "InventoryItem":
      return map(s.inventoryItems.get(p.id), (r) => new InventoryItemView(r, c));
    case "InventoryLevel": {
      const itemId = Number(p.params.inventory_item_id);
      return map(s.inventoryItems.get(itemId)?.levels.get(p.id), (r) => new InventoryLevelView(r, c));
    }
    case "Customer":
      return map(s.customers.get(p.id), (r) => new CustomerView(r, c));
    case "Order":
      return map(s.orders.get(p.id), (r) => new OrderView(r, c));
    case "LineItem":
      return map(s.lineItems.get(p.id), (r) => new LineItemView(r, c));
    case "FulfillmentOrder":
      return map(s.fulfillmentOrders.get(p.id), (r) => new FulfillmentOrderView(r, c));
    case "FulfillmentOrderLineItem":
      return map(s.foLineItems.get(p.id), (r) =>
        r.totalQuantity > 0 ? new FulfillmentOrderLineItemView(r, c) : null,
      );
    case "FulfillmentHold":
      return map(s.holds.get(p.id), (r) => new FulfillmentHoldView(r, c));
    case "Fulfillment":
      return map(s.fulfillments.get(p.id), (r) => new FulfillmentView(r, c));
    case "Refund":
      return map(s.refunds.get(p.id), (r) => new RefundView(r, c));
    case "Metafield":
      return map(s.metafields.get(p.id), (r) => new MetafieldView(r, c));
    case "CalculatedOrder":
      return map(s.edits.get(p.id), (r) => new CalculatedOrderView(r, c));
    case "DiscountCodeNode":
      return map(s.discounts.get(p.id), (r) => new DiscountCodeNodeView(r, c));
    case "AppInstallation":
      return map(
        [...s.installations.values()].find((i) => i.id === p.id),
        (r) => new AppInstallationView(r, c),
      );
    case "App": {
      const inst = [...s.installations.values()].find((i) => i.appId === p.id);
      return inst ? new AppView(c.store.app(inst.apiKey), c) : null;
    }
    default:
      return null;
  }
}

function map<T, V>(value: T | undefined, f: (t: T) => V): V | null {
  return value === undefined ? null : f(value);
}
