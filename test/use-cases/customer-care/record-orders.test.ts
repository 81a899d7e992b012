/**
 * Customer care for a batch of order rows (the engine lane's recordOrders) against the same rows one by one, and for
 * the lines whose promises were just made (onPromiseChanges): the same messages, consents, notes and stored facts;
 * an order Shopify sends back unchanged writes nothing.
 */
import { describe, expect, it, vi } from "vitest";
import { createSelfServiceTokens } from "../../../web/server/adapters/crypto/self-service-tokens.js";
import { createLiquidRenderer } from "../../../web/server/adapters/mail/liquid-renderer.js";
import { MemoryBackorderRepository } from "../../../web/server/adapters/memory/backorder-repository.js";
import { MemoryCareRepository } from "../../../web/server/adapters/memory/care-repository.js";
import type { CalendarDate, Eta } from "../../../web/server/domain/eta/index.js";
import type { LinePromiseRecord } from "../../../web/server/use-cases/availability/ports.js";
import type { BackorderRepository } from "../../../web/server/use-cases/backorder/ports.js";
import { createOrderEvents } from "../../../web/server/use-cases/customer-care/order-events.js";
import type { CustomerCareDeps } from "../../../web/server/use-cases/customer-care/context.js";
import type { CareOrder, CareRepository } from "../../../web/server/use-cases/customer-care/ports.js";

const SHOP = "care.myshopify.com" as const;
const NOW = new Date(Date.UTC(2026, 11, 7, 10, 0, 0));
const ACK = new Date(Date.UTC(2026, 11, 7, 9, 0, 0));
const ETA: Eta = { kind: "date", date: "2026-12-20" as CalendarDate, source: "incoming" };

type SavedLine = Parameters<BackorderRepository["saveDecision"]>[1]["lines"][number];
const orderGid = (n: number) => `gid://shopify/Order/${n}`;
const lineGid = (n: number) => `gid://shopify/LineItem/${n}` as SavedLine["lineItemId"];

/** Line `n` of order `o`: 2 of 3 units waiting, or all in stock with `ships`. */
function line(n: number, o: number, ships = false): SavedLine {
  return {
    lineItemId: lineGid(n),
    orderId: orderGid(o) as SavedLine["orderId"],
    orderCreatedAt: NOW.toISOString(),
    variantId: "gid://shopify/ProductVariant/1" as SavedLine["variantId"],
    inventoryItemId: "gid://shopify/InventoryItem/1" as SavedLine["inventoryItemId"],
    locationId: "gid://shopify/Location/1" as SavedLine["locationId"],
    tracked: true,
    tags: [],
    priority: null,
    status: ships ? "in_stock" : "backordered",
    quantity: 3,
    inStock: ships ? 3 : 1,
    allocated: 0,
    partialAllocations: 0,
  };
}

function careOrder(o: number, lines: number[], extra: Partial<CareOrder> = {}): CareOrder {
  return {
    orderId: orderGid(o),
    orderName: `#${1000 + o}`,
    customerId: `gid://shopify/Customer/${o}`,
    email: `buyer${o}@example.com`,
    customerName: "Ada",
    locale: "en",
    acknowledgedAt: ACK,
    currency: "EUR",
    lines: Object.fromEntries(
      lines.map((n) => [lineGid(n), { title: `Item ${n}`, shownText: null, unitPrice: "10.00" }]),
    ),
    ...extra,
  };
}

/** A world: the engine's lines, the promises made, customer care's storage, and the notes the engine was given. */
async function world(promised: number[]) {
  const backorders = new MemoryBackorderRepository({ now: () => NOW });
  await backorders.saveDecision(SHOP, {
    orders: [],
    lines: [
      line(11, 1),
      line(12, 1, true),
      line(21, 2),
      line(31, 3),
      line(41, 4, true),
      line(51, 5),
      line(61, 6),
    ],
    history: [],
  });
  const promises = new Map<string, LinePromiseRecord>(
    promised.map((n) => [
      lineGid(n),
      { lineItemId: lineGid(n), promised: ETA, promisedAt: NOW, current: ETA, agreed: null },
    ]),
  );
  const repository = new MemoryCareRepository({ now: () => NOW });
  const notes: string[] = [];
  const deps: CustomerCareDeps = {
    repository,
    backorders,
    engine: {
      applyLineEvent: async (_shop, lineItemId, event, cause) => {
        notes.push(`${lineItemId} ${JSON.stringify(event)} ${cause.kind}:${cause.ref}`);
        const stored = await backorders.getLine(SHOP, lineItemId);
        if (!stored) throw new Error(`no line ${lineItemId}`);
        return stored;
      },
      noteLines: async (_shop, batch) => {
        for (const n of batch)
          notes.push(`${n.lineItemId} ${JSON.stringify(n.event)} ${n.cause.kind}:${n.cause.ref}`);
      },
      refreshPromises: async () => [],
    },
    promises: {
      linePromises: async (_shop, ids) => ids.flatMap((id) => promises.get(id) ?? []),
      agreeToEta: async () => false,
    },
    shops: { get: async () => null },
    shopify: {
      refundUnits: () => Promise.reject(new Error("not in this test")),
      refundAmount: () => Promise.reject(new Error("not in this test")),
      swapUnits: () => Promise.reject(new Error("not in this test")),
      createDiscountCode: () => Promise.reject(new Error("not in this test")),
    },
    mailer: null,
    mailFrom: "shop@example.com",
    renderer: createLiquidRenderer(),
    tokens: createSelfServiceTokens("secret"),
    timeZoneOf: async () => "UTC",
    storefrontOrigin: (shop) => `https://${shop}`,
    clock: { now: () => NOW },
    logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  };
  return { care: createOrderEvents(deps), repository, notes, promises, backorders };
}

/** What customer care stored, in a form two worlds can be compared by. */
async function stateOf(w: Awaited<ReturnType<typeof world>>) {
  const lines = [11, 12, 21, 31, 41, 51, 61].map(lineGid);
  const messages = await w.repository.listMessages(SHOP, { limit: 100 });
  return {
    orders: await w.repository.getOrders(SHOP, [1, 2, 3, 4, 5, 6].map(orderGid)),
    consents: await w.repository.consentsOfLines(SHOP, lines),
    messages: messages
      .map((m) => ({ key: m.eventKey, to: m.to, status: m.status, data: m.data }))
      .sort((a, b) => (a.key < b.key ? -1 : 1)),
    notes: notesByLine(w.notes),
  };
}

/** Each line's notes in the order recorded (lines of different orders may be noted in another order). */
function notesByLine(notes: string[]): Record<string, string[]> {
  const byLine: Record<string, string[]> = {};
  for (const n of notes) {
    const id = n.slice(0, n.indexOf(" "));
    byLine[id] = [...(byLine[id] ?? []), n];
  }
  return byLine;
}

/** Counts the storage calls made, by method. */
function counted(repository: CareRepository): () => Record<string, number> {
  const spies = (
    [
      "getOrders",
      "upsertOrder",
      "upsertOrders",
      "recordConsent",
      "recordConsents",
      "consentsOfLines",
      "storedEventKeys",
      "enqueue",
    ] as const
  ).map((name) => [name, vi.spyOn(repository, name)] as const);
  return () =>
    Object.fromEntries(
      spies
        .filter(([, spy]) => spy.mock.calls.length > 0)
        .map(([name, spy]) => [name, spy.mock.calls.length]),
    );
}

// orders/create and orders/updated rows as one lane batch brings them.
const ROWS: CareOrder[] = [
  careOrder(1, [11, 12]), // waits with a promise, acknowledged: a consent, a confirmation
  careOrder(2, [21], { acknowledgedAt: null }), // waits with a promise, not acknowledged: a confirmation only
  careOrder(3, [31]), // waits without a promise: nothing to consent to or confirm yet
  careOrder(4, [41]), // ships at once: not kept
  careOrder(5, [51], { email: null }), // no address yet: consent, but no confirmation
  careOrder(1, [11, 12]), // Waitwell's own write sent back: unchanged
  careOrder(5, [51], { email: "late@example.com", acknowledgedAt: null }), // the address comes; the ack stays
  careOrder(2, [21], { acknowledgedAt: null, customerName: "Ada L." }), // a real change
];

describe("customer care for a batch of orders", () => {
  it("stores the same facts, consents, messages and notes as the rows one by one", async () => {
    const oneByOne = await world([11, 21, 51, 61]);
    for (const row of ROWS) await oneByOne.care.recordOrder(SHOP, row);
    const batched = await world([11, 21, 51, 61]);
    await batched.care.recordOrders(SHOP, ROWS);
    const state = await stateOf(batched);
    expect(state).toEqual(await stateOf(oneByOne));

    expect(state.orders.map((o) => o.orderId).sort()).toEqual([1, 2, 3, 5].map(orderGid));
    const five = state.orders.find((o) => o.orderId === orderGid(5));
    expect(five).toMatchObject({ email: "late@example.com", acknowledgedAt: ACK });
    expect(state.orders.find((o) => o.orderId === orderGid(2))?.customerName).toBe("Ada L.");
    expect(state.consents.map((c) => [c.lineItemId, c.kind])).toEqual([
      [lineGid(11), "checkout_acknowledgement"],
      [lineGid(51), "checkout_acknowledgement"],
    ]);
    expect(state.messages.map((m) => [m.key, m.to])).toEqual([
      [`confirmation:${orderGid(1)}`, "buyer1@example.com"],
      [`confirmation:${orderGid(2)}`, "buyer2@example.com"],
      [`confirmation:${orderGid(5)}`, "late@example.com"],
    ]);
    // The name as the row that queued the message had it.
    expect(state.messages[1]?.data).toMatchObject({ customerName: "Ada" });
    expect(batched.notes.filter((n) => n.startsWith(lineGid(11)))).toEqual([
      `${lineGid(11)} {"type":"note","note":"checkout_consent","detail":"2026-12-20"} job:consent:${orderGid(1)}`,
      `${lineGid(11)} {"type":"note","note":"confirmation_sent","detail":"2026-12-20"} job:confirmation:${orderGid(1)}`,
    ]);
    expect(batched.notes).toHaveLength(5);
  });

  it("writes nothing for orders sent again unchanged: the batch's reads only", async () => {
    const w = await world([11, 21, 51, 61]);
    await w.care.recordOrders(SHOP, ROWS);
    const before = await stateOf(w);
    const calls = counted(w.repository);
    await w.care.recordOrders(SHOP, [ROWS[0]!, ROWS[6]!, ROWS[7]!, ROWS[2]!]);
    expect(calls()).toEqual({ getOrders: 1, consentsOfLines: 1, storedEventKeys: 1 });
    expect(await stateOf(w)).toEqual(before);
  });

  it("gives promises made later their consent and confirmation, once, as the orders' rows would", async () => {
    const w = await world([11]);
    await w.care.recordOrders(SHOP, [careOrder(1, [11, 12]), careOrder(6, [61]), careOrder(3, [31])]);
    expect((await stateOf(w)).messages.map((m) => m.key)).toEqual([`confirmation:${orderGid(1)}`]);
    // Line 61's promise is made now: order 6 gets its consent and its confirmation.
    w.promises.set(lineGid(61), {
      lineItemId: lineGid(61),
      promised: ETA,
      promisedAt: NOW,
      current: ETA,
      agreed: null,
    });
    const made = { lineItemId: lineGid(61), promised: ETA, promisedAt: NOW };
    await w.care.onPromiseChanges(SHOP, { created: [made, made], revised: [], slips: [] });
    await w.care.onPromiseChanges(SHOP, { created: [made], revised: [], slips: [] });
    const state = await stateOf(w);
    expect(state.messages.map((m) => m.key)).toEqual([
      `confirmation:${orderGid(1)}`,
      `confirmation:${orderGid(6)}`,
    ]);
    expect(state.consents.map((c) => c.lineItemId)).toEqual([lineGid(11), lineGid(61)]);
    expect(w.notes.filter((n) => n.startsWith(lineGid(61)))).toHaveLength(2);

    const fresh = await world([11, 61]);
    for (const row of [careOrder(1, [11, 12]), careOrder(6, [61]), careOrder(3, [31])]) {
      await fresh.care.recordOrder(SHOP, row);
    }
    expect(state).toEqual(await stateOf(fresh));
  });

  it("tells each line that got its stock once, reading the moved queue's lines, promises, orders and notices once", async () => {
    const w = await world([11, 21, 51]);
    await w.care.recordOrders(SHOP, [
      careOrder(1, [11, 12]),
      careOrder(2, [21], { email: null }),
      careOrder(5, [51]),
    ]);
    const allocated = (n: number, o: number, quantity = 3): SavedLine => ({
      ...line(n, o),
      status: "allocated",
      quantity,
      inStock: 0,
      allocated: quantity,
    });
    // 11: ready, promised, reachable; 21: no address; 51: its units were cancelled; 61: never promised.
    await w.backorders.saveDecision(SHOP, {
      orders: [],
      lines: [allocated(11, 1), allocated(21, 2), allocated(51, 5, 0), allocated(61, 6)],
      history: [],
    });
    const variant = "gid://shopify/ProductVariant/1";
    await w.care.onQueueMoved(SHOP, [variant]);
    const ready = (await stateOf(w)).messages.filter((m) => m.key.startsWith("ready:"));
    expect(ready.map((m) => [m.key, m.to])).toEqual([[`ready:${lineGid(11)}`, "buyer1@example.com"]]);
    expect(w.notes.filter((n) => n.includes("ready_notice_sent"))).toEqual([
      `${lineGid(11)} {"type":"note","note":"ready_notice_sent","detail":null} job:ready:${lineGid(11)}`,
    ]);
    const calls = counted(w.repository);
    await w.care.onQueueMoved(SHOP, [variant]);
    expect(calls()).toEqual({ getOrders: 1, storedEventKeys: 1 });
    expect(w.notes.filter((n) => n.includes("ready_notice_sent"))).toHaveLength(1);
  });
});
