import type {
  Clock,
  DataExportRecord,
  DataExportRepository,
  InboxRepository,
  Logger,
  ShopDomain,
} from "../ports.js";
import { parseShopifyJson } from "../shopify-json.js";
import type { CareRepository } from "../customer-care/ports.js";

export interface CustomerDataRequest {
  shop: ShopDomain;
  customerId: string;
  orderIds: string[];
  dataRequestId: string | null;
}

/**
 * customers/data_request (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance): assemble what we
 * hold on a customer (every inbox row naming them or one of the requested orders, the request itself included) into
 * a stored export the merchant hands over. A retried delivery of the same request returns the export already made.
 */
export function createExportCustomerData(deps: {
  inbox: InboxRepository;
  exports: DataExportRepository;
  /** Customer care's records: order contact facts, consents per line, emails sent, self-service actions. */
  care?: Pick<CareRepository, "customerData"> | undefined;
  clock: Clock;
  logger: Logger;
}) {
  return async function exportCustomerData(request: CustomerDataRequest): Promise<DataExportRecord> {
    if (request.dataRequestId !== null) {
      const existing = (await deps.exports.listByShop(request.shop)).find(
        (e) => e.customerId === request.customerId && e.dataRequestId === request.dataRequestId,
      );
      if (existing) return existing;
    }
    const rows = await deps.inbox.findByCustomer(request.shop, request.customerId, request.orderIds);
    const data = {
      customer: { id: request.customerId },
      ordersRequested: request.orderIds,
      webhooks: rows.map((e) => ({
        id: e.id,
        topic: e.topic,
        receivedAt: e.receivedAt.toISOString(),
        triggeredAt: e.triggeredAt?.toISOString() ?? null,
        resourceId: e.resourceId,
        payload: readPayload(e.payload),
      })),
      ...(deps.care
        ? { customerCare: await deps.care.customerData(request.shop, request.customerId, request.orderIds) }
        : {}),
    };
    const created = await deps.exports.create(
      { shop: request.shop, customerId: request.customerId, dataRequestId: request.dataRequestId, data },
      deps.clock.now(),
    );
    deps.logger.info("customer data export stored", {
      shop: request.shop,
      customerId: request.customerId,
      exportId: created.id,
      webhooks: rows.length,
    });
    return created;
  };
}

function readPayload(payload: string): unknown {
  try {
    return parseShopifyJson(payload);
  } catch {
    return payload;
  }
}
