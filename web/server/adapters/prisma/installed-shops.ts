import type { ShopDomain } from "../../use-cases/ports.js";
import type { Db } from "./client.js";
import { storedShop } from "./shop-column.js";

/** Shops with the app installed, for the periodic jobs (jobs/reconcile-scheduler.ts). */
export function createInstalledShopsLister(db: Db): () => Promise<ShopDomain[]> {
  return async () =>
    (
      await db.shop.findMany({
        where: { uninstalledAt: null },
        select: { domain: true },
        orderBy: { domain: "asc" },
      })
    ).map((s) => storedShop(s.domain));
}
