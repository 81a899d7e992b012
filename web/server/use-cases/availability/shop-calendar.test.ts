import { describe, expect, it } from "vitest";
import { ValidationError } from "../../errors.js";
import { arrivalDay, dayInZone } from "./shop-calendar.js";

describe("dayInZone", () => {
  it.each([
    ["2026-11-24T03:30:00Z", "America/New_York", "2026-11-23"],
    ["2026-11-24T03:30:00Z", "UTC", "2026-11-24"],
    ["2026-11-24T23:30:00Z", "Europe/Paris", "2026-11-25"],
    ["2026-12-31T23:59:59Z", "Pacific/Kiritimati", "2027-01-01"],
  ])("%s in %s is %s", (at, zone, day) => {
    expect(dayInZone(new Date(at), zone)).toBe(day);
  });

  it("refuses an unknown zone", () => {
    expect(() => dayInZone(new Date(), "Mars/Olympus_Mons")).toThrow(ValidationError);
  });
});

describe("arrivalDay", () => {
  it.each([
    [
      "a date-only value (midnight UTC) is that date anywhere",
      "2026-12-03T00:00:00Z",
      "America/New_York",
      "2026-12-03",
    ],
    ["a time is read in the shop's zone", "2026-12-03T02:00:00Z", "America/New_York", "2026-12-02"],
    ["an offset is honoured", "2026-12-03T00:00:00-05:00", "Europe/Paris", "2026-12-03"],
  ])("%s", (_name, at, zone, day) => {
    expect(arrivalDay(at, zone)).toBe(day);
  });
});
