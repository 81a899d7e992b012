import type { BackorderRepository } from "../backorder/ports.js";
import type { CareRepository } from "../customer-care/ports.js";
import type {
  DataExportRepository,
  InboxRepository,
  SessionRepository,
  ShopDomain,
  ShopRepository,
} from "../ports.js";

/**
 * One holder of shop or personal data: the tables it owns and what it does for each privacy request
 * (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance).
 */
export interface DataHolder {
  /** Prisma models (prisma/schema/models.prisma) whose rows it holds; test/privacy/registry.test.ts checks that
   * every model of the schema is listed by exactly one holder. */
  readonly models: readonly string[];
  /** shop/redact: every row of the shop. */
  eraseShop(shop: ShopDomain): Promise<unknown>;
  /** customers/redact: the customer's personal data. Absent for holders that keep none. Returns rows touched. */
  redactCustomer?(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<number>;
  /** customers/data_request: what it holds on the customer. Absent for holders that keep none. */
  exportCustomer?(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<unknown>;
}

/**
 * Every holder, in erasure order: the shop row goes last, so a failure half-way leaves the shop findable for the
 * retry (and its later webhooks keep being accepted). Both redact paths and the data export walk this list, so a
 * table is erased and exported as soon as its holder is listed here.
 */
export type PrivacyRegistry = ReadonlyArray<readonly [name: string, holder: DataHolder]>;

export interface PrivacyRegistryDeps {
  sessions: SessionRepository;
  shops: ShopRepository;
  inbox: InboxRepository;
  exports: DataExportRepository;
  backorders: BackorderRepository;
  /** The availability subsystem's tables (rules, supplier ETAs, substitutes, storefront sync, line promises). */
  availability: { eraseShop(shop: ShopDomain): Promise<void> } | null;
  care: Pick<CareRepository, "customerData" | "redactCustomer" | "deleteByShop"> | null;
  /** Merchant alerts (they name variants, orders by number and webhooks; no customer's personal data). */
  alerts?: { deleteByShop(shop: ShopDomain): Promise<number> } | null;
  /** The job queue's own storage (pg-boss's tables on PostgreSQL): jobs name the shop, never a customer. */
  jobs?: { forgetShop(shop: ShopDomain): Promise<number> } | null;
}

export function createPrivacyRegistry(deps: PrivacyRegistryDeps): PrivacyRegistry {
  const holders: [string, DataHolder][] = [
    [
      "sessions",
      // Access tokens and the staff user's name and email of online sessions.
      { models: ["Session"], eraseShop: (shop) => deps.sessions.deleteByShop(shop) },
    ],
    [
      "inbox",
      {
        models: ["WebhookEvent"],
        eraseShop: (shop) => deps.inbox.deleteByShop(shop),
        redactCustomer: (shop, customer, orders) => deps.inbox.redactCustomer(shop, customer, orders),
        exportCustomer: async (shop, customer, orders) =>
          (await deps.inbox.findByCustomer(shop, customer, orders)).map((e) => ({
            id: e.id,
            topic: e.topic,
            receivedAt: e.receivedAt.toISOString(),
            triggeredAt: e.triggeredAt?.toISOString() ?? null,
            resourceId: e.resourceId,
            payload: e.payload,
          })),
      },
    ],
    [
      "dataExports",
      {
        models: ["DataExport"],
        eraseShop: (shop) => deps.exports.deleteByShop(shop),
        // An export made for the customer is their data too.
        redactCustomer: (shop, customer) => deps.exports.deleteByCustomer(shop, customer),
      },
    ],
    [
      "backorders",
      {
        models: [
          "BackorderOrder",
          "BackorderLine",
          "LineHistory",
          "InventoryLevelMirror",
          "VariantMirror",
          "ShopifyWrite",
        ],
        eraseShop: (shop) => deps.backorders.deleteByShop(shop),
        redactCustomer: (shop, customer, orders) => deps.backorders.redactCustomer(shop, customer, orders),
        exportCustomer: async (shop, customer, orders) =>
          // The orders' lines hold no personal data: the orders are what names the customer.
          (await deps.backorders.ordersOfCustomer(shop, customer, orders)).map((o) => ({
            orderId: o.orderId,
            name: o.name,
            orderCreatedAt: o.orderCreatedAt.toISOString(),
            customerId: o.customerId,
            customerEmail: o.customerEmail,
            customerName: o.customerName,
            tags: o.tags,
            backordered: o.backordered,
            cancelled: o.cancelled,
          })),
      },
    ],
    [
      "availability",
      {
        models: [
          "BackorderRule",
          "ProductMirror",
          "SupplierImport",
          "SupplierEta",
          "SubstituteChoice",
          "VariantSync",
          "LinePromise",
          "EtaSlip",
          "SupplierImportRun",
          "SupplierImportSlip",
        ],
        eraseShop: async (shop) => deps.availability?.eraseShop(shop),
      },
    ],
    [
      "customerCare",
      {
        models: [
          "CareOrder",
          "LineConsent",
          "LineNotice",
          "OutboundMessage",
          "MessageTemplate",
          "CareSettings",
          "CustomerAction",
          "CareTask",
          "WaitIncentive",
        ],
        eraseShop: async (shop) => deps.care?.deleteByShop(shop),
        redactCustomer: async (shop, customer, orders) =>
          (await deps.care?.redactCustomer(shop, customer, orders)) ?? 0,
        exportCustomer: async (shop, customer, orders) =>
          (await deps.care?.customerData(shop, customer, orders)) ?? {},
      },
    ],
    [
      "alerts",
      {
        models: ["MerchantAlert", "MerchantAlertSettings"],
        eraseShop: async (shop) => deps.alerts?.deleteByShop(shop),
      },
    ],
    // After the outbox and the availability tables: no job for the shop is sent once their rows are gone.
    ["jobs", { models: [], eraseShop: async (shop) => deps.jobs?.forgetShop(shop) }],
    // Last: see PrivacyRegistry.
    ["shop", { models: ["Shop"], eraseShop: (shop) => deps.shops.delete(shop) }],
  ];
  return holders;
}
