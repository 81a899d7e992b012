import type { createExportCustomerData } from "../use-cases/privacy/export-customer-data.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import { customerRequestHandler, type CustomerRequestPayload } from "./payloads.js";

/** customers/data_request: assemble what we hold on the customer into a stored export for the merchant. */
export function customersDataRequestHandler(deps: {
  exportCustomerData: ReturnType<typeof createExportCustomerData>;
}): WebhookHandler<CustomerRequestPayload> {
  return customerRequestHandler(
    (payload) => payload.orders_requested,
    (request, payload) =>
      deps.exportCustomerData({ ...request, dataRequestId: payload.data_request?.id ?? null }),
  );
}
