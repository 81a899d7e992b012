import { instantMs, type Instant } from "../shared/instant.js";

/** Weeks of demand the dashboard charts. */
export const DEMAND_WEEKS = 8;
/** Variants charted one by one; the rest are summed as "other". */
export const DEMAND_TOP_VARIANTS = 5;

const WEEK_MS = 7 * 86_400_000;

export interface DemandWeek {
  /** Inclusive start and exclusive end; the last week ends now. */
  from: Date;
  to: Date;
}

/** `weeks` seven-day spans ending at `now`, oldest first. */
export function demandWeeks(now: Instant, weeks: number = DEMAND_WEEKS): DemandWeek[] {
  const end = instantMs(now);
  return Array.from({ length: weeks }, (_, i) => {
    const back = weeks - i;
    return { from: new Date(end - back * WEEK_MS), to: new Date(end - (back - 1) * WEEK_MS) };
  });
}

export interface DemandSeries {
  /** The variant id, or null for the sum of every variant not charted on its own. */
  variantId: string | null;
  /** Units ordered per week, oldest first (one number per week). */
  units: number[];
  total: number;
}

/**
 * Units ordered per variant and week (rows from the query: week index, variant, units) as chart series: the `top`
 * variants with the most units, then one "other" series when more variants ordered anything.
 */
export function demandSeries(
  rows: readonly { week: number; variantId: string; units: number }[],
  weeks: number,
  top: number = DEMAND_TOP_VARIANTS,
): DemandSeries[] {
  const byVariant = new Map<string, number[]>();
  for (const row of rows) {
    if (row.week < 0 || row.week >= weeks) continue;
    const units = byVariant.get(row.variantId) ?? new Array<number>(weeks).fill(0);
    units[row.week]! += row.units;
    byVariant.set(row.variantId, units);
  }
  const series = [...byVariant.entries()]
    .map(([variantId, units]) => ({ variantId, units, total: units.reduce((s, u) => s + u, 0) }))
    .filter((s) => s.total > 0)
    .sort((a, b) => b.total - a.total || a.variantId.localeCompare(b.variantId));
  const shown: DemandSeries[] = series.slice(0, top);
  const rest = series.slice(top);
  if (rest.length > 0) {
    const units = new Array<number>(weeks).fill(0);
    for (const s of rest) s.units.forEach((u, i) => (units[i]! += u));
    shown.push({ variantId: null, units, total: units.reduce((s, u) => s + u, 0) });
  }
  return shown;
}
