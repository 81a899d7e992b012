import type { Outcome, UserErrorRecord } from "../../model/outcome.js";
import type { ShopState } from "../../model/shop-state.js";
import type { Tx } from "../../model/tx.js";
import type { AdminContext } from "../context.js";

export type Args = Record<string, unknown>;

/** userErrors exactly as the payload types declare them; fields a type lacks are simply never selected. */
export function errors(list: UserErrorRecord[]) {
  return list.map((e) => ({
    field: e.field,
    message: e.message,
    code: e.code ?? null,
    elementIndex: e.elementIndex ?? null,
    extraInfo: null,
  }));
}

export const WRITE = {
  products: "write_products",
  inventory: "write_inventory",
  orders: "write_orders",
  orderEdits: "write_order_edits",
  fulfillment: "write_merchant_managed_fulfillment_orders",
  discounts: "write_discounts",
} as const;

/**
 * A group of mutation root fields. Each public method is a field of Shopify's Mutation type (the executor calls it with
 * the field's arguments); `run` makes one store operation atomic and publishes its webhooks afterwards.
 */
export abstract class MutationArea {
  constructor(protected readonly c: AdminContext) {}

  protected run<T>(op: (s: ShopState, tx: Tx) => Outcome<T>): Outcome<T> {
    return this.c.store.transact(this.c.s.shop.domain, op);
  }
}
