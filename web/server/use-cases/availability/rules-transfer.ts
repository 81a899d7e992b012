import {
  SCOPE_PRECEDENCE,
  ruleFromRow,
  ruleToRow,
  validateSellingRule,
  type RuleRow,
  type SellingRule,
} from "../../domain/selling-rules/index.js";
import type { Clock, Logger, ShopDomain } from "../ports.js";
import type { AvailabilityRepository, RuleCsvParser, SellingRuleInput, SyncRequester } from "./ports.js";
import { scopeKey } from "./rule-scope.js";

export interface RulesTransferDeps {
  repository: AvailabilityRepository;
  parse: RuleCsvParser;
  clock: Clock;
  logger: Logger;
  requestSync: SyncRequester;
}

export interface RuleImportError {
  /** The file's row number (the header is row 1). */
  row: number;
  /** A column name, or "row" for the row as a whole. */
  field: string;
  message: string;
}

export interface RuleImportPlanRow {
  row: number;
  /** `update`: the shop has a rule for this scope, which the row replaces. */
  action: "create" | "update";
  rule: SellingRuleInput;
}

export type RuleImportResult =
  | { ok: true; dryRun: boolean; rows: RuleImportPlanRow[]; created: number; updated: number }
  | { ok: false; rows: number; errors: RuleImportError[] };

/**
 * Backorder rules in and out of a spreadsheet. Export: every rule of the shop, most specific scope first. Import: every
 * row is checked (its cells, then the rule as a whole, then that no two rows name one scope); any problem and nothing
 * is written, the report listing every problem of every row. A good file replaces the shop's rules of the scopes it
 * names (others are kept) in one transaction; a dry run stops after the checks and says what would change.
 */
export function createRulesTransfer(deps: RulesTransferDeps) {
  const { repository, clock } = deps;

  return {
    async exportRows(shop: ShopDomain): Promise<RuleRow[]> {
      return sortForExport(await repository.listRules(shop)).map(ruleToRow);
    },

    async import(shop: ShopDomain, input: { csv: string; dryRun: boolean }): Promise<RuleImportResult> {
      const { records, firstRow } = deps.parse(input.csv);
      const errors: RuleImportError[] = [];
      const valid: { row: number; rule: SellingRuleInput }[] = [];
      const seen = new Map<string, number>();
      const now = clock.now();
      records.forEach((record, i) => {
        const row = firstRow + i;
        const parsed = ruleFromRow(record);
        if (!parsed.ok) {
          errors.push(...parsed.problems.map((p) => ({ row, field: p.column, message: p.message })));
          return;
        }
        const problems = validateSellingRule({ id: "import", updatedAt: now, ...parsed.rule });
        if (problems.length > 0) {
          errors.push(...problems.map((p) => ({ row, field: columnOf(p.field), message: p.message })));
          return;
        }
        const key = scopeKey(parsed.rule.scope);
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          errors.push({ row, field: "target", message: `row ${earlier} already has a rule for this scope` });
          return;
        }
        seen.set(key, row);
        valid.push({ row, rule: parsed.rule });
      });
      if (errors.length > 0) return { ok: false, rows: records.length, errors };

      const existing = new Set((await repository.listRules(shop)).map((r) => scopeKey(r.scope)));
      const rows = valid.map(({ row, rule }) => ({
        row,
        action: existing.has(scopeKey(rule.scope)) ? ("update" as const) : ("create" as const),
        rule,
      }));
      const planned = { created: rows.filter((r) => r.action === "create").length };
      if (input.dryRun) {
        return {
          ok: true,
          dryRun: true,
          rows,
          created: planned.created,
          updated: rows.length - planned.created,
        };
      }
      const counts = await repository.importRules(
        shop,
        rows.map((r) => r.rule),
        clock.now(),
      );
      deps.logger.info("rules imported", { shop, ...counts });
      deps.requestSync(shop, "all");
      return { ok: true, dryRun: false, rows, ...counts };
    },
  };
}

export type RulesTransfer = ReturnType<typeof createRulesTransfer>;

/** validateSellingRule names fields by path ("scope.variantId", "settings.etaSource.from"); the file has columns. */
function columnOf(field: string): string {
  if (field.startsWith("scope")) return "target";
  const map: Record<string, string> = {
    priority: "priority",
    "settings.mode": "mode",
    "settings.cap": "cap",
    "settings.etaSource.from": "eta_from",
    "settings.etaSource.to": "eta_to",
    "settings.etaSource.minBusinessDays": "lead_time_min_days",
    "settings.etaSource.maxBusinessDays": "lead_time_max_days",
    "settings.handlingDays": "handling_days",
    "settings.maxLeadTimeDays": "max_lead_time_days",
    "settings.requireEta": "require_eta",
  };
  return map[field] ?? (field.startsWith("settings.etaSource") ? "eta_source" : field);
}

/** Most specific scope first, then by target and priority, so two exports of the same rules are the same file. */
function sortForExport(rules: SellingRule[]): SellingRule[] {
  const rank = (r: SellingRule) => SCOPE_PRECEDENCE.indexOf(r.scope.kind);
  return [...rules].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      scopeKey(a.scope).localeCompare(scopeKey(b.scope)) ||
      a.priority - b.priority ||
      a.id.localeCompare(b.id),
  );
}
