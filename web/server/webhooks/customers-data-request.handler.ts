import type { createExportCustomerData } from "../use-cases/privacy/export-customer-data.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import {
  customerRequest,
  customerRequestPayload,
  identifyCustomerRequest,
  webhookHandler,
  type CustomerRequestPayload,
} from "./payloads.js";

/** customers/data_request: assemble what we hold on the customer into a stored export for the merchant. */
export function customersDataRequestHandler(deps: {
  exportCustomerData: ReturnType<typeof createExportCustomerData>;
}): WebhookHandler<CustomerRequestPayload> {
  return webhookHandler({
    payload: customerRequestPayload,
    identify: identifyCustomerRequest,
    handle: (event, request) =>
      deps.exportCustomerData({
        ...customerRequest(event.shop, request, request.orders_requested),
        dataRequestId: request.data_request?.id ?? null,
      }),
  });
}
