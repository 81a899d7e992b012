import type { Eta } from "../../domain/eta/index.js";
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
import type { ShopDomain } from "../../use-cases/ports.js";
import { Prisma, type Db } from "./client.js";
import { storedShop } from "./shop-column.js";

type MessageRow = Awaited<ReturnType<Db["outboundMessage"]["findFirstOrThrow"]>>;
type OrderRow = Awaited<ReturnType<Db["careOrder"]["findFirstOrThrow"]>>;
type ConsentRow = Awaited<ReturnType<Db["lineConsent"]["findFirstOrThrow"]>>;

/** Customer care's tables (CareOrder, LineConsent, LineNotice, OutboundMessage, …) on SQLite and PostgreSQL. */
export class PrismaCareRepository implements CareRepository {
  constructor(private readonly db: Db) {}

  async upsertOrder(shop: ShopDomain, order: CareOrder): Promise<void> {
    const data = {
      orderName: order.orderName,
      customerId: order.customerId,
      email: order.email,
      customerName: order.customerName,
      locale: order.locale,
      acknowledgedAt: order.acknowledgedAt,
      currency: order.currency,
      lines: JSON.stringify(order.lines),
    };
    await this.db.careOrder.upsert({
      where: { shop_orderId: { shop, orderId: order.orderId } },
      create: { shop, orderId: order.orderId, ...data },
      update: data,
    });
  }

  async getOrder(shop: ShopDomain, orderId: string): Promise<CareOrder | null> {
    const row = await this.db.careOrder.findUnique({ where: { shop_orderId: { shop, orderId } } });
    return row ? toOrder(row) : null;
  }

  async listOrders(shop: ShopDomain, after: string | null, limit: number): Promise<CareOrder[]> {
    const rows = await this.db.careOrder.findMany({
      where: { shop, ...(after ? { orderId: { gt: after } } : {}) },
      orderBy: { orderId: "asc" },
      take: limit,
    });
    return rows.map(toOrder);
  }

  async getSettings(shop: ShopDomain): Promise<CareSettings> {
    const row = await this.db.careSettings.findUnique({ where: { shop } });
    return parseCareSettings(row ? JSON.parse(row.settings) : null);
  }

  async saveSettings(shop: ShopDomain, settings: CareSettings): Promise<void> {
    const value = JSON.stringify(settings);
    await this.db.careSettings.upsert({
      where: { shop },
      create: { shop, settings: value },
      update: { settings: value },
    });
  }

  async recordConsent(shop: ShopDomain, c: LineConsentRecord): Promise<boolean> {
    const key = { shop, lineItemId: c.lineItemId, kind: c.kind, givenAt: c.givenAt };
    if (await this.db.lineConsent.findUnique({ where: { shop_lineItemId_kind_givenAt: key } })) return false;
    try {
      await this.db.lineConsent.create({
        data: {
          ...key,
          orderId: c.orderId,
          customerId: c.customerId,
          eta: JSON.stringify(c.eta),
          text: c.text,
          locale: c.locale,
        },
      });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  async consentsOfLines(shop: ShopDomain, lineItemIds: string[]): Promise<LineConsentRecord[]> {
    if (lineItemIds.length === 0) return [];
    const rows = await this.db.lineConsent.findMany({
      where: { shop, lineItemId: { in: lineItemIds } },
      orderBy: [{ givenAt: "asc" }, { id: "asc" }],
    });
    return rows.map(toConsent);
  }

  async noticesOfLines(shop: ShopDomain, lineItemIds: string[]): Promise<LineNoticeRecord[]> {
    if (lineItemIds.length === 0) return [];
    const rows = await this.db.lineNotice.findMany({
      where: { shop, lineItemId: { in: lineItemIds } },
      orderBy: [{ sentOn: "asc" }, { id: "asc" }],
    });
    return rows.map((r) => ({
      lineItemId: r.lineItemId,
      kind: r.kind as LineNoticeRecord["kind"],
      sentOn: r.sentOn,
      revised: JSON.parse(r.revised) as Eta,
      messageKey: r.messageKey,
    }));
  }

  async enqueue(
    shop: ShopDomain,
    m: NewMessage,
    notices: LineNoticeRecord[] = [],
  ): Promise<"queued" | "duplicate"> {
    try {
      return await this.db.$transaction(async (tx) => {
        const existing = await tx.outboundMessage.findUnique({
          where: { shop_eventKey: { shop, eventKey: m.eventKey } },
        });
        if (existing) return "duplicate" as const;
        await tx.outboundMessage.create({
          data: {
            shop,
            eventKey: m.eventKey,
            kind: m.kind,
            orderId: m.orderId,
            customerId: m.customerId,
            to: m.to,
            locale: m.locale,
            data: JSON.stringify(m.data),
            status: m.status,
          },
        });
        for (const n of notices) {
          await tx.lineNotice.create({
            data: {
              shop,
              lineItemId: n.lineItemId,
              kind: n.kind,
              sentOn: n.sentOn,
              revised: JSON.stringify(n.revised),
              messageKey: n.messageKey,
            },
          });
        }
        return "queued" as const;
      });
    } catch (e) {
      // A concurrent enqueue of the same event won the insert.
      if (isUniqueViolation(e)) return "duplicate";
      throw e;
    }
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<StoredMessage[]> {
    const candidates = await this.db.outboundMessage.findMany({
      where: {
        OR: [
          { status: "pending", nextAttemptAt: { lte: now } },
          { status: "sending", lockedUntil: { lt: now } },
        ],
      },
      orderBy: { nextAttemptAt: "asc" },
      take: limit,
      select: { id: true, status: true, lockedUntil: true },
    });
    const claimed: StoredMessage[] = [];
    for (const c of candidates) {
      // Compare-and-set on the state read: a message another worker took in between is skipped.
      const { count } = await this.db.outboundMessage.updateMany({
        where: { id: c.id, status: c.status, lockedUntil: c.lockedUntil },
        data: {
          status: "sending",
          lockedUntil: new Date(now.getTime() + leaseMs),
          attempts: { increment: 1 },
        },
      });
      if (count === 1) {
        const row = await this.db.outboundMessage.findUnique({ where: { id: c.id } });
        if (row) claimed.push(toMessage(row));
      }
    }
    return claimed;
  }

  async markSent(id: string, r: { subject: string; providerAnswer: string; at: Date }): Promise<void> {
    await this.db.outboundMessage.update({
      where: { id },
      data: {
        status: "sent",
        subject: r.subject,
        providerAnswer: r.providerAnswer,
        sentAt: r.at,
        lockedUntil: null,
        lastError: null,
      },
    });
  }

  async markFailed(id: string, r: { error: string; retryAt: Date | null }): Promise<void> {
    await this.db.outboundMessage.update({
      where: { id },
      data: {
        // A retry waits as pending until its time; out of attempts, it stays failed for the merchant to see.
        status: r.retryAt ? "pending" : "failed",
        lastError: r.error.slice(0, 2000),
        lockedUntil: null,
        ...(r.retryAt ? { nextAttemptAt: r.retryAt } : {}),
      },
    });
  }

  async listMessages(
    shop: ShopDomain,
    filter: { orderId?: string; status?: MessageStatus; limit: number },
  ): Promise<StoredMessage[]> {
    const rows = await this.db.outboundMessage.findMany({
      where: {
        shop,
        ...(filter.orderId ? { orderId: filter.orderId } : {}),
        ...(filter.status ? { status: filter.status } : {}),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: filter.limit,
    });
    return rows.map(toMessage);
  }

  async messageByKey(shop: ShopDomain, eventKey: string): Promise<StoredMessage | null> {
    const row = await this.db.outboundMessage.findUnique({ where: { shop_eventKey: { shop, eventKey } } });
    return row ? toMessage(row) : null;
  }

  async listTemplates(shop: ShopDomain): Promise<TemplateRecord[]> {
    const rows = await this.db.messageTemplate.findMany({
      where: { shop },
      orderBy: [{ kind: "asc" }, { locale: "asc" }],
    });
    return rows.map((r) => ({
      kind: r.kind as MessageKind,
      locale: r.locale,
      subject: r.subject,
      body: r.body,
      updatedAt: r.updatedAt,
    }));
  }

  async getTemplate(shop: ShopDomain, kind: MessageKind, locale: string): Promise<TemplateRecord | null> {
    const r = await this.db.messageTemplate.findUnique({
      where: { shop_kind_locale: { shop, kind, locale } },
    });
    return r ? { kind, locale, subject: r.subject, body: r.body, updatedAt: r.updatedAt } : null;
  }

  async saveTemplate(shop: ShopDomain, t: Omit<TemplateRecord, "updatedAt">): Promise<TemplateRecord> {
    const r = await this.db.messageTemplate.upsert({
      where: { shop_kind_locale: { shop, kind: t.kind, locale: t.locale } },
      create: { shop, ...t },
      update: { subject: t.subject, body: t.body },
    });
    return { ...t, updatedAt: r.updatedAt };
  }

  async deleteTemplate(shop: ShopDomain, kind: MessageKind, locale: string): Promise<boolean> {
    const { count } = await this.db.messageTemplate.deleteMany({ where: { shop, kind, locale } });
    return count > 0;
  }

  async recordAction(
    shop: ShopDomain,
    a: CustomerActionRecord,
  ): Promise<{ created: boolean; action: CustomerActionRecord }> {
    const existing = await this.getAction(shop, a.key);
    if (existing) return { created: false, action: existing };
    try {
      await this.db.customerAction.create({
        data: {
          shop,
          orderId: a.orderId,
          lineItemId: a.lineItemId,
          kind: a.kind,
          key: a.key,
          status: a.status,
          detail: JSON.stringify(a.detail),
          at: a.at,
        },
      });
      return { created: true, action: a };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const stored = await this.getAction(shop, a.key);
      if (!stored) throw e;
      return { created: false, action: stored };
    }
  }

  async getAction(shop: ShopDomain, key: string): Promise<CustomerActionRecord | null> {
    const r = await this.db.customerAction.findUnique({ where: { shop_key: { shop, key } } });
    return r ? toAction(r) : null;
  }

  async finishAction(
    shop: ShopDomain,
    key: string,
    outcome: { status: "done" | "failed"; detail: Record<string, unknown> },
  ): Promise<void> {
    await this.db.customerAction.update({
      where: { shop_key: { shop, key } },
      data: { status: outcome.status, detail: JSON.stringify(outcome.detail) },
    });
  }

  async actionsOfOrder(shop: ShopDomain, orderId: string): Promise<CustomerActionRecord[]> {
    const rows = await this.db.customerAction.findMany({ where: { shop, orderId }, orderBy: { at: "asc" } });
    return rows.map(toAction);
  }

  async addTask(
    shop: ShopDomain,
    t: Omit<CareTaskRecord, "id" | "createdAt" | "resolvedAt">,
  ): Promise<boolean> {
    const key = { shop, lineItemId: t.lineItemId, kind: t.kind, dueOn: t.dueOn };
    if (await this.db.careTask.findUnique({ where: { shop_lineItemId_kind_dueOn: key } })) return false;
    try {
      await this.db.careTask.create({
        data: { ...key, orderId: t.orderId, detail: JSON.stringify(t.detail) },
      });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  async listTasks(shop: ShopDomain, open: boolean): Promise<CareTaskRecord[]> {
    const rows = await this.db.careTask.findMany({
      where: { shop, ...(open ? { resolvedAt: null } : {}) },
      orderBy: [{ dueOn: "asc" }, { id: "asc" }],
    });
    return rows.map((r) => ({
      id: r.id,
      lineItemId: r.lineItemId,
      orderId: r.orderId,
      kind: r.kind as CareTaskRecord["kind"],
      dueOn: r.dueOn,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
      createdAt: r.createdAt,
      resolvedAt: r.resolvedAt,
    }));
  }

  async resolveTask(shop: ShopDomain, id: string, at: Date): Promise<boolean> {
    const { count } = await this.db.careTask.updateMany({
      where: { shop, id, resolvedAt: null },
      data: { resolvedAt: at },
    });
    return count > 0;
  }

  async incentiveOf(shop: ShopDomain, lineItemId: string): Promise<{ code: string } | null> {
    const r = await this.db.waitIncentive.findUnique({ where: { shop_lineItemId: { shop, lineItemId } } });
    return r ? { code: r.code } : null;
  }

  async saveIncentive(
    shop: ShopDomain,
    i: { lineItemId: string; orderId: string; code: string; discountId: string | null },
  ): Promise<boolean> {
    try {
      await this.db.waitIncentive.create({ data: { shop, ...i } });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  async customerData(
    shop: ShopDomain,
    customerId: string,
    orderIds: string[],
  ): Promise<Record<string, unknown>> {
    const orders = await this.db.careOrder.findMany({
      where: { shop, OR: [{ customerId }, { orderId: { in: orderIds } }] },
    });
    const ids = orders.map((o) => o.orderId);
    const [consents, messages, actions, incentives] = await Promise.all([
      this.db.lineConsent.findMany({
        where: { shop, OR: [{ customerId }, { orderId: { in: ids } }] },
        orderBy: { givenAt: "asc" },
      }),
      this.db.outboundMessage.findMany({
        where: { shop, OR: [{ customerId }, { orderId: { in: ids } }] },
        orderBy: { createdAt: "asc" },
      }),
      this.db.customerAction.findMany({ where: { shop, orderId: { in: ids } }, orderBy: { at: "asc" } }),
      this.db.waitIncentive.findMany({ where: { shop, orderId: { in: ids } } }),
    ]);
    return {
      orders: orders.map(toOrder),
      consents: consents.map(toConsent),
      messages: messages.map((m) => {
        const { data: _data, ...rest } = toMessage(m);
        return rest;
      }),
      selfServiceActions: actions.map(toAction),
      discountCodes: incentives.map((i) => ({ orderId: i.orderId, lineItemId: i.lineItemId, code: i.code })),
    };
  }

  async redactCustomer(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<number> {
    return this.db.$transaction(async (tx) => {
      const orders = await tx.careOrder.findMany({
        where: { shop, OR: [{ customerId }, { orderId: { in: orderIds } }] },
      });
      const ids = orders.map((o) => o.orderId);
      const counts = await Promise.all([
        tx.lineConsent.deleteMany({ where: { shop, OR: [{ customerId }, { orderId: { in: ids } }] } }),
        tx.outboundMessage.deleteMany({ where: { shop, OR: [{ customerId }, { orderId: { in: ids } }] } }),
        tx.customerAction.deleteMany({ where: { shop, orderId: { in: ids } } }),
        tx.waitIncentive.deleteMany({ where: { shop, orderId: { in: ids } } }),
        tx.careOrder.deleteMany({ where: { shop, orderId: { in: ids } } }),
      ]);
      return counts.reduce((sum, c) => sum + c.count, 0);
    });
  }

  async deleteByShop(shop: ShopDomain): Promise<void> {
    await this.db.$transaction([
      this.db.careOrder.deleteMany({ where: { shop } }),
      this.db.lineConsent.deleteMany({ where: { shop } }),
      this.db.lineNotice.deleteMany({ where: { shop } }),
      this.db.outboundMessage.deleteMany({ where: { shop } }),
      this.db.messageTemplate.deleteMany({ where: { shop } }),
      this.db.careSettings.deleteMany({ where: { shop } }),
      this.db.customerAction.deleteMany({ where: { shop } }),
      this.db.careTask.deleteMany({ where: { shop } }),
      this.db.waitIncentive.deleteMany({ where: { shop } }),
    ]);
  }
}

function toOrder(row: OrderRow): CareOrder {
  return {
    orderId: row.orderId,
    orderName: row.orderName,
    customerId: row.customerId,
    email: row.email,
    customerName: row.customerName,
    locale: row.locale,
    acknowledgedAt: row.acknowledgedAt,
    currency: row.currency,
    lines: JSON.parse(row.lines) as CareOrder["lines"],
  };
}

function toConsent(r: ConsentRow): LineConsentRecord {
  return {
    lineItemId: r.lineItemId,
    orderId: r.orderId,
    customerId: r.customerId,
    kind: r.kind as LineConsentRecord["kind"],
    eta: JSON.parse(r.eta) as Eta,
    text: r.text,
    locale: r.locale,
    givenAt: r.givenAt,
  };
}

function toMessage(r: MessageRow): StoredMessage {
  return {
    id: r.id,
    shop: storedShop(r.shop),
    eventKey: r.eventKey,
    kind: r.kind as StoredMessage["kind"],
    orderId: r.orderId,
    customerId: r.customerId,
    to: r.to,
    locale: r.locale,
    data: JSON.parse(r.data) as StoredMessage["data"],
    status: r.status as MessageStatus,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    subject: r.subject,
    providerAnswer: r.providerAnswer,
    lastError: r.lastError,
    createdAt: r.createdAt,
    sentAt: r.sentAt,
  };
}

function toAction(r: {
  key: string;
  orderId: string;
  lineItemId: string;
  kind: string;
  status: string;
  detail: string;
  at: Date;
}): CustomerActionRecord {
  return {
    key: r.key,
    orderId: r.orderId,
    lineItemId: r.lineItemId,
    kind: r.kind as CustomerActionRecord["kind"],
    status: r.status as CustomerActionRecord["status"],
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    at: r.at,
  };
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}
