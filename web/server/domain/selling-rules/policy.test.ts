import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCalendarDate, workCalendar, type Eta } from "../eta/index.js";
import { InvalidValueError } from "../shared/errors.js";
import { assessVariant, decidePolicy, type PolicyDecision, type PolicyInput } from "./policy.js";
import { SETTINGS } from "./test-fixtures.js";
import type { SellingRuleSettings } from "./types.js";

const d = parseCalendarDate;
const TODAY = d("2026-11-26");
const ETA_DEC_4: Eta = { kind: "date", date: d("2026-12-04"), source: "incoming" };
const NO_ETA: Eta = { kind: "unknown", reason: "beyond_schedule" };

function input(
  settings: Partial<SellingRuleSettings>,
  rest: Partial<Omit<PolicyInput, "settings">> = {},
): PolicyInput {
  return {
    settings: { ...SETTINGS, ...settings },
    stock: { tracked: true, available: 0 },
    waitingUnits: 0,
    today: TODAY,
    eta: ETA_DEC_4,
    ...rest,
  };
}

const cases: [string, PolicyInput, PolicyDecision][] = [
  [
    "out of stock, within the rule: sell on backorder",
    input({ cap: 10 }, { waitingUnits: 4, stock: { tracked: true, available: -4 } }),
    { policy: "CONTINUE", reason: "backorder_open", capacity: 6, waitingUnits: 4 },
  ],
  [
    "in stock: backorders armed for when it runs out",
    input({}, { stock: { tracked: true, available: 7 } }),
    { policy: "CONTINUE", reason: "in_stock", capacity: null, waitingUnits: 0 },
  ],
  [
    "mode off: DENY, whatever else",
    input({ mode: "off" }, { stock: { tracked: true, available: 3 } }),
    { policy: "DENY", reason: "mode_off", capacity: 0, waitingUnits: 0 },
  ],
  [
    "the cap reached exactly: DENY",
    input({ cap: 10 }, { waitingUnits: 10 }),
    { policy: "DENY", reason: "cap_reached", capacity: 0, waitingUnits: 10 },
  ],
  [
    "one unit below the cap: still CONTINUE with 1 left",
    input({ cap: 10 }, { waitingUnits: 9 }),
    { policy: "CONTINUE", reason: "backorder_open", capacity: 1, waitingUnits: 9 },
  ],
  [
    "a cap of 0 never sells on backorder",
    input({ cap: 0 }),
    { policy: "DENY", reason: "cap_reached", capacity: 0, waitingUnits: 0 },
  ],
  [
    "Shopify shows more oversold units than our lines (a webhook not processed yet): the cap counts Shopify's",
    input({ cap: 10 }, { waitingUnits: 6, stock: { tracked: true, available: -12 } }),
    { policy: "DENY", reason: "cap_reached", capacity: 0, waitingUnits: 12 },
  ],
  [
    "no ETA and one is required: DENY",
    input({ requireEta: true }, { eta: NO_ETA }),
    { policy: "DENY", reason: "no_eta", capacity: 0, waitingUnits: 0 },
  ],
  [
    "no ETA and none required: CONTINUE",
    input({ requireEta: false, maxLeadTimeDays: 14 }, { eta: NO_ETA }),
    { policy: "CONTINUE", reason: "backorder_open", capacity: null, waitingUnits: 0 },
  ],
  [
    "ETA 8 days away with a 7-day maximum: DENY",
    input({ maxLeadTimeDays: 7 }),
    { policy: "DENY", reason: "eta_beyond_max_lead_time", capacity: 0, waitingUnits: 0 },
  ],
  [
    "ETA exactly at the maximum: CONTINUE",
    input({ maxLeadTimeDays: 8 }),
    { policy: "CONTINUE", reason: "backorder_open", capacity: null, waitingUnits: 0 },
  ],
  [
    "a range is judged by its last day",
    input(
      { maxLeadTimeDays: 8 },
      { eta: { kind: "range", from: d("2026-12-01"), to: d("2026-12-05"), source: "lead_time" } },
    ),
    { policy: "DENY", reason: "eta_beyond_max_lead_time", capacity: 0, waitingUnits: 0 },
  ],
  [
    "the maximum counts calendar days across a month end",
    input(
      { maxLeadTimeDays: 5 },
      { today: d("2026-01-28"), eta: { kind: "date", date: d("2026-02-02"), source: "fixed" } },
    ),
    { policy: "CONTINUE", reason: "backorder_open", capacity: null, waitingUnits: 0 },
  ],
  [
    "the cap is checked before the ETA",
    input({ cap: 2, requireEta: true }, { waitingUnits: 2, eta: NO_ETA }),
    { policy: "DENY", reason: "cap_reached", capacity: 0, waitingUnits: 2 },
  ],
  [
    "untracked inventory: leave the policy alone",
    input({ mode: "off" }, { stock: { tracked: false, available: -50 } }),
    { policy: null, reason: "untracked", capacity: null, waitingUnits: 0 },
  ],
  [
    "restocked after the cap was reached: the waiting lines got the stock, CONTINUE again",
    input({ cap: 10 }, { waitingUnits: 0, stock: { tracked: true, available: 5 } }),
    { policy: "CONTINUE", reason: "in_stock", capacity: 10, waitingUnits: 0 },
  ],
];

describe("decidePolicy", () => {
  it.each(cases)("%s", (_name, given, expected) => {
    expect(decidePolicy(given)).toEqual(expected);
  });

  it.each([
    ["negative waiting units", input({}, { waitingUnits: -1 })],
    ["fractional stock", input({}, { stock: { tracked: true, available: 1.5 } })],
  ])("rejects %s", (_name, given) => {
    expect(() => decidePolicy(given)).toThrow(InvalidValueError);
  });

  it("properties: DENY always has a reason and no capacity; more waiting units never turn DENY into CONTINUE", () => {
    const arbSettings = fc.record({
      mode: fc.constantFrom("off" as const, "when_out_of_stock" as const, "always" as const),
      cap: fc.option(fc.nat(20), { nil: null }),
      maxLeadTimeDays: fc.option(fc.nat(20), { nil: null }),
      requireEta: fc.boolean(),
    });
    const arbEta = fc.oneof(
      fc.constant(NO_ETA),
      fc.nat(30).map((n): Eta => ({
        kind: "date",
        date: d(`2026-12-${String(n + 1).padStart(2, "0")}`),
        source: "incoming",
      })),
    );
    fc.assert(
      fc.property(
        arbSettings,
        fc.nat(25),
        fc.nat(10),
        fc.integer({ min: -30, max: 30 }),
        arbEta,
        (s, waiting, more, available, eta) => {
          const base = input(s, { waitingUnits: waiting, stock: { tracked: true, available }, eta });
          const a = decidePolicy(base);
          const b = decidePolicy({ ...base, waitingUnits: waiting + more });
          if (a.policy === "DENY") {
            expect(a.capacity).toBe(0);
            expect(b.policy).toBe("DENY");
          } else {
            expect(a.capacity === null || a.capacity > 0).toBe(true);
          }
        },
      ),
    );
  });
});

describe("assessVariant", () => {
  const calendar = workCalendar();
  const incoming = [
    { expectedOn: d("2026-12-03"), quantity: 40 },
    { expectedOn: d("2026-12-10"), quantity: 20 },
  ];

  it.each<[string, number, number, Partial<SellingRuleSettings>, Eta, PolicyDecision["reason"]]>([
    [
      "the 40th unit rides the 3 Dec batch",
      39,
      -39,
      {},
      { kind: "date", date: d("2026-12-04"), source: "incoming" },
      "backorder_open",
    ],
    [
      "the 41st rides 10 Dec",
      40,
      -40,
      {},
      { kind: "date", date: d("2026-12-11"), source: "incoming" },
      "backorder_open",
    ],
    [
      "a max lead time of 10 days stops at the 41st",
      40,
      -40,
      { maxLeadTimeDays: 10 },
      { kind: "date", date: d("2026-12-11"), source: "incoming" },
      "eta_beyond_max_lead_time",
    ],
    [
      "the 61st has no ETA; required, so DENY",
      60,
      -60,
      { requireEta: true },
      { kind: "unknown", reason: "beyond_schedule" },
      "no_eta",
    ],
    [
      "Shopify's oversold count moves the queue position too",
      0,
      -40,
      {},
      { kind: "date", date: d("2026-12-11"), source: "incoming" },
      "backorder_open",
    ],
  ])("%s", (_name, waitingUnits, available, settings, eta, reason) => {
    const result = assessVariant({
      settings: { ...SETTINGS, ...settings },
      stock: { tracked: true, available, incoming },
      supplierFeed: [],
      waitingUnits,
      today: TODAY,
      calendar,
    });
    expect(result.nextEta).toEqual(eta);
    expect(result.decision.reason).toBe(reason);
  });
});
