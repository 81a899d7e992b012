import { daysBetween, latestDate, type CalendarDate, type Eta } from "../eta/index.js";

/** A line that waited and shipped, with what its shopper was promised at purchase. */
export interface ShippedLine {
  lineItemId: string;
  sku: string | null;
  vendor: string | null;
  title: string;
  /** null: the line had no recorded promise. */
  promised: Eta | null;
  shippedOn: CalendarDate;
}

export interface AccuracyGroup {
  /** The SKU or vendor; "" when the lines have none. */
  key: string;
  shipped: number;
  onTime: number;
  late: number;
  /** Shipped lines whose promise gave no date (unknown ETA) or that had none: they count as neither. */
  withoutDate: number;
  /** onTime ÷ (onTime + late) as a whole percent; null when no line had a date. */
  onTimePercent: number | null;
  /** Mean days past the promised day over the late lines, one decimal; null when none was late. */
  averageDaysLate: number | null;
  maxDaysLate: number | null;
}

/** Days between the promised (last) day and the actual ship day: ≤ 0 kept the promise; null without a date. */
export function daysLate(line: Pick<ShippedLine, "promised" | "shippedOn">): number | null {
  const due = line.promised ? latestDate(line.promised) : null;
  return due === null ? null : daysBetween(due, line.shippedOn);
}

/** Promise accuracy grouped by SKU or by vendor, the worst on-time rate first (then the most shipped). */
export function promiseAccuracy(lines: readonly ShippedLine[], by: "sku" | "vendor"): AccuracyGroup[] {
  const groups = new Map<string, ShippedLine[]>();
  for (const line of lines) {
    const key = (by === "sku" ? line.sku : line.vendor) ?? "";
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  return [...groups.entries()]
    .map(([key, members]) => accuracyOf(key, members))
    .sort(
      (a, b) =>
        (a.onTimePercent ?? 101) - (b.onTimePercent ?? 101) ||
        b.shipped - a.shipped ||
        a.key.localeCompare(b.key),
    );
}

/** The same figures over every line given. */
export function accuracyOf(key: string, lines: readonly ShippedLine[]): AccuracyGroup {
  let onTime = 0;
  let withoutDate = 0;
  const lateDays: number[] = [];
  for (const line of lines) {
    const d = daysLate(line);
    if (d === null) withoutDate++;
    else if (d <= 0) onTime++;
    else lateDays.push(d);
  }
  const dated = onTime + lateDays.length;
  const total = lateDays.reduce((s, d) => s + d, 0);
  return {
    key,
    shipped: lines.length,
    onTime,
    late: lateDays.length,
    withoutDate,
    onTimePercent: dated === 0 ? null : Math.round((onTime * 100) / dated),
    averageDaysLate: lateDays.length === 0 ? null : Math.round((total * 10) / lateDays.length) / 10,
    maxDaysLate: lateDays.length === 0 ? null : Math.max(...lateDays),
  };
}
