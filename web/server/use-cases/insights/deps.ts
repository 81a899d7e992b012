import type { DelayConsent, DelayNotice } from "../../domain/compliance/index.js";
import type { LawSettings } from "../../domain/insights/index.js";
import type { SellingRule } from "../../domain/selling-rules/index.js";
import type { CalendarDate } from "../../domain/eta/index.js";
import type { Clock, ShopDomain, ShopSettings } from "../ports.js";
import type { InsightsRepository, ShopFactsReader } from "./ports.js";

export interface InsightsDeps {
  repository: InsightsRepository;
  shopFacts: ShopFactsReader;
  clock: Clock;
  /** The shop's settings (its business calendar). */
  settingsOf: (shop: ShopDomain) => Promise<ShopSettings>;
  /** Customer care's delivery-law settings, notices and consents (the legal deadlines). */
  care: {
    law(shop: ShopDomain): Promise<LawSettings>;
    notices(shop: ShopDomain, lineItemIds: string[]): Promise<(DelayNotice & { lineItemId: string })[]>;
    consents(shop: ShopDomain, lineItemIds: string[]): Promise<(DelayConsent & { lineItemId: string })[]>;
  };
  /** Availability's backorder rules and supplier dates (the lead time of each variant). */
  rules: {
    listRules(shop: ShopDomain): Promise<SellingRule[]>;
    supplierDates(
      shop: ShopDomain,
      variantIds: string[],
    ): Promise<{ variantId: string; expectedOn: CalendarDate }[]>;
  };
  /** Units on their way per variant (Shopify's incoming quantities). */
  incoming(shop: ShopDomain, variantIds: string[]): Promise<Map<string, number>>;
}
