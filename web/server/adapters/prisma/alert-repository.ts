import type { AlertCandidate, AlertSettings } from "../../domain/alerts/index.js";
import type { AlertRepository, StoredAlert } from "../../use-cases/alerts/ports.js";
import type { ShopDomain } from "../../use-cases/ports.js";
import type { Db } from "./client.js";
import { Prisma, type MerchantAlert } from "./generated/sqlite/client.js";

/** Merchant alerts in Prisma (SQLite and PostgreSQL); `(shop, eventKey)` is unique, so an occurrence is stored once. */
export class PrismaAlertRepository implements AlertRepository {
  constructor(private readonly db: Db) {}

  async openAlerts(shop: ShopDomain): Promise<StoredAlert[]> {
    const rows = await this.db.merchantAlert.findMany({
      where: { shop, resolvedAt: null },
      orderBy: [{ detectedAt: "asc" }, { id: "asc" }],
    });
    return rows.map(toAlert);
  }

  async occurrences(shop: ShopDomain, subjects: string[]) {
    if (subjects.length === 0) return [];
    return this.db.merchantAlert.findMany({
      where: { shop, subject: { in: subjects } },
      select: { id: true, subject: true, eventKey: true, detectedAt: true, resolvedAt: true },
    });
  }

  async open(shop: ShopDomain, alert: AlertCandidate & { detectedAt: Date }): Promise<StoredAlert | null> {
    try {
      const row = await this.db.merchantAlert.create({
        data: {
          shop,
          kind: alert.kind,
          subject: alert.subject,
          eventKey: alert.eventKey,
          detail: JSON.stringify(alert.detail),
          detectedAt: alert.detectedAt,
        },
      });
      return toAlert(row);
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return null;
      throw e;
    }
  }

  async reopen(shop: ShopDomain, id: string): Promise<void> {
    await this.db.merchantAlert.updateMany({ where: { shop, id }, data: { resolvedAt: null } });
  }

  async resolve(shop: ShopDomain, ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db.merchantAlert.updateMany({
      where: { shop, id: { in: ids }, resolvedAt: null },
      data: { resolvedAt: at },
    });
  }

  async unsent(shop: ShopDomain): Promise<StoredAlert[]> {
    const rows = await this.db.merchantAlert.findMany({
      where: { shop, emailedAt: null },
      orderBy: [{ detectedAt: "asc" }, { id: "asc" }],
    });
    return rows.map(toAlert);
  }

  async markEmailed(shop: ShopDomain, ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db.merchantAlert.updateMany({
      where: { shop, id: { in: ids }, emailedAt: null },
      data: { emailedAt: at },
    });
  }

  async list(shop: ShopDomain, filter: { includeDismissed: boolean; limit: number }): Promise<StoredAlert[]> {
    const rows = await this.db.merchantAlert.findMany({
      where: { shop, ...(filter.includeDismissed ? {} : { dismissedAt: null }) },
      orderBy: [{ detectedAt: "desc" }, { id: "desc" }],
      take: filter.limit,
    });
    return rows.map(toAlert);
  }

  async mark(
    shop: ShopDomain,
    id: string,
    field: "acknowledgedAt" | "dismissedAt",
    at: Date,
  ): Promise<boolean> {
    const found = await this.db.merchantAlert.findFirst({ where: { shop, id }, select: { id: true } });
    if (!found) return false;
    await this.db.merchantAlert.updateMany({ where: { shop, id, [field]: null }, data: { [field]: at } });
    return true;
  }

  async getSettings(shop: ShopDomain): Promise<AlertSettings | null> {
    const row = await this.db.merchantAlertSettings.findUnique({ where: { shop } });
    return row ? (JSON.parse(row.settings) as AlertSettings) : null;
  }

  async saveSettings(shop: ShopDomain, settings: AlertSettings): Promise<void> {
    const json = JSON.stringify(settings);
    await this.db.merchantAlertSettings.upsert({
      where: { shop },
      create: { shop, settings: json },
      update: { settings: json },
    });
  }

  async deleteByShop(shop: ShopDomain): Promise<number> {
    const [alerts, settings] = await this.db.$transaction([
      this.db.merchantAlert.deleteMany({ where: { shop } }),
      this.db.merchantAlertSettings.deleteMany({ where: { shop } }),
    ]);
    return alerts.count + settings.count;
  }
}

function toAlert(row: MerchantAlert): StoredAlert {
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    eventKey: row.eventKey,
    detail: JSON.parse(row.detail),
    detectedAt: row.detectedAt,
    resolvedAt: row.resolvedAt,
    emailedAt: row.emailedAt,
    acknowledgedAt: row.acknowledgedAt,
    dismissedAt: row.dismissedAt,
  } as StoredAlert;
}
