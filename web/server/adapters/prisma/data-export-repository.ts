import type { DataExportRecord, DataExportRepository, ShopDomain } from "../../use-cases/ports.js";
import type { Db } from "./client.js";
import { Prisma, type DataExport } from "./generated/sqlite/client.js";
import { storedShop } from "./shop-column.js";

export class PrismaDataExportRepository implements DataExportRepository {
  constructor(private readonly db: Db) {}

  async create(input: Omit<DataExportRecord, "id" | "createdAt">, at: Date): Promise<DataExportRecord> {
    const row = await this.db.dataExport.create({
      data: {
        shop: input.shop,
        customerId: input.customerId,
        dataRequestId: input.dataRequestId,
        data:
          input.data === null || input.data === undefined
            ? Prisma.JsonNull
            : (input.data as Prisma.InputJsonValue),
        createdAt: at,
      },
    });
    return toExport(row);
  }

  async listByShop(shop: ShopDomain): Promise<DataExportRecord[]> {
    const rows = await this.db.dataExport.findMany({
      where: { shop },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return rows.map(toExport);
  }

  async listPage(
    shop: ShopDomain,
    page: { limit: number; cursor?: string },
  ): Promise<{ exports: DataExportRecord[]; nextCursor: string | null }> {
    const rows = await this.db.dataExport.findMany({
      where: { shop },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: page.limit + 1,
      ...(page.cursor === undefined ? {} : { cursor: { id: page.cursor }, skip: 1 }),
    });
    const more = rows.length > page.limit;
    const kept = rows.slice(0, page.limit);
    return { exports: kept.map(toExport), nextCursor: more ? kept[kept.length - 1]!.id : null };
  }

  async deleteCreatedBefore(before: Date): Promise<number> {
    return (await this.db.dataExport.deleteMany({ where: { createdAt: { lt: before } } })).count;
  }

  async deleteByCustomer(shop: ShopDomain, customerId: string): Promise<number> {
    return (await this.db.dataExport.deleteMany({ where: { shop, customerId } })).count;
  }

  async deleteByShop(shop: ShopDomain): Promise<number> {
    return (await this.db.dataExport.deleteMany({ where: { shop } })).count;
  }
}

function toExport(row: DataExport): DataExportRecord {
  return {
    id: row.id,
    shop: storedShop(row.shop),
    customerId: row.customerId,
    dataRequestId: row.dataRequestId,
    data: row.data,
    createdAt: row.createdAt,
  };
}
