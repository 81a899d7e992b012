/**
 * Delivery law, pure: the deadlines a waiting line must meet under the US FTC Mail, Internet, or Telephone Order Rule
 * and the EU/UK consumer rules, and the notice or consent each one calls for. (GDPR requests are "privacy":
 * use-cases/privacy/.)
 */
export {
  assessCompliance,
  type ComplianceAction,
  type ComplianceAssessment,
  type ComplianceInput,
  type ConsentRequirement,
  type DeadlineBasis,
  type DelayConsent,
  type DelayNotice,
  type Jurisdiction,
} from "./delivery-law.js";
