import { randomUUID } from "node:crypto";
import { decodeCursor, encodeCursor } from "../inbox-cursor.js";
import { payloadRemovedBy, PURGED_PAYLOAD, REDACTED_PAYLOAD } from "../../use-cases/ports.js";
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

/** What a redacted payload becomes: still valid JSON, so readers that parse payloads keep working. */
export { REDACTED_PAYLOAD };

const STATUSES: readonly InboxStatus[] = ["PENDING", "PROCESSING", "PROCESSED", "DEAD", "IGNORED"];

/**
 * The inbox in a Map. Every method does its reads and writes without an `await` in between, so each one is atomic
 * with respect to the others, which is what the contract's race tests check.
 */
export class MemoryInboxRepository implements InboxRepository {
  private readonly rows = new Map<string, InboxEvent>();
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  async record(
    delivery: InboxDelivery,
    status: "PENDING" | "IGNORED" = "PENDING",
  ): Promise<{ event: InboxEvent; duplicate: boolean }> {
    const existing = this.find((e) => e.shop === delivery.shop && e.webhookId === delivery.webhookId);
    if (existing) return { event: copy(existing), duplicate: true };
    this.seq += 1;
    const now = this.clock.now();
    const event: InboxEvent = {
      ...copy(delivery),
      // Zero-padded so that ids sort in insertion order, the tie-breaker for rows received in the same millisecond.
      id: `evt_${String(this.seq).padStart(10, "0")}`,
      status,
      attempts: 0,
      nextAttemptAt: new Date(now),
      lockedUntil: null,
      leaseToken: null,
      lastError: null,
      receivedAt: new Date(now),
      processedAt: null,
    };
    this.rows.set(event.id, event);
    return { event: copy(event), duplicate: false };
  }

  async recordBatch(items: InboxRecordItem[]): Promise<InboxRecordResult[]> {
    const results: InboxRecordResult[] = [];
    for (const { delivery, status } of items) {
      const { event, duplicate } = await this.record(delivery, status);
      results.push({ id: event.id, status: event.status, duplicate });
    }
    return results;
  }

  async claimDue(now: Date, limit: number, leaseMs: number, only?: InboxClaimFilter): Promise<InboxEvent[]> {
    if (limit <= 0) return [];
    const t = now.getTime();
    const onlyIds = only?.ids ? new Set(only.ids) : null;
    const due = [...this.rows.values()]
      .filter(
        (e) =>
          (!onlyIds || onlyIds.has(e.id)) &&
          (!only?.shop || e.shop === only.shop) &&
          ((e.status === "PENDING" && e.nextAttemptAt.getTime() <= t) ||
            (e.status === "PROCESSING" && e.lockedUntil !== null && e.lockedUntil.getTime() <= t)),
      )
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || compareIds(a.id, b.id))
      .slice(0, limit);
    const leaseToken = randomUUID();
    for (const e of due) {
      e.leaseToken = leaseToken;
      e.status = "PROCESSING";
      e.attempts += 1;
      e.lockedUntil = new Date(t + leaseMs);
    }
    return due.map(copy);
  }

  async stranded(dueBefore: Date, now: Date, limit: number): Promise<InboxRowRef[]> {
    return [...this.rows.values()]
      .filter(
        (e) =>
          (e.status === "PENDING" && e.nextAttemptAt.getTime() <= dueBefore.getTime()) ||
          (e.status === "PROCESSING" && e.lockedUntil !== null && e.lockedUntil.getTime() <= now.getTime()),
      )
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || compareIds(a.id, b.id))
      .slice(0, limit)
      .map((e) => ({ id: e.id, shop: e.shop, resourceId: e.resourceId }));
  }

  async markProcessed(lease: InboxLease, at: Date): Promise<boolean> {
    return this.settle(lease, { status: "PROCESSED", processedAt: new Date(at) });
  }

  async markProcessedMany(leases: InboxLease[], at: Date): Promise<Set<string>> {
    const settled = new Set<string>();
    for (const lease of leases) if (await this.markProcessed(lease, at)) settled.add(lease.id);
    return settled;
  }

  async markRetry(lease: InboxLease, error: string, nextAttemptAt: Date): Promise<boolean> {
    return this.settle(lease, {
      status: "PENDING",
      lastError: error,
      nextAttemptAt: new Date(nextAttemptAt),
    });
  }

  async markDead(lease: InboxLease, error: string): Promise<boolean> {
    return this.settle(lease, { status: "DEAD", lastError: error });
  }

  async replayDead(
    shop: ShopDomain,
    filter: DeadLetterFilter,
    now: Date,
  ): Promise<{ replayed: number; withoutPayload: number }> {
    const matching = this.filter(
      (e) =>
        e.shop === shop &&
        e.status === "DEAD" &&
        (!filter.topic || e.topic === filter.topic) &&
        (!filter.from || e.receivedAt.getTime() >= filter.from.getTime()) &&
        (!filter.to || e.receivedAt.getTime() < filter.to.getTime()),
    );
    const dead = matching.filter((e) => payloadRemovedBy(e.payload) === null);
    for (const e of dead) {
      Object.assign(e, {
        status: "PENDING",
        attempts: 0,
        nextAttemptAt: new Date(now),
        lockedUntil: null,
        leaseToken: null,
      });
    }
    return { replayed: dead.length, withoutPayload: matching.length - dead.length };
  }

  async replay(shop: ShopDomain, id: string, now: Date): Promise<InboxEvent | null> {
    const row = this.rows.get(id);
    if (!row || row.shop !== shop || row.status !== "DEAD" || payloadRemovedBy(row.payload)) return null;
    Object.assign(row, {
      status: "PENDING",
      attempts: 0,
      nextAttemptAt: new Date(now),
      lockedUntil: null,
      leaseToken: null,
    });
    return copy(row);
  }

  async get(shop: ShopDomain, id: string): Promise<InboxEvent | null> {
    const row = this.rows.get(id);
    return row && row.shop === shop ? copy(row) : null;
  }

  async list(
    shop: ShopDomain,
    filter: { status?: InboxStatus; topic?: string; limit: number; cursor?: string },
  ): Promise<{ events: InboxEvent[]; nextCursor: string | null }> {
    const limit = Math.max(1, Math.floor(filter.limit));
    const cursor = filter.cursor ? decodeCursor(filter.cursor) : null;
    const after = cursor && { receivedAt: cursor.receivedAt.getTime(), id: cursor.id };
    const matching = [...this.rows.values()]
      .filter(
        (e) =>
          e.shop === shop &&
          (!filter.status || e.status === filter.status) &&
          (!filter.topic || e.topic === filter.topic) &&
          (!after ||
            e.receivedAt.getTime() < after.receivedAt ||
            (e.receivedAt.getTime() === after.receivedAt && compareIds(e.id, after.id) < 0)),
      )
      // Newest first on (receivedAt, id): keyset pagination stays stable while new deliveries arrive.
      .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || compareIds(b.id, a.id));
    const page = matching.slice(0, limit);
    const last = page[page.length - 1];
    return {
      events: page.map(copy),
      nextCursor: matching.length > limit && last ? encodeCursor(last.receivedAt, last.id) : null,
    };
  }

  async depth(shop?: ShopDomain): Promise<number> {
    return this.filter(
      (e) => (e.status === "PENDING" || e.status === "PROCESSING") && (!shop || e.shop === shop),
    ).length;
  }

  async countByStatus(shop: ShopDomain): Promise<Record<InboxStatus, number>> {
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<InboxStatus, number>;
    for (const e of this.filter((e) => e.shop === shop)) counts[e.status] += 1;
    return counts;
  }

  async redactCustomer(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<number> {
    const names = namesCustomer(shop, customerId, orderIds);
    // Rows already carrying the marker are left alone, so a repeated customers/redact reports 0.
    const touched = this.filter(
      (e) => names(e) && !(e.payload === REDACTED_PAYLOAD && e.customerId === null),
    );
    for (const e of touched) Object.assign(e, { payload: REDACTED_PAYLOAD, customerId: null });
    return touched.length;
  }

  async findByCustomer(shop: ShopDomain, customerId: string, orderIds: string[]): Promise<InboxEvent[]> {
    return this.filter(namesCustomer(shop, customerId, orderIds))
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || compareIds(a.id, b.id))
      .map(copy);
  }

  async deleteByShop(shop: ShopDomain): Promise<number> {
    const doomed = this.filter((e) => e.shop === shop);
    for (const e of doomed) this.rows.delete(e.id);
    return doomed.length;
  }

  async purgePayloads(before: Date): Promise<number> {
    const done = new Set<InboxStatus>(["PROCESSED", "IGNORED", "DEAD"]);
    const touched = this.filter(
      (e) => done.has(e.status) && e.receivedAt < before && e.payload !== PURGED_PAYLOAD,
    );
    for (const e of touched) e.payload = PURGED_PAYLOAD;
    return touched.length;
  }

  private filter(predicate: (e: InboxEvent) => boolean): InboxEvent[] {
    return [...this.rows.values()].filter(predicate);
  }

  private find(predicate: (e: InboxEvent) => boolean): InboxEvent | undefined {
    for (const e of this.rows.values()) if (predicate(e)) return e;
    return undefined;
  }

  async renewLease(lease: InboxLease, lockedUntil: Date): Promise<boolean> {
    return this.whileLeased(lease, { lockedUntil: new Date(lockedUntil) });
  }

  private settle(lease: InboxLease, patch: Partial<InboxEvent>): boolean {
    return this.whileLeased(lease, { ...patch, lockedUntil: null, leaseToken: null });
  }

  /** Compare-and-set on the lease; a row that is gone (shop/redact while a worker held it) is skipped, as in SQL. */
  private whileLeased(lease: InboxLease, patch: Partial<InboxEvent>): boolean {
    const row = this.rows.get(lease.id);
    if (!row || !lease.leaseToken || row.status !== "PROCESSING" || row.leaseToken !== lease.leaseToken) {
      return false;
    }
    Object.assign(row, patch);
    return true;
  }
}

function namesCustomer(shop: ShopDomain, customerId: string, orderIds: string[]) {
  const orders = new Set(orderIds);
  return (e: InboxEvent) =>
    e.shop === shop && (e.customerId === customerId || (e.resourceId !== null && orders.has(e.resourceId)));
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function copy<T>(value: T): T {
  return structuredClone(value);
}
