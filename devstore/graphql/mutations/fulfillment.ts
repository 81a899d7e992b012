import { idOf } from "../../model/ids.js";
import { holdFulfillmentOrder, releaseHolds, type HoldInput } from "../../model/holds.js";
import { createFulfillment, type FulfillInput } from "../../model/fulfillments.js";
import { requireGid, requireScope } from "../query-root.js";
import { FulfillmentView } from "../views/fulfillment.js";
import { FulfillmentHoldView, FulfillmentOrderView } from "../views/fulfillment-order.js";
import { type Args, errors, WRITE, MutationArea } from "./area.js";

/** Fulfillment orders held and released; fulfillments created. */
export class FulfillmentMutations extends MutationArea {
  fulfillmentOrderHold(args: Args) {
    requireScope(this.c, "fulfillmentOrderHold", WRITE.fulfillment);
    requireGid(args.id);
    const foId = idOf(String(args.id), "FulfillmentOrder");
    const outcome = this.run((s, tx) =>
      holdFulfillmentOrder(s, tx, foId, args.fulfillmentHold as HoldInput, this.c.apiKey),
    );
    if (!outcome.ok)
      return {
        fulfillmentHold: null,
        fulfillmentOrder: null,
        remainingFulfillmentOrder: null,
        userErrors: errors(outcome.userErrors),
      };
    const { hold, fulfillmentOrder, remaining } = outcome.value;
    return {
      fulfillmentHold: new FulfillmentHoldView(hold, this.c),
      fulfillmentOrder: new FulfillmentOrderView(fulfillmentOrder, this.c),
      remainingFulfillmentOrder: remaining ? new FulfillmentOrderView(remaining, this.c) : null,
      userErrors: [],
    };
  }

  fulfillmentOrderReleaseHold(args: Args) {
    requireScope(this.c, "fulfillmentOrderReleaseHold", WRITE.fulfillment);
    requireGid(args.id);
    const foId = idOf(String(args.id), "FulfillmentOrder");
    const outcome = this.run((s, tx) =>
      releaseHolds(s, tx, foId, args.holdIds as string[] | null | undefined),
    );
    if (!outcome.ok) return { fulfillmentOrder: null, userErrors: errors(outcome.userErrors) };
    return { fulfillmentOrder: new FulfillmentOrderView(outcome.value, this.c), userErrors: [] };
  }

  fulfillmentCreate(args: Args) {
    return this.#fulfillment(args, "fulfillmentCreate");
  }

  fulfillmentCreateV2(args: Args) {
    return this.#fulfillment(args, "fulfillmentCreateV2");
  }

  #fulfillment(args: Args, field: string) {
    requireScope(this.c, field, WRITE.fulfillment);
    const input = args.fulfillment as {
      notifyCustomer?: boolean | null;
      trackingInfo?: {
        number?: string | null;
        url?: string | null;
        company?: string | null;
        numbers?: string[] | null;
        urls?: string[] | null;
      } | null;
      lineItemsByFulfillmentOrder: {
        fulfillmentOrderId: string;
        fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
      }[];
      originAddress?: unknown;
    };
    const inputs: FulfillInput[] = input.lineItemsByFulfillmentOrder.map((l) => {
      requireGid(l.fulfillmentOrderId);
      const foId = idOf(l.fulfillmentOrderId, "FulfillmentOrder") ?? -1;
      const lines = l.fulfillmentOrderLineItems?.map((x) => ({
        id: idOf(x.id, "FulfillmentOrderLineItem") ?? -1,
        quantity: x.quantity,
      }));
      return lines && lines.length > 0 ? { fulfillmentOrderId: foId, lines } : { fulfillmentOrderId: foId };
    });
    const tracking = input.trackingInfo;
    const outcome = this.run((s, tx) =>
      createFulfillment(s, tx, inputs, {
        trackingNumber: tracking?.number ?? tracking?.numbers?.[0] ?? null,
        trackingUrl: tracking?.url ?? tracking?.urls?.[0] ?? null,
        trackingCompany: tracking?.company ?? null,
        notifyCustomer: input.notifyCustomer ?? false,
      }),
    );
    if (!outcome.ok) return { fulfillment: null, userErrors: errors(outcome.userErrors) };
    return { fulfillment: new FulfillmentView(outcome.value, this.c), userErrors: [] };
  }
}
