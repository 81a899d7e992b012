/**
 * Customer care: what Waitwell does for the shopper after checkout. Consent recorded per waiting line, emails that
 * keep the promise (outbox, templates), the self-service page (accept a new date, cancel, swap), the delivery-law
 * deadlines and the incentive for waiting. main.ts builds it once and hands it to the webhook handlers, the HTTP app
 * and the customer-care job.
 */
import { orderStatusLink, type CustomerCareDeps } from "./context.js";
import type { ShopDomain } from "../ports.js";
import { createSelfService, type Substitute } from "./self-service.js";
import { createOrderEvents } from "./order-events.js";
import { createDeadlines } from "./deadlines.js";
import { createCareAdmin } from "./care-admin.js";
import { createStaffCare } from "./staff-care.js";
import { createLineRecord } from "./line-record.js";
import { createOutbox, DEFAULT_OUTBOX_OPTIONS, type OutboxOptions } from "./outbox.js";

export type { CustomerCareDeps } from "./context.js";

export interface CustomerCareOptions {
  outbox?: Partial<OutboxOptions>;
  /** In-stock substitutes the self-service page offers for a waiting line's variant. */
  substitutesOf?: (shop: ShopDomain, variantId: string) => Promise<Substitute[]>;
  /** Drain the outbox now (a test send should not wait for the next poll). */
  wake?: () => void;
}

export function createCustomerCare(deps: CustomerCareDeps, options: CustomerCareOptions = {}) {
  const orderEvents = createOrderEvents(deps);
  const outbox = createOutbox(deps, { ...DEFAULT_OUTBOX_OPTIONS, ...options.outbox });
  return {
    ...orderEvents,
    outbox,
    /** The merchant's side: settings, templates (preview, test send), messages, the to-do list. */
    admin: createCareAdmin({ ...deps, outbox, ...(options.wake ? { wake: options.wake } : {}) }),
    /** The delivery-law checks and wait incentives of one shop (deadlines.ts). */
    runDeadlines: createDeadlines(deps),
    /** The merchant's actions for customers from the backorder list: a delay notice, cancel waiting units. */
    staff: createStaffCare(deps),
    selfService: createSelfService({ ...deps, substitutesOf: options.substitutesOf ?? (async () => []) }),
    repository: deps.repository,
    /** The self-service link of an order's metafield (order-status and thank-you pages): `previous` while good. */
    orderStatusLink: (shop: ShopDomain, orderId: string, previous: string | null) =>
      Promise.resolve(orderStatusLink(deps, shop, orderId, previous)),
    /** What the customer agreed to for a line (checkout acknowledgement, accepted dates), oldest first. */
    consentsOf: (shop: ShopDomain, lineItemId: string) => deps.repository.consentsOfLines(shop, [lineItemId]),
    /** The line page's customer side: the promise, what the customer agreed to, the order's emails. */
    lineRecord: createLineRecord(deps),
  };
}

export type CustomerCare = ReturnType<typeof createCustomerCare>;
