import type { CalendarDate } from "./calendar-date.js";

/** Where an ETA came from; shown to merchants and carried in the storefront payload. */
export type EtaSource = "incoming" | "fixed" | "lead_time" | "supplier_feed";

export const ETA_SOURCES: readonly EtaSource[] = ["incoming", "fixed", "lead_time", "supplier_feed"];

/** Why no date can be given. An unknown ETA is explicit, never a missing field. */
export type EtaUnknownReason =
  /** Incoming stock or the supplier feed has nothing scheduled for the variant. */
  | "no_schedule"
  /** The units fall after everything scheduled. */
  | "beyond_schedule"
  /** The units ride incoming stock that has no expected date. */
  | "undated_incoming"
  /** The merchant's fixed date (or the end of their window) is already past. */
  | "fixed_date_passed";

/**
 * The day a line (or the next unit sold) is expected to ship: the day its stock arrives, plus the shop's handling
 * days, counted in business days. A range when the units ride several batches or the source is a window.
 */
export type Eta =
  | { kind: "date"; date: CalendarDate; source: EtaSource }
  | { kind: "range"; from: CalendarDate; to: CalendarDate; source: EtaSource }
  | { kind: "unknown"; reason: EtaUnknownReason };

export type KnownEta = Exclude<Eta, { kind: "unknown" }>;

/** How a rule finds the arrival date of the stock its waiting units need. */
export type EtaSourceConfig =
  /** Shopify's incoming quantities with their expected dates (transfers, purchase orders). */
  | { kind: "incoming" }
  /** Dates imported from the supplier's CSV, matched by SKU or barcode. */
  | { kind: "supplier_feed" }
  /** A restock date the merchant typed; `from === to` for a single day. */
  | { kind: "fixed"; from: CalendarDate; to: CalendarDate }
  /** Restock within this many business days of today; min === max for an exact lead time. */
  | { kind: "lead_time"; minBusinessDays: number; maxBusinessDays: number };

/** Stock expected to arrive: an incoming batch, or a supplier feed row. */
export interface SupplyBatch {
  /** null: Shopify knows stock is coming but not when. */
  expectedOn: CalendarDate | null;
  /** Units in the batch; null for a supplier row without a quantity (it covers any number of units). */
  quantity: number | null;
}

/** The last day an ETA allows; null when unknown. Deadlines and slips are judged on it. */
export function latestDate(eta: Eta): CalendarDate | null {
  switch (eta.kind) {
    case "date":
      return eta.date;
    case "range":
      return eta.to;
    case "unknown":
      return null;
  }
}

/** The first day an ETA allows; null when unknown. */
export function earliestDate(eta: Eta): CalendarDate | null {
  switch (eta.kind) {
    case "date":
      return eta.date;
    case "range":
      return eta.from;
    case "unknown":
      return null;
  }
}

/** Orders ETAs by their latest day; unknown sorts after every date (an indefinite wait is the longest). */
export function compareEtas(a: Eta, b: Eta): number {
  const la = latestDate(a);
  const lb = latestDate(b);
  if (la === null || lb === null) return la === lb ? 0 : la === null ? 1 : -1;
  return la < lb ? -1 : la > lb ? 1 : 0;
}

export function sameEta(a: Eta, b: Eta): boolean {
  if (a.kind === "unknown" || b.kind === "unknown") {
    return a.kind === "unknown" && b.kind === "unknown" && a.reason === b.reason;
  }
  return a.source === b.source && earliestDate(a) === earliestDate(b) && latestDate(a) === latestDate(b);
}
