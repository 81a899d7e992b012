import { randomBytes, randomUUID } from "node:crypto";
import type {
  Clock,
  DeadLetterFilter,
  InboxClaimFilter,
  InboxLease,
  InboxDelivery,
  InboxEvent,
  InboxRecordItem,
  InboxRecordResult,
  InboxRepository,
  InboxRowRef,
  InboxStatus,
  ShopDomain,
} from "../../use-cases/ports.js";
import { PURGED_PAYLOAD, REDACTED_PAYLOAD, REMOVED_PAYLOADS } from "../../use-cases/ports.js";
import type { Db } from "./client.js";
import { claimDuePg, claimDueSqlite } from "./inbox-claim.js";
import { Prisma, type WebhookEvent } from "./generated/sqlite/client.js";
import { decodeCursor, encodeCursor } from "../inbox-cursor.js";
import { storedShop } from "./shop-column.js";

/** What a redacted payload is replaced with: valid JSON, so readers that parse payloads keep working. */
export { REDACTED_PAYLOAD };

const STATUSES: readonly InboxStatus[] = ["PENDING", "PROCESSING", "PROCESSED", "DEAD", "IGNORED"];

export type Provider = "sqlite" | "postgresql";

export class PrismaInboxRepository implements InboxRepository {
  constructor(
    private readonly db: Db,
    private readonly provider: Provider,
    private readonly clock: Clock,
  ) {}

  async record(
    delivery: InboxDelivery,
    status: "PENDING" | "IGNORED" = "PENDING",
  ): Promise<{ event: InboxEvent; duplicate: boolean }> {
    const now = this.clock.now();
    try {
      const row = await this.db.webhookEvent.create({
        data: {
          shop: delivery.shop,
          webhookId: delivery.webhookId,
          eventId: delivery.eventId,
          topic: delivery.topic,
          apiVersion: delivery.apiVersion,
          triggeredAt: delivery.triggeredAt,
          payload: delivery.payload,
          resourceId: delivery.resourceId,
          customerId: delivery.customerId,
          status,
          // Set explicitly: a SQLite column default (CURRENT_TIMESTAMP) is not in the ISO format Prisma writes, and
          // claimDue compares these as text there.
          receivedAt: now,
          nextAttemptAt: now,
        },
      });
      return { event: toEvent(row), duplicate: false };
    } catch (e) {
      // Shopify redelivers, sometimes concurrently: the unique (shop, webhookId) index decides who was first, so
      // there is no read-then-insert window.
      if (!isUniqueViolation(e)) throw e;
      const row = await this.db.webhookEvent.findUnique({
        where: { shop_webhookId: { shop: delivery.shop, webhookId: delivery.webhookId } },
      });
      if (!row) throw e; // the winner was deleted in between (shop/redact); let the caller retry
      return { event: toEvent(row), duplicate: true };
    }
  }

  /**
   * The group commit: one multi-row `INSERT … ON CONFLICT ("shop", "webhookId") DO NOTHING RETURNING` (one statement,
   * so one transaction and one commit whatever the number of rows). Rows the insert skipped were there already (or
   * earlier in the batch); they are read back in one query.
   */
  async recordBatch(items: InboxRecordItem[]): Promise<InboxRecordResult[]> {
    if (items.length === 0) return [];
    const now = this.clock.now();
    const key = (shop: string, webhookId: string) => `${shop}\u0000${webhookId}`;
    const firstOf = new Map<string, { id: string; status: InboxRecordItem["status"] }>();
    const rows: Prisma.Sql[] = [];
    for (const { delivery: d, status } of items) {
      const k = key(d.shop, d.webhookId);
      if (firstOf.has(k)) continue;
      const id = newRowId();
      firstOf.set(k, { id, status });
      const statusValue =
        this.provider === "postgresql" ? Prisma.sql`${status}::"InboxStatus"` : Prisma.sql`${status}`;
      rows.push(
        Prisma.sql`(${id}, ${d.shop}, ${d.webhookId}, ${d.eventId}, ${d.topic}, ${d.apiVersion}, ${d.triggeredAt},
          ${d.payload}, ${d.resourceId}, ${d.customerId}, ${statusValue}, 0, ${now}, ${now})`,
      );
    }
    const inserted = await this.db.$queryRaw<{ id: string }[]>`
      INSERT INTO "WebhookEvent" ("id", "shop", "webhookId", "eventId", "topic", "apiVersion", "triggeredAt",
        "payload", "resourceId", "customerId", "status", "attempts", "nextAttemptAt", "receivedAt")
      VALUES ${Prisma.join(rows)}
      ON CONFLICT ("shop", "webhookId") DO NOTHING
      RETURNING "id"`;
    const fresh = new Set(inserted.map((r) => r.id));
    const skipped = [...firstOf.entries()].filter(([, v]) => !fresh.has(v.id)).map(([k]) => k);
    const existing = new Map<string, { id: string; status: InboxStatus }>();
    if (skipped.length > 0) {
      const found = await this.db.webhookEvent.findMany({
        where: {
          OR: items
            .filter(({ delivery: d }) => skipped.includes(key(d.shop, d.webhookId)))
            .map(({ delivery: d }) => ({ shop: d.shop, webhookId: d.webhookId })),
        },
        select: { id: true, status: true, shop: true, webhookId: true },
      });
      for (const row of found) existing.set(key(row.shop, row.webhookId), row);
    }
    const claimed = new Set<string>();
    return items.map(({ delivery: d }) => {
      const k = key(d.shop, d.webhookId);
      const mine = firstOf.get(k)!;
      if (fresh.has(mine.id) && !claimed.has(k)) {
        claimed.add(k);
        return { id: mine.id, status: mine.status, duplicate: false };
      }
      const row = fresh.has(mine.id) ? { id: mine.id, status: mine.status } : existing.get(k);
      // The first copy was deleted in between (shop/redact): the caller answers 5xx and Shopify retries.
      if (!row) throw new Error(`inbox row for webhook ${d.webhookId} vanished while recording`);
      return { id: row.id, status: row.status, duplicate: true };
    });
  }

  async claimDue(now: Date, limit: number, leaseMs: number, only?: InboxClaimFilter): Promise<InboxEvent[]> {
    if (limit <= 0 || only?.ids?.length === 0) return [];
    const claim = {
      now,
      limit,
      lockedUntil: new Date(now.getTime() + leaseMs),
      // One token per claim: a later claim of the same row (after this lease ran out) gets another one.
      leaseToken: randomUUID(),
      only,
    };
    if (this.provider === "postgresql") return claimDuePg(this.db, claim);
    return (await claimDueSqlite(this.db, claim)).map(toEvent);
  }

  async stranded(dueBefore: Date, now: Date, limit: number): Promise<InboxRowRef[]> {
    const rows = await this.db.webhookEvent.findMany({
      where: {
        OR: [
          { status: "PENDING", nextAttemptAt: { lte: dueBefore } },
          { status: "PROCESSING", lockedUntil: { lte: now } },
        ],
      },
      orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
      take: limit,
      select: { id: true, shop: true, resourceId: true },
    });
    return rows.map((r) => ({ ...r, shop: storedShop(r.shop) }));
  }

  // The mark* methods write only while the lease is ours (compare-and-set on the token in one UPDATE): a worker that
  // outlived its lease, or whose row shop/redact deleted, changes nothing.
  async markProcessed(lease: InboxLease, at: Date): Promise<boolean> {
    return this.settle(lease, Prisma.sql`"status" = 'PROCESSED', "processedAt" = ${at}`);
  }

  async markProcessedMany(leases: InboxLease[], at: Date): Promise<Set<string>> {
    const settled = new Set<string>();
    const byToken = new Map<string, string[]>();
    for (const { id, leaseToken } of leases)
      if (leaseToken) byToken.set(leaseToken, [...(byToken.get(leaseToken) ?? []), id]);
    // One statement per lease token (a claim gives its rows one token). Rows another worker took meanwhile do not
    // match; only then are the rows read back to tell which did.
    for (const [leaseToken, ids] of byToken) {
      const idIn =
        this.provider === "postgresql" ? Prisma.sql`= ANY(${ids})` : Prisma.sql`IN (${Prisma.join(ids)})`;
      const count = await this.db.$executeRaw`
        UPDATE "WebhookEvent"
           SET "status" = 'PROCESSED', "processedAt" = ${at}, "lockedUntil" = NULL, "leaseToken" = NULL
         WHERE "id" ${idIn} AND "status" = 'PROCESSING' AND "leaseToken" = ${leaseToken}`;
      if (count === ids.length) {
        ids.forEach((id) => settled.add(id));
        continue;
      }
      const rows = await this.db.webhookEvent.findMany({
        where: { id: { in: ids }, status: "PROCESSED", processedAt: at },
        select: { id: true },
      });
      rows.forEach((r) => settled.add(r.id));
    }
    return settled;
  }

  async markRetry(lease: InboxLease, error: string, nextAttemptAt: Date): Promise<boolean> {
    return this.settle(
      lease,
      Prisma.sql`"status" = 'PENDING', "lastError" = ${error}, "nextAttemptAt" = ${nextAttemptAt}`,
    );
  }

  async markDead(lease: InboxLease, error: string): Promise<boolean> {
    return this.settle(lease, Prisma.sql`"status" = 'DEAD', "lastError" = ${error}`);
  }

  async renewLease(lease: InboxLease, lockedUntil: Date): Promise<boolean> {
    return this.whileLeased(lease, Prisma.sql`"lockedUntil" = ${lockedUntil}`);
  }

  private settle(lease: InboxLease, set: Prisma.Sql): Promise<boolean> {
    return this.whileLeased(lease, Prisma.sql`${set}, "lockedUntil" = NULL, "leaseToken" = NULL`);
  }

  /**
   * One raw UPDATE: Prisma's updateMany wraps its statement in a transaction of its own on SQLite (a BEGIN and a
   * COMMIT per row settled). The statuses are literals: PostgreSQL casts a literal to the enum, not a text parameter.
   */
  private async whileLeased(lease: InboxLease, set: Prisma.Sql): Promise<boolean> {
    if (!lease.leaseToken) return false;
    const count = await this.db.$executeRaw`
      UPDATE "WebhookEvent" SET ${set}
       WHERE "id" = ${lease.id} AND "status" = 'PROCESSING' AND "leaseToken" = ${lease.leaseToken}`;
    return count === 1;
  }

  async replay(shop: ShopDomain, id: string, now: Date): Promise<InboxEvent | null> {
    // The status condition in the UPDATE (not a prior read) is what makes two concurrent replays resurrect it once.
    // updateMany is one statement; updateManyAndReturn would be a transaction, which on SQLite holds a read snapshot
    // while it waits to write and fails against a concurrent writer.
    const { count } = await this.db.webhookEvent.updateMany({
      where: { id, shop, status: "DEAD", payload: { notIn: [...REMOVED_PAYLOADS] } },
      data: { status: "PENDING", attempts: 0, nextAttemptAt: now, lockedUntil: null, leaseToken: null },
    });
    return count === 1 ? this.get(shop, id) : null;
  }

  async replayDead(
    shop: ShopDomain,
    filter: DeadLetterFilter,
    now: Date,
  ): Promise<{ replayed: number; withoutPayload: number }> {
    const receivedAt = {
      ...(filter.from ? { gte: filter.from } : {}),
      ...(filter.to ? { lt: filter.to } : {}),
    };
    const where = {
      shop,
      status: "DEAD" as const,
      ...(filter.topic ? { topic: filter.topic } : {}),
      ...(filter.from || filter.to ? { receivedAt } : {}),
    };
    const { count } = await this.db.webhookEvent.updateMany({
      where: { ...where, payload: { notIn: [...REMOVED_PAYLOADS] } },
      data: { status: "PENDING", attempts: 0, nextAttemptAt: now, lockedUntil: null, leaseToken: null },
    });
    const withoutPayload = await this.db.webhookEvent.count({
      where: { ...where, payload: { in: [...REMOVED_PAYLOADS] } },
    });
    return { replayed: count, withoutPayload };
  }

  async get(shop: ShopDomain, id: string): Promise<InboxEvent | null> {
    const row = await this.db.webhookEvent.findFirst({ where: { id, shop } });
    return row ? toEvent(row) : null;
  }

  async list(
    shop: ShopDomain,
    filter: { status?: InboxStatus; topic?: string; limit: number; cursor?: string },
  ): Promise<{ events: InboxEvent[]; nextCursor: string | null }> {
    const limit = Math.max(1, Math.floor(filter.limit));
    const after = filter.cursor ? decodeCursor(filter.cursor) : null;
    const rows = await this.db.webhookEvent.findMany({
      where: {
        shop,
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.topic ? { topic: filter.topic } : {}),
        // Keyset pagination on (receivedAt, id): stable while new deliveries arrive, unlike OFFSET.
        ...(after
          ? {
              OR: [
                { receivedAt: { lt: after.receivedAt } },
                { receivedAt: after.receivedAt, id: { lt: after.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      events: page.map(toEvent),
      nextCursor: rows.length > limit && last ? encodeCursor(last.receivedAt, last.id) : null,
    };
  }

  async depth(shop?: ShopDomain): Promise<number> {
    return this.db.webhookEvent.count({
      where: { status: { in: ["PENDING", "PROCESSING"] }, ...(shop ? { shop } : {}) },
    });
  }

  async countByStatus(shop: ShopDomain): Promise<Record<InboxStatus, number>> {
    const groups = await this.db.webhookEvent.groupBy({
      by: ["status"],
      where: { shop },
      _count: { _all: true },
    });
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<InboxStatus, number>;
    for (const g of groups) counts[g.status] = g._count._all;
    return counts;
  }

  async redactCustomer(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<number> {
    // Rows already carrying the marker are left alone, so a repeated customers/redact reports 0.
    const { count } = await this.db.webhookEvent.updateMany({
      where: {
        shop,
        ...customerFilter(customerId, orderIds),
        NOT: { payload: REDACTED_PAYLOAD, customerId: null },
      },
      data: { payload: REDACTED_PAYLOAD, customerId: null },
    });
    return count;
  }

  async findByCustomer(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<InboxEvent[]> {
    const rows = await this.db.webhookEvent.findMany({
      where: { shop, ...customerFilter(customerId, orderIds) },
      orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    });
    return rows.map(toEvent);
  }

  async deleteByShop(shop: ShopDomain): Promise<number> {
    return (await this.db.webhookEvent.deleteMany({ where: { shop } })).count;
  }
  async purgePayloads(before: Date): Promise<number> {
    const { count } = await this.db.webhookEvent.updateMany({
      where: {
        status: { in: ["PROCESSED", "IGNORED", "DEAD"] },
        receivedAt: { lt: before },
        NOT: { payload: PURGED_PAYLOAD },
      },
      data: { payload: PURGED_PAYLOAD },
    });
    return count;
  }
}

let lastMs = 0;
let counter = 0;

/**
 * A collision-resistant id that sorts by creation time within this process (like Prisma's cuid, which the model's
 * `@default(cuid())` uses for rows it creates): c + ms (base 36) + a per-ms counter + 64 random bits.
 */
export function newRowId(): string {
  const ms = Date.now();
  counter = ms === lastMs ? counter + 1 : 0;
  lastMs = ms;
  return (
    "c" +
    ms.toString(36).padStart(9, "0") +
    counter.toString(36).padStart(4, "0") +
    randomBytes(8).toString("hex").slice(0, 12)
  );
}

function customerFilter(customerId: string, orderIds: string[]): Prisma.WebhookEventWhereInput {
  return {
    OR: [{ customerId }, ...(orderIds.length > 0 ? [{ resourceId: { in: orderIds } }] : [])],
  };
}

function toEvent(row: WebhookEvent): InboxEvent {
  return {
    id: row.id,
    shop: storedShop(row.shop),
    webhookId: row.webhookId,
    eventId: row.eventId,
    topic: row.topic,
    apiVersion: row.apiVersion,
    triggeredAt: row.triggeredAt,
    payload: row.payload,
    resourceId: row.resourceId,
    customerId: row.customerId,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lockedUntil: row.lockedUntil,
    leaseToken: row.leaseToken,
    lastError: row.lastError,
    receivedAt: row.receivedAt,
    processedAt: row.processedAt,
  };
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}
