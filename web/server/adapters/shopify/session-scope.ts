/**
 * The shop's Admin access token as the Admin client asks for it before each request: read from the session store
 * each time, except inside a batch (`scope`: a writer's turn, or an order sync's write round), where the shop's token
 * is read at the batch's first request and kept until the batch ends. The next batch reads it again, so a new install's token or
 * an uninstall is seen there. The batch is the async call chain of its task (node:async_hooks AsyncLocalStorage),
 * like the held shop lock (adapters/held-shop-lock.ts).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { AdminSessionScope } from "../../use-cases/backorder/shopify-port.js";
import type { ShopDomain } from "../../use-cases/ports.js";

export interface ScopedAccessTokens {
  /** For the Admin client (AdminClientOptions.accessToken). */
  accessToken(shop: ShopDomain): Promise<string>;
  scope: AdminSessionScope;
  /** Shopify refused the token: a batch reads the store again at its next request. */
  forget(shop: ShopDomain): void;
}

export function scopedAccessTokens(load: (shop: ShopDomain) => Promise<string>): ScopedAccessTokens {
  const batch = new AsyncLocalStorage<{ shop: ShopDomain; token: Promise<string> | null }>();
  return {
    accessToken(shop) {
      const kept = batch.getStore();
      if (!kept || kept.shop !== shop) return load(shop);
      // A failed read is kept too: a shop without a session fails each call of the batch without another read.
      kept.token ??= load(shop);
      return kept.token;
    },
    // A batch inside a batch of the same shop (a write round's order syncs inside its turn) shares its token.
    scope: (shop, task) =>
      batch.getStore()?.shop === shop ? task() : batch.run({ shop, token: null }, task),
    forget(shop) {
      const kept = batch.getStore();
      if (kept?.shop === shop) kept.token = null;
    },
  };
}
