import type { Clock, Logger, SessionRepository, ShopDomain, ShopRepository } from "./ports.js";

/**
 * app/uninstalled: the shop's access tokens are already revoked by Shopify; drop them and mark the shop uninstalled.
 * Its data stays until shop/redact (48 h later) so a quick re-install finds its settings.
 */
export function createUninstallShop(deps: {
  sessions: SessionRepository;
  shops: ShopRepository;
  clock: Clock;
  logger: Logger;
}) {
  return async function uninstallShop(shop: ShopDomain): Promise<void> {
    const sessions = await deps.sessions.deleteByShop(shop);
    await deps.shops.markUninstalled(shop, deps.clock.now());
    deps.logger.info("shop uninstalled", { shop, sessionsDeleted: sessions });
  };
}
