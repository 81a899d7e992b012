/**
 * What customer care needs from the outside world: its own storage (orders' contact facts, consents, notices, the
 * email outbox, templates, settings, self-service actions, the merchant's to-do list), a mailer, a template renderer,
 * self-service link tokens and the Shopify operations of the self-service page. Implemented in adapters/.
 */
import type { Eta } from "../../domain/eta/index.js";
import type { CareSettings, MessageKind } from "../../domain/customer-care/settings.js";
import type { MessageData } from "../../domain/customer-care/messages.js";
import type { ShopDomain } from "../ports.js";

export interface CareOrderLineFacts {
  title: string;
  /** The text the storefront showed for the line (the "Shipping" line item property), when it had one. */
  shownText: string | null;
  /** Price per unit after discounts, a decimal string in the order's currency. */
  unitPrice: string | null;
}

export interface CareOrder {
  orderId: string;
  orderName: string;
  customerId: string | null;
  email: string | null;
  customerName: string | null;
  locale: string;
  acknowledgedAt: Date | null;
  currency: string | null;
  lines: Record<string, CareOrderLineFacts>;
}

export type ConsentKind = "checkout_acknowledgement" | "accepted_new_date";

export interface LineConsentRecord {
  lineItemId: string;
  orderId: string;
  customerId: string | null;
  kind: ConsentKind;
  eta: Eta;
  text: string;
  locale: string;
  givenAt: Date;
}

export interface LineNoticeRecord {
  lineItemId: string;
  kind: "delay" | "renewed";
  sentOn: string;
  revised: Eta;
  messageKey: string;
}

export type MessageStatus = "pending" | "sending" | "sent" | "failed" | "suppressed";

/**
 * A message its sender wrote whole (a merchant alert: Waitwell's words to the shop's staff, not a template the
 * merchant edits for customers); the outbox sends it as written.
 */
export interface WrittenMessage {
  kind: "merchant_alert";
  written: RenderedMessage;
}

export interface NewMessage {
  eventKey: string;
  kind: MessageKind | "test" | "merchant_alert";
  orderId: string | null;
  customerId: string | null;
  to: string;
  locale: string;
  data: MessageData | WrittenMessage;
  /** suppressed: the merchant turned the message off (kept, so the history says why nothing was sent). */
  status: "pending" | "suppressed";
}

export interface StoredMessage extends Omit<NewMessage, "status"> {
  id: string;
  shop: ShopDomain;
  status: MessageStatus;
  attempts: number;
  nextAttemptAt: Date;
  subject: string | null;
  providerAnswer: string | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface TemplateRecord {
  kind: MessageKind;
  locale: string;
  subject: string;
  body: string;
  updatedAt: Date;
}

export interface CustomerActionRecord {
  key: string;
  orderId: string;
  lineItemId: string;
  kind: "accept_date" | "cancel" | "swap";
  /** pending: claimed, being carried out (a second click finds it and does nothing). */
  status: "pending" | "done" | "failed";
  detail: Record<string, unknown>;
  at: Date;
}

export interface CareTaskRecord {
  id: string;
  lineItemId: string;
  orderId: string;
  kind: "deadline_without_consent";
  dueOn: string;
  detail: Record<string, unknown>;
  createdAt: Date;
  resolvedAt: Date | null;
}

export interface CareRepository {
  upsertOrder(shop: ShopDomain, order: CareOrder): Promise<void>;
  getOrder(shop: ShopDomain, orderId: string): Promise<CareOrder | null>;
  /** The orders asked for that are stored, in any order: one read for a batch of orders. */
  getOrders(shop: ShopDomain, orderIds: string[]): Promise<CareOrder[]>;
  /** Each order as upsertOrder stores it, in one statement (one id at most once). */
  upsertOrders(shop: ShopDomain, orders: CareOrder[]): Promise<void>;
  /** Orders with a contact, oldest first, for the scheduled deadline and incentive checks. */
  listOrders(shop: ShopDomain, after: string | null, limit: number): Promise<CareOrder[]>;

  getSettings(shop: ShopDomain): Promise<CareSettings>;
  saveSettings(shop: ShopDomain, settings: CareSettings): Promise<void>;

  /** Stores the consent unless the same (line, kind, time) is stored; true when it was new. */
  recordConsent(shop: ShopDomain, consent: LineConsentRecord): Promise<boolean>;
  /**
   * Each consent as recordConsent stores it, together (a repeat within the list is not new either); per consent,
   * true when it was new.
   */
  recordConsents(shop: ShopDomain, consents: LineConsentRecord[]): Promise<boolean[]>;
  consentsOfLines(shop: ShopDomain, lineItemIds: string[]): Promise<LineConsentRecord[]>;
  noticesOfLines(shop: ShopDomain, lineItemIds: string[]): Promise<LineNoticeRecord[]>;

  /**
   * One transaction: the message (unless its event key is stored: "duplicate") and the notices it carries. A repeated
   * event writes nothing.
   */
  enqueue(
    shop: ShopDomain,
    message: NewMessage,
    notices?: LineNoticeRecord[],
  ): Promise<"queued" | "duplicate">;
  /** Leases due messages (pending, or failed with a retry due) of any shop; a lease that runs out is taken again. */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<StoredMessage[]>;
  markSent(id: string, result: { subject: string; providerAnswer: string; at: Date }): Promise<void>;
  /** `retryAt` null: no more attempts (status failed for good). */
  markFailed(id: string, result: { error: string; retryAt: Date | null }): Promise<void>;
  listMessages(
    shop: ShopDomain,
    filter: { orderId?: string; status?: MessageStatus; limit: number },
  ): Promise<StoredMessage[]>;
  messageByKey(shop: ShopDomain, eventKey: string): Promise<StoredMessage | null>;
  /** Which of these event keys have a message stored (enqueue would answer "duplicate"): one read. */
  storedEventKeys(shop: ShopDomain, eventKeys: string[]): Promise<Set<string>>;

  listTemplates(shop: ShopDomain): Promise<TemplateRecord[]>;
  getTemplate(shop: ShopDomain, kind: MessageKind, locale: string): Promise<TemplateRecord | null>;
  saveTemplate(shop: ShopDomain, template: Omit<TemplateRecord, "updatedAt">): Promise<TemplateRecord>;
  deleteTemplate(shop: ShopDomain, kind: MessageKind, locale: string): Promise<boolean>;

  /** Stores the action unless its key is stored; returns the stored one either way. */
  recordAction(
    shop: ShopDomain,
    action: CustomerActionRecord,
  ): Promise<{ created: boolean; action: CustomerActionRecord }>;
  getAction(shop: ShopDomain, key: string): Promise<CustomerActionRecord | null>;
  /**
   * Takes over an action still pending as claimed at `claimedAt` (its process died before finishing it): stamps it
   * `at` and answers true for one caller only (compare-and-set on the claim's time).
   */
  retakeAction(shop: ShopDomain, key: string, claimedAt: Date, at: Date): Promise<boolean>;
  /**
   * Claims a failed action again for another attempt: sets it pending, stamped `at`, with `detail`, and answers true
   * for one caller only (compare-and-set on the failed status and the last claim's time `claimedAt`).
   */
  retryAction(
    shop: ShopDomain,
    key: string,
    claimedAt: Date,
    at: Date,
    detail: Record<string, unknown>,
  ): Promise<boolean>;
  finishAction(
    shop: ShopDomain,
    key: string,
    outcome: { status: "done" | "failed"; detail: Record<string, unknown> },
  ): Promise<void>;
  actionsOfOrder(shop: ShopDomain, orderId: string): Promise<CustomerActionRecord[]>;

  addTask(shop: ShopDomain, task: Omit<CareTaskRecord, "id" | "createdAt" | "resolvedAt">): Promise<boolean>;
  listTasks(shop: ShopDomain, open: boolean): Promise<CareTaskRecord[]>;
  resolveTask(shop: ShopDomain, id: string, at: Date): Promise<boolean>;

  incentiveOf(shop: ShopDomain, lineItemId: string): Promise<{ code: string } | null>;
  saveIncentive(
    shop: ShopDomain,
    incentive: { lineItemId: string; orderId: string; code: string; discountId: string | null },
  ): Promise<boolean>;

  // ---- privacy
  /** Everything stored about a customer (their orders' contact facts, consents, messages, actions). */
  customerData(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<Record<string, unknown>>;
  /** Erases it: consents, messages, actions and contact facts of the customer's orders. Returns rows removed. */
  redactCustomer(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<number>;
  deleteByShop(shop: ShopDomain): Promise<void>;
}

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Sends one email; resolves with the provider's answer (e.g. "250 2.0.0 OK queued as …"), throws when refused. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string; response: string }>;
}

export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

/** Renders a Liquid template (subject and body) with the message's variables; throws on a template error. */
export interface TemplateRenderer {
  render(
    template: { subject: string; body: string },
    variables: Record<string, unknown>,
  ): Promise<RenderedMessage>;
  /** The template's syntax problem, or null. */
  check(template: { subject: string; body: string }): string | null;
}

export type TokenCheck =
  { ok: true; shop: ShopDomain; orderId: string } | { ok: false; reason: "invalid" | "expired" };

/** Self-service links: a signed, expiring token naming one shop's order. */
export interface SelfServiceTokens {
  sign(claims: { shop: ShopDomain; orderId: string; expiresAt: Date }): string;
  verify(token: string, now: Date): TokenCheck;
}

/** What the self-service page needs of Shopify (adapters/shopify/care-shopify.ts). */
export interface CareShopify {
  /**
   * Removes `units` of an unfulfilled line from the order, restocks them and refunds them to the original payment
   * (refundCreate with restockType CANCEL). Returns the amount refunded (decimal string) and the refund id.
   */
  refundUnits(
    shop: ShopDomain,
    input: { orderId: string; lineItemId: string; units: number; note: string; locationId: string | null },
  ): Promise<{ refundId: string; amount: string; currency: string }>;
  /** Refunds an amount (decimal string) to the order's original payment, no line items (refundCreate). */
  refundAmount(
    shop: ShopDomain,
    input: { orderId: string; amount: string; note: string },
  ): Promise<{ refundId: string; amount: string; currency: string }>;
  /**
   * Replaces `units` waiting units of a line with the same number of a substitute variant (an order edit: add the
   * substitute, lower the line, commit). `priceCap` keeps the substitute at the price paid per unit when it costs
   * more. Returns the new line item id.
   */
  swapUnits(
    shop: ShopDomain,
    input: {
      orderId: string;
      lineItemId: string;
      units: number;
      substituteVariantId: string;
      priceCap: string | null;
    },
  ): Promise<{ newLineItemId: string | null }>;
  /** A single-use code for one customer: percentage off, one use. */
  createDiscountCode(
    shop: ShopDomain,
    input: {
      code: string;
      title: string;
      percentage: number;
      customerId: string;
      startsAt: Date;
      endsAt: Date;
    },
  ): Promise<{ discountId: string }>;
}
