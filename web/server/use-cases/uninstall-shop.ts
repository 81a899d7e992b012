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
  /**
   * @param triggeredAt when Shopify triggered the uninstall (X-Shopify-Triggered-At, else when we received it).
   *   Webhooks can arrive late and retries carry the original trigger time: an uninstall triggered before the
   *   shop's latest install is stale and must not delete the new install's token.
   */
  return async function uninstallShop(shop: ShopDomain, triggeredAt: Date): Promise<void> {
    const record = await deps.shops.get(shop);
    if (record && !record.uninstalledAt && record.installedAt.getTime() > triggeredAt.getTime()) {
      deps.logger.info("stale app/uninstalled ignored: the shop re-installed since", {
        shop,
        triggeredAt: triggeredAt.toISOString(),
        installedAt: record.installedAt.toISOString(),
      });
      return;
    }
    const sessions = await deps.sessions.deleteByShop(shop);
    await deps.shops.markUninstalled(shop, deps.clock.now());
    deps.logger.info("shop uninstalled", { shop, sessionsDeleted: sessions });
  };
}
