/**
 * Backorder rules, their preview and CSV, the picker's product search, and substitutes (/api/rules, /api/catalog,
 * /api/variants/:id/substitutes). Shapes come from the routes' zod schemas and the use cases' result types (type-only
 * imports: nothing of the server reaches the bundle).
 */
import type { z } from "zod";
import type { ruleBody, ruleImportQuery } from "../../server/http/routes/rules.schemas.js";
import type { substitutesBody } from "../../server/http/routes/substitutes.schemas.js";
import type { PickerProduct } from "../../server/use-cases/availability/ports.js";
import type { RulePreview } from "../../server/use-cases/availability/rule-preview.js";
import type {
  RuleImportError,
  RuleImportPlanRow,
} from "../../server/use-cases/availability/rules-transfer.js";
import type { SubstitutesOverview } from "../../server/use-cases/availability/substitutes-overview.js";
import type { ApiClient } from "./client";

/** A rule as the editor sends it (POST /api/rules, PUT /api/rules/:id, POST /api/rules/preview). */
export type RuleInput = z.output<typeof ruleBody>;
export type RuleScope = RuleInput["scope"];
export type RuleScopeKind = RuleScope["kind"];
export type RuleSettings = RuleInput["settings"];
export type EtaSourceInput = RuleSettings["etaSource"];

/** A saved rule (GET /api/rules). */
export type Rule = RuleInput & { id: string; updatedAt: string };

/** GET /api/rules: the rules, and the titles of the products and variants they name. */
export interface RulesList {
  rules: Rule[];
  titles: Record<string, string>;
}

export type { RulePreview, PickerProduct, SubstitutesOverview, RuleImportError };
export type PreviewVariant = RulePreview["variants"][number];

/** POST /api/rules/import: what a good file does (or would do, in a dry run). */
export interface RuleImportOutcome {
  imported: boolean;
  dryRun: boolean;
  rows: (Omit<RuleImportPlanRow, "rule"> & { rule: RuleInput })[];
  created: number;
  updated: number;
}
export type RuleImportOptions = z.input<typeof ruleImportQuery>;

/** What the page edits and sends: the request body as JSON carries it (ids as strings; the server parses them). */
export type SubstituteChoices = Required<z.input<typeof substitutesBody>>;

export interface RulesApi {
  listRules(signal?: AbortSignal): Promise<RulesList>;
  getRule(id: string, signal?: AbortSignal): Promise<Rule>;
  createRule(rule: RuleInput): Promise<Rule>;
  updateRule(id: string, rule: RuleInput): Promise<Rule>;
  deleteRule(id: string): Promise<void>;
  /** What the rule would govern and show, before it is saved; `ruleId` when it edits a saved rule. */
  previewRule(rule: RuleInput, ruleId?: string): Promise<RulePreview>;
  exportRules(): Promise<Blob>;
  /** A file with any bad row is an ApiError 422 whose details carry `errors` (row, field, message). */
  importRules(csv: string, dryRun: boolean): Promise<RuleImportOutcome>;
  searchProducts(
    query: string,
    after: string | null,
    signal?: AbortSignal,
  ): Promise<{ products: PickerProduct[]; nextCursor: string | null }>;

  getSubstitutes(variantId: string, signal?: AbortSignal): Promise<SubstitutesOverview>;
  saveSubstitutes(variantId: string, choices: SubstituteChoices): Promise<unknown>;
  /** What Waitwell concludes for the variant now (state, ETA); the substitutes page reads the storefront state. */
  getVariantAvailability(
    variantId: string,
    signal?: AbortSignal,
  ): Promise<{ availability: { state: "in_stock" | "backorder" | "sold_out" } }>;
}

const ruleUrl = (id: string) => `/api/rules/${encodeURIComponent(id)}`;
const substitutesUrl = (variantId: string) => `/api/variants/${encodeURIComponent(variantId)}/substitutes`;

export function createRulesApi(client: ApiClient): RulesApi {
  return {
    listRules: (signal) => client.request("/api/rules", { signal }),
    getRule: (id, signal) => client.request(ruleUrl(id), { signal }),
    createRule: (rule) => client.request("/api/rules", { method: "POST", body: rule }),
    updateRule: (id, rule) => client.request(ruleUrl(id), { method: "PUT", body: rule }),
    deleteRule: (id) => client.request(ruleUrl(id), { method: "DELETE" }),
    previewRule: (rule, ruleId) =>
      client.request("/api/rules/preview", { method: "POST", body: ruleId ? { ...rule, ruleId } : rule }),
    exportRules: () => client.download("/api/rules.csv"),
    importRules: (csv, dryRun) =>
      client.request("/api/rules/import", {
        method: "POST",
        query: { dryRun: dryRun ? "1" : undefined },
        raw: { data: csv, type: "text/csv" },
      }),
    searchProducts: (query, after, signal) =>
      client.request("/api/catalog/products", { query: { query, after }, signal }),
    getSubstitutes: (variantId, signal) =>
      client.request(`${substitutesUrl(variantId)}/overview`, { signal }),
    getVariantAvailability: (variantId, signal) =>
      client.request(`/api/variants/${encodeURIComponent(variantId)}/availability`, { signal }),
    saveSubstitutes: (variantId, choices) =>
      client.request(substitutesUrl(variantId), { method: "PUT", body: choices }),
  };
}
