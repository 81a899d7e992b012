/**
 * What a customer can do on the self-service page, against the dev store, on SQLite and (when reachable) PostgreSQL:
 * - accept a new date: recorded as consent, and from then on it is the promise (the order's metafield, later notices);
 * - swap waiting units for a cheaper substitute: an order edit, and the price difference refunded (or kept, per the
 *   merchant's setting);
 * - swap for a dearer merchant pick: the customer pays what they paid (a line discount on the order edit);
 * and the wait incentive: after the merchant's number of days, a single-use code for that customer only.
 */
import { describe, expect, it } from "vitest";
import { postgresAvailable } from "../support/db.js";
import {
  api,
  day,
  expectEventually,
  orderMetafield,
  start,
  state,
  variantBySku,
  written,
  type Stack,
} from "../support/shopper.js";
import { devStoreControl, eventually } from "../support/stack.js";

interface StoreOrder {
  id: string;
  lineItems: {
    id: string;
    sku: string | null;
    currentQuantity: number;
    price: string;
    paidUnitPrice: string;
  }[];
  refunds: { amount: string; note: string | null; lines: unknown[] }[];
}

async function storeOrder(stack: Stack, orderId: string): Promise<StoreOrder> {
  const { orders } = (await state(stack)) as unknown as { orders: StoreOrder[] };
  return orders.find((o) => o.id === orderId)!;
}

/** Sets the rule and the supplier's batches for the Ember daypack (none in stock, sells on backorder). */
async function emberOnSupplierFeed(stack: Stack, batches: [eta: string, quantity: number][]) {
  const ember = await variantBySku(stack, "RDP-24-EMB");
  const rule = await api(stack, "POST", "/api/rules", {
    scope: { kind: "variant", variantId: ember },
    settings: { mode: "when_out_of_stock", etaSource: { kind: "supplier_feed" }, handlingDays: 1 },
  });
  expect(rule.status).toBe(201);
  await feed(stack, batches);
  return ember;
}

async function feed(stack: Stack, batches: [eta: string, quantity: number][]) {
  const csv = `sku,eta,quantity\n${batches.map(([eta, q]) => `RDP-24-EMB,${eta},${q}`).join("\n")}\n`;
  expect((await api(stack, "POST", "/api/etas/import", csv, "text/csv")).status).toBe(201);
  await stack.app.availabilitySync.idle();
}

async function order(stack: Stack, variantId: string, quantity: number, email: string) {
  return devStoreControl<{ id: string; lineItems: { id: string }[] }>(stack, "/orders", {
    lines: [{ variantId, quantity }],
    customer: { email, firstName: email.split("@")[0] },
    noteAttributes: [{ name: "_waitwell_backorder_ack", value: new Date().toISOString() }],
  });
}

/** The self-service page behind a message's "Manage my order" link, and its buttons as forms to post. */
async function selfService(stack: Stack, text: string) {
  const link = /Manage my order: (\S+)/.exec(text)![1]!;
  const html = await (await fetch(link)).text();
  const forms = [
    ...html.matchAll(
      /<form method="post" action="([^"]+)"><input type="hidden" name="action" value="(\w+)"><input type="hidden" name="line" value="([^"]+)"><input type="hidden" name="key" value="([^"]+)">(?:<input type="hidden" name="substitute" value="([^"]+)">)?<button type="submit">([^<]+)<\/button>/g,
    ),
  ].map(([, action, kind, line, key, substitute, label]) => ({
    action: action!.replace(/&#38;/g, "&"),
    kind: kind!,
    line: line!,
    key: key!,
    substitute: substitute ?? null,
    label: label!,
  }));
  const press = async (form: (typeof forms)[number]) => {
    const body = new URLSearchParams({ action: form.kind, line: form.line, key: form.key });
    if (form.substitute) body.set("substitute", form.substitute);
    const res = await fetch(`${stack.devStoreUrl}${form.action}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
    return { status: res.status, html: await res.text() };
  };
  return { html, forms, press };
}

const pgAvailable = await postgresAvailable();

for (const kind of ["sqlite", "postgresql"] as const) {
  describe.skipIf(kind === "postgresql" && !pgAvailable)(`self-service actions (${kind})`, () => {
    it("accepting a new date makes it the promise; a swap to a cheaper item refunds the difference", async () => {
      const { stack, mailbox } = await start(kind);
      const ember = await emberOnSupplierFeed(stack, [
        [day(7), 2],
        [day(21), 10],
      ]);
      const placed = await order(stack, ember, 2, "ada@example.com");
      const line = placed.lineItems[0]!.id;
      await eventually(async () => mailbox.to("ada@example.com")[0], 30_000); // the confirmation
      await feed(stack, [
        [day(14), 2],
        [day(21), 10],
      ]);
      const delay = await eventually(async () => mailbox.to("ada@example.com")[1], 30_000);
      expect(delay.subject).toMatch(/a new shipping date/);

      // Ada accepts the new date on the page her delay notice links to.
      const page = await selfService(stack, delay.text);
      const accept = page.forms.find((f) => f.kind === "accept_date")!;
      const accepted = await page.press(accept);
      expect(accepted.html).toContain("we noted that you accept the new date");
      const newDate = { from: day(15), to: day(15), source: "supplier_feed" };
      // The order-status page now holds the accepted date as the promise: nothing reads as "moved" any more.
      await expectEventually(async () => (await orderMetafield(stack, placed.id)) ?? {}, {
        lines: [{ lineItemId: line, waiting: 2, eta: newDate, promised: newDate }],
      });
      const detail = await api(stack, "GET", `/api/backorders/lines/${encodeURIComponent(line)}`);
      expect(detail.body.consents).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: "accepted_new_date",
            eta: { kind: "date", date: day(15), source: "supplier_feed" },
          }),
        ]),
      );
      const acceptedMail = await eventually(async () => mailbox.to("ada@example.com")[2], 30_000);
      expect(acceptedMail.text).toContain(written(day(15)));
      // The page no longer offers to accept: the promise and the date agree.
      const again = await selfService(stack, delay.text);
      expect(again.forms.some((f) => f.kind === "accept_date")).toBe(false);
      expect(again.html).not.toContain("promised:");

      // Then she swaps the two waiting Ember packs (94.00) for Slate ones in stock (89.00).
      const slate = again.forms.find((f) => f.kind === "swap" && /Slate/.test(f.label))!;
      expect(slate).toBeDefined();
      const swapped = await again.press(slate);
      expect(swapped.html).toContain("the waiting items are swapped for an item in stock");
      const after = await storeOrder(stack, placed.id);
      expect(after.lineItems).toEqual([
        expect.objectContaining({ sku: "RDP-24-EMB", currentQuantity: 0 }),
        expect.objectContaining({ sku: "RDP-24-SLT", currentQuantity: 2, paidUnitPrice: "89.00" }),
      ]);
      // The 2 × 5.00 difference goes back to her, as money only (no units).
      expect(after.refunds).toEqual([expect.objectContaining({ amount: "10.00", lines: [] })]);
      const swapMail = await eventually(async () => mailbox.to("ada@example.com")[3], 30_000);
      expect(swapMail.subject).toMatch(/swap confirmed/);
      expect(swapMail.text).toContain("The price difference, 10.00 USD, is refunded.");
      const history = await api(stack, "GET", `/api/backorders/lines/${encodeURIComponent(line)}`);
      expect(history.body.line).toMatchObject({ quantity: 0 });
    }, 180_000);

    it("a merchant who keeps the difference refunds nothing; a dearer pick costs the customer what they paid", async () => {
      const { stack, mailbox } = await start(kind);
      const ember = await emberOnSupplierFeed(stack, [[day(7), 5]]);
      const jacket = await variantBySku(stack, "SDJ-M"); // 229.00, in stock
      expect(
        (await api(stack, "PATCH", "/api/customer-care/settings", { swapPriceDifference: "keep" })).status,
      ).toBe(200);
      const picked = await api(stack, "PUT", `/api/variants/${encodeURIComponent(ember)}/substitutes`, {
        picks: [jacket],
      });
      expect(picked.status).toBeLessThan(300);
      await stack.app.availabilitySync.idle();

      const bobs = await order(stack, ember, 1, "bob@example.com");
      const cys = await order(stack, ember, 1, "cy@example.com");
      const bobMail = await eventually(async () => mailbox.to("bob@example.com")[0], 30_000);
      const cyMail = await eventually(async () => mailbox.to("cy@example.com")[0], 30_000);

      const bobPage = await selfService(stack, bobMail.text);
      await bobPage.press(bobPage.forms.find((f) => f.kind === "swap" && /Slate|Moss/.test(f.label))!);
      const bobOrder = await storeOrder(stack, bobs.id);
      expect(bobOrder.lineItems.find((l) => l.sku === "RDP-24-EMB")).toMatchObject({ currentQuantity: 0 });
      expect(bobOrder.refunds).toEqual([]); // "keep": the 5.00 stays with the merchant
      const bobSwap = await eventually(async () => mailbox.to("bob@example.com")[1], 30_000);
      expect(bobSwap.text).not.toContain("price difference");

      const cyPage = await selfService(stack, cyMail.text);
      const toJacket = cyPage.forms.find((f) => f.kind === "swap" && f.substitute === jacket)!;
      expect(toJacket).toBeDefined();
      await cyPage.press(toJacket);
      const cyOrder = await storeOrder(stack, cys.id);
      expect(cyOrder.lineItems.find((l) => l.sku === "SDJ-M")).toMatchObject({
        currentQuantity: 1,
        price: "229.00",
        paidUnitPrice: "94.00",
      });
      expect(cyOrder.refunds).toEqual([]);
    }, 180_000);

    it("the wait incentive: after the merchant's days, one single-use code for that customer, sent once", async () => {
      let offsetMs = 0;
      const { stack, mailbox } = await start(kind, { clock: { now: () => new Date(Date.now() + offsetMs) } });
      const ember = await emberOnSupplierFeed(stack, [[day(30), 5]]);
      expect(
        (
          await api(stack, "PATCH", "/api/customer-care/settings", {
            incentive: { enabled: true, afterDays: 7, percentage: 15 },
          })
        ).status,
      ).toBe(200);
      const placed = await order(stack, ember, 1, "dee@example.com");
      await eventually(async () => mailbox.to("dee@example.com")[0], 30_000);
      expect(await stack.app.care.runDeadlines(stack.shop)).toMatchObject({ incentives: 0 });

      offsetMs = 8 * 86_400_000;
      expect(await stack.app.care.runDeadlines(stack.shop)).toMatchObject({ incentives: 1 });
      expect(await stack.app.care.runDeadlines(stack.shop)).toMatchObject({ incentives: 0 }); // once per line
      const { discounts, orders } = (await state(stack)) as unknown as {
        discounts: { code: string; usageLimit: number; customerIds: string[] | null; value: unknown }[];
        orders: { id: string; customerId: string | null }[];
      };
      const customerId = orders.find((o) => o.id === placed.id)!.customerId;
      expect(discounts).toEqual([
        expect.objectContaining({
          usageLimit: 1,
          customerIds: [customerId],
          code: expect.stringMatching(/^WAIT-/),
        }),
      ]);
      await stack.app.careJob.idle();
      const mail = await eventually(async () => mailbox.to("dee@example.com")[1], 30_000);
      expect(mail.subject).toMatch(/thank you for waiting/);
      expect(mail.text).toContain(discounts[0]!.code);
    }, 180_000);
  });
}
