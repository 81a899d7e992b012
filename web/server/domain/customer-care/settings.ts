import type { Jurisdiction } from "../compliance/index.js";

/** The messages Waitwell sends a customer; each can be turned off by the merchant. */
export const MESSAGE_KINDS = [
  "confirmation",
  "delay",
  "renewed",
  "ready",
  "accepted",
  "cancelled",
  "swapped",
  "incentive",
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const JURISDICTIONS: readonly Jurisdiction[] = ["US", "EU", "UK"];

/**
 * What a shop decides about the customer side. `law`: the delivery rules that apply (several when it sells into
 * several markets; the strictest deadline wins) and what happens on a line's deadline without consent ("automatic":
 * cancel and refund the waiting units; "ask_me": put it on the merchant's to-do list).
 */
export interface CareSettings {
  /** #rrggbb, the buttons and headings of the emails and the self-service page. */
  brandColor: string;
  messages: Record<MessageKind, boolean>;
  law: { jurisdictions: Jurisdiction[]; mode: "automatic" | "ask_me"; transitDays: number };
  /**
   * A swap to a dearer substitute never charges the customer more (the merchant absorbs it); a cheaper one is refunded
   * ("refund") or not ("keep").
   */
  swapPriceDifference: "refund" | "keep";
  /** Days a self-service link stays valid. */
  linkValidityDays: number;
  /** A single-use discount for customers who waited `afterDays`; off by default. */
  incentive: { enabled: boolean; afterDays: number; percentage: number };
}

export const DEFAULT_CARE_SETTINGS: CareSettings = {
  brandColor: "#1f5199",
  messages: {
    confirmation: true,
    delay: true,
    renewed: true,
    ready: true,
    accepted: true,
    cancelled: true,
    swapped: true,
    incentive: true,
  },
  law: { jurisdictions: ["US"], mode: "ask_me", transitDays: 0 },
  swapPriceDifference: "refund",
  linkValidityDays: 60,
  incentive: { enabled: false, afterDays: 21, percentage: 10 },
};

/** A partial update, as the API receives it (already shape-checked); returns the problems or the merged settings. */
export function mergeCareSettings(
  current: CareSettings,
  patch: DeepPartial<CareSettings>,
): { ok: true; settings: CareSettings } | { ok: false; problems: string[] } {
  const next: CareSettings = {
    ...current,
    ...(patch.brandColor !== undefined ? { brandColor: patch.brandColor } : {}),
    ...(patch.swapPriceDifference !== undefined ? { swapPriceDifference: patch.swapPriceDifference } : {}),
    ...(patch.linkValidityDays !== undefined ? { linkValidityDays: patch.linkValidityDays } : {}),
    messages: { ...current.messages, ...stripUndefined(patch.messages ?? {}) },
    law: {
      ...current.law,
      ...stripUndefined({
        mode: patch.law?.mode,
        transitDays: patch.law?.transitDays,
        jurisdictions: patch.law?.jurisdictions as Jurisdiction[] | undefined,
      }),
    },
    incentive: { ...current.incentive, ...stripUndefined(patch.incentive ?? {}) },
  };
  const problems = validateCareSettings(next);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings: next };
}

export function validateCareSettings(s: CareSettings): string[] {
  const problems: string[] = [];
  if (!/^#[0-9a-fA-F]{6}$/.test(s.brandColor)) problems.push("brandColor: expected #rrggbb");
  if (new Set(s.law.jurisdictions).size !== s.law.jurisdictions.length)
    problems.push("law.jurisdictions: each at most once");
  for (const j of s.law.jurisdictions)
    if (!JURISDICTIONS.includes(j)) problems.push(`law.jurisdictions: unknown ${String(j)}`);
  if (!Number.isSafeInteger(s.law.transitDays) || s.law.transitDays < 0 || s.law.transitDays > 60)
    problems.push("law.transitDays: an integer from 0 to 60");
  if (!Number.isSafeInteger(s.linkValidityDays) || s.linkValidityDays < 1 || s.linkValidityDays > 365)
    problems.push("linkValidityDays: an integer from 1 to 365");
  const { afterDays, percentage } = s.incentive;
  if (!Number.isSafeInteger(afterDays) || afterDays < 1 || afterDays > 365)
    problems.push("incentive.afterDays: an integer from 1 to 365");
  if (!Number.isSafeInteger(percentage) || percentage < 1 || percentage > 100)
    problems.push("incentive.percentage: an integer from 1 to 100");
  return problems;
}

/** Reads stored settings; whatever is missing or invalid falls back to the default, key by key. */
export function parseCareSettings(value: unknown): CareSettings {
  if (typeof value !== "object" || value === null) return DEFAULT_CARE_SETTINGS;
  const merged = mergeCareSettings(DEFAULT_CARE_SETTINGS, value as DeepPartial<CareSettings>);
  return merged.ok ? merged.settings : DEFAULT_CARE_SETTINGS;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
