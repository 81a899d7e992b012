import type { createExportCustomerData } from "../use-cases/privacy/export-customer-data.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import {
  customerGid,
  customerRequestPayload,
  identifyCustomerRequest,
  orderGid,
  parsePayload,
} from "./payloads.js";

/** customers/data_request: assemble what we hold on the customer into a stored export for the merchant. */
export function customersDataRequestHandler(deps: {
  exportCustomerData: ReturnType<typeof createExportCustomerData>;
}): WebhookHandler {
  return {
    identify: identifyCustomerRequest,
    async handle(event, payload) {
      const request = parsePayload(customerRequestPayload, payload, event.topic);
      await deps.exportCustomerData({
        shop: event.shop,
        customerId: customerGid(request.customer.id),
        orderIds: (request.orders_requested ?? []).map(orderGid),
        dataRequestId: request.data_request?.id ?? null,
      });
    },
  };
}
