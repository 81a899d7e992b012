import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidValueError } from "../shared/errors.js";
import { addDays, parseCalendarDate, type CalendarDate } from "../eta/calendar-date.js";
import { assessCompliance, type ComplianceAssessment, type ComplianceInput } from "./delivery-law.js";
import type { Eta } from "../eta/types.js";

const d = (value: string): CalendarDate => parseCalendarDate(value);
const on = (date: string): Eta => ({ kind: "date", date: d(date), source: "incoming" });
const UNKNOWN: Eta = { kind: "unknown", reason: "beyond_schedule" };
const NONE_STATED: Eta = { kind: "unknown", reason: "no_schedule" };

/** Ordered Monday 2 Nov 2026; no time stated unless a case says so. */
function input(overrides: Partial<ComplianceInput>): ComplianceInput {
  return {
    jurisdiction: "US",
    orderedOn: d("2026-11-02"),
    promised: NONE_STATED,
    current: on("2026-11-20"),
    today: d("2026-11-10"),
    ...overrides,
  };
}

type Expected = Partial<Omit<ComplianceAssessment, "deadline" | "shipBy" | "noticeBy" | "cancelAfter">> & {
  deadline?: string | null;
  shipBy?: string | null;
  noticeBy?: string | null;
  cancelAfter?: string | null;
};

const PROMISED_DEC_4 = { promised: on("2026-12-04"), today: d("2026-11-26") };

const us: [string, Partial<ComplianceInput>, Expected][] = [
  [
    "no time stated: 30 days from the order, on track",
    {},
    {
      deadline: "2026-12-02",
      basis: "default_30_days",
      onTime: true,
      action: "none",
      noticeDue: false,
      daysLeft: 22,
    },
  ],
  [
    "no time stated and a credit application: 50 days",
    { creditApplication: true },
    { deadline: "2026-12-22", basis: "default_50_days_credit" },
  ],
  [
    "30 days from 31 Jan in a leap year is 1 March",
    { orderedOn: d("2024-01-31"), today: d("2024-02-10"), current: on("2024-02-20") },
    { deadline: "2024-03-01" },
  ],
  [
    "30 days from 31 Jan in a common year is 2 March",
    { orderedOn: d("2025-01-31"), today: d("2025-02-10"), current: on("2025-02-20") },
    { deadline: "2025-03-02" },
  ],
  [
    "30 days from 2 Dec crosses the year end",
    { orderedOn: d("2026-12-02"), today: d("2026-12-10"), current: on("2026-12-20") },
    { deadline: "2027-01-01" },
  ],
  [
    "a stated date binds, even beyond 30 days",
    { promised: on("2027-01-15"), current: on("2027-01-15") },
    { deadline: "2027-01-15", basis: "stated_time", action: "none" },
  ],
  [
    "a range binds by its last day",
    {
      promised: { kind: "range", from: d("2026-12-01"), to: d("2026-12-08"), source: "lead_time" },
      current: on("2026-12-08"),
    },
    { deadline: "2026-12-08", onTime: true },
  ],
  [
    "a slip of up to 30 days: first notice by the deadline, silence is consent",
    { ...PROMISED_DEC_4, current: on("2026-12-18") },
    {
      action: "send_delay_notice",
      noticeDue: true,
      noticeBy: "2026-12-04",
      consent: "silence_is_consent",
      cancelAfter: null,
      onTime: false,
    },
  ],
  [
    "a slip to exactly 30 days past the deadline: silence still works",
    { ...PROMISED_DEC_4, current: on("2027-01-03") },
    { action: "send_delay_notice", consent: "silence_is_consent" },
  ],
  [
    "a slip of more than 30 days needs express consent, or the order is cancelled 30 days past the deadline",
    { ...PROMISED_DEC_4, current: on("2027-01-04") },
    { action: "send_delay_notice", consent: "express", cancelAfter: "2027-01-03" },
  ],
  [
    "no date at all: an indefinite delay needs express consent",
    { ...PROMISED_DEC_4, current: UNKNOWN },
    { action: "send_delay_notice", consent: "express", cancelAfter: "2027-01-03", onTime: false },
  ],
  [
    "a first notice sent in time moves the deadline to its revised date by silence",
    {
      ...PROMISED_DEC_4,
      today: d("2026-12-10"),
      current: on("2026-12-18"),
      notices: [{ sentOn: d("2026-11-27"), revised: on("2026-12-18") }],
    },
    { deadline: "2026-12-18", basis: "revised_by_silence", action: "none", onTime: true },
  ],
  [
    "missing the revised date too: a renewed notice before it, express consent only",
    {
      ...PROMISED_DEC_4,
      today: d("2026-12-10"),
      current: on("2026-12-23"),
      notices: [{ sentOn: d("2026-11-27"), revised: on("2026-12-18") }],
    },
    { action: "send_renewed_notice", noticeBy: "2026-12-17", consent: "express", cancelAfter: "2026-12-18" },
  ],
  [
    "a long first delay without an answer: silence covers 30 days, then await consent",
    {
      ...PROMISED_DEC_4,
      today: d("2026-12-20"),
      current: on("2027-01-15"),
      notices: [{ sentOn: d("2026-11-27"), revised: on("2027-01-15") }],
    },
    {
      deadline: "2027-01-03",
      basis: "revised_by_silence",
      action: "await_consent",
      consent: "express",
      cancelAfter: "2027-01-03",
      noticeDue: false,
    },
  ],
  [
    "no answer by the cut-off: the order is deemed cancelled",
    {
      ...PROMISED_DEC_4,
      today: d("2027-01-04"),
      current: on("2027-01-15"),
      notices: [{ sentOn: d("2026-11-27"), revised: on("2027-01-15") }],
    },
    { action: "cancel_and_refund", daysLeft: -1 },
  ],
  [
    "the customer agreed: the agreed date binds",
    {
      ...PROMISED_DEC_4,
      today: d("2026-12-20"),
      current: on("2027-01-15"),
      notices: [{ sentOn: d("2026-11-27"), revised: on("2027-01-15") }],
      consents: [{ on: d("2026-11-30"), agreedTo: on("2027-01-15") }],
    },
    { deadline: "2027-01-15", basis: "agreed_by_customer", action: "none", onTime: true },
  ],
  [
    "the customer agreed to wait indefinitely: no deadline, no more notices",
    {
      ...PROMISED_DEC_4,
      current: UNKNOWN,
      notices: [{ sentOn: d("2026-11-27"), revised: UNKNOWN }],
      consents: [{ on: d("2026-11-30"), agreedTo: UNKNOWN }],
    },
    { deadline: null, basis: "agreed_indefinite", action: "none", noticeDue: false, daysLeft: null },
  ],
  [
    "a first notice sent after the deadline earns no silence consent",
    {
      ...PROMISED_DEC_4,
      today: d("2026-12-06"),
      current: on("2026-12-18"),
      notices: [{ sentOn: d("2026-12-05"), revised: on("2026-12-18") }],
    },
    { deadline: "2026-12-04", basis: "stated_time", action: "cancel_and_refund" },
  ],
  [
    "a renewed notice awaiting an answer",
    {
      ...PROMISED_DEC_4,
      today: d("2026-12-16"),
      current: on("2027-01-08"),
      notices: [
        { sentOn: d("2026-11-27"), revised: on("2026-12-18") },
        { sentOn: d("2026-12-15"), revised: on("2027-01-08") },
      ],
    },
    { deadline: "2026-12-18", action: "await_consent", cancelAfter: "2026-12-18" },
  ],
  [
    "a renewed notice unanswered past the revised date: cancel",
    {
      ...PROMISED_DEC_4,
      today: d("2026-12-19"),
      current: on("2027-01-08"),
      notices: [
        { sentOn: d("2026-11-27"), revised: on("2026-12-18") },
        { sentOn: d("2026-12-15"), revised: on("2027-01-08") },
      ],
    },
    { action: "cancel_and_refund" },
  ],
  [
    "the ETA moved past the date we asked consent for: ask again",
    {
      ...PROMISED_DEC_4,
      today: d("2026-12-16"),
      current: on("2027-01-20"),
      notices: [
        { sentOn: d("2026-11-27"), revised: on("2026-12-18") },
        { sentOn: d("2026-12-15"), revised: on("2027-01-08") },
      ],
    },
    { action: "send_renewed_notice", noticeBy: "2026-12-17", consent: "express" },
  ],
  [
    "the deadline passed with no notice: the notice is still due, already late",
    { today: d("2026-12-03"), current: on("2026-12-10") },
    { deadline: "2026-12-02", action: "send_delay_notice", noticeBy: "2026-12-02", daysLeft: -1 },
  ],
  [
    "an ETA on the deadline day is on time",
    { today: d("2026-12-01"), current: on("2026-12-02") },
    { onTime: true, action: "none" },
  ],
];

const euUk: [string, Partial<ComplianceInput>, Expected][] = [
  [
    "EU: 30 days from the contract is a delivery deadline; dispatch 3 days earlier",
    { jurisdiction: "EU", transitDays: 3 },
    {
      deadline: "2026-12-02",
      shipBy: "2026-11-29",
      basis: "default_30_days",
      onTime: true,
      action: "none",
      cancelAfter: null,
    },
  ],
  [
    "EU: an ETA that leaves no time for transit is late: ask the customer to agree a new date",
    { jurisdiction: "EU", transitDays: 3, current: on("2026-11-30") },
    { onTime: false, action: "send_delay_notice", noticeBy: "2026-11-29", consent: "express" },
  ],
  [
    "UK: the delivery deadline passed: the customer may end the contract",
    { jurisdiction: "UK", today: d("2026-12-03"), current: on("2026-12-10") },
    { action: "customer_may_terminate", onTime: false, daysLeft: -1 },
  ],
  [
    "UK: a date agreed at purchase binds beyond 30 days",
    { jurisdiction: "UK", promised: on("2027-01-10"), current: on("2027-01-05"), transitDays: 2 },
    { deadline: "2027-01-10", shipBy: "2027-01-08", basis: "stated_time", action: "none" },
  ],
  [
    "EU: an agreed later date becomes the deadline",
    {
      jurisdiction: "EU",
      current: on("2026-12-15"),
      transitDays: 3,
      consents: [{ on: d("2026-11-12"), agreedTo: on("2026-12-20") }],
    },
    { deadline: "2026-12-20", basis: "agreed_by_customer", action: "none" },
  ],
  [
    "EU: asked for a new date, no agreement yet",
    {
      jurisdiction: "EU",
      today: d("2026-11-28"),
      current: on("2026-12-15"),
      notices: [{ sentOn: d("2026-11-20"), revised: on("2026-12-18") }],
    },
    { action: "await_consent", consent: "express", noticeDue: false },
  ],
  [
    "EU: silence never moves the deadline",
    {
      jurisdiction: "EU",
      today: d("2026-11-28"),
      current: on("2026-12-15"),
      notices: [{ sentOn: d("2026-11-10"), revised: on("2026-12-15") }],
    },
    { deadline: "2026-12-02", basis: "default_30_days" },
  ],
];

describe("assessCompliance", () => {
  it.each([...us, ...euUk])("%s", (_name, overrides, expected) => {
    expect(assessCompliance(input(overrides))).toMatchObject(expected);
  });

  it("rejects a negative transit time", () => {
    expect(() => assessCompliance(input({ jurisdiction: "EU", transitDays: -1 }))).toThrow(InvalidValueError);
  });

  it("takes notices in the order they were sent, whatever order they are given", () => {
    const notices = [
      { sentOn: d("2026-12-15"), revised: on("2027-01-08") },
      { sentOn: d("2026-11-27"), revised: on("2026-12-18") },
    ];
    const a = assessCompliance(
      input({ ...PROMISED_DEC_4, today: d("2026-12-16"), current: on("2027-01-08"), notices }),
    );
    const b = assessCompliance(
      input({
        ...PROMISED_DEC_4,
        today: d("2026-12-16"),
        current: on("2027-01-08"),
        notices: [...notices].reverse(),
      }),
    );
    expect(a).toEqual(b);
  });
});

describe("properties", () => {
  const ordered = d("2026-11-02");
  const arbEta = fc.oneof(
    fc
      .integer({ min: 0, max: 90 })
      .map((n): Eta => ({ kind: "date", date: addDays(ordered, n), source: "incoming" })),
    fc.constant<Eta>(UNKNOWN),
  );
  const arbInput = fc.record({
    jurisdiction: fc.constantFrom("US" as const, "EU" as const, "UK" as const),
    promised: fc.oneof(arbEta, fc.constant(NONE_STATED)),
    current: arbEta,
    today: fc.integer({ min: 0, max: 90 }).map((n) => addDays(ordered, n)),
    transitDays: fc.nat(5),
    creditApplication: fc.boolean(),
  });

  it("a notice is due exactly when the action says to send one, and only for a late line", () => {
    fc.assert(
      fc.property(arbInput, (given) => {
        const result = assessCompliance({ ...given, orderedOn: ordered });
        expect(result.noticeDue).toBe(
          result.action === "send_delay_notice" || result.action === "send_renewed_notice",
        );
        if (result.noticeDue) expect(result.onTime).toBe(false);
        if (result.onTime) expect(result.action).toBe("none");
      }),
    );
  });

  it("an earlier ETA is never worse: if the later one is on time, so is the earlier", () => {
    fc.assert(
      fc.property(arbInput, fc.nat(90), fc.nat(30), (given, day, later) => {
        const early = assessCompliance({ ...given, orderedOn: ordered, current: on(addDays(ordered, day)) });
        const late = assessCompliance({
          ...given,
          orderedOn: ordered,
          current: on(addDays(ordered, day + later)),
        });
        if (late.onTime) expect(early.onTime).toBe(true);
        expect(early.deadline).toBe(late.deadline);
      }),
    );
  });
});
