import { gid } from "../../model/ids.js";
import { toCents } from "../../model/money.js";
import { discountedUnitCents } from "../../model/orders.js";
import type { LineItemRecord } from "../../model/types.js";
import type { AdminContext } from "../context.js";
import { ProductView, VariantView } from "./product.js";
import { moneyBag } from "./scalars.js";

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
  /** After the line's own discount (an order edit's); order-level discounts are not modelled. */
  private get paidUnit() {
    return discountedUnitCents(this.r);
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
    return moneyBag(this.paidUnit, this.currency);
  }
  get discountedUnitPriceAfterAllDiscountsSet() {
    return moneyBag(this.paidUnit, this.currency);
  }
  get originalTotalSet() {
    return moneyBag(this.unit * this.r.quantity, this.currency);
  }
  discountedTotalSet() {
    return moneyBag(this.paidUnit * this.r.quantity, this.currency);
  }
  get totalDiscountSet() {
    return moneyBag((this.unit - this.paidUnit) * this.r.quantity, this.currency);
  }
  get unfulfilledOriginalTotalSet() {
    return moneyBag(this.unit * this.c.s.unfulfilledQuantity(this.r), this.currency);
  }
  get unfulfilledDiscountedTotalSet() {
    return moneyBag(this.paidUnit * this.c.s.unfulfilledQuantity(this.r), this.currency);
  }
}
