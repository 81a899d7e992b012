import type { DataExportRecord, DataExportRepository, ShopDomain } from "../ports.js";

/** One page of the shop's customer data exports, newest first. */
export function createListDataExports(deps: { exports: DataExportRepository }) {
  return async function listDataExports(
    shop: ShopDomain,
    page: { limit: number; cursor?: string },
  ): Promise<{ exports: DataExportRecord[]; nextCursor: string | null }> {
    return deps.exports.listPage(shop, page);
  };
}
