import type { AlertKind } from "../../domain/alerts/index.js";
import type { ShopDomain } from "../ports.js";

export interface StoredAlert {
  id: string;
  kind: AlertKind;
  subject: string;
  eventKey: string;
  detail: Record<string, unknown>;
  detectedAt: Date;
  resolvedAt: Date | null;
  emailedAt: Date | null;
}

/** Merchant alerts: one row per occurrence of a condition (adapters/prisma/alert-repository.ts). */
export interface AlertRepository {
  /** Open alerts (not resolved) of the shop. */
  openAlerts(shop: ShopDomain): Promise<StoredAlert[]>;
  /** Stores the occurrence unless its event key is stored; true when it was new. */
  open(shop: ShopDomain, alert: Omit<StoredAlert, "id" | "resolvedAt" | "emailedAt">): Promise<boolean>;
  resolve(shop: ShopDomain, ids: string[], at: Date): Promise<void>;
  /** Alerts not emailed yet, oldest first. */
  unsent(shop: ShopDomain): Promise<StoredAlert[]>;
  markEmailed(shop: ShopDomain, ids: string[], at: Date): Promise<void>;
  /** Newest first, for the dashboard. */
  recent(shop: ShopDomain, limit: number): Promise<StoredAlert[]>;
  deleteByShop(shop: ShopDomain): Promise<number>;
}
