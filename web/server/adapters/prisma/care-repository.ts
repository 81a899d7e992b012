import type { Eta } from "../../domain/eta/index.js";
import { parseCareSettings, type CareSettings } from "../../domain/customer-care/settings.js";
import type {
  CareOrder,
  CareRepository,
  LineConsentRecord,
  LineNoticeRecord,
} from "../../use-cases/customer-care/ports.js";
import type { ShopDomain } from "../../use-cases/ports.js";
import type { Db } from "./client.js";
import { IN_CHUNK, chunks } from "./backorder/shared.js";
import { insertStatement, rowsPerStatement } from "./backorder/statements.js";
import * as messages from "./care/messages.js";
import * as selfService from "./care/self-service.js";
import { isUniqueViolation, toAction, toConsent, toMessage, toOrder, type Args } from "./care/rows.js";

const ORDER_COLUMNS = [
  "shop",
  "orderId",
  "orderName",
  "customerId",
  "email",
  "customerName",
  "locale",
  "acknowledgedAt",
  "currency",
  "lines",
  "createdAt",
  "updatedAt",
] as const;

/**
 * Customer care's tables (CareOrder, LineConsent, LineNotice, OutboundMessage, …) on SQLite and PostgreSQL. Orders,
 * settings, consents, notices and privacy here; the outbox and the templates in ./care/messages.ts; the customer's
 * actions, the to-do list and the incentives in ./care/self-service.ts.
 */
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

  async getOrders(shop: ShopDomain, orderIds: string[]): Promise<CareOrder[]> {
    const orders: CareOrder[] = [];
    for (const chunk of chunks([...new Set(orderIds)], IN_CHUNK)) {
      const rows = await this.db.careOrder.findMany({ where: { shop, orderId: { in: chunk } } });
      orders.push(...rows.map(toOrder));
    }
    return orders;
  }

  /** A multi-row INSERT … ON CONFLICT DO UPDATE (both databases take it as written); createdAt stays. */
  async upsertOrders(shop: ShopDomain, orders: CareOrder[]): Promise<void> {
    const now = new Date();
    for (const chunk of chunks(orders, rowsPerStatement(ORDER_COLUMNS.length))) {
      await this.db.$executeRaw(
        insertStatement({
          table: "CareOrder",
          columns: ORDER_COLUMNS,
          rows: chunk.map((o) => [
            shop,
            o.orderId,
            o.orderName,
            o.customerId,
            o.email,
            o.customerName,
            o.locale,
            o.acknowledgedAt,
            o.currency,
            JSON.stringify(o.lines),
            now,
            now,
          ]),
          onConflict: { key: ["shop", "orderId"], keep: ["createdAt"] },
        }),
      );
    }
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
      await this.db.lineConsent.create({ data: consentRow(shop, c) });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  async recordConsents(shop: ShopDomain, consents: LineConsentRecord[]): Promise<boolean[]> {
    const keyOf = (c: Pick<LineConsentRecord, "lineItemId" | "kind" | "givenAt">) =>
      `${c.lineItemId}|${c.kind}|${c.givenAt.getTime()}`;
    const seen = new Set(
      (await this.consentsOfLines(shop, [...new Set(consents.map((c) => c.lineItemId))])).map(keyOf),
    );
    const created = consents.map((c) => {
      const key = keyOf(c);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const fresh = consents.filter((_, i) => created[i]);
    if (fresh.length === 0) return created;
    try {
      await this.db.lineConsent.createMany({ data: fresh.map((c) => consentRow(shop, c)) });
      return created;
    } catch (e) {
      // Another writer stored one of them in between: one at a time, each new or not.
      if (!isUniqueViolation(e)) throw e;
      const each: boolean[] = [];
      for (const c of consents) each.push(await this.recordConsent(shop, c));
      return each;
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

  // ---- the outbox and the templates (./care/messages.ts)
  enqueue(...a: Args<typeof messages.enqueue>) {
    return messages.enqueue(this.db, ...a);
  }
  claimDue(...a: Args<typeof messages.claimDue>) {
    return messages.claimDue(this.db, ...a);
  }
  markSent(...a: Args<typeof messages.markSent>) {
    return messages.markSent(this.db, ...a);
  }
  markFailed(...a: Args<typeof messages.markFailed>) {
    return messages.markFailed(this.db, ...a);
  }
  listMessages(...a: Args<typeof messages.listMessages>) {
    return messages.listMessages(this.db, ...a);
  }
  messageByKey(...a: Args<typeof messages.messageByKey>) {
    return messages.messageByKey(this.db, ...a);
  }
  storedEventKeys(...a: Args<typeof messages.storedEventKeys>) {
    return messages.storedEventKeys(this.db, ...a);
  }
  listTemplates(...a: Args<typeof messages.listTemplates>) {
    return messages.listTemplates(this.db, ...a);
  }
  getTemplate(...a: Args<typeof messages.getTemplate>) {
    return messages.getTemplate(this.db, ...a);
  }
  saveTemplate(...a: Args<typeof messages.saveTemplate>) {
    return messages.saveTemplate(this.db, ...a);
  }
  deleteTemplate(...a: Args<typeof messages.deleteTemplate>) {
    return messages.deleteTemplate(this.db, ...a);
  }

  // ---- self-service actions, tasks, incentives (./care/self-service.ts)
  recordAction(...a: Args<typeof selfService.recordAction>) {
    return selfService.recordAction(this.db, ...a);
  }
  getAction(...a: Args<typeof selfService.getAction>) {
    return selfService.getAction(this.db, ...a);
  }
  retakeAction(...a: Args<typeof selfService.retakeAction>) {
    return selfService.retakeAction(this.db, ...a);
  }
  retryAction(...a: Args<typeof selfService.retryAction>) {
    return selfService.retryAction(this.db, ...a);
  }
  finishAction(...a: Args<typeof selfService.finishAction>) {
    return selfService.finishAction(this.db, ...a);
  }
  actionsOfOrder(...a: Args<typeof selfService.actionsOfOrder>) {
    return selfService.actionsOfOrder(this.db, ...a);
  }
  addTask(...a: Args<typeof selfService.addTask>) {
    return selfService.addTask(this.db, ...a);
  }
  listTasks(...a: Args<typeof selfService.listTasks>) {
    return selfService.listTasks(this.db, ...a);
  }
  resolveTask(...a: Args<typeof selfService.resolveTask>) {
    return selfService.resolveTask(this.db, ...a);
  }
  incentiveOf(...a: Args<typeof selfService.incentiveOf>) {
    return selfService.incentiveOf(this.db, ...a);
  }
  saveIncentive(...a: Args<typeof selfService.saveIncentive>) {
    return selfService.saveIncentive(this.db, ...a);
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

function consentRow(shop: ShopDomain, c: LineConsentRecord) {
  return {
    shop,
    lineItemId: c.lineItemId,
    kind: c.kind,
    givenAt: c.givenAt,
    orderId: c.orderId,
    customerId: c.customerId,
    eta: JSON.stringify(c.eta),
    text: c.text,
    locale: c.locale,
  };
}
