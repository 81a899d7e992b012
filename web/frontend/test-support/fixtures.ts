import type {
  InboxEvent,
  LineHistoryEntry,
  LineView,
  Settings,
  SettingsAnswer,
  ShopOverview,
} from "../api/types";

export function shopOverview(overrides: Partial<ShopOverview["shop"]> = {}): ShopOverview {
  return {
    shop: {
      domain: "waitwell-demo.myshopify.com",
      name: "Waitwell Demo",
      scopes: "read_orders,write_orders",
      installedAt: "2026-07-01T09:30:00.000Z",
      uninstalledAt: null,
      settings: {
        backorderTag: "waitwell-backorder",
        shipTogether: true,
        allocation: {
          priorityTags: [],
          completeLinesFirst: false,
          partial: "allow",
          minPartialUnits: 1,
          maxPartialAllocations: null,
        },
        holidays: [],
        weekend: [6, 7],
        substitutePriceBand: null,
      },
      ...overrides,
    },
    inbox: { PENDING: 2, PROCESSING: 1, PROCESSED: 41, DEAD: 3, IGNORED: 7 },
  };
}

export function inboxEvent(overrides: Partial<InboxEvent> & Pick<InboxEvent, "id">): InboxEvent {
  return {
    topic: "orders/create",
    webhookId: `webhook-${overrides.id}`,
    eventId: null,
    apiVersion: "2026-07",
    resourceId: null,
    triggeredAt: null,
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
    promisedDay: null,
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

/** What a server means by a missing setting (sent with every settings answer). */
export const SETTINGS_DEFAULTS: SettingsAnswer["defaults"] = {
  backorderTag: "backorder",
  shipTogether: false,
  allocation: {
    priorityTags: [],
    completeLinesFirst: true,
    partial: "allow",
    minPartialUnits: 1,
    maxPartialAllocations: null,
  },
  holidays: [],
  weekend: [6, 7],
  substitutePriceBand: null,
};

/** The server's bounds (sent with every settings answer). */
export const SETTINGS_LIMITS: SettingsAnswer["limits"] = {
  tagLength: 40,
  priorityTags: 50,
  holidays: 366,
  belowPercent: 100,
  abovePercent: 1000,
};

export function settingsBody(
  overrides: Partial<Settings> = {},
  limits: Partial<SettingsAnswer["limits"]> = {},
): SettingsAnswer & { settings: Settings } {
  return {
    defaults: SETTINGS_DEFAULTS,
    limits: { ...SETTINGS_LIMITS, ...limits },
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
