import { isGid } from "../../domain/shared/gid.js";
import { NotFoundError, ValidationError } from "../../errors.js";
import type { Clock, ShopDomain } from "../ports.js";
import type { Catalog } from "./catalog.js";
import type { AvailabilityRepository, SubstituteChoices, SyncRequester } from "./ports.js";
import type { SyncVariants, VariantEvaluation } from "./sync-variants.js";

export interface SubstitutesAdminDeps {
  repository: AvailabilityRepository;
  catalog: Catalog;
  syncVariants: Pick<SyncVariants, "evaluate">;
  clock: Clock;
  requestSync: SyncRequester;
}

/** The most picks a merchant may pin: the storefront shows a few, and a long list is a ranking nobody reads. */
export const MAX_PICKS = 10;

/**
 * A variant's substitute picks and exclusions, and what Waitwell currently concludes for it. Every id must belong to
 * the shop's catalog: another shop's variant is "not found", never a substitute.
 */
export function createSubstitutesAdmin(deps: SubstitutesAdminDeps) {
  const { repository, catalog, clock } = deps;

  async function known(shop: ShopDomain, variantId: string): Promise<void> {
    const index = await catalog.indexWith(shop, [variantId]);
    if (!index.byVariant.has(variantId)) throw new NotFoundError(`No variant ${variantId} in this shop`);
  }

  return {
    async get(shop: ShopDomain, variantId: string): Promise<SubstituteChoices> {
      await known(shop, variantId);
      const choices = await repository.substituteChoices(shop, [variantId]);
      return choices.get(variantId) ?? { picks: [], excludedVariantIds: [], excludedProductIds: [] };
    },

    async set(shop: ShopDomain, variantId: string, choices: SubstituteChoices): Promise<SubstituteChoices> {
      const index = await catalog.indexWith(shop, [
        variantId,
        ...choices.picks,
        ...choices.excludedVariantIds,
      ]);
      if (!index.byVariant.has(variantId)) throw new NotFoundError(`No variant ${variantId} in this shop`);
      const products = new Set(index.products.map((p) => p.productId));
      const problems: { field: string; message: string }[] = [];
      if (choices.picks.length > MAX_PICKS)
        problems.push({ field: "picks", message: `at most ${MAX_PICKS}` });
      choices.picks.forEach((id, i) => {
        if (id === variantId)
          problems.push({ field: `picks.${i}`, message: "a variant cannot replace itself" });
        else if (!index.byVariant.has(id))
          problems.push({ field: `picks.${i}`, message: `no variant ${id} in this shop` });
        else if (choices.excludedVariantIds.includes(id))
          problems.push({ field: `picks.${i}`, message: "is also excluded" });
      });
      choices.excludedVariantIds.forEach((id, i) => {
        if (!index.byVariant.has(id))
          problems.push({ field: `excludedVariantIds.${i}`, message: `no variant ${id} in this shop` });
      });
      choices.excludedProductIds.forEach((id, i) => {
        if (!isGid("Product", id) || !products.has(id))
          problems.push({ field: `excludedProductIds.${i}`, message: `no product ${id} in this shop` });
      });
      if (problems.length > 0) {
        throw new ValidationError(
          `Invalid substitutes: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
          problems,
        );
      }
      await repository.setSubstituteChoices(shop, variantId, choices, clock.now());
      deps.requestSync(shop, [variantId]);
      return (
        (await repository.substituteChoices(shop, [variantId])).get(variantId) ?? {
          picks: [],
          excludedVariantIds: [],
          excludedProductIds: [],
        }
      );
    },

    /** What Waitwell concludes for the variant right now (computed, nothing written). */
    async availability(shop: ShopDomain, variantId: string): Promise<VariantEvaluation> {
      await known(shop, variantId);
      const [evaluation] = await deps.syncVariants.evaluate(shop, [variantId], { includeUnmanaged: true });
      if (!evaluation) throw new NotFoundError(`No variant ${variantId} in this shop`);
      return evaluation;
    },
  };
}

export type SubstitutesAdmin = ReturnType<typeof createSubstitutesAdmin>;
