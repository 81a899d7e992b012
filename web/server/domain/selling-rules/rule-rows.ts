import type { EtaSourceConfig } from "../eta/index.js";
import { scopeTarget, type RuleScope, type SellingRule, type SellingRuleSettings } from "./types.js";

/**
 * Backorder rules as spreadsheet rows (the admin's CSV export and import): one rule per row, every column a plain
 * value a merchant can edit. An exported file imports back unchanged. Cells are strings here; the CSV text itself
 * (quoting, the formula guard) is the adapters' business.
 */
export const RULE_COLUMNS = [
  "scope",
  "target",
  "priority",
  "mode",
  "cap",
  "eta_source",
  "eta_from",
  "eta_to",
  "lead_time_min_days",
  "lead_time_max_days",
  "handling_days",
  "max_lead_time_days",
  "require_eta",
] as const;

export type RuleColumn = (typeof RULE_COLUMNS)[number];
export type RuleRow = Record<RuleColumn, string | number | boolean | null>;

/** What a rule row describes; id and updatedAt are storage's. */
export interface RuleRowInput {
  scope: RuleScope;
  priority: number;
  settings: SellingRuleSettings;
}

export interface RuleRowProblem {
  column: RuleColumn | "row";
  message: string;
}

export function ruleToRow(rule: Pick<SellingRule, "scope" | "priority" | "settings">): RuleRow {
  const { settings } = rule;
  const eta = settings.etaSource;
  return {
    scope: rule.scope.kind,
    target: scopeTarget(rule.scope),
    priority: rule.priority,
    mode: settings.mode,
    cap: settings.cap,
    eta_source: eta.kind,
    eta_from: eta.kind === "fixed" ? eta.from : null,
    eta_to: eta.kind === "fixed" ? eta.to : null,
    lead_time_min_days: eta.kind === "lead_time" ? eta.minBusinessDays : null,
    lead_time_max_days: eta.kind === "lead_time" ? eta.maxBusinessDays : null,
    handling_days: settings.handlingDays,
    max_lead_time_days: settings.maxLeadTimeDays,
    require_eta: settings.requireEta,
  };
}

const SCOPES = new Set(["variant", "product", "collection", "tag", "vendor", "shop"]);
const MODES = new Set(["off", "when_out_of_stock", "always"]);
const SOURCES = new Set(["incoming", "supplier_feed", "fixed", "lead_time"]);
const YES = new Set(["true", "yes", "1"]);
const NO = new Set(["false", "no", "0", ""]);

/**
 * One row back into a rule, with every problem of the row at once. Columns are looked up by name (any order; extra
 * columns ignored); blank optional cells take the editor's defaults (priority 0, no cap, one handling day, no lead
 * time limit, no ETA required). Deeper checks (real GIDs and dates, a window that ends after it starts) are
 * validateSellingRule's.
 */
export function ruleFromRow(
  cells: Partial<Record<string, string>>,
): { ok: true; rule: RuleRowInput } | { ok: false; problems: RuleRowProblem[] } {
  const problems: RuleRowProblem[] = [];
  const cell = (column: RuleColumn) => (cells[column] ?? "").trim();
  const int = (column: RuleColumn, fallback: number | null): number | null => {
    const text = cell(column);
    if (text === "") return fallback;
    if (!/^\d{1,9}$/.test(text)) {
      problems.push({ column, message: `expected a whole number ≥ 0, got "${text}"` });
      return fallback;
    }
    return Number(text);
  };
  const oneOf = (column: RuleColumn, allowed: Set<string>): string => {
    const text = cell(column).toLowerCase();
    if (!allowed.has(text)) {
      problems.push({ column, message: `expected one of ${[...allowed].join(", ")}, got "${cell(column)}"` });
    }
    return text;
  };

  const scope = scopeOf(oneOf("scope", SCOPES), cell("target"), problems);
  const mode = oneOf("mode", MODES) as SellingRuleSettings["mode"];
  const source = oneOf("eta_source", SOURCES);
  const etaSource = etaSourceOf(source, cell, int, problems);
  const requireEta = cell("require_eta").toLowerCase();
  if (!YES.has(requireEta) && !NO.has(requireEta)) {
    problems.push({ column: "require_eta", message: `expected true or false, got "${cell("require_eta")}"` });
  }
  const settings: SellingRuleSettings = {
    mode,
    cap: int("cap", null),
    etaSource: etaSource ?? { kind: "incoming" },
    handlingDays: int("handling_days", 1) ?? 1,
    maxLeadTimeDays: int("max_lead_time_days", null),
    requireEta: YES.has(requireEta),
  };
  const priority = int("priority", 0) ?? 0;
  if (problems.length > 0 || !scope) return { ok: false, problems };
  return { ok: true, rule: { scope, priority, settings } };
}

function scopeOf(kind: string, target: string, problems: RuleRowProblem[]): RuleScope | null {
  const needsTarget = () => {
    if (target !== "") return false;
    problems.push({ column: "target", message: `a ${kind} rule needs a target` });
    return true;
  };
  switch (kind) {
    case "shop":
      if (target !== "") problems.push({ column: "target", message: "the shop default has no target" });
      return { kind: "shop" };
    case "variant":
      return needsTarget() ? null : { kind, variantId: target as never };
    case "product":
      return needsTarget() ? null : { kind, productId: target as never };
    case "collection":
      return needsTarget() ? null : { kind, collectionId: target as never };
    case "tag":
      return needsTarget() ? null : { kind, tag: target };
    case "vendor":
      return needsTarget() ? null : { kind, vendor: target };
    default:
      return null;
  }
}

function etaSourceOf(
  source: string,
  cell: (column: RuleColumn) => string,
  int: (column: RuleColumn, fallback: number | null) => number | null,
  problems: RuleRowProblem[],
): EtaSourceConfig | null {
  switch (source) {
    case "incoming":
    case "supplier_feed":
      return { kind: source };
    case "fixed": {
      const from = cell("eta_from");
      // A single date may be written once: eta_to defaults to eta_from.
      const to = cell("eta_to") || from;
      if (from === "")
        problems.push({ column: "eta_from", message: "a fixed ETA needs a date (YYYY-MM-DD)" });
      return { kind: "fixed", from: from as never, to: to as never };
    }
    case "lead_time": {
      const min = int("lead_time_min_days", null);
      const max = int("lead_time_max_days", min);
      if (min === null) {
        problems.push({
          column: "lead_time_min_days",
          message: "a lead time needs a number of business days",
        });
      }
      return { kind: "lead_time", minBusinessDays: min ?? 0, maxBusinessDays: max ?? min ?? 0 };
    }
    default:
      return null;
  }
}
