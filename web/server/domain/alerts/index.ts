/**
 * Merchant alerts, pure: which conditions Waitwell tells the merchant about, the settings that choose them and their
 * recipients, when a found fact is a new alert (dedupe), when the daily digest is due, and what each email says.
 */
export {
  ALERT_KINDS,
  ALERT_LIMITS,
  DEFAULT_ALERT_SETTINGS,
  validateAlertSettings,
  type AlertDelivery,
  type AlertKind,
  type AlertSettings,
} from "./settings.js";
export {
  capReached,
  legalDeadline,
  promiseAtRisk,
  REPEAT_WINDOW_MS,
  webhookDead,
  type AlertCandidate,
  type AlertDetail,
  type CapReachedDetail,
  type LegalDeadlineDetail,
  type PromiseAtRiskDetail,
  type WebhookDeadDetail,
} from "./facts.js";
export { clearedAlerts, decideRaise, type PriorOccurrence, type RaiseDecision } from "./dedupe.js";
export { alertsToSend, digestSlot, groupByKind, localTime } from "./digest.js";
export { alertEmail, describeAlert, type AlertEmail, type MailAlert } from "./email.js";
