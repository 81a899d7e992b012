import type { ShopDomain } from "../ports.js";
import type { BackorderRepository, VariantInfo } from "./ports.js";

/**
 * products/update: refreshes the variant mirror (inventory item, tracking, policy), so later orders for these
 * variants need no Admin read. The repository keeps the newer of two versions (asOf = the variant's updated_at).
 */
export function createUpdateVariants(deps: { repository: BackorderRepository }) {
  return async function updateVariants(shop: ShopDomain, variants: VariantInfo[]): Promise<void> {
    if (variants.length > 0) await deps.repository.upsertVariants(shop, variants);
  };
}
