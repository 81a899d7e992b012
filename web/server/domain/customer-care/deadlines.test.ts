import { describe, expect, it } from "vitest";
import type { CalendarDate, Eta } from "../eta/index.js";
import { deadlineStep, failedCancelStep, type DeadlineInput } from "./deadlines.js";

const d = (v: string) => v as CalendarDate;
const date = (v: string): Eta => ({ kind: "date", date: d(v), source: "supplier_feed" });
const base: DeadlineInput = {
  jurisdictions: ["US"],
  orderedOn: d("2026-11-01"),
  promised: date("2026-11-10"),
  current: date("2026-11-10"),
  today: d("2026-11-05"),
  notices: [],
  consents: [],
  transitDays: 0,
};

describe("deadlineStep", () => {
  it.each([
    { name: "on time: nothing to do", input: {}, step: { kind: "none" } },
    {
      name: "no jurisdiction picked: nothing to do",
      input: { jurisdictions: [], current: date("2026-12-20") },
      step: { kind: "none" },
    },
    {
      name: "US: the ETA slipped past the stated date, no notice yet: a delay notice by the stated date",
      input: { current: date("2026-11-20") },
      step: { kind: "delay_notice", noticeBy: "2026-11-10" },
    },
    {
      name: "US: a first notice gave 20 Nov, now 30 Nov: a renewed notice before the revised date",
      input: {
        current: date("2026-11-30"),
        today: d("2026-11-12"),
        notices: [{ sentOn: d("2026-11-06"), revised: date("2026-11-20") }],
      },
      step: { kind: "renewed_notice", deadline: "2026-11-20" },
    },
    {
      name: "US: renewed notice unanswered and the revised date passed: the deadline is reached",
      input: {
        current: date("2026-12-30"),
        today: d("2026-11-21"),
        notices: [
          { sentOn: d("2026-11-06"), revised: date("2026-11-20") },
          { sentOn: d("2026-11-12"), revised: date("2026-12-30") },
        ],
      },
      step: { kind: "deadline_reached", jurisdiction: "US", deadline: "2026-11-20" },
    },
    {
      name: "US: the customer accepted the new date: nothing to do",
      input: {
        current: date("2026-12-30"),
        today: d("2026-11-21"),
        notices: [{ sentOn: d("2026-11-06"), revised: date("2026-12-30") }],
        consents: [{ on: d("2026-11-07"), agreedTo: date("2026-12-30") }],
      },
      step: { kind: "none" },
    },
    {
      name: "EU and US: the EU delivery deadline passed first: reached under EU",
      input: { jurisdictions: ["EU", "US"] as const, current: date("2026-11-20"), today: d("2026-11-11") },
      step: { kind: "deadline_reached", jurisdiction: "EU", deadline: "2026-11-10" },
    },
  ])("$name", ({ input, step }) => {
    expect(deadlineStep({ ...base, ...input }).step).toEqual(step);
  });
});

describe("failedCancelStep", () => {
  const at = new Date("2026-11-21T10:00:00Z");
  const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000);
  it.each([
    {
      name: "transient, first attempt, right after it: wait",
      attempts: 1,
      transient: true,
      now: at,
      step: "wait",
    },
    {
      name: "transient, first attempt, 29 min later: wait",
      attempts: 1,
      transient: true,
      now: later(29),
      step: "wait",
    },
    {
      name: "transient, first attempt, the next pass: retry",
      attempts: 1,
      transient: true,
      now: later(60),
      step: "retry",
    },
    {
      name: "transient, second attempt, 59 min later: wait",
      attempts: 2,
      transient: true,
      now: later(59),
      step: "wait",
    },
    {
      name: "transient, second attempt, 60 min later: retry",
      attempts: 2,
      transient: true,
      now: later(60),
      step: "retry",
    },
    {
      name: "transient, third attempt failed: give up",
      attempts: 3,
      transient: true,
      now: later(600),
      step: "give_up",
    },
    {
      name: "refused by Shopify (not transient): give up at once",
      attempts: 1,
      transient: false,
      now: at,
      step: "give_up",
    },
  ] as const)("$name", ({ attempts, transient, now, step }) => {
    expect(failedCancelStep({ attempts, transient, lastAt: at, now })).toBe(step);
  });
});
