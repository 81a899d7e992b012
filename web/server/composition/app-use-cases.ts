/**
 * Part of the composition root (main.ts): the use cases the HTTP app serves, built from storage and the running
 * subsystems. Nothing but main.ts and the test harnesses imports this module.
 */
import type { Config } from "../config.js";
import type { Cause } from "../domain/backorder/index.js";
import type { AppUseCases } from "../http/create-app.js";
import type { AppProxyRoutesDeps } from "../http/routes/app-proxy.routes.js";
import type { ReconcileScheduler } from "../jobs/reconcile-scheduler.js";
import { createCheckHealth } from "../use-cases/check-health.js";
import { createInboxAdmin } from "../use-cases/inbox-admin.js";
import { createInstallShop } from "../use-cases/install-shop.js";
import { createListDataExports } from "../use-cases/privacy/list-data-exports.js";
import { createReceiveWebhook } from "../use-cases/receive-webhook.js";
import { createGetShopOverview } from "../use-cases/shop-overview.js";
import { createShopSettings } from "../use-cases/shop-settings.js";
import {
  type HealthProbe,
  type Repositories,
  type InboxRowRef,
  type ShopDomain,
  type ShopifyTokenExchange,
  type ShopProfileReader,
  type InstalledShops,
  installedShopsOf,
} from "../use-cases/ports.js";
import type { WebhookHandlers } from "../use-cases/webhook-handlers.js";
import type { AvailabilityServices } from "../use-cases/availability/index.js";
import { createBackorderAdmin } from "../use-cases/backorder/index.js";
import type { WiringDeps } from "./webhook-handlers.js";

export interface AppWiringDeps extends Omit<WiringDeps, "availability"> {
  config: Config;
  tokenExchange: ShopifyTokenExchange;
  shopProfile?: ShopProfileReader;
  healthProbe: HealthProbe;
  /** The registry above; the intake asks it which ids to index. */
  webhookHandlers: WebhookHandlers;
  /**
   * A row became due: a new delivery (the row given: a job queue sends its job) or a replay (no row: look for due
   * rows).
   */
  inboxNotifier: { nudge(row?: InboxRowRef): void };
  /** The webhook endpoint's batched inbox write (adapters/prisma/inbox-intake.ts); default the inbox repository. */
  inboxIntake?: Pick<Repositories["inbox"], "recordBatch"> & InstalledShops;
  availability?: { services: AvailabilityServices; verifyAppProxy: AppProxyRoutesDeps["verify"] } | undefined;
  reconcile?: Pick<ReconcileScheduler, "request" | "latest"> | undefined;
  insights?: AppUseCases["insights"];
  merchantAlerts?: AppUseCases["alerts"];
}

/**
 * The use cases the HTTP app serves. A settings change re-syncs storefront availability (calendar, priority tags,
 * price band) and re-allocates every open pool when the allocation rules change, in the background: the PATCH
 * answers at once and the engine re-decides under its lock, recording the cause as a settings change.
 */
export function createAppUseCases(deps: AppWiringDeps): AppUseCases {
  const { repositories: repos, clock, logger, backorders } = deps;
  const nudge = (row?: InboxRowRef) => deps.inboxNotifier.nudge(row);
  const reallocate = (shop: ShopDomain) => {
    backorders?.reallocate(shop, SETTINGS_CHANGE).catch((e: unknown) =>
      logger.error("re-allocation after a rules change failed", {
        shop,
        error: e instanceof Error ? e.message : String(e),
      }),
    );
  };
  return {
    checkHealth: createCheckHealth({ probe: deps.healthProbe, logger }),
    receiveWebhook: createReceiveWebhook({
      inbox: repos.inbox,
      ...(deps.inboxIntake ? { intake: deps.inboxIntake } : {}),
      shops: deps.inboxIntake ?? installedShopsOf(repos.shops),
      handlers: deps.webhookHandlers,
      clock,
      logger,
      maxAgeMs: deps.config.webhooks.maxAgeMs,
      onRecorded: nudge,
    }),
    ensureInstalled: createInstallShop({
      ...repos,
      tokenExchange: deps.tokenExchange,
      ...(deps.shopProfile ? { shopProfile: deps.shopProfile } : {}),
      clock,
      logger,
    }),
    getShopOverview: createGetShopOverview(repos),
    settings: createShopSettings({
      shops: repos.shops,
      onAvailabilitySettingsChanged: deps.availability?.services.onShopSettingsChanged,
      onAllocationRulesChanged: reallocate,
    }),
    inbox: createInboxAdmin({ inbox: repos.inbox, clock, onReplayed: () => nudge() }),
    listDataExports: createListDataExports(repos),
    availability: deps.availability,
    backorders:
      backorders &&
      createBackorderAdmin({ engine: backorders, repository: repos.backorders, shops: repos.shops, clock }),
    reconcile: deps.reconcile,
    care: deps.care,
    insights: deps.insights,
    alerts: deps.merchantAlerts,
  };
}

/** The cause recorded on lines re-decided because the merchant changed the allocation rules. */
const SETTINGS_CHANGE: Cause = { kind: "settings", ref: "allocation" };
