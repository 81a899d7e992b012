import { REPEAT_WINDOW_MS, type AlertCandidate } from "./facts.js";
import type { AlertKind } from "./settings.js";

/** What is stored of an earlier occurrence of the same condition. */
export interface PriorOccurrence {
  id: string;
  eventKey: string;
  detectedAt: Date;
  resolvedAt: Date | null;
}

export type RaiseDecision =
  /** A new occurrence: store it (the unique event key still guards against a racing check). */
  | { action: "open" }
  /** The condition returned within the repeat window: the earlier alert is open again, nothing new is sent. */
  | { action: "reopen"; id: string }
  /** Already known (open, or this very occurrence was stored): nothing to do. */
  | { action: "skip" };

/**
 * Whether a found fact is a new alert. `prior` are the stored occurrences of the same subject (any order).
 * - one still open: the condition holds, it was told already;
 * - one with the same event key: this occurrence was stored (a repeated webhook, a second check);
 * - one detected within the kind's repeat window: it is the same occurrence coming back;
 * - otherwise: new.
 */
export function decideRaise(
  candidate: AlertCandidate,
  prior: readonly PriorOccurrence[],
  now: Date,
): RaiseDecision {
  if (prior.some((p) => p.resolvedAt === null)) return { action: "skip" };
  if (prior.some((p) => p.eventKey === candidate.eventKey)) return { action: "skip" };
  const window = REPEAT_WINDOW_MS[candidate.kind];
  const recent = prior
    .filter((p) => now.getTime() - p.detectedAt.getTime() < window)
    .sort((a, b) => b.detectedAt.getTime() - a.detectedAt.getTime())[0];
  return recent ? { action: "reopen", id: recent.id } : { action: "open" };
}

/**
 * Open alerts of the checked kinds whose condition no longer holds: a scan found every current subject of those
 * kinds, so an open alert it did not find has cleared.
 */
export function clearedAlerts(
  open: readonly { id: string; kind: AlertKind; subject: string }[],
  checkedKinds: readonly AlertKind[],
  currentSubjects: ReadonlySet<string>,
): string[] {
  return open
    .filter((a) => checkedKinds.includes(a.kind) && !currentSubjects.has(a.subject))
    .map((a) => a.id);
}
