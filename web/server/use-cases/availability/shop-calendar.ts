import { parseCalendarDate, type CalendarDate } from "../../domain/eta/index.js";
import { ValidationError } from "../../errors.js";

/**
 * The shop's calendar day at an instant: "today" for ETAs is the shop's today, not the server's
 * (Shop.ianaTimezone, https://shopify.dev/docs/api/admin-graphql/latest/objects/Shop#field-ianaTimezone).
 */
export function dayInZone(at: Date, timeZone: string): CalendarDate {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).formatToParts(at);
  } catch {
    throw new ValidationError(`Unknown time zone ${JSON.stringify(timeZone)}`);
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return parseCalendarDate(`${part("year")}-${part("month")}-${part("day")}`, "day");
}

/**
 * The day incoming stock arrives. Shopify serialises date-only expectations (a transfer's or purchase order's
 * "expected arrival" date) as midnight UTC: that instant means that date, in every zone. Any other instant is read
 * in the shop's zone.
 */
export function arrivalDay(expectedAt: string, timeZone: string): CalendarDate {
  const at = new Date(expectedAt);
  if (Number.isNaN(at.getTime()))
    throw new ValidationError(`Invalid expected time ${JSON.stringify(expectedAt)}`);
  if (
    at.getUTCHours() === 0 &&
    at.getUTCMinutes() === 0 &&
    at.getUTCSeconds() === 0 &&
    at.getUTCMilliseconds() === 0
  ) {
    return parseCalendarDate(at.toISOString().slice(0, 10), "expectedAt");
  }
  return dayInZone(at, timeZone);
}
