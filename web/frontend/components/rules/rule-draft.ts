import { scopeTarget } from "../../../server/domain/selling-rules/types.js";
import type { Rule, RuleInput, RuleScopeKind } from "../../api/rules-api";
import { formatDate } from "../../locales/format";
import { t } from "../../locales/t";

/** How the editor offers the ETA source: a single fixed date and a range are both `fixed` on the server. */
export type EtaKind = "incoming" | "supplier_feed" | "fixed_date" | "date_range" | "lead_time";
export const ETA_KINDS: readonly EtaKind[] = [
  "incoming",
  "supplier_feed",
  "fixed_date",
  "date_range",
  "lead_time",
];
export const SCOPE_KINDS: readonly RuleScopeKind[] = [
  "variant",
  "product",
  "collection",
  "tag",
  "vendor",
  "shop",
];

/** The editor's fields as typed (numbers as text: an empty field means "none"). */
export interface RuleDraft {
  scopeKind: RuleScopeKind;
  /** GID for variant, product, collection; text for tag and vendor; "" for the shop default. */
  target: string;
  /** What the picker said the target is called. */
  targetTitle: string | null;
  priority: string;
  mode: RuleInput["settings"]["mode"];
  cap: string;
  etaKind: EtaKind;
  from: string;
  to: string;
  minDays: string;
  maxDays: string;
  handlingDays: string;
  maxLeadTimeDays: string;
  requireEta: boolean;
}

export const NEW_RULE: RuleDraft = {
  scopeKind: "product",
  target: "",
  targetTitle: null,
  priority: "0",
  mode: "when_out_of_stock",
  cap: "",
  etaKind: "incoming",
  from: "",
  to: "",
  minDays: "5",
  maxDays: "10",
  handlingDays: "1",
  maxLeadTimeDays: "",
  requireEta: false,
};

export function draftOf(rule: Rule, titles: Record<string, string>): RuleDraft {
  const { scope, settings } = rule;
  const eta = settings.etaSource;
  const target = scopeTarget(scope) ?? "";
  return {
    scopeKind: scope.kind,
    target,
    targetTitle: titles[target] ?? null,
    priority: String(rule.priority),
    mode: settings.mode,
    cap: settings.cap === null ? "" : String(settings.cap),
    etaKind: eta.kind === "fixed" ? (eta.from === eta.to ? "fixed_date" : "date_range") : eta.kind,
    from: eta.kind === "fixed" ? eta.from : "",
    to: eta.kind === "fixed" ? eta.to : "",
    minDays: eta.kind === "lead_time" ? String(eta.minBusinessDays) : NEW_RULE.minDays,
    maxDays: eta.kind === "lead_time" ? String(eta.maxBusinessDays) : NEW_RULE.maxDays,
    handlingDays: String(settings.handlingDays),
    maxLeadTimeDays: settings.maxLeadTimeDays === null ? "" : String(settings.maxLeadTimeDays),
    requireEta: settings.requireEta,
  };
}

/** An integer field; "" gives `empty`; anything else not a whole number gives NaN (the server names the field). */
function whole(text: string, empty: number | null): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return empty;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** The rule the server gets. Null when no target is chosen yet (the editor says so before calling the server). */
export function inputOf(d: RuleDraft): RuleInput | null {
  const target = d.target.trim();
  if (d.scopeKind !== "shop" && target === "") return null;
  const scope: RuleInput["scope"] =
    d.scopeKind === "variant"
      ? { kind: "variant", variantId: numericGid("ProductVariant", target) }
      : d.scopeKind === "product"
        ? { kind: "product", productId: numericGid("Product", target) }
        : d.scopeKind === "collection"
          ? { kind: "collection", collectionId: numericGid("Collection", target) }
          : d.scopeKind === "tag"
            ? { kind: "tag", tag: target }
            : d.scopeKind === "vendor"
              ? { kind: "vendor", vendor: target }
              : { kind: "shop" };
  const etaSource: RuleInput["settings"]["etaSource"] =
    d.etaKind === "fixed_date"
      ? { kind: "fixed", from: d.from, to: d.from }
      : d.etaKind === "date_range"
        ? { kind: "fixed", from: d.from, to: d.to }
        : d.etaKind === "lead_time"
          ? {
              kind: "lead_time",
              minBusinessDays: whole(d.minDays, 0) ?? 0,
              maxBusinessDays: whole(d.maxDays, 0) ?? 0,
            }
          : { kind: d.etaKind };
  return {
    scope,
    priority: whole(d.priority, 0) ?? 0,
    settings: {
      mode: d.mode,
      cap: whole(d.cap, null),
      etaSource,
      handlingDays: whole(d.handlingDays, 1) ?? 1,
      maxLeadTimeDays: whole(d.maxLeadTimeDays, null),
      requireEta: d.requireEta,
    },
  };
}

/** "1234" → the GID the server wants; a GID stays as it is. */
function numericGid(resource: string, value: string): string {
  return /^\d+$/.test(value) ? `gid://shopify/${resource}/${value}` : value;
}

/** The ETA source in a few words, for the rules list. */
export function etaSummary(etaSource: RuleInput["settings"]["etaSource"]): string {
  switch (etaSource.kind) {
    case "incoming":
      return t("rules.etaSummary.incoming");
    case "supplier_feed":
      return t("rules.etaSummary.supplier_feed");
    case "fixed":
      return etaSource.from === etaSource.to
        ? t("rules.etaSummary.fixedDate", { date: formatDate(etaSource.from) })
        : t("rules.etaSummary.dateRange", { from: formatDate(etaSource.from), to: formatDate(etaSource.to) });
    case "lead_time":
      return t("rules.etaSummary.leadTime", {
        min: etaSource.minBusinessDays,
        max: etaSource.maxBusinessDays,
      });
  }
}

/** What a rule applies to, as the list shows it: the product or variant title when known. */
export function targetLabel(rule: Rule, titles: Record<string, string>): string {
  if (rule.scope.kind === "shop") return t("rules.shopTarget");
  const target = scopeTarget(rule.scope) ?? "";
  return titles[target] ?? target;
}
