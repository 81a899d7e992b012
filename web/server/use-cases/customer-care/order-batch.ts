/**
 * Customer care for a batch of orders at once, exactly as one by one in the batch's order: the orders' contact facts,
 * the checkout acknowledgement as a consent of each waiting line to its promise, and the order's confirmation once
 * every waiting line has its promise. What the batch needs is read once (stored orders, their lines, the lines'
 * promises and consents, the confirmations already queued); then only what changed is written, each kind together.
 * An order Shopify sends again unchanged (an echo of Waitwell's own tag and metafield writes) writes nothing.
 */
import { isDeepStrictEqual } from "node:util";
import { etaKey, etaText, eventKeys, messageLocale } from "../../domain/customer-care/messages.js";
import { heldUnits } from "../../domain/backorder/index.js";
import type { LineNoteEvent } from "../backorder/index.js";
import type { StoredLine } from "../backorder/ports.js";
import type { LinePromiseRecord } from "../availability/ports.js";
import type { ShopDomain } from "../ports.js";
import {
  consentsByLine,
  enqueueMessage,
  messageLines,
  outlookOf,
  type CustomerCareDeps,
  type LineOutlook,
} from "./context.js";
import type { CareOrder, LineConsentRecord } from "./ports.js";

/** What a batch reads once: every line of the orders (by order), the lines' promises and consents (by line). */
export interface BatchView {
  linesOf: ReadonlyMap<string, readonly StoredLine[]>;
  promiseOf: ReadonlyMap<string, LinePromiseRecord>;
  consentsOf: ReadonlyMap<string, readonly LineConsentRecord[]>;
}

/** One order's turn: its facts as they stand after this row, and the lines whose promise its acknowledgement covers. */
export interface CareStep {
  order: CareOrder;
  consentLines: readonly string[];
}

interface Confirmation {
  order: CareOrder;
  waiting: LineOutlook[];
  outlook: LineOutlook[];
}

export function createOrderBatch(deps: CustomerCareDeps) {
  const { repository: repo } = deps;

  /** The promises and consents of the steps' orders' lines. */
  async function readView(
    shop: ShopDomain,
    linesOf: ReadonlyMap<string, readonly StoredLine[]>,
    steps: readonly CareStep[],
  ): Promise<BatchView> {
    const orderIds = new Set(steps.map((s) => s.order.orderId));
    const ids = [...orderIds].flatMap((id) => (linesOf.get(id) ?? []).map((l) => l.lineItemId));
    const [promises, consents] = await Promise.all([
      deps.promises.linePromises(shop, ids),
      repo.consentsOfLines(shop, ids),
    ]);
    return {
      linesOf,
      promiseOf: new Map(promises.map((p) => [p.lineItemId, p])),
      consentsOf: consentsByLine(consents),
    };
  }

  /**
   * The steps' consents and confirmations, in step order: a consent stored (or planned by an earlier step) is not
   * new; an order's confirmation goes out at the first step that has every waiting line promised and an address.
   */
  function plan(view: BatchView, steps: readonly CareStep[]) {
    const consents: LineConsentRecord[] = [];
    const known = new Set(
      [...view.consentsOf.values()].flat().map((c) => consentKey(c.lineItemId, c.kind, c.givenAt)),
    );
    const confirmations = new Map<string, Confirmation>();
    for (const { order, consentLines } of steps) {
      const acknowledgedAt = order.acknowledgedAt;
      if (acknowledgedAt) {
        const locale = messageLocale(order.locale);
        for (const id of consentLines) {
          const p = view.promiseOf.get(id);
          const key = consentKey(id, "checkout_acknowledgement", acknowledgedAt);
          if (!p || known.has(key)) continue;
          known.add(key);
          consents.push({
            lineItemId: id,
            orderId: order.orderId,
            customerId: order.customerId,
            kind: "checkout_acknowledgement",
            eta: p.promised,
            text: order.lines[id]?.shownText ?? etaText(p.promised, locale),
            locale: order.locale,
            givenAt: acknowledgedAt,
          });
        }
      }
      // Without an address nothing is queued: a later step of the same order may still confirm it.
      if (confirmations.has(order.orderId) || !order.email) continue;
      const outlook = outlookOf(
        order,
        view.linesOf.get(order.orderId) ?? [],
        view.promiseOf,
        view.consentsOf,
      );
      const waiting = outlook.filter((o) => o.waiting > 0);
      if (waiting.length === 0 || waiting.some((o) => !o.promise)) continue;
      confirmations.set(order.orderId, { order, waiting, outlook });
    }
    return { consents, confirmations: [...confirmations.values()] };
  }

  /**
   * Stores what the plan of these steps holds that is new: consents, then confirmations, each with its notes. A step
   * of an order without the acknowledgement and without an address has nothing to consent to or confirm: its lines'
   * promises and consents are not read.
   */
  async function settle(
    shop: ShopDomain,
    linesOf: ReadonlyMap<string, readonly StoredLine[]>,
    steps: readonly CareStep[],
  ): Promise<void> {
    const acting = steps.filter((s) => acts(s.order));
    if (acting.length === 0) return;
    const { consents, confirmations } = plan(await readView(shop, linesOf, acting), acting);
    if (consents.length > 0) {
      const created = await repo.recordConsents(shop, consents);
      await noteLines(
        shop,
        consents
          .filter((_, i) => created[i])
          .map((c) => ({
            lineItemId: c.lineItemId,
            event: { type: "note", note: "checkout_consent", detail: etaKey(c.eta) },
            cause: { kind: "job", ref: `consent:${c.orderId}` },
          })),
      );
    }
    if (confirmations.length === 0) return;
    const queued = await repo.storedEventKeys(
      shop,
      confirmations.map((c) => eventKeys.confirmation(c.order.orderId)),
    );
    const notes: LineNoteEvent[] = [];
    // The notes of the messages queued are recorded even when a later one fails (that row is retried; these are not).
    try {
      await confirm(shop, confirmations, queued, notes);
    } finally {
      await noteLines(shop, notes);
    }
  }

  async function confirm(
    shop: ShopDomain,
    confirmations: readonly Confirmation[],
    queued: ReadonlySet<string>,
    notes: LineNoteEvent[],
  ): Promise<void> {
    for (const { order, waiting, outlook } of confirmations) {
      const key = eventKeys.confirmation(order.orderId);
      if (queued.has(key)) continue;
      const result = await enqueueMessage(deps, shop, {
        kind: "confirmation",
        eventKey: key,
        order,
        lines: messageLines(outlook, messageLocale(order.locale)),
      });
      if (result !== "queued") continue;
      for (const o of waiting) {
        notes.push({
          lineItemId: o.line.lineItemId,
          event: {
            type: "note",
            note: "confirmation_sent",
            detail: o.promise ? etaKey(o.promise.current) : null,
          },
          cause: { kind: "job", ref: key },
        });
      }
    }
  }

  async function noteLines(shop: ShopDomain, notes: LineNoteEvent[]): Promise<void> {
    if (notes.length > 0) await deps.engine.noteLines(shop, notes);
  }

  return {
    /**
     * orders/create and orders/updated, after the engine: the contact facts of each order that has (or had) waiting
     * units, kept up to date (the last payload wins). Orders whose units all ship are not kept: no need, no data.
     * Promises made before the facts arrived get their consent and confirmation here.
     */
    async recordOrders(
      shop: ShopDomain,
      orders: readonly CareOrder[],
      /**
       * The orders' lines as stored, when the caller has just stored them (the engine's batch, decide-webhooks.ts):
       * they are not read again. An order missing from it has its lines read.
       */
      known?: ReadonlyMap<string, readonly StoredLine[]>,
    ): Promise<void> {
      if (orders.length === 0) return;
      const orderIds = [...new Set(orders.map((o) => o.orderId))];
      const unknown = orderIds.filter((id) => !known?.has(id));
      const [stored, lines] = await Promise.all([
        repo.getOrders(shop, orderIds),
        unknown.length > 0 ? deps.backorders.linesOfOrders(shop, unknown) : [],
      ]);
      const linesOf = groupByOrder(lines);
      for (const id of orderIds) {
        const given = known?.get(id);
        if (given) linesOf.set(id, [...given]);
      }
      const before = new Map(stored.map((o) => [o.orderId, o]));
      const facts = new Map<string, CareOrder>(before);
      const steps: CareStep[] = [];
      for (const order of orders) {
        const previous = facts.get(order.orderId);
        const lines = linesOf.get(order.orderId) ?? [];
        if (!previous && !lines.some((l) => heldUnits(l) > 0)) continue;
        // The acknowledgement is the customer's; a later payload without the attribute does not take it back.
        const now = { ...order, acknowledgedAt: order.acknowledgedAt ?? previous?.acknowledgedAt ?? null };
        facts.set(order.orderId, now);
        steps.push({ order: now, consentLines: lines.map((l) => l.lineItemId) });
      }
      const changed = [...facts.values()].filter((o) => !sameFacts(before.get(o.orderId), o));
      if (changed.length > 0) await repo.upsertOrders(shop, changed);
      await settle(shop, linesOf, steps);
    },

    /** Promises were made for these lines: their orders' checkout consents and confirmations. */
    async onPromisesMade(shop: ShopDomain, lineItemIds: readonly string[]): Promise<void> {
      if (lineItemIds.length === 0) return;
      const lineOf = new Map<string, StoredLine>(
        (await deps.backorders.getLines(shop, [...lineItemIds])).map((l) => [l.lineItemId, l]),
      );
      const byOrder = new Map<string, string[]>();
      for (const id of lineItemIds) {
        const line = lineOf.get(id);
        if (line) byOrder.set(line.orderId, [...(byOrder.get(line.orderId) ?? []), id]);
      }
      if (byOrder.size === 0) return;
      const orderOf = new Map((await repo.getOrders(shop, [...byOrder.keys()])).map((o) => [o.orderId, o]));
      const steps = [...byOrder].flatMap(([id, consentLines]) => {
        const order = orderOf.get(id);
        return order && acts(order) ? [{ order, consentLines }] : [];
      });
      if (steps.length === 0) return;
      const lines = await deps.backorders.linesOfOrders(
        shop,
        steps.map((s) => s.order.orderId),
      );
      await settle(shop, groupByOrder(lines), steps);
    },
  };
}

/** An order with neither the acknowledgement nor an address has nothing to consent to or confirm. */
const acts = (order: CareOrder) => order.acknowledgedAt !== null || Boolean(order.email);

/** Lines by order, each order's in the order given. */
function groupByOrder(lines: readonly StoredLine[]): Map<string, StoredLine[]> {
  const linesOf = new Map<string, StoredLine[]>();
  for (const l of lines) linesOf.set(l.orderId, [...(linesOf.get(l.orderId) ?? []), l]);
  return linesOf;
}

const consentKey = (lineItemId: string, kind: LineConsentRecord["kind"], givenAt: Date) =>
  `${lineItemId}|${kind}|${givenAt.getTime()}`;

/** The facts as stored and as received say the same (the lines' facts in any key order). */
function sameFacts(stored: CareOrder | undefined, received: CareOrder): boolean {
  return stored !== undefined && isDeepStrictEqual(stored, received);
}

export type OrderBatch = ReturnType<typeof createOrderBatch>;
