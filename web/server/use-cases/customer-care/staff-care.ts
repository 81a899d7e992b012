/**
 * What the merchant does for customers from the backorder list, line by line: send a delay notice (the same message,
 * under the same outbox key, as the one sent when a promise slips, so a customer never hears about one date twice),
 * or cancel the units still waiting (refunded and restocked on Shopify, as the customer's own cancel on the
 * self-service page does, and confirmed by email). `plan` says what `run` would do and writes nothing: the
 * confirmation the merchant reads names every line's units and who gets an email.
 */
import { heldUnits } from "../../domain/backorder/index.js";
import { etaKey, eventKeys, messageLocale, moneyText } from "../../domain/customer-care/messages.js";
import type { MessageKind } from "../../domain/customer-care/settings.js";
import { ConflictError, NotFoundError } from "../../errors.js";
import type { ShopDomain } from "../ports.js";
import {
  enqueueMessage,
  messageLines,
  orderOutlook,
  removeWaitingUnits,
  type CustomerCareDeps,
  type LineOutlook,
} from "./context.js";
import type { CareOrder } from "./ports.js";

export type StaffCareAction = "delay_notice" | "cancel_waiting";

/** Why a line is left alone: nothing waits, no date to tell, no address, the message is off, already told. */
export type StaffCareSkip = "not_waiting" | "no_promise" | "no_contact" | "message_off" | "already_notified";

export interface StaffCarePlan {
  orderId: string;
  /** Units the action is about: the waiting units told about, or cancelled. */
  units: number;
  /** Who gets an email (null: nobody; a cancel still happens without one). */
  email: string | null;
  skipped: StaffCareSkip | null;
}

const MESSAGE_OF: Record<StaffCareAction, MessageKind> = {
  delay_notice: "delay",
  cancel_waiting: "cancelled",
};

export function createStaffCare(deps: CustomerCareDeps) {
  const { repository: repo } = deps;

  async function read(shop: ShopDomain, lineItemId: string) {
    const line = await deps.backorders.getLine(shop, lineItemId);
    if (!line) throw new NotFoundError(`line ${lineItemId} not found`);
    const order = await repo.getOrder(shop, line.orderId);
    const outlook = order ? await orderOutlook(deps, shop, order) : [];
    const mine: LineOutlook = outlook.find((o) => o.line.lineItemId === lineItemId) ?? {
      line,
      title: lineItemId,
      waiting: heldUnits(line),
      shipNow: line.quantity - heldUnits(line),
      promise: null,
      committed: null,
    };
    return { order, outlook, mine };
  }

  async function plan(shop: ShopDomain, action: StaffCareAction, lineItemId: string): Promise<StaffCarePlan> {
    const { order, mine } = await read(shop, lineItemId);
    const orderId = mine.line.orderId;
    const skip = (skipped: StaffCareSkip): StaffCarePlan => ({
      orderId,
      units: mine.waiting,
      email: null,
      skipped,
    });
    if (mine.waiting === 0) return skip("not_waiting");
    const messageOn = (await repo.getSettings(shop)).messages[MESSAGE_OF[action]];
    const email = order?.email && messageOn ? order.email : null;
    if (action === "cancel_waiting") return { orderId, units: mine.waiting, email, skipped: null };
    if (!mine.promise) return skip("no_promise");
    if (!order?.email) return skip("no_contact");
    if (!messageOn) return skip("message_off");
    if (await repo.messageByKey(shop, eventKeys.delay(lineItemId, mine.promise.current))) {
      return skip("already_notified");
    }
    return { orderId, units: mine.waiting, email, skipped: null };
  }

  async function sendDelayNotice(
    shop: ShopDomain,
    order: CareOrder,
    r: Awaited<ReturnType<typeof read>>,
    staffRef: string,
  ) {
    const promise = r.mine.promise;
    if (!promise) throw new ConflictError("the line has no promised date to tell the customer");
    const lineItemId = r.mine.line.lineItemId;
    const key = eventKeys.delay(lineItemId, promise.current);
    const result = await enqueueMessage(deps, shop, {
      kind: "delay",
      eventKey: key,
      order,
      lines: messageLines(r.outlook, messageLocale(order.locale), { only: new Set([lineItemId]) }),
      notices: [{ lineItemId, kind: "delay", revised: promise.current }],
    });
    if (result !== "queued") throw new ConflictError(`no notice sent: ${result.replace("_", " ")}`);
    await deps.engine.applyLineEvent(
      shop,
      lineItemId,
      { type: "note", note: "delay_notice_sent", detail: etaKey(promise.current) },
      { kind: "staff", ref: staffRef },
    );
  }

  async function cancelWaiting(shop: ShopDomain, r: Awaited<ReturnType<typeof read>>, staffRef: string) {
    const { mine, order } = r;
    const units = mine.waiting;
    const refund = await removeWaitingUnits(deps, shop, mine, { kind: "staff", ref: staffRef }, () =>
      deps.shopify.refundUnits(shop, {
        orderId: mine.line.orderId,
        lineItemId: mine.line.lineItemId,
        units,
        note: "Waitwell: the merchant cancelled units waiting for stock",
        // Unfulfilled units go back to the location of the fulfillment order they were on.
        locationId: null,
      }),
    );
    if (!order) return;
    await enqueueMessage(deps, shop, {
      kind: "cancelled",
      // One message per cancel: the line's quantity before it tells two cancels of one line apart.
      eventKey: `staff-cancel:${mine.line.lineItemId}:${mine.line.quantity}`,
      order,
      lines: [],
      action: { units, refund: moneyText(refund.amount, refund.currency), substitute: null },
    });
  }

  return {
    plan,

    /** Does what `plan` promised; a line that no longer qualifies is a ConflictError naming why. */
    async run(
      shop: ShopDomain,
      action: StaffCareAction,
      lineItemId: string,
      staffRef: string,
    ): Promise<void> {
      const planned = await plan(shop, action, lineItemId);
      if (planned.skipped) throw new ConflictError(`nothing done: ${planned.skipped.replace(/_/g, " ")}`);
      const r = await read(shop, lineItemId);
      if (action === "cancel_waiting") return cancelWaiting(shop, r, staffRef);
      if (!r.order) throw new ConflictError("nothing done: no contact");
      return sendDelayNotice(shop, r.order, r, staffRef);
    },
  };
}

export type StaffCare = ReturnType<typeof createStaffCare>;
