/**
 * The CareRepository contract: what customer care relies on, run against memory, SQLite and PostgreSQL
 * (care-repository.test.ts).
 */
import { describe, expect, it } from "vitest";
import type { CalendarDate, Eta } from "../../web/server/domain/eta/index.js";
import type {
  CareOrder,
  CareRepository,
  LineConsentRecord,
  NewMessage,
} from "../../web/server/use-cases/customer-care/ports.js";
import { SHOP_A, SHOP_B, useStore } from "./harness.js";

export interface CareStore {
  repo: CareRepository;
  cleanup(): Promise<void>;
}

export type CareStoreFactory = () => Promise<CareStore>;

const T1 = new Date(Date.UTC(2026, 10, 1, 9, 0, 0, 111));
const T2 = new Date(Date.UTC(2026, 10, 2, 9, 0, 0, 222));
const ETA: Eta = { kind: "date", date: "2026-12-01" as CalendarDate, source: "incoming" };
const LATER: Eta = { kind: "date", date: "2026-12-15" as CalendarDate, source: "supplier_feed" };

const orderGid = (n: number) => `gid://shopify/Order/${n}`;
const lineGid = (n: number) => `gid://shopify/LineItem/${n}`;

function careOrder(n: number, extra: Partial<CareOrder> = {}): CareOrder {
  return {
    orderId: orderGid(n),
    orderName: `#${1000 + n}`,
    customerId: "gid://shopify/Customer/7",
    email: `buyer${n}@example.com`,
    customerName: "Ada Lovelace",
    locale: "de-CH",
    acknowledgedAt: T1,
    currency: "CHF",
    lines: { [lineGid(n * 10)]: { title: "Mug – Blue", shownText: "Ships Dec 1", unitPrice: "12.50" } },
    ...extra,
  };
}

function consent(line: number, extra: Partial<LineConsentRecord> = {}): LineConsentRecord {
  return {
    lineItemId: lineGid(line),
    orderId: orderGid(1),
    customerId: "gid://shopify/Customer/7",
    kind: "checkout_acknowledgement",
    eta: ETA,
    text: "Ships Dec 1",
    locale: "en",
    givenAt: T1,
    ...extra,
  };
}

function message(eventKey: string, extra: Partial<NewMessage> = {}): NewMessage {
  return {
    eventKey,
    kind: "confirmation",
    orderId: orderGid(1),
    customerId: "gid://shopify/Customer/7",
    to: "buyer1@example.com",
    locale: "en",
    data: {
      kind: "confirmation",
      orderName: "#1001",
      customerName: "Ada",
      lines: [],
      manageUrl: null,
      discountCode: null,
      action: null,
    },
    status: "pending",
    ...extra,
  };
}

const byId = (orders: CareOrder[]) => [...orders].sort((a, b) => (a.orderId < b.orderId ? -1 : 1));

export function careRepositoryContract(factory: CareStoreFactory): void {
  describe("CareRepository", () => {
    const store = useStore(factory);
    const repo = () => store().repo;

    describe("orders", () => {
      it("reads several orders in one call, of one shop, skipping unknown ids", async () => {
        await repo().upsertOrder(SHOP_A, careOrder(1));
        await repo().upsertOrder(SHOP_A, careOrder(2, { acknowledgedAt: null, email: null, lines: {} }));
        await repo().upsertOrder(SHOP_B, careOrder(3));
        const found = await repo().getOrders(SHOP_A, [2, 1, 2, 3, 9].map(orderGid));
        expect(byId(found)).toEqual([
          careOrder(1),
          careOrder(2, { acknowledgedAt: null, email: null, lines: {} }),
        ]);
        expect(await repo().getOrders(SHOP_A, [])).toEqual([]);
        expect(await repo().getOrders(SHOP_B, [orderGid(3)])).toEqual([careOrder(3)]);
      });

      it("upserts several orders in one call as upsertOrder stores each: new ones added, stored ones replaced", async () => {
        await repo().upsertOrder(SHOP_A, careOrder(1));
        await repo().upsertOrder(SHOP_B, careOrder(2));
        const changed = careOrder(1, { email: null, acknowledgedAt: T2, customerName: null, lines: {} });
        await repo().upsertOrders(SHOP_A, [
          changed,
          careOrder(2, { locale: "fr" }),
          careOrder(3, { currency: null }),
        ]);
        expect(byId(await repo().getOrders(SHOP_A, [1, 2, 3].map(orderGid)))).toEqual([
          changed,
          careOrder(2, { locale: "fr" }),
          careOrder(3, { currency: null }),
        ]);
        // The other shop's order of the same id is its own.
        expect(await repo().getOrder(SHOP_B, orderGid(2))).toEqual(careOrder(2));
        await repo().upsertOrders(SHOP_A, []);
        expect((await repo().listOrders(SHOP_A, null, 10)).map((o) => o.orderId)).toEqual(
          [1, 2, 3].map(orderGid),
        );
        expect((await repo().listOrders(SHOP_A, orderGid(1), 1)).map((o) => o.orderId)).toEqual([
          orderGid(2),
        ]);
      });
    });

    describe("consents", () => {
      it("records several consents at once: a stored one, another shop's and a repeat within the list", async () => {
        expect(await repo().recordConsent(SHOP_A, consent(10))).toBe(true);
        expect(await repo().recordConsent(SHOP_B, consent(11))).toBe(true);
        const accepted = consent(10, { kind: "accepted_new_date", eta: LATER, givenAt: T2, text: "Dec 15" });
        const created = await repo().recordConsents(SHOP_A, [
          consent(10), // stored
          consent(11), // another shop's: new here
          accepted, // same line, another kind
          consent(12, { givenAt: T2, customerId: null }),
          consent(12, { givenAt: T2, customerId: null }), // a repeat within the list
        ]);
        expect(created).toEqual([false, true, true, true, false]);
        expect(await repo().consentsOfLines(SHOP_A, [lineGid(10), lineGid(11), lineGid(12)])).toEqual([
          consent(10),
          consent(11),
          accepted,
          consent(12, { givenAt: T2, customerId: null }),
        ]);
        expect(await repo().recordConsents(SHOP_A, [])).toEqual([]);
        expect(await repo().recordConsents(SHOP_A, [accepted, consent(11)])).toEqual([false, false]);
        expect(await repo().consentsOfLines(SHOP_B, [lineGid(10), lineGid(11)])).toEqual([consent(11)]);
      });
    });

    describe("actions", () => {
      it("retakes a pending action only as claimed, once, and never a finished one or another shop's", async () => {
        const action = {
          key: "deadline:x:2026-12-01",
          orderId: orderGid(1),
          lineItemId: lineGid(10),
          kind: "cancel" as const,
          status: "pending" as const,
          detail: {},
          at: T1,
        };
        expect((await repo().recordAction(SHOP_A, action)).created).toBe(true);
        expect(await repo().retakeAction(SHOP_B, action.key, T1, T2)).toBe(false);
        expect(await repo().retakeAction(SHOP_A, action.key, T2, T2)).toBe(false);
        expect(await repo().retakeAction(SHOP_A, action.key, T1, T2)).toBe(true);
        // The second of two passes that read the same abandoned claim loses.
        expect(await repo().retakeAction(SHOP_A, action.key, T1, T2)).toBe(false);
        expect((await repo().getAction(SHOP_A, action.key))?.at).toEqual(T2);
        await repo().finishAction(SHOP_A, action.key, { status: "done", detail: {} });
        expect(await repo().retakeAction(SHOP_A, action.key, T2, T2)).toBe(false);
      });
    });

    describe("failed actions", () => {
      it("claims a failed action again only as claimed, once, and never a pending or done one or another shop's", async () => {
        const action = {
          key: "deadline:y:2026-12-01",
          orderId: orderGid(1),
          lineItemId: lineGid(11),
          kind: "cancel" as const,
          status: "pending" as const,
          detail: {},
          at: T1,
        };
        await repo().recordAction(SHOP_A, action);
        expect(await repo().retryAction(SHOP_A, action.key, T1, T2, { attempts: 2 })).toBe(false); // still pending
        await repo().finishAction(SHOP_A, action.key, { status: "failed", detail: { attempts: 1 } });
        expect(await repo().retryAction(SHOP_B, action.key, T1, T2, { attempts: 2 })).toBe(false);
        expect(await repo().retryAction(SHOP_A, action.key, T2, T2, { attempts: 2 })).toBe(false);
        expect(await repo().retryAction(SHOP_A, action.key, T1, T2, { attempts: 2 })).toBe(true);
        // The second of two passes that read the same failed attempt loses.
        expect(await repo().retryAction(SHOP_A, action.key, T1, T2, { attempts: 2 })).toBe(false);
        expect(await repo().getAction(SHOP_A, action.key)).toMatchObject({
          status: "pending",
          at: T2,
          detail: { attempts: 2 },
        });
        await repo().finishAction(SHOP_A, action.key, { status: "done", detail: {} });
        expect(await repo().retryAction(SHOP_A, action.key, T2, T2, {})).toBe(false);
      });
    });

    describe("outbox", () => {
      it("tells which event keys have a message stored, of one shop", async () => {
        expect(await repo().enqueue(SHOP_A, message("confirmation:1"))).toBe("queued");
        expect(await repo().enqueue(SHOP_A, message("confirmation:1", { to: "other@example.com" }))).toBe(
          "duplicate",
        );
        expect(await repo().enqueue(SHOP_B, message("confirmation:2"))).toBe("queued");
        expect(await repo().enqueue(SHOP_A, message("delay:3", { status: "suppressed" }))).toBe("queued");
        const stored = await repo().storedEventKeys(SHOP_A, [
          "confirmation:1",
          "confirmation:2",
          "delay:3",
          "x",
        ]);
        expect([...stored].sort()).toEqual(["confirmation:1", "delay:3"]);
        expect(await repo().storedEventKeys(SHOP_A, [])).toEqual(new Set());
        expect((await repo().messageByKey(SHOP_A, "confirmation:1"))?.to).toBe("buyer1@example.com");
      });

      it("stores a message's notices with it, and nothing of a repeated event", async () => {
        const notice = {
          lineItemId: lineGid(10),
          kind: "delay" as const,
          sentOn: "2026-11-20",
          revised: LATER,
        };
        expect(await repo().enqueue(SHOP_A, message("delay:a"), [{ ...notice, messageKey: "delay:a" }])).toBe(
          "queued",
        );
        expect(await repo().enqueue(SHOP_A, message("delay:a"), [{ ...notice, messageKey: "delay:a" }])).toBe(
          "duplicate",
        );
        expect(await repo().noticesOfLines(SHOP_A, [lineGid(10)])).toEqual([
          { ...notice, messageKey: "delay:a" },
        ]);
        const [listed] = await repo().listMessages(SHOP_A, { orderId: orderGid(1), limit: 10 });
        expect(listed).toMatchObject({ eventKey: "delay:a", status: "pending", attempts: 0, sentAt: null });
      });

      it("leases due messages, and marks them sent or failed", async () => {
        await repo().enqueue(SHOP_A, message("m1"));
        await repo().enqueue(SHOP_A, message("m2", { status: "suppressed" }));
        const now = new Date(Date.now() + 1_000);
        const claimed = await repo().claimDue(now, 10, 60_000);
        expect(claimed.map((m) => [m.eventKey, m.status, m.attempts])).toEqual([["m1", "sending", 1]]);
        expect(await repo().claimDue(now, 10, 60_000)).toEqual([]); // leased
        await repo().markFailed(claimed[0]!.id, {
          error: "421 try later",
          retryAt: new Date(now.getTime() + 5),
        });
        expect(await repo().claimDue(now, 10, 60_000)).toEqual([]);
        const [again] = await repo().claimDue(new Date(now.getTime() + 10), 10, 60_000);
        expect(again).toMatchObject({ eventKey: "m1", attempts: 2, lastError: "421 try later" });
        await repo().markSent(again!.id, { subject: "Hi", providerAnswer: "250 OK", at: now });
        expect(await repo().messageByKey(SHOP_A, "m1")).toMatchObject({
          status: "sent",
          subject: "Hi",
          providerAnswer: "250 OK",
          sentAt: now,
          lastError: null,
        });
      });
    });

    describe("privacy", () => {
      const customer = (n: number) => `gid://shopify/Customer/${n}`;

      /** Shop A: orders 1 (customer 7) and 2 (customer 8), 3 (customer 9); shop B: order 1 of customer 7. */
      async function seed() {
        await repo().upsertOrders(SHOP_A, [
          careOrder(1),
          careOrder(2, { customerId: customer(8) }),
          careOrder(3, { customerId: customer(9) }),
        ]);
        await repo().upsertOrder(SHOP_B, careOrder(1));
        for (const shop of [SHOP_A, SHOP_B]) {
          await repo().recordConsent(shop, consent(10));
          await repo().enqueue(shop, message("confirmation:1"));
          await repo().saveIncentive(shop, {
            lineItemId: lineGid(10),
            orderId: orderGid(1),
            code: "WAIT-1",
            discountId: null,
          });
        }
        await repo().recordConsent(SHOP_A, consent(30, { orderId: orderGid(3), customerId: customer(9) }));
      }

      it("exports the customer's orders (and the ones listed), their consents, messages and codes", async () => {
        await seed();
        const data = await repo().customerData(SHOP_A, customer(7), [orderGid(2)]);
        expect(byId(data.orders as CareOrder[])).toEqual([
          careOrder(1),
          careOrder(2, { customerId: customer(8) }),
        ]);
        expect(data.consents).toEqual([consent(10)]);
        expect(data.messages).toEqual([expect.objectContaining({ eventKey: "confirmation:1" })]);
        expect((data.messages as object[])[0]).not.toHaveProperty("data");
        expect(data.selfServiceActions).toEqual([]);
        expect(data.discountCodes).toEqual([
          { orderId: orderGid(1), lineItemId: lineGid(10), code: "WAIT-1" },
        ]);
      });

      it("redacts the customer's rows and their orders', and nothing of other customers or shops", async () => {
        await seed();
        expect(await repo().redactCustomer(SHOP_A, customer(7), [orderGid(2)])).toBeGreaterThanOrEqual(5);
        expect(await repo().getOrders(SHOP_A, [1, 2, 3].map(orderGid))).toEqual([
          careOrder(3, { customerId: customer(9) }),
        ]);
        expect(await repo().consentsOfLines(SHOP_A, [lineGid(10), lineGid(30)])).toEqual([
          consent(30, { orderId: orderGid(3), customerId: customer(9) }),
        ]);
        expect(await repo().messageByKey(SHOP_A, "confirmation:1")).toBeNull();
        expect(await repo().incentiveOf(SHOP_A, lineGid(10))).toBeNull();
        expect(await repo().getOrder(SHOP_B, orderGid(1))).toEqual(careOrder(1));
        expect(await repo().consentsOfLines(SHOP_B, [lineGid(10)])).toEqual([consent(10)]);
        expect(await repo().incentiveOf(SHOP_B, lineGid(10))).toEqual({ code: "WAIT-1" });
      });

      it("deletes every row of a shop, and nothing of another shop", async () => {
        await seed();
        await repo().deleteByShop(SHOP_A);
        expect(await repo().getOrders(SHOP_A, [1, 2, 3].map(orderGid))).toEqual([]);
        expect(await repo().consentsOfLines(SHOP_A, [lineGid(10), lineGid(30)])).toEqual([]);
        expect(await repo().messageByKey(SHOP_A, "confirmation:1")).toBeNull();
        expect(await repo().incentiveOf(SHOP_A, lineGid(10))).toBeNull();
        expect(await repo().getOrder(SHOP_B, orderGid(1))).toEqual(careOrder(1));
        expect(await repo().messageByKey(SHOP_B, "confirmation:1")).not.toBeNull();
      });
    });
  });
}
