/**
 * Insights, pure: the dashboard's figures from the engine's lines: how long units wait (ageing), which promises and
 * legal deadlines need the merchant (at risk), demand per variant, what to reorder, how well promises were kept, and
 * the value of what waits. Storage does the sums (adapters/prisma/insights-repository.ts); these functions do the logic.
 */
export {
  AGE_BUCKETS,
  ageBucketBounds,
  ageBucketOf,
  ageing,
  waitedDays,
  type AgeBucketCount,
  type AgeBucketId,
} from "./ageing.js";
export {
  AT_RISK_BUSINESS_DAYS,
  DEADLINE_HORIZON_DAYS,
  lineRisk,
  summarizeRisks,
  type LawSettings,
  type LineRisk,
  type RiskSummary,
  type WaitingPromise,
} from "./at-risk.js";
export {
  DEFAULT_LEAD_TIME_DAYS,
  DEMAND_WINDOW_DAYS,
  reorderLine,
  reorderList,
  type LeadTimeSource,
  type ReorderInput,
  type ReorderLine,
} from "./reorder.js";
export { accuracyOf, daysLate, promiseAccuracy, type AccuracyGroup, type ShippedLine } from "./accuracy.js";
export {
  DEMAND_TOP_VARIANTS,
  DEMAND_WEEKS,
  demandSeries,
  demandWeeks,
  type DemandSeries,
  type DemandWeek,
} from "./demand.js";
export { formatDecimal, parseDecimal, stockValue } from "./money.js";
