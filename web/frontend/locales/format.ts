/** The admin's locale: the one en.json is written in. */
export const LOCALE = "en";

const dateTime = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short" });

/** A timestamp from the API (ISO 8601) in the merchant's time zone; an unreadable one is shown as sent. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

const weekday = new Intl.DateTimeFormat(LOCALE, { weekday: "long", timeZone: "UTC" });

/** The name of an ISO weekday (1 = Monday … 7 = Sunday), e.g. "Monday". */
export function formatWeekday(isoWeekday: number): string {
  // 2024-01-01 was a Monday.
  return weekday.format(new Date(Date.UTC(2024, 0, isoWeekday)));
}
