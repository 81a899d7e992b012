/**
 * What customer care takes from Shopify's order webhooks and from the promise services:
 * - an order's contact facts (email, language, the checkout acknowledgement, the text each line showed);
 * - when a waiting line's promise is made: the consent it was given at checkout, and the order's confirmation;
 * - when a promise slips: a delay notice, before the promised date passes;
 * - when a waiting line's queue moved and it got its stock: ready-to-ship.
 * Every message goes through the outbox under a key of its event, so a repeated webhook or run sends nothing twice.
 */
import { etaKey, eventKeys, messageLocale } from "../../domain/customer-care/messages.js";
import type { ShopDomain } from "../ports.js";
import type { PromiseChanges } from "../availability/ports.js";
import { enqueueMessage, messageLines, orderOutlook, type CustomerCareDeps } from "./context.js";
import type { CareOrder } from "./ports.js";
import type { LineNoteEvent } from "../backorder/index.js";
import { createOrderBatch } from "./order-batch.js";

const READY_STATUSES = ["allocated", "released"] as const;

export function createOrderEvents(deps: CustomerCareDeps) {
  const { repository: repo } = deps;

  const batch = createOrderBatch(deps);

  return {
    /** orders/create and orders/updated, after the engine: as recordOrders (order-batch.ts) for one order. */
    recordOrder: (shop: ShopDomain, order: CareOrder): Promise<void> => batch.recordOrders(shop, [order]),

    /**
     * A batch of order rows, exactly as recordOrder one by one in this order (order-batch.ts); `known`: the orders'
     * lines as just stored, not read again.
     */
    recordOrders: batch.recordOrders,

    /** After the promise services stored new promises, re-evaluations and slips. */
    async onPromiseChanges(shop: ShopDomain, changes: PromiseChanges): Promise<void> {
      await batch.onPromisesMade(shop, [...new Set(changes.created.map((c) => c.lineItemId))]);
      for (const slip of changes.slips) await notifyDelay(shop, slip.lineItemId);
    },

    /**
     * The queue of these variants moved: lines that got all their stock hear they are ready to ship. The lines, their
     * promises, their orders and the notices already queued are read once; only a line still to be told costs more.
     */
    async onQueueMoved(shop: ShopDomain, variantIds: string[]): Promise<void> {
      // A line whose waiting units were cancelled or swapped away has nothing left to ship.
      const lines = (await deps.backorders.openLinesOfVariants(shop, variantIds, [...READY_STATUSES])).filter(
        (l) => l.quantity > 0,
      );
      if (lines.length === 0) return;
      // A line that never waited with a promise has nothing to be told.
      const promised = new Set(
        (
          await deps.promises.linePromises(
            shop,
            lines.map((l) => l.lineItemId),
          )
        ).map((p) => p.lineItemId),
      );
      const waited = lines.filter((l) => promised.has(l.lineItemId));
      if (waited.length === 0) return;
      const orderOf = new Map(
        (
          await repo.getOrders(
            shop,
            waited.map((l) => l.orderId),
          )
        ).map((o) => [o.orderId, o]),
      );
      // Without an address nothing would be queued.
      const reachable = waited.filter((l) => orderOf.get(l.orderId)?.email);
      if (reachable.length === 0) return;
      const told = await repo.storedEventKeys(
        shop,
        reachable.map((l) => eventKeys.ready(l.lineItemId)),
      );
      const notes: LineNoteEvent[] = [];
      try {
        for (const line of reachable) {
          const order = orderOf.get(line.orderId);
          const key = eventKeys.ready(line.lineItemId);
          if (!order || told.has(key)) continue;
          const outlook = await orderOutlook(deps, shop, order);
          const result = await enqueueMessage(deps, shop, {
            kind: "ready",
            eventKey: key,
            order,
            lines: messageLines(outlook, messageLocale(order.locale), { only: new Set([line.lineItemId]) }),
          });
          if (result === "queued") {
            notes.push({
              lineItemId: line.lineItemId,
              event: { type: "note", note: "ready_notice_sent", detail: null },
              cause: { kind: "job", ref: key },
            });
          }
        }
      } finally {
        if (notes.length > 0) await deps.engine.noteLines(shop, notes);
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
