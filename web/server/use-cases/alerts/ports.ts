/**
 * What merchant alerts need from the outside world: their storage, the facts they watch (risks of waiting lines,
 * variant titles, the shop's name and time zone) and the email outbox customer care sends through. Implemented in
 * adapters/ and wired in composition/alerts.ts.
 */
import type { AlertCandidate, AlertKind, AlertSettings } from "../../domain/alerts/index.js";
import type { ShopDomain } from "../ports.js";

export type StoredAlert = AlertCandidate & {
  id: string;
  detectedAt: Date;
  resolvedAt: Date | null;
  emailedAt: Date | null;
  acknowledgedAt: Date | null;
  dismissedAt: Date | null;
};

/** Merchant alerts: one row per occurrence of a condition (adapters/prisma/alert-repository.ts). */
export interface AlertRepository {
  /** Open alerts (not resolved) of the shop. */
  openAlerts(shop: ShopDomain): Promise<StoredAlert[]>;
  /** Every stored occurrence of these subjects. */
  occurrences(
    shop: ShopDomain,
    subjects: string[],
  ): Promise<{ id: string; subject: string; eventKey: string; detectedAt: Date; resolvedAt: Date | null }[]>;
  /** Stores the occurrence unless its event key is stored; the stored alert when it was new, else null. */
  open(shop: ShopDomain, alert: AlertCandidate & { detectedAt: Date }): Promise<StoredAlert | null>;
  /** The condition came back within its repeat window: open again (not emailed again). */
  reopen(shop: ShopDomain, id: string): Promise<void>;
  resolve(shop: ShopDomain, ids: string[], at: Date): Promise<void>;
  /** Alerts not emailed yet, oldest first. */
  unsent(shop: ShopDomain): Promise<StoredAlert[]>;
  markEmailed(shop: ShopDomain, ids: string[], at: Date): Promise<void>;
  /** Newest first, for the admin; dismissed ones only when asked. */
  list(shop: ShopDomain, filter: { includeDismissed: boolean; limit: number }): Promise<StoredAlert[]>;
  /** Sets the instant once; false when the shop has no such alert. */
  mark(shop: ShopDomain, id: string, field: "acknowledgedAt" | "dismissedAt", at: Date): Promise<boolean>;
  getSettings(shop: ShopDomain): Promise<AlertSettings | null>;
  saveSettings(shop: ShopDomain, settings: AlertSettings): Promise<void>;
  deleteByShop(shop: ShopDomain): Promise<number>;
}

/** A waiting line that needs the merchant (domain/insights' lineRisk), with what the alert shows of it. */
export interface RiskyLine {
  lineItemId: string;
  orderId: string;
  orderName: string | null;
  title: string;
  units: number;
  promise: "overdue" | "due_soon" | null;
  dueOn: string | null;
  deadline: { jurisdiction: string; shipBy: string; daysLeft: number; action: string } | null;
}

export interface AlertFacts {
  /** Every waiting line at risk (promise or legal deadline) as of now, in the shop's days. */
  riskyLines(shop: ShopDomain): Promise<RiskyLine[]>;
  /** Titles and SKUs of variants (the catalog mirror); unknown ones are left out. */
  variants(shop: ShopDomain, ids: string[]): Promise<Map<string, { title: string; sku: string | null }>>;
  /** The shop's name and IANA time zone. */
  shop(shop: ShopDomain): Promise<{ name: string; timeZone: string }>;
}

/** The email outbox customer care sends through (one row per shop and event key: never sent twice). */
export interface AlertMailOutbox {
  enqueue(
    shop: ShopDomain,
    message: {
      eventKey: string;
      to: string;
      /** The language it is written in (recorded with the message, as for customer emails). */
      locale: string;
      subject: string;
      text: string;
      html: string;
    },
  ): Promise<"queued" | "duplicate">;
  /** Send what was queued now rather than at the next poll. */
  wake(): void;
}

export type { AlertKind };
