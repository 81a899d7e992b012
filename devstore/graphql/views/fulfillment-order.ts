import { gid } from "../../model/ids.js";
import type {
  FulfillmentHoldRecord,
  FulfillmentOrderLineItemRecord,
  FulfillmentOrderRecord,
} from "../../model/types.js";
import { listConnection } from "../connection.js";
import type { AdminContext } from "../context.js";
import { FulfillmentView } from "./fulfillment.js";
import { LineItemView } from "./line-item.js";
import { LocationView } from "./location.js";
import { OrderView } from "./order.js";
import { VariantView } from "./product.js";
import { type Args, dateTime, connArgs } from "./scalars.js";
import { AppView } from "./shop.js";

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
