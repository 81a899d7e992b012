import type { Logger, ShopDomain } from "../ports.js";
import type { PrivacyRegistry } from "./registry.js";

/**
 * shop/redact, sent 48 h after uninstall (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance):
 * erase everything held for the shop, holder by holder in the registry's order (the shop row last, so a failure
 * half-way leaves it findable for the retry). `afterErasure` then scrubs what the database keeps of deleted rows.
 */
export function createEraseShop(deps: {
  registry: PrivacyRegistry;
  logger: Logger;
  afterErasure?: () => Promise<void>;
}) {
  return async function eraseShop(shop: ShopDomain): Promise<void> {
    const erased: Record<string, unknown> = {};
    for (const [name, holder] of deps.registry) erased[name] = await holder.eraseShop(shop);
    await deps.afterErasure?.();
    deps.logger.info("shop erased", { shop, ...erased });
  };
}
