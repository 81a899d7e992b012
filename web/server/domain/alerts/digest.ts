import { ALERT_KINDS, type AlertKind } from "./settings.js";

/** The shop's calendar day and hour at an instant (Shop.ianaTimezone); throws on an unknown zone. */
export function localTime(at: Date, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { day: `${part("year")}-${part("month")}-${part("day")}`, hour: Number(part("hour")) };
}

/**
 * Whether the shop's daily digest may go out now: from `digestHour` on, in the shop's time zone. The digest of a
 * day is keyed by that day, so however often the check runs after the hour, one digest goes out per day; alerts
 * found after it wait for the next day's.
 */
export function digestSlot(now: Date, timeZone: string, digestHour: number): { due: boolean; day: string } {
  const { day, hour } = localTime(now, timeZone);
  return { due: hour >= digestHour, day };
}

export interface GroupedAlert {
  kind: AlertKind;
  detectedAt: Date;
}

/** Alerts by kind in a fixed order (cap, promises, law, webhooks), oldest first within a kind; empty kinds left out. */
export function groupByKind<T extends GroupedAlert>(
  alerts: readonly T[],
): { kind: AlertKind; alerts: T[] }[] {
  return ALERT_KINDS.map((kind) => ({
    kind,
    alerts: alerts
      .filter((a) => a.kind === kind)
      .sort((a, b) => a.detectedAt.getTime() - b.detectedAt.getTime()),
  })).filter((g) => g.alerts.length > 0);
}

/**
 * The alerts one email carries: those not emailed yet, of the kinds the merchant wants, not dismissed in the admin
 * already (the merchant has seen those).
 */
export function alertsToSend<T extends GroupedAlert & { dismissedAt: Date | null }>(
  unsent: readonly T[],
  kinds: Record<AlertKind, boolean>,
): { send: T[]; skip: T[] } {
  const send: T[] = [];
  const skip: T[] = [];
  for (const a of unsent) (kinds[a.kind] && a.dismissedAt === null ? send : skip).push(a);
  return { send, skip };
}
