import type { AlertDetail } from "./facts.js";
import { groupByKind } from "./digest.js";
import type { AlertKind } from "./settings.js";

export type MailAlert = AlertDetail & { detectedAt: Date; resolvedAt: Date | null };

export interface AlertEmail {
  subject: string;
  text: string;
  html: string;
}

const HEADINGS: Record<AlertKind, string> = {
  cap_reached: "Backorder cap reached",
  promise_at_risk: "Promises at risk",
  legal_deadline: "Legal shipping deadlines coming",
  webhook_dead: "Webhooks that failed every retry",
};

const ACTIONS: Record<AlertKind, string> = {
  cap_reached: "The variant no longer sells on backorder until units arrive or you raise its cap.",
  promise_at_risk: "Ship these lines, or tell the customers the new date before the promised day.",
  legal_deadline: "The delivery law asks for a notice, the customer's consent or a refund by these days.",
  webhook_dead: "Waitwell could not process these Shopify events; replay them from the Inbox page.",
};

/** One line of plain text naming what the alert is about. */
export function describeAlert(a: AlertDetail): string {
  switch (a.kind) {
    case "cap_reached": {
      const d = a.detail;
      const sku = d.sku ? ` (${d.sku})` : "";
      const cap = d.cap === null ? "" : ` of ${d.cap}`;
      return `${d.title}${sku}: ${d.waitingUnits} waiting, the cap${cap} is reached`;
    }
    case "promise_at_risk": {
      const d = a.detail;
      const when = d.state === "overdue" ? `was promised for ${d.dueOn}` : `is promised for ${d.dueOn}`;
      return `${d.orderName ?? d.orderId}, ${d.title} × ${d.units}: ${when}`;
    }
    case "legal_deadline": {
      const d = a.detail;
      const left =
        d.daysLeft < 0 ? `${-d.daysLeft} days ago` : d.daysLeft === 0 ? "today" : `in ${d.daysLeft} days`;
      return `${d.orderName ?? d.orderId}, ${d.title} × ${d.units}: ${d.jurisdiction} ship-by ${d.shipBy} (${left}), ${d.action.replace(/_/g, " ")}`;
    }
    case "webhook_dead": {
      const d = a.detail;
      return `${d.topic} (webhook ${d.webhookId})${d.error ? `: ${d.error}` : ""}`;
    }
  }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * The merchant's email: one alert (sent at once), several found together (at once), or a day's digest. Grouped by
 * kind, each group with what to do, and a link to the admin's alerts page. Written by Waitwell (not a template the
 * merchant edits): it goes to the shop's staff, in English.
 */
export function alertEmail(input: {
  shopName: string;
  alerts: readonly MailAlert[];
  /** The digest's day (the shop's calendar); null: sent at once. */
  digestDay: string | null;
  adminUrl: string;
}): AlertEmail {
  const { alerts, shopName } = input;
  const groups = groupByKind(alerts);
  const subject =
    input.digestDay !== null
      ? `Waitwell daily alerts for ${shopName}, ${input.digestDay}: ${count(alerts.length)}`
      : alerts.length === 1
        ? `Waitwell alert for ${shopName}: ${HEADINGS[alerts[0]!.kind]}`
        : `Waitwell alerts for ${shopName}: ${count(alerts.length)}`;
  const resolved = (a: MailAlert) => (a.resolvedAt ? " (resolved since)" : "");
  const text = [
    subject,
    "",
    ...groups.flatMap((g) => [
      `${HEADINGS[g.kind]} (${g.alerts.length})`,
      ...g.alerts.map((a) => `- ${describeAlert(a)}${resolved(a)}`),
      ACTIONS[g.kind],
      "",
    ]),
    `Open the alerts in Waitwell: ${input.adminUrl}`,
  ].join("\n");
  const html = [
    `<!doctype html><html><body style="font-family:sans-serif">`,
    `<h1 style="font-size:18px">${escapeHtml(subject)}</h1>`,
    ...groups.map(
      (g) =>
        `<h2 style="font-size:16px">${escapeHtml(HEADINGS[g.kind])} (${g.alerts.length})</h2><ul>` +
        g.alerts.map((a) => `<li>${escapeHtml(describeAlert(a) + resolved(a))}</li>`).join("") +
        `</ul><p>${escapeHtml(ACTIONS[g.kind])}</p>`,
    ),
    `<p><a href="${escapeHtml(input.adminUrl)}">Open the alerts in Waitwell</a></p>`,
    `</body></html>`,
  ].join("\n");
  return { subject, text, html };
}

const count = (n: number) => (n === 1 ? "1 alert" : `${n} alerts`);
