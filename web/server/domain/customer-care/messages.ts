import { latestDate, type CalendarDate, type Eta } from "../eta/index.js";
import type { MessageKind } from "./settings.js";

/** The languages Waitwell writes in; any other customer_locale reads as English. */
export const MESSAGE_LOCALES = ["en", "fr", "de", "es"] as const;
export type MessageLocale = (typeof MESSAGE_LOCALES)[number];

/** Shopify's customer_locale ("fr", "fr-CA", "de-CH", null) → a language Waitwell writes. */
export function messageLocale(customerLocale: string | null | undefined): MessageLocale {
  const language = (customerLocale ?? "").toLowerCase().split(/[-_]/)[0];
  return (MESSAGE_LOCALES as readonly string[]).includes(language ?? "") ? (language as MessageLocale) : "en";
}

const MONTHS: Record<MessageLocale, string[]> = {
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  fr: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
  de: ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."],
  es: ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"],
};

const PHRASES: Record<MessageLocale, { exact: string; range: string; unknown: string }> = {
  en: {
    exact: "Ships around {date}",
    range: "Ships between {from} and {to}",
    unknown: "Ships as soon as it is restocked",
  },
  fr: {
    exact: "Expédition vers le {date}",
    range: "Expédition entre le {from} et le {to}",
    unknown: "Expédition dès le réassort",
  },
  de: {
    exact: "Versand um den {date}",
    range: "Versand zwischen {from} und {to}",
    unknown: "Versand sobald wieder vorrätig",
  },
  es: {
    exact: "Se envía hacia el {date}",
    range: "Se envía entre el {from} y el {to}",
    unknown: "Se envía en cuanto se reponga",
  },
};

/** "12 Dec 2026" / "12 déc. 2026" / "12. Dez. 2026" / "12 dic 2026". */
export function formatDay(date: CalendarDate, locale: MessageLocale): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const month = MONTHS[locale][m - 1];
  return locale === "de" ? `${d}. ${month} ${y}` : `${d} ${month} ${y}`;
}

/** An ETA in words, in the customer's language: what the emails and the self-service page say. */
export function etaText(eta: Eta, locale: MessageLocale): string {
  const p = PHRASES[locale];
  switch (eta.kind) {
    case "date":
      return p.exact.replace("{date}", formatDay(eta.date, locale));
    case "range":
      return p.range
        .replace("{from}", formatDay(eta.from, locale))
        .replace("{to}", formatDay(eta.to, locale));
    case "unknown":
      return p.unknown;
  }
}

/** A compact, stable form of an ETA for event keys and history details: "2026-12-15", "2026-12-15..2026-12-17". */
export function etaKey(eta: Eta): string {
  switch (eta.kind) {
    case "date":
      return eta.date;
    case "range":
      return `${eta.from}..${eta.to}`;
    case "unknown":
      return "unknown";
  }
}

/**
 * The outbox key of a message: one message per (shop, key), whatever repeats. A delay notice is keyed by the line
 * and the date it announces, so the same slip seen twice sends one notice and a further slip sends another.
 */
export const eventKeys = {
  confirmation: (orderId: string) => `confirmation:${orderId}`,
  delay: (lineItemId: string, revised: Eta) => `delay:${lineItemId}:${etaKey(revised)}`,
  renewed: (lineItemId: string, deadline: CalendarDate) => `renewed:${lineItemId}:${deadline}`,
  ready: (lineItemId: string) => `ready:${lineItemId}`,
  customerAction: (actionKey: string) => `action:${actionKey}`,
  incentive: (lineItemId: string) => `incentive:${lineItemId}`,
} satisfies Record<string, (...args: never[]) => string>;

/** One line as a message shows it. */
export interface MessageLine {
  lineItemId: string;
  title: string;
  shipNow: number;
  waiting: number;
  /** The ETA in words (etaText), and the promise it replaces when it moved. */
  eta: string;
  previousEta: string | null;
  /** The last day the ETA allows; null when unknown. */
  etaLastDay: CalendarDate | null;
}

/** What every template receives, besides the shop (name, colour). */
export interface MessageData {
  kind: MessageKind;
  orderName: string;
  customerName: string | null;
  lines: MessageLine[];
  /** The self-service page for the order (signed, expiring). */
  manageUrl: string | null;
  /** Set for the incentive (and a delay notice that carries one). */
  discountCode: string | null;
  /** The action a confirmation confirms ("cancelled": units and refund; "swapped": the substitute). */
  action: { units: number; refund: string | null; substitute: string | null } | null;
}

/** A line's last promised day, for deciding whether a recomputed ETA breaks it. */
export const lastDayOf = (eta: Eta): CalendarDate | null => latestDate(eta);

/** A decimal amount as Shopify gives it ("188.0", "12.5", "7") with two decimals and the currency: "188.00 USD". */
export function moneyText(amount: string, currency: string): string {
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(amount.trim());
  if (!match) return `${amount} ${currency}`;
  const [, sign, whole, fraction = ""] = match;
  return `${sign}${whole}.${(fraction + "00").slice(0, 2)} ${currency}`;
}
