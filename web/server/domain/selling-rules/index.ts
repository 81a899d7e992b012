/**
 * Selling rules, pure: which rule governs a variant (most specific scope wins), the inventory policy it should have
 * (CONTINUE / DENY, with the reason), and the minimal per-product writes that bring Shopify there.
 */
export {
  SCOPE_PRECEDENCE,
  type BackorderMode,
  type SellingRule,
  type CollectionGid,
  type InventoryPolicy,
  type ProductGid,
  type RuleScope,
  type SellingRuleSettings,
  type ScopeKind,
  type PlainRuleScope,
  scopeTarget,
  type VariantFacts,
} from "./types.js";
export { createSellingRuleResolver, resolveSellingRule, type ResolvedSellingRule } from "./resolve.js";
export { assertValidSellingRule, validateSellingRule, type SellingRuleProblem } from "./validate.js";
export {
  assessVariant,
  decidePolicy,
  type PolicyDecision,
  type PolicyInput,
  type PolicyReason,
  type VariantAssessment,
  type VariantAssessmentInput,
  type VariantStock,
} from "./policy.js";
export {
  planPolicyUpdates,
  type CurrentPolicy,
  type DesiredPolicy,
  type PolicyPlan,
  type ProductPolicyUpdate,
} from "./policy-diff.js";
export {
  RULE_COLUMNS,
  ruleFromRow,
  ruleToRow,
  type RuleColumn,
  type RuleRow,
  type RuleRowInput,
  type RuleRowProblem,
} from "./rule-rows.js";
