import type { DataExportRecord, DataExportRepository, ShopDomain } from "../../use-cases/ports.js";
import type { Db } from "./client.js";
import { Prisma, type DataExport } from "./generated/sqlite/client.js";

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
    shop: row.shop,
    customerId: row.customerId,
    dataRequestId: row.dataRequestId,
    data: row.data,
    createdAt: row.createdAt,
  };
}
