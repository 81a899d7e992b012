/**
 * Part of the composition root (main.ts, via subsystems.ts): merchant alerts over their Prisma storage, the
 * dashboard's risk judgement (insights), the catalog mirror's titles, the shop's name and time zone
 * (adapters.shopFacts), and customer care's email outbox. Nothing but composition/ imports this module.
 */
import type { Config } from "../config.js";
import { PrismaAlertRepository } from "../adapters/prisma/alert-repository.js";
import { PrismaInsightsRepository } from "../adapters/prisma/insights-repository.js";
import { createMerchantAlerts, type CapState, type MerchantAlerts } from "../use-cases/alerts/index.js";
import type { Clock, Logger, ShopDomain } from "../use-cases/ports.js";
import type { Adapters } from "./adapters.js";
import { buildInsights } from "./insights.js";

export function buildMerchantAlerts(
  config: Config,
  adapters: Adapters,
  context: { clock: Clock; logger: Logger; wakeOutbox: () => void },
): MerchantAlerts {
  const { clock } = context;
  const insightsRepository = new PrismaInsightsRepository(adapters.db);
  const insights = buildInsights(config, adapters, clock);
  return createMerchantAlerts({
    repository: new PrismaAlertRepository(adapters.db),
    facts: {
      riskyLines: (shop) => insights.riskyLines(shop),
      variants: async (shop, ids) =>
        new Map(
          [...(await insightsRepository.variantFacts(shop, ids)).values()].map((v) => [
            v.variantId,
            { title: v.title, sku: v.sku },
          ]),
        ),
      shop: async (shop) => {
        const [record, facts] = await Promise.all([
          adapters.repositories.shops.get(shop),
          adapters.shopFacts.read(shop),
        ]);
        return { name: record?.name ?? shop, timeZone: facts.timeZone };
      },
    },
    // The same outbox, mailer, retries and once-per-event key as the customer messages.
    outbox: {
      enqueue: (shop, m) =>
        adapters.careRepository.enqueue(shop, {
          eventKey: m.eventKey,
          kind: "merchant_alert",
          orderId: null,
          customerId: null,
          to: m.to,
          locale: m.locale,
          data: { kind: "merchant_alert", written: { subject: m.subject, text: m.text, html: m.html } },
          status: "pending",
        }),
      wake: context.wakeOutbox,
    },
    clock,
    logger: context.logger,
    adminUrl: (shop) => alertsPageUrl(config, shop),
  });
}

/** The admin's alerts page: the local admin, or the app inside the shop's Shopify admin. */
function alertsPageUrl(config: Config, shop: ShopDomain): string {
  return config.mode === "local"
    ? `${config.shopify.appUrl}/?shop=${encodeURIComponent(shop)}#/alerts`
    : `https://${shop}/admin/apps/${config.shopify.apiKey}`;
}

/** Cap states as availability reports them, with each rule's cap (for the alert's text). */
export function capStatesListener(
  alerts: Pick<MerchantAlerts, "capStates">,
  rules: Pick<Adapters["availabilityRepository"], "listRules">,
) {
  return async (
    shop: ShopDomain,
    states: { variantId: string; ruleId: string; reached: boolean; waitingUnits: number }[],
  ): Promise<void> => {
    const caps = states.some((s) => s.reached)
      ? new Map((await rules.listRules(shop)).map((r) => [r.id, r.settings.cap]))
      : new Map<string, number | null>();
    await alerts.capStates(
      shop,
      states.map((s): CapState => ({
        variantId: s.variantId,
        reached: s.reached,
        cap: caps.get(s.ruleId) ?? null,
        waitingUnits: s.waitingUnits,
      })),
    );
  };
}
