import { z } from "zod";

export const INBOX_STATUSES = ["PENDING", "PROCESSING", "PROCESSED", "DEAD", "IGNORED"] as const;

export const MAX_PAGE_SIZE = 100;

/** GET /api/inbox?status=&topic=&limit=&cursor= (a repeated parameter arrives as an array and is refused). */
export const listInboxQuery = z.object({
  status: z.enum(INBOX_STATUSES).optional(),
  topic: z
    .string()
    .regex(/^[a-z_]+\/[a-z_]+$/, "expected a webhook topic such as orders/create")
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(25),
  cursor: z.string().min(1).max(512).optional(),
});

export const inboxEventParams = z.object({
  id: z.string().min(1).max(128),
});

/** POST /api/inbox/replay {topic?, from?, to?}: bulk replay of dead letters (ISO 8601 instants, to exclusive). */
export const replayDeadBody = z
  .object({
    topic: z
      .string()
      .regex(/^[a-z_]+\/[a-z_]+$/, "expected a webhook topic such as orders/create")
      .optional(),
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
