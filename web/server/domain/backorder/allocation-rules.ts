import { InvalidValueError } from "../shared/errors.js";
import { DEFAULT_ALLOCATION_RULES, type AllocationRules, type BackorderLine } from "./types.js";

/** Fills the defaults and checks the merchant's rules; throws InvalidValueError naming the first bad field. */
export function resolveAllocationRules(rules: Partial<AllocationRules> = {}): AllocationRules {
  const resolved: AllocationRules = { ...DEFAULT_ALLOCATION_RULES, ...rules };
  if (
    !Array.isArray(resolved.priorityTags) ||
    resolved.priorityTags.some((t) => typeof t !== "string" || !t.trim())
  ) {
    throw new InvalidValueError("rules.priorityTags", "expected a list of non-empty tags");
  }
  if (resolved.partial !== "allow" && resolved.partial !== "never") {
    throw new InvalidValueError("rules.partial", 'expected "allow" or "never"');
  }
  if (!Number.isSafeInteger(resolved.minPartialUnits) || resolved.minPartialUnits < 1) {
    throw new InvalidValueError("rules.minPartialUnits", "expected an integer >= 1");
  }
  const max = resolved.maxPartialAllocations;
  if (max !== null && (!Number.isSafeInteger(max) || max < 0)) {
    throw new InvalidValueError("rules.maxPartialAllocations", "expected null or an integer >= 0");
  }
  return { ...resolved, priorityTags: resolved.priorityTags.map(normaliseTag) };
}

/** Shopify compares tags case-insensitively and trims them. */
export function normaliseTag(tag: string): string {
  return tag.trim().toLowerCase();
}

/**
 * 0 for a line carrying the first priority tag, 1 for the second, …; `priorityTags.length` for none.
 * `normalisedTags` must come from `resolveAllocationRules`.
 */
export function tagRank(line: Pick<BackorderLine, "tags">, normalisedTags: readonly string[]): number {
  let best = normalisedTags.length;
  if (best === 0) return 0;
  for (const tag of line.tags) {
    const rank = normalisedTags.indexOf(normaliseTag(tag));
    if (rank !== -1 && rank < best) best = rank;
  }
  return best;
}

/** May a line that still waits `waiting` units receive `units` of them under the rules? */
export function mayReceive(
  rules: AllocationRules,
  line: Pick<BackorderLine, "partialAllocations">,
  waiting: number,
  units: number,
): boolean {
  if (units <= 0) return false;
  if (units >= waiting) return true;
  return (
    rules.partial === "allow" &&
    units >= rules.minPartialUnits &&
    (rules.maxPartialAllocations === null || line.partialAllocations < rules.maxPartialAllocations)
  );
}
