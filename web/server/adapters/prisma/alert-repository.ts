import type { AlertKind } from "../../domain/alerts/index.js";
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

  async open(
    shop: ShopDomain,
    alert: Omit<StoredAlert, "id" | "resolvedAt" | "emailedAt">,
  ): Promise<boolean> {
    try {
      await this.db.merchantAlert.create({
        data: {
          shop,
          kind: alert.kind,
          subject: alert.subject,
          eventKey: alert.eventKey,
          detail: JSON.stringify(alert.detail),
          detectedAt: alert.detectedAt,
        },
      });
      return true;
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return false;
      throw e;
    }
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

  async recent(shop: ShopDomain, limit: number): Promise<StoredAlert[]> {
    const rows = await this.db.merchantAlert.findMany({
      where: { shop },
      orderBy: [{ detectedAt: "desc" }, { id: "desc" }],
      take: limit,
    });
    return rows.map(toAlert);
  }

  async deleteByShop(shop: ShopDomain): Promise<number> {
    return (await this.db.merchantAlert.deleteMany({ where: { shop } })).count;
  }
}

function toAlert(row: MerchantAlert): StoredAlert {
  return {
    id: row.id,
    kind: row.kind as AlertKind,
    subject: row.subject,
    eventKey: row.eventKey,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    detectedAt: row.detectedAt,
    resolvedAt: row.resolvedAt,
    emailedAt: row.emailedAt,
  };
}
