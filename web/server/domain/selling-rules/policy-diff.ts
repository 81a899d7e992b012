import { InvalidValueError } from "../shared/errors.js";
import { compareGids, type ProductVariantGid } from "../shared/gid.js";
import type { InventoryPolicy, ProductGid } from "./types.js";

/** A variant's policy as Shopify has it now (from the catalog mirror). */
export interface CurrentPolicy {
  productId: ProductGid;
  variantId: ProductVariantGid;
  policy: InventoryPolicy;
}

/** What the rules want; null: leave the variant alone (untracked, or no rule applies). */
export interface DesiredPolicy {
  variantId: ProductVariantGid;
  policy: InventoryPolicy | null;
}

/** One `productVariantsBulkUpdate` call: the variants of one product whose policy must change. */
export interface ProductPolicyUpdate {
  productId: ProductGid;
  variants: { id: ProductVariantGid; inventoryPolicy: InventoryPolicy }[];
}

export interface PolicyPlan {
  /** One entry per product with at least one change; products and variants in GID order. */
  updates: ProductPolicyUpdate[];
  /** Desired policies for variants the mirror does not know: re-read them from Shopify before writing. */
  unknownVariants: ProductVariantGid[];
}

/**
 * The smallest set of policy writes that brings Shopify to the desired state, grouped per product because
 * `productVariantsBulkUpdate` takes one product per call
 * (https://shopify.dev/docs/api/admin-graphql/latest/mutations/productVariantsBulkUpdate). A variant already right
 * costs nothing, so re-running after a crash or a duplicate webhook writes nothing.
 */
export function planPolicyUpdates(
  current: readonly CurrentPolicy[],
  desired: readonly DesiredPolicy[],
): PolicyPlan {
  const known = new Map<ProductVariantGid, CurrentPolicy>();
  for (const entry of current) known.set(entry.variantId, entry);

  const wanted = new Map<ProductVariantGid, InventoryPolicy | null>();
  desired.forEach((entry, i) => {
    const earlier = wanted.get(entry.variantId);
    if (earlier !== undefined && earlier !== entry.policy) {
      throw new InvalidValueError(
        `desired[${i}]`,
        `${entry.variantId} is asked to be both ${earlier} and ${entry.policy}`,
      );
    }
    wanted.set(entry.variantId, entry.policy);
  });

  const byProduct = new Map<ProductGid, ProductPolicyUpdate>();
  const unknownVariants: ProductVariantGid[] = [];
  for (const [variantId, policy] of wanted) {
    if (policy === null) continue;
    const now = known.get(variantId);
    if (now === undefined) {
      unknownVariants.push(variantId);
      continue;
    }
    if (now.policy === policy) continue;
    const update = byProduct.get(now.productId) ?? { productId: now.productId, variants: [] };
    update.variants.push({ id: variantId, inventoryPolicy: policy });
    byProduct.set(now.productId, update);
  }
  const updates = [...byProduct.values()].sort((a, b) => compareGids(a.productId, b.productId));
  for (const update of updates) update.variants.sort((a, b) => compareGids(a.id, b.id));
  return { updates, unknownVariants: unknownVariants.sort(compareGids) };
}
