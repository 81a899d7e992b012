import { formatCents } from "../model/money.js";

/**
 * REST timestamps are in the shop's time zone with an offset ("2021-12-31T19:00:00-05:00"), without milliseconds,
 * as in every Shopify REST sample payload.
 */
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneOffsetMinutes(ms: number, timeZone: string): number {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    offsetFormatters.set(timeZone, fmt);
  }
  const name = fmt.formatToParts(ms).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

/**
 * The zone's offset, by zone and by minute: formatToParts is slow and a webhook payload formats a dozen times of the
 * same few minutes. A minute is cached only when its first and last millisecond have the same offset, so a minute
 * with a transition in it is computed for each time.
 */
const offsetsByMinute = new Map<string, number>();
const MAX_CACHED_MINUTES = 10_000;

function offsetMinutes(date: Date, timeZone: string): number {
  const ms = date.getTime();
  const minute = Math.floor(ms / 60_000);
  const key = `${timeZone}|${minute}`;
  const cached = offsetsByMinute.get(key);
  if (cached !== undefined) return cached;
  const first = zoneOffsetMinutes(minute * 60_000, timeZone);
  if (first !== zoneOffsetMinutes(minute * 60_000 + 59_999, timeZone)) return zoneOffsetMinutes(ms, timeZone);
  if (offsetsByMinute.size >= MAX_CACHED_MINUTES) offsetsByMinute.clear();
  offsetsByMinute.set(key, first);
  return first;
}

export function restTime(date: Date, timeZone: string): string {
  const offset = offsetMinutes(date, timeZone);
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.trunc(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

export function restTimeOrNull(date: Date | null, timeZone: string): string | null {
  return date ? restTime(date, timeZone) : null;
}

/** `{shop_money, presentment_money}`: the dev store has one currency, so both are the same. */
export function moneySet(
  cents: number,
  currency: string,
): Record<string, { amount: string; currency_code: string }> {
  const money = { amount: formatCents(cents), currency_code: currency };
  return { shop_money: money, presentment_money: { ...money } };
}

/** REST joins tags with a comma and a space ("tag1, tag2"). */
export function restTags(tags: readonly string[]): string {
  return tags.join(", ");
}
