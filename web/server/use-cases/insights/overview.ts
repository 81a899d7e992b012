import {
  ageBucketBounds,
  ageing,
  AGE_BUCKETS,
  lineRisk,
  stockValue,
  summarizeRisks,
  waitedDays,
  type AgeBucketCount,
  type LineRisk,
} from "../../domain/insights/index.js";
import { workCalendar, type CalendarDate, type Eta, type Weekday } from "../../domain/eta/index.js";
import { dayInZone } from "../availability/shop-calendar.js";
import type { ShopDomain } from "../ports.js";
import type { InsightsDeps } from "./deps.js";

/** Waiting lines checked for risk per request (the oldest first: they are the likeliest to be late). */
export const RISK_SCAN_LIMIT = 5_000;
/** At-risk lines listed on the dashboard. */
export const RISK_LIST_LIMIT = 25;

export interface InsightsOverview {
  currency: string;
  today: CalendarDate;
  waiting: { units: number; lines: number; orders: number; value: { amount: string; unpricedUnits: number } };
  oldest: {
    lineItemId: string;
    orderId: string;
    orderName: string | null;
    title: string;
    orderCreatedAt: string;
    days: number;
    units: number;
  } | null;
  ageing: AgeBucketCount[];
  atRisk: {
    overdue: number;
    dueSoon: number;
    deadlinesComing: number;
    /** Waiting lines examined (the oldest RISK_SCAN_LIMIT). */
    checkedLines: number;
    lines: (LineRisk & { orderName: string | null; title: string; units: number })[];
  };
}

/**
 * Every waiting line checked for risk (the oldest RISK_SCAN_LIMIT) as of `today` in the shop's zone: the dashboard's
 * "at risk" and the merchant alerts' scan read the same judgement.
 */
export function createLineRisks(deps: Pick<InsightsDeps, "repository" | "settingsOf" | "care">) {
  const { repository: repo } = deps;
  return async function lineRisks(shop: ShopDomain, today: CalendarDate, timeZone: string) {
    const [settings, law, rows] = await Promise.all([
      deps.settingsOf(shop),
      deps.care.law(shop),
      repo.waitingPromises(shop, RISK_SCAN_LIMIT),
    ]);
    const calendar = workCalendar({
      weekend: settings.weekend as Weekday[],
      holidays: settings.holidays as CalendarDate[],
    });
    const ids = rows.map((r) => r.lineItemId);
    const [notices, consents] = await Promise.all([
      deps.care.notices(shop, ids),
      deps.care.consents(shop, ids),
    ]);
    const risks = rows.map((r) =>
      lineRisk(
        {
          lineItemId: r.lineItemId,
          orderId: r.orderId,
          orderedOn: dayInZone(r.orderCreatedAt, timeZone),
          promised: r.promised ? (JSON.parse(r.promised) as Eta) : null,
          current: r.current ? (JSON.parse(r.current) as Eta) : null,
          notices: notices.filter((n) => n.lineItemId === r.lineItemId),
          consents: consents.filter((c) => c.lineItemId === r.lineItemId),
        },
        today,
        calendar,
        law,
      ),
    );
    return { rows, risks };
  };
}

/** Everything the dashboard's top shows: what waits and its value, the oldest wait, ageing, and what is at risk. */
export function createOverview(deps: InsightsDeps) {
  const { repository: repo, clock } = deps;
  const lineRisks = createLineRisks(deps);

  async function atRisk(shop: ShopDomain, today: CalendarDate, timeZone: string) {
    const { rows, risks } = await lineRisks(shop, today, timeZone);
    const summary = summarizeRisks(risks, RISK_LIST_LIMIT);
    const byId = new Map(rows.map((r) => [r.lineItemId, r]));
    return {
      overdue: summary.overdue,
      dueSoon: summary.dueSoon,
      deadlinesComing: summary.deadlinesComing,
      checkedLines: rows.length,
      lines: summary.lines.map((l) => {
        const row = byId.get(l.lineItemId)!;
        return { ...l, orderName: row.orderName, title: row.title, units: row.units };
      }),
    };
  }

  return async function overview(shop: ShopDomain): Promise<InsightsOverview> {
    const now = clock.now();
    const { currency, timeZone } = await deps.shopFacts.read(shop);
    const today = dayInZone(now, timeZone);
    const bounds = ageBucketBounds(now);
    const [totals, byVariant, oldest, buckets, risk] = await Promise.all([
      repo.waitingTotals(shop),
      repo.waitingByVariant(shop),
      repo.oldestWaiting(shop),
      repo.ageing(
        shop,
        bounds.map((b) => b.after),
      ),
      atRisk(shop, today, timeZone),
    ]);
    const facts = await repo.variantFacts(
      shop,
      byVariant.map((v) => v.variantId),
    );
    const value = stockValue(
      byVariant.map((v) => ({ units: v.units, unitPrice: facts.get(v.variantId)?.price ?? null })),
    );
    return {
      currency,
      today,
      waiting: { ...totals, value },
      oldest: oldest && {
        ...oldest,
        orderCreatedAt: oldest.orderCreatedAt.toISOString(),
        days: waitedDays(oldest.orderCreatedAt, now),
      },
      ageing: ageing(
        new Map(buckets.map((b) => [AGE_BUCKETS[b.bucket]!.id, { units: b.units, lines: b.lines }])),
      ),
      atRisk: risk,
    };
  };
}
