/** Shapes of Waitwell's admin API (web/server/http/routes). Timestamps are ISO 8601 strings. */

export const INBOX_STATUSES = ["PENDING", "PROCESSING", "PROCESSED", "DEAD", "IGNORED"] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

export function isInboxStatus(value: unknown): value is InboxStatus {
  return typeof value === "string" && (INBOX_STATUSES as readonly string[]).includes(value);
}

export interface ShopSettings {
  backorderTag: string;
  shipTogether: boolean;
}

export interface Shop {
  domain: string;
  name: string;
  installedAt: string;
  uninstalledAt: string | null;
  settings: ShopSettings;
}

export type InboxCounts = Record<InboxStatus, number>;

/** GET /api/shop */
export interface ShopOverview {
  shop: Shop;
  inbox: InboxCounts;
}

export interface InboxEvent {
  id: string;
  topic: string;
  webhookId: string;
  status: InboxStatus;
  attempts: number;
  receivedAt: string;
  processedAt: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
}

/** GET /api/inbox/:id */
export interface InboxEventDetail extends InboxEvent {
  payload: string;
}

/** GET /api/inbox */
export interface InboxPage {
  events: InboxEvent[];
  nextCursor: string | null;
}

export interface InboxQuery {
  status?: InboxStatus;
  topic?: string;
  limit?: number;
  cursor?: string;
}
