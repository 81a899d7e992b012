import { describe, expect, it } from "vitest";
import { workCalendar, type CalendarDate, type Eta } from "../eta/index.js";
import { lineRisk, summarizeRisks, type WaitingPromise } from "./at-risk.js";

const day = (d: string) => d as CalendarDate;
const on = (d: string): Eta => ({ kind: "date", date: day(d), source: "fixed" });
const calendar = workCalendar({ weekend: [6, 7], holidays: [] });
// A Monday.
const today = day("2026-07-06");
const euOnly = { jurisdictions: ["EU"] as const, transitDays: 0 };

function waiting(patch: Partial<WaitingPromise> = {}): WaitingPromise {
  return {
    lineItemId: "gid://shopify/LineItem/1",
    orderId: "gid://shopify/Order/1",
    orderedOn: day("2026-07-01"),
    promised: on("2026-07-20"),
    current: on("2026-07-20"),
    notices: [],
    consents: [],
    ...patch,
  };
}

describe("lineRisk", () => {
  it.each([
    ["promised far ahead", {}, null, false],
    ["promised last week", { promised: on("2026-07-01"), current: on("2026-07-01") }, "overdue", false],
    ["promised today", { promised: on("2026-07-06"), current: on("2026-07-06") }, "due_soon", false],
    [
      "promised in 3 business days (Thursday)",
      { promised: on("2026-07-09"), current: on("2026-07-09") },
      "due_soon",
      false,
    ],
    [
      "promised in 4 business days (Friday)",
      { promised: on("2026-07-10"), current: on("2026-07-10") },
      null,
      false,
    ],
    [
      "due soon and the ETA moved later",
      { promised: on("2026-07-08"), current: on("2026-07-15") },
      "due_soon",
      true,
    ],
    ["no recorded promise", { promised: null, current: null }, null, false],
    [
      "a later date the customer accepted moves the day held",
      {
        promised: on("2026-07-01"),
        current: on("2026-07-30"),
        consents: [{ on: day("2026-07-02"), agreedTo: on("2026-07-30") }],
      },
      null,
      false,
    ],
  ] as const)("%s", (_name, patch, promise, slipped) => {
    const risk = lineRisk(waiting(patch as Partial<WaitingPromise>), today, calendar, {
      jurisdictions: [],
      transitDays: 0,
    });
    expect(risk.promise).toBe(promise);
    expect(risk.slipped).toBe(slipped);
  });

  it.each([
    ["EU: deliver by the promised day, 14 days away", on("2026-07-20"), 0, null],
    ["EU: the promised day is 5 days away", on("2026-07-11"), 0, 5],
    ["EU: 3 days of transit bring the ship-by day closer", on("2026-07-15"), 3, 6],
    ["EU: no stated date, 30 days from the order", null, 0, null],
  ])("%s", (_name, promised, transitDays, daysLeft) => {
    const risk = lineRisk(waiting({ promised, current: promised }), today, calendar, {
      ...euOnly,
      transitDays,
    });
    expect(risk.deadline?.daysLeft ?? null).toBe(daysLeft);
  });

  it("takes the nearest deadline across jurisdictions", () => {
    const risk = lineRisk(
      waiting({ orderedOn: day("2026-06-10"), promised: null, current: on("2026-07-30") }),
      today,
      calendar,
      { jurisdictions: ["EU", "US"], transitDays: 2 },
    );
    // US: 30 days after 2026-06-10 is 2026-07-10 (4 days); EU: the same deadline minus 2 days of transit.
    expect(risk.deadline).toMatchObject({ jurisdiction: "EU", shipBy: "2026-07-08", daysLeft: 2 });
  });
});

describe("summarizeRisks", () => {
  it("counts each reason and lists the most urgent first", () => {
    const law = { jurisdictions: [] as const, transitDays: 0 };
    const risks = [
      lineRisk(waiting({ lineItemId: "a", promised: on("2026-07-08") }), today, calendar, law),
      lineRisk(waiting({ lineItemId: "b", promised: on("2026-07-02") }), today, calendar, law),
      lineRisk(waiting({ lineItemId: "c" }), today, calendar, law),
    ];
    const summary = summarizeRisks(risks, 10);
    expect(summary).toMatchObject({ overdue: 1, dueSoon: 1, deadlinesComing: 0 });
    expect(summary.lines.map((l) => l.lineItemId)).toEqual(["b", "a"]);
    expect(summarizeRisks(risks, 1).lines.map((l) => l.lineItemId)).toEqual(["b"]);
  });
});
