/**
 * What customer care takes from Shopify's order webhooks and from the promise services:
 * - an order's contact facts (email, language, the checkout acknowledgement, the text each line showed);
 * - when a waiting line's promise is made: the consent it was given at checkout, and the order's confirmation;
 * - when a promise slips: a delay notice, before the promised date passes;
 * - when a waiting line's queue moved and it got its stock: ready-to-ship.
 * Every message goes through the outbox under a key of its event, so a repeated webhook or run sends nothing twice.
 */
import { etaKey, etaText, eventKeys, messageLocale } from "../../domain/customer-care/messages.js";
import { heldUnits } from "../../domain/backorder/index.js";
import type { StoredLine } from "../backorder/ports.js";
import type { ShopDomain } from "../ports.js";
import type { PromiseChanges } from "../availability/ports.js";
import { enqueueMessage, messageLines, orderOutlook, type CustomerCareDeps } from "./context.js";
import type { CareOrder } from "./ports.js";

const READY_STATUSES = ["allocated", "released"] as const;

export function createOrderEvents(deps: CustomerCareDeps) {
  const { repository: repo } = deps;

  async function confirmOrder(shop: ShopDomain, order: CareOrder, lines?: StoredLine[]): Promise<void> {
    const outlook = await orderOutlook(deps, shop, order, lines);
    // Confirm once every waiting line has its promise: the message lists each line's date.
    const waiting = outlook.filter((o) => o.waiting > 0);
    if (waiting.length === 0 || waiting.some((o) => !o.promise)) return;
    const locale = messageLocale(order.locale);
    const result = await enqueueMessage(deps, shop, {
      kind: "confirmation",
      eventKey: eventKeys.confirmation(order.orderId),
      order,
      lines: messageLines(outlook, locale),
    });
    if (result === "queued") {
      for (const o of waiting) {
        await deps.engine.applyLineEvent(
          shop,
          o.line.lineItemId,
          { type: "note", note: "confirmation_sent", detail: o.promise ? etaKey(o.promise.current) : null },
          { kind: "job", ref: eventKeys.confirmation(order.orderId) },
        );
      }
    }
  }

  /** The checkout acknowledgement becomes a consent of each waiting line to its promise, as shown. */
  async function recordCheckoutConsents(shop: ShopDomain, order: CareOrder, lineItemIds: Set<string>) {
    if (!order.acknowledgedAt) return;
    const locale = messageLocale(order.locale);
    const promises = await deps.promises.linePromises(shop, [...lineItemIds]);
    for (const p of promises) {
      const shown = order.lines[p.lineItemId]?.shownText ?? null;
      const created = await repo.recordConsent(shop, {
        lineItemId: p.lineItemId,
        orderId: order.orderId,
        customerId: order.customerId,
        kind: "checkout_acknowledgement",
        eta: p.promised,
        text: shown ?? etaText(p.promised, locale),
        locale: order.locale,
        givenAt: order.acknowledgedAt,
      });
      if (created) {
        await deps.engine.applyLineEvent(
          shop,
          p.lineItemId,
          { type: "note", note: "checkout_consent", detail: etaKey(p.promised) },
          { kind: "job", ref: `consent:${order.orderId}` },
        );
      }
    }
  }

  return {
    /**
     * orders/create and orders/updated, after the engine: the contact facts of an order that has (or had) waiting
     * units, kept up to date (the last payload wins). Orders whose units all ship are not kept: no need, no data.
     * Promises made before the facts arrived get their consent and confirmation here.
     */
    async recordOrder(shop: ShopDomain, order: CareOrder): Promise<void> {
      const [stored, lines] = await Promise.all([
        repo.getOrder(shop, order.orderId),
        deps.backorders.linesOfOrder(shop, order.orderId),
      ]);
      if (!stored && !lines.some((l) => heldUnits(l) > 0)) return;
      // The acknowledgement is the customer's; a later payload without the attribute does not take it back.
      const facts = { ...order, acknowledgedAt: order.acknowledgedAt ?? stored?.acknowledgedAt ?? null };
      await repo.upsertOrder(shop, facts);
      await recordCheckoutConsents(shop, facts, new Set(lines.map((l) => l.lineItemId)));
      await confirmOrder(shop, facts, lines);
    },

    /** After the promise services stored new promises, re-evaluations and slips. */
    async onPromiseChanges(shop: ShopDomain, changes: PromiseChanges): Promise<void> {
      const created = new Set(changes.created.map((c) => c.lineItemId));
      const byOrder = new Map<string, Set<string>>();
      for (const id of created) {
        const line = await deps.backorders.getLine(shop, id);
        if (!line) continue;
        byOrder.set(line.orderId, (byOrder.get(line.orderId) ?? new Set()).add(id));
      }
      for (const [orderId, ids] of byOrder) {
        const order = await repo.getOrder(shop, orderId);
        if (!order) continue;
        await recordCheckoutConsents(shop, order, ids);
        await confirmOrder(shop, order);
      }
      for (const slip of changes.slips) await notifyDelay(shop, slip.lineItemId);
    },

    /** The queue of these variants moved: lines that got all their stock hear they are ready to ship. */
    async onQueueMoved(shop: ShopDomain, variantIds: string[]): Promise<void> {
      const lines = await deps.backorders.openLinesOfVariants(shop, variantIds, [...READY_STATUSES]);
      for (const line of lines) {
        // A line whose waiting units were cancelled or swapped away has nothing left to ship.
        if (line.quantity === 0) continue;
        const [promise] = await deps.promises.linePromises(shop, [line.lineItemId]);
        if (!promise) continue; // it never waited with a promise: nothing to tell
        const order = await repo.getOrder(shop, line.orderId);
        if (!order) continue;
        const outlook = await orderOutlook(deps, shop, order);
        const result = await enqueueMessage(deps, shop, {
          kind: "ready",
          eventKey: eventKeys.ready(line.lineItemId),
          order,
          lines: messageLines(outlook, messageLocale(order.locale), { only: new Set([line.lineItemId]) }),
        });
        if (result === "queued") {
          await deps.engine.applyLineEvent(
            shop,
            line.lineItemId,
            { type: "note", note: "ready_notice_sent", detail: null },
            { kind: "job", ref: eventKeys.ready(line.lineItemId) },
          );
        }
      }
    },
  };

  /**
   * A line's ETA moved past what the customer holds us to: one notice per new date, with the choices. Sent as soon as
   * it is known, so it reaches them before the promised date passes.
   */
  async function notifyDelay(shop: ShopDomain, lineItemId: string): Promise<void> {
    const line = await deps.backorders.getLine(shop, lineItemId);
    if (!line) return;
    const order = await repo.getOrder(shop, line.orderId);
    if (!order) return;
    const outlook = await orderOutlook(deps, shop, order);
    const mine = outlook.find((o) => o.line.lineItemId === lineItemId);
    if (!mine?.promise || mine.waiting === 0) return;
    const revised = mine.promise.current;
    const key = eventKeys.delay(lineItemId, revised);
    const result = await enqueueMessage(deps, shop, {
      kind: "delay",
      eventKey: key,
      order,
      lines: messageLines(outlook, messageLocale(order.locale), { only: new Set([lineItemId]) }),
      notices: [{ lineItemId, kind: "delay", revised }],
    });
    if (result === "queued") {
      await deps.engine.applyLineEvent(
        shop,
        lineItemId,
        { type: "note", note: "delay_notice_sent", detail: etaKey(revised) },
        { kind: "job", ref: key },
      );
    }
  }
}

export type OrderEvents = ReturnType<typeof createOrderEvents>;
