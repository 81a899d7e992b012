import type { InboxEvent, ShopOverview } from "../api/types";

export function shopOverview(overrides: Partial<ShopOverview["shop"]> = {}): ShopOverview {
  return {
    shop: {
      domain: "waitwell-demo.myshopify.com",
      name: "Waitwell Demo",
      installedAt: "2026-07-01T09:30:00.000Z",
      uninstalledAt: null,
      settings: { backorderTag: "waitwell-backorder", shipTogether: true },
      ...overrides,
    },
    inbox: { PENDING: 2, PROCESSING: 1, PROCESSED: 41, DEAD: 3, IGNORED: 7 },
  };
}

export function inboxEvent(overrides: Partial<InboxEvent> & Pick<InboxEvent, "id">): InboxEvent {
  return {
    topic: "orders/create",
    webhookId: `webhook-${overrides.id}`,
    status: "PROCESSED",
    attempts: 1,
    receivedAt: "2026-07-02T10:00:00.000Z",
    processedAt: "2026-07-02T10:00:01.000Z",
    lastError: null,
    nextAttemptAt: null,
    ...overrides,
  };
}
