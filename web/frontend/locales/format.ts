import { activeLocale } from "./t";

// Formatters are built per call from the active locale: Intl caches the locale data, and a page shows tens of values.

/** A timestamp from the API (ISO 8601) in the merchant's time zone; an unreadable one is shown as sent. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(activeLocale(), { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/**
 * A calendar date (`YYYY-MM-DD`, e.g. a promised date) or the day of a timestamp. A calendar date has no time zone,
 * so it is shown as written rather than shifted into the browser's.
 */
export function formatDate(value: string): string {
  const calendar = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(calendar ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(activeLocale(), {
    dateStyle: "medium",
    ...(calendar ? { timeZone: "UTC" } : {}),
  }).format(date);
}

/** The name of an ISO weekday (1 = Monday … 7 = Sunday), e.g. "Monday". */
export function formatWeekday(isoWeekday: number): string {
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(activeLocale(), { weekday: "long", timeZone: "UTC" }).format(
    new Date(Date.UTC(2024, 0, isoWeekday)),
  );
}

/**
 * An amount of money in the shop's currency (ISO 4217 code, e.g. "EUR"). Amounts come from the API as decimal strings
 * ("12.50"), formatted exactly (Intl reads numeric strings without a float), or as integer minor units (1250) with
 * `minorUnits: true`.
 */
export function formatMoney(
  amount: string | number,
  currency: string,
  options: { minorUnits?: boolean } = {},
): string {
  const format = new Intl.NumberFormat(activeLocale(), { style: "currency", currency });
  if (!options.minorUnits) return format.format(String(amount) as Intl.StringNumericLiteral);
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const minor = BigInt(amount);
  const sign = minor < 0n ? "-" : "";
  const padded = (minor < 0n ? -minor : minor).toString().padStart(digits + 1, "0");
  const decimal = digits === 0 ? padded : `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
  return format.format(`${sign}${decimal}` as Intl.StringNumericLiteral);
}

/** A count in the active locale ("1 234 567" in French). */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(activeLocale()).format(value);
}
