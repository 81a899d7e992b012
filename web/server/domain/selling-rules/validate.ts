import { isCalendarDate } from "../eta/index.js";
import { InvalidValueError } from "../shared/errors.js";
import { parseGid } from "../shared/gid.js";
import { toEpochMs } from "../shared/instant.js";
import type { SellingRule, RuleScope, SellingRuleSettings } from "./types.js";

export interface SellingRuleProblem {
  field: string;
  message: string;
}

const MODES = new Set(["off", "when_out_of_stock", "always"]);
/** A year of handling or lead time is a typo, not a plan; it also bounds the day-by-day business day walk. */
const MAX_DAYS = 365;

/**
 * Every problem with a rule at once (empty when valid), so the admin can show them all. The HTTP layer checks the
 * shape with zod; this checks what zod cannot see: real GIDs and dates, a window that ends after it starts.
 */
export function validateSellingRule(rule: SellingRule): SellingRuleProblem[] {
  const problems: SellingRuleProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  if (typeof rule.id !== "string" || rule.id.trim() === "") problem("id", "expected a non-empty id");
  checkScope(rule.scope, problem);
  if (!Number.isSafeInteger(rule.priority) || rule.priority < 0)
    problem("priority", "expected an integer >= 0");
  try {
    toEpochMs(rule.updatedAt, "updatedAt");
  } catch {
    problem("updatedAt", "expected an ISO 8601 time with a zone");
  }
  checkSettings(rule.settings, problem);
  return problems;
}

/** Throws InvalidValueError (a 400 at the edge) listing every problem. */
export function assertValidSellingRule(rule: SellingRule): void {
  const problems = validateSellingRule(rule);
  const first = problems[0];
  if (first)
    throw new InvalidValueError(first.field, problems.map((p) => `${p.field}: ${p.message}`).join("; "));
}

function checkScope(scope: RuleScope, problem: (field: string, message: string) => void): void {
  const gid = (resource: string, value: unknown, field: string) => {
    try {
      parseGid(resource, value, field);
    } catch {
      problem(field, `expected a gid://shopify/${resource}/<id>`);
    }
  };
  switch (scope.kind) {
    case "variant":
      return gid("ProductVariant", scope.variantId, "scope.variantId");
    case "product":
      return gid("Product", scope.productId, "scope.productId");
    case "collection":
      return gid("Collection", scope.collectionId, "scope.collectionId");
    case "tag":
      if (typeof scope.tag !== "string" || scope.tag.trim() === "")
        problem("scope.tag", "expected a non-empty tag");
      return;
    case "vendor":
      if (typeof scope.vendor !== "string" || scope.vendor.trim() === "")
        problem("scope.vendor", "expected a non-empty vendor");
      return;
    case "shop":
      return;
    default:
      problem("scope.kind", "expected variant, product, collection, tag, vendor or shop");
  }
}

function checkSettings(
  settings: SellingRuleSettings,
  problem: (field: string, message: string) => void,
): void {
  const days = (value: unknown, field: string, nullable = false) => {
    if (nullable && value === null) return;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > MAX_DAYS) {
      problem(field, `expected ${nullable ? "null or " : ""}an integer from 0 to ${MAX_DAYS}`);
    }
  };
  if (!MODES.has(settings.mode)) problem("settings.mode", "expected off, when_out_of_stock or always");
  if (settings.cap !== null && (!Number.isSafeInteger(settings.cap) || settings.cap < 0)) {
    problem("settings.cap", "expected null or an integer >= 0");
  }
  days(settings.handlingDays, "settings.handlingDays");
  days(settings.maxLeadTimeDays, "settings.maxLeadTimeDays", true);
  if (typeof settings.requireEta !== "boolean") problem("settings.requireEta", "expected true or false");

  const source = settings.etaSource;
  switch (source.kind) {
    case "incoming":
    case "supplier_feed":
      return;
    case "fixed": {
      const fromOk = isCalendarDate(source.from);
      const toOk = isCalendarDate(source.to);
      if (!fromOk) problem("settings.etaSource.from", "expected a date as YYYY-MM-DD");
      if (!toOk) problem("settings.etaSource.to", "expected a date as YYYY-MM-DD");
      if (fromOk && toOk && source.to < source.from)
        problem("settings.etaSource.to", "must not be before from");
      return;
    }
    case "lead_time":
      days(source.minBusinessDays, "settings.etaSource.minBusinessDays");
      days(source.maxBusinessDays, "settings.etaSource.maxBusinessDays");
      if (source.maxBusinessDays < source.minBusinessDays) {
        problem("settings.etaSource.maxBusinessDays", "must be >= minBusinessDays");
      }
      return;
    default:
      problem("settings.etaSource.kind", "expected incoming, supplier_feed, fixed or lead_time");
  }
}
