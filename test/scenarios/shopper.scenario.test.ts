/**
 * The shopper's journey after checkout, over the dev store (SQLite always, PostgreSQL when reachable): an order waits
 * on a supplier's date; the promise is written to the order's `$app.backorder` metafield; a new supplier feed moves
 * the date and the metafield follows while the promise made at purchase stands.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseOrderMetafield } from "../../web/server/domain/backorder/index.js";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/db.js";
import { startTestMailbox, type TestMailbox } from "../support/mailbox.js";
import { devStoreControl, eventually, startTestStack } from "../support/stack.js";

type Stack = Awaited<ReturnType<typeof startTestStack>>;

interface StoreState {
  products: { id: string; variants: { id: string; sku: string }[] }[];
  metafields: { ownerId: string; namespace: string; key: string; type: string; value: string }[];
}

const running: { stack: Stack; mailbox: TestMailbox; database?: TestDatabase }[] = [];
afterEach(async () => {
  for (const { stack, mailbox, database } of running.splice(0)) {
    await stack.close();
    await mailbox.close();
    await database?.cleanup();
  }
});

async function start(kind: "sqlite" | "postgresql"): Promise<{ stack: Stack; mailbox: TestMailbox }> {
  const database = kind === "postgresql" ? await createTestDatabase("postgresql") : undefined;
  await database?.db.$disconnect();
  const mailbox = await startTestMailbox();
  const stack = await startTestStack({
    ...(database ? { databaseUrl: database.url } : {}),
    env: { SMTP_URL: mailbox.url, MAIL_FROM: "Waitwell Demo <orders@waitwell.test>", MAIL_POLL_MS: "50" },
  });
  running.push({ stack, mailbox, ...(database ? { database } : {}) });
  return { stack, mailbox };
}

/** The English date Waitwell writes: "15 Dec 2026". */
const written = (isoDay: string) => {
  const [y, m, d] = isoDay.split("-").map(Number) as [number, number, number];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${d} ${months[m - 1]} ${y}`;
};

async function state(stack: Stack): Promise<StoreState> {
  const res = await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`);
  return (await res.json()) as StoreState;
}

async function variantBySku(stack: Stack, sku: string): Promise<string> {
  for (const product of (await state(stack)).products) {
    const variant = product.variants.find((v) => v.sku === sku);
    if (variant) return variant.id;
  }
  throw new Error(`no variant ${sku} on the dev store`);
}

/** The order's `$app.backorder` metafield as the dev store holds it (what the order-status extension reads). */
async function orderMetafield(stack: Stack, orderId: string) {
  const found = (await state(stack)).metafields.find(
    (m) => m.ownerId === orderId && m.key === "backorder" && /^app--[^-]+$/.test(m.namespace),
  );
  return found ? parseOrderMetafield(found.value) : null;
}

async function api(stack: Stack, method: string, path: string, body?: unknown, type = "application/json") {
  const res = await fetch(`${stack.app.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${await stack.sessionToken()}`, "Content-Type": type },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function expectEventually(read: () => Promise<unknown>, expected: Record<string, unknown>) {
  await eventually(async () => {
    try {
      expect(await read()).toMatchObject(expected);
      return true;
    } catch {
      return false;
    }
  }, 30_000).catch(() => undefined);
  expect(await read()).toMatchObject(expected);
}

/** A Monday at least two weeks out: every date below is in the future. */
const MONDAY = (() => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + 14);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d;
})();
const day = (days: number) => new Date(MONDAY.getTime() + days * 86_400_000).toISOString().slice(0, 10);

const pgAvailable = await postgresAvailable();

for (const kind of ["sqlite", "postgresql"] as const) {
  describe.skipIf(kind === "postgresql" && !pgAvailable)(`the shopper after checkout (${kind})`, () => {
    it("the promise reaches the order metafield and a confirmation; a supplier feed moves it and a delay notice goes out", async () => {
      const { stack, mailbox } = await start(kind);
      const pack = await variantBySku(stack, "RDP-24-EMB"); // 0 in stock, CONTINUE
      const rule = await api(stack, "POST", "/api/rules", {
        scope: { kind: "variant", variantId: pack },
        settings: { mode: "when_out_of_stock", etaSource: { kind: "supplier_feed" }, handlingDays: 1 },
      });
      expect(rule.status).toBe(201);
      const feed = `sku,eta,quantity\nRDP-24-EMB,${day(7)},10\n`;
      expect((await api(stack, "POST", "/api/etas/import", feed, "text/csv")).status).toBe(201);
      await stack.app.availabilitySync.idle();

      const placed = await devStoreControl<{ id: string; lineItems: { id: string }[] }>(stack, "/orders", {
        lines: [{ variantId: pack, quantity: 2 }],
        customer: { email: "ada@example.com", firstName: "Ada" },
        noteAttributes: [{ name: "_waitwell_backorder_ack", value: new Date().toISOString() }],
      });
      const line = placed.lineItems[0]!;
      const promised = { from: day(8), to: day(8), source: "supplier_feed" };
      await expectEventually(async () => (await orderMetafield(stack, placed.id)) ?? {}, {
        lines: [
          { lineItemId: line.id, shipNow: 0, waiting: 2, status: "backordered", eta: promised, promised },
        ],
      });

      // The confirmation, with the waiting units and the promised date, reaches the customer's mailbox.
      const confirmation = await eventually(async () => mailbox.to("ada@example.com")[0], 30_000);
      expect(confirmation.subject).toMatch(/some items ship later/);
      expect(confirmation.from).toContain("orders@waitwell.test");
      expect(confirmation.text).toContain(`2 waiting for stock: Ships around ${written(day(8))}`);
      expect(confirmation.html).toMatch(/Waitwell Demo/);
      // The checkout acknowledgement became a consent to that promise, in the line's history.
      const detail = await api(stack, "GET", `/api/backorders/lines/${encodeURIComponent(line.id)}`);
      const events = (detail.body.history as { event: { type: string; note?: string } }[]).map(
        (h) => h.event,
      );
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: "note", note: "checkout_consent" }),
          expect.objectContaining({ type: "note", note: "confirmation_sent" }),
        ]),
      );
      expect(detail.body.consents).toEqual([
        expect.objectContaining({
          kind: "checkout_acknowledgement",
          eta: { kind: "date", date: day(8), source: "supplier_feed" },
          text: `Ships around ${written(day(8))}`,
          locale: "en",
        }),
      ]);

      // The supplier moves the batch a week out: the order shows the new date beside the promise.
      const later = `sku,eta,quantity\nRDP-24-EMB,${day(14)},10\n`;
      expect((await api(stack, "POST", "/api/etas/import", later, "text/csv")).status).toBe(201);
      await expectEventually(async () => (await orderMetafield(stack, placed.id)) ?? {}, {
        lines: [
          { lineItemId: line.id, eta: { from: day(15), to: day(15), source: "supplier_feed" }, promised },
        ],
      });
      // The delay notice goes out at once, days before the promised date, with the new date and the choices.
      const delay = await eventually(async () => mailbox.to("ada@example.com")[1], 30_000);
      expect(delay.subject).toMatch(/a new shipping date/);
      expect(delay.text).toContain(`Ships around ${written(day(15))} (was: Ships around ${written(day(8))})`);
      expect(delay.text).toMatch(/cancel the waiting items for a full refund/);
      expect(delay.text).toMatch(/Manage my order: http.*\/apps\/waitwell\/orders\?token=/);
      expect(delay.date.getTime()).toBeLessThan(Date.parse(day(8)));
      // Importing the same feed again moves nothing: no second notice.
      expect((await api(stack, "POST", "/api/etas/import", later, "text/csv")).status).toBe(201);
      await stack.app.availabilitySync.idle();
      await stack.app.careJob.idle();
      expect(mailbox.to("ada@example.com")).toHaveLength(2);
    }, 120_000);
  });
}
