import type { Clock, DataExportRecord, DataExportRepository, Logger, ShopDomain } from "../ports.js";
import { parseShopifyJson } from "../shopify-json.js";
import type { PrivacyRegistry } from "./registry.js";

export interface CustomerDataRequest {
  shop: ShopDomain;
  customerId: string;
  orderIds: string[];
  dataRequestId: string | null;
}

/**
 * customers/data_request (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance): assemble what every
 * holder of the registry keeps on a customer (inbox rows naming them or a requested order, the backorder orders,
 * customer care's records) into a stored export the merchant hands over. A retried delivery of the same request
 * returns the export already made.
 */
export function createExportCustomerData(deps: {
  registry: PrivacyRegistry;
  exports: DataExportRepository;
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
    const held: Record<string, unknown> = {};
    for (const [name, holder] of deps.registry) {
      if (holder.exportCustomer) {
        held[name] = await holder.exportCustomer(request.shop, request.customerId, request.orderIds);
      }
    }
    const { inbox, ...others } = held;
    const webhooks = Array.isArray(inbox) ? (inbox as { payload: string }[]) : [];
    const data = {
      customer: { id: request.customerId },
      ordersRequested: request.orderIds,
      // The inbox rows naming the customer, payloads parsed.
      webhooks: webhooks.map((w) => ({ ...w, payload: readPayload(w.payload) })),
      ...others,
    };
    const created = await deps.exports.create(
      { shop: request.shop, customerId: request.customerId, dataRequestId: request.dataRequestId, data },
      deps.clock.now(),
    );
    deps.logger.info("customer data export stored", {
      shop: request.shop,
      customerId: request.customerId,
      exportId: created.id,
      webhooks: webhooks.length,
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
