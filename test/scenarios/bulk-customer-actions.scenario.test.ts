/**
 * The backorder list's bulk actions for customers, against the dev store with a real SMTP mailbox, on SQLite and
 * (when reachable) PostgreSQL: "send a delay notice" (once per date: a second run finds it sent) and "cancel waiting
 * units" (refunded on Shopify, the customer told). The dry run states what will happen (lines, orders, units, who
 * gets an email) and changes nothing.
 */
import { describe, expect, it } from "vitest";
import { postgresAvailable } from "../support/db.js";
import { api, day, start, state, variantBySku, type Stack } from "../support/shopper.js";
import { devStoreControl, eventually } from "../support/stack.js";

interface StoreOrder {
  id: string;
  lineItems: { id: string; sku: string | null; currentQuantity: number }[];
  refunds: { amount: string; note: string | null }[];
}

async function waitingEmberOrders(stack: Stack, emails: string[]): Promise<string[]> {
  const ember = await variantBySku(stack, "RDP-24-EMB");
  const rule = await api(stack, "POST", "/api/rules", {
    scope: { kind: "variant", variantId: ember },
    settings: { mode: "when_out_of_stock", etaSource: { kind: "supplier_feed" }, handlingDays: 1 },
  });
  expect(rule.status).toBe(201);
  const csv = `sku,eta,quantity\nRDP-24-EMB,${day(14)},20\n`;
  expect((await api(stack, "POST", "/api/etas/import", csv, "text/csv")).status).toBe(201);
  await stack.app.availabilitySync.idle();
  const lines: string[] = [];
  for (const email of emails) {
    const placed = await devStoreControl<{ id: string; lineItems: { id: string }[] }>(stack, "/orders", {
      lines: [{ variantId: ember, quantity: 2 }],
      customer: { email, firstName: email.split("@")[0] },
    });
    lines.push(placed.lineItems[0]!.id);
  }
  // Each waiting line has its promise (from the feed) and its customer's address.
  await eventually(async () => {
    const dry = await bulk(stack, lines, { kind: "send_delay_notice" });
    return dry.body.summary.changing === lines.length;
  }, 30_000);
  return lines;
}

interface Outcome {
  body: {
    dryRun: boolean;
    lines: {
      lineItemId: string;
      change: unknown;
      email: string | null;
      skipped: string | null;
      result: string | null;
    }[];
    summary: Record<string, number>;
  };
  status: number;
}

async function bulk(stack: Stack, lineItemIds: string[], action: unknown, dryRun = true) {
  return (await api(stack, "POST", "/api/backorders/lines/bulk", {
    lineItemIds,
    action,
    dryRun,
  })) as unknown as Outcome;
}

const pgAvailable = await postgresAvailable();

for (const kind of ["sqlite", "postgresql"] as const) {
  describe.skipIf(kind === "postgresql" && !pgAvailable)(`bulk actions for customers (${kind})`, () => {
    it("sends a delay notice once per date, after a dry run that names who gets it", async () => {
      const { stack, mailbox } = await start(kind);
      const lines = await waitingEmberOrders(stack, ["ada@example.com", "grace@example.com"]);

      const dry = await bulk(stack, lines, { kind: "send_delay_notice" });
      expect(dry.status).toBe(200);
      expect(dry.body.lines.map((l) => [l.change, l.email, l.skipped])).toEqual([
        [{ notice: "delay", units: 2 }, "ada@example.com", null],
        [{ notice: "delay", units: 2 }, "grace@example.com", null],
      ]);
      expect(dry.body.summary).toMatchObject({
        chosen: 2,
        changing: 2,
        orders: 2,
        units: 4,
        emails: 2,
        done: 0,
      });

      const run = await bulk(stack, lines, { kind: "send_delay_notice" }, false);
      expect(run.body.summary).toMatchObject({ done: 2, failed: 0 });
      const notice = await eventually(
        async () => mailbox.to("ada@example.com").find((m) => /a new shipping date/.test(m.subject)),
        30_000,
      );
      expect(notice.text).toContain("Manage my order");
      await eventually(
        async () => mailbox.to("grace@example.com").some((m) => /a new shipping date/.test(m.subject)),
        30_000,
      );
      const history = await api(stack, "GET", `/api/backorders/lines/${encodeURIComponent(lines[0]!)}`);
      expect(history.body.history).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            cause: expect.objectContaining({ kind: "staff" }),
            event: expect.objectContaining({ type: "note", note: "delay_notice_sent" }),
          }),
        ]),
      );

      // The same date is never told twice.
      const again = await bulk(stack, lines, { kind: "send_delay_notice" });
      expect(again.body.lines.map((l) => l.skipped)).toEqual(["already_notified", "already_notified"]);
      expect(again.body.summary).toMatchObject({ changing: 0, emails: 0 });
    }, 180_000);

    it("cancels the waiting units: refunded on Shopify, the customer told, the line no longer waits", async () => {
      const { stack, mailbox } = await start(kind);
      const [line] = await waitingEmberOrders(stack, ["ada@example.com"]);

      const dry = await bulk(stack, [line!], { kind: "cancel_waiting" });
      expect(dry.body.lines.map((l) => [l.change, l.email])).toEqual([[{ cancelled: 2 }, "ada@example.com"]]);
      expect(dry.body.summary).toMatchObject({ changing: 1, orders: 1, units: 2, emails: 1 });
      const detail = await api(stack, "GET", `/api/backorders/lines/${encodeURIComponent(line!)}`);
      expect(detail.body.line).toMatchObject({ quantity: 2, waiting: 2 });

      const run = await bulk(stack, [line!], { kind: "cancel_waiting" }, false);
      expect(run.body.summary).toMatchObject({ done: 1, failed: 0 });
      const after = await api(stack, "GET", `/api/backorders/lines/${encodeURIComponent(line!)}`);
      expect(after.body.line).toMatchObject({ quantity: 0, waiting: 0 });
      const { orders } = (await state(stack)) as unknown as { orders: StoreOrder[] };
      const order = orders.find((o) => o.lineItems.some((l) => l.id === line))!;
      expect(order.lineItems[0]).toMatchObject({ currentQuantity: 0 });
      expect(order.refunds).toEqual([
        expect.objectContaining({ note: expect.stringMatching(/merchant cancelled/) }),
      ]);
      const mail = await eventually(
        async () => mailbox.to("ada@example.com").find((m) => /cancel/i.test(m.subject)),
        30_000,
      );
      expect(mail.text).toMatch(/2/);

      // Nothing waits any more: a second cancel does nothing.
      const again = await bulk(stack, [line!], { kind: "cancel_waiting" });
      expect(again.body.lines[0]!.skipped).toBe("not_waiting");
    }, 180_000);

    it("answers a bad action with a 400 naming it", async () => {
      const { stack } = await start(kind);
      const res = await api(stack, "POST", "/api/backorders/lines/bulk", {
        lineItemIds: ["gid://shopify/LineItem/1"],
        action: { kind: "cancel_waiting", units: 3 },
      });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/action/);
    }, 60_000);
  });
}
