/**
 * What the customer can do on the self-service page for the units of a line still waiting (self-service.ts claims
 * the action's key first, so each runs once): accept the new date, cancel for a refund, or swap to a substitute.
 * Each is recorded in the line's history with cause "customer" and confirmed by email.
 */
import { moneyText, etaKey, etaText, eventKeys, messageLocale } from "../../domain/customer-care/messages.js";
import { swapMoney } from "../../domain/customer-care/swap.js";
import type { ShopDomain } from "../ports.js";
import {
  enqueueMessage,
  messageLines,
  removeWaitingUnits,
  orderOutlook,
  type LineOutlook,
} from "./context.js";
import type { CareOrder } from "./ports.js";
import type { ActionOutcome, SelfServiceDeps } from "./self-service.js";

export async function acceptDate(
  deps: SelfServiceDeps,
  shop: ShopDomain,
  order: CareOrder,
  o: LineOutlook,
  key: string,
): Promise<ActionOutcome> {
  const { repository: repo, clock } = deps;
  const current = o.promise?.current;
  if (!current || o.waiting === 0) return "nothing_to_do";
  const locale = messageLocale(order.locale);
  await repo.recordConsent(shop, {
    lineItemId: o.line.lineItemId,
    orderId: order.orderId,
    customerId: order.customerId,
    kind: "accepted_new_date",
    eta: current,
    text: etaText(current, locale),
    locale: order.locale,
    givenAt: clock.now(),
  });
  await deps.engine.applyLineEvent(
    shop,
    o.line.lineItemId,
    { type: "note", note: "accepted_new_date", detail: etaKey(current) },
    { kind: "customer", ref: key },
  );
  // The accepted date is what the customer now holds us to: the order's metafield (order-status page) and later
  // delay notices measure against it.
  if (await deps.promises.agreeToEta(shop, o.line.lineItemId, current))
    await deps.engine.refreshPromises(shop, [o.line.lineItemId]);
  const outlook = await orderOutlook(deps, shop, order);
  await enqueueMessage(deps, shop, {
    kind: "accepted",
    eventKey: eventKeys.customerAction(key),
    order,
    lines: messageLines(outlook, locale, { only: new Set([o.line.lineItemId]) }),
  });
  return "done";
}

export async function cancel(
  deps: SelfServiceDeps,
  shop: ShopDomain,
  order: CareOrder,
  o: LineOutlook,
  key: string,
): Promise<ActionOutcome> {
  if (o.waiting === 0) return "nothing_to_do";
  const units = o.waiting;
  const refund = await removeWaitingUnits(deps, shop, o, { kind: "customer", ref: key }, () =>
    deps.shopify.refundUnits(shop, {
      orderId: order.orderId,
      lineItemId: o.line.lineItemId,
      units,
      note: "Waitwell: the customer cancelled units waiting for stock",
      // Unfulfilled units go back to the location of the fulfillment order they were on.
      locationId: null,
    }),
  );
  await enqueueMessage(deps, shop, {
    kind: "cancelled",
    eventKey: eventKeys.customerAction(key),
    order,
    lines: [],
    action: { units, refund: moneyText(refund.amount, refund.currency), substitute: null },
  });
  return "done";
}

export async function swap(
  deps: SelfServiceDeps,
  shop: ShopDomain,
  order: CareOrder,
  o: LineOutlook,
  key: string,
  substituteVariantId: string,
): Promise<ActionOutcome> {
  const { repository: repo, logger } = deps;
  if (o.waiting === 0) return "nothing_to_do";
  const substitute = (await deps.substitutesOf(shop, o.line.variantId)).find(
    (s) => s.variantId === substituteVariantId,
  );
  // Only what the page offered: an in-stock substitute within the merchant's price band.
  if (!substitute) return "nothing_to_do";
  const settings = await repo.getSettings(shop);
  const units = o.waiting;
  const money = swapMoney(
    order.lines[o.line.lineItemId]?.unitPrice ?? null,
    substitute.price,
    units,
    settings.swapPriceDifference,
  );
  await removeWaitingUnits(deps, shop, o, { kind: "customer", ref: key }, () =>
    deps.shopify.swapUnits(shop, {
      orderId: order.orderId,
      lineItemId: o.line.lineItemId,
      units,
      substituteVariantId,
      priceCap: money.priceCap,
    }),
  );
  // A cheaper substitute leaves the customer owed the difference: refunded, unless the merchant keeps it.
  const refund = money.refund
    ? await deps.shopify.refundAmount(shop, {
        orderId: order.orderId,
        amount: money.refund,
        note: "Waitwell: the price difference of a swap to a cheaper item",
      })
    : null;
  await enqueueMessage(deps, shop, {
    kind: "swapped",
    eventKey: eventKeys.customerAction(key),
    order,
    lines: [],
    action: {
      units,
      refund: refund ? moneyText(refund.amount, refund.currency) : null,
      substitute: substitute.title,
    },
  });
  logger.info("customer swapped waiting units", {
    shop,
    order: order.orderId,
    units,
    refunded: money.refund,
    kept: money.kept,
  });
  return "done";
}
