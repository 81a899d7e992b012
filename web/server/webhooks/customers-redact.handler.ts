import type { createRedactCustomer } from "../use-cases/privacy/redact-customer.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import {
  customerGid,
  customerRequestPayload,
  identifyCustomerRequest,
  orderGid,
  parsePayload,
} from "./payloads.js";

/** customers/redact: erase what we hold on the customer and their orders. */
export function customersRedactHandler(deps: {
  redactCustomer: ReturnType<typeof createRedactCustomer>;
}): WebhookHandler {
  return {
    identify: identifyCustomerRequest,
    async handle(event, payload) {
      const request = parsePayload(customerRequestPayload, payload, event.topic);
      await deps.redactCustomer({
        shop: event.shop,
        customerId: customerGid(request.customer.id),
        orderIds: (request.orders_to_redact ?? []).map(orderGid),
      });
    },
  };
}
