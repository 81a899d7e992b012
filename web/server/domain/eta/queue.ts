import { InvalidValueError } from "../shared/errors.js";
import { addBusinessDays, type WorkCalendar } from "./business-calendar.js";
import { compareDates, maxDate, type CalendarDate } from "./calendar-date.js";
import type { Eta, EtaSource, EtaSourceConfig, SupplyBatch } from "./types.js";

/** Everything the ETA of a variant's queue depends on. */
export interface EtaContext {
  /** Today in the shop's time zone. */
  today: CalendarDate;
  calendar: WorkCalendar;
  /** Business days between stock arriving and the parcel leaving. */
  handlingDays: number;
  source: EtaSourceConfig;
  /** Shopify's incoming schedule for the variant (read when the source is `incoming`). */
  incoming: readonly SupplyBatch[];
  /** The supplier feed rows matched to the variant (read when the source is `supplier_feed`). */
  supplierFeed: readonly SupplyBatch[];
}

/** A waiting line in queue order: the allocation order decides who rides which batch. */
export interface QueuedLine {
  lineId: string;
  /** Units of the line still waiting for stock (>= 1). */
  waiting: number;
}

export interface LineEta {
  lineId: string;
  /** The line's units are the `firstUnit`-th to `lastUnit`-th of the queue, counted from 1. */
  firstUnit: number;
  lastUnit: number;
  eta: Eta;
}

/**
 * A stretch of the queue that ships on the same day(s): units up to `end` (cumulative, from 1) ship between `from`
 * and `to`; null dates for incoming stock without an expected date.
 */
interface Slot {
  end: number;
  from: CalendarDate | null;
  to: CalendarDate | null;
}

type Plan = { kind: "slots"; slots: Slot[]; source: EtaSource } | { kind: "unknown"; eta: Eta };

/**
 * An ETA calculator for one variant's queue. Units are numbered from 1 in queue order: with 40 units due on 3 Dec and
 * 20 more on 10 Dec, units 1–40 ship 3 Dec + handling and units 41–60 ship 10 Dec + handling; a line whose units
 * straddle both batches gets the range between the two (its first units could go early, all of it by the last day).
 */
export function etaCalculator(context: EtaContext): (firstUnit: number, lastUnit: number) => Eta {
  assertDays(context.handlingDays, "handlingDays");
  const plan = planSlots(context);
  return (firstUnit, lastUnit) => {
    if (
      !Number.isSafeInteger(firstUnit) ||
      firstUnit < 1 ||
      !Number.isSafeInteger(lastUnit) ||
      lastUnit < firstUnit
    ) {
      throw new InvalidValueError(
        "units",
        `expected 1 <= firstUnit <= lastUnit, got ${firstUnit}..${lastUnit}`,
      );
    }
    if (plan.kind === "unknown") return plan.eta;
    const { slots, source } = plan;
    if (slots.length === 0) return { kind: "unknown", reason: "no_schedule" };
    const first = slots.findIndex((slot) => slot.end >= firstUnit);
    const last = slots.findIndex((slot) => slot.end >= lastUnit);
    if (first === -1 || last === -1) return { kind: "unknown", reason: "beyond_schedule" };
    const from = slots[first]?.from ?? null;
    const to = slots[last]?.to ?? null;
    const undated = slots.slice(first, last + 1).some((slot) => slot.from === null);
    if (undated || from === null || to === null) return { kind: "unknown", reason: "undated_incoming" };
    return from === to ? { kind: "date", date: from, source } : { kind: "range", from, to, source };
  };
}

/** The ETA of every waiting line, in the order given (which must be the allocation order). */
export function queueEtas(lines: readonly QueuedLine[], context: EtaContext): LineEta[] {
  const etaFor = etaCalculator(context);
  let before = 0;
  return lines.map((line, i) => {
    if (!Number.isSafeInteger(line.waiting) || line.waiting < 1) {
      throw new InvalidValueError(`lines[${i}].waiting`, `expected an integer >= 1, got ${line.waiting}`);
    }
    const firstUnit = before + 1;
    const lastUnit = before + line.waiting;
    before = lastUnit;
    return { lineId: line.lineId, firstUnit, lastUnit, eta: etaFor(firstUnit, lastUnit) };
  });
}

/** What a shopper buying one more unit now would be promised: the unit after the `waitingUnits` already queued. */
export function nextUnitEta(waitingUnits: number, context: EtaContext): Eta {
  if (!Number.isSafeInteger(waitingUnits) || waitingUnits < 0) {
    throw new InvalidValueError("waitingUnits", `expected an integer >= 0, got ${waitingUnits}`);
  }
  return etaCalculator(context)(waitingUnits + 1, waitingUnits + 1);
}

function planSlots(context: EtaContext): Plan {
  const { source, today, calendar, handlingDays } = context;
  // Stock that was due in the past is treated as arriving today: it is late, not lost.
  const ship = (arrival: CalendarDate): CalendarDate =>
    addBusinessDays(maxDate(arrival, today), handlingDays, calendar);
  switch (source.kind) {
    case "fixed": {
      if (compareDates(source.from, source.to) > 0) {
        throw new InvalidValueError(
          "source.to",
          `the window ends (${source.to}) before it starts (${source.from})`,
        );
      }
      if (source.to < today)
        return { kind: "unknown", eta: { kind: "unknown", reason: "fixed_date_passed" } };
      return {
        kind: "slots",
        source: "fixed",
        slots: [{ end: Infinity, from: ship(source.from), to: ship(source.to) }],
      };
    }
    case "lead_time": {
      assertDays(source.minBusinessDays, "source.minBusinessDays");
      assertDays(source.maxBusinessDays, "source.maxBusinessDays");
      if (source.maxBusinessDays < source.minBusinessDays) {
        throw new InvalidValueError("source.maxBusinessDays", "must be >= minBusinessDays");
      }
      const from = addBusinessDays(today, source.minBusinessDays + handlingDays, calendar);
      const to = addBusinessDays(today, source.maxBusinessDays + handlingDays, calendar);
      return { kind: "slots", source: "lead_time", slots: [{ end: Infinity, from, to }] };
    }
    case "incoming":
      return { kind: "slots", source: "incoming", slots: batchSlots(context.incoming, "incoming", ship) };
    case "supplier_feed":
      return {
        kind: "slots",
        source: "supplier_feed",
        slots: batchSlots(context.supplierFeed, "supplierFeed", ship),
      };
  }
}

/** Batches in arrival order (undated last), each a slot; a batch with no quantity covers every unit after it. */
function batchSlots(
  batches: readonly SupplyBatch[],
  field: string,
  ship: (arrival: CalendarDate) => CalendarDate,
): Slot[] {
  const sorted = batches
    .map((batch, i) => {
      if (batch.quantity !== null && (!Number.isSafeInteger(batch.quantity) || batch.quantity < 0)) {
        throw new InvalidValueError(
          `${field}[${i}].quantity`,
          `expected null or an integer >= 0, got ${batch.quantity}`,
        );
      }
      return batch;
    })
    .filter((batch) => batch.quantity !== 0)
    .sort((a, b) => {
      if (a.expectedOn === b.expectedOn) return 0;
      if (a.expectedOn === null) return 1;
      if (b.expectedOn === null) return -1;
      return compareDates(a.expectedOn, b.expectedOn);
    });
  const slots: Slot[] = [];
  let end = 0;
  for (const batch of sorted) {
    end = batch.quantity === null ? Infinity : end + batch.quantity;
    const day = batch.expectedOn === null ? null : ship(batch.expectedOn);
    slots.push({ end, from: day, to: day });
    if (end === Infinity) break;
  }
  return slots;
}

function assertDays(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new InvalidValueError(field, `expected an integer >= 0, got ${value}`);
}
