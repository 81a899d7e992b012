import { gid, idOf } from "../../model/ids.js";
import { cancelOrder, CANCEL_REASONS } from "../../model/orders.js";
import { createRefund, type RefundLineInput, type RefundTransactionInput } from "../../model/refunds.js";
import { fail, userError } from "../../model/outcome.js";
import type { RestockType } from "../../model/types.js";
import { requireGid, requireScope, QueryRoot } from "../query-root.js";
import { OrderView } from "../views/order.js";
import { RefundView } from "../views/refund.js";
import { type Args, errors, WRITE, MutationArea } from "./area.js";

/** Orders: refunds and cancellation. */
export class OrderMutations extends MutationArea {
  refundCreate(args: Args) {
    requireScope(this.c, "refundCreate", WRITE.orders);
    const input = args.input as {
      orderId: string;
      note?: string | null;
      refundLineItems?:
        | {
            lineItemId: string;
            quantity: number;
            restockType?: RestockType | null;
            locationId?: string | null;
          }[]
        | null;
      shipping?: unknown;
      allowOverRefunding?: boolean | null;
      transactions?:
        { amount: string; gateway: string; kind: string; orderId: string; parentId?: string | null }[] | null;
    };
    requireGid(input.orderId);
    const outcome = this.run((s, tx) => {
      const orderId = idOf(input.orderId, "Order");
      const order = orderId === null ? undefined : s.orders.get(orderId);
      if (!order) return fail(userError(["orderId"], "Order does not exist"));
      const lines: RefundLineInput[] = (input.refundLineItems ?? []).map((l) => ({
        lineItemId: idOf(l.lineItemId, "LineItem") ?? -1,
        quantity: l.quantity,
        restockType: l.restockType ?? "NO_RESTOCK",
        locationId: l.locationId ? (idOf(l.locationId, "Location") ?? -1) : null,
      }));
      const wrongOrder = (input.transactions ?? []).findIndex((t) => idOf(t.orderId, "Order") !== order.id);
      if (wrongOrder >= 0)
        return fail(
          userError(
            ["transactions", String(wrongOrder), "orderId"],
            "Transaction must belong to the refunded order.",
          ),
        );
      const transactions: RefundTransactionInput[] = (input.transactions ?? []).map((t) => ({
        amount: String(t.amount),
        gateway: t.gateway,
        kind: t.kind,
        parentId: t.parentId ? idOf(t.parentId, "OrderTransaction") : null,
      }));
      return createRefund(
        s,
        tx,
        order,
        lines,
        input.note ?? null,
        transactions,
        input.allowOverRefunding ?? false,
      );
    });
    if (!outcome.ok) return { order: null, refund: null, userErrors: errors(outcome.userErrors) };
    return {
      order: new OrderView(this.c.s.orders.get(outcome.value.orderId)!, this.c),
      refund: new RefundView(outcome.value, this.c),
      userErrors: [],
    };
  }

  orderCancel(args: Args) {
    requireScope(this.c, "orderCancel", WRITE.orders);
    requireGid(args.orderId);
    const reason = String(args.reason) as (typeof CANCEL_REASONS)[number];
    const outcome = this.run((s, tx) => {
      const orderId = idOf(String(args.orderId), "Order");
      const order = orderId === null ? undefined : s.orders.get(orderId);
      if (!order) return fail(userError(["orderId"], "Order does not exist", "NOT_FOUND"));
      return cancelOrder(s, tx, order, {
        reason,
        restock: args.restock === true,
        refund: args.refund === true,
        staffNote: (args.staffNote as string | null) ?? null,
      });
    });
    const userErrors = outcome.ok ? [] : errors(outcome.userErrors);
    // Shopify cancels asynchronously and returns a Job; the dev store has already finished when it answers.
    const job = outcome.ok
      ? { id: gid("Job", this.c.s.nextId("Job")), done: true, query: new QueryRoot(this.c) }
      : null;
    return { job, orderCancelUserErrors: userErrors, userErrors };
  }
}
