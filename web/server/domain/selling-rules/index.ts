/**
 * Backorder rules, pure: which rule governs a variant (most specific scope wins), the inventory policy it should have
 * (CONTINUE / DENY, with the reason), and the minimal per-product writes that bring Shopify there.
 */
export {
  SCOPE_PRECEDENCE,
  type BackorderMode,
  type BackorderRule,
  type CollectionGid,
  type InventoryPolicy,
  type ProductGid,
  type RuleScope,
  type RuleSettings,
  type ScopeKind,
  type VariantFacts,
} from "./types.js";
export { createRuleResolver, resolveRule, type ResolvedRule } from "./resolve.js";
export { assertValidRule, validateRule, type RuleProblem } from "./validate.js";
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
