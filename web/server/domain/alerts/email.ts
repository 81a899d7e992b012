import type { AlertDetail } from "./facts.js";
import { groupByKind } from "./digest.js";
import type { ComplianceAction } from "../compliance/delivery-law.js";
import { formatDay, type MessageLocale } from "../customer-care/messages.js";
import { isCalendarDate } from "../eta/calendar-date.js";
import { ALERT_EMAIL_TEXT, countText, fill } from "./email-text.js";

export type MailAlert = AlertDetail & { detectedAt: Date; resolvedAt: Date | null };

export interface AlertEmail {
  subject: string;
  text: string;
  html: string;
}

/** One line of plain text naming what the alert is about, in `locale`. */
export function describeAlert(a: AlertDetail, locale: MessageLocale = "en"): string {
  const words = ALERT_EMAIL_TEXT[locale];
  switch (a.kind) {
    case "cap_reached": {
      const d = a.detail;
      const title = d.sku ? `${d.title} (${d.sku})` : d.title;
      return d.cap === null
        ? fill(words.cap, { title, units: d.waitingUnits })
        : fill(words.capOf, { title, units: d.waitingUnits, cap: d.cap });
    }
    case "promise_at_risk": {
      const d = a.detail;
      const when = fill(d.state === "overdue" ? words.overdue : words.dueSoon, {
        date: day(d.dueOn, locale),
      });
      return fill(words.line, {
        order: d.orderName ?? d.orderId,
        title: d.title,
        units: d.units,
        what: when,
      });
    }
    case "legal_deadline": {
      const d = a.detail;
      const left =
        d.daysLeft < 0
          ? countText(words.daysAgo, -d.daysLeft, locale)
          : d.daysLeft === 0
            ? words.today
            : countText(words.inDays, d.daysLeft, locale);
      const action = isComplianceAction(d.action) ? words.legalActions[d.action] : d.action;
      const law = fill(words.legal, {
        jurisdiction: d.jurisdiction,
        date: day(d.shipBy, locale),
        left,
        action,
      });
      return fill(words.line, { order: d.orderName ?? d.orderId, title: d.title, units: d.units, what: law });
    }
    case "webhook_dead": {
      const d = a.detail;
      const what = fill(words.webhook, { topic: d.topic, id: d.webhookId });
      return d.error ? `${what}: ${d.error}` : what;
    }
  }
}

const isComplianceAction = (action: string): action is ComplianceAction =>
  Object.hasOwn(ALERT_EMAIL_TEXT.en.legalActions, action);

/** A calendar day in the email's language ("20 Mar 2026", "20 mars 2026"); anything else as stored. */
const day = (value: string, locale: MessageLocale) =>
  isCalendarDate(value) ? formatDay(value, locale) : value;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * The merchant's email: one alert (sent at once), several found together (at once), or a day's digest. Grouped by
 * kind, each group with what to do, and a link to the admin's alerts page. Written by Waitwell (not a template the
 * merchant edits): it goes to the shop's staff, in the language the alert settings name.
 */
export function alertEmail(input: {
  shopName: string;
  alerts: readonly MailAlert[];
  /** The digest's day (the shop's calendar); null: sent at once. */
  digestDay: string | null;
  adminUrl: string;
  locale: MessageLocale;
}): AlertEmail {
  const { alerts, shopName: shop, locale } = input;
  const words = ALERT_EMAIL_TEXT[locale];
  const groups = groupByKind(alerts);
  const count = countText(words.alerts, alerts.length, locale);
  const subject =
    input.digestDay !== null
      ? fill(words.subjectDigest, { shop, day: day(input.digestDay, locale), count })
      : alerts.length === 1
        ? fill(words.subjectOne, { shop, heading: words.headings[alerts[0]!.kind] })
        : fill(words.subjectMany, { shop, count });
  const resolved = (a: MailAlert) => (a.resolvedAt ? words.resolved : "");
  const text = [
    subject,
    "",
    ...groups.flatMap((g) => [
      `${words.headings[g.kind]} (${g.alerts.length})`,
      ...g.alerts.map((a) => `- ${describeAlert(a, locale)}${resolved(a)}`),
      words.actions[g.kind],
      "",
    ]),
    fill(words.openAt, { url: input.adminUrl }),
  ].join("\n");
  const html = [
    `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif">`,
    `<h1 style="font-size:18px">${escapeHtml(subject)}</h1>`,
    ...groups.map(
      (g) =>
        `<h2 style="font-size:16px">${escapeHtml(words.headings[g.kind])} (${g.alerts.length})</h2><ul>` +
        g.alerts.map((a) => `<li>${escapeHtml(describeAlert(a, locale) + resolved(a))}</li>`).join("") +
        `</ul><p>${escapeHtml(words.actions[g.kind])}</p>`,
    ),
    `<p><a href="${escapeHtml(input.adminUrl)}">${escapeHtml(words.open)}</a></p>`,
    `</body></html>`,
  ].join("\n");
  return { subject, text, html };
}
