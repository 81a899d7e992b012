import { createGroupCommit } from "./group-commit.js";
import type {
  InboxRecordItem,
  InboxRecordResult,
  InboxRepository,
  InboxStatus,
  Logger,
  ShopDomain,
} from "./ports.js";
import { parseShopifyJson } from "./shopify-json.js";
import { NO_IDENTITY, type DeliveryIdentity, type WebhookHandlers } from "./webhook-handlers.js";

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
  /** The batched write (group commit); default `inbox.recordBatch`. main.ts passes the driver-level one. */
  intake?: Pick<InboxRepository, "recordBatch">;
  handlers: WebhookHandlers;
  logger: Logger;
  /** Wakes the inbox worker; called after a new row is durable. */
  onRecorded: () => void;
}

/**
 * Persist first, acknowledge after (https://shopify.dev/docs/apps/build/webhooks/best-practices): the row is written
 * before the caller answers 2xx, so a crash after the answer loses nothing. The inbox is unique on
 * (shop, webhook id), so a redelivery is acknowledged without being processed twice.
 *
 * Topics without a handler are recorded as IGNORED rather than dropped: the admin can see what arrived, and the
 * row dedupes their redeliveries too.
 *
 * Nothing else happens here: processing is the inbox worker's, in another thread or process. Deliveries that arrive
 * together share one write (group commit).
 */
export function createReceiveWebhook(deps: ReceiveWebhookDeps) {
  const record = createGroupCommit<InboxRecordItem, InboxRecordResult>({
    writeBatch: (items) => (deps.intake ?? deps.inbox).recordBatch(items),
    writeOne: async ({ delivery, status }) => {
      const { event, duplicate } = await deps.inbox.record(delivery, status);
      return { id: event.id, status: event.status, duplicate };
    },
  });
  return async function receiveWebhook(delivery: VerifiedDelivery): Promise<WebhookReceipt> {
    const payload = parseShopifyJson(delivery.rawBody);
    const handler = deps.handlers[delivery.topic];
    const identity = handler ? safeIdentify(() => handler.identify(payload)) : NO_IDENTITY;
    const { rawBody, ...envelope } = delivery;
    const event = await record({
      delivery: { ...envelope, payload: rawBody, ...identity },
      status: handler ? "PENDING" : "IGNORED",
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
    deps.logger.debug("webhook recorded", fields);
    deps.onRecorded();
    return { id: event.id, outcome: "accepted", status: event.status };
  };
}

function safeIdentify(identify: () => DeliveryIdentity): DeliveryIdentity {
  try {
    return identify();
  } catch {
    return NO_IDENTITY;
  }
}
