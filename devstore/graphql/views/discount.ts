import { CustomerView } from "./customer.js";
import { gid } from "../../model/ids.js";
import { formatCents, toCents } from "../../model/money.js";
import type { DiscountRecord } from "../../model/types.js";
import { listConnection } from "../connection.js";
import type { AdminContext } from "../context.js";
import { HasMetafields } from "./metafields.js";
import { type Args, dateTime, moneyV2, count, connArgs } from "./scalars.js";

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
      customerSelection:
        r.customerIds === null
          ? { __typename: "DiscountCustomerAll", allCustomers: true }
          : {
              __typename: "DiscountCustomers",
              customers: r.customerIds.flatMap((id) => {
                const customer = this.c.s.customers.get(id);
                return customer ? [new CustomerView(customer, this.c)] : [];
              }),
            },
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
