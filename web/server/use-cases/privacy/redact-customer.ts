import type { Logger, ShopDomain } from "../ports.js";
import type { PrivacyRegistry } from "./registry.js";

export interface CustomerRedaction {
  shop: ShopDomain;
  customerId: string;
  orderIds: string[];
}

/**
 * customers/redact (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance): erase the personal data
 * every holder of the registry keeps on the customer (inbox payloads naming them or their orders, data exports made
 * for them, the backorder orders' email and name, customer care's records). What happened stays, not to whom.
 * Idempotent: a second run touches nothing.
 */
export function createRedactCustomer(deps: {
  registry: PrivacyRegistry;
  logger: Logger;
  afterErasure?: () => Promise<void>;
}) {
  return async function redactCustomer(input: CustomerRedaction): Promise<Record<string, number>> {
    const touched: Record<string, number> = {};
    for (const [name, holder] of deps.registry) {
      if (holder.redactCustomer) {
        touched[name] = await holder.redactCustomer(input.shop, input.customerId, input.orderIds);
      }
    }
    await deps.afterErasure?.();
    deps.logger.info("customer redacted", { shop: input.shop, customerId: input.customerId, ...touched });
    return touched;
  };
}
