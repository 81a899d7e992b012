/**
 * The shopper's journey after checkout (issue 9's done-when, without the browser), over the dev store, on SQLite and
 * (when reachable) PostgreSQL, with a real SMTP server in the test process:
 * an order placed with the checkout acknowledgement waits on a supplier's date → the promise reaches the order's
 * `$app.backorder` metafield, the acknowledgement becomes a consent and a confirmation with the date reaches the
 * mailbox → a new supplier feed moves the date → a delay notice arrives at once, days before the old date → its link
 * opens the self-service page through the dev store's app proxy (signed, rendered in the theme) → cancelling there
 * refunds and restocks the waiting units on the dev store, once however often it is clicked, and the next customer
 * in the queue takes the freed place in the first batch.
 */
import { describe, expect, it } from "vitest";
import { postgresAvailable } from "../support/db.js";
import {
  api,
  day,
  expectEventually,
  firstLineQuantity,
  orderMetafield,
  recordDeadlineCancel,
  slippedOrder,
  start,
  state,
  variantBySku,
  written,
} from "../support/shopper.js";
import { devStoreControl, eventually } from "../support/stack.js";

const pgAvailable = await postgresAvailable();

for (const kind of ["sqlite", "postgresql"] as const) {
  describe.skipIf(kind === "postgresql" && !pgAvailable)(`the shopper after checkout (${kind})`, () => {
    it("ordered with the acknowledgement: confirmation, a supplier delay notice before the date, self-service cancel through the app proxy refunds and the next customer moves up", async () => {
      const { stack, mailbox } = await start(kind);
      const pack = await variantBySku(stack, "RDP-24-EMB"); // 0 in stock, CONTINUE
      const rule = await api(stack, "POST", "/api/rules", {
        scope: { kind: "variant", variantId: pack },
        settings: { mode: "when_out_of_stock", etaSource: { kind: "supplier_feed" }, handlingDays: 1 },
      });
      expect(rule.status).toBe(201);
      // Two batches: 2 units due in a week, 10 more in three weeks.
      const feed = `sku,eta,quantity\nRDP-24-EMB,${day(7)},2\nRDP-24-EMB,${day(21)},10\n`;
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
      const later = `sku,eta,quantity\nRDP-24-EMB,${day(14)},2\nRDP-24-EMB,${day(21)},10\n`;
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

      // Bob orders after Ada: his units ride the second batch.
      const bobs = await devStoreControl<{ id: string; lineItems: { id: string }[] }>(stack, "/orders", {
        lines: [{ variantId: pack, quantity: 2 }],
        customer: { email: "bob@example.com", firstName: "Bob" },
      });
      const bobEta = (d: number) => ({ from: day(d), to: day(d), source: "supplier_feed" });
      await expectEventually(async () => (await orderMetafield(stack, bobs.id)) ?? {}, {
        lines: [{ waiting: 2, eta: bobEta(22), promised: bobEta(22) }],
      });

      // The link in the delay notice opens the self-service page through the dev store's app proxy, in the theme.
      const link = /Manage my order: (\S+)/.exec(delay.text)![1]!;
      expect(link.startsWith(stack.devStoreUrl)).toBe(true);
      const pageRes = await fetch(link);
      expect(pageRes.status).toBe(200);
      const pageHtml = await pageRes.text();
      expect(pageHtml).toMatch(/<html/i); // rendered inside the shop's theme
      expect(pageHtml).toContain(`2 waiting for stock: Ships around ${written(day(15))}`);
      expect(pageHtml).toContain(`promised: Ships around ${written(day(8))}`);
      const cancelForm =
        /<form method="post" action="([^"]+)"><input type="hidden" name="action" value="cancel"><input type="hidden" name="line" value="([^"]+)"><input type="hidden" name="key" value="([^"]+)">/.exec(
          pageHtml,
        )!;
      const [, action, lineField, key] = cancelForm.map((v) => v.replace(/&#38;/g, "&")) as string[];
      const post = () =>
        fetch(`${stack.devStoreUrl}${action}`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ action: "cancel", line: lineField!, key: key! }).toString(),
        });
      const cancelled = await post();
      expect(cancelled.status).toBe(200);
      expect(await cancelled.text()).toContain("the waiting items are cancelled and refunded");
      // The same button twice: nothing more happens.
      const again = await post();
      expect(await again.text()).toContain("This was already done; nothing changed.");

      // On the dev store: the two waiting units are refunded and restocked.
      const order = (await state(stack)) as unknown as {
        orders: {
          id: string;
          financialStatus?: string;
          lineItems: { id: string; currentQuantity: number }[];
        }[];
      };
      const adas = order.orders.find((o) => o.id === placed.id)!;
      expect(adas.lineItems.find((l) => l.id === line.id)).toMatchObject({ currentQuantity: 0 });
      // Bob takes Ada's place in the first batch: his date moves up, and his order shows it.
      await expectEventually(async () => (await orderMetafield(stack, bobs.id)) ?? {}, {
        lines: [{ waiting: 2, eta: bobEta(15), promised: bobEta(22) }],
      });
      // Ada's line history says the customer did it; her confirmation is in her mailbox.
      const history = await api(stack, "GET", `/api/backorders/lines/${encodeURIComponent(line.id)}`);
      expect(history.body.line).toMatchObject({ status: "cancelled" });
      expect(history.body.history).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ cause: expect.objectContaining({ kind: "customer" }) }),
        ]),
      );
      const confirmation2 = await eventually(async () => mailbox.to("ada@example.com")[2], 30_000);
      expect(confirmation2.subject).toMatch(/cancellation confirmed/);
      expect(confirmation2.text).toMatch(/cancelled 2 waiting item\(s\) and refunded \d+\.\d{2} /);

      // A tampered link changes nothing and says so.
      const bad = await fetch(link.replace(/token=[^&]+/, "token=not-a-token"));
      expect(bad.status).toBe(403);
      expect(await bad.text()).toContain("This link is not valid");
    }, 180_000);

    it("the merchant edits a template, previews it, test-sends it and turns a message off", async () => {
      const { stack, mailbox } = await start(kind);
      const bad = await api(stack, "PATCH", "/api/customer-care/settings", { brandColor: "blue" });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toMatch(/brandColor/);
      const saved = await api(stack, "PATCH", "/api/customer-care/settings", {
        brandColor: "#aa3300",
        messages: { ready: false },
        law: { jurisdictions: ["EU", "UK"], mode: "automatic" },
      });
      expect(saved.body.settings).toMatchObject({
        brandColor: "#aa3300",
        messages: { ready: false, delay: true },
        law: { jurisdictions: ["EU", "UK"], mode: "automatic" },
      });

      const list = await api(stack, "GET", "/api/customer-care/templates");
      const templates = list.body.templates as {
        kind: string;
        locale: string;
        edited: boolean;
        enabled: boolean;
      }[];
      expect(templates).toHaveLength(8 * 4);
      expect(templates.find((t) => t.kind === "ready" && t.locale === "fr")).toMatchObject({
        enabled: false,
        edited: false,
      });

      const broken = await api(stack, "PUT", "/api/customer-care/templates/delay/fr", {
        subject: "x",
        body: "{% if %}",
      });
      expect(broken.status).toBe(400);
      const edited = await api(stack, "PUT", "/api/customer-care/templates/delay/fr", {
        subject: "Retard pour {{ order.name }}",
        body: "<p>Bonjour {{ customer.name }}, {% for line in lines %}{{ line.title }} : {{ line.eta }}{% endfor %}</p>",
      });
      expect(edited.status).toBe(200);
      const preview = await api(stack, "POST", "/api/customer-care/templates/delay/fr/preview", {});
      expect(preview.body.preview).toMatchObject({ subject: "Retard pour #1001" });
      expect((preview.body.preview as { html: string }).html).toContain("#aa3300");
      expect((preview.body.preview as { text: string }).text).toContain(
        "Trail pack 24 L : Expédition vers le 15 déc. 2026",
      );

      const sent = await api(stack, "POST", "/api/customer-care/templates/delay/fr/test", {
        to: "merchant@example.com",
      });
      expect(sent.status).toBe(202);
      const mail = await eventually(async () => mailbox.to("merchant@example.com")[0], 30_000);
      expect(mail.subject).toBe("Retard pour #1001");
      const messages = await api(stack, "GET", "/api/customer-care/messages?status=sent");
      expect(messages.body.messages).toEqual([
        expect.objectContaining({
          kind: "test",
          to: "merchant@example.com",
          status: "sent",
          providerAnswer: expect.stringMatching(/^250/),
        }),
      ]);

      expect((await api(stack, "DELETE", "/api/customer-care/templates/delay/fr")).status).toBe(204);
      const reset = await api(stack, "POST", "/api/customer-care/templates/delay/fr/preview", {});
      expect(reset.body.preview).toMatchObject({ subject: "Commande #1001 : nouvelle date d'expédition" });
    }, 120_000);

    it("US rules: at the deadline without consent the line goes on the to-do list (ask me), then is cancelled and refunded (automatic)", async () => {
      const { stack, mailbox, placed, line, now, moveTo } = await slippedOrder(kind, "cy@example.com");

      // Nothing is due before the cut-off (promised day 8 + 30 days).
      expect(await stack.app.care.runDeadlines(stack.shop)).toMatchObject({ cancelled: 0, toDo: 0 });
      moveTo(day(40));
      const asked = await stack.app.care.runDeadlines(stack.shop);
      expect(asked).toMatchObject({ cancelled: 0, toDo: 1 });
      const tasks = await api(stack, "GET", "/api/customer-care/tasks");
      expect(tasks.body.tasks).toEqual([
        expect.objectContaining({
          lineItemId: line.id,
          kind: "deadline_without_consent",
          detail: expect.objectContaining({ jurisdiction: "US" }),
        }),
      ]);
      expect(await stack.app.care.runDeadlines(stack.shop)).toMatchObject({ toDo: 0 }); // once per deadline

      // A process killed (kill -9) after it claimed the cancel and before the refund leaves the claim pending: the
      // next pass an hour later takes it over instead of skipping the line for good.
      const dueOn = (tasks.body.tasks as { dueOn: string }[])[0]!.dueOn;
      const claimed = { orderId: placed.id, lineItemId: line.id, key: `deadline:${line.id}:${dueOn}` };
      await recordDeadlineCancel(
        stack,
        { ...claimed, when: new Date(now().getTime() - 3_600_000) },
        "pending",
      );
      await api(stack, "PATCH", "/api/customer-care/settings", { law: { mode: "automatic" } });
      expect(await stack.app.care.runDeadlines(stack.shop)).toMatchObject({ cancelled: 1 });
      expect(await firstLineQuantity(stack, placed.id)).toBe(0);
      await stack.app.careJob.idle();
      const cancelled = await eventually(async () => mailbox.to("cy@example.com")[2], 30_000);
      expect(cancelled.subject).toMatch(/cancellation confirmed/);
      const detail = await api(stack, "GET", `/api/backorders/lines/${encodeURIComponent(line.id)}`);
      const notes = (detail.body.history as { event: { type: string; note?: string } }[]).map(
        (h) => h.event.note,
      );
      expect(notes).toEqual(
        expect.arrayContaining(["delay_notice_sent", "deadline_to_do", "deadline_cancelled"]),
      );
      expect(await stack.app.care.runDeadlines(stack.shop)).toMatchObject({ cancelled: 0, lines: 0 });
    }, 180_000);
  });
}
