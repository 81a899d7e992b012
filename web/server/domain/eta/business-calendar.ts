import { InvalidValueError } from "../shared/errors.js";
import { addDays, parseCalendarDate, weekday, type CalendarDate, type Weekday } from "./calendar-date.js";

/** The days a shop dispatches: every day except its weekend days and its holidays. */
export interface BusinessCalendar {
  /** ISO weekdays the warehouse is closed (Saturday and Sunday in most shops; Friday and Saturday in some). */
  weekend: readonly Weekday[];
  holidays: readonly CalendarDate[];
}

export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = { weekend: [6, 7], holidays: [] };

/** A checked calendar with O(1) look-ups. Build it once per shop and reuse it for every line. */
export interface WorkCalendar {
  isBusinessDay(date: CalendarDate): boolean;
}

/** Checks the merchant's calendar (at least one working weekday, real dates); throws InvalidValueError otherwise. */
export function workCalendar(calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): WorkCalendar {
  const weekend = new Set<number>();
  for (const day of calendar.weekend) {
    if (!Number.isInteger(day) || day < 1 || day > 7) {
      throw new InvalidValueError("calendar.weekend", `expected ISO weekdays 1–7, got ${String(day)}`);
    }
    weekend.add(day);
  }
  // With every weekday closed no business day would ever come, and every ETA would loop forever.
  if (weekend.size === 7)
    throw new InvalidValueError("calendar.weekend", "at least one weekday must be a working day");
  const holidays = new Set<string>(
    calendar.holidays.map((d, i) => parseCalendarDate(d, `calendar.holidays[${i}]`)),
  );
  return { isBusinessDay: (date) => !weekend.has(weekday(date)) && !holidays.has(date) };
}

/** `date` if it is a business day, otherwise the first business day after it. */
export function rollForward(date: CalendarDate, calendar: WorkCalendar): CalendarDate {
  let day = date;
  while (!calendar.isBusinessDay(day)) day = addDays(day, 1);
  return day;
}

/**
 * The `n`-th business day after the first business day on or after `date`: stock that lands on a Saturday is
 * received on Monday, and one handling day later it ships on Tuesday. With n = 0 it is `rollForward(date)`, so the
 * result is always a business day.
 */
export function addBusinessDays(date: CalendarDate, n: number, calendar: WorkCalendar): CalendarDate {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new InvalidValueError("businessDays", `expected an integer >= 0, got ${n}`);
  let day = rollForward(date, calendar);
  for (let left = n; left > 0; left--) day = rollForward(addDays(day, 1), calendar);
  return day;
}

/** Business days in the half-open span (from, to]: how many `addBusinessDays` steps separate two business days. */
export function businessDaysBetween(from: CalendarDate, to: CalendarDate, calendar: WorkCalendar): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (calendar.isBusinessDay(day)) count++;
  return count;
}
