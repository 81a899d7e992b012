import type { Clock, Logger, Repositories } from "../use-cases/ports.js";
import { createEraseShop } from "../use-cases/privacy/erase-shop.js";
import { createExportCustomerData } from "../use-cases/privacy/export-customer-data.js";
import { createNoteShopEvent } from "../use-cases/note-shop-event.js";
import { createRedactCustomer } from "../use-cases/privacy/redact-customer.js";
import { createUninstallShop } from "../use-cases/uninstall-shop.js";
import type { BackorderEngine } from "../use-cases/backorder/index.js";
import type { AvailabilityServices } from "../use-cases/availability/index.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import type { CustomerCare } from "../use-cases/customer-care/index.js";
import { appUninstalledHandler } from "./app-uninstalled.handler.js";
import { customersDataRequestHandler } from "./customers-data-request.handler.js";
import { customersRedactHandler } from "./customers-redact.handler.js";
import { inventoryItemsUpdateHandler } from "./inventory-items-update.handler.js";
import { inventoryLevelsUpdateHandler } from "./inventory-levels-update.handler.js";
import { ordersCancelledHandler } from "./orders-cancelled.handler.js";
import { ordersCreateHandler } from "./orders-create.handler.js";
import { ordersEditedHandler } from "./orders-edited.handler.js";
import { ordersUpdatedHandler } from "./orders-updated.handler.js";
import { productsUpdateHandler } from "./products-update.handler.js";
import { shopRedactHandler } from "./shop-redact.handler.js";

/** What the availability services must hear about (use-cases/availability): stock, catalog and erasure. */
export type AvailabilityWebhookHooks = Pick<
  AvailabilityServices,
  "onInventoryItemChanged" | "onProductsChanged" | "eraseShop"
>;

export interface WebhookHandlerDeps {
  repositories: Repositories;
  clock: Clock;
  logger: Logger;
  /** Absent in tests that exercise the intake alone. */
  availability?: AvailabilityWebhookHooks;
  /** The backorder engine (use-cases/backorder); absent in tests that exercise the intake alone. */
  backorders?: BackorderEngine;
  /** Customer care (use-cases/customer-care): order contact facts, privacy requests. */
  care?: CustomerCare;
}

/**
 * One handler per subscribed topic, named as in shopify.app.toml (test/http/webhook-registry.test.ts keeps the two
 * in step). A topic missing here is recorded as IGNORED at intake.
 */
export function createWebhookHandlers(deps: WebhookHandlerDeps): Record<string, WebhookHandler> {
  const { repositories: repos, clock, logger } = deps;
  const noteShopEvent = createNoteShopEvent({ logger });
  const uninstallShop = createUninstallShop({ sessions: repos.sessions, shops: repos.shops, clock, logger });
  const redactCustomer = createRedactCustomer({
    inbox: repos.inbox,
    exports: repos.exports,
    care: deps.care?.repository,
    logger,
  });
  const exportCustomerData = createExportCustomerData({
    inbox: repos.inbox,
    exports: repos.exports,
    care: deps.care?.repository,
    clock,
    logger,
  });
  const eraseShop = createEraseShop({ ...repos, care: deps.care?.repository, logger });

  return {
    "orders/create": ordersCreateHandler({ noteShopEvent, backorders: deps.backorders, care: deps.care }),
    "orders/updated": ordersUpdatedHandler({ noteShopEvent, backorders: deps.backorders, care: deps.care }),
    "orders/cancelled": ordersCancelledHandler({
      noteShopEvent,
      backorders: deps.backorders,
      care: deps.care,
    }),
    "orders/edited": ordersEditedHandler({ noteShopEvent }),
    "inventory_levels/update": inventoryLevelsUpdateHandler({
      noteShopEvent,
      availability: deps.availability,
      backorders: deps.backorders,
    }),
    "inventory_items/update": inventoryItemsUpdateHandler({ noteShopEvent }),
    "products/update": productsUpdateHandler({
      noteShopEvent,
      availability: deps.availability,
      backorders: deps.backorders,
    }),
    "app/uninstalled": appUninstalledHandler({ uninstallShop }),
    "customers/data_request": customersDataRequestHandler({ exportCustomerData }),
    "customers/redact": customersRedactHandler({ redactCustomer }),
    "shop/redact": shopRedactHandler({ eraseShop, availability: deps.availability }),
  };
}
