import type { createRedactCustomer } from "../use-cases/privacy/redact-customer.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import { customerRequestHandler, type CustomerRequestPayload } from "./payloads.js";

/** customers/redact: erase what we hold on the customer and their orders. */
export function customersRedactHandler(deps: {
  redactCustomer: ReturnType<typeof createRedactCustomer>;
}): WebhookHandler<CustomerRequestPayload> {
  return customerRequestHandler(
    (payload) => payload.orders_to_redact,
    (request) => deps.redactCustomer(request),
  );
}
