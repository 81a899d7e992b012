/**
 * The customer's self-service page for one order, reached from every message (a signed, expiring link through the
 * app proxy). It shows each line's status and dates, and lets the customer, for the units still waiting:
 * - accept the new date (a consent, kept with what they were shown);
 * - cancel them for a refund (refundCreate: units removed, restocked, money back; the engine re-decides the queue at
 *   once, so the next customer moves up);
 * - swap them for an in-stock substitute within the merchant's price band (an order edit).
 * Each action runs once per key (a second click of the same button finds the claim and changes nothing), is recorded
 * in the line's history with cause "customer" and is confirmed by email. A bad, expired or foreign link changes
 * nothing.
 */
import { sameEta } from "../../domain/eta/index.js";
import { etaText, messageLocale, type MessageLocale } from "../../domain/customer-care/messages.js";
import type { ShopDomain } from "../ports.js";
import { orderOutlook, type CustomerCareDeps, type LineOutlook } from "./context.js";
import type { CareOrder, CustomerActionRecord } from "./ports.js";
import { acceptDate, cancel, swap } from "./self-service-actions.js";

export interface Substitute {
  variantId: string;
  title: string;
  /** Decimal string in the shop's currency. */
  price: string;
}

export interface SelfServiceDeps extends CustomerCareDeps {
  /** In-stock substitutes of a variant within the merchant's price band (the availability payload's). */
  substitutesOf: (shop: ShopDomain, variantId: string) => Promise<Substitute[]>;
}

export interface PageLine {
  lineItemId: string;
  title: string;
  status: string;
  shipNow: number;
  waiting: number;
  /** The ETA in words; null when nothing waits. */
  eta: string | null;
  /** The date promised (at purchase or last accepted), when the ETA moved past it. */
  promised: string | null;
  canAccept: boolean;
  canCancel: boolean;
  substitutes: Substitute[];
}

export interface OrderPage {
  shop: ShopDomain;
  orderId: string;
  orderName: string;
  locale: MessageLocale;
  lines: PageLine[];
}

export type LinkRefusal = "invalid" | "expired" | "foreign";

export type ActionRequest =
  | { kind: "accept_date"; lineItemId: string; key: string }
  | { kind: "cancel"; lineItemId: string; key: string }
  | { kind: "swap"; lineItemId: string; key: string; substituteVariantId: string };

export type ActionOutcome = "done" | "already" | "nothing_to_do" | "failed";

export function createSelfService(deps: SelfServiceDeps) {
  const { repository: repo, clock, logger } = deps;

  /** The link's order, when the link is valid for this shop (the app proxy's signed `shop`). */
  async function open(
    token: string,
    proxyShop: ShopDomain,
  ): Promise<{ ok: true; order: CareOrder } | { ok: false; reason: LinkRefusal | "invalid" }> {
    const check = deps.tokens.verify(token, clock.now());
    if (!check.ok) return check;
    if (check.shop !== proxyShop) return { ok: false, reason: "foreign" };
    const order = await repo.getOrder(check.shop, check.orderId);
    return order ? { ok: true, order } : { ok: false, reason: "invalid" };
  }

  async function page(shop: ShopDomain, order: CareOrder): Promise<OrderPage> {
    const locale = messageLocale(order.locale);
    const outlook = await orderOutlook(deps, shop, order);
    const lines: PageLine[] = [];
    for (const o of outlook) lines.push(await pageLine(shop, o, locale));
    return { shop, orderId: order.orderId, orderName: order.orderName, locale, lines };
  }

  async function pageLine(shop: ShopDomain, o: LineOutlook, locale: MessageLocale): Promise<PageLine> {
    const current = o.promise?.current ?? null;
    const moved = current !== null && o.committed !== null && !sameEta(current, o.committed);
    const waits = o.waiting > 0;
    return {
      lineItemId: o.line.lineItemId,
      title: o.title,
      status: o.line.status,
      shipNow: o.shipNow,
      waiting: o.waiting,
      eta: waits && current ? etaText(current, locale) : null,
      promised: waits && moved && o.committed ? etaText(o.committed, locale) : null,
      canAccept: waits && moved,
      canCancel: waits,
      substitutes: waits ? await deps.substitutesOf(shop, o.line.variantId) : [],
    };
  }

  /** Claims the action's key; the second claim of a key gets the first one's record. */
  async function claim(shop: ShopDomain, orderId: string, request: ActionRequest) {
    const record: CustomerActionRecord = {
      key: `${orderId}:${request.key}`,
      orderId,
      lineItemId: request.lineItemId,
      kind: request.kind,
      status: "pending",
      detail: {},
      at: clock.now(),
    };
    return repo.recordAction(shop, record);
  }

  return {
    open,
    page,

    /** Carries out one action of the page, once per key. */
    async act(shop: ShopDomain, order: CareOrder, request: ActionRequest): Promise<ActionOutcome> {
      const claimed = await claim(shop, order.orderId, request);
      if (!claimed.created) return claimed.action.status === "failed" ? "failed" : "already";
      const key = claimed.action.key;
      const outlook = await orderOutlook(deps, shop, order);
      const line = outlook.find((o) => o.line.lineItemId === request.lineItemId);
      try {
        const outcome = !line
          ? "nothing_to_do"
          : request.kind === "accept_date"
            ? await acceptDate(deps, shop, order, line, key)
            : request.kind === "cancel"
              ? await cancel(deps, shop, order, line, key)
              : await swap(deps, shop, order, line, key, request.substituteVariantId);
        await repo.finishAction(shop, key, { status: "done", detail: { outcome } });
        return outcome;
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        await repo.finishAction(shop, key, { status: "failed", detail: { error } });
        logger.warn("self-service action failed", { shop, order: order.orderId, kind: request.kind, error });
        return "failed";
      }
    },
  };
}

export type SelfService = ReturnType<typeof createSelfService>;
