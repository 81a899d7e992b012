import {
  DEFAULT_LEAD_TIME_DAYS,
  DEMAND_WEEKS,
  DEMAND_WINDOW_DAYS,
  demandSeries,
  demandWeeks,
  promiseAccuracy,
  accuracyOf,
  reorderList,
  type AccuracyGroup,
  type LeadTimeSource,
  type ReorderLine,
  type ShippedLine,
} from "../../domain/insights/index.js";
import {
  addBusinessDays,
  daysBetween,
  workCalendar,
  type CalendarDate,
  type Eta,
  type Weekday,
} from "../../domain/eta/index.js";
import {
  createSellingRuleResolver,
  type VariantFacts as RuleFacts,
} from "../../domain/selling-rules/index.js";
import { dayInZone } from "../availability/shop-calendar.js";
import type { ShopDomain } from "../ports.js";
import type { InsightsDeps } from "./deps.js";
import type { VariantFacts } from "./ports.js";

const DAY_MS = 86_400_000;
/** Shipped lines read for promise accuracy (newest first). */
export const ACCURACY_LINE_LIMIT = 20_000;

export interface DemandReport {
  weeks: { from: string; to: string }[];
  series: { variantId: string | null; title: string; sku: string | null; units: number[]; total: number }[];
}

export interface ReorderReport {
  method: { demandWindowDays: number; defaultLeadTimeDays: number };
  lines: ReorderLine[];
}

export interface AccuracyReport {
  days: number;
  overall: AccuracyGroup;
  bySku: AccuracyGroup[];
  byVendor: AccuracyGroup[];
}

/** Demand per variant over time, what to reorder, and how well promises were kept. */
export function createPlanning(deps: InsightsDeps) {
  const { repository: repo, clock } = deps;

  async function demand(shop: ShopDomain): Promise<DemandReport> {
    const weeks = demandWeeks(clock.now(), DEMAND_WEEKS);
    const series = demandSeries(await repo.demand(shop, weeks), weeks.length);
    const facts = await repo.variantFacts(
      shop,
      series.flatMap((s) => (s.variantId ? [s.variantId] : [])),
    );
    return {
      weeks: weeks.map((w) => ({ from: w.from.toISOString(), to: w.to.toISOString() })),
      series: series.map((s) => ({
        ...s,
        title: s.variantId ? facts.get(s.variantId)?.title || s.variantId : "",
        sku: s.variantId ? (facts.get(s.variantId)?.sku ?? null) : null,
      })),
    };
  }

  async function reorder(shop: ShopDomain): Promise<ReorderReport> {
    const now = clock.now();
    const since = new Date(now.getTime() - DEMAND_WINDOW_DAYS * DAY_MS);
    const [waiting, ordered] = await Promise.all([
      repo.waitingByVariant(shop),
      repo.orderedSince(shop, since),
    ]);
    const ids = [...new Set([...waiting.map((w) => w.variantId), ...ordered.keys()])];
    const [facts, leadTimes, incoming] = await Promise.all([
      repo.variantFacts(shop, ids),
      leadTimesOf(shop, ids),
      ids.length > 0 ? deps.incoming(shop, ids) : Promise.resolve(new Map<string, number>()),
    ]);
    const waitingOf = new Map(waiting.map((w) => [w.variantId, w]));
    return {
      method: { demandWindowDays: DEMAND_WINDOW_DAYS, defaultLeadTimeDays: DEFAULT_LEAD_TIME_DAYS },
      lines: reorderList(
        ids.map((variantId) => ({
          variantId,
          sku: facts.get(variantId)?.sku ?? waitingOf.get(variantId)?.sku ?? null,
          title: facts.get(variantId)?.title || waitingOf.get(variantId)?.title || variantId,
          waitingUnits: waitingOf.get(variantId)?.units ?? 0,
          orderedInWindow: ordered.get(variantId) ?? 0,
          leadTime: leadTimes.get(variantId) ?? { days: DEFAULT_LEAD_TIME_DAYS, source: "default" },
          incoming: incoming.get(variantId) ?? 0,
        })),
      ),
    };
  }

  /** Calendar days to the next delivery: the rule's longest lead time, else the supplier feed's next date. */
  async function leadTimesOf(
    shop: ShopDomain,
    ids: string[],
  ): Promise<Map<string, { days: number; source: LeadTimeSource }>> {
    const result = new Map<string, { days: number; source: LeadTimeSource }>();
    if (ids.length === 0) return result;
    const [rules, settings, { timeZone }, feed, facts] = await Promise.all([
      deps.rules.listRules(shop),
      deps.settingsOf(shop),
      deps.shopFacts.read(shop),
      deps.rules.supplierDates(shop, ids),
      repo.variantFacts(shop, ids),
    ]);
    const today = dayInZone(clock.now(), timeZone);
    const calendar = workCalendar({
      weekend: settings.weekend as Weekday[],
      holidays: settings.holidays as CalendarDate[],
    });
    const resolve = createSellingRuleResolver(rules);
    for (const id of ids) {
      const f = facts.get(id);
      const source = f ? resolve(ruleFacts(f))?.rule.settings.etaSource : undefined;
      if (source?.kind === "lead_time") {
        const arrives = addBusinessDays(today, source.maxBusinessDays, calendar);
        result.set(id, { days: daysBetween(today, arrives), source: "rule" });
        continue;
      }
      const next = feed
        .filter((r) => r.variantId === id && r.expectedOn >= today)
        .map((r) => r.expectedOn)
        .sort()[0];
      if (next) result.set(id, { days: daysBetween(today, next), source: "supplier_feed" });
    }
    return result;
  }

  async function accuracy(shop: ShopDomain, days: number): Promise<AccuracyReport> {
    const now = clock.now();
    const since = new Date(now.getTime() - days * DAY_MS);
    const [{ timeZone }, rows] = await Promise.all([
      deps.shopFacts.read(shop),
      repo.shippedSince(shop, since, ACCURACY_LINE_LIMIT),
    ]);
    const facts = await repo.variantFacts(shop, [...new Set(rows.map((r) => r.variantId))]);
    const lines: ShippedLine[] = rows.map((r) => ({
      lineItemId: r.lineItemId,
      sku: r.sku ?? facts.get(r.variantId)?.sku ?? null,
      vendor: facts.get(r.variantId)?.vendor ?? null,
      title: r.title,
      promised: r.promised ? (JSON.parse(r.promised) as Eta) : null,
      shippedOn: dayInZone(r.shippedAt, timeZone),
    }));
    return {
      days,
      overall: accuracyOf("", lines),
      bySku: promiseAccuracy(lines, "sku"),
      byVendor: promiseAccuracy(lines, "vendor"),
    };
  }

  return { demand, reorder, accuracy };
}

function ruleFacts(f: VariantFacts): RuleFacts {
  return {
    variantId: f.variantId as RuleFacts["variantId"],
    productId: f.productId as RuleFacts["productId"],
    collectionIds: f.collectionIds as unknown as RuleFacts["collectionIds"],
    tags: f.tags,
    vendor: f.vendor,
  };
}
