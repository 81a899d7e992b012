/**
 * The dashboard's insights for one shop: what waits and its value, how long it waited, what is at risk, demand per
 * variant, what to reorder and how well promises were kept. main.ts builds it once (composition/app-use-cases.ts).
 */
import type { LineRisk } from "../../domain/insights/index.js";
import { dayInZone } from "../availability/shop-calendar.js";
import type { ShopDomain } from "../ports.js";
import type { InsightsDeps } from "./deps.js";
import { createLineRisks, createOverview } from "./overview.js";
import { createPlanning } from "./planning.js";

export type { InsightsDeps } from "./deps.js";
export type { InsightsOverview } from "./overview.js";
export type { AccuracyReport, DemandReport, ReorderReport } from "./planning.js";

export type RiskyLine = LineRisk & { orderName: string | null; title: string; units: number };

export function createInsights(deps: InsightsDeps) {
  const lineRisks = createLineRisks(deps);
  return {
    overview: createOverview(deps),
    ...createPlanning(deps),
    /** Every checked waiting line with a promise at risk or a legal deadline coming, today in the shop's zone. */
    async riskyLines(shop: ShopDomain): Promise<RiskyLine[]> {
      const { timeZone } = await deps.shopFacts.read(shop);
      const { rows, risks } = await lineRisks(shop, dayInZone(deps.clock.now(), timeZone), timeZone);
      const byId = new Map(rows.map((r) => [r.lineItemId, r]));
      return risks
        .filter((r) => r.promise !== null || r.deadline !== null)
        .map((r) => {
          const row = byId.get(r.lineItemId)!;
          return { ...r, orderName: row.orderName, title: row.title, units: row.units };
        });
    },
  };
}

export type Insights = ReturnType<typeof createInsights>;
