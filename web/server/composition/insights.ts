/**
 * Part of the composition root (main.ts): the dashboard's insights and, with them, what the merchant alerts read,
 * built over the database, the Admin API client, customer care's storage (delivery-law settings, notices, consents)
 * and availability's (rules, supplier dates).
 */
import type { DelayConsent, DelayNotice } from "../domain/compliance/index.js";
import type { CalendarDate } from "../domain/eta/index.js";
import type { Db } from "../adapters/prisma/client.js";
import { PrismaInsightsRepository } from "../adapters/prisma/insights-repository.js";
import type { AvailabilityRepository, AvailabilityShopify } from "../use-cases/availability/ports.js";
import type { CareRepository } from "../use-cases/customer-care/ports.js";
import { createInsights, type Insights } from "../use-cases/insights/index.js";
import type { ShopFactsReader } from "../use-cases/insights/ports.js";
import { shopSettingsOf } from "../use-cases/shop-settings.js";
import type { Clock, ShopRepository } from "../use-cases/ports.js";
import { createAvailabilityShopify } from "../adapters/shopify/availability-shopify.js";
import type { Config } from "../config.js";
import type { Adapters } from "./adapters.js";

export interface InsightsWiringDeps {
  db: Db;
  shopFacts: ShopFactsReader;
  clock: Clock;
  shops: Pick<ShopRepository, "get">;
  care: CareRepository;
  availability: Pick<AvailabilityRepository, "listRules" | "supplierEtas">;
  availabilityShopify: Pick<AvailabilityShopify, "readVariants">;
}

/** Insights over this process's adapters: what the dashboard reads, and the alerts' scheduled pass. */
export function buildInsights(config: Config, adapters: Adapters, clock: Clock): Insights {
  return createInsightsWiring({
    db: adapters.db,
    shopFacts: adapters.shopFacts,
    clock,
    shops: adapters.repositories.shops,
    care: adapters.careRepository,
    availability: adapters.availabilityRepository,
    availabilityShopify: createAvailabilityShopify({
      client: adapters.adminClient,
      readCollections: config.mode !== "local",
    }),
  });
}

export function createInsightsWiring(deps: InsightsWiringDeps): Insights {
  return createInsights({
    repository: new PrismaInsightsRepository(deps.db),
    shopFacts: deps.shopFacts,
    clock: deps.clock,
    settingsOf: (shop) => shopSettingsOf(deps.shops, shop),
    care: {
      law: async (shop) => (await deps.care.getSettings(shop)).law,
      notices: async (shop, ids) =>
        (await deps.care.noticesOfLines(shop, ids)).map((n): DelayNotice & { lineItemId: string } => ({
          lineItemId: n.lineItemId,
          sentOn: n.sentOn as CalendarDate,
          revised: n.revised,
        })),
      consents: async (shop, ids) =>
        (await deps.care.consentsOfLines(shop, ids))
          .filter((c) => c.kind === "accepted_new_date")
          .map((c): DelayConsent & { lineItemId: string } => ({
            lineItemId: c.lineItemId,
            on: c.givenAt.toISOString().slice(0, 10) as CalendarDate,
            agreedTo: c.eta,
          })),
    },
    rules: {
      listRules: (shop) => deps.availability.listRules(shop),
      supplierDates: (shop, ids) => deps.availability.supplierEtas(shop, ids),
    },
    incoming: async (shop, ids) => {
      const { variants } = await deps.availabilityShopify.readVariants(shop, ids);
      return new Map(variants.map((v) => [v.variantId, v.incoming.reduce((n, i) => n + i.quantity, 0)]));
    },
  });
}
