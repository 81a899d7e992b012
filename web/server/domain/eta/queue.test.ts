import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidValueError } from "../shared/errors.js";
import { workCalendar } from "./business-calendar.js";
import { fromDayNumber, parseCalendarDate, toDayNumber, type CalendarDate } from "./calendar-date.js";
import { etaCalculator, nextUnitEta, queueEtas, type EtaContext } from "./queue.js";
import {
  compareEtas,
  earliestDate,
  latestDate,
  type Eta,
  type EtaSource,
  type EtaSourceConfig,
  type EtaUnknownReason,
  type SupplyBatch,
} from "./types.js";

const d = (value: string): CalendarDate => parseCalendarDate(value);
const batch = (expectedOn: string | null, quantity: number | null): SupplyBatch => ({
  expectedOn: expectedOn === null ? null : d(expectedOn),
  quantity,
});
const on = (date: string, source: EtaSource = "incoming"): Eta => ({ kind: "date", date: d(date), source });
const between = (from: string, to: string, source: EtaSource = "incoming"): Eta => ({
  kind: "range",
  from: d(from),
  to: d(to),
  source,
});
const unknown = (reason: EtaUnknownReason): Eta => ({ kind: "unknown", reason });

const XMAS = ["2026-12-25", "2026-12-28", "2027-01-01"].map(d);

function context(overrides: Partial<EtaContext> = {}): EtaContext {
  return {
    today: d("2026-11-26"), // a Thursday
    calendar: workCalendar({ weekend: [6, 7], holidays: XMAS }),
    handlingDays: 1,
    source: { kind: "incoming" },
    incoming: [],
    supplierFeed: [],
    ...overrides,
  };
}

/** The example: 40 units due Thursday 3 Dec, 20 more Thursday 10 Dec; one handling day. */
const DEC_BATCHES = [batch("2026-12-03", 40), batch("2026-12-10", 20)];

interface Case {
  name: string;
  context: Partial<EtaContext>;
  /** Waiting units per line, in queue order. */
  lines: number[];
  expected: Eta[];
}

const cases: Case[] = [
  {
    name: "lines needing units 1–40 ride the 3 Dec batch, 41–60 the 10 Dec one, the 61st is beyond the schedule",
    context: { incoming: DEC_BATCHES },
    lines: [30, 10, 5, 15, 1],
    expected: [
      on("2026-12-04"),
      on("2026-12-04"),
      on("2026-12-11"),
      on("2026-12-11"),
      unknown("beyond_schedule"),
    ],
  },
  {
    name: "a line straddling two batches gets the range from its first units to its last",
    context: { incoming: DEC_BATCHES },
    lines: [35, 10],
    expected: [on("2026-12-04"), between("2026-12-04", "2026-12-11")],
  },
  {
    name: "batches are taken in date order whatever order Shopify lists them",
    context: { incoming: [batch("2026-12-10", 20), batch("2026-12-03", 40)] },
    lines: [40, 1],
    expected: [on("2026-12-04"), on("2026-12-11")],
  },
  {
    name: "stock landing on a Saturday is received Monday and ships Tuesday",
    context: { incoming: [batch("2026-12-05", 10)] },
    lines: [3],
    expected: [on("2026-12-08")],
  },
  {
    name: "Christmas Eve stock with one handling day ships after Christmas, the weekend and Boxing Day",
    context: { incoming: [batch("2026-12-24", 10)] },
    lines: [3],
    expected: [on("2026-12-29")],
  },
  {
    name: "New Year's Eve stock with no handling time ships the same day",
    context: { incoming: [batch("2026-12-31", 10)], handlingDays: 0 },
    lines: [1],
    expected: [on("2026-12-31")],
  },
  {
    name: "an overdue batch is treated as arriving today, not lost",
    context: { incoming: [batch("2026-11-20", 5)], handlingDays: 0 },
    lines: [2],
    expected: [on("2026-11-26")],
  },
  {
    name: "units riding a batch without an expected date have no ETA",
    context: { incoming: [batch(null, 10), batch("2026-12-03", 10)] },
    lines: [10, 5],
    expected: [on("2026-12-04"), unknown("undated_incoming")],
  },
  {
    name: "nothing incoming: no schedule",
    context: { incoming: [] },
    lines: [1],
    expected: [unknown("no_schedule")],
  },
  {
    name: "empty batches are ignored",
    context: { incoming: [batch("2026-12-01", 0), batch("2026-12-03", 5)] },
    lines: [1],
    expected: [on("2026-12-04")],
  },
  {
    name: "the supplier feed is read only for the supplier_feed source; a row without quantity covers everyone after it",
    context: {
      source: { kind: "supplier_feed" },
      incoming: [batch("2026-11-30", 100)],
      supplierFeed: [batch("2026-12-03", 5), batch("2026-12-10", null), batch("2027-01-15", 50)],
    },
    lines: [5, 500],
    expected: [on("2026-12-04", "supplier_feed"), on("2026-12-11", "supplier_feed")],
  },
  {
    name: "a fixed date: every unit ships that day + handling",
    context: { source: { kind: "fixed", from: d("2026-12-03"), to: d("2026-12-03") } },
    lines: [1, 1000],
    expected: [on("2026-12-04", "fixed"), on("2026-12-04", "fixed")],
  },
  {
    name: "a fixed window Thursday–Saturday with no handling ships Thursday to Monday",
    context: { source: { kind: "fixed", from: d("2026-12-03"), to: d("2026-12-05") }, handlingDays: 0 },
    lines: [1],
    expected: [between("2026-12-03", "2026-12-07", "fixed")],
  },
  {
    name: "a fixed window already open starts today",
    context: { source: { kind: "fixed", from: d("2026-11-20"), to: d("2026-12-01") }, handlingDays: 0 },
    lines: [1],
    expected: [between("2026-11-26", "2026-12-01", "fixed")],
  },
  {
    name: "a fixed date in the past gives no ETA",
    context: { source: { kind: "fixed", from: d("2026-11-20"), to: d("2026-11-25") } },
    lines: [1],
    expected: [unknown("fixed_date_passed")],
  },
  {
    name: "a lead time of 10 business days from Thursday 26 Nov (+1 handling) skips two weekends",
    context: { source: { kind: "lead_time", minBusinessDays: 10, maxBusinessDays: 10 } },
    lines: [1],
    expected: [on("2026-12-11", "lead_time")],
  },
  {
    name: "a lead time of 5–10 business days is a range",
    context: { source: { kind: "lead_time", minBusinessDays: 5, maxBusinessDays: 10 }, handlingDays: 0 },
    lines: [1],
    expected: [between("2026-12-03", "2026-12-10", "lead_time")],
  },
  {
    name: "a lead time across Christmas and New Year skips the holidays",
    context: {
      today: d("2026-12-21"),
      source: { kind: "lead_time", minBusinessDays: 5, maxBusinessDays: 5 },
      handlingDays: 0,
    },
    lines: [1],
    expected: [on("2026-12-30", "lead_time")],
  },
  {
    name: "a leap day arrival ships on 1 March with one handling day",
    context: { today: d("2024-02-20"), incoming: [batch("2024-02-29", 3)] },
    lines: [1],
    expected: [on("2024-03-01")],
  },
];

describe("queueEtas", () => {
  it.each(cases)("$name", ({ context: overrides, lines, expected }) => {
    const result = queueEtas(
      lines.map((waiting, i) => ({ lineId: `L${i + 1}`, waiting })),
      context(overrides),
    );
    expect(result.map((r) => r.eta)).toEqual(expected);
    expect(result.map((r) => r.lineId)).toEqual(lines.map((_, i) => `L${i + 1}`));
  });

  it("numbers the units of each line from 1 in queue order", () => {
    const result = queueEtas(
      [
        { lineId: "a", waiting: 3 },
        { lineId: "b", waiting: 2 },
      ],
      context({ incoming: DEC_BATCHES }),
    );
    expect(result.map((r) => [r.firstUnit, r.lastUnit])).toEqual([
      [1, 3],
      [4, 5],
    ]);
  });

  it.each<[string, Partial<EtaContext>, number[]]>([
    ["a line with nothing waiting", {}, [0]],
    ["a negative handling time", { handlingDays: -1 }, [1]],
    [
      "a fixed window that ends before it starts",
      { source: { kind: "fixed", from: d("2026-12-05"), to: d("2026-12-03") } },
      [1],
    ],
    [
      "a lead time whose max is below its min",
      { source: { kind: "lead_time", minBusinessDays: 5, maxBusinessDays: 2 } },
      [1],
    ],
    ["a negative batch", { incoming: [batch("2026-12-03", -4)] }, [1]],
  ])("rejects %s", (_name, overrides, lines) => {
    expect(() =>
      queueEtas(
        lines.map((waiting, i) => ({ lineId: `L${i}`, waiting })),
        context(overrides),
      ),
    ).toThrow(InvalidValueError);
  });
});

describe("nextUnitEta", () => {
  it.each([
    [0, on("2026-12-04")],
    [39, on("2026-12-04")],
    [40, on("2026-12-11")],
    [59, on("2026-12-11")],
    [60, unknown("beyond_schedule")],
  ])("with %i units already waiting", (waiting, expected) => {
    expect(nextUnitEta(waiting, context({ incoming: DEC_BATCHES }))).toEqual(expected);
  });
});

describe("properties", () => {
  const today = d("2026-11-26");
  const arbDay = fc
    .integer({ min: toDayNumber(d("2026-11-01")), max: toDayNumber(d("2027-03-31")) })
    .map(fromDayNumber);
  const arbSource: fc.Arbitrary<EtaSourceConfig> = fc.oneof(
    fc.constant<EtaSourceConfig>({ kind: "incoming" }),
    fc.constant<EtaSourceConfig>({ kind: "supplier_feed" }),
    fc
      .tuple(arbDay, arbDay)
      .map(([a, b]): EtaSourceConfig => ({ kind: "fixed", from: a < b ? a : b, to: a < b ? b : a })),
    fc.tuple(fc.nat(30), fc.nat(10)).map(([min, extra]): EtaSourceConfig => ({
      kind: "lead_time",
      minBusinessDays: min,
      maxBusinessDays: min + extra,
    })),
  );
  const arbBatches = fc.array(
    fc.record({
      expectedOn: fc.option(arbDay, { nil: null, freq: 8 }),
      quantity: fc.option(fc.nat(30), { nil: null, freq: 8 }),
    }),
    { maxLength: 6 },
  );
  const arbContext = fc
    .record({
      handlingDays: fc.nat(5),
      source: arbSource,
      incoming: arbBatches,
      supplierFeed: arbBatches,
      holidays: fc.array(arbDay, { maxLength: 10 }),
    })
    .map(({ holidays, ...rest }) =>
      context({ ...rest, calendar: workCalendar({ weekend: [6, 7], holidays }) }),
    );
  const arbLines = fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 12 });

  it("later lines never get an earlier ETA; every date is a business day on or after today", () => {
    fc.assert(
      fc.property(arbContext, arbLines, (ctx, lines) => {
        const etas = queueEtas(
          lines.map((waiting, i) => ({ lineId: String(i), waiting })),
          ctx,
        ).map((r) => r.eta);
        etas.forEach((eta, i) => {
          const previous = etas[i - 1];
          if (previous) expect(compareEtas(eta, previous)).toBeGreaterThanOrEqual(0);
          for (const day of [earliestDate(eta), latestDate(eta)]) {
            if (day === null) continue;
            expect(day >= today).toBe(true);
            expect(ctx.calendar.isBusinessDay(day)).toBe(true);
          }
          if (eta.kind === "range") expect(eta.from < eta.to).toBe(true);
        });
      }),
    );
  });

  it("a line spans from its first unit's earliest day to its last unit's latest day", () => {
    fc.assert(
      fc.property(arbContext, fc.integer({ min: 1, max: 80 }), fc.nat(40), (ctx, first, extra) => {
        const etaFor = etaCalculator(ctx);
        const line = etaFor(first, first + extra);
        const a = etaFor(first, first);
        const b = etaFor(first + extra, first + extra);
        if (line.kind === "unknown") {
          expect(
            a.kind === "unknown" || b.kind === "unknown" || hasUndatedBetween(ctx, first, first + extra),
          ).toBe(true);
        } else {
          expect(earliestDate(line)).toBe(earliestDate(a));
          expect(latestDate(line)).toBe(latestDate(b));
        }
      }),
    );
  });
});

/** True when some unit between first and last rides an undated batch (the only way the ends know and the line does not). */
function hasUndatedBetween(ctx: EtaContext, first: number, last: number): boolean {
  const etaFor = etaCalculator(ctx);
  for (let unit = first; unit <= last; unit++) if (etaFor(unit, unit).kind === "unknown") return true;
  return false;
}
