import type { Shopify } from "@shopify/shopify-api";
import express, { type Express, Router } from "express";
import type { Config } from "../config.js";
import { createCheckHealth } from "../use-cases/check-health.js";
import { createInboxAdmin } from "../use-cases/inbox-admin.js";
import { createInstallShop } from "../use-cases/install-shop.js";
import { createListDataExports } from "../use-cases/privacy/list-data-exports.js";
import type {
  Clock,
  HealthProbe,
  Logger,
  Repositories,
  ShopifyTokenExchange,
  ShopProfileReader,
} from "../use-cases/ports.js";
import { createReceiveWebhook } from "../use-cases/receive-webhook.js";
import { createGetShopOverview } from "../use-cases/shop-overview.js";
import { createShopSettings } from "../use-cases/shop-settings.js";
import type { AvailabilityServices } from "../use-cases/availability/index.js";
import type { BackorderAdmin } from "../use-cases/backorder/index.js";
import type { WebhookHandlers } from "../use-cases/webhook-handlers.js";
import type { ReconcileScheduler } from "../jobs/reconcile-scheduler.js";
import { errorHandler, notFound } from "./error-handler.js";
import { sessionTokenAuth } from "./middleware/session-token-auth.js";
import { adminRoutes } from "./routes/admin.routes.js";
import { backordersRoutes } from "./routes/backorders.routes.js";
import type { CustomerCare } from "../use-cases/customer-care/index.js";
import { reconcileRoutes } from "./routes/reconcile.routes.js";
import { APP_PROXY_PATH, appProxyRoutes, type AppProxyRoutesDeps } from "./routes/app-proxy.routes.js";
import { privacyRoutes } from "./routes/privacy.routes.js";
import { etasRoutes } from "./routes/etas.routes.js";
import { healthRoutes } from "./routes/health.routes.js";
import { inboxRoutes } from "./routes/inbox.routes.js";
import { rulesRoutes } from "./routes/rules.routes.js";
import { settingsRoutes } from "./routes/settings.routes.js";
import { shopRoutes } from "./routes/shop.routes.js";
import { substitutesRoutes } from "./routes/substitutes.routes.js";
import { webhookRoutes } from "./routes/webhooks.routes.js";

export interface AppDeps {
  config: Config;
  repositories: Repositories;
  clock: Clock;
  logger: Logger;
  /** The configured @shopify/shopify-api instance (adapters/shopify/shopify-lib.ts): session tokens, webhook HMAC. */
  shopify: Pick<Shopify, "session" | "webhooks" | "utils">;
  tokenExchange: ShopifyTokenExchange;
  shopProfile?: ShopProfileReader;
  healthProbe: HealthProbe;
  /** The registry of webhooks/index.ts; the inbox worker gets the same one. */
  webhookHandlers: WebhookHandlers;
  /** Wakes the inbox worker when a row becomes due (new delivery, replay). */
  inboxNotifier: { nudge(): void };
  /** The admin build to serve at /; omitted in API-only tests. */
  staticDir?: string;
  /** Rules, supplier ETAs, substitutes (/api) and the app proxy fallback (use-cases/availability). */
  availability?: { services: AvailabilityServices; verifyAppProxy: AppProxyRoutesDeps["verify"] };
  /** Backorder lines, staff actions and the restock preview (/api/backorders; use-cases/backorder/staff.ts). */
  backorders?: BackorderAdmin;
  /** Backorder reconciliation on demand and its last run (/api/backorders/reconcile; jobs/reconcile-scheduler.ts). */
  reconcile?: Pick<ReconcileScheduler, "request" | "latest">;
  /** Customer care: consents on the line detail, message templates and settings, the self-service page. */
  care?: CustomerCare;
}

/** The HTTP app, wired from its dependencies and nothing else (main.ts and tests build the deps). */
export function createApp(deps: AppDeps): Express {
  const { config, repositories: repos, clock, logger } = deps;
  const nudge = () => deps.inboxNotifier.nudge();

  const app = express();
  app.disable("x-powered-by");

  app.use(healthRoutes(createCheckHealth({ probe: deps.healthProbe, inbox: repos.inbox, logger })));
  app.use(
    webhookRoutes({
      shopify: deps.shopify,
      receiveWebhook: createReceiveWebhook({
        inbox: repos.inbox,
        shops: repos.shops,
        handlers: deps.webhookHandlers,
        clock,
        logger,
        maxAgeMs: config.webhooks.maxAgeMs,
        onRecorded: nudge,
      }),
      maxBodyBytes: config.webhooks.maxBodyBytes,
      logger,
    }),
  );

  const api = Router();
  api.use(
    sessionTokenAuth({
      shopify: deps.shopify,
      ensureInstalled: createInstallShop({
        ...repos,
        tokenExchange: deps.tokenExchange,
        ...(deps.shopProfile ? { shopProfile: deps.shopProfile } : {}),
        clock,
        logger,
      }),
    }),
  );
  api.use(shopRoutes(createGetShopOverview(repos)));
  api.use(
    settingsRoutes(
      createShopSettings({
        shops: repos.shops,
        onAvailabilitySettingsChanged: deps.availability?.services.onShopSettingsChanged,
        // In the background: the PATCH answers at once, the engine re-decides under its lock.
        onAllocationRulesChanged: (shop) => {
          deps.backorders?.reallocate(shop, "settings").catch((e: unknown) =>
            logger.error("re-allocation after a rules change failed", {
              shop,
              error: e instanceof Error ? e.message : String(e),
            }),
          );
        },
      }),
    ),
  );
  api.use(inboxRoutes(createInboxAdmin({ inbox: repos.inbox, clock, onReplayed: nudge })));
  api.use(privacyRoutes(createListDataExports(repos)));
  if (deps.availability) {
    const { services } = deps.availability;
    api.use(rulesRoutes(services.rules));
    api.use(etasRoutes({ supplierFeed: services.supplierFeed, slips: services.slips }));
    api.use(substitutesRoutes(services.substitutes));
    app.use(
      APP_PROXY_PATH,
      appProxyRoutes({ verify: deps.availability.verifyAppProxy, storefront: services.storefront, logger }),
    );
  }
  if (deps.backorders) api.use(backordersRoutes(deps.backorders, deps.care));
  if (deps.reconcile) api.use(reconcileRoutes(deps.reconcile));
  api.use(notFound());
  app.use("/api", api);

  if (deps.staticDir) app.use(adminRoutes({ staticDir: deps.staticDir, config, shopify: deps.shopify }));

  app.use(notFound());
  app.use(errorHandler(logger));
  return app;
}
