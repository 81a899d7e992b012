import { describe, expect, it } from "vitest";
import type { CalendarDate, Eta } from "../eta/index.js";
import { accuracyOf, daysLate, promiseAccuracy, type ShippedLine } from "./accuracy.js";

const day = (d: string) => d as CalendarDate;
const on = (d: string): Eta => ({ kind: "date", date: day(d), source: "fixed" });
const range = (from: string, to: string): Eta => ({
  kind: "range",
  from: day(from),
  to: day(to),
  source: "lead_time",
});

function shipped(
  id: string,
  promised: Eta | null,
  shippedOn: string,
  sku: string | null = "A",
  vendor: string | null = "Acme",
): ShippedLine {
  return { lineItemId: id, sku, vendor, title: id, promised, shippedOn: day(shippedOn) };
}

describe("promise accuracy", () => {
  it.each([
    ["shipped on the promised day", on("2026-07-10"), "2026-07-10", 0],
    ["shipped early", on("2026-07-10"), "2026-07-07", -3],
    ["shipped late", on("2026-07-10"), "2026-07-14", 4],
    ["a range is kept up to its last day", range("2026-07-08", "2026-07-12"), "2026-07-12", 0],
    ["a range missed", range("2026-07-08", "2026-07-12"), "2026-07-13", 1],
    ["an unknown ETA has no date", { kind: "unknown", reason: "no_schedule" } as Eta, "2026-07-13", null],
    ["no promise recorded", null, "2026-07-13", null],
  ])("%s", (_name, promised, shippedOn, expected) => {
    expect(daysLate({ promised, shippedOn: day(shippedOn) })).toBe(expected);
  });

  it("sums a group: on time, late, without a date, rate and lateness", () => {
    const group = accuracyOf("A", [
      shipped("1", on("2026-07-10"), "2026-07-10"),
      shipped("2", on("2026-07-10"), "2026-07-12"),
      shipped("3", on("2026-07-10"), "2026-07-15"),
      shipped("4", null, "2026-07-15"),
    ]);
    expect(group).toEqual({
      key: "A",
      shipped: 4,
      onTime: 1,
      late: 2,
      withoutDate: 1,
      onTimePercent: 33,
      averageDaysLate: 3.5,
      maxDaysLate: 5,
    });
  });

  it("groups by SKU or vendor, the worst rate first", () => {
    const lines = [
      shipped("1", on("2026-07-10"), "2026-07-10", "A", "Acme"),
      shipped("2", on("2026-07-10"), "2026-07-20", "B", "Acme"),
      shipped("3", on("2026-07-10"), "2026-07-09", "C", "Zed"),
      shipped("4", on("2026-07-10"), "2026-07-09", null, null),
    ];
    expect(promiseAccuracy(lines, "sku").map((g) => [g.key, g.onTimePercent])).toEqual([
      ["B", 0],
      ["", 100],
      ["A", 100],
      ["C", 100],
    ]);
    expect(promiseAccuracy(lines, "vendor").map((g) => [g.key, g.shipped, g.onTimePercent])).toEqual([
      ["Acme", 2, 50],
      ["", 1, 100],
      ["Zed", 1, 100],
    ]);
  });
});
