import {
  parseCareSettings,
  type CareSettings,
  type MessageKind,
} from "../../domain/customer-care/settings.js";
import type {
  CareOrder,
  CareRepository,
  CareTaskRecord,
  CustomerActionRecord,
  LineConsentRecord,
  LineNoticeRecord,
  MessageStatus,
  NewMessage,
  StoredMessage,
  TemplateRecord,
} from "../../use-cases/customer-care/ports.js";
import type { Clock, ShopDomain } from "../../use-cases/ports.js";
import { customerData, deleteShop, redactCustomer } from "./care-privacy.js";
import {
  actionOf,
  bySeq,
  byTime,
  key,
  messageOf,
  orderOf,
  templateOf,
  type CareTables,
  type IncentiveRow,
  type MessageRow,
  type Owned,
} from "./care-rows.js";

const consentKey = (shop: ShopDomain, c: Pick<LineConsentRecord, "lineItemId" | "kind" | "givenAt">) =>
  key(shop, c.lineItemId, c.kind, c.givenAt.getTime());

/**
 * Customer care's storage in Maps, for use-case tests. Every method does its reads and writes without an `await` in
 * between, so each is atomic like the Prisma statement or transaction it stands in for. Values go in and out as
 * copies. Insertion order stands in for the row ids Prisma sorts ties by.
 */
export class MemoryCareRepository implements CareRepository {
  private readonly orders = new Map<string, Owned<CareOrder>>();
  private readonly settings = new Map<ShopDomain, string>();
  private readonly consents = new Map<string, Owned<LineConsentRecord>>();
  private readonly notices = new Map<string, Owned<LineNoticeRecord>>();
  private readonly messages = new Map<string, MessageRow>();
  private readonly templates = new Map<string, Owned<TemplateRecord>>();
  private readonly actions = new Map<string, Owned<CustomerActionRecord>>();
  private readonly tasks = new Map<string, Owned<CareTaskRecord>>();
  private readonly incentives = new Map<string, IncentiveRow>();
  private seq = 0;

  /** `clock` stamps what the databases stamp with their own time (createdAt, a new message's first attempt). */
  constructor(private readonly clock: Clock = { now: () => new Date() }) {}

  async upsertOrder(shop: ShopDomain, order: CareOrder): Promise<void> {
    const previous = this.orders.get(key(shop, order.orderId));
    this.orders.set(key(shop, order.orderId), {
      ...structuredClone(order),
      shop,
      seq: previous?.seq ?? ++this.seq,
    });
  }

  async getOrder(shop: ShopDomain, orderId: string): Promise<CareOrder | null> {
    const row = this.orders.get(key(shop, orderId));
    return row ? orderOf(row) : null;
  }

  async getOrders(shop: ShopDomain, orderIds: string[]): Promise<CareOrder[]> {
    return [...new Set(orderIds)].flatMap((id) => {
      const row = this.orders.get(key(shop, id));
      return row ? [orderOf(row)] : [];
    });
  }

  async upsertOrders(shop: ShopDomain, orders: CareOrder[]): Promise<void> {
    for (const order of orders) await this.upsertOrder(shop, order);
  }

  async listOrders(shop: ShopDomain, after: string | null, limit: number): Promise<CareOrder[]> {
    return [...this.orders.values()]
      .filter((o) => o.shop === shop && (after === null || o.orderId > after))
      .sort((a, b) => (a.orderId < b.orderId ? -1 : 1))
      .slice(0, limit)
      .map(orderOf);
  }

  async getSettings(shop: ShopDomain): Promise<CareSettings> {
    const stored = this.settings.get(shop);
    return parseCareSettings(stored ? JSON.parse(stored) : null);
  }

  async saveSettings(shop: ShopDomain, settings: CareSettings): Promise<void> {
    this.settings.set(shop, JSON.stringify(settings));
  }

  async recordConsent(shop: ShopDomain, consent: LineConsentRecord): Promise<boolean> {
    const k = consentKey(shop, consent);
    if (this.consents.has(k)) return false;
    this.consents.set(k, { ...structuredClone(consent), shop, seq: ++this.seq });
    return true;
  }

  async recordConsents(shop: ShopDomain, consents: LineConsentRecord[]): Promise<boolean[]> {
    const created: boolean[] = [];
    for (const c of consents) created.push(await this.recordConsent(shop, c));
    return created;
  }

  async consentsOfLines(shop: ShopDomain, lineItemIds: string[]): Promise<LineConsentRecord[]> {
    const ids = new Set(lineItemIds);
    return [...this.consents.values()]
      .filter((c) => c.shop === shop && ids.has(c.lineItemId))
      .sort((a, b) => byTime(a.givenAt, b.givenAt) || bySeq(a, b))
      .map(({ shop: _shop, seq: _seq, ...c }) => structuredClone(c));
  }

  async noticesOfLines(shop: ShopDomain, lineItemIds: string[]): Promise<LineNoticeRecord[]> {
    const ids = new Set(lineItemIds);
    return [...this.notices.values()]
      .filter((n) => n.shop === shop && ids.has(n.lineItemId))
      .sort((a, b) => (a.sentOn < b.sentOn ? -1 : a.sentOn > b.sentOn ? 1 : bySeq(a, b)))
      .map(({ shop: _shop, seq: _seq, ...n }) => structuredClone(n));
  }

  async enqueue(
    shop: ShopDomain,
    m: NewMessage,
    notices: LineNoticeRecord[] = [],
  ): Promise<"queued" | "duplicate"> {
    if (this.messageRow(shop, m.eventKey)) return "duplicate";
    // The notices' own key (line, message) is unique too: a clash stores nothing, as the transaction rolls back.
    if (notices.some((n) => this.notices.has(key(shop, n.lineItemId, n.messageKey)))) return "duplicate";
    const now = this.clock.now();
    this.seq += 1;
    this.messages.set(`m${this.seq}`, {
      ...structuredClone(m),
      id: `m${this.seq}`,
      shop,
      attempts: 0,
      nextAttemptAt: now,
      lockedUntil: null,
      subject: null,
      providerAnswer: null,
      lastError: null,
      createdAt: now,
      sentAt: null,
      seq: this.seq,
    });
    for (const n of notices) {
      this.notices.set(key(shop, n.lineItemId, n.messageKey), {
        ...structuredClone(n),
        shop,
        seq: ++this.seq,
      });
    }
    return "queued";
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<StoredMessage[]> {
    const due = [...this.messages.values()]
      .filter(
        (m) =>
          (m.status === "pending" && m.nextAttemptAt <= now) ||
          (m.status === "sending" && m.lockedUntil !== null && m.lockedUntil < now),
      )
      .sort((a, b) => byTime(a.nextAttemptAt, b.nextAttemptAt) || bySeq(a, b))
      .slice(0, limit);
    for (const m of due) {
      m.status = "sending";
      m.lockedUntil = new Date(now.getTime() + leaseMs);
      m.attempts += 1;
    }
    return due.map(messageOf);
  }

  async markSent(id: string, r: { subject: string; providerAnswer: string; at: Date }): Promise<void> {
    const m = this.messageById(id);
    Object.assign(m, {
      status: "sent",
      subject: r.subject,
      providerAnswer: r.providerAnswer,
      sentAt: r.at,
      lockedUntil: null,
      lastError: null,
    });
  }

  async markFailed(id: string, r: { error: string; retryAt: Date | null }): Promise<void> {
    const m = this.messageById(id);
    m.status = r.retryAt ? "pending" : "failed";
    m.lastError = r.error.slice(0, 2000);
    m.lockedUntil = null;
    if (r.retryAt) m.nextAttemptAt = r.retryAt;
  }

  async listMessages(
    shop: ShopDomain,
    filter: { orderId?: string; status?: MessageStatus; limit: number },
  ): Promise<StoredMessage[]> {
    return [...this.messages.values()]
      .filter(
        (m) =>
          m.shop === shop &&
          (!filter.orderId || m.orderId === filter.orderId) &&
          (!filter.status || m.status === filter.status),
      )
      .sort((a, b) => byTime(b.createdAt, a.createdAt) || bySeq(b, a))
      .slice(0, filter.limit)
      .map(messageOf);
  }

  async messageByKey(shop: ShopDomain, eventKey: string): Promise<StoredMessage | null> {
    const m = this.messageRow(shop, eventKey);
    return m ? messageOf(m) : null;
  }

  async storedEventKeys(shop: ShopDomain, eventKeys: string[]): Promise<Set<string>> {
    return new Set(eventKeys.filter((k) => this.messageRow(shop, k)));
  }

  async listTemplates(shop: ShopDomain): Promise<TemplateRecord[]> {
    return [...this.templates.values()]
      .filter((t) => t.shop === shop)
      .sort((a, b) => (a.kind === b.kind ? (a.locale < b.locale ? -1 : 1) : a.kind < b.kind ? -1 : 1))
      .map(templateOf);
  }

  async getTemplate(shop: ShopDomain, kind: MessageKind, locale: string): Promise<TemplateRecord | null> {
    const t = this.templates.get(key(shop, kind, locale));
    return t ? templateOf(t) : null;
  }

  async saveTemplate(shop: ShopDomain, t: Omit<TemplateRecord, "updatedAt">): Promise<TemplateRecord> {
    const saved = { ...t, updatedAt: this.clock.now() };
    this.templates.set(key(shop, t.kind, t.locale), { ...saved, shop, seq: ++this.seq });
    return { ...saved };
  }

  async deleteTemplate(shop: ShopDomain, kind: MessageKind, locale: string): Promise<boolean> {
    return this.templates.delete(key(shop, kind, locale));
  }

  async recordAction(
    shop: ShopDomain,
    a: CustomerActionRecord,
  ): Promise<{ created: boolean; action: CustomerActionRecord }> {
    const existing = await this.getAction(shop, a.key);
    if (existing) return { created: false, action: existing };
    this.actions.set(key(shop, a.key), { ...structuredClone(a), shop, seq: ++this.seq });
    return { created: true, action: structuredClone(a) };
  }

  async getAction(shop: ShopDomain, actionKey: string): Promise<CustomerActionRecord | null> {
    const a = this.actions.get(key(shop, actionKey));
    return a ? actionOf(a) : null;
  }

  async retakeAction(shop: ShopDomain, actionKey: string, claimedAt: Date, at: Date): Promise<boolean> {
    const a = this.actions.get(key(shop, actionKey));
    if (!a || a.status !== "pending" || a.at.getTime() !== claimedAt.getTime()) return false;
    a.at = new Date(at);
    return true;
  }

  async retryAction(
    shop: ShopDomain,
    actionKey: string,
    claimedAt: Date,
    at: Date,
    detail: Record<string, unknown>,
  ): Promise<boolean> {
    const a = this.actions.get(key(shop, actionKey));
    if (!a || a.status !== "failed" || a.at.getTime() !== claimedAt.getTime()) return false;
    a.status = "pending";
    a.at = new Date(at);
    a.detail = structuredClone(detail);
    return true;
  }

  async finishAction(
    shop: ShopDomain,
    actionKey: string,
    outcome: { status: "done" | "failed"; detail: Record<string, unknown> },
  ): Promise<void> {
    const a = this.actions.get(key(shop, actionKey));
    if (!a) throw new Error(`no customer action ${actionKey}`);
    a.status = outcome.status;
    a.detail = structuredClone(outcome.detail);
  }

  async actionsOfOrder(shop: ShopDomain, orderId: string): Promise<CustomerActionRecord[]> {
    return [...this.actions.values()]
      .filter((a) => a.shop === shop && a.orderId === orderId)
      .sort((a, b) => byTime(a.at, b.at) || bySeq(a, b))
      .map(actionOf);
  }

  async addTask(
    shop: ShopDomain,
    t: Omit<CareTaskRecord, "id" | "createdAt" | "resolvedAt">,
  ): Promise<boolean> {
    const k = key(shop, t.lineItemId, t.kind, t.dueOn);
    if (this.tasks.has(k)) return false;
    this.seq += 1;
    const task = { ...structuredClone(t), id: `t${this.seq}`, createdAt: this.clock.now(), resolvedAt: null };
    this.tasks.set(k, { ...task, shop, seq: this.seq });
    return true;
  }

  async listTasks(shop: ShopDomain, open: boolean): Promise<CareTaskRecord[]> {
    return [...this.tasks.values()]
      .filter((t) => t.shop === shop && (!open || t.resolvedAt === null))
      .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : bySeq(a, b)))
      .map(({ shop: _shop, seq: _seq, ...t }) => structuredClone(t));
  }

  async resolveTask(shop: ShopDomain, id: string, at: Date): Promise<boolean> {
    const task = [...this.tasks.values()].find(
      (t) => t.shop === shop && t.id === id && t.resolvedAt === null,
    );
    if (!task) return false;
    task.resolvedAt = at;
    return true;
  }

  async incentiveOf(shop: ShopDomain, lineItemId: string): Promise<{ code: string } | null> {
    const i = this.incentives.get(key(shop, lineItemId));
    return i ? { code: i.code } : null;
  }

  async saveIncentive(
    shop: ShopDomain,
    i: { lineItemId: string; orderId: string; code: string; discountId: string | null },
  ): Promise<boolean> {
    if (this.incentives.has(key(shop, i.lineItemId))) return false;
    this.incentives.set(key(shop, i.lineItemId), { ...i, shop, seq: ++this.seq });
    return true;
  }

  async customerData(
    shop: ShopDomain,
    customerId: string,
    orderIds: string[],
  ): Promise<Record<string, unknown>> {
    return customerData(this.tables(), shop, customerId, orderIds);
  }

  async redactCustomer(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<number> {
    return redactCustomer(this.tables(), shop, customerId, orderIds);
  }

  async deleteByShop(shop: ShopDomain): Promise<void> {
    deleteShop(this.tables(), shop);
  }

  private tables(): CareTables {
    const { orders, settings, consents, notices, messages, templates, actions, tasks, incentives } = this;
    return { orders, settings, consents, notices, messages, templates, actions, tasks, incentives };
  }

  private messageRow(shop: ShopDomain, eventKey: string) {
    return [...this.messages.values()].find((m) => m.shop === shop && m.eventKey === eventKey);
  }

  private messageById(id: string) {
    const m = this.messages.get(id);
    if (!m) throw new Error(`no outbound message ${id}`);
    return m;
  }
}
