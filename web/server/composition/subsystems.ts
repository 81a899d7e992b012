/**
 * Part of the composition root (main.ts): the three subsystems (customer care, storefront availability, the backorder
 * engine) and the background jobs they wake (availability sync, Shopify writer, customer-care job). The subsystems
 * call each other, so each is built once and the others reach it through `Late` when they are called, never while
 * they are built. Nothing but main.ts imports this module.
 */
import type { Config } from "../config.js";
import { createInstalledShopsLister } from "../adapters/prisma/installed-shops.js";
import { parseRulesCsv } from "../adapters/csv/rules.js";
import { threadFeedReader } from "../adapters/csv/feed-reader.js";
import { PrismaSupplierImportRuns } from "../adapters/prisma/supplier-import-runs.js";
import { createSelfServiceTokens } from "../adapters/crypto/self-service-tokens.js";
import { createLiquidRenderer } from "../adapters/mail/liquid-renderer.js";
import { createAvailabilityShopify } from "../adapters/shopify/availability-shopify.js";
import { createProductSearch } from "../adapters/shopify/product-search.js";
import { createBackorderReconcileShopify } from "../adapters/shopify/backorder-reconcile-shopify.js";
import { createBackorderShopify } from "../adapters/shopify/backorder-shopify.js";
import { createCareShopify } from "../adapters/shopify/care-shopify.js";
import { createAvailabilitySync, type AvailabilitySyncJob } from "../jobs/availability-sync.js";
import { createCustomerCareJob, type CustomerCareJob } from "../jobs/customer-care.js";
import { createShopifyWriter, type ShopifyWriter } from "../jobs/shopify-writer.js";
import { createAvailabilityServices, type AvailabilityServices } from "../use-cases/availability/index.js";
import { engineWaitingLines } from "../use-cases/availability/waiting-lines.js";
import { createBackorderEngine, type BackorderEngine } from "../use-cases/backorder/index.js";
import { createCustomerCare, type CustomerCare } from "../use-cases/customer-care/index.js";
import type { Clock, Logger } from "../use-cases/ports.js";
import type { JobQueue } from "../jobs/job-queue.js";
import type { MerchantAlerts } from "../use-cases/alerts/index.js";
import type { Adapters } from "./adapters.js";
import { buildMerchantAlerts, capStatesListener } from "./alerts.js";

export interface Subsystems {
  care: CustomerCare;
  availability: AvailabilityServices;
  backorders: BackorderEngine;
  availabilitySync: AvailabilitySyncJob;
  writer: ShopifyWriter;
  careJob: CustomerCareJob;
  /** Merchant alerts: caps reached, promises at risk, legal deadlines, dead webhooks; listed and emailed. */
  alerts: MerchantAlerts;
}

interface Context {
  config: Config;
  adapters: Adapters;
  clock: Clock;
  logger: Logger;
  late: Partial<Subsystems>;
  /** Where the subsystems send background work (set by composition/jobs.ts once the queue is built). */
  jobs: JobSender;
}

/** The job queue, known once composition/jobs.ts has built it; sends before that are dropped (none happen). */
export interface JobSender {
  queue: JobQueue | null;
}

export function buildSubsystems(
  config: Config,
  adapters: Adapters,
  { clock, logger, jobs }: { clock: Clock; logger: Logger; jobs: JobSender },
): Subsystems {
  const late: Partial<Subsystems> = {};
  const context: Context = { config, adapters, clock, logger, late, jobs };
  const care = (late.care = buildCustomerCare(context));
  const alerts = (late.alerts = buildMerchantAlerts(config, adapters, {
    clock,
    logger,
    wakeOutbox: () => late.careJob?.wake(),
  }));
  const availability = (late.availability = buildAvailability(context, care, alerts));
  const availabilitySync = (late.availabilitySync = createAvailabilitySync({
    services: availability,
    repository: adapters.availabilityRepository,
    shops: adapters.repositories.shops,
    clock,
    logger,
  }));
  const backorders = (late.backorders = buildBackorderEngine(context, availability, care));
  const writer = (late.writer = createShopifyWriter({
    runWrites: (shop, round) => backorders.runWrites(shop, round),
    repository: adapters.repositories.backorders,
    clock,
    logger,
  }));
  const careJob = (late.careJob = createCustomerCareJob({
    care: {
      ...care,
      // The periodic pass also scans the shop's time-based alerts and sends its digest when due.
      runDeadlines: async (shop) => {
        try {
          await care.runDeadlines(shop);
        } finally {
          await alerts.scan(shop);
        }
      },
    },
    listShops: createInstalledShopsLister(adapters.db),
    logger,
    pollIntervalMs: config.mail.pollIntervalMs,
    deadlineIntervalMs: config.care.intervalMs,
  }));
  return { care, availability, backorders, availabilitySync, writer, careJob, alerts };
}

/** Consent, customer emails (outbox), self-service, delivery-law deadlines. */
function buildCustomerCare({ config, adapters, clock, logger, late }: Context): CustomerCare {
  return createCustomerCare(
    {
      repository: adapters.careRepository,
      backorders: adapters.repositories.backorders,
      engine: {
        applyLineEvent: (shop, lineItemId, event, cause) => {
          if (!late.backorders) throw new Error("customer care: the backorder engine is not built yet");
          return late.backorders.applyLineEvent(shop, lineItemId, event, cause);
        },
        noteLines: (shop, notes) => {
          if (!late.backorders) throw new Error("customer care: the backorder engine is not built yet");
          return late.backorders.noteLines(shop, notes);
        },
        refreshPromises: (shop, lineItemIds) => {
          if (!late.backorders) throw new Error("customer care: the backorder engine is not built yet");
          return late.backorders.refreshPromises(shop, lineItemIds);
        },
      },
      promises: adapters.availabilityRepository,
      shops: adapters.repositories.shops,
      shopify: createCareShopify({ client: adapters.adminClient }),
      mailer: adapters.mailer,
      mailFrom: config.mail.from,
      renderer: createLiquidRenderer(),
      tokens: createSelfServiceTokens(config.shopify.apiSecret),
      // Deadlines and notices count in the shop's days (Shop.ianaTimezone, read at most hourly per shop).
      timeZoneOf: async (shop) => (await adapters.shopFacts.read(shop)).timeZone,
      // Shoppers reach the app proxy under the shop's storefront; locally the dev store serves it.
      storefrontOrigin: (shop) =>
        config.mode === "local" && config.shopify.adminOrigin
          ? config.shopify.adminOrigin
          : `https://${shop}`,
      clock,
      logger,
    },
    {
      wake: () => late.careJob?.wake(),
      // The in-stock substitutes the storefront shows for the variant, within the merchant's price band.
      substitutesOf: async (shop, variantId) => {
        if (!late.availability) throw new Error("customer care: storefront availability is not built yet");
        return (await late.availability.storefront.get(shop, variantId)).substitutes.map((s) => ({
          variantId: s.variantId,
          title: [s.productTitle, s.variantTitle].filter(Boolean).join(" – "),
          price: s.price,
        }));
      },
    },
  );
}

/** Selling rules, ETAs, substitutes, the storefront sync. */
function buildAvailability(
  { config, adapters, clock, logger, late, jobs }: Context,
  care: CustomerCare,
  alerts: MerchantAlerts,
): AvailabilityServices {
  const { repositories } = adapters;
  return createAvailabilityServices({
    repository: adapters.availabilityRepository,
    // The local dev store does not serve Product.collections.
    shopify: createAvailabilityShopify({
      client: adapters.adminClient,
      readCollections: config.mode !== "local",
    }),
    shops: repositories.shops,
    feeds: {
      runs: new PrismaSupplierImportRuns(adapters.db),
      openReader: threadFeedReader,
      limits: config.feeds,
      orders: async (shop, orderIds) =>
        new Map(
          (await repositories.backorders.getOrders(shop, orderIds)).map((o) => [
            o.orderId,
            { name: o.name, customerName: o.customerName, customerEmail: o.customerEmail },
          ]),
        ),
    },
    parseRulesCsv,
    productSearch: createProductSearch(adapters.adminClient),
    clock,
    logger,
    requestSync: (shop, variantIds) => jobs.queue?.availabilityRequested(shop, variantIds),
    // ETAs per waiting line and the cap count the engine's lines (Shopify's oversold units as a floor).
    waitingLines: engineWaitingLines({ backorders: repositories.backorders, shops: repositories.shops }),
    // A promise made or moved is written to its order's metafield (the order-status page reads it).
    onPromiseChanges: async (shop, changes) => {
      const lineIds = [...changes.created, ...changes.revised].map((c) => c.lineItemId);
      if (lineIds.length > 0) await late.backorders?.refreshPromises(shop, lineIds);
      // Consent given at checkout, the confirmation, delay notices: into the outbox, then sent.
      await care.onPromiseChanges(shop, changes);
      late.careJob?.wake();
    },
    // A variant reaching its cap (or freed from it) raises or clears its merchant alert.
    onCapStates: capStatesListener(alerts, adapters.availabilityRepository),
  });
}

/** Order ingestion, inventory levels, allocation, the order sync to Shopify. */
function buildBackorderEngine(
  { config, adapters, clock, logger, late, jobs }: Context,
  availability: AvailabilityServices,
  care: CustomerCare,
): BackorderEngine {
  const { adminClient, availabilityRepository } = adapters;
  return createBackorderEngine({
    repository: adapters.repositories.backorders,
    writeLeaseMs: config.inbox.leaseMs,
    shopify: createBackorderShopify({ client: adminClient }),
    reconcileShopify: createBackorderReconcileShopify({ client: adminClient }),
    shops: adapters.repositories.shops,
    clock,
    logger,
    // A line starts waiting (its promise is made), gets stock or leaves: its variant's queue ETAs move.
    // Outbox rows of variants whose queue moved, run by the writer: availability, ETAs, a cap's flip to DENY (a
    // failed Shopify write throws, and the row is retried), and customer care's view of the queue.
    onWaitingChanged: async (shop, variantIds) => {
      late.careJob?.queueMoved(shop, variantIds);
      await availability.onVariantsChanged(shop, variantIds);
    },
    onWritesQueued: (shop) => jobs.queue?.writesQueued(shop),
    lock: adapters.shopLock,
    lineEtas: async (shop, lineItemIds) =>
      new Map(
        (await availabilityRepository.linePromises(shop, lineItemIds)).map((p) => [
          p.lineItemId,
          // What the customer holds us to: a later date they accepted, else the purchase promise.
          { current: p.current, promised: p.agreed ?? p.promised },
        ]),
      ),
    // The order-status and thank-you extensions link to the order's self-service page (app proxy, signed).
    selfServiceLink: care.orderStatusLink,
    sessionScope: adapters.adminSessions,
  });
}
