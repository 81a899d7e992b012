/**
 * Part of the composition root (main.ts): the webhook handler registry and the use cases behind it. Nothing but
 * main.ts and the test harnesses imports this module.
 */
import { createNoteShopEvent } from "../use-cases/note-shop-event.js";
import { createInventoryLevelChanged } from "../use-cases/inventory-level-changed.js";
import { createOrderReceived } from "../use-cases/order-received.js";
import { createEngineLane, type EngineLaneItem } from "../use-cases/decide-webhooks.js";
import { createProductsLane, createProductUpdated } from "../use-cases/product-updated.js";
import { createUninstallShop } from "../use-cases/uninstall-shop.js";
import { createEraseShop } from "../use-cases/privacy/erase-shop.js";
import { createExportCustomerData } from "../use-cases/privacy/export-customer-data.js";
import { createRedactCustomer } from "../use-cases/privacy/redact-customer.js";
import { createPrivacyRegistry } from "../use-cases/privacy/registry.js";
import type { Clock, Logger, Repositories, ShopDomain } from "../use-cases/ports.js";
import type { WebhookHandler, WebhookLane } from "../use-cases/webhook-handlers.js";
import type { AvailabilityServices } from "../use-cases/availability/index.js";
import type { BackorderEngine } from "../use-cases/backorder/index.js";
import type { CustomerCare } from "../use-cases/customer-care/index.js";
import { appUninstalledHandler } from "../webhooks/app-uninstalled.handler.js";
import { customersDataRequestHandler } from "../webhooks/customers-data-request.handler.js";
import { customersRedactHandler } from "../webhooks/customers-redact.handler.js";
import { inventoryItemsUpdateHandler } from "../webhooks/inventory-items-update.handler.js";
import { inventoryLevelsUpdateHandler } from "../webhooks/inventory-levels-update.handler.js";
import { orderRecordingHandler } from "../webhooks/order-recording.js";
import { ordersCancelledHandler } from "../webhooks/orders-cancelled.handler.js";
import { ordersCreateHandler } from "../webhooks/orders-create.handler.js";
import { ordersEditedHandler } from "../webhooks/orders-edited.handler.js";
import { ordersUpdatedHandler } from "../webhooks/orders-updated.handler.js";
import { productsUpdateHandler } from "../webhooks/products-update.handler.js";
import { shopRedactHandler } from "../webhooks/shop-redact.handler.js";

/** What the webhook handlers and the HTTP use cases are built from: storage, and the subsystems when they run. */
export interface WiringDeps {
  repositories: Repositories;
  clock: Clock;
  logger: Logger;
  /** Storefront availability (rules, ETAs, substitutes); absent in tests of the intake alone. */
  availability?: AvailabilityServices | undefined;
  /** The backorder engine; absent in tests of the intake alone (order topics are then only recorded). */
  backorders?: BackorderEngine | undefined;
  /** Customer care (order contact facts, messages, privacy requests); absent in tests of the engine alone. */
  care?: CustomerCare | undefined;
  /**
   * Rows of a shop claimed together are decided in one engine step, and its products/update rows handled in one
   * step (default); false handles each row on its own (the baseline the load benchmarks compare against).
   */
  batching?: boolean | undefined;
  /** After a privacy erasure: make the database forget deleted rows too (SQLite: checkpoint the WAL). */
  afterErasure?: (() => Promise<void>) | undefined;
  /** Merchant alerts' storage (shop/redact erases it). */
  alerts?: { deleteByShop(shop: string): Promise<number> } | undefined;
  /** The job queue's stored jobs (shop/redact erases the shop's). */
  jobs?: { forgetShop(shop: ShopDomain): Promise<number> } | undefined;
}

/**
 * The webhook handler registry: one handler per topic subscribed in shopify.app.toml, named after it
 * (test/http/webhook-registry.test.ts keeps the two in step). Each handler parses its payload and calls the one use
 * case built here; a topic missing here is recorded as IGNORED at intake.
 */
export function createWebhookHandlers(deps: WiringDeps): Record<string, WebhookHandler> {
  const { repositories: repos, clock, logger, availability, backorders, care } = deps;
  const noteShopEvent = createNoteShopEvent({ logger });
  // Every table with shop or personal data, in one list both redact paths and the data export walk.
  const registry = createPrivacyRegistry({
    ...repos,
    availability: availability ?? null,
    care: care?.repository ?? null,
    alerts: deps.alerts ?? null,
    jobs: deps.jobs ?? null,
  });
  const privacy = { registry, exports: repos.exports, clock, logger, afterErasure: deps.afterErasure };
  // Orders and stock levels of a shop that the worker claims together are decided in one step; its products are
  // mirrored and re-evaluated in one step too.
  const engineLane =
    backorders && deps.batching !== false
      ? createEngineLane({ backorders, noteShopEvent, care, availability })
      : undefined;
  return {
    ...orderHandlers(deps, noteShopEvent, engineLane),
    "orders/edited": ordersEditedHandler({ noteShopEvent }),
    "inventory_levels/update": inventoryLevelsUpdateHandler({
      inventoryLevelChanged: createInventoryLevelChanged({ noteShopEvent, backorders, availability }),
      engineLane,
    }),
    "inventory_items/update": inventoryItemsUpdateHandler({ noteShopEvent }),
    "products/update": productsUpdateHandler({
      productUpdated: createProductUpdated({ noteShopEvent, backorders, availability }),
      productsLane:
        deps.batching !== false ? createProductsLane({ noteShopEvent, backorders, availability }) : undefined,
    }),
    "app/uninstalled": appUninstalledHandler({
      uninstallShop: createUninstallShop({ sessions: repos.sessions, shops: repos.shops, clock, logger }),
    }),
    "customers/data_request": customersDataRequestHandler({
      exportCustomerData: createExportCustomerData(privacy),
    }),
    "customers/redact": customersRedactHandler({ redactCustomer: createRedactCustomer(privacy) }),
    "shop/redact": shopRedactHandler({ eraseShop: createEraseShop(privacy) }),
  };
}

/** The order topics: received by the engine (and customer care); only recorded when no engine runs. */
function orderHandlers(
  { backorders, care }: WiringDeps,
  noteShopEvent: ReturnType<typeof createNoteShopEvent>,
  engineLane: WebhookLane<EngineLaneItem> | undefined,
): Record<"orders/create" | "orders/updated" | "orders/cancelled", WebhookHandler> {
  if (!backorders) {
    const record = orderRecordingHandler({ noteShopEvent });
    return { "orders/create": record, "orders/updated": record, "orders/cancelled": record };
  }
  const orderReceived = createOrderReceived({ backorders, care });
  return {
    "orders/create": ordersCreateHandler({ orderReceived, engineLane }),
    "orders/updated": ordersUpdatedHandler({ orderReceived, engineLane }),
    "orders/cancelled": ordersCancelledHandler({ orderReceived, engineLane }),
  };
}
