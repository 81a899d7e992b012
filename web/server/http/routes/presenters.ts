import type { z } from "zod";
import type { inboxEvent, inboxEventDetail, shopOverview } from "../../../shared/api/inbox.js";
import type { DataExportRecord, InboxEvent, ShopRecord } from "../../use-cases/ports.js";
import type { ShopOverview } from "../../use-cases/shop-overview.js";

/** JSON shapes of the admin API, typed against web/shared/api (the admin's types). Dates serialise as ISO 8601. */

export function presentShopOverview(overview: ShopOverview): z.input<typeof shopOverview> {
  return { shop: presentShop(overview.shop), inbox: overview.inbox };
}

function presentShop(shop: ShopRecord): z.input<typeof shopOverview>["shop"] {
  return {
    domain: shop.domain,
    // Token exchange does not tell the shop's name; until something stores it, the domain stands in.
    name: shop.name ?? shop.domain,
    scopes: shop.scopes,
    settings: shop.settings,
    installedAt: shop.installedAt,
    uninstalledAt: shop.uninstalledAt,
  };
}

/** A list entry: no payload (personal data, and size). */
export function presentInboxEvent(e: InboxEvent): z.input<typeof inboxEvent> {
  return {
    id: e.id,
    topic: e.topic,
    webhookId: e.webhookId,
    eventId: e.eventId,
    apiVersion: e.apiVersion,
    resourceId: e.resourceId,
    status: e.status,
    attempts: e.attempts,
    triggeredAt: e.triggeredAt,
    receivedAt: e.receivedAt,
    processedAt: e.processedAt,
    lastError: e.lastError,
    nextAttemptAt: e.status === "PENDING" ? e.nextAttemptAt : null,
  };
}

export function presentInboxEventDetail(e: InboxEvent): z.input<typeof inboxEventDetail> {
  return { ...presentInboxEvent(e), customerId: e.customerId, payload: e.payload };
}

export function presentDataExport(e: DataExportRecord) {
  return {
    id: e.id,
    customerId: e.customerId,
    dataRequestId: e.dataRequestId,
    createdAt: e.createdAt,
    data: e.data,
  };
}
