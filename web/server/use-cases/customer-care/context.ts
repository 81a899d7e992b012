/**
 * Shared by the customer-care use cases: the dependencies, and the view of an order's lines a message or the
 * self-service page shows (units, the date promised and the date expected now, in the customer's language).
 */
import {
  heldUnits,
  TERMINAL_STATUSES,
  type BackorderLine,
  type Cause,
} from "../../domain/backorder/index.js";
import { sameEta, type Eta } from "../../domain/eta/index.js";
import {
  etaKey,
  etaText,
  lastDayOf,
  messageLocale,
  type MessageData,
  type MessageLine,
  type MessageLocale,
} from "../../domain/customer-care/messages.js";
import { dayInZone } from "../availability/shop-calendar.js";
import type { MessageKind } from "../../domain/customer-care/settings.js";
import type { BackorderEngine } from "../backorder/index.js";
import type { BackorderRepository, StoredLine } from "../backorder/ports.js";
import type { Clock, Logger, ShopDomain, ShopRepository } from "../ports.js";
import type { LinePromiseRecord } from "../availability/ports.js";
import type {
  CareOrder,
  CareRepository,
  CareShopify,
  LineConsentRecord,
  LineNoticeRecord,
  Mailer,
  NewMessage,
  SelfServiceTokens,
  TemplateRenderer,
} from "./ports.js";

export interface CustomerCareDeps {
  repository: CareRepository;
  backorders: Pick<
    BackorderRepository,
    "getLine" | "getLines" | "linesOfOrder" | "linesOfOrders" | "openLinesOfVariants" | "getOrder"
  >;
  /** `refreshPromises`: the order's metafield is re-written with the line's new promise. */
  engine: Pick<BackorderEngine, "applyLineEvent" | "noteLines" | "refreshPromises">;
  /** The promises the availability services keep per waiting line (made at purchase, current ETA, agreed date). */
  promises: {
    linePromises(shop: ShopDomain, lineItemIds: string[]): Promise<LinePromiseRecord[]>;
    agreeToEta(shop: ShopDomain, lineItemId: string, eta: Eta): Promise<boolean>;
  };
  shops: Pick<ShopRepository, "get">;
  shopify: CareShopify;
  /** null: no SMTP configured; messages wait in the outbox. */
  mailer: Mailer | null;
  mailFrom: string;
  renderer: TemplateRenderer;
  tokens: SelfServiceTokens;
  /** The shop's IANA time zone: its "today" decides deadlines and the day a notice counts as sent. */
  timeZoneOf: (shop: ShopDomain) => Promise<string>;
  /** Where shoppers reach the shop's storefront (the app proxy lives under it): https://{shop} on Shopify. */
  storefrontOrigin: (shop: ShopDomain) => string;
  clock: Clock;
  logger: Logger;
}

const DAY_MS = 86_400_000;

type LinkDeps = Pick<CustomerCareDeps, "storefrontOrigin" | "clock" | "tokens">;

/** The self-service page of an order, through the app proxy, with a fresh token good for `days`. */
function signedLink(deps: LinkDeps, shop: ShopDomain, orderId: string, days: number): string {
  const expiresAt = new Date(deps.clock.now().getTime() + days * DAY_MS);
  const token = deps.tokens.sign({ shop, orderId, expiresAt });
  return `${selfServicePage(deps, shop)}?token=${encodeURIComponent(token)}`;
}

const selfServicePage = (deps: LinkDeps, shop: ShopDomain) =>
  `${deps.storefrontOrigin(shop)}/apps/waitwell/orders`;

/**
 * The order-status link lasts a year: the order-status page sits behind the customer's login, and the link is
 * renewed at a sync of the order once fewer than ORDER_STATUS_LINK_RENEW_DAYS remain, so an order that keeps
 * waiting keeps a working link. (Email links follow the merchant's `linkValidityDays`: they can be forwarded.)
 */
export const ORDER_STATUS_LINK_DAYS = 365;
export const ORDER_STATUS_LINK_RENEW_DAYS = 180;

/**
 * The self-service link the order's metafield carries: `previous` while it is this order's page, signed for this
 * shop and order and good for ORDER_STATUS_LINK_RENEW_DAYS more (so the metafield is not rewritten for a new token
 * at every sync); else a fresh one.
 */
export function orderStatusLink(
  deps: LinkDeps,
  shop: ShopDomain,
  orderId: string,
  previous: string | null,
): string {
  const page = `${selfServicePage(deps, shop)}?token=`;
  if (previous?.startsWith(page)) {
    const token = new URLSearchParams(previous.slice(previous.indexOf("?"))).get("token") ?? "";
    const renewBy = new Date(deps.clock.now().getTime() + ORDER_STATUS_LINK_RENEW_DAYS * DAY_MS);
    const check = deps.tokens.verify(token, renewBy);
    if (check.ok && check.shop === shop && check.orderId === orderId) return previous;
  }
  return signedLink(deps, shop, orderId, ORDER_STATUS_LINK_DAYS);
}

/** A line of the order with what it is promised: the purchase promise, the latest agreed date, the current ETA. */
export interface LineOutlook {
  line: StoredLine;
  title: string;
  waiting: number;
  shipNow: number;
  promise: LinePromiseRecord | null;
  /** What the customer holds us to: the last date they accepted, else the purchase promise. */
  committed: Eta | null;
}

export async function orderOutlook(
  deps: CustomerCareDeps,
  shop: ShopDomain,
  order: CareOrder,
  /** The order's lines when the caller has just read them. */
  linesOfOrder?: StoredLine[],
): Promise<LineOutlook[]> {
  const all = linesOfOrder ?? (await deps.backorders.linesOfOrder(shop, order.orderId));
  const ids = all.filter((l) => l.status !== "new").map((l) => l.lineItemId);
  const [promises, consents] = await Promise.all([
    deps.promises.linePromises(shop, ids),
    deps.repository.consentsOfLines(shop, ids),
  ]);
  return outlookOf(order, all, new Map(promises.map((p) => [p.lineItemId, p])), consentsByLine(consents));
}

/**
 * The outlook of an order from what was read: its lines (a line still "new" is left out), the promises by line and
 * the consents by line (oldest first).
 */
export function outlookOf(
  order: CareOrder,
  linesOfOrder: readonly StoredLine[],
  promiseOf: ReadonlyMap<string, LinePromiseRecord>,
  consentsOf: ReadonlyMap<string, readonly LineConsentRecord[]>,
): LineOutlook[] {
  return linesOfOrder
    .filter((l) => l.status !== "new")
    .map((line) => {
      const promise = promiseOf.get(line.lineItemId) ?? null;
      return {
        line,
        title: titleOf(order, line),
        waiting: heldUnits(line),
        shipNow: line.quantity - heldUnits(line),
        promise,
        committed: committedEta(promise, consentsOf.get(line.lineItemId) ?? []),
      };
    });
}

/** Consents grouped by line, each line's in the order given. */
export function consentsByLine(consents: readonly LineConsentRecord[]): Map<string, LineConsentRecord[]> {
  const byLine = new Map<string, LineConsentRecord[]>();
  for (const c of consents) byLine.set(c.lineItemId, [...(byLine.get(c.lineItemId) ?? []), c]);
  return byLine;
}

export function committedEta(
  promise: LinePromiseRecord | null,
  consents: readonly LineConsentRecord[],
): Eta | null {
  const accepted = consents.filter((c) => c.kind === "accepted_new_date").at(-1);
  return promise?.agreed ?? accepted?.eta ?? promise?.promised ?? null;
}

export function titleOf(
  order: CareOrder,
  line: BackorderLine & { productTitle?: string | null; variantTitle?: string | null },
) {
  const facts = order.lines[line.lineItemId];
  if (facts?.title) return facts.title;
  return [line.productTitle, line.variantTitle].filter(Boolean).join(" – ") || line.lineItemId;
}

/** The message lines: every open line with units; `moved` marks the lines whose date changed for this message. */
export function messageLines(
  outlook: LineOutlook[],
  locale: MessageLocale,
  options: { only?: ReadonlySet<string> } = {},
): MessageLine[] {
  return outlook
    .filter((o) => (options.only ? options.only.has(o.line.lineItemId) : o.line.quantity > 0))
    .map((o) => {
      const current = o.promise?.current ?? null;
      const moved = current !== null && o.committed !== null && !sameEta(current, o.committed);
      return {
        lineItemId: o.line.lineItemId,
        title: o.title,
        shipNow: o.shipNow,
        waiting: o.waiting,
        eta: current ? etaText(current, locale) : "",
        previousEta: moved && o.committed ? etaText(o.committed, locale) : null,
        etaLastDay: current ? lastDayOf(current) : null,
      };
    });
}

/**
 * Takes a line's waiting units off the order: first on Shopify with `write` (a refund or an order edit), then in
 * Waitwell, once Shopify has accepted. If Shopify refuses, Waitwell's line is left exactly as it was and Shopify's
 * error reaches the caller.
 *
 * Shopify first, because Shopify's order is the fact Waitwell mirrors and only Shopify's side can be repaired
 * without us: a crash after Shopify accepted leaves Waitwell behind until the order's webhook for the same change
 * (ingest-order.ts) records it, the way an edit made in Shopify's admin is recorded. Waitwell first could not be
 * repaired: a crash (or a refused rollback) between the two leaves the line cancelled here while Shopify keeps the
 * units unrefunded, and the order's sync (its outbox row is queued with the change) could lift the hold on units
 * the customer is still charged for. The stock Shopify restocks can reach the queue before the change below is
 * recorded; it then goes to the first line waiting, as any stock does, and whatever this line received is freed for
 * the next one when its units are removed (the line's pool is re-decided with the change).
 */
export async function removeWaitingUnits<T>(
  deps: Pick<CustomerCareDeps, "engine" | "backorders">,
  shop: ShopDomain,
  o: LineOutlook,
  cause: Cause,
  write: () => Promise<T>,
): Promise<T> {
  const result = await write();
  const open = o.line.quantity - o.waiting;
  const line = await deps.backorders.getLine(shop, o.line.lineItemId);
  // Shopify's webhook for this change was recorded first: the units are already off the line.
  if (!line || line.quantity <= open || TERMINAL_STATUSES.has(line.status)) return result;
  await deps.engine.applyLineEvent(
    shop,
    o.line.lineItemId,
    { type: "change_quantity", quantity: open },
    cause,
  );
  return result;
}

/** Builds and enqueues a message for an order; a turned-off message is kept as suppressed. */
export async function enqueueMessage(
  deps: CustomerCareDeps,
  shop: ShopDomain,
  input: {
    kind: MessageKind;
    eventKey: string;
    order: CareOrder;
    lines: MessageLine[];
    discountCode?: string | null;
    action?: MessageData["action"];
    notices?: { lineItemId: string; kind: "delay" | "renewed"; revised: Eta }[];
  },
): Promise<"queued" | "duplicate" | "no_address"> {
  const { order } = input;
  if (!order.email) return "no_address";
  const settings = await deps.repository.getSettings(shop);
  const locale = messageLocale(order.locale);
  const message: NewMessage = {
    eventKey: input.eventKey,
    kind: input.kind,
    orderId: order.orderId,
    customerId: order.customerId,
    to: order.email,
    locale,
    status: settings.messages[input.kind] ? "pending" : "suppressed",
    data: {
      kind: input.kind,
      orderName: order.orderName,
      customerName: order.customerName,
      lines: input.lines,
      manageUrl: signedLink(deps, shop, order.orderId, settings.linkValidityDays),
      discountCode: input.discountCode ?? null,
      action: input.action ?? null,
    },
  };
  const notices: LineNoticeRecord[] = [];
  if (input.notices && input.notices.length > 0) {
    // The day a notice counts as sent, in the shop's days.
    const sentOn = dayInZone(deps.clock.now(), await deps.timeZoneOf(shop));
    for (const n of input.notices) notices.push({ ...n, sentOn, messageKey: input.eventKey });
  }
  return deps.repository.enqueue(shop, message, notices);
}

export { etaKey };

export type Logged = Pick<Logger, "info" | "warn">;
export type { Clock };
