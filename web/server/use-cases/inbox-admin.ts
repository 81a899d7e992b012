import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import {
  payloadRemovedBy,
  type Clock,
  type DeadLetterFilter,
  type InboxEvent,
  type InboxRepository,
  type InboxStatus,
  type ShopDomain,
} from "./ports.js";

export interface InboxAdminDeps {
  inbox: InboxRepository;
  clock: Clock;
  /** Wakes the inbox worker after a replay. */
  onReplayed: () => void;
}

/** What a bulk replay did: rows back in the queue, and dead letters it could not replay and why. */
export interface BulkReplayResult {
  replayed: number;
  /** Matching DEAD rows whose payload was removed (retention or customers/redact): nothing left to process. */
  withoutPayload: number;
  reason?: string;
}

const WHY_REMOVED = {
  retention: "its payload was removed after INBOX_RETENTION_DAYS (retention)",
  redaction: "its payload was removed by a customers/redact request",
} as const;

export interface InboxFilter {
  status?: InboxStatus;
  topic?: string;
  limit: number;
  cursor?: string;
}

/** The admin's view of one shop's inbox: list, read, and replay dead letters. Every call is scoped to `shop`. */
export function createInboxAdmin(deps: InboxAdminDeps) {
  async function get(shop: ShopDomain, id: string): Promise<InboxEvent> {
    const event = await deps.inbox.get(shop, id);
    // Another shop's row is indistinguishable from a missing one.
    if (!event) throw new NotFoundError(`No inbox event ${id}`);
    return event;
  }

  return {
    list: (shop: ShopDomain, filter: InboxFilter) => deps.inbox.list(shop, filter),
    get,
    async replay(shop: ShopDomain, id: string): Promise<InboxEvent> {
      const event = await get(shop, id);
      if (event.status !== "DEAD") {
        throw new ConflictError(`Only DEAD events can be replayed; this one is ${event.status}`, {
          status: event.status,
        });
      }
      const removedBy = payloadRemovedBy(event.payload);
      if (removedBy) {
        throw new ConflictError(`This event cannot be replayed: ${WHY_REMOVED[removedBy]}`, {
          reason: removedBy === "retention" ? "payload_purged" : "payload_redacted",
        });
      }
      const replayed = await deps.inbox.replay(shop, id, deps.clock.now());
      // Null here means a concurrent replay (or a redact) got there first.
      if (!replayed) throw new ConflictError("This event was replayed or removed in the meantime");
      deps.onReplayed();
      return replayed;
    },
    /** After an outage: every DEAD row of the shop of a topic and/or received in [from, to), back in the queue. */
    async replayDead(shop: ShopDomain, filter: DeadLetterFilter): Promise<BulkReplayResult> {
      if (filter.from && filter.to && filter.from.getTime() >= filter.to.getTime()) {
        throw new ValidationError("from must be before to", { field: "from" });
      }
      const { replayed, withoutPayload } = await deps.inbox.replayDead(shop, filter, deps.clock.now());
      if (replayed > 0) deps.onReplayed();
      if (withoutPayload === 0) return { replayed, withoutPayload };
      const reason =
        `${withoutPayload} dead letter(s) cannot be replayed: their payload was removed after ` +
        "INBOX_RETENTION_DAYS (retention) or by a customers/redact request";
      // Nothing replayable at all: a refusal, not a success that did nothing.
      if (replayed === 0) throw new ConflictError(reason, { reason: "payload_removed", withoutPayload });
      return { replayed, withoutPayload, reason };
    },
  };
}
