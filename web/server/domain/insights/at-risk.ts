import {
  assessCompliance,
  type DelayConsent,
  type DelayNotice,
  type Jurisdiction,
} from "../compliance/index.js";
import {
  addBusinessDays,
  daysBetween,
  latestDate,
  type CalendarDate,
  type Eta,
  type WorkCalendar,
} from "../eta/index.js";

/** A promise due within this many business days (or already past) is at risk. */
export const AT_RISK_BUSINESS_DAYS = 3;
/** A legal ship-by day within this many calendar days is "coming". */
export const DEADLINE_HORIZON_DAYS = 7;

export interface WaitingPromise {
  lineItemId: string;
  orderId: string;
  orderedOn: CalendarDate;
  /** The ETA shown at purchase; null when the line has no recorded promise. */
  promised: Eta | null;
  /** The ETA as last recomputed. */
  current: Eta | null;
  notices: readonly DelayNotice[];
  /** The customer's express agreements to a later date (accepted on the self-service page). */
  consents: readonly DelayConsent[];
}

export interface LawSettings {
  jurisdictions: readonly Jurisdiction[];
  transitDays: number;
}

export interface LineRisk {
  lineItemId: string;
  orderId: string;
  /** overdue: the promised day passed; due_soon: within AT_RISK_BUSINESS_DAYS business days; null: not at risk. */
  promise: "overdue" | "due_soon" | null;
  /** The last day the customer holds us to (the promise, or a later date they accepted). */
  dueOn: CalendarDate | null;
  /** The current ETA ends after that day (or is unknown): the promise will be missed as things stand. */
  slipped: boolean;
  /** The nearest legal ship-by day within DEADLINE_HORIZON_DAYS (or past), with what the law asks now. */
  deadline: { jurisdiction: Jurisdiction; shipBy: CalendarDate; daysLeft: number; action: string } | null;
}

/**
 * Whether one waiting line needs the merchant: its promise is due within three business days or past, or a legal
 * deadline (domain/compliance) is coming within a week. Lines that need nothing are returned with nulls; callers
 * keep those with a reason.
 */
export function lineRisk(
  line: WaitingPromise,
  today: CalendarDate,
  calendar: WorkCalendar,
  law: LawSettings,
): LineRisk {
  const agreed = line.consents
    .map((c) => latestDate(c.agreedTo))
    .filter((d): d is CalendarDate => d !== null);
  const promisedDay = line.promised ? latestDate(line.promised) : null;
  const dueOn = [promisedDay, ...agreed].reduce<CalendarDate | null>(
    (latest, d) => (d !== null && (latest === null || d > latest) ? d : latest),
    null,
  );
  const horizon = addBusinessDays(today, AT_RISK_BUSINESS_DAYS, calendar);
  const promise = dueOn === null ? null : dueOn < today ? "overdue" : dueOn <= horizon ? "due_soon" : null;
  const currentDay = line.current ? latestDate(line.current) : null;
  const slipped = dueOn !== null && (currentDay === null || currentDay > dueOn);
  return {
    lineItemId: line.lineItemId,
    orderId: line.orderId,
    promise,
    dueOn,
    slipped,
    deadline: nearestDeadline(line, today, law),
  };
}

function nearestDeadline(line: WaitingPromise, today: CalendarDate, law: LawSettings): LineRisk["deadline"] {
  let nearest: LineRisk["deadline"] = null;
  for (const jurisdiction of law.jurisdictions) {
    const a = assessCompliance({
      jurisdiction,
      orderedOn: line.orderedOn,
      promised: line.promised ?? { kind: "unknown", reason: "no_schedule" },
      current: line.current ?? line.promised ?? { kind: "unknown", reason: "no_schedule" },
      today,
      notices: line.notices,
      consents: line.consents,
      transitDays: law.transitDays,
    });
    if (a.shipBy === null) continue;
    const daysLeft = daysBetween(today, a.shipBy);
    if (daysLeft > DEADLINE_HORIZON_DAYS) continue;
    if (nearest === null || daysLeft < nearest.daysLeft) {
      nearest = { jurisdiction, shipBy: a.shipBy, daysLeft, action: a.action };
    }
  }
  return nearest;
}

export interface RiskSummary {
  overdue: number;
  dueSoon: number;
  deadlinesComing: number;
  /** Lines with any reason, most urgent first (overdue, then the nearest day), at most `limit`. */
  lines: LineRisk[];
}

/** Counts and the most urgent lines of those given. */
export function summarizeRisks(risks: readonly LineRisk[], limit: number): RiskSummary {
  const flagged = risks.filter((r) => r.promise !== null || r.deadline !== null);
  const urgency = (r: LineRisk) =>
    Math.min(
      r.dueOn && r.promise ? dayNumber(r.dueOn) : Infinity,
      r.deadline ? dayNumber(r.deadline.shipBy) : Infinity,
    );
  flagged.sort((a, b) => urgency(a) - urgency(b) || a.lineItemId.localeCompare(b.lineItemId));
  return {
    overdue: flagged.filter((r) => r.promise === "overdue").length,
    dueSoon: flagged.filter((r) => r.promise === "due_soon").length,
    deadlinesComing: flagged.filter((r) => r.deadline !== null).length,
    lines: flagged.slice(0, limit),
  };
}

const dayNumber = (d: CalendarDate) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
