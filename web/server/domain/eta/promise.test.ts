import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, parseCalendarDate, type CalendarDate } from "./calendar-date.js";
import { agreeToRevisedEta, commitment, makePromise, reviseEta, type LinePromise } from "./promise.js";
import { compareEtas, type Eta } from "./types.js";

const d = (value: string): CalendarDate => parseCalendarDate(value);
const on = (date: string): Eta => ({ kind: "date", date: d(date), source: "incoming" });
const between = (from: string, to: string): Eta => ({
  kind: "range",
  from: d(from),
  to: d(to),
  source: "incoming",
});
const UNKNOWN: Eta = { kind: "unknown", reason: "beyond_schedule" };
const AT = "2026-11-27T09:30:00+01:00";

function promise(promised: Eta, current: Eta = promised, agreed: Eta | null = null): LinePromise {
  return { ...makePromise("line-1", promised, d("2026-11-20")), current, agreed };
}

interface Case {
  name: string;
  given: LinePromise;
  recomputed: Eta;
  expected: "slip" | "improvement" | null;
}

const cases: Case[] = [
  {
    name: "the same date again records nothing",
    given: promise(on("2026-12-04")),
    recomputed: on("2026-12-04"),
    expected: null,
  },
  {
    name: "a later date is a slip",
    given: promise(on("2026-12-04")),
    recomputed: on("2026-12-11"),
    expected: "slip",
  },
  {
    name: "the same late date recomputed again is not a second slip",
    given: promise(on("2026-12-04"), on("2026-12-11")),
    recomputed: on("2026-12-11"),
    expected: null,
  },
  {
    name: "moving further past the promise is another slip",
    given: promise(on("2026-12-04"), on("2026-12-11")),
    recomputed: on("2026-12-18"),
    expected: "slip",
  },
  {
    name: "coming back part of the way is an improvement, even if still late",
    given: promise(on("2026-12-04"), on("2026-12-11")),
    recomputed: on("2026-12-08"),
    expected: "improvement",
  },
  {
    name: "an earlier date than promised is an improvement",
    given: promise(on("2026-12-04")),
    recomputed: on("2026-12-02"),
    expected: "improvement",
  },
  {
    name: "drifting later but still within the promise is not a slip",
    given: promise(on("2026-12-04"), on("2026-12-02")),
    recomputed: on("2026-12-03"),
    expected: null,
  },
  {
    name: "losing the date is a slip",
    given: promise(on("2026-12-04")),
    recomputed: UNKNOWN,
    expected: "slip",
  },
  {
    name: "a date after an unknown promise is an improvement",
    given: promise({ kind: "unknown", reason: "no_schedule" }),
    recomputed: on("2026-12-04"),
    expected: "improvement",
  },
  {
    name: "an unknown for another reason is no change",
    given: promise({ kind: "unknown", reason: "no_schedule" }),
    recomputed: UNKNOWN,
    expected: null,
  },
  {
    name: "a range narrowed to its last day keeps the promise",
    given: promise(between("2026-12-04", "2026-12-11")),
    recomputed: on("2026-12-11"),
    expected: null,
  },
  {
    name: "a range whose last day moves later is a slip",
    given: promise(between("2026-12-04", "2026-12-11")),
    recomputed: between("2026-12-04", "2026-12-14"),
    expected: "slip",
  },
  {
    name: "after the customer agreed to wait until 18 Dec, 18 Dec is not a slip",
    given: promise(on("2026-12-04"), on("2026-12-11"), on("2026-12-18")),
    recomputed: on("2026-12-18"),
    expected: null,
  },
  {
    name: "past the agreed date it is a slip again",
    given: promise(on("2026-12-04"), on("2026-12-18"), on("2026-12-18")),
    recomputed: on("2026-12-21"),
    expected: "slip",
  },
];

describe("reviseEta", () => {
  it.each(cases)("$name", ({ given, recomputed, expected }) => {
    const { promise: next, change } = reviseEta(given, recomputed, AT);
    expect(change?.kind ?? null).toBe(expected);
    expect(next.promised).toBe(given.promised);
    expect(next.agreed).toBe(given.agreed);
    expect(next.current).toBe(recomputed);
    if (change) {
      expect(change).toEqual({
        kind: expected,
        lineId: "line-1",
        promised: commitment(given),
        previous: given.current,
        now: recomputed,
        detectedAt: "2026-11-27T08:30:00.000Z",
      });
    }
  });

  it("agreeing to a revised date keeps the purchase promise on record", () => {
    const agreed = agreeToRevisedEta(promise(on("2026-12-04"), on("2026-12-18")), on("2026-12-18"));
    expect(agreed.promised).toEqual(on("2026-12-04"));
    expect(commitment(agreed)).toEqual(on("2026-12-18"));
  });
});

describe("properties", () => {
  const base = d("2026-12-01");
  const arbEta: fc.Arbitrary<Eta> = fc.oneof(
    fc.nat(60).map((n): Eta => ({ kind: "date", date: addDays(base, n), source: "incoming" })),
    fc.tuple(fc.nat(60), fc.integer({ min: 1, max: 10 })).map(([n, k]): Eta => ({
      kind: "range",
      from: addDays(base, n),
      to: addDays(base, n + k),
      source: "lead_time",
    })),
    fc.constant<Eta>(UNKNOWN),
  );

  it("the promise is never rewritten, slips only go past the commitment, and replaying a value records nothing", () => {
    fc.assert(
      fc.property(arbEta, fc.array(arbEta, { maxLength: 12 }), (promised, recomputations) => {
        let state = makePromise("l", promised, base);
        for (const eta of recomputations) {
          const { promise: next, change } = reviseEta(state, eta, AT);
          expect(next.promised).toBe(promised);
          if (change?.kind === "slip") expect(compareEtas(eta, commitment(state))).toBeGreaterThan(0);
          if (change?.kind === "improvement") expect(compareEtas(eta, state.current)).toBeLessThan(0);
          expect(reviseEta(next, eta, AT).change).toBeNull();
          state = next;
        }
      }),
    );
  });
});
