/**
 * The order's `$app.backorder` metafield over the dev store, on SQLite and (when reachable) PostgreSQL:
 * - a new backordered order costs one read and one write of the order (hold, tag and metafield together, the promise
 *   and the self-service link included), not a second write once its promise is made;
 * - the metafield's link (what the order-status and thank-you extensions show) opens the order's self-service page
 *   through the dev store's app proxy; a tampered token opens nothing.
 */
import { describe, expect, it } from "vitest";
import type { CallRecord } from "../../web/server/adapters/shopify/admin-client.js";
import { postgresAvailable } from "../support/db.js";
import { api, day, expectEventually, orderMetafield, start, variantBySku } from "../support/shopper.js";
import { devStoreControl } from "../support/stack.js";

const pgAvailable = await postgresAvailable();

for (const kind of ["sqlite", "postgresql"] as const) {
  describe.skipIf(kind === "postgresql" && !pgAvailable)(`the order metafield (${kind})`, () => {
    it("a new backordered order is read once and written once, with its promise and a signed self-service link", async () => {
      const calls: CallRecord[] = [];
      const { stack } = await start(kind, { onAdminCall: (c) => calls.push(c) });
      const pack = await variantBySku(stack, "RDP-24-EMB"); // 0 in stock, CONTINUE
      const rule = await api(stack, "POST", "/api/rules", {
        scope: { kind: "variant", variantId: pack },
        settings: { mode: "when_out_of_stock", etaSource: { kind: "supplier_feed" }, handlingDays: 1 },
      });
      expect(rule.status).toBe(201);
      const feed = `sku,eta,quantity\nRDP-24-EMB,${day(7)},5\n`;
      expect((await api(stack, "POST", "/api/etas/import", feed, "text/csv")).status).toBe(201);
      await stack.app.availabilitySync.idle();

      const from = calls.length;
      const placed = await devStoreControl<{ id: string; name: string }>(stack, "/orders", {
        lines: [{ variantId: pack, quantity: 2 }],
        customer: { email: "ada@example.com", firstName: "Ada" },
        noteAttributes: [{ name: "_waitwell_backorder_ack", value: new Date().toISOString() }],
      });
      const promised = { from: day(8), to: day(8), source: "supplier_feed" };
      await expectEventually(async () => (await orderMetafield(stack, placed.id)) ?? {}, {
        lines: [{ waiting: 2, eta: promised, promised }],
      });
      // Everything the order set off has run: webhooks, the writer, the availability sync, customer care.
      await stack.devStore.webhooksIdle();
      await stack.app.worker.drain();
      await stack.app.availabilitySync.idle();
      await stack.app.careJob.idle();
      const orderCalls = calls
        .slice(from)
        .map((c) => c.operation)
        .filter((op) => /Order|Backorder/.test(op));
      expect(orderCalls.filter((op) => op === "WaitwellSyncBackorder")).toHaveLength(1);
      expect(orderCalls.filter((op) => op === "WaitwellOrderForSync")).toHaveLength(1);

      // The link: the order's page through the app proxy, signed for this shop and order.
      const link = (await orderMetafield(stack, placed.id))!.manage!;
      expect(link.startsWith(`${stack.devStoreUrl}/apps/waitwell/orders?token=`)).toBe(true);
      const page = await fetch(link);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(placed.name);
      expect(html).toContain("2 waiting for stock");
      const tampered = await fetch(link.replace(/.{3}$/, (tail) => (tail === "abc" ? "xyz" : "abc")));
      expect(tampered.status).toBe(403);
      expect(await tampered.text()).not.toContain(placed.name);
    });
  });
}
