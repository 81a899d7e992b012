import { parseAvailability, type AvailabilityPayload } from "../../domain/storefront/index.js";
import { NotFoundError } from "../../errors.js";
import type { Clock, ShopDomain, ShopRepository } from "../ports.js";
import type { AvailabilityRepository } from "./ports.js";

export interface StorefrontAvailabilityDeps {
  repository: Pick<AvailabilityRepository, "variantSyncs">;
  shops: Pick<ShopRepository, "get">;
  clock: Clock;
  /** How long an answer is reused in this process. The route tells Shopify's edge the same. */
  ttlMs?: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
}

/**
 * The app proxy fallback for themes that cannot read metafields: the availability payload Waitwell last wrote to
 * the variant's metafield (so both paths show the same thing), for one installed shop. Answers are cached briefly,
 * because a storefront asks on every page view; a sync that rewrites a variant drops its entry.
 */
export function createStorefrontAvailability(deps: StorefrontAvailabilityDeps) {
  const ttlMs = deps.ttlMs ?? 60_000;
  const maxEntries = deps.maxEntries ?? 10_000;
  const cache = new Map<string, { expires: number; payload: AvailabilityPayload | null }>();

  async function installed(shop: ShopDomain): Promise<boolean> {
    const record = await deps.shops.get(shop);
    return record !== null && record.uninstalledAt === null;
  }

  return {
    async get(shop: ShopDomain, variantId: string): Promise<AvailabilityPayload> {
      const key = `${shop}|${variantId}`;
      const now = deps.clock.now().getTime();
      let entry = cache.get(key);
      if (!entry || entry.expires <= now) {
        if (!(await installed(shop))) throw new NotFoundError("Waitwell is not installed on this shop");
        const [sync] = await deps.repository.variantSyncs(shop, [variantId]);
        entry = { expires: now + ttlMs, payload: parseAvailability(sync?.availability ?? null) };
        cache.delete(key);
        cache.set(key, entry);
        if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
      }
      if (!entry.payload) throw new NotFoundError(`No availability for ${variantId}`);
      return entry.payload;
    },

    /** A sync wrote these variants: the next request reads the new value. */
    invalidate(shop: ShopDomain, variantIds: string[]): void {
      for (const id of variantIds) cache.delete(`${shop}|${id}`);
    },

    /** The shop left (uninstall, redact): nothing of it may be served from memory. */
    forgetShop(shop: ShopDomain): void {
      for (const key of [...cache.keys()]) if (key.startsWith(`${shop}|`)) cache.delete(key);
    },
  };
}

export type StorefrontAvailability = ReturnType<typeof createStorefrontAvailability>;
