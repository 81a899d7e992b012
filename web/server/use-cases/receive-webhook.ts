import {
  checkBodyShop,
  checkDeliveryAge,
  PRIVACY_TOPICS,
  type DeliveryCheck,
} from "../domain/webhooks/delivery-checks.js";
import { ValidationError } from "../errors.js";
import { createGroupCommit } from "./group-commit.js";
import type {
  Clock,
  InboxRecordItem,
  InboxRecordResult,
  InboxRowRef,
  InboxRepository,
  InboxStatus,
  Logger,
  InstalledShops,
  ShopDomain,
} from "./ports.js";
import { parseShopifyJson } from "./shopify-json.js";
import { handlerFor, NO_IDENTITY, type DeliveryIdentity, type WebhookHandlers } from "./webhook-handlers.js";

/** What an IGNORED row keeps instead of the body: nothing of the shop's or its customers' data. */
export const IGNORED_PAYLOAD = JSON.stringify({ ignored: true });

/** A delivery whose signature and headers were verified by the HTTP layer. */
export interface VerifiedDelivery {
  shop: ShopDomain;
  webhookId: string;
  eventId: string | null;
  topic: string;
  apiVersion: string;
  triggeredAt: Date | null;
  /** The exact signed body. */
  rawBody: string;
}

export interface WebhookReceipt {
  id: string;
  /** What this call did: a first delivery is `accepted` (or `ignored`), a redelivery changes nothing. */
  outcome: "accepted" | "ignored" | "duplicate";
  status: InboxStatus;
}

export interface ReceiveWebhookDeps {
  inbox: InboxRepository;
  /**
   * The batched write (group commit); default `inbox.recordBatch`, one write at a time. main.ts passes the
   * driver-level one, which says how many batches it can write at once.
   */
  intake?: Pick<InboxRepository, "recordBatch"> & { writesAtOnce?: number };
  /** Whether the shop is installed: deliveries for other shops are not processed. */
  shops: InstalledShops;
  handlers: WebhookHandlers;
  clock: Clock;
  logger: Logger;
  /** Deliveries whose X-Shopify-Triggered-At is older than this are refused (config.webhooks.maxAgeMs). */
  maxAgeMs: number;
  /** Wakes the inbox worker (or sends the row's job); called after a new row is durable. */
  onRecorded: (row: InboxRowRef) => void;
}

/**
 * Persist first, acknowledge after (https://shopify.dev/docs/apps/build/webhooks/best-practices): the row is written
 * before the caller answers 2xx, so a crash after the answer loses nothing. The inbox is unique on
 * (shop, webhook id), so a redelivery is acknowledged without being processed twice.
 *
 * Refused with a ValidationError (nothing written): a delivery older than maxAgeMs, and a privacy or
 * app/uninstalled body that names another shop than the (unsigned) X-Shopify-Shop-Domain header.
 *
 * Recorded as IGNORED, without the payload, and never processed: topics without a handler (the admin sees what
 * arrived and the row dedupes redeliveries), an empty object where the handler says it names nothing to do
 * (`emptyBodyIsNothing`), and every topic but the privacy ones for a shop that is not installed
 * (never installed, uninstalled, or erased by shop/redact), so a late retry cannot bring back erased data.
 *
 * Nothing else happens here: processing is the inbox worker's, in another thread or process. Deliveries that arrive
 * together share one write (group commit).
 */
export function createReceiveWebhook(deps: ReceiveWebhookDeps) {
  const record = createGroupCommit<InboxRecordItem, InboxRecordResult>({
    writeBatch: (items) => (deps.intake ?? deps.inbox).recordBatch(items),
    maxInFlight: deps.intake?.writesAtOnce ?? 1,
    writeOne: async ({ delivery, status }) => {
      const { event, duplicate } = await deps.inbox.record(delivery, status);
      return { id: event.id, status: event.status, duplicate };
    },
  });
  /**
   * A shop's lookup answers everyone who asks while it is in flight and until the end of that turn of the event loop
   * (the deliveries whose bodies arrived together): one read per shop per burst. A synchronous read (SQLite) resolves
   * at once, so without the turn each delivery would read again.
   */
  const lookups = new Map<ShopDomain, Promise<boolean>>();

  return async function receiveWebhook(delivery: VerifiedDelivery): Promise<WebhookReceipt> {
    const payload = parseShopifyJson(delivery.rawBody);
    refuseUnless(checkDeliveryAge(delivery.triggeredAt, deps.clock.now(), deps.maxAgeMs));
    refuseUnless(checkBodyShop(delivery.topic, delivery.shop, payload));
    const handler = handlerFor(deps.handlers, delivery.topic);
    const empty = handler?.emptyBodyIsNothing === true && isEmptyObject(payload);
    const process = handler !== undefined && !empty && (await acceptsTopic(delivery.shop, delivery.topic));
    const identity = process ? safeIdentify(() => handler.identify(payload)) : NO_IDENTITY;
    const { rawBody, ...envelope } = delivery;
    const event = await record({
      delivery: { ...envelope, payload: process ? rawBody : IGNORED_PAYLOAD, ...identity },
      status: process ? "PENDING" : "IGNORED",
    });
    const duplicate = event.duplicate;
    const fields = {
      shop: delivery.shop,
      topic: delivery.topic,
      webhookId: delivery.webhookId,
      id: event.id,
    };
    if (duplicate) {
      deps.logger.info("webhook redelivered; already in the inbox", { ...fields, status: event.status });
      return { id: event.id, outcome: "duplicate", status: event.status };
    }
    if (!handler) {
      deps.logger.warn("webhook topic has no handler; recorded as IGNORED", fields);
      return { id: event.id, outcome: "ignored", status: event.status };
    }
    if (!process) {
      const why = empty ? "webhook body is an empty object" : "webhook for a shop that is not installed";
      deps.logger.info(`${why}; recorded as IGNORED`, fields);
      return { id: event.id, outcome: "ignored", status: event.status };
    }
    deps.logger.debug("webhook recorded", fields);
    deps.onRecorded({ id: event.id, shop: delivery.shop, resourceId: identity.resourceId });
    return { id: event.id, outcome: "accepted", status: event.status };
  };

  async function acceptsTopic(shop: ShopDomain, topic: string): Promise<boolean> {
    if (PRIVACY_TOPICS.has(topic)) return true;
    let lookup = lookups.get(shop);
    if (!lookup) {
      const mine: Promise<boolean> = deps.shops.isInstalled(shop).finally(() =>
        setImmediate(() => {
          if (lookups.get(shop) === mine) lookups.delete(shop);
        }),
      );
      lookups.set(shop, mine);
      lookup = mine;
    }
    return lookup;
  }
}

function refuseUnless(check: DeliveryCheck): void {
  if (!check.ok) throw new ValidationError(check.reason);
}

function isEmptyObject(payload: unknown): boolean {
  return (
    typeof payload === "object" &&
    payload !== null &&
    !Array.isArray(payload) &&
    Object.keys(payload).length === 0
  );
}

function safeIdentify(identify: () => DeliveryIdentity): DeliveryIdentity {
  try {
    return identify();
  } catch {
    return NO_IDENTITY;
  }
}
