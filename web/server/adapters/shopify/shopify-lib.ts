import "@shopify/shopify-api/adapters/node";
import { LogSeverity, shopifyApi, type Shopify } from "@shopify/shopify-api";
import type { Config } from "../../config.js";
import { ADMIN_API_VERSION } from "../../shopify-api-version.js";
import type { Logger } from "../../use-cases/ports.js";

/**
 * The configured @shopify/shopify-api instance. Waitwell uses it for what it does best and must not be
 * re-implemented: session-token verification (`session.decodeSessionToken`), webhook HMAC validation
 * (`webhooks.validate`) and shop-domain sanitising (`utils.sanitizeShop`). Admin GraphQL goes through our own
 * client (admin-client.ts), token exchange through token-exchange.ts: both must reach the dev store in local mode.
 */
export function createShopifyLib(config: Config, logger: Logger): Shopify {
  const appUrl = new URL(config.shopify.appUrl);
  return shopifyApi({
    apiKey: config.shopify.apiKey,
    apiSecretKey: config.shopify.apiSecret,
    scopes: config.shopify.scopes,
    hostName: appUrl.host,
    hostScheme: appUrl.protocol === "http:" ? "http" : "https",
    // The library only knows its own enum; ours is pinned in one place and checked against the toml.
    apiVersion: ADMIN_API_VERSION as Shopify["config"]["apiVersion"],
    isEmbeddedApp: true,
    logger: {
      level: LogSeverity.Warning,
      log: async (severity, message) => {
        const fields = { source: "@shopify/shopify-api" };
        if (severity === LogSeverity.Error) logger.error(message, fields);
        else if (severity === LogSeverity.Warning) logger.warn(message, fields);
        else logger.debug(message, fields);
      },
    },
    _logDisabledFutureFlags: false,
  });
}
