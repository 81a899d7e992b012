import type {
  Clock,
  Logger,
  SessionRepository,
  ShopDomain,
  ShopifyTokenExchange,
  ShopProfileReader,
  ShopRepository,
} from "./ports.js";

export interface InstallShopDeps {
  sessions: SessionRepository;
  shops: ShopRepository;
  tokenExchange: ShopifyTokenExchange;
  /** Optional: without it the shop keeps the name it had (or none). */
  shopProfile?: ShopProfileReader;
  clock: Clock;
  logger: Logger;
}

/** The offline session's id, as @shopify/shopify-api names it (REFERENCE 4.1). */
export function offlineSessionId(shop: ShopDomain): string {
  return `offline_${shop}`;
}

/**
 * Makes sure Waitwell holds an offline access token for a shop that just proved itself with a valid session token.
 * With Shopify-managed installation there is no install callback: the first authenticated request of a new (or
 * returning) shop is the install, done by token exchange
 * (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/token-exchange).
 *
 * The embedded admin fires several requests at once on its first load; they share one exchange per shop.
 */
export function createInstallShop(deps: InstallShopDeps) {
  const inFlight = new Map<ShopDomain, Promise<void>>();

  async function install(shop: ShopDomain, sessionToken: string): Promise<void> {
    // Another request may have finished installing between our caller's check and now.
    if (await deps.sessions.load(offlineSessionId(shop))) return;
    const token = await deps.tokenExchange.exchangeForOfflineToken({ shop, sessionToken });
    const existing = await deps.shops.get(shop);
    const profile = await readProfile(shop, token.accessToken);
    // The shop row first, the session last: the session is what marks the install as done.
    await deps.shops.upsertInstalled({
      domain: shop,
      name: profile?.name ?? existing?.name ?? null,
      scopes: token.scope,
      at: deps.clock.now(),
    });
    await deps.sessions.store({
      id: offlineSessionId(shop),
      shop,
      state: "",
      isOnline: false,
      scope: token.scope,
      expires: token.expires,
      accessToken: token.accessToken,
      refreshToken: token.refreshToken,
      refreshTokenExpires: token.refreshTokenExpires,
    });
    deps.logger.info(existing?.uninstalledAt ? "shop re-installed" : "shop installed", {
      shop,
      scope: token.scope,
    });
  }

  /** The name is nice to have: a failure to read it must not fail the install. */
  async function readProfile(shop: ShopDomain, accessToken: string) {
    if (!deps.shopProfile) return null;
    try {
      return await deps.shopProfile.read(shop, accessToken);
    } catch (e) {
      deps.logger.warn("could not read the shop's profile at install", { shop, error: String(e) });
      return null;
    }
  }

  return async function ensureInstalled(input: { shop: ShopDomain; sessionToken: string }): Promise<void> {
    if (await deps.sessions.load(offlineSessionId(input.shop))) return;
    let pending = inFlight.get(input.shop);
    if (!pending) {
      pending = install(input.shop, input.sessionToken).finally(() => inFlight.delete(input.shop));
      inFlight.set(input.shop, pending);
    }
    await pending;
  };
}
