import { InvalidValueError } from "../shared/errors.js";
import {
  addDays,
  compareDates,
  daysBetween,
  maxDate,
  minDate,
  type CalendarDate,
} from "../eta/calendar-date.js";
import { latestDate, type Eta } from "../eta/types.js";

/**
 * Legal deadlines for lines that wait. Not legal advice: the rules are encoded as summarised below, each with its
 * public source, so a merchant's counsel can check each branch against the table-driven tests.
 *
 * - US, FTC Mail, Internet, or Telephone Order Rule (16 CFR 435): ship within the time stated, or 30 days after a
 *   properly completed order (50 when the customer applies for credit with the seller). A first delay option notice
 *   goes out no later than that deadline; silence accepts a definite delay of up to 30 days past it. For a longer or
 *   indefinite delay, silence only covers 30 days past the deadline: without express consent by then the order is
 *   deemed cancelled and must be refunded. A renewed notice goes out before the revised date, and only express
 *   consent extends it. https://www.ftc.gov/business-guidance/resources/business-guide-ftcs-mail-internet-or-telephone-order-merchandise-rule
 * - EU (Directive 2011/83/EU art. 18) and UK (Consumer Rights Act 2015 s.28): deliver by the agreed date, or within
 *   30 days of the contract. Moving the date needs the customer's agreement; once it passes the customer may set an
 *   extra period and then end the contract (at once if the date was essential). These deadlines are for delivery,
 *   so the last dispatch day is the deadline minus the transit time.
 */
export type Jurisdiction = "US" | "EU" | "UK";

/** A delay notice sent to the customer, with the revised ETA it gave (unknown: "we cannot say when"). */
export interface DelayNotice {
  sentOn: CalendarDate;
  revised: Eta;
}

/** The customer expressly agreed to wait until `agreedTo` (unknown: for as long as it takes). */
export interface DelayConsent {
  on: CalendarDate;
  agreedTo: Eta;
}

export interface ComplianceInput {
  jurisdiction: Jurisdiction;
  /** US: receipt of a properly completed (paid) order. EU/UK: conclusion of the contract. */
  orderedOn: CalendarDate;
  /** The line's purchase promise; unknown means no time was stated. */
  promised: Eta;
  /** The line's ETA as recomputed now. */
  current: Eta;
  today: CalendarDate;
  notices?: readonly DelayNotice[];
  consents?: readonly DelayConsent[];
  /** US: the customer applied for credit with the seller to pay (50-day default instead of 30). */
  creditApplication?: boolean;
  /** EU/UK: calendar days from dispatch to delivery (the deadlines are delivery deadlines). Default 0. */
  transitDays?: number;
}

export type DeadlineBasis =
  | "stated_time"
  | "default_30_days"
  | "default_50_days_credit"
  /** US: a first notice sent in time, extended by the customer's silence. */
  | "revised_by_silence"
  | "agreed_by_customer"
  | "agreed_indefinite";

export type ComplianceAction =
  | "none"
  /** The first delay notice (US: the delay option notice, with the right to cancel for a full refund). */
  | "send_delay_notice"
  /** US: the revised date will be missed too; silence is no longer consent. */
  | "send_renewed_notice"
  /** A notice asked for express consent; none has come yet. */
  | "await_consent"
  /** US: no consent by the cut-off: the order is deemed cancelled; refund it (7 working days, or 1 billing cycle). */
  | "cancel_and_refund"
  /** EU/UK: the delivery deadline passed; the customer may set an extra period and then end the contract. */
  | "customer_may_terminate";

export type ConsentRequirement = "none" | "silence_is_consent" | "express";

export interface ComplianceAssessment {
  jurisdiction: Jurisdiction;
  /** The binding ship-by (US) or deliver-by (EU/UK) day; null once the customer agreed to wait indefinitely. */
  deadline: CalendarDate | null;
  basis: DeadlineBasis;
  /** The last dispatch day that meets the deadline (EU/UK: deadline − transit days). */
  shipBy: CalendarDate | null;
  /** Calendar days from today to the deadline; negative once it passed; null without a deadline. */
  daysLeft: number | null;
  /** The current ETA ships by `shipBy`. An unknown ETA is never on time. */
  onTime: boolean;
  action: ComplianceAction;
  /** A delay notice must be sent (action is send_delay_notice or send_renewed_notice). */
  noticeDue: boolean;
  /** The last day the law allows for that notice. */
  noticeBy: CalendarDate | null;
  /** What the notice (or the one awaiting an answer) needs to move the deadline. */
  consent: ConsentRequirement;
  /** US: the order is deemed cancelled after this day unless shipped or expressly agreed by then. */
  cancelAfter: CalendarDate | null;
}

const DEFAULT_DAYS = 30;
const CREDIT_DAYS = 50;
/** US: silence accepts a first delay of at most this many days past the original deadline. */
const SILENCE_WINDOW_DAYS = 30;

export function assessCompliance(input: ComplianceInput): ComplianceAssessment {
  const transitDays = input.transitDays ?? 0;
  if (!Number.isSafeInteger(transitDays) || transitDays < 0) {
    throw new InvalidValueError("transitDays", `expected an integer >= 0, got ${transitDays}`);
  }
  const notices = [...(input.notices ?? [])].sort((a, b) => compareDates(a.sentOn, b.sentOn));
  const consents = [...(input.consents ?? [])].sort((a, b) => compareDates(a.on, b.on));
  return input.jurisdiction === "US"
    ? assessUs(input, notices, consents)
    : assessEuUk(input, notices, consents, transitDays);
}

function assessUs(
  input: ComplianceInput,
  notices: DelayNotice[],
  consents: DelayConsent[],
): ComplianceAssessment {
  const { today, current } = input;
  const stated = latestDate(input.promised);
  const original = stated ?? addDays(input.orderedOn, input.creditApplication ? CREDIT_DAYS : DEFAULT_DAYS);
  let deadline = original;
  let basis: DeadlineBasis = stated
    ? "stated_time"
    : input.creditApplication
      ? "default_50_days_credit"
      : "default_30_days";

  const silenceLimit = addDays(original, SILENCE_WINDOW_DAYS);
  const first = notices[0];
  if (first && first.sentOn <= original) {
    const revised = latestDate(first.revised);
    const extended = revised === null ? silenceLimit : minDate(revised, silenceLimit);
    if (extended > deadline) {
      deadline = extended;
      basis = "revised_by_silence";
    }
  }
  const agreed = applyConsents(deadline, basis, consents);
  if (agreed === "indefinite") return indefinite(input.jurisdiction);
  ({ deadline, basis } = agreed);

  const base = {
    jurisdiction: input.jurisdiction,
    deadline,
    basis,
    shipBy: deadline,
    daysLeft: daysBetween(today, deadline),
  };
  const late = isLate(current, today, deadline);
  const last = notices.at(-1);
  const pending = last !== undefined && isLaterThan(last.revised, deadline) ? last : null;

  if (pending) {
    // The customer was asked to accept a date past the deadline and has not: the deadline is the cut-off.
    if (today > deadline)
      return { ...base, onTime: false, ...act("cancel_and_refund"), cancelAfter: deadline };
    if (isLaterThan(current, latestDate(pending.revised))) {
      return {
        ...base,
        onTime: !late,
        ...notice("send_renewed_notice", addDays(deadline, -1), "express"),
        cancelAfter: deadline,
      };
    }
    return {
      ...base,
      onTime: !late,
      action: "await_consent",
      noticeDue: false,
      noticeBy: null,
      consent: "express",
      cancelAfter: deadline,
    };
  }
  if (!late) return { ...base, onTime: true, ...act("none"), cancelAfter: null };
  if (notices.length === 0) {
    const now = latestDate(current);
    const silenceOk = now !== null && now <= silenceLimit;
    return {
      ...base,
      onTime: false,
      ...notice("send_delay_notice", original, silenceOk ? "silence_is_consent" : "express"),
      cancelAfter: silenceOk ? null : silenceLimit,
    };
  }
  // A renewed notice must reach the customer before the revised date it replaces.
  return {
    ...base,
    onTime: false,
    ...notice("send_renewed_notice", addDays(deadline, -1), "express"),
    cancelAfter: deadline,
  };
}

function assessEuUk(
  input: ComplianceInput,
  notices: DelayNotice[],
  consents: DelayConsent[],
  transitDays: number,
): ComplianceAssessment {
  const { today, current } = input;
  const stated = latestDate(input.promised);
  const agreed = applyConsents(
    stated ?? addDays(input.orderedOn, DEFAULT_DAYS),
    stated ? "stated_time" : "default_30_days",
    consents,
  );
  if (agreed === "indefinite") return indefinite(input.jurisdiction);
  const { deadline, basis } = agreed;
  const shipBy = addDays(deadline, -transitDays);
  const base = {
    jurisdiction: input.jurisdiction,
    deadline,
    basis,
    shipBy,
    daysLeft: daysBetween(today, deadline),
    cancelAfter: null,
  };
  const late = isLate(current, today, shipBy);
  const last = notices.at(-1);
  const pending = last !== undefined && isLaterThan(last.revised, shipBy) ? last : null;

  if (today > deadline)
    return {
      ...base,
      onTime: false,
      action: "customer_may_terminate",
      noticeDue: false,
      noticeBy: null,
      consent: "express",
    };
  if (!late) return { ...base, onTime: true, ...act("none") };
  if (pending && !isLaterThan(current, latestDate(pending.revised))) {
    return {
      ...base,
      onTime: false,
      action: "await_consent",
      noticeDue: false,
      noticeBy: null,
      consent: "express",
    };
  }
  // Not a statutory notice, but the only way to get the agreement that moves the date: ask before dispatch is missed.
  return { ...base, onTime: false, ...notice("send_delay_notice", maxDate(shipBy, today), "express") };
}

/** The latest consent wins; a consent to wait indefinitely removes the deadline. */
function applyConsents(
  deadline: CalendarDate,
  basis: DeadlineBasis,
  consents: DelayConsent[],
): { deadline: CalendarDate; basis: DeadlineBasis } | "indefinite" {
  const last = consents.at(-1);
  if (last === undefined) return { deadline, basis };
  const agreedTo = latestDate(last.agreedTo);
  if (agreedTo === null) return "indefinite";
  return agreedTo > deadline ? { deadline: agreedTo, basis: "agreed_by_customer" } : { deadline, basis };
}

function indefinite(jurisdiction: Jurisdiction): ComplianceAssessment {
  return {
    jurisdiction,
    deadline: null,
    basis: "agreed_indefinite",
    shipBy: null,
    daysLeft: null,
    onTime: true,
    ...act("none"),
    cancelAfter: null,
  };
}

/** The line misses `shipBy`: its ETA is unknown or later, or the day already passed without it shipping. */
function isLate(eta: Eta, today: CalendarDate, shipBy: CalendarDate): boolean {
  const last = latestDate(eta);
  return last === null || maxDate(last, today) > shipBy;
}

/** `eta` ends after `day` (unknown ends after everything; nothing ends after an unknown day). */
function isLaterThan(eta: Eta, day: CalendarDate | null): boolean {
  const last = latestDate(eta);
  if (day === null) return false;
  return last === null || last > day;
}

function act(action: "none" | "cancel_and_refund") {
  return { action, noticeDue: false, noticeBy: null, consent: "none" as const };
}

function notice(
  action: "send_delay_notice" | "send_renewed_notice",
  noticeBy: CalendarDate,
  consent: ConsentRequirement,
) {
  return { action, noticeDue: true, noticeBy, consent };
}
