/**
 * /api/inbox and /api/shop: the requests the routes validate and the answers they give, the admin's types with them.
 */
import { z } from "zod";
import { instant } from "./common.js";
import { INBOX_STATUSES } from "./line-enums.js";
export { INBOX_STATUSES, isInboxStatus } from "./line-enums.js";
export const MAX_INBOX_PAGE_SIZE = 100;
const topic = z.string().regex(/^[a-z_]+\/[a-z_]+$/, "expected a webhook topic such as orders/create");
/** GET /api/inbox?status=&topic=&limit=&cursor= (a repeated parameter arrives as an array and is refused). */
export const listInboxQuery = z.object({
    status: z.enum(INBOX_STATUSES).optional(),
    topic: topic.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_INBOX_PAGE_SIZE).default(25),
    cursor: z.string().min(1).max(512).optional(),
});
export const inboxEventParams = z.object({
    id: z.string().min(1).max(128),
});
/** POST /api/inbox/replay {topic?, from?, to?}: bulk replay of dead letters (ISO 8601 instants, to exclusive). */
export const replayDeadBody = z
    .object({
    topic: topic.optional(),
    from: z.iso
        .datetime({ offset: true })
        .transform((s) => new Date(s))
        .optional(),
    to: z.iso
        .datetime({ offset: true })
        .transform((s) => new Date(s))
        .optional(),
})
    .strict();
/** A list entry: no payload (personal data, and size). */
export const inboxEvent = z.object({
    id: z.string(),
    topic: z.string(),
    webhookId: z.string(),
    eventId: z.string().nullable(),
    apiVersion: z.string().nullable(),
    resourceId: z.string().nullable(),
    status: z.enum(INBOX_STATUSES),
    attempts: z.number().int(),
    triggeredAt: instant.nullable(),
    receivedAt: instant,
    processedAt: instant.nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: instant.nullable(),
});
/** GET /api/inbox/:id */
export const inboxEventDetail = inboxEvent.extend({ customerId: z.string().nullable(), payload: z.string() });
/** GET /api/inbox */
export const inboxPage = z.object({ events: z.array(inboxEvent), nextCursor: z.string().nullable() });
const inboxCounts = z.record(z.enum(INBOX_STATUSES), z.number().int());
/** GET /api/shop: the shop (its settings as domain/settings shapes them) and its inbox counts. */
export const shopOverview = z.object({
    shop: z.object({
        domain: z.string(),
        name: z.string(),
        scopes: z.string().nullable(),
        settings: z.custom((v) => typeof v === "object" && v !== null, "expected the shop's settings"),
        installedAt: instant,
        uninstalledAt: instant.nullable(),
    }),
    inbox: inboxCounts,
});
//# sourceMappingURL=inbox.js.map