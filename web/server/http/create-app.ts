import type { Shopify } from "@shopify/shopify-api";
import express, { type Express, Router } from "express";
import type { Config } from "../config.js";
import type { createCheckHealth } from "../use-cases/check-health.js";
import type { createInboxAdmin } from "../use-cases/inbox-admin.js";
import type { createInstallShop } from "../use-cases/install-shop.js";
import type { createListDataExports } from "../use-cases/privacy/list-data-exports.js";
import type { Logger } from "../use-cases/ports.js";
import type { createReceiveWebhook } from "../use-cases/receive-webhook.js";
import type { createGetShopOverview } from "../use-cases/shop-overview.js";
import type { ShopSettingsAdmin } from "../use-cases/shop-settings.js";
import type { AvailabilityServices } from "../use-cases/availability/index.js";
import type { BackorderAdmin } from "../use-cases/backorder/index.js";
import type { Insights } from "../use-cases/insights/index.js";
import type { MerchantAlerts } from "../use-cases/alerts/index.js";
import type { ReconcileScheduler } from "../jobs/reconcile-scheduler.js";
import { createWebhookSignatureVerifier } from "./webhook-signature.js";
import { errorHandler, notFound } from "./error-handler.js";
import { sessionTokenAuth } from "./middleware/session-token-auth.js";
import { adminRoutes } from "./routes/admin.routes.js";
import { alertsRoutes } from "./routes/alerts.routes.js";
import { backordersRoutes } from "./routes/backorders.routes.js";
import type { CustomerCare } from "../use-cases/customer-care/index.js";
import { selfServiceRoutes } from "./routes/self-service.routes.js";
import { customerCareRoutes } from "./routes/customer-care.routes.js";
import { reconcileRoutes } from "./routes/reconcile.routes.js";
import { APP_PROXY_PATH, appProxyRoutes, type AppProxyRoutesDeps } from "./routes/app-proxy.routes.js";
import { privacyRoutes } from "./routes/privacy.routes.js";
import { etasRoutes } from "./routes/etas.routes.js";
import { healthRoutes } from "./routes/health.routes.js";
import { inboxRoutes } from "./routes/inbox.routes.js";
import { insightsRoutes } from "./routes/insights.routes.js";
import { rulesRoutes } from "./routes/rules.routes.js";
import { settingsRoutes } from "./routes/settings.routes.js";
import { shopRoutes } from "./routes/shop.routes.js";
import { substitutesRoutes } from "./routes/substitutes.routes.js";
import { webhookRoutes } from "./routes/webhooks.routes.js";
import { inFrontOf, webhookListener } from "./webhook-listener.js";

/** The use cases the HTTP app serves, each built once in main.ts (createAppUseCases). */
export interface AppUseCases {
  checkHealth: ReturnType<typeof createCheckHealth>;
  /** Webhook intake: verify → persist → 200 (use-cases/receive-webhook.ts). */
  receiveWebhook: ReturnType<typeof createReceiveWebhook>;
  /** Makes sure the session token's shop is installed (token exchange on first load). */
  ensureInstalled: ReturnType<typeof createInstallShop>;
  getShopOverview: ReturnType<typeof createGetShopOverview>;
  settings: ShopSettingsAdmin;
  inbox: ReturnType<typeof createInboxAdmin>;
  listDataExports: ReturnType<typeof createListDataExports>;
  /** Rules, supplier ETAs, substitutes (/api) and the app proxy fallback (use-cases/availability). */
  availability?: { services: AvailabilityServices; verifyAppProxy: AppProxyRoutesDeps["verify"] } | undefined;
  /** Backorder lines, staff actions and the restock preview (/api/backorders; use-cases/backorder/backorder-admin.ts). */
  backorders?: BackorderAdmin | undefined;
  /** Backorder reconciliation on demand and its last run (/api/backorders/reconcile; jobs/reconcile-scheduler.ts). */
  reconcile?: Pick<ReconcileScheduler, "request" | "latest"> | undefined;
  /** Customer care: consents on the line detail, message templates and settings, the self-service page. */
  care?: CustomerCare | undefined;
  /** The dashboard's figures: waiting value, ageing, at risk, demand, reorder, promise accuracy (/api/insights). */
  insights?: Insights | undefined;
  /** Merchant alerts: the list, acknowledge/dismiss, the settings (/api/alerts). */
  alerts?: MerchantAlerts["admin"] | undefined;
}

export interface AppDeps {
  config: Config;
  logger: Logger;
  /** The configured @shopify/shopify-api instance (adapters/shopify/shopify-lib.ts): session tokens, webhook HMAC. */
  shopify: Pick<Shopify, "session" | "webhooks" | "utils">;
  useCases: AppUseCases;
  /** The admin build to serve at /; omitted in API-only tests. */
  staticDir?: string;
}

/** The HTTP app: routes over use cases built elsewhere (main.ts); it builds none itself. */
export function createApp(deps: AppDeps): Express {
  const { config, logger, useCases } = deps;
  const app = express();
  app.disable("x-powered-by");

  const webhooks = {
    verify: createWebhookSignatureVerifier(config.shopify.apiSecret),
    receiveWebhook: useCases.receiveWebhook,
    maxBodyBytes: config.webhooks.maxBodyBytes,
    logger,
  };
  app.use(webhookRoutes(webhooks));
  app.use(healthRoutes(useCases.checkHealth));

  const api = Router();
  api.use(sessionTokenAuth({ shopify: deps.shopify, ensureInstalled: useCases.ensureInstalled }));
  api.use(shopRoutes(useCases.getShopOverview));
  api.use(settingsRoutes(useCases.settings));
  api.use(inboxRoutes(useCases.inbox));
  api.use(privacyRoutes(useCases.listDataExports));
  if (useCases.availability) {
    const { services, verifyAppProxy } = useCases.availability;
    api.use(
      rulesRoutes({
        rules: services.rules,
        preview: services.rulePreview,
        titles: services.ruleTargetTitles,
        transfer: services.rulesTransfer,
        productSearch: services.productSearch,
      }),
    );
    api.use(
      etasRoutes({
        supplierImports: services.supplierImports,
        slips: services.slips,
        maxBytes: config.feeds.maxBytes,
      }),
    );
    api.use(substitutesRoutes(services.substitutes, services.substitutesOverview));
    app.use(
      APP_PROXY_PATH,
      appProxyRoutes({ verify: verifyAppProxy, storefront: services.storefront, logger }),
    );
  }
  if (useCases.backorders) api.use(backordersRoutes(useCases.backorders, useCases.care));
  if (useCases.care) api.use(customerCareRoutes(useCases.care.admin));
  if (useCases.care && useCases.availability) {
    // The self-service page lives under the same app proxy, checked by the same signature verifier.
    const verify = useCases.availability.verifyAppProxy;
    app.use(APP_PROXY_PATH, selfServiceRoutes({ verify, selfService: useCases.care.selfService, logger }));
  }
  if (useCases.reconcile) api.use(reconcileRoutes(useCases.reconcile));
  if (useCases.insights) api.use(insightsRoutes(useCases.insights));
  if (useCases.alerts) api.use(alertsRoutes(useCases.alerts));
  api.use(notFound());
  app.use("/api", api);

  if (deps.staticDir) app.use(adminRoutes({ staticDir: deps.staticDir, config, shopify: deps.shopify }));

  app.use(notFound());
  app.use(errorHandler(logger));
  // Shopify's deliveries are answered before Express; the route above answers every other webhook request.
  return inFrontOf(app, webhookListener(webhooks));
}
