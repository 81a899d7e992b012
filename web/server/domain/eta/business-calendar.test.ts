import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidValueError } from "../shared/errors.js";
import {
  addBusinessDays,
  businessDaysBetween,
  rollForward,
  workCalendar,
  type BusinessCalendar,
} from "./business-calendar.js";
import {
  addDays,
  fromDayNumber,
  parseCalendarDate,
  toDayNumber,
  type CalendarDate,
  type Weekday,
} from "./calendar-date.js";

const d = (value: string): CalendarDate => parseCalendarDate(value);
const cal = (holidays: string[] = [], weekend: Weekday[] = [6, 7]) =>
  workCalendar({ weekend, holidays: holidays.map(d) });

const XMAS = ["2026-12-25", "2026-12-28", "2027-01-01"]; // Christmas (Fri), Boxing Day observed (Mon), New Year (Fri)

describe("addBusinessDays", () => {
  it.each<[string, string, number, string[], Weekday[] | undefined, string]>([
    ["Thursday + 1 → Friday", "2026-12-03", 1, [], undefined, "2026-12-04"],
    ["Friday + 1 skips the weekend", "2026-12-04", 1, [], undefined, "2026-12-07"],
    ["Saturday + 0 is received Monday", "2026-12-05", 0, [], undefined, "2026-12-07"],
    ["Saturday + 1: received Monday, ships Tuesday", "2026-12-05", 1, [], undefined, "2026-12-08"],
    ["Thursday + 5 is next Thursday", "2026-12-03", 5, [], undefined, "2026-12-10"],
    [
      "Christmas Eve + 1 skips Christmas, the weekend and Boxing Day",
      "2026-12-24",
      1,
      XMAS,
      undefined,
      "2026-12-29",
    ],
    ["New Year's Eve + 1 skips New Year and the weekend", "2026-12-31", 1, XMAS, undefined, "2027-01-04"],
    ["a holiday itself rolls forward", "2026-12-25", 0, XMAS, undefined, "2026-12-29"],
    ["month end: Friday 30 Oct + 1 → Monday 2 Nov", "2026-10-30", 1, [], undefined, "2026-11-02"],
    ["leap day counts as a business day", "2024-02-28", 1, [], undefined, "2024-02-29"],
    ["Friday–Saturday weekend: Thursday + 1 → Sunday", "2026-12-03", 1, [], [5, 6], "2026-12-06"],
    ["six-day week: Saturday is a working day", "2026-12-04", 1, [], [7], "2026-12-05"],
  ])("%s", (_name, from, n, holidays, weekend, expected) => {
    expect(addBusinessDays(d(from), n, cal(holidays, weekend))).toBe(expected);
  });

  it("rejects a negative count", () => {
    expect(() => addBusinessDays(d("2026-12-03"), -1, cal())).toThrow(InvalidValueError);
  });
});

describe("workCalendar", () => {
  it.each<[string, BusinessCalendar]>([
    ["every day closed", { weekend: [1, 2, 3, 4, 5, 6, 7], holidays: [] }],
    ["weekday 0", { weekend: [0 as Weekday], holidays: [] }],
    ["a holiday that is not a date", { weekend: [6, 7], holidays: ["25/12/2026" as CalendarDate] }],
  ])("rejects %s", (_name, calendar) => {
    expect(() => workCalendar(calendar)).toThrow(InvalidValueError);
  });
});

describe("properties", () => {
  const arbDate = fc
    .integer({ min: toDayNumber(d("2024-01-01")), max: toDayNumber(d("2028-12-31")) })
    .map(fromDayNumber);
  const arbCalendar = fc.record({
    weekend: fc.subarray<Weekday>([1, 2, 3, 4, 5, 6, 7], { maxLength: 6 }),
    holidays: fc.array(arbDate, { maxLength: 30 }),
  });

  it("the result is a business day, n business days after the first business day on or after the start", () => {
    fc.assert(
      fc.property(arbDate, fc.integer({ min: 0, max: 40 }), arbCalendar, (start, n, calendar) => {
        const work = workCalendar(calendar);
        const result = addBusinessDays(start, n, work);
        expect(work.isBusinessDay(result)).toBe(true);
        expect(result >= start).toBe(true);
        expect(businessDaysBetween(rollForward(start, work), result, work)).toBe(n);
      }),
    );
  });

  it("more business days never give an earlier day, and adding in two steps equals adding once", () => {
    fc.assert(
      fc.property(arbDate, fc.nat(20), fc.nat(20), arbCalendar, (start, a, b, calendar) => {
        const work = workCalendar(calendar);
        expect(addBusinessDays(addBusinessDays(start, a, work), b, work)).toBe(
          addBusinessDays(start, a + b, work),
        );
        expect(addBusinessDays(start, a + 1, work) > addBusinessDays(start, a, work)).toBe(true);
      }),
    );
  });

  it("a default week has 5 business days", () => {
    fc.assert(
      fc.property(arbDate, (start) => {
        expect(businessDaysBetween(start, addDays(start, 7), cal())).toBe(5);
      }),
    );
  });
});
