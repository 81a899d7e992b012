import type { AlertKind } from "./settings.js";

/**
 * What an alert says, per kind: the facts the admin list and the emails show. Stored as the alert's `detail`.
 */
export interface CapReachedDetail {
  variantId: string;
  title: string;
  sku: string | null;
  /** The rule's cap; null when the evaluation did not carry it. */
  cap: number | null;
  waitingUnits: number;
}

export interface PromiseAtRiskDetail {
  lineItemId: string;
  orderId: string;
  orderName: string | null;
  title: string;
  units: number;
  /** overdue: the promised day passed; due_soon: within AT_RISK_BUSINESS_DAYS business days. */
  state: "overdue" | "due_soon";
  dueOn: string;
}

export interface LegalDeadlineDetail {
  lineItemId: string;
  orderId: string;
  orderName: string | null;
  title: string;
  units: number;
  jurisdiction: string;
  shipBy: string;
  daysLeft: number;
  /** What the law asks now (domain/compliance's action). */
  action: string;
}

export interface WebhookDeadDetail {
  inboxId: string;
  topic: string;
  webhookId: string;
  error: string | null;
}

export type AlertDetail =
  | { kind: "cap_reached"; detail: CapReachedDetail }
  | { kind: "promise_at_risk"; detail: PromiseAtRiskDetail }
  | { kind: "legal_deadline"; detail: LegalDeadlineDetail }
  | { kind: "webhook_dead"; detail: WebhookDeadDetail };

/** A fact found by a check, before it is stored: `subject` names the condition, `eventKey` this occurrence. */
export type AlertCandidate = AlertDetail & { subject: string; eventKey: string };

/**
 * How long a condition that cleared counts as the same occurrence if it returns: a cap reached, freed by a
 * cancellation and reached again within the hour is one alert (the merchant is not told twice).
 */
export const REPEAT_WINDOW_MS: Record<AlertKind, number> = {
  cap_reached: 60 * 60 * 1000,
  promise_at_risk: 0,
  legal_deadline: 0,
  webhook_dead: 0,
};

/**
 * A variant at its cap. The key carries the instant: a cap reached again after the repeat window is a new
 * occurrence (dedupe.ts decides whether it is one).
 */
export function capReached(detail: CapReachedDetail, at: Date): AlertCandidate {
  const subject = `cap:${detail.variantId}`;
  return { kind: "cap_reached", detail, subject, eventKey: `${subject}@${at.toISOString()}` };
}

/** A line's promise at risk: one occurrence per promised day (a new agreed date that is also at risk is new). */
export function promiseAtRisk(detail: PromiseAtRiskDetail): AlertCandidate {
  const subject = `promise:${detail.lineItemId}`;
  return { kind: "promise_at_risk", detail, subject, eventKey: `${subject}@${detail.dueOn}` };
}

/** A legal ship-by day coming for a line under one jurisdiction: one occurrence per ship-by day. */
export function legalDeadline(detail: LegalDeadlineDetail): AlertCandidate {
  const subject = `legal:${detail.lineItemId}:${detail.jurisdiction}`;
  return { kind: "legal_deadline", detail, subject, eventKey: `${subject}@${detail.shipBy}` };
}

/**
 * A dead-lettered webhook: the inbox row is the fact. A redelivery of the same webhook is the same row (unique per
 * shop and webhook id), and a replay that dies again is too, so neither makes a second alert.
 */
export function webhookDead(detail: WebhookDeadDetail): AlertCandidate {
  const subject = `webhook:${detail.inboxId}`;
  return { kind: "webhook_dead", detail, subject, eventKey: subject };
}
