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
