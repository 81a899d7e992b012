import { describe, expect, it } from "vitest";
import { column, numberedPlaceholders, placeholders } from "./driver-sql.js";

describe("driver-level SELECTs", () => {
  it.each([
    ["PostgreSQL timestamp(3) text, UTC", "2026-12-07 21:00:00.123", "2026-12-07T21:00:00.123Z"],
    ["PostgreSQL text without milliseconds", "2026-12-07 21:00:00", "2026-12-07T21:00:00.000Z"],
    ["SQLite ISO text with an offset", "2026-12-07T21:00:00.123+00:00", "2026-12-07T21:00:00.123Z"],
    ["ISO text in another offset", "2026-12-07T22:00:00.000+01:00", "2026-12-07T21:00:00.000Z"],
    ["epoch milliseconds", 1796677200123, "2026-12-07T21:00:00.123Z"],
    ["epoch milliseconds as a bigint", 1796677200123n, "2026-12-07T21:00:00.123Z"],
  ])("reads an instant: %s", (_, stored, iso) => {
    expect(column.date(stored).toISOString()).toBe(iso);
  });

  it("refuses what is not an instant", () => {
    expect(() => column.date("yesterday")).toThrow(TypeError);
    expect(() => column.date(null)).toThrow(TypeError);
  });

  it.each([
    [true, true],
    [1, true],
    [1n, true],
    [false, false],
    [0, false],
    [0n, false],
  ])("reads a flag: %s", (stored, flag) => {
    expect(column.bool(stored)).toBe(flag);
  });

  it("numbers the placeholders for PostgreSQL", () => {
    expect(numberedPlaceholders(`SELECT "a" FROM "T" WHERE "s" = ? AND "b" IN (${placeholders(3)})`)).toBe(
      `SELECT "a" FROM "T" WHERE "s" = $1 AND "b" IN ($2, $3, $4)`,
    );
  });
});
