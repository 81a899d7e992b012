import {
  assessCompliance,
  type ComplianceAssessment,
  type DelayConsent,
  type DelayNotice,
  type Jurisdiction,
} from "../compliance/index.js";
import type { CalendarDate, Eta } from "../eta/index.js";

/** What the law asks of one waiting line today, under every jurisdiction the shop picked. */
export type DeadlineStep =
  | { kind: "none" }
  /** A first delay notice is due (no stated date was kept, e.g. the 30-day default passed its reasonable basis). */
  | { kind: "delay_notice"; noticeBy: CalendarDate }
  /** US: the revised date will be missed too; a renewed notice before it, asking for express consent. */
  | { kind: "renewed_notice"; deadline: CalendarDate }
  /** The deadline passed without consent: cancel and refund (automatic) or ask the merchant. */
  | { kind: "deadline_reached"; jurisdiction: Jurisdiction; deadline: CalendarDate | null };

export interface DeadlineInput {
  jurisdictions: readonly Jurisdiction[];
  orderedOn: CalendarDate;
  /** The purchase promise. */
  promised: Eta;
  /** The ETA now. */
  current: Eta;
  today: CalendarDate;
  notices: readonly DelayNotice[];
  consents: readonly DelayConsent[];
  transitDays: number;
}

/**
 * The strictest step across the jurisdictions: a reached deadline first, then a renewed notice, then a delay notice.
 * Each assessment is the compliance domain's (domain/compliance/delivery-law.ts).
 */
export function deadlineStep(input: DeadlineInput): {
  step: DeadlineStep;
  assessments: ComplianceAssessment[];
} {
  const assessments = input.jurisdictions.map((jurisdiction) =>
    assessCompliance({
      jurisdiction,
      orderedOn: input.orderedOn,
      promised: input.promised,
      current: input.current,
      today: input.today,
      notices: input.notices,
      consents: input.consents,
      transitDays: input.transitDays,
    }),
  );
  const reached = assessments.find(
    (a) => a.action === "cancel_and_refund" || a.action === "customer_may_terminate",
  );
  if (reached)
    return {
      step: { kind: "deadline_reached", jurisdiction: reached.jurisdiction, deadline: reached.deadline },
      assessments,
    };
  const renewed = assessments.find((a) => a.action === "send_renewed_notice" && a.deadline !== null);
  if (renewed?.deadline) return { step: { kind: "renewed_notice", deadline: renewed.deadline }, assessments };
  const first = assessments.find((a) => a.action === "send_delay_notice" && a.noticeBy !== null);
  if (first?.noticeBy) return { step: { kind: "delay_notice", noticeBy: first.noticeBy }, assessments };
  return { step: { kind: "none" }, assessments };
}

/** The most attempts at an automatic deadline cancel before the merchant is asked to act on the line. */
export const DEADLINE_CANCEL_ATTEMPTS = 3;
/** The wait after a failed attempt grows with the attempts: one care pass (hourly by default) later, then two. */
export const DEADLINE_CANCEL_BACKOFF_MS = 30 * 60_000;

export interface FailedCancel {
  /** Attempts made so far (at least 1). */
  attempts: number;
  /** false: the failure will not go away by itself (Shopify refused the refund, the line is gone). */
  transient: boolean;
  /** When the last attempt was claimed. */
  lastAt: Date;
  now: Date;
}

/**
 * What to do with a failed automatic deadline cancel: try again once the back-off has passed, wait, or give up and
 * put the line on the merchant's to-do list (a non-transient failure, or the last attempt failed).
 */
export function failedCancelStep(f: FailedCancel): "retry" | "wait" | "give_up" {
  if (!f.transient || f.attempts >= DEADLINE_CANCEL_ATTEMPTS) return "give_up";
  const elapsed = f.now.getTime() - f.lastAt.getTime();
  return elapsed >= DEADLINE_CANCEL_BACKOFF_MS * f.attempts ? "retry" : "wait";
}
