import type { DataExportRecord, DataExportRepository, ShopDomain } from "../ports.js";

export function createListDataExports(deps: { exports: DataExportRepository }) {
  return async function listDataExports(shop: ShopDomain): Promise<DataExportRecord[]> {
    return deps.exports.listByShop(shop);
  };
}
