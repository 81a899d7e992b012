import type { InboxEvent, LineHistoryEntry, LineView, Settings, ShopOverview } from "../api/types";

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

export function lineView(overrides: Partial<LineView> & Pick<LineView, "lineItemId">): LineView {
  return {
    orderId: "gid://shopify/Order/1001",
    orderName: "#1001",
    orderCreatedAt: "2026-07-01T10:00:00.000Z",
    customer: { id: "gid://shopify/Customer/7", name: "Ada Lovelace", email: "ada@example.com" },
    variantId: "gid://shopify/ProductVariant/501",
    productTitle: "Trail Jacket",
    variantTitle: "Large / Moss",
    sku: "TJ-L-MOSS",
    status: "partially_allocated",
    quantity: 5,
    inStock: 1,
    allocated: 1,
    waiting: 3,
    priority: null,
    updatedAt: "2026-07-02T09:00:00.000Z",
    ...overrides,
  };
}

export function lineHistoryEntry(overrides: Partial<LineHistoryEntry> = {}): LineHistoryEntry {
  return {
    at: "2026-07-01T10:00:05.000Z",
    cause: { kind: "webhook", ref: "orders/create" },
    event: { type: "decide", inStock: 1, allocated: 0 },
    from: "new",
    to: "backordered",
    before: { quantity: 5, inStock: 0, allocated: 0, waiting: 5 },
    after: { quantity: 5, inStock: 1, allocated: 0, waiting: 4 },
    ...overrides,
  };
}

export function settingsBody(overrides: Partial<Settings> = {}): { settings: Settings } {
  return {
    settings: {
      backorderTag: "waitwell-backorder",
      shipTogether: false,
      allocation: {
        priorityTags: ["vip"],
        completeLinesFirst: true,
        partial: "allow",
        minPartialUnits: 1,
        maxPartialAllocations: null,
      },
      holidays: ["2026-12-25"],
      weekend: [6, 7],
      substitutePriceBand: { belowPercent: 20, abovePercent: 20 },
      ...overrides,
    },
  };
}
