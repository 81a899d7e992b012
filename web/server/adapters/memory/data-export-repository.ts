import type { DataExportRecord, DataExportRepository, ShopDomain } from "../../use-cases/ports.js";

export class MemoryDataExportRepository implements DataExportRepository {
  private readonly rows: DataExportRecord[] = [];
  private seq = 0;

  async create(input: Omit<DataExportRecord, "id" | "createdAt">, at: Date): Promise<DataExportRecord> {
    this.seq += 1;
    const row: DataExportRecord = structuredClone({
      ...input,
      id: `export_${String(this.seq).padStart(8, "0")}`,
      createdAt: at,
    });
    this.rows.push(row);
    return structuredClone(row);
  }

  async listByShop(shop: ShopDomain): Promise<DataExportRecord[]> {
    return this.rows
      .filter((r) => r.shop === shop)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
      .map((r) => structuredClone(r));
  }

  async listPage(
    shop: ShopDomain,
    page: { limit: number; cursor?: string },
  ): Promise<{ exports: DataExportRecord[]; nextCursor: string | null }> {
    const all = this.rows
      .filter((r) => r.shop === shop)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
    const start = page.cursor === undefined ? 0 : all.findIndex((r) => r.id === page.cursor) + 1;
    if (page.cursor !== undefined && start === 0) return { exports: [], nextCursor: null };
    const slice = all.slice(start, start + page.limit);
    const more = start + page.limit < all.length;
    return {
      exports: slice.map((r) => structuredClone(r)),
      nextCursor: more ? slice[slice.length - 1]!.id : null,
    };
  }

  async deleteCreatedBefore(before: Date): Promise<number> {
    return this.removeWhere((r) => r.createdAt < before);
  }

  async deleteByCustomer(shop: ShopDomain, customerId: string): Promise<number> {
    return this.removeWhere((r) => r.shop === shop && r.customerId === customerId);
  }

  async deleteByShop(shop: ShopDomain): Promise<number> {
    return this.removeWhere((r) => r.shop === shop);
  }

  private removeWhere(predicate: (r: DataExportRecord) => boolean): number {
    const before = this.rows.length;
    const kept = this.rows.filter((r) => !predicate(r));
    this.rows.splice(0, this.rows.length, ...kept);
    return before - kept.length;
  }
}
