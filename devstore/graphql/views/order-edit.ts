import { gid } from "../../model/ids.js";
import { formatDecimal, toCents } from "../../model/money.js";
import { discountedUnitCents } from "../../model/orders.js";
import type {
  LineDiscountRecord,
  LineItemRecord,
  OrderEditRecord,
  VariantRecord,
} from "../../model/types.js";
import { orderTotals } from "../../rest/order.js";
import { connection } from "../connection.js";
import type { AdminContext } from "../context.js";
import { OrderView } from "./order.js";
import { VariantView } from "./product.js";
import { type Args, moneyBag, connArgs } from "./scalars.js";

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
            a.discount ?? null,
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
    private readonly discount: LineDiscountRecord | null = null,
  ) {}
  get isAddition() {
    return this.line === null;
  }
  private get originalUnitCents() {
    return toCents(this.line ? this.line.price : this.addedVariant!.price);
  }
  /** What one unit costs after the line's discount (staged on an added line, or committed earlier). */
  get unitCents() {
    return this.line
      ? discountedUnitCents(this.line)
      : this.originalUnitCents - (this.discount?.perUnitCents ?? 0);
  }
  /** OrderStagedChangeAddLineItemDiscount of an added line. */
  get stagedDiscount() {
    const d = this.discount;
    if (!d) return null;
    const currency = this.currency;
    return {
      __typename: "OrderStagedChangeAddLineItemDiscount",
      id: gid("OrderStagedChange", d.id),
      description: d.description ?? "",
      value:
        d.value.kind === "fixed"
          ? { __typename: "MoneyV2", amount: formatDecimal(d.value.cents), currencyCode: currency }
          : { __typename: "PricingPercentageValue", percentage: d.value.percent },
    };
  }
  get stagedChanges() {
    return this.stagedDiscount ? [this.stagedDiscount] : [];
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
  get hasStagedLineItemDiscount() {
    return this.discount !== null;
  }
  readonly calculatedDiscountAllocations = [];
  readonly image = null;
  get customAttributes() {
    return this.line ? this.line.properties.map((p) => ({ key: p.name, value: p.value })) : [];
  }
  private get currency() {
    return this.c.s.shop.currency;
  }
  get originalUnitPriceSet() {
    return moneyBag(this.originalUnitCents, this.currency);
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
