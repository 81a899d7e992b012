import { gid } from "../../model/ids.js";
import type { ShopState } from "../../model/shop-state.js";
import type { FulfillmentOrderRecord, OrderRecord } from "../../model/types.js";
import { orderTotals } from "../../rest/order.js";
import { listConnection } from "../connection.js";
import type { AdminContext } from "../context.js";
import { mailingAddress, CustomerView } from "./customer.js";
import { FulfillmentView } from "./fulfillment.js";
import { FulfillmentOrderView } from "./fulfillment-order.js";
import { LineItemView } from "./line-item.js";
import { LocationView } from "./location.js";
import { HasMetafields } from "./metafields.js";
import { RefundView } from "./refund.js";
import { type Args, dateTime, moneyBag, count, connArgs } from "./scalars.js";

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
  get customerLocale() {
    return this.r.customerLocale;
  }
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
  /**
   * The order's payment. The dev store takes no real payments: a paid order shows one successful SALE of its total on
   * Shopify's test gateway ("bogus"), the parent a refundCreate transaction refunds
   * (https://shopify.dev/docs/api/admin-graphql/latest/objects/OrderTransaction); a pending or voided order none.
   */
  transactions(args: Args) {
    if (this.r.financialStatus === "pending" || this.r.financialStatus === "voided") return [];
    const sale = {
      __typename: "OrderTransaction",
      id: gid("OrderTransaction", this.r.id),
      kind: "SALE",
      status: "SUCCESS",
      gateway: "bogus",
      test: true,
      createdAt: dateTime(this.r.createdAt),
      processedAt: dateTime(this.r.createdAt),
      amountSet: moneyBag(this.totals.lineItemsCents, this.currency),
    };
    return typeof args.first === "number" && args.first < 1 ? [] : [sale];
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
