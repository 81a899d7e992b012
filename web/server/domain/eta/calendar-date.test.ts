import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidValueError } from "../shared/errors.js";
import {
  addDays,
  daysBetween,
  fromDayNumber,
  isCalendarDate,
  parseCalendarDate,
  toDayNumber,
  weekday,
  type CalendarDate,
} from "./calendar-date.js";

const d = (value: string): CalendarDate => parseCalendarDate(value);

describe("parseCalendarDate", () => {
  it.each([
    ["2024-02-29", true, "29 Feb in a leap year"],
    ["2025-02-29", false, "29 Feb in a common year"],
    ["2000-02-29", true, "divisible by 400: leap"],
    ["2100-02-29", false, "divisible by 100 only: not leap"],
    ["2026-04-31", false, "April has 30 days"],
    ["2026-12-31", true, "last day of the year"],
    ["2026-13-01", false, "month 13"],
    ["2026-00-10", false, "month 0"],
    ["2026-1-05", false, "unpadded month"],
    ["2026-12-03T00:00:00Z", false, "a time is not a day"],
    [" 2026-12-03", false, "surrounding space"],
    ["0000-01-01", false, "year 0"],
  ])("%s → %s (%s)", (value, ok) => {
    expect(isCalendarDate(value)).toBe(ok);
    if (ok) expect(parseCalendarDate(value)).toBe(value);
    else expect(() => parseCalendarDate(value, "eta")).toThrow(InvalidValueError);
  });

  it("names the field in the error", () => {
    expect(() => parseCalendarDate(20261203, "holidays[0]")).toThrow(/holidays\[0\]/);
  });
});

describe("day arithmetic across month, year and leap-day boundaries", () => {
  it.each([
    ["2026-01-31", 1, "2026-02-01"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2025-02-28", 1, "2025-03-01"],
    ["2024-01-31", 30, "2024-03-01"],
    ["2025-01-31", 30, "2025-03-02"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2027-01-01", -1, "2026-12-31"],
    ["2024-03-01", -1, "2024-02-29"],
    ["2100-02-28", 1, "2100-03-01"],
    ["2026-12-03", 0, "2026-12-03"],
  ])("%s + %i days = %s", (from, days, expected) => {
    expect(addDays(d(from), days)).toBe(expected);
    expect(daysBetween(d(from), d(expected))).toBe(days);
  });

  it.each([
    ["1970-01-01", 4],
    ["2026-12-03", 4],
    ["2026-12-05", 6],
    ["2026-12-06", 7],
    ["2026-12-07", 1],
    ["2024-02-29", 4],
    ["1969-12-31", 3],
  ])("%s is ISO weekday %i", (date, expected) => {
    expect(weekday(d(date))).toBe(expected);
  });
});

describe("properties", () => {
  const arbDayNumber = fc.integer({ min: toDayNumber(d("1900-01-01")), max: toDayNumber(d("2200-12-31")) });

  it("day numbers agree with Date.UTC (the oracle, used only in tests)", () => {
    fc.assert(
      fc.property(arbDayNumber, (n) => {
        const date = fromDayNumber(n);
        expect(date).toBe(new Date(n * 86_400_000).toISOString().slice(0, 10));
        expect(toDayNumber(date)).toBe(n);
        expect(weekday(date) % 7).toBe(new Date(n * 86_400_000).getUTCDay());
      }),
    );
  });

  it("addDays and daysBetween are inverse, and string order is day order", () => {
    fc.assert(
      fc.property(arbDayNumber, fc.integer({ min: -800, max: 800 }), (n, k) => {
        const a = fromDayNumber(n);
        const b = addDays(a, k);
        expect(daysBetween(a, b)).toBe(k);
        expect(Math.sign(b.localeCompare(a))).toBe(Math.sign(k));
      }),
    );
  });
});
