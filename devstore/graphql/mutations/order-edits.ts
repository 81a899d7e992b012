import { idOf } from "../../model/ids.js";
import {
  addLineItemDiscount,
  addVariant,
  beginEdit,
  commitEdit,
  setQuantity,
} from "../../model/order-edits.js";
import type { Outcome } from "../../model/outcome.js";
import type { OrderEditRecord } from "../../model/types.js";
import { requireGid, requireScope } from "../query-root.js";
import { OrderView } from "../views/order.js";
import { CalculatedLineItemView, CalculatedOrderView } from "../views/order-edit.js";
import { type Args, errors, WRITE, MutationArea } from "./area.js";

/** Order edits: begin (a CalculatedOrder), stage added variants and new quantities, commit. */
export class OrderEditMutations extends MutationArea {
  #edit(id: unknown) {
    requireGid(id);
    const editId = idOf(String(id), "CalculatedOrder");
    return editId === null ? undefined : this.c.s.edits.get(editId);
  }

  orderEditBegin(args: Args) {
    requireScope(this.c, "orderEditBegin", WRITE.orderEdits);
    requireGid(args.id);
    const orderId = idOf(String(args.id), "Order");
    const outcome = this.run((s) =>
      beginEdit(s, orderId === null ? undefined : s.orders.get(orderId), this.c.apiKey),
    );
    if (!outcome.ok) return { calculatedOrder: null, userErrors: errors(outcome.userErrors) };
    return { calculatedOrder: new CalculatedOrderView(outcome.value, this.c), userErrors: [] };
  }

  /** The payload of a mutation that stages a change to one line: that line as calculated, and the whole edit. */
  #stagedLine(outcome: Outcome<{ edit: OrderEditRecord; calculatedLineItemId: number }>): {
    calculatedLineItem: CalculatedLineItemView | null;
    calculatedOrder: CalculatedOrderView | null;
    userErrors: ReturnType<typeof errors>;
  } {
    if (!outcome.ok)
      return { calculatedLineItem: null, calculatedOrder: null, userErrors: errors(outcome.userErrors) };
    const view = new CalculatedOrderView(outcome.value.edit, this.c);
    const line = view
      .lineItems({ first: 250 })
      .nodes.find((l) => l.numericId === outcome.value.calculatedLineItemId);
    return { calculatedLineItem: line ?? null, calculatedOrder: view, userErrors: [] };
  }

  orderEditAddVariant(args: Args) {
    requireScope(this.c, "orderEditAddVariant", WRITE.orderEdits);
    const edit = this.#edit(args.id);
    const outcome = this.run((s) =>
      addVariant(s, edit, {
        variantId: String(args.variantId),
        quantity: args.quantity as number,
        locationId: (args.locationId as string | null | undefined) ?? null,
        allowDuplicates: (args.allowDuplicates as boolean | null | undefined) ?? false,
      }),
    );
    return this.#stagedLine(outcome);
  }

  orderEditSetQuantity(args: Args) {
    requireScope(this.c, "orderEditSetQuantity", WRITE.orderEdits);
    const edit = this.#edit(args.id);
    const outcome = this.run((s) =>
      setQuantity(s, edit, {
        lineItemId: String(args.lineItemId),
        quantity: args.quantity as number,
        restock: (args.restock as boolean | null | undefined) ?? false,
      }),
    );
    return this.#stagedLine(outcome);
  }

  orderEditAddLineItemDiscount(args: Args) {
    requireScope(this.c, "orderEditAddLineItemDiscount", WRITE.orderEdits);
    const edit = this.#edit(args.id);
    const discount = (args.discount ?? {}) as {
      description?: string | null;
      fixedValue?: { amount: unknown; currencyCode: string } | null;
      percentValue?: number | null;
    };
    const outcome = this.run((s) =>
      addLineItemDiscount(s, edit, {
        lineItemId: String(args.lineItemId),
        description: discount.description ?? null,
        fixedValue: discount.fixedValue
          ? { amount: String(discount.fixedValue.amount), currencyCode: discount.fixedValue.currencyCode }
          : null,
        percentValue: discount.percentValue ?? null,
      }),
    );
    const staged = this.#stagedLine(outcome);
    return { addedDiscountStagedChange: staged.calculatedLineItem?.stagedDiscount ?? null, ...staged };
  }

  orderEditCommit(args: Args) {
    requireScope(this.c, "orderEditCommit", WRITE.orderEdits);
    const edit = this.#edit(args.id);
    const outcome = this.run((s, tx) =>
      commitEdit(
        s,
        tx,
        edit,
        { notifyCustomer: args.notifyCustomer as boolean | null, staffNote: args.staffNote as string | null },
        this.c.appId,
      ),
    );
    if (!outcome.ok) return { order: null, userErrors: errors(outcome.userErrors) };
    return { order: new OrderView(outcome.value, this.c), userErrors: [] };
  }
}
