import type {
  DataExportRepository,
  InboxRepository,
  Logger,
  SessionRepository,
  ShopDomain,
  ShopRepository,
} from "../ports.js";
import type { AvailabilityServices } from "../availability/index.js";
import type { CareRepository } from "../customer-care/ports.js";

/**
 * shop/redact, sent 48 h after uninstall (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance):
 * erase everything held for the shop. The shop row goes last, so a failure half-way leaves it findable for the retry.
 */
export function createEraseShop(deps: {
  sessions: SessionRepository;
  shops: ShopRepository;
  inbox: InboxRepository;
  exports: DataExportRepository;
  care?: Pick<CareRepository, "deleteByShop"> | undefined;
  logger: Logger;
  /** Storefront availability's own records (rules, catalog mirror, feeds); erased after the shop row. */
  availability?: Pick<AvailabilityServices, "eraseShop"> | undefined;
}) {
  return async function eraseShop(shop: ShopDomain): Promise<void> {
    const sessions = await deps.sessions.deleteByShop(shop);
    const exports = await deps.exports.deleteByShop(shop);
    const inboxRows = await deps.inbox.deleteByShop(shop);
    await deps.care?.deleteByShop(shop);
    await deps.shops.delete(shop);
    deps.logger.info("shop erased", { shop, sessions, exports, inboxRows });
    await deps.availability?.eraseShop(shop);
  };
}
