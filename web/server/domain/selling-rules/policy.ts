import {
  daysBetween,
  latestDate,
  nextUnitEta,
  type CalendarDate,
  type Eta,
  type SupplyBatch,
  type WorkCalendar,
} from "../eta/index.js";
import { InvalidValueError } from "../shared/errors.js";
import type { InventoryPolicy, SellingRuleSettings } from "./types.js";

export type PolicyReason =
  /** Inventory is not tracked: Shopify never runs out, so the policy does nothing and Waitwell leaves it alone. */
  | "untracked"
  | "mode_off"
  | "cap_reached"
  /** The rule requires an ETA and the next unit has none. */
  | "no_eta"
  | "eta_beyond_max_lead_time"
  /** Stock on hand; backorders are armed for when it runs out. */
  | "in_stock"
  /** Out of stock and selling on backorder. */
  | "backorder_open";

export interface VariantStock {
  /** Inventory tracked by Shopify. */
  tracked: boolean;
  /**
   * Shopify's `available`, already net of committed units; negative once oversold. Its negative part counts as
   * waiting units even before our own line records catch up (a missed webhook must not let the cap be overrun).
   */
  available: number;
}

export interface PolicyInput {
  /** The resolved rule's settings. */
  settings: SellingRuleSettings;
  stock: VariantStock;
  /** Units of this variant's open lines still waiting for stock. */
  waitingUnits: number;
  today: CalendarDate;
  /** The ETA of the next unit sold on backorder (`nextUnitEta`). */
  eta: Eta;
}

export interface PolicyDecision {
  /** The inventory policy the variant should have; null: leave it as it is. */
  policy: InventoryPolicy | null;
  reason: PolicyReason;
  /** Units that may still be sold on backorder: 0 when denied, null when there is no cap. */
  capacity: number | null;
  /** The waiting units the decision counted: max(waiting lines, units oversold per Shopify). */
  waitingUnits: number;
}

/**
 * The inventory policy a variant should have under its rule. The checks do not look at whether stock is on hand:
 * with stock, DENY costs nothing (Shopify still sells what is there), and CONTINUE means the first backorder needs
 * no API call, so a variant that sells out mid-sale keeps selling exactly when the rule allows it.
 *
 * Order: mode off, cap reached, no ETA when one is required, ETA beyond the maximum lead time; otherwise CONTINUE.
 */
export function decidePolicy(input: PolicyInput): PolicyDecision {
  const { settings, stock, today, eta } = input;
  if (!Number.isSafeInteger(input.waitingUnits) || input.waitingUnits < 0) {
    throw new InvalidValueError("waitingUnits", `expected an integer >= 0, got ${input.waitingUnits}`);
  }
  if (!Number.isSafeInteger(stock.available)) {
    throw new InvalidValueError("stock.available", `expected an integer, got ${stock.available}`);
  }
  const waitingUnits = effectiveWaiting(input.waitingUnits, stock);
  const deny = (reason: PolicyReason): PolicyDecision => ({
    policy: "DENY",
    reason,
    capacity: 0,
    waitingUnits,
  });

  if (!stock.tracked) return { policy: null, reason: "untracked", capacity: null, waitingUnits };
  if (settings.mode === "off") return deny("mode_off");
  if (settings.cap !== null && waitingUnits >= settings.cap) return deny("cap_reached");
  const last = latestDate(eta);
  if (last === null && settings.requireEta) return deny("no_eta");
  // An unknown ETA passes the lead-time check unless the rule also requires an ETA: that is what requireEta is for.
  if (
    last !== null &&
    settings.maxLeadTimeDays !== null &&
    daysBetween(today, last) > settings.maxLeadTimeDays
  ) {
    return deny("eta_beyond_max_lead_time");
  }
  return {
    policy: "CONTINUE",
    reason: stock.available > 0 ? "in_stock" : "backorder_open",
    capacity: settings.cap === null ? null : settings.cap - waitingUnits,
    waitingUnits,
  };
}

export interface VariantAssessmentInput {
  settings: SellingRuleSettings;
  stock: VariantStock & { incoming: readonly SupplyBatch[] };
  /** The supplier feed rows matched to the variant. */
  supplierFeed: readonly SupplyBatch[];
  waitingUnits: number;
  today: CalendarDate;
  calendar: WorkCalendar;
}

export interface VariantAssessment {
  decision: PolicyDecision;
  /** The ETA a shopper buying one more unit now would be promised. */
  nextEta: Eta;
}

/** The ETA of the next unit under the rule's source, then the policy: what a sync of one variant needs. */
export function assessVariant(input: VariantAssessmentInput): VariantAssessment {
  const { settings, stock, today, calendar } = input;
  const nextEta = nextUnitEta(effectiveWaiting(input.waitingUnits, stock), {
    today,
    calendar,
    handlingDays: settings.handlingDays,
    source: settings.etaSource,
    incoming: stock.incoming,
    supplierFeed: input.supplierFeed,
  });
  return {
    decision: decidePolicy({ settings, stock, waitingUnits: input.waitingUnits, today, eta: nextEta }),
    nextEta,
  };
}

function effectiveWaiting(waitingUnits: number, stock: VariantStock): number {
  return stock.tracked ? Math.max(waitingUnits, -stock.available) : waitingUnits;
}
