import { toIsoString, type Instant } from "../shared/instant.js";
import type { CalendarDate } from "./calendar-date.js";
import { compareEtas, sameEta, type Eta } from "./types.js";

/**
 * What a line was promised and what we expect now. `promised` is the ETA shown when the shopper paid and is never
 * rewritten; `agreed` is a later date the customer accepted (a delay they consented to); `current` is the latest
 * recomputation. The customer holds us to `agreed ?? promised`.
 */
export interface LinePromise {
  lineId: string;
  promised: Eta;
  promisedOn: CalendarDate;
  agreed: Eta | null;
  current: Eta;
}

/** The recomputed ETA is later than what the customer holds (or no longer known): somebody must be told. */
export interface EtaSlip {
  kind: "slip";
  lineId: string;
  /** What the customer holds: the purchase promise, or the delay they agreed to. */
  promised: Eta;
  /** The ETA recorded before this recomputation. */
  previous: Eta;
  now: Eta;
  detectedAt: string;
}

/** The recomputed ETA is earlier than the one recorded before. */
export interface EtaImprovement {
  kind: "improvement";
  lineId: string;
  promised: Eta;
  previous: Eta;
  now: Eta;
  detectedAt: string;
}

export type EtaChange = EtaSlip | EtaImprovement;

export interface EtaRevision {
  promise: LinePromise;
  /** null when nothing worth recording happened (same ETA, or a later one still within the promise). */
  change: EtaChange | null;
}

/** The promise made at purchase: the ETA the shopper saw at checkout. */
export function makePromise(lineId: string, eta: Eta, promisedOn: CalendarDate): LinePromise {
  return { lineId, promised: eta, promisedOn, agreed: null, current: eta };
}

/** What the customer may hold us to. */
export function commitment(promise: LinePromise): Eta {
  return promise.agreed ?? promise.promised;
}

/**
 * Records a recomputed ETA. The promise itself is untouched; `current` follows the recomputation.
 * - a slip when the new ETA ends later than the commitment and later than the one recorded before (so recomputing
 *   the same late date twice records one slip, and each further move past the promise records another);
 * - an improvement when it ends earlier than the one recorded before;
 * - nothing otherwise (a later date that still keeps the promise, or a reshaped range with the same last day).
 * Unknown counts as later than any date: losing the date is a slip.
 */
export function reviseEta(promise: LinePromise, recomputed: Eta, detectedAt: Instant): EtaRevision {
  const previous = promise.current;
  const next: LinePromise = { ...promise, current: recomputed };
  if (sameEta(previous, recomputed)) return { promise: next, change: null };
  const held = commitment(promise);
  const base = {
    lineId: promise.lineId,
    promised: held,
    previous,
    now: recomputed,
    detectedAt: toIsoString(detectedAt, "detectedAt"),
  };
  if (compareEtas(recomputed, held) > 0 && compareEtas(recomputed, previous) > 0) {
    return { promise: next, change: { kind: "slip", ...base } };
  }
  if (compareEtas(recomputed, previous) < 0)
    return { promise: next, change: { kind: "improvement", ...base } };
  return { promise: next, change: null };
}

/** The customer agreed to wait until `eta`: it becomes what they hold us to. The purchase promise stays on record. */
export function agreeToRevisedEta(promise: LinePromise, eta: Eta): LinePromise {
  return { ...promise, agreed: eta };
}
