/**
 * The dashboard's insights for one shop: what waits and its value, how long it waited, what is at risk, demand per
 * variant, what to reorder and how well promises were kept. main.ts builds it once (composition/app-use-cases.ts).
 */
import type { InsightsDeps } from "./deps.js";
import { createOverview } from "./overview.js";
import { createPlanning } from "./planning.js";

export type { InsightsDeps } from "./deps.js";
export type { InsightsOverview } from "./overview.js";
export type { AccuracyReport, DemandReport, ReorderReport } from "./planning.js";

export function createInsights(deps: InsightsDeps) {
  return { overview: createOverview(deps), ...createPlanning(deps) };
}

export type Insights = ReturnType<typeof createInsights>;
