import { describe, expect, it } from "vitest";
import {
  PURGED_PAYLOAD,
  type InboxEvent,
  type InboxRepository,
  type InboxStatus,
} from "../../web/server/use-cases/ports.js";
import { SHOP_A, SHOP_B, afterNow, delivery, sleep, useStore, type StoreFactory } from "./harness.js";

const LEASE = 60_000;

async function recordNew(inbox: InboxRepository, ...args: Parameters<typeof delivery>): Promise<InboxEvent> {
  const { event, duplicate } = await inbox.record(delivery(...args));
  expect(duplicate).toBe(false);
  return event;
}

/** Records rows a few ms apart so "newest first" has a single right answer. */
async function recordSpaced(inbox: InboxRepository, n: number, ...args: Parameters<typeof delivery>) {
  const events: InboxEvent[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) await sleep(3);
    events.push(await recordNew(inbox, ...args));
  }
  return events;
}

/** The current lease of a row, as the worker holding it knows it. */
async function leaseOf(
  inbox: InboxRepository,
  e: Pick<InboxEvent, "id" | "shop">,
): Promise<Pick<InboxEvent, "id" | "leaseToken">> {
  const row = await inbox.get(e.shop, e.id);
  return { id: e.id, leaseToken: row?.leaseToken ?? null };
}

/** Drives a row to DEAD the way the worker does: claim it, then give up. */
async function makeDead(inbox: InboxRepository, id: string): Promise<void> {
  const claimed = await inbox.claimDue(afterNow(), 1_000, LEASE);
  const mine = claimed.find((e) => e.id === id);
  expect(mine).toBeDefined();
  expect(await inbox.markDead(mine!, "boom")).toBe(true);
}

export function inboxRepositoryContract(factory: StoreFactory): void {
  describe("InboxRepository", () => {
    const store = useStore(factory);

    describe("recordBatch", () => {
      it("stores each new delivery once, in one call, and answers in the order given", async () => {
        const { inbox } = store().repos;
        const existing = await recordNew(inbox);
        const a = delivery();
        const b = delivery({ topic: "carts/update" });
        const results = await inbox.recordBatch([
          { delivery: a, status: "PENDING" },
          { delivery: { ...existing, payload: "{}" }, status: "PENDING" },
          { delivery: b, status: "IGNORED" },
          { delivery: { ...a, payload: "{}" }, status: "PENDING" },
        ]);
        expect(results).toEqual([
          { id: expect.any(String), status: "PENDING", duplicate: false },
          { id: existing.id, status: "PENDING", duplicate: true },
          { id: expect.any(String), status: "IGNORED", duplicate: false },
          { id: results[0]!.id, status: "PENDING", duplicate: true },
        ]);
        expect(await inbox.get(SHOP_A, results[0]!.id)).toMatchObject({
          ...a,
          status: "PENDING",
          attempts: 0,
        });
        expect(await inbox.get(SHOP_A, results[2]!.id)).toMatchObject({ ...b, status: "IGNORED" });
        expect((await inbox.get(SHOP_A, existing.id))?.payload).toBe(existing.payload);
        const due = await inbox.claimDue(afterNow(), 100, LEASE);
        expect(due.map((e) => e.id).sort()).toEqual([existing.id, results[0]!.id].sort());
      });

      it("answers an empty batch with nothing", async () => {
        expect(await store().repos.inbox.recordBatch([])).toEqual([]);
      });
    });

    describe("record", () => {
      it("stores a new delivery as PENDING, due at once, with every field intact", async () => {
        const { inbox } = store().repos;
        const d = delivery({ payload: '{"id":1,  "note":"spacing and ünïcödé kept \\u00e9"}' });
        const before = Date.now();
        const { event, duplicate } = await inbox.record(d);
        const after = Date.now();
        expect(duplicate).toBe(false);
        expect(event).toEqual({
          ...d,
          id: expect.any(String),
          status: "PENDING",
          attempts: 0,
          nextAttemptAt: expect.any(Date),
          lockedUntil: null,
          leaseToken: null,
          lastError: null,
          receivedAt: expect.any(Date),
          processedAt: null,
        });
        expect(event.receivedAt.getTime()).toBeGreaterThanOrEqual(before);
        expect(event.receivedAt.getTime()).toBeLessThanOrEqual(after);
        expect(event.nextAttemptAt.getTime()).toBeLessThanOrEqual(after);
        expect(await inbox.get(SHOP_A, event.id)).toEqual(event);
      });

      it("keeps null optional fields null", async () => {
        const { inbox } = store().repos;
        const d = delivery({ eventId: null, triggeredAt: null, resourceId: null, customerId: null });
        const { event } = await inbox.record(d);
        expect(await inbox.get(SHOP_A, event.id)).toMatchObject({
          eventId: null,
          triggeredAt: null,
          resourceId: null,
          customerId: null,
        });
      });

      it("stores an IGNORED delivery that is never claimed nor counted as work", async () => {
        const { inbox } = store().repos;
        const { event } = await inbox.record(delivery({ topic: "unknown/topic" }), "IGNORED");
        expect(event.status).toBe("IGNORED");
        expect(await inbox.claimDue(afterNow(), 10, LEASE)).toEqual([]);
        expect(await inbox.depth()).toBe(0);
      });

      it("answers a redelivery with duplicate: true and the stored row, unchanged", async () => {
        const { inbox } = store().repos;
        const d = delivery();
        const first = await recordNew(inbox, d);
        await inbox.claimDue(afterNow(), 10, LEASE);
        await inbox.markProcessed(await leaseOf(inbox, first), afterNow());
        const stored = await inbox.get(SHOP_A, first.id);

        const again = await inbox.record(
          { ...d, payload: '{"changed":true}', topic: "orders/updated" },
          "IGNORED",
        );
        expect(again.duplicate).toBe(true);
        expect(again.event).toEqual(stored);
        expect((await inbox.list(SHOP_A, { limit: 10 })).events).toHaveLength(1);
      });

      it("scopes webhook ids to the shop", async () => {
        const { inbox } = store().repos;
        const a = await recordNew(inbox, { shop: SHOP_A, webhookId: "same-id" });
        const b = await recordNew(inbox, { shop: SHOP_B, webhookId: "same-id" });
        expect(a.id).not.toBe(b.id);
      });

      it("keeps one row when identical deliveries race on separate connections", async () => {
        const s = store();
        const connections = [s.repos, await s.connect(), await s.connect()];
        for (let round = 0; round < 3; round++) {
          const d = delivery();
          const results = await Promise.all(
            [0, 1, 2, 3, 4, 5].map((i) => connections[i % connections.length]!.inbox.record(d)),
          );
          expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
          expect(new Set(results.map((r) => r.event.id)).size).toBe(1);
        }
        expect((await s.repos.inbox.list(SHOP_A, { limit: 100 })).events).toHaveLength(3);
      });
    });

    describe("claimDue", () => {
      it("leases due rows: PROCESSING, one more attempt, locked until now + lease", async () => {
        const { inbox } = store().repos;
        const e = await recordNew(inbox);
        const now = new Date(afterNow().getTime() + 7); // an odd millisecond, to catch rounding
        const [claimed, ...rest] = await inbox.claimDue(now, 10, LEASE);
        expect(rest).toEqual([]);
        const expected = {
          ...e,
          status: "PROCESSING",
          attempts: 1,
          lockedUntil: new Date(now.getTime() + LEASE),
          leaseToken: expect.any(String),
        };
        expect(claimed).toEqual(expected);
        expect(await inbox.get(SHOP_A, e.id)).toEqual(expected);
      });

      it("takes at most `limit` rows, the earliest due first, across shops", async () => {
        const { inbox } = store().repos;
        const events = [
          await recordNew(inbox, { shop: SHOP_A }),
          await recordNew(inbox, { shop: SHOP_B }),
          await recordNew(inbox, { shop: SHOP_A }),
        ];
        // Give each row a distinct due time, in the reverse of insertion order.
        expect(await inbox.claimDue(afterNow(), 10, LEASE)).toHaveLength(3);
        const base = afterNow().getTime();
        for (const [i, e] of events.entries()) {
          await inbox.markRetry(
            await leaseOf(inbox, e),
            "later",
            new Date(base + (events.length - i) * 1_000),
          );
        }
        const now = new Date(base + 10_000);
        expect(await inbox.claimDue(now, 0, LEASE)).toEqual([]);
        const first = await inbox.claimDue(now, 2, LEASE);
        expect(first.map((e) => e.id)).toEqual([events[2]!.id, events[1]!.id]);
        expect((await inbox.claimDue(now, 2, LEASE)).map((e) => e.id)).toEqual([events[0]!.id]);
        expect(await inbox.claimDue(now, 2, LEASE)).toEqual([]);
      });

      it("with ids, claims only those of them that are due (a job queue's jobs name their rows)", async () => {
        const { inbox } = store().repos;
        const [a, b, c] = [await recordNew(inbox), await recordNew(inbox), await recordNew(inbox)];
        expect(await inbox.claimDue(afterNow(), 10, LEASE, { ids: [] })).toEqual([]);
        const claimed = await inbox.claimDue(afterNow(), 10, LEASE, { ids: [a.id, c.id, "no-such-row"] });
        expect(claimed.map((e) => e.id).sort()).toEqual([a.id, c.id].sort());
        // Already leased: a second job for the same row gets nothing.
        expect(await inbox.claimDue(afterNow(), 10, LEASE, { ids: [a.id] })).toEqual([]);
        expect((await inbox.claimDue(afterNow(), 10, LEASE)).map((e) => e.id)).toEqual([b.id]);
      });

      it("with a shop, claims only that shop's due rows, oldest first (a shop's turn of a job queue)", async () => {
        const { inbox } = store().repos;
        const [a1, a2] = await recordSpaced(inbox, 2);
        const [b1, b2] = await recordSpaced(inbox, 2, { shop: SHOP_B });
        const first = await inbox.claimDue(afterNow(), 1, LEASE, { shop: SHOP_B });
        expect(first.map((e) => e.id)).toEqual([b1!.id]);
        expect((await inbox.claimDue(afterNow(), 10, LEASE, { shop: SHOP_B })).map((e) => e.id)).toEqual([
          b2!.id,
        ]);
        expect(await inbox.claimDue(afterNow(), 10, LEASE, { shop: SHOP_B })).toEqual([]);
        // Both conditions: the shop's rows among the ids named.
        expect(await inbox.claimDue(afterNow(), 10, LEASE, { shop: SHOP_B, ids: [a1!.id] })).toEqual([]);
        const rest = await inbox.claimDue(afterNow(), 10, LEASE, { shop: SHOP_A });
        expect(rest.map((e) => e.id)).toEqual([a1!.id, a2!.id]);
      });

      it("stranded: rows due before the cut-off and rows whose lease ended, as job references", async () => {
        const { inbox } = store().repos;
        const leased = await recordNew(inbox, { shop: SHOP_B });
        const now = afterNow();
        await inbox.claimDue(now, 1, LEASE);
        const fresh = await recordNew(inbox, { shop: SHOP_A });
        // The fresh row is due since it was recorded, but not before the cut-off a minute ago.
        expect(await inbox.stranded(new Date(now.getTime() - 60_000), now, 10)).toEqual([]);
        const all = await inbox.stranded(afterNow(), new Date(now.getTime() + LEASE), 10);
        expect(all).toEqual(
          expect.arrayContaining([
            { id: leased.id, shop: SHOP_B, resourceId: leased.resourceId },
            { id: fresh.id, shop: SHOP_A, resourceId: fresh.resourceId },
          ]),
        );
        expect(all).toHaveLength(2);
        expect(await inbox.stranded(afterNow(), now, 1)).toHaveLength(1);
      });

      it("claims a row once nextAttemptAt <= now, not a millisecond before", async () => {
        const { inbox } = store().repos;
        const e = await recordNew(inbox);
        await inbox.claimDue(afterNow(), 10, LEASE);
        const due = new Date(afterNow(5_000).getTime() + 321);
        await inbox.markRetry(await leaseOf(inbox, e), "temporary", due);
        expect(await inbox.claimDue(new Date(due.getTime() - 1), 10, LEASE)).toEqual([]);
        const [claimed] = await inbox.claimDue(due, 10, LEASE);
        expect(claimed).toMatchObject({ id: e.id, attempts: 2, nextAttemptAt: due });
      });

      it("does not hand out a leased row until its lease expires, then does (crash recovery)", async () => {
        const { inbox } = store().repos;
        const e = await recordNew(inbox);
        const now = afterNow();
        await inbox.claimDue(now, 10, LEASE);
        expect(await inbox.claimDue(new Date(now.getTime() + LEASE - 1), 10, LEASE)).toEqual([]);
        expect(await inbox.depth()).toBe(1);
        const later = new Date(now.getTime() + LEASE + 1);
        const [reclaimed] = await inbox.claimDue(later, 10, 5_000);
        expect(reclaimed).toMatchObject({
          id: e.id,
          status: "PROCESSING",
          attempts: 2,
          lockedUntil: new Date(later.getTime() + 5_000),
        });
      });

      it("never claims PROCESSED, DEAD or IGNORED rows", async () => {
        const { inbox } = store().repos;
        const processed = await recordNew(inbox);
        const dead = await recordNew(inbox);
        await inbox.record(delivery(), "IGNORED");
        await inbox.claimDue(afterNow(), 10, LEASE);
        await inbox.markProcessed(await leaseOf(inbox, processed), afterNow());
        await inbox.markDead(await leaseOf(inbox, dead), "fatal");
        expect(await inbox.claimDue(afterNow(10 * LEASE), 10, LEASE)).toEqual([]);
      });

      it("never hands one row to two concurrent claimers on separate connections", async () => {
        const s = store();
        const total = 36;
        for (let i = 0; i < total; i++)
          await s.repos.inbox.record(delivery({ shop: i % 2 ? SHOP_A : SHOP_B }));
        const connections = [s.repos, await s.connect(), await s.connect(), await s.connect()];
        const now = afterNow();
        const claimer = async (inbox: InboxRepository) => {
          const mine: string[] = [];
          for (;;) {
            const batch = await inbox.claimDue(now, 3, LEASE);
            if (batch.length === 0) return mine;
            mine.push(...batch.map((e) => e.id));
          }
        };
        // Two claimers per connection, so the pools also race against themselves.
        const results = await Promise.all(connections.flatMap((c) => [claimer(c.inbox), claimer(c.inbox)]));
        const all = results.flat();
        expect(all).toHaveLength(total);
        expect(new Set(all).size).toBe(total);
        const counts = await Promise.all([SHOP_A, SHOP_B].map((shop) => s.repos.inbox.countByStatus(shop)));
        expect(counts.map((c) => c.PROCESSING)).toEqual([total / 2, total / 2]);
        const listed = (await s.repos.inbox.list(SHOP_A, { limit: 100 })).events;
        expect(listed.every((e) => e.attempts === 1)).toBe(true);
      });
    });

    describe("outcomes", () => {
      it("markProcessed finishes the row and releases the lease", async () => {
        const { inbox } = store().repos;
        const e = await recordNew(inbox);
        await inbox.claimDue(afterNow(), 10, LEASE);
        const at = new Date(Date.UTC(2026, 10, 24, 12, 0, 0, 999));
        await inbox.markProcessed(await leaseOf(inbox, e), at);
        expect(await inbox.get(SHOP_A, e.id)).toMatchObject({
          status: "PROCESSED",
          processedAt: at,
          lockedUntil: null,
          attempts: 1,
        });
        expect(await inbox.depth()).toBe(0);
      });

      it("markProcessedMany finishes the rows still ours in one write and answers which", async () => {
        const { inbox } = store().repos;
        const rows = [await recordNew(inbox), await recordNew(inbox), await recordNew(inbox)];
        const now = afterNow();
        const first = await inbox.claimDue(now, 10, 1_000);
        expect(first.map((e) => e.id).sort()).toEqual(rows.map((e) => e.id).sort());
        // The lease of the batch runs out; another worker takes one row of it again.
        const later = new Date(now.getTime() + 1_001);
        const [taken] = await inbox.claimDue(later, 1, LEASE, { ids: [rows[1]!.id] });
        const at = new Date(Date.UTC(2026, 10, 24, 12, 0, 0, 7));
        const settled = await inbox.markProcessedMany(first, at);
        expect([...settled].sort()).toEqual([rows[0]!.id, rows[2]!.id].sort());
        for (const row of [rows[0]!, rows[2]!])
          expect(await inbox.get(SHOP_A, row.id)).toMatchObject({
            status: "PROCESSED",
            processedAt: at,
            lockedUntil: null,
            leaseToken: null,
          });
        expect(await inbox.get(SHOP_A, rows[1]!.id)).toMatchObject({
          status: "PROCESSING",
          leaseToken: taken!.leaseToken,
        });
        expect(await inbox.markProcessedMany([], at)).toEqual(new Set());
      });

      it("markRetry puts the row back to PENDING with the error and the next attempt time", async () => {
        const { inbox } = store().repos;
        const e = await recordNew(inbox);
        await inbox.claimDue(afterNow(), 10, LEASE);
        const next = new Date(Date.UTC(2031, 0, 1, 0, 0, 0, 42));
        await inbox.markRetry(await leaseOf(inbox, e), "Shopify 503", next);
        expect(await inbox.get(SHOP_A, e.id)).toMatchObject({
          status: "PENDING",
          lastError: "Shopify 503",
          nextAttemptAt: next,
          lockedUntil: null,
          attempts: 1,
        });
        expect(await inbox.depth(SHOP_A)).toBe(1);
      });

      it("markDead parks the row with its error", async () => {
        const { inbox } = store().repos;
        const e = await recordNew(inbox);
        await inbox.claimDue(afterNow(), 10, LEASE);
        await inbox.markDead(await leaseOf(inbox, e), "gave up after 8 attempts");
        expect(await inbox.get(SHOP_A, e.id)).toMatchObject({
          status: "DEAD",
          lastError: "gave up after 8 attempts",
          lockedUntil: null,
        });
        expect(await inbox.depth()).toBe(0);
      });

      // shop/redact may delete a shop's rows while a worker holds one of them.
      it("ignores outcomes for a row that no longer exists", async () => {
        const { inbox } = store().repos;
        const gone = { id: "missing", leaseToken: "gone" };
        await expect(inbox.markProcessed(gone, new Date())).resolves.toBe(false);
        await expect(inbox.markRetry(gone, "x", new Date())).resolves.toBe(false);
        await expect(inbox.markDead({ id: "missing", leaseToken: "gone" }, "x")).resolves.toBe(false);
      });
    });

    describe("lease (compare-and-set)", () => {
      it("drops the outcome of a worker whose lease ran out and whose row was claimed again", async () => {
        const { inbox } = store().repos;
        const e = await recordNew(inbox);
        const now = afterNow();
        const [first] = await inbox.claimDue(now, 10, 1_000);
        const later = new Date(now.getTime() + 1_001);
        const [second] = await inbox.claimDue(later, 10, LEASE);
        expect(second).toMatchObject({ id: e.id, attempts: 2 });
        expect(second!.leaseToken).not.toBe(first!.leaseToken);
        // The first worker finishes late: none of its outcomes may land.
        expect(await inbox.markProcessed(first!, later)).toBe(false);
        expect(await inbox.markRetry(first!, "late", later)).toBe(false);
        expect(await inbox.markDead(first!, "late")).toBe(false);
        expect(await inbox.get(SHOP_A, e.id)).toMatchObject({
          status: "PROCESSING",
          leaseToken: second!.leaseToken,
          lastError: null,
        });
        expect(await inbox.markProcessed(second!, later)).toBe(true);
        expect(await inbox.get(SHOP_A, e.id)).toMatchObject({ status: "PROCESSED", leaseToken: null });
        // Settled once: the same lease cannot write twice.
        expect(await inbox.markDead(second!, "again")).toBe(false);
        expect((await inbox.get(SHOP_A, e.id))?.status).toBe("PROCESSED");
      });

      it("writes nothing for a row that was never claimed", async () => {
        const { inbox } = store().repos;
        const e = await recordNew(inbox);
        expect(await inbox.markProcessed(e, afterNow())).toBe(false);
        expect(await inbox.markProcessed({ id: e.id, leaseToken: "forged" }, afterNow())).toBe(false);
        expect((await inbox.get(SHOP_A, e.id))?.status).toBe("PENDING");
      });

      // In turn, not in parallel: two Prisma clients on one SQLite file in one process cannot race writes.
      it("lets only the current holder settle a re-claimed row across connections", async () => {
        const s = store();
        const other = await s.connect();
        const e = await recordNew(s.repos.inbox);
        const now = afterNow();
        const [stale] = await s.repos.inbox.claimDue(now, 10, 10);
        const [fresh] = await other.inbox.claimDue(new Date(now.getTime() + 11), 10, LEASE);
        expect(await s.repos.inbox.markDead(stale!, "stale worker")).toBe(false);
        expect(await other.inbox.markProcessed(fresh!, afterNow())).toBe(true);
        expect((await s.repos.inbox.get(SHOP_A, e.id))?.status).toBe("PROCESSED");
      });
    });

    describe("replayDead (bulk)", () => {
      it("replays the shop's DEAD rows of one topic received in [from, to), nothing else", async () => {
        const { inbox } = store().repos;
        const early = await recordNew(inbox, { topic: "orders/create" });
        await sleep(5);
        const from = new Date();
        await sleep(5);
        const inWindow = await recordNew(inbox, { topic: "orders/create" });
        const otherTopic = await recordNew(inbox, { topic: "orders/updated" });
        const otherShop = await recordNew(inbox, { shop: SHOP_B, topic: "orders/create" });
        const notDead = await recordNew(inbox, { topic: "orders/create" });
        await sleep(5);
        const to = new Date();
        await sleep(5);
        const late = await recordNew(inbox, { topic: "orders/create" });
        const claimed = await inbox.claimDue(afterNow(), 100, LEASE);
        for (const c of claimed)
          if (c.id !== notDead.id) expect(await inbox.markDead(c, "outage")).toBe(true);

        const now = afterNow(5_000);
        expect(await inbox.replayDead(SHOP_A, { topic: "orders/create", from, to }, now)).toEqual({
          replayed: 1,
          withoutPayload: 0,
        });
        expect(await inbox.get(SHOP_A, inWindow.id)).toMatchObject({
          status: "PENDING",
          attempts: 0,
          nextAttemptAt: now,
        });
        for (const e of [early, otherTopic, late])
          expect((await inbox.get(SHOP_A, e.id))?.status).toBe("DEAD");
        expect((await inbox.get(SHOP_B, otherShop.id))?.status).toBe("DEAD");
        expect((await inbox.get(SHOP_A, notDead.id))?.status).toBe("PROCESSING");

        // No filter: every remaining dead letter of the shop.
        expect(await inbox.replayDead(SHOP_A, {}, now)).toEqual({ replayed: 3, withoutPayload: 0 });
        expect(await inbox.replayDead(SHOP_A, {}, now)).toEqual({ replayed: 0, withoutPayload: 0 });
      });

      it("leaves dead letters whose payload retention purged, and counts them", async () => {
        const { inbox } = store().repos;
        const old = await recordNew(inbox);
        await makeDead(inbox, old.id);
        expect(await inbox.purgePayloads(afterNow())).toBe(1);
        const recent = await recordNew(inbox);
        await makeDead(inbox, recent.id);
        expect(await inbox.replayDead(SHOP_A, {}, afterNow())).toEqual({ replayed: 1, withoutPayload: 1 });
        expect(await inbox.get(SHOP_A, old.id)).toMatchObject({ status: "DEAD", payload: PURGED_PAYLOAD });
        expect((await inbox.get(SHOP_A, recent.id))?.status).toBe("PENDING");
      });
    });

    describe("replay", () => {
      it("turns a DEAD row back into a due PENDING row with attempts reset", async () => {
        const { inbox } = store().repos;
        const e = await recordNew(inbox);
        await makeDead(inbox, e.id);
        const now = new Date(afterNow(2 * LEASE).getTime() + 3);
        const replayed = await inbox.replay(SHOP_A, e.id, now);
        expect(replayed).toMatchObject({
          id: e.id,
          status: "PENDING",
          attempts: 0,
          nextAttemptAt: now,
          lockedUntil: null,
        });
        expect(await inbox.get(SHOP_A, e.id)).toEqual(replayed);
        const [claimed] = await inbox.claimDue(now, 10, LEASE);
        expect(claimed).toMatchObject({ id: e.id, attempts: 1 });
      });

      it("replays DEAD rows only", async () => {
        const { inbox } = store().repos;
        const pending = await recordNew(inbox);
        const processing = await recordNew(inbox);
        const processed = await recordNew(inbox);
        const ignored = (await inbox.record(delivery(), "IGNORED")).event;
        expect(await inbox.claimDue(afterNow(), 10, LEASE)).toHaveLength(3);
        await inbox.markRetry(await leaseOf(inbox, pending), "again", afterNow(5_000));
        await inbox.markProcessed(await leaseOf(inbox, processed), afterNow());
        for (const e of [pending, processing, processed, ignored]) {
          const before = await inbox.get(SHOP_A, e.id);
          expect(await inbox.replay(SHOP_A, e.id, afterNow())).toBeNull();
          expect(await inbox.get(SHOP_A, e.id)).toEqual(before);
        }
        expect((await inbox.get(SHOP_A, processing.id))?.status).toBe("PROCESSING");
        expect(await inbox.replay(SHOP_A, "missing", afterNow())).toBeNull();
      });

      it("does not replay a dead letter whose payload retention purged or a redaction blanked", async () => {
        const { inbox } = store().repos;
        const purged = await recordNew(inbox);
        await makeDead(inbox, purged.id);
        await inbox.purgePayloads(afterNow());
        const redacted = await recordNew(inbox, { customerId: "gid://shopify/Customer/42" });
        await makeDead(inbox, redacted.id);
        expect(await inbox.redactCustomer(SHOP_A, "gid://shopify/Customer/42", [])).toBe(1);
        for (const e of [purged, redacted]) {
          const before = await inbox.get(SHOP_A, e.id);
          expect(await inbox.replay(SHOP_A, e.id, afterNow())).toBeNull();
          expect(await inbox.get(SHOP_A, e.id)).toEqual(before);
        }
      });

      it("does not replay another shop's row", async () => {
        const { inbox } = store().repos;
        const e = await recordNew(inbox, { shop: SHOP_B });
        await makeDead(inbox, e.id);
        expect(await inbox.replay(SHOP_A, e.id, afterNow())).toBeNull();
        expect((await inbox.get(SHOP_B, e.id))?.status).toBe("DEAD");
      });

      // One client: on PostgreSQL its pool runs the two replays on two connections. (Two Prisma clients on one SQLite
      // file in one process cannot race multi-statement writes: better-sqlite3 waits for a lock synchronously.)
      it("replays a row once when two replays race", async () => {
        const { inbox } = store().repos;
        const e = await recordNew(inbox);
        await makeDead(inbox, e.id);
        const results = await Promise.all([
          inbox.replay(SHOP_A, e.id, afterNow()),
          inbox.replay(SHOP_A, e.id, afterNow()),
        ]);
        expect(results.filter((r) => r !== null)).toHaveLength(1);
      });
    });

    describe("reading", () => {
      it("get is scoped to the shop", async () => {
        const { inbox } = store().repos;
        const e = await recordNew(inbox, { shop: SHOP_A });
        expect(await inbox.get(SHOP_B, e.id)).toBeNull();
        expect(await inbox.get(SHOP_A, "missing")).toBeNull();
      });

      it("lists newest first and pages through every row exactly once", async () => {
        const { inbox } = store().repos;
        const events = await recordSpaced(inbox, 5);
        await recordNew(inbox, { shop: SHOP_B });
        const seen: string[] = [];
        let cursor: string | undefined;
        const pageSizes: number[] = [];
        do {
          const page = await inbox.list(SHOP_A, { limit: 2, ...(cursor ? { cursor } : {}) });
          pageSizes.push(page.events.length);
          seen.push(...page.events.map((e) => e.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(pageSizes).toEqual([2, 2, 1]);
        expect(seen).toEqual(events.map((e) => e.id).reverse());
      });

      it("gives no cursor after a full last page", async () => {
        const { inbox } = store().repos;
        await recordSpaced(inbox, 4);
        const first = await inbox.list(SHOP_A, { limit: 2 });
        expect(first.nextCursor).not.toBeNull();
        const second = await inbox.list(SHOP_A, { limit: 2, cursor: first.nextCursor! });
        expect(second.events).toHaveLength(2);
        expect(second.nextCursor).toBeNull();
        expect(await inbox.list(SHOP_B, { limit: 2 })).toEqual({ events: [], nextCursor: null });
      });

      it("keeps later pages stable while new deliveries arrive", async () => {
        const { inbox } = store().repos;
        const events = await recordSpaced(inbox, 4);
        const first = await inbox.list(SHOP_A, { limit: 2 });
        await sleep(3);
        await recordNew(inbox);
        const second = await inbox.list(SHOP_A, { limit: 2, cursor: first.nextCursor! });
        expect(second.events.map((e) => e.id)).toEqual([events[1]!.id, events[0]!.id]);
      });

      it("filters by status and topic, also across pages", async () => {
        const { inbox } = store().repos;
        const created = await recordSpaced(inbox, 3, { topic: "orders/create" });
        const updated = await recordNew(inbox, { topic: "orders/updated" });
        const ignored = (await inbox.record(delivery({ topic: "orders/create" }), "IGNORED")).event;

        const byTopic = await inbox.list(SHOP_A, { topic: "orders/updated", limit: 10 });
        expect(byTopic.events.map((e) => e.id)).toEqual([updated.id]);

        const ignoredOnly = await inbox.list(SHOP_A, { status: "IGNORED", limit: 10 });
        expect(ignoredOnly.events.map((e) => e.id)).toEqual([ignored.id]);

        const page1 = await inbox.list(SHOP_A, { status: "PENDING", topic: "orders/create", limit: 2 });
        const page2 = await inbox.list(SHOP_A, {
          status: "PENDING",
          topic: "orders/create",
          limit: 2,
          cursor: page1.nextCursor!,
        });
        expect([...page1.events, ...page2.events].map((e) => e.id)).toEqual(
          created.map((e) => e.id).reverse(),
        );
        expect(page2.nextCursor).toBeNull();
      });

      it("counts work still to do, for all shops or one", async () => {
        const { inbox } = store().repos;
        await recordNew(inbox, { shop: SHOP_A });
        await recordNew(inbox, { shop: SHOP_A });
        await recordNew(inbox, { shop: SHOP_B });
        await inbox.record(delivery({ shop: SHOP_B }), "IGNORED");
        expect(await inbox.depth()).toBe(3);
        const [leased] = await inbox.claimDue(afterNow(), 1, LEASE); // PROCESSING still counts
        expect(await inbox.depth()).toBe(3);
        await inbox.markProcessed(await leaseOf(inbox, leased!), afterNow());
        expect(await inbox.depth()).toBe(2);
        expect((await inbox.depth(SHOP_A)) + (await inbox.depth(SHOP_B))).toBe(2);
        expect(await inbox.depth("nobody.myshopify.com")).toBe(0);
      });

      it("counts rows per status for one shop, every status present", async () => {
        const { inbox } = store().repos;
        const zero: Record<InboxStatus, number> = {
          PENDING: 0,
          PROCESSING: 0,
          PROCESSED: 0,
          DEAD: 0,
          IGNORED: 0,
        };
        expect(await inbox.countByStatus(SHOP_A)).toEqual(zero);
        const [a, b] = [await recordNew(inbox), await recordNew(inbox), await recordNew(inbox)];
        await inbox.record(delivery(), "IGNORED");
        expect(await inbox.claimDue(afterNow(), 10, LEASE)).toHaveLength(3);
        await inbox.markProcessed(await leaseOf(inbox, a!), afterNow());
        await inbox.markDead(await leaseOf(inbox, b!), "x");
        await recordNew(inbox, { shop: SHOP_B });
        await recordNew(inbox);
        expect(await inbox.countByStatus(SHOP_A)).toEqual({
          PENDING: 1,
          PROCESSING: 1,
          PROCESSED: 1,
          DEAD: 1,
          IGNORED: 1,
        });
        expect(await inbox.countByStatus(SHOP_B)).toEqual({ ...zero, PENDING: 1 });
      });
    });

    describe("privacy", () => {
      const CUSTOMER = "gid://shopify/Customer/77";
      const ORDER = "gid://shopify/Order/5001";

      async function seed(inbox: InboxRepository) {
        const pii = JSON.stringify({ email: "grace@example.com", phone: "+1 555 0100" });
        return {
          byCustomer: await recordNew(inbox, {
            customerId: CUSTOMER,
            resourceId: "gid://shopify/Order/1",
            payload: pii,
          }),
          byOrder: await recordNew(inbox, { customerId: null, resourceId: ORDER, payload: pii }),
          otherCustomer: await recordNew(inbox, {
            customerId: "gid://shopify/Customer/78",
            resourceId: null,
          }),
          otherShop: await recordNew(inbox, {
            shop: SHOP_B,
            customerId: CUSTOMER,
            resourceId: ORDER,
            payload: pii,
          }),
        };
      }

      it("finds what is held on a customer by customer id or order id, in one shop", async () => {
        const { inbox } = store().repos;
        const rows = await seed(inbox);
        const found = await inbox.findByCustomer(SHOP_A, CUSTOMER, [ORDER]);
        expect(found.map((e) => e.id).sort()).toEqual([rows.byCustomer.id, rows.byOrder.id].sort());
        expect((await inbox.findByCustomer(SHOP_A, CUSTOMER, [])).map((e) => e.id)).toEqual([
          rows.byCustomer.id,
        ]);
        expect(await inbox.findByCustomer(SHOP_A, "gid://shopify/Customer/404", [])).toEqual([]);
      });

      it("redacts the customer's payloads in one shop and clears the customer id", async () => {
        const { inbox } = store().repos;
        const rows = await seed(inbox);
        expect(await inbox.redactCustomer(SHOP_A, CUSTOMER, [ORDER])).toBe(2);
        for (const e of [rows.byCustomer, rows.byOrder]) {
          const after = await inbox.get(SHOP_A, e.id);
          expect(after?.customerId).toBeNull();
          expect(after?.payload).not.toContain("grace@example.com");
          expect(JSON.parse(after!.payload)).toMatchObject({ redacted: true });
          // The envelope stays: the row still tells what happened, just not to whom.
          expect(after).toMatchObject({ webhookId: e.webhookId, topic: e.topic, status: e.status });
        }
        expect(await inbox.get(SHOP_A, rows.otherCustomer.id)).toEqual(rows.otherCustomer);
        expect(await inbox.get(SHOP_B, rows.otherShop.id)).toEqual(rows.otherShop);
        expect(await inbox.findByCustomer(SHOP_A, CUSTOMER, [])).toEqual([]);
      });

      it("reports nothing touched when the customer is redacted again", async () => {
        const { inbox } = store().repos;
        await seed(inbox);
        expect(await inbox.redactCustomer(SHOP_A, CUSTOMER, [ORDER])).toBe(2);
        expect(await inbox.redactCustomer(SHOP_A, CUSTOMER, [ORDER])).toBe(0);
      });

      it("deletes every row of one shop", async () => {
        const { inbox } = store().repos;
        await seed(inbox);
        expect(await inbox.deleteByShop(SHOP_A)).toBe(3);
        expect(await inbox.list(SHOP_A, { limit: 10 })).toEqual({ events: [], nextCursor: null });
        expect(await inbox.depth(SHOP_A)).toBe(0);
        expect((await inbox.list(SHOP_B, { limit: 10 })).events).toHaveLength(1);
        expect(await inbox.deleteByShop(SHOP_A)).toBe(0);
      });
    });

    describe("retention", () => {
      it("purgePayloads drops the payload of finished rows received before the cut-off and keeps the envelope", async () => {
        const { inbox } = store().repos;
        const processed = await recordNew(inbox);
        const dead = await recordNew(inbox, { shop: SHOP_B });
        const { event: ignored } = await inbox.record(delivery({ topic: "carts/update" }), "IGNORED");
        const pending = await recordNew(inbox);
        const claimed = await inbox.claimDue(afterNow(), 1_000, LEASE);
        const byId = new Map(claimed.map((e) => [e.id, e]));
        expect(await inbox.markProcessed(byId.get(processed.id)!, afterNow())).toBe(true);
        expect(await inbox.markDead(byId.get(dead.id)!, "boom")).toBe(true);
        expect(await inbox.markRetry(byId.get(pending.id)!, "later", afterNow(60_000))).toBe(true);
        const before = await inbox.get(SHOP_A, processed.id);

        // A cut-off before every row touches nothing.
        expect(await inbox.purgePayloads(new Date(Date.now() - 3_600_000))).toBe(0);
        expect((await inbox.get(SHOP_A, processed.id))?.payload).toBe(processed.payload);

        expect(await inbox.purgePayloads(afterNow())).toBe(3);
        const after = await inbox.get(SHOP_A, processed.id);
        expect(after).toEqual({ ...before, payload: PURGED_PAYLOAD });
        expect(await inbox.get(SHOP_B, dead.id)).toMatchObject({
          payload: PURGED_PAYLOAD,
          status: "DEAD",
          lastError: "boom",
          attempts: 1,
          webhookId: dead.webhookId,
        });
        expect((await inbox.get(SHOP_A, ignored.id))?.payload).toBe(PURGED_PAYLOAD);
        // Work still to do keeps its body.
        expect((await inbox.get(SHOP_A, pending.id))?.payload).toBe(pending.payload);
        // Idempotent.
        expect(await inbox.purgePayloads(afterNow())).toBe(0);
      });
    });
  });
}
