import { NotFoundError } from "../../errors.js";
import type { ShopDomain } from "../ports.js";
import type { BackorderRepository, EngineOrder, StoredLine } from "./ports.js";

/** The shop's line, or a 404: another shop's line is as unknown as a line that never existed. */
export async function requireLine(
  repo: BackorderRepository,
  shop: ShopDomain,
  lineItemId: string,
): Promise<StoredLine> {
  const line = await repo.getLine(shop, lineItemId);
  if (!line) throw new NotFoundError(`No backorder line ${lineItemId} in this shop`);
  return line;
}

/** The orders of these ids, by id (one read). */
export async function ordersById(
  repo: BackorderRepository,
  shop: ShopDomain,
  orderIds: string[],
): Promise<Map<string, EngineOrder>> {
  if (orderIds.length === 0) return new Map();
  return new Map((await repo.getOrders(shop, orderIds)).map((o) => [o.orderId, o]));
}
