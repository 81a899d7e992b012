import type { Logger, ShopDomain, ShopProfileReader } from "../../use-cases/ports.js";
import { createAdminClient, operation } from "./admin-client.js";

const SHOP_PROFILE = operation<{ shop: { name: string } }>(`#graphql
  query WaitwellShopProfile {
    shop {
      name
    }
  }
`);

/** Reads the shop's display name with a just-exchanged token (no session is stored yet at that point). */
export function createShopProfileReader(options: {
  adminOrigin: string | null;
  logger: Logger;
  fetch?: typeof fetch;
}): ShopProfileReader {
  return {
    async read(shop: ShopDomain, accessToken: string) {
      const client = createAdminClient({
        adminOrigin: options.adminOrigin,
        accessToken: async () => accessToken,
        logger: options.logger,
        maxRetries: 2,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      const data = await client.request(shop, SHOP_PROFILE);
      return { name: data.shop.name };
    },
  };
}
