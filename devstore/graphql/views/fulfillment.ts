import { gid } from "../../model/ids.js";
import { toCents } from "../../model/money.js";
import type { FulfillmentRecord } from "../../model/types.js";
import { listConnection } from "../connection.js";
import type { AdminContext } from "../context.js";
import { FulfillmentOrderView } from "./fulfillment-order.js";
import { LineItemView } from "./line-item.js";
import { LocationView } from "./location.js";
import { OrderView } from "./order.js";
import { type Args, dateTime, moneyBag, connArgs } from "./scalars.js";

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
