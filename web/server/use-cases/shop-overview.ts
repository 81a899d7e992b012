import { NotFoundError } from "../errors.js";
import type { InboxRepository, InboxStatus, ShopDomain, ShopRecord, ShopRepository } from "./ports.js";

export interface ShopOverview {
  shop: ShopRecord;
  inbox: Record<InboxStatus, number>;
}

export function createGetShopOverview(deps: { shops: ShopRepository; inbox: InboxRepository }) {
  return async function getShopOverview(shop: ShopDomain): Promise<ShopOverview> {
    const [record, inbox] = await Promise.all([deps.shops.get(shop), deps.inbox.countByStatus(shop)]);
    if (!record) throw new NotFoundError(`Shop ${shop} is not installed`);
    return { shop: record, inbox };
  };
}
