import type { ShopFactsReader } from "../../use-cases/insights/ports.js";
import type { Clock, ShopDomain } from "../../use-cases/ports.js";
import { operation, type AdminClient } from "./admin-client.js";

const SHOP_FACTS = operation<
  { shop: { currencyCode: string; ianaTimezone: string } },
  Record<string, never>
>(`#graphql
  query WaitwellShopFacts {
    shop {
      currencyCode
      ianaTimezone
    }
  }
`);

/** A shop changes its currency or time zone rarely: one read per shop and hour serves every dashboard load. */
const CACHE_MS = 3_600_000;

/** The shop's currency (ISO 4217, what its prices are in) and IANA time zone, from the Admin API, cached. */
export function createShopFactsReader(deps: { client: AdminClient; clock: Clock }): ShopFactsReader {
  const cache = new Map<ShopDomain, { at: number; facts: { currency: string; timeZone: string } }>();
  return {
    async read(shop) {
      const now = deps.clock.now().getTime();
      const hit = cache.get(shop);
      if (hit && now - hit.at < CACHE_MS) return hit.facts;
      const data = await deps.client.request(shop, SHOP_FACTS, {});
      const facts = { currency: data.shop.currencyCode, timeZone: data.shop.ianaTimezone };
      cache.set(shop, { at: now, facts });
      return facts;
    },
  };
}
