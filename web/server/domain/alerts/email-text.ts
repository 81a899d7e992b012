import type { ComplianceAction } from "../compliance/delivery-law.js";
import type { MessageLocale } from "../customer-care/messages.js";
import type { AlertKind } from "./settings.js";

/** A count in words: `one` for 1 (0 too in French), `other` else; `{n}` is the number. */
export interface Plural {
  one: string;
  other: string;
}

/** The words of the merchant's alert email, per language (the same four the customer emails are written in). */
export interface AlertEmailText {
  headings: Record<AlertKind, string>;
  actions: Record<AlertKind, string>;
  alerts: Plural;
  subjectOne: string;
  subjectMany: string;
  subjectDigest: string;
  resolved: string;
  open: string;
  /** The plain-text email's last line. */
  openAt: string;
  /** A waiting line and what is wrong with it. */
  line: string;
  capOf: string;
  cap: string;
  overdue: string;
  dueSoon: string;
  legal: string;
  daysAgo: Plural;
  inDays: Plural;
  today: string;
  legalActions: Record<ComplianceAction, string>;
  webhook: string;
}

export const ALERT_EMAIL_TEXT: Record<MessageLocale, AlertEmailText> = {
  en: {
    headings: {
      cap_reached: "Backorder cap reached",
      promise_at_risk: "Promises at risk",
      legal_deadline: "Legal shipping deadlines coming",
      webhook_dead: "Webhooks that failed every retry",
    },
    actions: {
      cap_reached: "The variant no longer sells on backorder until units arrive or you raise its cap.",
      promise_at_risk: "Ship these lines, or tell the customers the new date before the promised day.",
      legal_deadline: "The delivery law asks for a notice, the customer's consent or a refund by these days.",
      webhook_dead: "Waitwell could not process these Shopify events; replay them from the Inbox page.",
    },
    alerts: { one: "{n} alert", other: "{n} alerts" },
    subjectOne: "Waitwell alert for {shop}: {heading}",
    subjectMany: "Waitwell alerts for {shop}: {count}",
    subjectDigest: "Waitwell daily alerts for {shop}, {day}: {count}",
    resolved: " (resolved since)",
    open: "Open the alerts in Waitwell",
    openAt: "Open the alerts in Waitwell: {url}",
    line: "{order}, {title} × {units}: {what}",
    capOf: "{title}: {units} waiting, the cap of {cap} is reached",
    cap: "{title}: {units} waiting, the cap is reached",
    overdue: "was promised for {date}",
    dueSoon: "is promised for {date}",
    legal: "{jurisdiction} ship-by {date} ({left}), {action}",
    daysAgo: { one: "{n} day ago", other: "{n} days ago" },
    inDays: { one: "in {n} day", other: "in {n} days" },
    today: "today",
    legalActions: {
      none: "nothing to do",
      send_delay_notice: "send the delay notice",
      send_renewed_notice: "send the renewed notice",
      await_consent: "awaiting the customer's consent",
      cancel_and_refund: "cancel and refund",
      customer_may_terminate: "the customer may end the contract",
    },
    webhook: "{topic} (webhook {id})",
  },
  fr: {
    headings: {
      cap_reached: "Plafond de précommande atteint",
      promise_at_risk: "Promesses menacées",
      legal_deadline: "Échéances légales d'expédition proches",
      webhook_dead: "Webhooks en échec après toutes les tentatives",
    },
    actions: {
      cap_reached:
        "La variante ne se vend plus en précommande tant que des unités n'arrivent pas ou que vous ne relevez pas son plafond.",
      promise_at_risk: "Expédiez ces lignes, ou annoncez la nouvelle date aux clients avant le jour promis.",
      legal_deadline:
        "La loi sur la livraison demande un avis, l'accord du client ou un remboursement avant ces dates.",
      webhook_dead:
        "Waitwell n'a pas pu traiter ces événements Shopify ; relancez-les depuis la page Boîte de réception.",
    },
    alerts: { one: "{n} alerte", other: "{n} alertes" },
    subjectOne: "Alerte Waitwell pour {shop} : {heading}",
    subjectMany: "Alertes Waitwell pour {shop} : {count}",
    subjectDigest: "Alertes Waitwell du jour pour {shop}, {day} : {count}",
    resolved: " (résolue depuis)",
    open: "Ouvrir les alertes dans Waitwell",
    openAt: "Ouvrir les alertes dans Waitwell : {url}",
    line: "{order}, {title} × {units} : {what}",
    capOf: "{title} : {units} en attente, le plafond de {cap} est atteint",
    cap: "{title} : {units} en attente, le plafond est atteint",
    overdue: "était promise pour le {date}",
    dueSoon: "est promise pour le {date}",
    legal: "{jurisdiction}, expédition au plus tard le {date} ({left}), {action}",
    daysAgo: { one: "il y a {n} jour", other: "il y a {n} jours" },
    inDays: { one: "dans {n} jour", other: "dans {n} jours" },
    today: "aujourd'hui",
    legalActions: {
      none: "rien à faire",
      send_delay_notice: "envoyer l'avis de retard",
      send_renewed_notice: "envoyer le nouvel avis",
      await_consent: "en attente de l'accord du client",
      cancel_and_refund: "annuler et rembourser",
      customer_may_terminate: "le client peut résilier le contrat",
    },
    webhook: "{topic} (webhook {id})",
  },
  de: {
    headings: {
      cap_reached: "Rückstandsobergrenze erreicht",
      promise_at_risk: "Gefährdete Zusagen",
      legal_deadline: "Gesetzliche Versandfristen stehen bevor",
      webhook_dead: "Webhooks, die bei jedem Versuch fehlschlugen",
    },
    actions: {
      cap_reached:
        "Die Variante wird nicht mehr im Rückstand verkauft, bis Einheiten eintreffen oder Sie die Obergrenze anheben.",
      promise_at_risk:
        "Versenden Sie diese Positionen oder nennen Sie den Kunden vor dem zugesagten Tag das neue Datum.",
      legal_deadline:
        "Das Lieferrecht verlangt bis zu diesen Tagen eine Mitteilung, die Zustimmung des Kunden oder eine Erstattung.",
      webhook_dead:
        "Waitwell konnte diese Shopify-Ereignisse nicht verarbeiten; spielen Sie sie auf der Seite Eingang erneut ab.",
    },
    alerts: { one: "{n} Warnung", other: "{n} Warnungen" },
    subjectOne: "Waitwell-Warnung für {shop}: {heading}",
    subjectMany: "Waitwell-Warnungen für {shop}: {count}",
    subjectDigest: "Tägliche Waitwell-Warnungen für {shop}, {day}: {count}",
    resolved: " (inzwischen behoben)",
    open: "Warnungen in Waitwell öffnen",
    openAt: "Warnungen in Waitwell öffnen: {url}",
    line: "{order}, {title} × {units}: {what}",
    capOf: "{title}: {units} wartend, die Obergrenze von {cap} ist erreicht",
    cap: "{title}: {units} wartend, die Obergrenze ist erreicht",
    overdue: "war für den {date} zugesagt",
    dueSoon: "ist für den {date} zugesagt",
    legal: "{jurisdiction}, Versand bis {date} ({left}), {action}",
    daysAgo: { one: "vor {n} Tag", other: "vor {n} Tagen" },
    inDays: { one: "in {n} Tag", other: "in {n} Tagen" },
    today: "heute",
    legalActions: {
      none: "nichts zu tun",
      send_delay_notice: "Verzögerungsmitteilung senden",
      send_renewed_notice: "erneute Mitteilung senden",
      await_consent: "Zustimmung des Kunden ausstehend",
      cancel_and_refund: "stornieren und erstatten",
      customer_may_terminate: "der Kunde darf vom Vertrag zurücktreten",
    },
    webhook: "{topic} (Webhook {id})",
  },
  es: {
    headings: {
      cap_reached: "Tope de pedidos pendientes alcanzado",
      promise_at_risk: "Promesas en riesgo",
      legal_deadline: "Plazos legales de envío próximos",
      webhook_dead: "Webhooks que fallaron en todos los intentos",
    },
    actions: {
      cap_reached:
        "La variante ya no se vende como pedido pendiente hasta que lleguen unidades o subas su tope.",
      promise_at_risk: "Envía estas líneas o comunica a los clientes la nueva fecha antes del día prometido.",
      legal_deadline:
        "La ley de entregas exige un aviso, el consentimiento del cliente o un reembolso antes de estas fechas.",
      webhook_dead:
        "Waitwell no pudo procesar estos eventos de Shopify; vuelve a ejecutarlos desde la página Bandeja de entrada.",
    },
    alerts: { one: "{n} alerta", other: "{n} alertas" },
    subjectOne: "Alerta de Waitwell para {shop}: {heading}",
    subjectMany: "Alertas de Waitwell para {shop}: {count}",
    subjectDigest: "Alertas diarias de Waitwell para {shop}, {day}: {count}",
    resolved: " (resuelta desde entonces)",
    open: "Abrir las alertas en Waitwell",
    openAt: "Abrir las alertas en Waitwell: {url}",
    line: "{order}, {title} × {units}: {what}",
    capOf: "{title}: {units} en espera, se alcanzó el tope de {cap}",
    cap: "{title}: {units} en espera, se alcanzó el tope",
    overdue: "se prometió para el {date}",
    dueSoon: "está prometida para el {date}",
    legal: "{jurisdiction}, envío a más tardar el {date} ({left}), {action}",
    daysAgo: { one: "hace {n} día", other: "hace {n} días" },
    inDays: { one: "en {n} día", other: "en {n} días" },
    today: "hoy",
    legalActions: {
      none: "nada que hacer",
      send_delay_notice: "enviar el aviso de retraso",
      send_renewed_notice: "enviar el nuevo aviso",
      await_consent: "a la espera del consentimiento del cliente",
      cancel_and_refund: "cancelar y reembolsar",
      customer_may_terminate: "el cliente puede rescindir el contrato",
    },
    webhook: "{topic} (webhook {id})",
  },
};

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all));
}

/** `n` with its noun in `locale` (French counts 0 as one). */
export function countText(forms: Plural, n: number, locale: MessageLocale): string {
  const one = locale === "fr" ? n === 0 || n === 1 : n === 1;
  return fill(one ? forms.one : forms.other, { n });
}
