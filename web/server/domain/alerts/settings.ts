/**
 * The alerts a merchant can ask for:
 * - cap_reached: a variant sold as many backorder units as its rule's cap allows (it stops selling);
 * - promise_at_risk: a promised day is within three business days or past, and the line still waits;
 * - legal_deadline: a delivery-law ship-by day (domain/compliance) is within a week or past;
 * - webhook_dead: a Shopify webhook failed every retry and waits in the dead-letter list.
 */
import type { MessageLocale } from "../customer-care/messages.js";

export const ALERT_KINDS = ["cap_reached", "promise_at_risk", "legal_deadline", "webhook_dead"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** "immediate": an email as soon as a check finds something new; "digest": one email a day at `digestHour`. */
export type AlertDelivery = "immediate" | "digest";

export interface AlertSettings {
  kinds: Record<AlertKind, boolean>;
  /** Email addresses; none: no email is sent (the dashboard still lists the alerts). */
  recipients: string[];
  delivery: AlertDelivery;
  /** Hour of the day (0–23, the shop's time zone) the digest goes out. */
  digestHour: number;
  /** The language the emails are written in (the admin offers the shop's staff the same four as its own). */
  language: MessageLocale;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  kinds: { cap_reached: true, promise_at_risk: true, legal_deadline: true, webhook_dead: true },
  recipients: [],
  delivery: "digest",
  digestHour: 8,
  language: "en",
};

export const ALERT_LIMITS = { recipients: 10, emailLength: 254 } as const;

/** A deliberately plain check (one @, a dot in the domain, no spaces): the SMTP server has the last word. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Every problem, named by the settings' paths ("alerts.recipients.1"). */
export function validateAlertSettings(settings: AlertSettings): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (settings.recipients.length > ALERT_LIMITS.recipients) {
    problems.push({ field: "alerts.recipients", message: `at most ${ALERT_LIMITS.recipients} addresses` });
  }
  settings.recipients.forEach((r, i) => {
    if (!EMAIL.test(r) || r.length > ALERT_LIMITS.emailLength)
      problems.push({
        field: `alerts.recipients.${i}`,
        message: `not an email address: ${JSON.stringify(r)}`,
      });
  });
  if (new Set(settings.recipients.map((r) => r.toLowerCase())).size !== settings.recipients.length) {
    problems.push({ field: "alerts.recipients", message: "an address is listed twice" });
  }
  if (!Number.isInteger(settings.digestHour) || settings.digestHour < 0 || settings.digestHour > 23) {
    problems.push({ field: "alerts.digestHour", message: "expected a whole hour 0–23" });
  }
  return problems;
}
