import { gid } from "../../model/ids.js";
import { toCents } from "../../model/money.js";
import type { RefundRecord } from "../../model/types.js";
import { listConnection } from "../connection.js";
import type { AdminContext } from "../context.js";
import { LineItemView } from "./line-item.js";
import { LocationView } from "./location.js";
import { OrderView } from "./order.js";
import { type Args, dateTime, moneyBag, connArgs } from "./scalars.js";

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
    const currency = this.c.s.shop.currency;
    return listConnection(this.r.transactions, connArgs(args), (t) => ({
      __typename: "OrderTransaction",
      id: gid("OrderTransaction", t.id),
      kind: t.kind,
      status: "SUCCESS",
      gateway: t.gateway,
      formattedGateway: t.gateway,
      amountSet: moneyBag(toCents(t.amount), currency),
      createdAt: dateTime(t.createdAt),
      processedAt: dateTime(t.createdAt),
      test: false,
      errorCode: null,
      authorizationCode: null,
      manuallyCapturable: false,
      parentTransaction: null,
    }));
  }
  refundShippingLines(args: Args) {
    return listConnection([], connArgs(args), (x) => x);
  }
  orderAdjustments(args: Args) {
    return listConnection([], connArgs(args), (x) => x);
  }
}
