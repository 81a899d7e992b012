import { operation } from "./admin-client.js";

/**
 * The Admin API operations of the self-service page and the wait incentive: refund (and restock) waiting units with
 * refundCreate, swap them for a substitute with an order edit, and create a single-use discount code.
 * https://shopify.dev/docs/api/admin-graphql/latest/mutations/refundCreate
 * https://shopify.dev/docs/apps/build/orders-fulfillment/order-management-apps/edit-orders
 * https://shopify.dev/docs/api/admin-graphql/latest/mutations/discountCodeBasicCreate
 */

interface UserErrors {
  userErrors: { field?: string[] | null; message: string }[];
}

export const ORDER_FOR_REFUND = operation<
  {
    order: null | {
      currencyCode: string;
      transactions: {
        id: string;
        kind: string;
        status: string;
        gateway: string | null;
        amountSet: { shopMoney: { amount: string } };
      }[];
      lineItems: {
        nodes: { id: string; discountedUnitPriceAfterAllDiscountsSet: { shopMoney: { amount: string } } }[];
      };
    };
  },
  { id: string }
>(`#graphql
  query WaitwellOrderForRefund($id: ID!) {
    order(id: $id) {
      currencyCode
      transactions(first: 20) {
        id
        kind
        status
        gateway
        amountSet {
          shopMoney {
            amount
          }
        }
      }
      lineItems(first: 100) {
        nodes {
          id
          discountedUnitPriceAfterAllDiscountsSet {
            shopMoney {
              amount
            }
          }
        }
      }
    }
  }
`);

export interface RefundInput {
  orderId: string;
  note: string;
  notify: boolean;
  refundLineItems: { lineItemId: string; quantity: number; restockType: "CANCEL"; locationId?: string }[];
  transactions: { orderId: string; parentId: string; amount: string; gateway: string; kind: "REFUND" }[];
}

export const REFUND_UNITS = operation<
  {
    refundCreate: UserErrors & {
      refund: null | {
        id: string;
        totalRefundedSet: { shopMoney: { amount: string; currencyCode: string } };
      };
    };
  },
  { input: RefundInput }
>(`#graphql
  mutation WaitwellRefundWaitingUnits($input: RefundInput!) {
    refundCreate(input: $input) {
      refund {
        id
        totalRefundedSet {
          shopMoney {
            amount
            currencyCode
          }
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`);

export const EDIT_BEGIN = operation<
  {
    orderEditBegin: UserErrors & {
      calculatedOrder: null | {
        id: string;
        lineItems: { nodes: { id: string; quantity: number }[] };
      };
    };
  },
  { id: string }
>(`#graphql
  mutation WaitwellSwapBegin($id: ID!) {
    orderEditBegin(id: $id) {
      calculatedOrder {
        id
        lineItems(first: 100) {
          nodes {
            id
            quantity
          }
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`);

export const EDIT_SET_QUANTITY = operation<
  { orderEditSetQuantity: UserErrors },
  { id: string; lineItemId: string; quantity: number }
>(`#graphql
  mutation WaitwellSwapLowerLine($id: ID!, $lineItemId: ID!, $quantity: Int!) {
    orderEditSetQuantity(id: $id, lineItemId: $lineItemId, quantity: $quantity, restock: true) {
      userErrors {
        field
        message
      }
    }
  }
`);

export const EDIT_ADD_VARIANT = operation<
  {
    orderEditAddVariant: UserErrors & {
      calculatedLineItem: null | {
        id: string;
        originalUnitPriceSet: { shopMoney: { amount: string; currencyCode: string } };
      };
    };
  },
  { id: string; variantId: string; quantity: number }
>(`#graphql
  mutation WaitwellSwapAddSubstitute($id: ID!, $variantId: ID!, $quantity: Int!) {
    orderEditAddVariant(id: $id, variantId: $variantId, quantity: $quantity, allowDuplicates: true) {
      calculatedLineItem {
        id
        originalUnitPriceSet {
          shopMoney {
            amount
            currencyCode
          }
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`);

export const EDIT_DISCOUNT = operation<
  { orderEditAddLineItemDiscount: UserErrors },
  {
    id: string;
    lineItemId: string;
    discount: { fixedValue: { amount: string; currencyCode: string }; description: string };
  }
>(`#graphql
  mutation WaitwellSwapCapPrice($id: ID!, $lineItemId: ID!, $discount: OrderEditAppliedDiscountInput!) {
    orderEditAddLineItemDiscount(id: $id, lineItemId: $lineItemId, discount: $discount) {
      userErrors {
        field
        message
      }
    }
  }
`);

export const EDIT_COMMIT = operation<
  {
    orderEditCommit: UserErrors & {
      order: null | { id: string; lineItems: { nodes: { id: string; variant: { id: string } | null }[] } };
    };
  },
  { id: string; staffNote: string }
>(`#graphql
  mutation WaitwellSwapCommit($id: ID!, $staffNote: String) {
    orderEditCommit(id: $id, notifyCustomer: false, staffNote: $staffNote) {
      order {
        id
        lineItems(first: 100) {
          nodes {
            id
            variant {
              id
            }
          }
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`);

export const CREATE_DISCOUNT = operation<
  { discountCodeBasicCreate: UserErrors & { codeDiscountNode: null | { id: string } } },
  {
    discount: {
      title: string;
      code: string;
      startsAt: string;
      endsAt: string;
      usageLimit: number;
      appliesOncePerCustomer: boolean;
      customerSelection: { customers: { add: string[] } };
      customerGets: { value: { percentage: number }; items: { all: boolean } };
    };
  }
>(`#graphql
  mutation WaitwellCreateWaitIncentive($discount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $discount) {
      codeDiscountNode {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`);
