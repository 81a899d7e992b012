import type { InboxEvent, ShopDomain } from "./ports.js";

/** Ids an inbox row is indexed by, read from the payload at intake (GID strings). */
export interface DeliveryIdentity {
  /** The order, inventory item or product the delivery is about. */
  resourceId: string | null;
  /** The customer it names, so customers/redact and customers/data_request can find it. */
  customerId: string | null;
}

export const NO_IDENTITY: DeliveryIdentity = { resourceId: null, customerId: null };

/**
 * What handles one webhook topic: parse the payload, call one use case. The registry (main.ts) maps each subscribed
 * topic to one; the intake asks it for the ids to index, the inbox worker asks it to parse and do the work.
 */
export interface WebhookHandler<Payload = unknown> {
  /** Best effort and never throws: a payload it cannot read is still recorded, and fails in `parse`. */
  identify(payload: unknown): DeliveryIdentity;
  /**
   * Checks the JSON payload once and returns what `handle` works on. Throws a ValidationError when it does not fit
   * (the worker dead-letters the row at once). Without it, `handle` gets the JSON as it is.
   */
  parse?(payload: unknown, topic: string): Payload;
  /**
   * Does the topic's work; runs at least once per delivery (after a crash it runs again), so it must be idempotent.
   * Throwing schedules a retry; a ValidationError (the payload does not fit) dead-letters the row at once.
   * `signal` is aborted when the worker's time limit for the handler passes: stop before the next write.
   */
  handle(event: InboxEvent, payload: Payload, signal?: AbortSignal): Promise<void>;
  /**
   * Optional: rows of this topic may be handled together with the other rows of the same lane. The worker gives every
   * such row of one shop in a claimed batch to the lane at once, in claim order (jobs/inbox-worker.ts); `item` is
   * what the lane works on for a row (instead of `handle`).
   */
  lane?: { lane: WebhookLane; item(event: InboxEvent, payload: Payload): unknown };
  /**
   * Optional: each delivery carries the whole state of its resource (products/update: the product with every variant)
   * and handling the newest leaves nothing for the older ones to do (the handler never lets an older copy overwrite a
   * newer one). Of such rows of one shop, topic and resource in a claimed batch, the worker handles only the newest
   * (jobs/inbox-units.ts `supersede`); the others are settled as processed.
   */
  snapshot?: boolean;
  /**
   * Optional: for this topic a body that is an empty JSON object names nothing to do. The intake records such a
   * delivery as IGNORED (without its payload) instead of leaving the worker a payload that fails `parse` (DEAD).
   */
  emptyBodyIsNothing?: boolean;
}

/**
 * Rows handled together (the backorder engine decides a shop's orders and stock levels in one step). Each row must
 * get the outcome it would have had alone, in the order given.
 */
export interface WebhookLane<Item = unknown> {
  /** One entry per item: null when it is done, else its failure (retried or dead-lettered like a handler's). */
  handleAll(shop: ShopDomain, items: Item[], signal?: AbortSignal): Promise<(unknown | null)[]>;
}

/** REST-style topic ("orders/create") → handler. A topic absent from it is not ours: recorded as IGNORED. */
export type WebhookHandlers = Readonly<Record<string, WebhookHandler | undefined>>;

/**
 * The handler of a topic, if there is one. The topic comes from a request header: an own-property lookup, so
 * `__proto__`, `constructor` or `hasOwnProperty` find nothing instead of Object.prototype's members.
 */
export function handlerFor(handlers: WebhookHandlers, topic: string): WebhookHandler | undefined {
  return Object.hasOwn(handlers, topic) ? handlers[topic] : undefined;
}
