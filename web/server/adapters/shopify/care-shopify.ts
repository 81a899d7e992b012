import { ShopifyApiError } from "../../errors.js";
import type { CareShopify } from "../../use-cases/customer-care/ports.js";
import { fromCents, toCents } from "../../domain/shared/money.js";
import type { ShopDomain } from "../../use-cases/ports.js";
import { assertNoUserErrors, type AdminClient } from "./admin-client.js";
import {
  CREATE_DISCOUNT,
  EDIT_ADD_VARIANT,
  EDIT_BEGIN,
  EDIT_COMMIT,
  EDIT_DISCOUNT,
  EDIT_SET_QUANTITY,
  ORDER_FOR_REFUND,
  REFUND_UNITS,
  type RefundInput,
} from "./care-operations.js";

/**
 * The self-service page's and the wait incentive's adapter: refunds (and restocks) waiting units, swaps them for a
 * substitute with an order edit, creates single-use discount codes (operations in care-operations.ts).
 */
export function createCareShopify(deps: { client: AdminClient }): CareShopify {
  const { client } = deps;

  async function orderForRefund(shop: ShopDomain, orderId: string) {
    const data = await client.request(shop, ORDER_FOR_REFUND, { id: orderId });
    if (!data.order) throw new ShopifyApiError(`WaitwellOrderForRefund: no order ${orderId}`);
    // The money goes back the way it came: a refund of the successful sale or capture.
    const paid = data.order.transactions.find(
      (t) => (t.kind === "SALE" || t.kind === "CAPTURE") && t.status === "SUCCESS",
    );
    const transactions = (cents: number): RefundInput["transactions"] =>
      paid && cents > 0
        ? [
            {
              orderId,
              parentId: paid.id,
              amount: fromCents(cents),
              gateway: paid.gateway ?? "manual",
              kind: "REFUND",
            },
          ]
        : [];
    return { order: data.order, transactions };
  }

  async function refund(shop: ShopDomain, input: RefundInput) {
    const result = await client.request(shop, REFUND_UNITS, { input });
    assertNoUserErrors("refundCreate", result.refundCreate);
    const created = result.refundCreate.refund;
    if (!created) throw new ShopifyApiError("WaitwellRefundWaitingUnits: refundCreate returned no refund");
    return {
      refundId: created.id,
      amount: created.totalRefundedSet.shopMoney.amount,
      currency: created.totalRefundedSet.shopMoney.currencyCode,
    };
  }

  return {
    async refundUnits(shop, input) {
      const { order, transactions } = await orderForRefund(shop, input.orderId);
      const line = order.lineItems.nodes.find((l) => l.id === input.lineItemId);
      if (!line) throw new ShopifyApiError(`WaitwellOrderForRefund: no line ${input.lineItemId}`);
      const cents = toCents(line.discountedUnitPriceAfterAllDiscountsSet.shopMoney.amount) * input.units;
      return refund(shop, {
        orderId: input.orderId,
        note: input.note,
        notify: false,
        refundLineItems: [
          {
            lineItemId: input.lineItemId,
            quantity: input.units,
            restockType: "CANCEL",
            ...(input.locationId ? { locationId: input.locationId } : {}),
          },
        ],
        transactions: transactions(cents),
      });
    },

    async refundAmount(shop, input) {
      const { transactions } = await orderForRefund(shop, input.orderId);
      const money = transactions(toCents(input.amount));
      if (money.length === 0)
        throw new ShopifyApiError(`WaitwellRefundAmount: nothing was paid on ${input.orderId}`);
      return refund(shop, {
        orderId: input.orderId,
        note: input.note,
        notify: false,
        refundLineItems: [],
        transactions: money,
      });
    },

    swapUnits: (shop, input) => swapUnits(client, shop, input),

    async createDiscountCode(shop, input) {
      const result = await client.request(shop, CREATE_DISCOUNT, {
        discount: {
          title: input.title,
          code: input.code,
          startsAt: input.startsAt.toISOString(),
          endsAt: input.endsAt.toISOString(),
          usageLimit: 1,
          appliesOncePerCustomer: true,
          customerSelection: { customers: { add: [input.customerId] } },
          customerGets: { value: { percentage: input.percentage / 100 }, items: { all: true } },
        },
      });
      assertNoUserErrors("discountCodeBasicCreate", result.discountCodeBasicCreate);
      const node = result.discountCodeBasicCreate.codeDiscountNode;
      if (!node) throw new ShopifyApiError("WaitwellCreateWaitIncentive: no discount created");
      return { discountId: node.id };
    },
  };
}

/**
 * One order edit: the waiting units' quantity lowered, the substitute added (discounted down to `priceCap` when it
 * costs more), committed. Returns the substitute's new line item.
 */
async function swapUnits(
  client: AdminClient,
  shop: ShopDomain,
  input: Parameters<CareShopify["swapUnits"]>[1],
): ReturnType<CareShopify["swapUnits"]> {
  const begin = await client.request(shop, EDIT_BEGIN, { id: input.orderId });
  assertNoUserErrors("orderEditBegin", begin.orderEditBegin);
  const calculated = begin.orderEditBegin.calculatedOrder;
  if (!calculated) throw new ShopifyApiError("WaitwellSwapBegin: no calculated order");
  // A calculated line item carries its line item's numeric id (CalculatedLineItem/123 is LineItem/123).
  const numeric = input.lineItemId.slice(input.lineItemId.lastIndexOf("/") + 1);
  const line = calculated.lineItems.nodes.find((l) => l.id.slice(l.id.lastIndexOf("/") + 1) === numeric);
  if (!line) throw new ShopifyApiError(`WaitwellSwapBegin: no line ${input.lineItemId} to edit`);
  const lowered = await client.request(shop, EDIT_SET_QUANTITY, {
    id: calculated.id,
    lineItemId: line.id,
    quantity: Math.max(0, line.quantity - input.units),
  });
  assertNoUserErrors("orderEditSetQuantity", lowered.orderEditSetQuantity);
  const added = await client.request(shop, EDIT_ADD_VARIANT, {
    id: calculated.id,
    variantId: input.substituteVariantId,
    quantity: input.units,
  });
  assertNoUserErrors("orderEditAddVariant", added.orderEditAddVariant);
  const substitute = added.orderEditAddVariant.calculatedLineItem;
  if (!substitute) throw new ShopifyApiError("WaitwellSwapAddSubstitute: no line added");
  if (input.priceCap !== null) {
    const over = toCents(substitute.originalUnitPriceSet.shopMoney.amount) - toCents(input.priceCap);
    if (over > 0) {
      const discounted = await client.request(shop, EDIT_DISCOUNT, {
        id: calculated.id,
        lineItemId: substitute.id,
        discount: {
          fixedValue: {
            amount: fromCents(over),
            currencyCode: substitute.originalUnitPriceSet.shopMoney.currencyCode,
          },
          description: "Waitwell: substitute at the price paid",
        },
      });
      assertNoUserErrors("orderEditAddLineItemDiscount", discounted.orderEditAddLineItemDiscount);
    }
  }
  const committed = await client.request(shop, EDIT_COMMIT, {
    id: calculated.id,
    staffNote: "Waitwell: the customer swapped waiting units for an item in stock",
  });
  assertNoUserErrors("orderEditCommit", committed.orderEditCommit);
  const newLine = committed.orderEditCommit.order?.lineItems.nodes.findLast(
    (l) => l.variant?.id === input.substituteVariantId,
  );
  return { newLineItemId: newLine?.id ?? null };
}
