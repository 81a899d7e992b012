import type { createRedactCustomer } from "../use-cases/privacy/redact-customer.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import {
  customerRequest,
  customerRequestPayload,
  identifyCustomerRequest,
  webhookHandler,
  type CustomerRequestPayload,
} from "./payloads.js";

/** customers/redact: erase what we hold on the customer and their orders. */
export function customersRedactHandler(deps: {
  redactCustomer: ReturnType<typeof createRedactCustomer>;
}): WebhookHandler<CustomerRequestPayload> {
  return webhookHandler({
    payload: customerRequestPayload,
    identify: identifyCustomerRequest,
    handle: (event, request) =>
      deps.redactCustomer(customerRequest(event.shop, request, request.orders_to_redact)),
  });
}
