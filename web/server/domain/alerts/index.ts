/**
 * Merchant alerts, pure: which conditions Waitwell tells the merchant about, the settings that choose them and their
 * recipients, and what each email says.
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
